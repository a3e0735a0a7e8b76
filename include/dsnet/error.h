/**
 * @file dsnet/error.h
 * @brief Status codes and the error record every fallible dsnet call fills.
 *
 * @defgroup error Errors
 * @{
 * Every fallible function returns a ::dsnet_status (#DSNET_OK is 0) and takes
 * a `dsnet_error *err` as its last parameter, which may be NULL. On failure
 * the record holds the code, the byte offset into the caller's input where
 * the problem is (parsers; 0 elsewhere) and a one-line message naming the
 * offending value. On success it is reset (#DSNET_OK, offset 0, empty
 * message). Out-parameters are written only on #DSNET_OK unless a function
 * documents otherwise.
 *
 * Status values are grouped per module (1xx address, 2xx prefix, 3xx
 * numbers, 4xx subnet math), pinned and append-only: a value never changes
 * meaning once released.
 *
 * @code
 * dsnet_error err;
 * dsnet_addr a;
 * if (dsnet_addr_parse("10.0.0.01", 9, 0, &a, &err) != DSNET_OK)
 *   fprintf(stderr, "%s at byte %zu (%s)\n", err.message, err.offset,
 *           dsnet_status_name(err.code));
 * @endcode
 */
#ifndef DSNET_ERROR_H
#define DSNET_ERROR_H

#include <stddef.h>

#include "dsnet/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Size of dsnet_error::message in bytes, including the terminating NUL. */
#define DSNET_ERROR_MESSAGE_MAX 256
/**
 * Longest quoted input in a message, in bytes of the original input: longer
 * values are cut and marked with "...". Non-printable bytes are shown as \\xNN.
 */
#define DSNET_ERROR_QUOTE_MAX 64

