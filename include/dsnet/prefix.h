/**
 * @file dsnet/prefix.h
 * @brief The CIDR prefix value type: parse, format, mask, contains, overlaps, size.
 *
 * @defgroup prefix Prefixes
 * @{
 * A ::dsnet_prefix is an address plus a length. A valid prefix (every
 * prefix this library returns) has its host bits zero and a length within
 * its family (0..32, 0..128): see dsnet_prefix_is_valid().
 *
 * Parsing is strict by default: the address as dsnet_addr_parse() reads it,
 * `/`, a decimal length without sign or leading zeros within the family, and
 * no host bits. #DSNET_PARSE_SLOPPY, #DSNET_PARSE_GO_NET and #DSNET_PARSE_MASK_HOST widen it.
 *
 * @code
 * dsnet_prefix p;
 * dsnet_error err;
 * if (dsnet_prefix_parse("10.244.0.1/16", 13, 0, &p, &err) != DSNET_OK)
 *   puts(err.message);  // ... host bits set beyond /16 (did you mean 10.244.0.0/16?)
 * @endcode
 */
#ifndef DSNET_PREFIX_H
#define DSNET_PREFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dsnet/addr.h"
#include "dsnet/error.h"
#include "dsnet/export.h"
#include "dsnet/u128.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Buffer size that always fits a formatted prefix with its NUL. */
#define DSNET_PREFIX_STRLEN (DSNET_ADDR_STRLEN + 4)

/** A CIDR prefix: the network address and the prefix length. */
typedef struct dsnet_prefix {
  dsnet_addr addr; /**< network address (host bits zero in a valid prefix) */
  uint8_t len;     /**< prefix length in bits, 0..32 or 0..128 */
} dsnet_prefix;

/**
 * Parse a prefix in CIDR notation (`10.244.0.0/16`, `fc00::/48`).
 *
 * @param s     the text, not necessarily NUL-terminated; may be NULL when len is 0.
 * @param len   its length in bytes.
 * @param flags 0 (strict), or #DSNET_PARSE_SLOPPY or #DSNET_PARSE_GO_NET, and/or
 *              #DSNET_PARSE_MASK_HOST.
 * @param out   receives the prefix on success; must not be NULL.
 * @param err   error record or NULL; offset is the first offending byte
 *              (for host bits: the IPv4 part or IPv6 group holding the first one).
 * @return #DSNET_OK; any status of dsnet_addr_parse() for the address part;
 *         #DSNET_EPREFIX_NO_LENGTH, #DSNET_EPREFIX_LEN_EMPTY,
 *         #DSNET_EPREFIX_LEN_SIGN, #DSNET_EPREFIX_LEN_LEADING_ZERO,
 *         #DSNET_EPREFIX_LEN_BADCHAR, #DSNET_EPREFIX_LEN_RANGE,
 *         #DSNET_EWHITESPACE, #DSNET_EPREFIX_HOST_BITS.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API dsnet_status dsnet_prefix_parse(const char *s, size_t len, unsigned flags,
                                          dsnet_prefix *out, dsnet_error *err);

/**
 * Canonical text `address/length` (address as dsnet_addr_format()).
 *
 * @param p   the prefix; must not be NULL.
 * @param buf output buffer; may be NULL when cap is 0.
 * @param cap capacity in bytes; #DSNET_PREFIX_STRLEN always fits.
 * @return the length of the text without its NUL; when >= cap, buf gets ""
 *         (if cap > 0). An invalid prefix formats as "" and returns 0.
 *         When cap >= #DSNET_PREFIX_STRLEN, bytes of buf after the NUL (up to
 *         #DSNET_PREFIX_STRLEN) may change, as for dsnet_addr_format().
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API size_t dsnet_prefix_format(const dsnet_prefix *p, char *buf, size_t cap);

/**
 * Build a prefix from an address and a length.
 *
 * @param a     the address; must not be NULL.
 * @param len   the prefix length.
 * @param flags 0, or #DSNET_PARSE_MASK_HOST to clear host bits instead of failing.
 * @param out   receives the prefix; must not be NULL.
 * @param err   error record or NULL.
 * @return #DSNET_OK; #DSNET_EINVAL for an invalid address;
 *         #DSNET_EPREFIX_LEN_RANGE when len exceeds the family's bits;
 *         #DSNET_EPREFIX_HOST_BITS when host bits are set and not masked.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_prefix_from_addr(const dsnet_addr *a, unsigned len, unsigned flags,
                                              dsnet_prefix *out, dsnet_error *err);

/**
 * The canonical form of a prefix built by hand: host bits cleared.
 *
 * @param p   the prefix; must not be NULL.
 * @param out receives the masked prefix; may alias p.
 * @param err error record or NULL.
 * @return #DSNET_OK, #DSNET_EINVAL for an invalid family,
 *         #DSNET_EPREFIX_LEN_RANGE for a length past the family's bits.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_prefix_masked(const dsnet_prefix *p, dsnet_prefix *out,
                                           dsnet_error *err);

/**
 * Whether p is valid: known family, length within it, host bits zero.
 *
 * @param p the prefix; must not be NULL.
 * @return true when valid.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API bool dsnet_prefix_is_valid(const dsnet_prefix *p);

/**
 * First address (the network address) of a prefix.
 *
 * @param p   a valid prefix; must not be NULL.
 * @param out receives the address; must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API void dsnet_prefix_first(const dsnet_prefix *p, dsnet_addr *out);

/**
 * Last address of a prefix (the IPv4 broadcast address, or all host bits set).
 *
 * @param p   a valid prefix; must not be NULL.
 * @param out receives the address; must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API void dsnet_prefix_last(const dsnet_prefix *p, dsnet_addr *out);

/**
 * Number of host bits: 32 or 128 minus the length. The size is 2^host_bits.
 *
 * @param p a valid prefix; must not be NULL.
 * @return 0..128 (0 for an invalid family).
 *
 * Thread-safety: re-entrant.
 */
