/**
 * @file dsnet/dualstack.h
 * @brief Comma-separated lists of CIDRs or IPs as Kubernetes flags and fields
 *        carry them (`10.244.0.0/16,fc00::/48`): one entry per IP family, the
 *        first entry's family is the primary one.
 *
 * @defgroup dualstack Dual-stack lists
 * @{
 * Kubernetes carries dual-stack configuration as comma-separated lists:
 * `--cluster-cidr`, `--service-cluster-ip-range`, `--node-ip`, AKS Engine's
 * `clusterSubnet` and `serviceCidr`. The rules are the same everywhere:
 * - one or two entries; two entries must be of different families;
 * - order is kept: entry 0 is the primary family (Kubernetes accepts either
 *   family first);
 * - entries are not trimmed: `10.244.0.0/16, fc00::/48` is an error in
 *   Kubernetes and AKS Engine, and here (#DSNET_EWHITESPACE pointing at the
 *   space, with a message that says why);
 * - IPv4-mapped IPv6 entries (<tt>\::ffff:10.0.0.0/104</tt>) are refused with
 *   #DSNET_ELIST_MAPPED: Kubernetes counts them as IPv4 and then computes
 *   wrong podCIDRs for them.
 *
 * Each entry is parsed by dsnet_prefix_parse() or dsnet_addr_parse() with the
 * parse flags given (strict by default).
 *
 * @code
 * dsnet_dualstack_cidrs l;
 * dsnet_error err;
 * const char *flag = "10.244.0.0/16,fc00::/48";
 * if (dsnet_dualstack_parse_cidrs(flag, strlen(flag), DSNET_DUALSTACK_REQUIRE_DUAL, &l, &err)
 *     != DSNET_OK)
 *   fprintf(stderr, "%s\n", err.message);
 * // l.count == 2, l.cidr[0] is 10.244.0.0/16: IPv4 is the primary family
 * @endcode
 */
#ifndef DSNET_DUALSTACK_H
#define DSNET_DUALSTACK_H

#include <stddef.h>

#include "dsnet/addr.h"
#include "dsnet/error.h"
#include "dsnet/export.h"
#include "dsnet/prefix.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Buffer size that always fits a formatted list of two prefixes with its NUL. */
#define DSNET_DUALSTACK_STRLEN (2 * DSNET_PREFIX_STRLEN)

/** List flags, combined (bitwise OR) with the ::dsnet_parse_flags of the entries. */
typedef enum dsnet_dualstack_flags {
  /**
   * Trim white space around the whole list (not around entries) as Go's
   * strings.TrimSpace does, as kube-controller-manager does with
   * `--cluster-cidr` before splitting it: the ASCII spaces and every Unicode
   * White_Space code point (U+0085, U+00A0, U+2000-U+200A, U+3000, ...),
   * UTF-8 decoded; a byte that is not UTF-8 stops the trimming.
   */
  DSNET_DUALSTACK_TRIM = 1u << 8,
  /** A dual-stack pair is required: exactly one IPv4 and one IPv6 entry. */
  DSNET_DUALSTACK_REQUIRE_DUAL = 1u << 9
} dsnet_dualstack_flags;

/** A list of one or two CIDRs of different families, in the order given. */
typedef struct dsnet_dualstack_cidrs {
  dsnet_prefix cidr[2]; /**< the entries; cidr[0] is of the primary family */
  size_t count;         /**< 1 or 2 */
  size_t offset[2];     /**< byte offset of each entry in the parsed text */
} dsnet_dualstack_cidrs;

/** A list of one or two IP addresses of different families, in the order given. */
typedef struct dsnet_dualstack_ips {
  dsnet_addr ip[2]; /**< the entries; ip[0] is of the primary family */
  size_t count;     /**< 1 or 2 */
  size_t offset[2]; /**< byte offset of each entry in the parsed text */
} dsnet_dualstack_ips;