/** Result of every fallible dsnet function. */
typedef enum dsnet_status {
  /** Success. @since 0.1 */
  DSNET_OK = 0,

  /* --- generic (1-99) --- */
  /** An argument is invalid: a NULL pointer where one is required, an unknown flag, or a value type
     whose fields are out of their domain. @since 0.1 */
  DSNET_EINVAL = 1,
  /** The caller's output array is too small; the count needed is reported. @since 0.1 */
  DSNET_ENOBUFS = 2,
  /** An index or offset lies outside the valid range. @since 0.1 */
  DSNET_ERANGE = 3,
  /** An arithmetic result does not fit (address past the end of its family, 128-bit overflow).
     @since 0.1 */
  DSNET_EOVERFLOW = 4,
  /** Memory allocation failed (only functions with a documented malloc path). @since 0.1 */
  DSNET_ENOMEM = 5,
  /** The operands are of different address families, or of the wrong one. @since 0.1 */
  DSNET_EFAMILY = 6,

  /* --- address text (100-199) --- */
  /** The input is empty. @since 0.1 */
  DSNET_EEMPTY = 100,
  /** The input contains whitespace (leading, trailing or inside). @since 0.1 */
  DSNET_EWHITESPACE = 101,
  /** A byte that cannot appear at this position of an address. @since 0.1 */
  DSNET_EBADCHAR = 102,
  /** An IPv6 zone (`%eth0`) is present; zones are not addresses. @since 0.1 */
  DSNET_EZONE = 103,
  /** A complete address is followed by extra bytes. @since 0.1 */
  DSNET_ETRAILING = 104,
  /** An IPv4 part has a leading zero (`010`): ambiguous (octal or decimal). @since 0.1 */
  DSNET_EV4_LEADING_ZERO = 110,
  /** An IPv4 part is greater than 255. @since 0.1 */
  DSNET_EV4_PART_RANGE = 111,
  /** An IPv4 part is empty (`1..2.3`, `.1.2.3`, `1.2.3.`). @since 0.1 */
  DSNET_EV4_EMPTY_PART = 112,
  /** An IPv4 address has fewer than four parts. @since 0.1 */
  DSNET_EV4_TOO_FEW_PARTS = 113,
  /** An IPv4 address has more than four parts. @since 0.1 */
  DSNET_EV4_TOO_MANY_PARTS = 114,
  /** An IPv6 group has more than four hex digits (or exceeds ffff). @since 0.1 */
  DSNET_EV6_GROUP_TOO_LONG = 120,
  /** `::` appears more than once. @since 0.1 */
  DSNET_EV6_MULTIPLE_ELLIPSIS = 121,
  /** More than eight groups, or `::` standing for no group at all. @since 0.1 */
  DSNET_EV6_TOO_MANY_GROUPS = 122,
  /** Fewer than eight groups and no `::`. @since 0.1 */
  DSNET_EV6_TOO_FEW_GROUPS = 123,
  /** A lone colon at the start or end, or `:::`. @since 0.1 */
  DSNET_EV6_BAD_COLON = 124,
  /** An embedded dotted IPv4 part that is not in the last 32 bits. @since 0.1 */
  DSNET_EV6_EMBEDDED_V4 = 125,

  /* --- prefix text and values (200-299) --- */
  /** A prefix has no `/length`. @since 0.1 */
  DSNET_EPREFIX_NO_LENGTH = 200,
  /** The prefix length is empty (`10.0.0.0/`). @since 0.1 */
  DSNET_EPREFIX_LEN_EMPTY = 201,
  /** The prefix length has a sign (`/+8`, `/-8`). @since 0.1 */
  DSNET_EPREFIX_LEN_SIGN = 202,
  /** The prefix length has a leading zero (`/024`). @since 0.1 */
  DSNET_EPREFIX_LEN_LEADING_ZERO = 203,
  /** The prefix length contains a byte that is not a decimal digit. @since 0.1 */
  DSNET_EPREFIX_LEN_BADCHAR = 204,
  /** The prefix length exceeds the family's bits (32 or 128). @since 0.1 */
  DSNET_EPREFIX_LEN_RANGE = 205,
  /** Bits beyond the prefix length are set (`10.0.0.1/8`). @since 0.1 */
  DSNET_EPREFIX_HOST_BITS = 206,

  /* --- numbers (300-399) --- */
  /** A decimal number contains a byte that is not a digit. @since 0.1 */
  DSNET_ENUM_BADCHAR = 300,

  /* --- subnet math (400-499) --- */
  /** A new prefix length is out of range for the operation (shorter than the parent for a split,
     longer for a supernet, or past the family's bits). @since 0.1 */
  DSNET_ENEWLEN = 400,
  /** A prefix or address is not inside the prefix it must belong to. @since 0.1 */
  DSNET_ENOT_CONTAINED = 401,
  /** A range whose first address is after its last. @since 0.1 */
  DSNET_EBAD_RANGE = 402,

  /* --- dual-stack lists (500-599) --- */
  /** A list is empty: at least one entry is required. @since 0.1 */
  DSNET_ELIST_EMPTY = 500,
  /** A list has more than two entries (at most one per IP family). @since 0.1 */
  DSNET_ELIST_TOO_MANY = 501,
  /** A list has two entries of the same IP family. @since 0.1 */
  DSNET_ELIST_SAME_FAMILY = 502,
  /** A list entry is an IPv4-mapped IPv6 address or prefix, whose family is ambiguous. @since 0.1
   */
  DSNET_ELIST_MAPPED = 503,
  /** A dual-stack pair is required but the list has one family only. @since 0.1 */
  DSNET_ELIST_NOT_DUAL = 504,

  /* --- node IPAM (600-699) --- */
  /** A node mask is longer than its family's bits (IPv4 /33). @since 0.1 */
  DSNET_ENODE_MASK_RANGE = 600,
  /** A node mask is shorter than the cluster CIDR's prefix. @since 0.1 */
  DSNET_ENODE_MASK_SHORT = 601,
  /** An IPv6 node mask is more than 16 bits longer than the cluster CIDR's prefix. @since 0.1 */
  DSNET_ENODE_MASK_DIFF = 602,
  /** A combination of node mask flags that kube-controller-manager refuses. @since 0.1 */
  DSNET_EMASK_FLAGS = 603,
  /** The CIDR allocator has no free node CIDR left. @since 0.1 */
  DSNET_EFULL = 604,
  /** --max-pods is larger than the usable pod addresses of a node podCIDR. @since 0.1 */
  DSNET_EMAX_PODS = 605,
  /** A podCIDR's length is not the node mask. @since 0.1 */
  DSNET_ENODE_CIDR_LEN = 606,
  /** A node podCIDR has fewer than 2 host bits: no pod address can be allocated from it.
   *  @since 0.1 */
  DSNET_ENODE_TOO_SMALL = 607,
  /** Some node CIDRs of an IPv6 cluster CIDR fall inside <tt>\::ffff:0:0/96</tt> (a node mask of
   * /96 or longer on a cluster CIDR that contains it): Kubernetes takes them for IPv4.
   *  @since 0.1 */
  DSNET_ENODE_CIDR_MAPPED = 608,
  /** A CIDR set of 2^32 node CIDRs (IPv4 /0 into /32): Kubernetes' CIDR set compares indexes
   *  with its slot count cast to 32 bits (0), so every occupy and release fails. @since 0.1 */
  DSNET_ENODE_CIDR_COUNT = 609,

  /* --- services (700-799) --- */
  /** A Service is invalid: its field errors are in the result. @since 0.1 */
  DSNET_ESERVICE_INVALID = 700,
  /** A service range has more host bits than kube-apiserver allows (20 up to 1.33). @since 0.1 */
  DSNET_ESERVICE_RANGE_LARGE = 701,
  /** A primary service range has fewer than 8 addresses. @since 0.1 */
  DSNET_ESERVICE_RANGE_SMALL = 702,

  /* --- plans (800-899) --- */
  /** A cluster network plan has errors: see its findings. @since 0.1 */
  DSNET_EPLAN_INVALID = 800,

  /* --- config files (900-999, libdsnet_config) --- */
  /** A config file is not YAML or JSON. @since 0.1 */
  DSNET_ECONFIG_SYNTAX = 900,
  /** A config file passes a reader limit: size, depth, node count, or a YAML alias. @since 0.1 */
  DSNET_ECONFIG_LIMIT = 901,
  /** A config document of an apiVersion or kind dsnet does not read. @since 0.1 */
  DSNET_ECONFIG_KIND = 902,
  /** A config field has a value of the wrong type, or the values do not fit. @since 0.1 */
  DSNET_ECONFIG_INVALID = 903
} dsnet_status;

