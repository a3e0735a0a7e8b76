/* dsnet u128 module: exact 128-bit unsigned arithmetic and decimal text.
 * Written on two uint64_t halves so that it is portable C11; the compilers
 * turn the carry logic into add/adc pairs. */
#include "dsnet/u128.h"

#include <string.h>

#include "bits.h"
#include "fail.h"
#include "outbuf.h"

void dsnet_u128_from_u64(uint64_t v, dsnet_u128 *out) {
  out->hi = 0;
  out->lo = v;
}

dsnet_status dsnet_u128_to_u64(const dsnet_u128 *v, uint64_t *out, dsnet_error *err) {
  if (v->hi != 0) {
    char d[DSNET_U128_STRLEN];
    dsnet_u128_format(v, d, sizeof d);
    return dsnet__fail(err, DSNET_ERANGE, 0, "%s does not fit in 64 bits", d);
  }
  *out = v->lo;
  return dsnet__ok(err);
}

int dsnet_u128_compare(const dsnet_u128 *a, const dsnet_u128 *b) {
  if (a->hi != b->hi)
    return a->hi < b->hi ? -1 : 1;
  if (a->lo != b->lo)
    return a->lo < b->lo ? -1 : 1;
  return 0;
}

dsnet_status dsnet_u128_add(const dsnet_u128 *a, const dsnet_u128 *b, dsnet_u128 *out,
                            dsnet_error *err) {
  uint64_t lo = a->lo + b->lo;
  uint64_t carry = lo < a->lo;
  uint64_t hi = a->hi + b->hi;
  int over = hi < a->hi;
  uint64_t hi2 = hi + carry;
  over |= hi2 < hi;
  if (over)
    return dsnet__fail(err, DSNET_EOVERFLOW, 0, "128-bit sum overflows");
  out->hi = hi2;
  out->lo = lo;
  return dsnet__ok(err);
}

dsnet_status dsnet_u128_sub(const dsnet_u128 *a, const dsnet_u128 *b, dsnet_u128 *out,
                            dsnet_error *err) {
  if (dsnet_u128_compare(a, b) < 0)
    return dsnet__fail(err, DSNET_EOVERFLOW, 0, "128-bit difference is negative");
  uint64_t lo = a->lo - b->lo;
  uint64_t borrow = a->lo < b->lo;
  out->hi = a->hi - b->hi - borrow;
  out->lo = lo;
  return dsnet__ok(err);
}

void dsnet_u128_shl(const dsnet_u128 *v, unsigned n, dsnet_u128 *out) {
  uint64_t hi = v->hi, lo = v->lo;
  dsnet__shl128(&hi, &lo, n);
  out->hi = hi;
  out->lo = lo;
}

void dsnet_u128_shr(const dsnet_u128 *v, unsigned n, dsnet_u128 *out) {
  uint64_t hi = v->hi, lo = v->lo;
  dsnet__shr128(&hi, &lo, n);
  out->hi = hi;
  out->lo = lo;
}

dsnet_status dsnet_u128_pow2(unsigned k, dsnet_u128 *out, dsnet_error *err) {
  if (k >= 128)
    return dsnet__fail(err, DSNET_EOVERFLOW, 0, "2^%u does not fit in 128 bits", k);
  dsnet_u128 one = {0, 1};
  dsnet_u128_shl(&one, k, out);
  return dsnet__ok(err);
}

/* Decimal digits of a number held in 32-bit limbs (most significant first),
 * by repeated division by 10^9: each step fits a 64-bit intermediate. The
 * digits are written backwards into the end of tmp; returns their count. */
static size_t limbs_to_decimal(uint32_t limb[5], size_t nlimb, char tmp[48]) {
  size_t n = 0;
  for (;;) {
    uint64_t rem = 0;
    int nonzero = 0;
    for (size_t i = 0; i < nlimb; i++) {
      uint64_t cur = (rem << 32) | limb[i];
      limb[i] = (uint32_t)(cur / 1000000000u);
      rem = cur % 1000000000u;
      nonzero |= limb[i] != 0;
    }
    for (int d = 0; d < 9; d++) {
      tmp[47 - n++] = (char)('0' + rem % 10);
      rem /= 10;
      if (!nonzero && rem == 0)
        break;
    }
    if (!nonzero)
      break;
  }
  return n;
}

size_t dsnet_u128_format(const dsnet_u128 *v, char *buf, size_t cap) {
  uint32_t limb[5] = {0, (uint32_t)(v->hi >> 32), (uint32_t)v->hi, (uint32_t)(v->lo >> 32),
                      (uint32_t)v->lo};
  char tmp[48];
  size_t n = limbs_to_decimal(limb, 5, tmp);
  return dsnet__emit(tmp + 48 - n, n, buf, cap);
}

size_t dsnet_u128_format_pow2(unsigned k, char *buf, size_t cap) {
  if (k > 128) {
    if (cap > 0)
      buf[0] = '\0';
    return 0;
  }
  /* 2^k in five 32-bit limbs: limb 0 holds bit 128. */
  uint32_t limb[5] = {0, 0, 0, 0, 0};
  limb[4 - k / 32] = (uint32_t)1 << (k % 32);
  char tmp[48];
  size_t n = limbs_to_decimal(limb, 5, tmp);
  return dsnet__emit(tmp + 48 - n, n, buf, cap);
}

dsnet_status dsnet_u128_parse(const char *s, size_t len, dsnet_u128 *out, dsnet_error *err) {
  /* floor((2^128 - 1) / 10) and (2^128 - 1) mod 10 */
  static const uint64_t qhi = 0x1999999999999999u, qlo = 0x9999999999999999u;
  char q[DSNET__QUOTE_CAP];
  if (len == 0)
    return dsnet__fail(err, DSNET_EEMPTY, 0, "empty number");
  uint64_t hi = 0, lo = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < '0' || c > '9')
      return dsnet__fail(err, DSNET_ENUM_BADCHAR, i, "%s is not a decimal number (byte %zu)",
                         dsnet__quote(q, s, len), i);
    unsigned d = c - '0';
    if (hi > qhi || (hi == qhi && (lo > qlo || (lo == qlo && d > 5))))
      return dsnet__fail(err, DSNET_EOVERFLOW, i, "%s exceeds 2^128-1", dsnet__quote(q, s, len));
    /* v = v * 10 + d, computed as (v << 3) + (v << 1) + d; cannot overflow here. */
    uint64_t h8 = (hi << 3) | (lo >> 61), l8 = lo << 3;
    uint64_t h2 = (hi << 1) | (lo >> 63), l2 = lo << 1;
    lo = l8 + l2;
    hi = h8 + h2 + (lo < l8);
    uint64_t lo2 = lo + d;
    hi += lo2 < lo;
    lo = lo2;
  }
  out->hi = hi;
  out->lo = lo;
  return dsnet__ok(err);
}
