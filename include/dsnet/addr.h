/**
 * @file dsnet/addr.h
 * @brief The IPv4/IPv6 address value type: parse, format, compare, classify, offsets.
 *
 * @defgroup addr Addresses
 * @{
 * A ::dsnet_addr is a family plus a 128-bit number: an IPv4 address is the
 * number 0..2^32-1, an IPv6 address 0..2^128-1. IPv4-mapped IPv6 addresses
 * (<tt>\::ffff:a.b.c.d</tt>) are IPv6 values, as in Go's netip; dsnet_addr_unmap()
 * turns them into IPv4.
 *
 * Parsing is strict by default: four decimal IPv4 parts 0-255 without
 * leading zeros; IPv6 per RFC 4291 section 2.2 with at most one `::` and an
 * optional trailing dotted IPv4; no zones, whitespace or trailing bytes.
 * Each rejection has its own status and the byte offset of the first
 * offending byte. #DSNET_PARSE_SLOPPY accepts Kubernetes' legacy grammar,
 * #DSNET_PARSE_GO_NET the grammar of Go 1.17-1.21's net package.
 *
 * Formatting is canonical (RFC 5952): lower case, no leading zeros, the
 * longest run of two or more zero groups compressed (the first on a tie),
 * IPv4-mapped addresses as <tt>\::ffff:a.b.c.d</tt>.
 *
 * @code
 * dsnet_addr a;
 * char buf[DSNET_ADDR_STRLEN];
 * if (dsnet_addr_parse("2001:DB8:0:0::1", 15, 0, &a, NULL) == DSNET_OK) {
 *   dsnet_addr_format(&a, buf, sizeof buf);   // "2001:db8::1"
 * }
 * @endcode
 */
#ifndef DSNET_ADDR_H
#define DSNET_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dsnet/error.h"
#include "dsnet/export.h"
#include "dsnet/u128.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Buffer size that always fits a formatted address (canonical or full) with its NUL. */
#define DSNET_ADDR_STRLEN 46

/** Address family. The values are the IP version numbers. */
typedef enum dsnet_family {
  DSNET_FAMILY_IPV4 = 4, /**< IPv4, 32 bits */
  DSNET_FAMILY_IPV6 = 6  /**< IPv6, 128 bits */
} dsnet_family;

/** Parse flags (bitwise OR); 0 is strict. */
typedef enum dsnet_parse_flags {
  /**
   * Kubernetes' legacy grammar (`ParseIPSloppy` / `ParseCIDRSloppy`, the Go
   * 1.16 parser): IPv4 parts may have leading zeros and are read as decimal
   * (`010.001.002.003` is 10.1.2.3), IPv6 groups may have more than four hex
   * digits when the extra ones are leading zeros, and prefix lengths may
   * have leading zeros (`/024`). Everything else stays strict.
   */
  DSNET_PARSE_SLOPPY = 1u << 0,
  /** Prefixes only: mask host bits instead of rejecting them (`10.1.2.3/8` is 10.0.0.0/8). */
  DSNET_PARSE_MASK_HOST = 1u << 1,
  /**
   * Go's `net.ParseIP` / `net.ParseCIDR` of Go 1.17 to 1.21, the parsers of
   * programs built with those releases (AKS Engine's last release, v0.77.0,
   * with Go 1.19): IPv4 parts are strict (Go 1.17 refuses leading zeros), but
   * prefix lengths may have leading zeros (`/08`: Go's dtoi) and IPv6 groups
   * may have more than four hex digits when the extra ones are leading zeros
   * (Go's xtoi only bounds the value by 0xFFFF). #DSNET_PARSE_SLOPPY is wider.
   */
  DSNET_PARSE_GO_NET = 1u << 2
} dsnet_parse_flags;

/** Classification bits returned by dsnet_addr_classify(). */
typedef enum dsnet_addr_class {
  DSNET_ADDR_UNSPECIFIED = 1u << 0,   /**< 0.0.0.0, :: */
  DSNET_ADDR_LOOPBACK = 1u << 1,      /**< 127.0.0.0/8, ::1 */
  DSNET_ADDR_PRIVATE = 1u << 2,       /**< RFC 1918: 10/8, 172.16/12, 192.168/16 */
  DSNET_ADDR_SHARED = 1u << 3,        /**< RFC 6598 shared address space 100.64.0.0/10 */
  DSNET_ADDR_LINK_LOCAL = 1u << 4,    /**< 169.254.0.0/16, fe80::/10 */
  DSNET_ADDR_ULA = 1u << 5,           /**< RFC 4193 unique local fc00::/7 */
  DSNET_ADDR_MULTICAST = 1u << 6,     /**< 224.0.0.0/4, ff00::/8 */
  DSNET_ADDR_DOCUMENTATION = 1u << 7, /**< 192.0.2/24, 198.51.100/24, 203.0.113/24 (RFC 5737);
                                         2001:db8::/32 (RFC 3849), 3fff::/20 (RFC 9637) */
  DSNET_ADDR_IPV4_MAPPED = 1u << 8    /**< \::ffff:0:0/96 */
} dsnet_addr_class;

