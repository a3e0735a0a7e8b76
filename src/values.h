/*
 * Helpers on address and prefix values (family widths, masks, host-bit
 * tests, the n-th subnet), shared by addr, prefix, subnet, nodeipam and
 * the text layer. Private.
 */
#ifndef DSNET_VALUES_H
#define DSNET_VALUES_H

#include <stdint.h>

#include "bits.h"
#include "dsnet/addr.h"
#include "dsnet/prefix.h"

/* True when a has a known family and, for IPv4, no bits above bit 31. */
static inline int dsnet__addr_valid(const dsnet_addr *a) {
  return a->family == DSNET_FAMILY_IPV6 ||
         (a->family == DSNET_FAMILY_IPV4 && a->hi == 0 && (a->lo >> 32) == 0);
}

/* Number of address bits of a valid family (32 or 128). */
static inline unsigned dsnet__bits(unsigned family) {
  return family == DSNET_FAMILY_IPV4 ? 32u : 128u;
}

/* The 128-bit value with the top `len` bits of a `bits`-wide family set,
 * aligned as addresses are stored (IPv4 in the low 32 bits). len <= bits. */
static inline void dsnet__mask(unsigned family, unsigned len, uint64_t *hi, uint64_t *lo) {
  unsigned host = dsnet__bits(family) - len; /* host bits, 0..128 */
  uint64_t hh, hl;                           /* host mask */
  if (host == 0) {
    hh = hl = 0;
  } else if (host < 64) {
    hh = 0;
    hl = (UINT64_C(1) << host) - 1;
  } else if (host < 128) {
    hh = host == 64 ? 0 : (UINT64_C(1) << (host - 64)) - 1;
    hl = ~UINT64_C(0);
  } else {
    hh = hl = ~UINT64_C(0);
  }
  if (family == DSNET_FAMILY_IPV4) { /* only the low 32 bits exist */
    *hi = 0;
    *lo = ~hl & UINT64_C(0xffffffff);
  } else {
    *hi = ~hh;
    *lo = ~hl;
  }
}

/* No bit of a valid address a is set past the first len (len <= its
 * family's width), without a branch on len. */
static inline int dsnet__host_bits_zero(const dsnet_addr *a, unsigned len) {
  if (a->family == DSNET_FAMILY_IPV4)
    return (a->lo & (UINT64_C(0xffffffff) >> (len & 63))) == 0;
  unsigned h = (128 - len) & 255; /* host bits, 0..128 */
  uint64_t hl = h >= 64 ? ~UINT64_C(0) : ~(~UINT64_C(0) << (h & 63));
  uint64_t hh = h > 64 ? ~UINT64_C(0) >> ((128 - h) & 63) : 0;
  return ((a->hi & hh) | (a->lo & hl)) == 0;
}

/* dsnet_prefix_is_valid(), inline for the hot paths: known family, length
 * within it, host bits zero, and nothing above bit 31 for IPv4. */
static inline int dsnet__prefix_valid(const dsnet_prefix *p) {
  if (p->addr.family == DSNET_FAMILY_IPV4) {
    uint64_t host = p->len >= 32 ? 0 : (UINT64_C(0xffffffff) >> p->len);
    return p->len <= 32 && p->addr.hi == 0 && (p->addr.lo >> 32) == 0 && (p->addr.lo & host) == 0;
  }
  if (p->addr.family != DSNET_FAMILY_IPV6 || p->len > 128)
    return 0;
  unsigned h = 128u - p->len;
  uint64_t hh = h > 64 ? (h >= 128 ? ~UINT64_C(0) : (UINT64_C(1) << (h - 64)) - 1) : 0;
  uint64_t hl = h >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << h) - 1;
  return (p->addr.hi & hh) == 0 && (p->addr.lo & hl) == 0;
}

/* Subnet `index` (hi:lo, already checked to be below 2^(newlen - len)) of a
 * valid prefix p: p's address OR index << (bits - newlen). */
static inline void dsnet__nth(const dsnet_prefix *p, unsigned newlen, uint64_t ihi, uint64_t ilo,
                              dsnet_prefix *out) {
  uint64_t hi = ihi, lo = ilo;
  dsnet__shl128(&hi, &lo, dsnet__bits(p->addr.family) - newlen); /* index bits start there */
  out->addr.family = p->addr.family;
  out->addr.hi = p->addr.hi | hi;
  out->addr.lo = p->addr.lo | lo;
  out->len = (uint8_t)newlen;
}

#endif /* DSNET_VALUES_H */