/** Detailed error: code, byte offset into the input, and a message. */
typedef struct dsnet_error {
  /** The status the function returned. */
  dsnet_status code;
  /** Byte offset into the caller's input of the first offending byte (0 when not a parse error). */
  size_t offset;
  /** One-line, NUL-terminated message naming the offending value. */
  char message[DSNET_ERROR_MESSAGE_MAX];
} dsnet_error;

/**
 * Short English description of a status code, e.g. "IPv4 part has a leading zero".
 *
 * @param code any value, known or not.
 * @return a static string; never NULL ("unknown error" for unknown codes).
 *
 * Thread-safety: safe to call from any thread.
 */
DSNET_API const char *dsnet_strerror(dsnet_status code);

/**
 * Stable snake_case name of a status code, e.g. "v4_leading_zero" for
 * #DSNET_EV4_LEADING_ZERO and "ok" for #DSNET_OK: the enum name without its
 * `DSNET_E` prefix, lower case. Used as the `code` of JSON output.
 *
 * @param code any value, known or not.
 * @return a static string; never NULL ("unknown" for unknown codes).
 *
 * Thread-safety: safe to call from any thread.
 */
DSNET_API const char *dsnet_status_name(dsnet_status code);

/**
 * Reset an error record to success (#DSNET_OK, offset 0, empty message).
 *
 * @param err the record; NULL is allowed and ignored.
 *
 * Thread-safety: safe on distinct records.
 */
DSNET_API void dsnet_error_clear(dsnet_error *err);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_ERROR_H */