/**
 * An IPv4 or IPv6 address. Plain value: copy it, compare it with
 * dsnet_addr_compare(), never with memcmp (padding).
 */
typedef struct dsnet_addr {
  uint64_t hi;    /**< upper 64 bits of the address (always 0 for IPv4) */
  uint64_t lo;    /**< lower 64 bits; an IPv4 address is the low 32 bits */
  uint8_t family; /**< ::DSNET_FAMILY_IPV4 or ::DSNET_FAMILY_IPV6 */
} dsnet_addr;

/**
 * Parse an IPv4 or IPv6 address.
 *
 * @param s     the text, not necessarily NUL-terminated; may be NULL when len is 0.
 * @param len   its length in bytes.
 * @param flags 0 (strict), #DSNET_PARSE_SLOPPY or #DSNET_PARSE_GO_NET; other bits are ignored.
 * @param out   receives the address on success; must not be NULL.
 * @param err   error record or NULL; offset is the first offending byte.
 * @return #DSNET_OK or one of: #DSNET_EEMPTY, #DSNET_EWHITESPACE,
 *         #DSNET_EBADCHAR, #DSNET_EZONE, #DSNET_ETRAILING,
 *         #DSNET_EV4_LEADING_ZERO, #DSNET_EV4_PART_RANGE,
 *         #DSNET_EV4_EMPTY_PART, #DSNET_EV4_TOO_FEW_PARTS,
 *         #DSNET_EV4_TOO_MANY_PARTS, #DSNET_EV6_GROUP_TOO_LONG,
 *         #DSNET_EV6_MULTIPLE_ELLIPSIS, #DSNET_EV6_TOO_MANY_GROUPS,
 *         #DSNET_EV6_TOO_FEW_GROUPS, #DSNET_EV6_BAD_COLON,
 *         #DSNET_EV6_EMBEDDED_V4.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API dsnet_status dsnet_addr_parse(const char *s, size_t len, unsigned flags, dsnet_addr *out,
                                        dsnet_error *err);

/**
 * Canonical text of an address: dotted decimal for IPv4, RFC 5952 for IPv6.
 *
 * @param a   the address; must not be NULL.
 * @param buf output buffer; may be NULL when cap is 0.
 * @param cap capacity in bytes; #DSNET_ADDR_STRLEN always fits.
 * @return the length of the text without its NUL. When that is >= cap the
 *         text does not fit and buf gets "" (if cap > 0), never a cut address.
 *         An address with an invalid family formats as "" and returns 0.
 *         When cap >= #DSNET_ADDR_STRLEN the text is written in place with
 *         word-sized stores, so bytes of buf after the NUL (up to
 *         #DSNET_ADDR_STRLEN) may change; with a smaller cap nothing past
 *         the NUL is written.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API size_t dsnet_addr_format(const dsnet_addr *a, char *buf, size_t cap);

/**
 * Full (exploded) text: IPv6 as eight 4-digit groups
 * (`2001:0db8:0000:0000:0000:0000:0000:0001`), IPv4 as dotted decimal.
 *
 * @param a as dsnet_addr_format().
 * @param buf as dsnet_addr_format().
 * @param cap as dsnet_addr_format().
 * @return as dsnet_addr_format().
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API size_t dsnet_addr_format_full(const dsnet_addr *a, char *buf, size_t cap);

/**
 * Total order: every IPv4 address sorts before every IPv6 address, then by value.
 *
 * @param a first operand; must not be NULL.
 * @param b second operand; must not be NULL.
 * @return negative, 0 or positive as a <, ==, > b. Both must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API int dsnet_addr_compare(const dsnet_addr *a, const dsnet_addr *b);

/**
 * Equality of family and value.
 *
 * @param a operand; must not be NULL.
 * @param b operand; must not be NULL.
 * @return true when a and b are the same address. Both must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API bool dsnet_addr_equal(const dsnet_addr *a, const dsnet_addr *b);

/**
 * Address from network-order bytes: 4 bytes give IPv4, 16 bytes IPv6.
 *
 * @param bytes the bytes; must not be NULL.
 * @param len   4 or 16.
 * @param out   receives the address; must not be NULL.
 * @param err   error record or NULL.
 * @return #DSNET_OK, or #DSNET_EINVAL for any other length.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_addr_from_bytes(const uint8_t *bytes, size_t len, dsnet_addr *out,
                                             dsnet_error *err);

/**
 * Network-order bytes of an address (4 for IPv4, 16 for IPv6).
 *
 * @param a   the address; must not be NULL.
 * @param buf output; may be NULL when cap is 0.
 * @param cap capacity of buf in bytes.
 * @return the number of bytes of the address (4 or 16); when it is > cap
 *         nothing is written. 0 for an address with an invalid family.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API size_t dsnet_addr_to_bytes(const dsnet_addr *a, uint8_t *buf, size_t cap);

/**
 * IPv4 address from a host-order 32-bit value (0x0a000001 is 10.0.0.1).
 *
 * @param v   the value.
 * @param out receives the address; must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API void dsnet_addr_from_ipv4(uint32_t v, dsnet_addr *out);

/**
 * Host-order 32-bit value of an IPv4 address.
 *
 * @param a   the address; must not be NULL.
 * @param out receives the value; must not be NULL.
 * @param err error record or NULL.
 * @return #DSNET_OK, or #DSNET_EFAMILY when a is not IPv4 (IPv4-mapped
 *         addresses included: unmap them first).
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_addr_to_ipv4(const dsnet_addr *a, uint32_t *out, dsnet_error *err);

/**
 * Whether a is an IPv4-mapped IPv6 address (<tt>\::ffff:0:0/96</tt>).
 *
 * @param a the address; must not be NULL.
 * @return true for IPv6 addresses in \::ffff:0:0/96.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API bool dsnet_addr_is_ipv4_mapped(const dsnet_addr *a);

/**
 * The IPv4 address inside an IPv4-mapped IPv6 address; any other address
 * is copied unchanged (as Go's netip Addr.Unmap).
 *
 * @param a   the address; must not be NULL.
 * @param out receives the result; may alias a.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API void dsnet_addr_unmap(const dsnet_addr *a, dsnet_addr *out);

/**
 * IPv4-mapped IPv6 form of an IPv4 address (`10.0.0.1` → <tt>\::ffff:10.0.0.1</tt>);
 * an IPv6 address is copied unchanged.
 *
 * @param a   the address; must not be NULL.
 * @param out receives the result; may alias a.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API void dsnet_addr_map(const dsnet_addr *a, dsnet_addr *out);

/**
 * Classify an address.
 *
 * IPv4-mapped addresses get only #DSNET_ADDR_IPV4_MAPPED: unmap them to
 * classify the IPv4 address inside.
 *
 * @param a the address; must not be NULL.
 * @return a bitwise OR of ::dsnet_addr_class bits (0 for a global unicast
 *         address outside every listed range).
 *
 * Thread-safety: re-entrant.
 */
