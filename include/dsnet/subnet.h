/**
 * @file dsnet/subnet.h
 * @brief Splitting prefixes: counts, n-th subnet, index of a subnet, supernet,
 *        iteration; range to CIDR list, exclude, collapse.
 *
 * @defgroup subnet Subnet math
 * @{
 * Splitting a prefix /L into subnets of length N gives 2^(N-L) subnets;
 * subnet i is the parent's network address plus i * 2^(bits-N). Counts and
 * indexes are ::dsnet_u128 and exact to the last bit: `::/0` split into /128
 * has its last subnet at index 2^128 - 1.
 *
 * Functions producing lists write into a caller array with a capacity. When
 * the array is too small they fail with #DSNET_ENOBUFS and still report the
 * count needed through their count out-parameter; #DSNET_SUBNET_LIST_MAX
 * always suffices for dsnet_subnet_summarize() and dsnet_subnet_exclude().
 *
 * @code
 * dsnet_prefix cluster, node;
 * dsnet_u128 i;
 * dsnet_prefix_parse("10.244.0.0/16", 13, 0, &cluster, NULL);
 * dsnet_u128_from_u64(2, &i);
 * dsnet_subnet_nth(&cluster, 24, &i, &node, NULL);   // 10.244.2.0/24
 * @endcode
 */
#ifndef DSNET_SUBNET_H
#define DSNET_SUBNET_H

#include <stdbool.h>
#include <stddef.h>

#include "dsnet/addr.h"
#include "dsnet/error.h"
#include "dsnet/export.h"
#include "dsnet/prefix.h"
#include "dsnet/u128.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Capacity that always fits the output of dsnet_subnet_summarize() (at most 254 prefixes) and
 * dsnet_subnet_exclude() (at most 128). */
#define DSNET_SUBNET_LIST_MAX 256

/**
 * Number of subnets of length newlen in p: 2^(newlen - p->len).
 *
 * @param p      a valid prefix; must not be NULL.
 * @param newlen the subnet length, p->len..bits.
 * @param out    receives the count; must not be NULL.
 * @param err    error record or NULL.
 * @return #DSNET_OK; #DSNET_ENEWLEN when newlen is shorter than p or past the
 *         family's bits; #DSNET_EOVERFLOW when the count is 2^128 (`::/0`
 *         into /128; dsnet_u128_format_pow2() prints it); #DSNET_EINVAL for
 *         an invalid prefix.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_subnet_count(const dsnet_prefix *p, unsigned newlen, dsnet_u128 *out,
                                          dsnet_error *err);

/**
 * The subnet of length newlen at index i of p.
 *
 * @param p      a valid prefix; must not be NULL.
 * @param newlen the subnet length, p->len..bits.
 * @param i      the index, 0..count-1; must not be NULL.
 * @param out    receives the subnet; must not be NULL.
 * @param err    error record or NULL.
 * @return #DSNET_OK; #DSNET_ENEWLEN as dsnet_subnet_count(); #DSNET_ERANGE
 *         when i >= the count; #DSNET_EINVAL for an invalid prefix.
 *
 * Thread-safety: re-entrant; O(1).
 */
DSNET_API dsnet_status dsnet_subnet_nth(const dsnet_prefix *p, unsigned newlen, const dsnet_u128 *i,
                                        dsnet_prefix *out, dsnet_error *err);

/**
 * Index of subnet sub within parent (the inverse of dsnet_subnet_nth() with
 * newlen = sub->len).
 *
 * @param parent a valid prefix; must not be NULL.
 * @param sub    a valid prefix; must not be NULL.
 * @param out    receives the index; must not be NULL.
 * @param err    error record or NULL.
 * @return #DSNET_OK; #DSNET_EFAMILY for different families; #DSNET_ENEWLEN
 *         when sub is shorter than parent; #DSNET_ENOT_CONTAINED when sub is
 *         outside parent; #DSNET_EINVAL for an invalid prefix.
 *
 * Thread-safety: re-entrant; O(1).
 */
DSNET_API dsnet_status dsnet_subnet_index(const dsnet_prefix *parent, const dsnet_prefix *sub,
                                          dsnet_u128 *out, dsnet_error *err);