DSNET_API unsigned dsnet_prefix_host_bits(const dsnet_prefix *p);

/**
 * Number of addresses in a prefix, exactly.
 *
 * @param p   a valid prefix; must not be NULL.
 * @param out receives 2^host_bits; must not be NULL.
 * @param err error record or NULL.
 * @return #DSNET_OK; #DSNET_EOVERFLOW for `::/0`, whose 2^128 addresses do
 *         not fit (use dsnet_prefix_host_bits() and dsnet_u128_format_pow2());
 *         #DSNET_EINVAL for an invalid prefix.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_prefix_size(const dsnet_prefix *p, dsnet_u128 *out, dsnet_error *err);

/**
 * Whether address a lies in prefix p. Different families never match
 * (an IPv4-mapped address is not in an IPv4 prefix).
 *
 * @param p a prefix; must not be NULL.
 * @param a operand; must not be NULL.
 * @return true when a is in p. Both must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API bool dsnet_prefix_contains_addr(const dsnet_prefix *p, const dsnet_addr *a);

/**
 * Whether prefix q lies entirely in prefix p (q is p or one of its subnets).
 *
 * @param p a prefix; must not be NULL.
 * @param q a prefix; must not be NULL.
 * @return true when q is a subset of p. Both must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API bool dsnet_prefix_contains(const dsnet_prefix *p, const dsnet_prefix *q);

/**
 * Whether two prefixes share at least one address (one contains the other).
 *
 * @param p a prefix; must not be NULL.
 * @param q a prefix; must not be NULL.
 * @return true when they overlap. Both must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API bool dsnet_prefix_overlaps(const dsnet_prefix *p, const dsnet_prefix *q);

/**
 * Total order of prefixes: family (IPv4 first), then network address, then
 * length (shorter first), as Python's ipaddress orders networks.
 *
 * @param p a prefix; must not be NULL.
 * @param q a prefix; must not be NULL.
 * @return negative, 0 or positive. Both must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API int dsnet_prefix_compare(const dsnet_prefix *p, const dsnet_prefix *q);

/**
 * Equality of family, address and length.
 *
 * @param p a prefix; must not be NULL.
 * @param q a prefix; must not be NULL.
 * @return true when equal. Both must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API bool dsnet_prefix_equal(const dsnet_prefix *p, const dsnet_prefix *q);

/**
 * The address at offset i of a prefix (i = 0 is the network address).
 *
 * @param p   a valid prefix; must not be NULL.
 * @param i   the offset; must not be NULL.
 * @param out receives the address; must not be NULL.
 * @param err error record or NULL.
 * @return #DSNET_OK, #DSNET_ERANGE when i >= the prefix size,
 *         #DSNET_EINVAL for an invalid prefix.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_prefix_nth(const dsnet_prefix *p, const dsnet_u128 *i, dsnet_addr *out,
                                        dsnet_error *err);

/**
 * Offset of address a within prefix p (the inverse of dsnet_prefix_nth()).
 *
 * @param p   a valid prefix; must not be NULL.
 * @param a   the address; must not be NULL.
 * @param out receives a - network address; must not be NULL.
 * @param err error record or NULL.
 * @return #DSNET_OK, #DSNET_EFAMILY for an address of the other family,
 *         #DSNET_ENOT_CONTAINED when a is outside p, #DSNET_EINVAL for an
 *         invalid prefix.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_prefix_offset_of(const dsnet_prefix *p, const dsnet_addr *a,
                                              dsnet_u128 *out, dsnet_error *err);

/** One result of dsnet_prefix_parse_many(). */
typedef struct dsnet_parse_item {
  dsnet_prefix value;  /**< the prefix; an address has the family's full length */
  dsnet_status status; /**< #DSNET_OK or why the item was refused */
  size_t offset;       /**< byte offset of the error within the item */
  uint8_t is_prefix;   /**< 1 for a prefix (the item has a '/'), 0 for an address */
} dsnet_parse_item;

/**
 * Parse many items at once: addresses, or prefixes when they contain '/'
 * (the bulk form for bindings: one call for a whole list).
 *
 * @param buf   the items, back to back; may be NULL when n is 0.
 * @param ends  ends[i] is the end offset of item i in buf (item i starts at
 *              ends[i-1], item 0 at 0); non-decreasing.
 * @param n     number of items.
 * @param flags ::dsnet_parse_flags.
 * @param out   receives one result per item; must not be NULL when n > 0.
 * @param err   error record or NULL (only for #DSNET_EINVAL).
 * @return #DSNET_OK (each item has its own status); #DSNET_EINVAL when ends
 *         decrease.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API dsnet_status dsnet_prefix_parse_many(const char *buf, const size_t *ends, size_t n,
                                               unsigned flags, dsnet_parse_item *out,
                                               dsnet_error *err);

/**
 * Format many prefixes into one buffer, each followed by `sep`.
 *
 * @param p   the prefixes; may be NULL when n is 0.
 * @param n   their number.
 * @param sep the separator written after each one (e.g. '\n').
 * @param buf output buffer; may be NULL when cap is 0.
 * @param cap its capacity; n * #DSNET_PREFIX_STRLEN always fits.
 * @return the length of the text without its NUL; when >= cap, buf gets ""
 *         (if cap > 0).
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API size_t dsnet_prefix_format_many(const dsnet_prefix *p, size_t n, char sep, char *buf,
                                          size_t cap);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_PREFIX_H */