/**
 * Parse a comma-separated list of one or two CIDRs.
 *
 * @param s     the text, not necessarily NUL-terminated; may be NULL when len is 0.
 * @param len   its length in bytes.
 * @param flags ::dsnet_parse_flags for the entries, plus ::dsnet_dualstack_flags.
 * @param out   receives the list on success; must not be NULL.
 * @param err   error record or NULL; offset is into s.
 * @return #DSNET_OK; #DSNET_ELIST_EMPTY; any status of dsnet_prefix_parse()
 *         for an entry (whitespace after a comma is #DSNET_EWHITESPACE);
 *         #DSNET_ELIST_TOO_MANY (offset of the third entry);
 *         #DSNET_ELIST_MAPPED; #DSNET_ELIST_SAME_FAMILY (offset of the second
 *         entry); #DSNET_ELIST_NOT_DUAL with #DSNET_DUALSTACK_REQUIRE_DUAL.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API dsnet_status dsnet_dualstack_parse_cidrs(const char *s, size_t len, unsigned flags,
                                                   dsnet_dualstack_cidrs *out, dsnet_error *err);

/**
 * Parse a comma-separated list of one or two IP addresses (`--node-ip`,
 * `clusterIPs`, `podIPs`, a DNS service IP list).
 *
 * @param s     the text, not necessarily NUL-terminated; may be NULL when len is 0.
 * @param len   its length in bytes.
 * @param flags ::dsnet_parse_flags for the entries, plus ::dsnet_dualstack_flags.
 * @param out   receives the list on success; must not be NULL.
 * @param err   error record or NULL; offset is into s.
 * @return as dsnet_dualstack_parse_cidrs(), with the statuses of dsnet_addr_parse().
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API dsnet_status dsnet_dualstack_parse_ips(const char *s, size_t len, unsigned flags,
                                                 dsnet_dualstack_ips *out, dsnet_error *err);

/**
 * Check a CIDR list built by hand against the list rules: 1 or 2 valid
 * prefixes, no IPv4-mapped entry, different families, and with
 * #DSNET_DUALSTACK_REQUIRE_DUAL exactly one of each family. The messages
 * carry Kubernetes' wording for the same refusal.
 *
 * @param l     the list; must not be NULL.
 * @param flags 0 ("single or dual allowed") or #DSNET_DUALSTACK_REQUIRE_DUAL
 *              ("dual-stack required"); other bits are ignored.
 * @param err   error record or NULL.
 * @return #DSNET_OK, #DSNET_ELIST_EMPTY, #DSNET_ELIST_TOO_MANY, #DSNET_EINVAL
 *         (an invalid prefix value), #DSNET_ELIST_MAPPED,
 *         #DSNET_ELIST_SAME_FAMILY, #DSNET_ELIST_NOT_DUAL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_dualstack_validate_cidrs(const dsnet_dualstack_cidrs *l,
                                                      unsigned flags, dsnet_error *err);

/**
 * Check an IP list built by hand: as dsnet_dualstack_validate_cidrs().
 *
 * @param l     the list; must not be NULL.
 * @param flags 0 or #DSNET_DUALSTACK_REQUIRE_DUAL.
 * @param err   error record or NULL.
 * @return as dsnet_dualstack_validate_cidrs().
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_dualstack_validate_ips(const dsnet_dualstack_ips *l, unsigned flags,
                                                    dsnet_error *err);

/**
 * Index of the entry of a family in a CIDR list.
 *
 * @param l      the list; must not be NULL.
 * @param family ::DSNET_FAMILY_IPV4 or ::DSNET_FAMILY_IPV6.
 * @return 0 or 1, or -1 when the list has no entry of that family.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API int dsnet_dualstack_cidrs_find(const dsnet_dualstack_cidrs *l, unsigned family);

/**
 * Index of the entry of a family in an IP list.
 *
 * @param l      the list; must not be NULL.
 * @param family ::DSNET_FAMILY_IPV4 or ::DSNET_FAMILY_IPV6.
 * @return 0 or 1, or -1 when the list has no entry of that family.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API int dsnet_dualstack_ips_find(const dsnet_dualstack_ips *l, unsigned family);

/**
 * Canonical comma-separated text of a CIDR list, in its order
 * (`10.244.0.0/16,fc00::/48`), as a flag value.
 *
 * @param l   the list; must not be NULL.
 * @param buf output buffer; may be NULL when cap is 0.
 * @param cap capacity in bytes; #DSNET_DUALSTACK_STRLEN always fits.
 * @return the length without the NUL; when >= cap, buf gets "" (if cap > 0).
 *
 * Thread-safety: re-entrant.
 */
DSNET_API size_t dsnet_dualstack_format_cidrs(const dsnet_dualstack_cidrs *l, char *buf,
                                              size_t cap);

/**
 * Canonical comma-separated text of an IP list, in its order.
 *
 * @param l   the list; must not be NULL.
 * @param buf output buffer; may be NULL when cap is 0.
 * @param cap capacity in bytes; #DSNET_DUALSTACK_STRLEN always fits.
 * @return the length without the NUL; when >= cap, buf gets "" (if cap > 0).
 *
 * Thread-safety: re-entrant.
 */
DSNET_API size_t dsnet_dualstack_format_ips(const dsnet_dualstack_ips *l, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_DUALSTACK_H */