DSNET_API unsigned dsnet_addr_classify(const dsnet_addr *a);

/**
 * a + off within a's family.
 *
 * @param a   the address; must not be NULL.
 * @param off the offset; must not be NULL.
 * @param out receives the sum; may alias a.
 * @param err error record or NULL.
 * @return #DSNET_OK, #DSNET_EOVERFLOW when the sum passes 255.255.255.255 or
 *         ffff:...:ffff, #DSNET_EINVAL for an invalid family.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_addr_add(const dsnet_addr *a, const dsnet_u128 *off, dsnet_addr *out,
                                      dsnet_error *err);

/**
 * a - off within a's family.
 *
 * @param a   the address; must not be NULL.
 * @param off the offset; must not be NULL.
 * @param out receives the difference; may alias a.
 * @param err error record or NULL.
 * @return #DSNET_OK, #DSNET_EOVERFLOW when the result would be below 0.0.0.0
 *         or ::, #DSNET_EINVAL for an invalid family.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_addr_sub(const dsnet_addr *a, const dsnet_u128 *off, dsnet_addr *out,
                                      dsnet_error *err);

/**
 * Distance b - a between two addresses of one family.
 *
 * @param a the addresses; must not be NULL.
 * @param b the addresses; must not be NULL.
 * @param out  receives b - a; must not be NULL.
 * @param err  error record or NULL.
 * @return #DSNET_OK, #DSNET_EFAMILY when the families differ,
 *         #DSNET_EOVERFLOW when b < a.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_addr_distance(const dsnet_addr *a, const dsnet_addr *b,
                                           dsnet_u128 *out, dsnet_error *err);

/**
 * Number of bits of an address family.
 *
 * @param family ::DSNET_FAMILY_IPV4 or ::DSNET_FAMILY_IPV6.
 * @return 32, 128, or 0 for any other value.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API unsigned dsnet_family_bits(unsigned family);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_ADDR_H */