/**
 * The prefix of length newlen containing p.
 *
 * @param p      a valid prefix; must not be NULL.
 * @param newlen 0..p->len.
 * @param out    receives the supernet; may alias p.
 * @param err    error record or NULL.
 * @return #DSNET_OK; #DSNET_ENEWLEN when newlen > p->len; #DSNET_EINVAL for
 *         an invalid prefix.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_subnet_supernet(const dsnet_prefix *p, unsigned newlen,
                                             dsnet_prefix *out, dsnet_error *err);

/**
 * Allocation-free iterator over the subnets of a prefix, in address order.
 * Fields are private; initialise it with dsnet_subnet_iter_init().
 */
typedef struct dsnet_subnet_iter {
  dsnet_prefix next_;  /**< private: subnet returned next */
  dsnet_addr last_;    /**< private: network address of the last subnet */
  unsigned char done_; /**< private: set once the last subnet was returned */
} dsnet_subnet_iter;

/**
 * Start iterating over the subnets of length newlen of p, from index start.
 *
 * @param it     the iterator; must not be NULL.
 * @param p      a valid prefix; must not be NULL.
 * @param newlen the subnet length, p->len..bits.
 * @param start  first index, or NULL for 0.
 * @param err    error record or NULL.
 * @return #DSNET_OK; the errors of dsnet_subnet_nth() for newlen and start.
 *
 * Thread-safety: re-entrant; the iterator belongs to the caller.
 */
DSNET_API dsnet_status dsnet_subnet_iter_init(dsnet_subnet_iter *it, const dsnet_prefix *p,
                                              unsigned newlen, const dsnet_u128 *start,
                                              dsnet_error *err);

/**
 * Next subnet.
 *
 * @param it  an initialised iterator; must not be NULL.
 * @param out receives the subnet; must not be NULL.
 * @return true when out was written, false once the subnets are exhausted.
 *
 * Thread-safety: re-entrant; O(1).
 */
DSNET_API bool dsnet_subnet_iter_next(dsnet_subnet_iter *it, dsnet_prefix *out);

/**
 * The minimal list of prefixes covering exactly the addresses first..last
 * (inclusive), in address order.
 *
 * @param first the range ends, of one family; must not be NULL.
 * @param last the range ends, of one family; must not be NULL.
 * @param out    output array; may be NULL when cap is 0.
 * @param cap    capacity of out in prefixes.
 * @param n_out  receives the number of prefixes (also on #DSNET_ENOBUFS); must not be NULL.
 * @param err    error record or NULL.
 * @return #DSNET_OK; #DSNET_EFAMILY when the families differ;
 *         #DSNET_EBAD_RANGE when first > last; #DSNET_ENOBUFS when cap is too
 *         small (nothing useful in out); #DSNET_EINVAL for invalid addresses.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API dsnet_status dsnet_subnet_summarize(const dsnet_addr *first, const dsnet_addr *last,
                                              dsnet_prefix *out, size_t cap, size_t *n_out,
                                              dsnet_error *err);

/**
 * p minus x: the minimal list of prefixes covering the addresses of p that
 * are not in x, in address order. Empty when x contains p; p itself when
 * they do not overlap (or are of different families).
 *
 * @param p   valid prefixes; must not be NULL.
 * @param x   valid prefixes; must not be NULL.
 * @param out    output array; may be NULL when cap is 0.
 * @param cap    capacity of out in prefixes.
 * @param n_out  receives the number of prefixes (also on #DSNET_ENOBUFS); must not be NULL.
 * @param err    error record or NULL.
 * @return #DSNET_OK; #DSNET_ENOBUFS when cap is too small; #DSNET_EINVAL for
 *         invalid prefixes.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API dsnet_status dsnet_subnet_exclude(const dsnet_prefix *p, const dsnet_prefix *x,
                                            dsnet_prefix *out, size_t cap, size_t *n_out,
                                            dsnet_error *err);

/**
 * Collapse a list in place: sort it (dsnet_prefix_compare() order), drop
 * prefixes contained in others and merge adjacent siblings into their
 * supernet, repeatedly, giving the minimal list covering the same addresses
 * (per family; IPv4 first). The result never has more entries than the input.
 *
 * @param list   the prefixes; rewritten with the result. May be NULL when n is 0.
 * @param n      number of prefixes in list.
 * @param n_out  receives the number of prefixes in the result; must not be NULL.
 * @param err    error record or NULL.
 * @return #DSNET_OK, or #DSNET_EINVAL when an entry is not a valid prefix
 *         (offset = its index; list is then unchanged).
 *
 * Thread-safety: re-entrant; no allocation; O(n log n).
 */
DSNET_API dsnet_status dsnet_subnet_collapse(dsnet_prefix *list, size_t n, size_t *n_out,
                                             dsnet_error *err);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_SUBNET_H */
