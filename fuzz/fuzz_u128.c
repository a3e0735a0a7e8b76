/* u128: decimal round trip, and arithmetic against an independent 128-bit
 * oracle: the compiler's unsigned __int128 where it has one, else (i686 and
 * other 32-bit targets) four 32-bit limbs with schoolbook carries. Also
 * parses the tail of the input as text. */
#include "fuzz.h"

#if defined(__SIZEOF_INT128__) &&                                                                  \
    !defined(FUZZ_U128_LIMBS) /* (-DFUZZ_U128_LIMBS tests the limbs) */
__extension__ typedef unsigned __int128 native;
static native nat(uint64_t hi, uint64_t lo) {
  return ((native)hi << 64) | lo;
}
static int n_eq(native a, native b) {
  return a == b;
}
static int n_lt(native a, native b) {
  return a < b;
}
static native n_add(native a, native b) {
  return a + b;
}
static native n_sub(native a, native b) {
  return a - b;
}
static native n_shl(native a, unsigned s) {
  return s >= 128 ? 0 : a << s;
}
static native n_shr(native a, unsigned s) {
  return s >= 128 ? 0 : a >> s;
}
static native n_mul10_add(native a, unsigned d) {
  return a * 10 + d;
}
#else
typedef struct native {
  uint32_t w[4]; /* w[0] least significant */
} native;
static native nat(uint64_t hi, uint64_t lo) {
  native r = {{(uint32_t)lo, (uint32_t)(lo >> 32), (uint32_t)hi, (uint32_t)(hi >> 32)}};
  return r;
}
static int n_eq(native a, native b) {
  return memcmp(a.w, b.w, sizeof a.w) == 0;
}
static int n_lt(native a, native b) {
  for (int i = 3; i >= 0; i--)
    if (a.w[i] != b.w[i])
      return a.w[i] < b.w[i];
  return 0;
}
static native n_add(native a, native b) {
  uint64_t carry = 0;
  for (int i = 0; i < 4; i++) {
    carry += (uint64_t)a.w[i] + b.w[i];
    a.w[i] = (uint32_t)carry;
    carry >>= 32;
  }
  return a;
}
static native n_sub(native a, native b) {
  uint32_t borrow = 0;
  for (int i = 0; i < 4; i++) {
    uint64_t d = (uint64_t)a.w[i] - b.w[i] - borrow;
    a.w[i] = (uint32_t)d;
    borrow = (uint32_t)(d >> 63);
  }
  return a;
}
static native n_shl(native a, unsigned s) {
  native r = {{0, 0, 0, 0}};
  for (unsigned bit = 0; bit + s < 128 && s < 128; bit++)
    if (a.w[bit / 32] >> (bit % 32) & 1u)
      r.w[(bit + s) / 32] |= 1u << ((bit + s) % 32);
  return r;
}
static native n_shr(native a, unsigned s) {
  native r = {{0, 0, 0, 0}};
  for (unsigned bit = s; bit < 128; bit++)
    if (a.w[bit / 32] >> (bit % 32) & 1u)
      r.w[(bit - s) / 32] |= 1u << ((bit - s) % 32);
  return r;
}
static native n_mul10_add(native a, unsigned d) {
  uint64_t carry = d;
  for (int i = 0; i < 4; i++) {
    carry += (uint64_t)a.w[i] * 10;
    a.w[i] = (uint32_t)carry;
    carry >>= 32;
  }
  return a;
}
#endif

static native N(const dsnet_u128 *v) {
  return nat(v->hi, v->lo);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_in in = {data, size};
  dsnet_u128 a = {fuzz_u64(&in), fuzz_u64(&in)}, b = {fuzz_u64(&in), fuzz_u64(&in)}, r;
  unsigned sh = fuzz_u8(&in);
  char t[DSNET_U128_STRLEN];
  size_t n = dsnet_u128_format(&a, t, sizeof t);
  FUZZ_CHECK(n > 0 && n < sizeof t);
  FUZZ_CHECK(dsnet_u128_parse(t, n, &r, NULL) == DSNET_OK && n_eq(N(&r), N(&a)));
  FUZZ_CHECK(n == 1 || t[0] != '0');
  native x = N(&a), y = N(&b);
  int c = dsnet_u128_compare(&a, &b);
  FUZZ_CHECK((c < 0) == n_lt(x, y) && (c == 0) == n_eq(x, y));
  dsnet_status st = dsnet_u128_add(&a, &b, &r, NULL);
  FUZZ_CHECK((st == DSNET_OK) == !n_lt(n_add(x, y), x));
  if (st == DSNET_OK)
    FUZZ_CHECK(n_eq(N(&r), n_add(x, y)));
  st = dsnet_u128_sub(&a, &b, &r, NULL);
  FUZZ_CHECK((st == DSNET_OK) == !n_lt(x, y));
  if (st == DSNET_OK)
    FUZZ_CHECK(n_eq(N(&r), n_sub(x, y)));
  dsnet_u128_shl(&a, sh, &r);
  FUZZ_CHECK(n_eq(N(&r), n_shl(x, sh)));
  dsnet_u128_shr(&a, sh, &r);
  FUZZ_CHECK(n_eq(N(&r), n_shr(x, sh)));
  if (sh <= 128) {
    n = dsnet_u128_format_pow2(sh, t, sizeof t);
    FUZZ_CHECK(n > 0);
    if (sh < 128)
      FUZZ_CHECK(dsnet_u128_parse(t, n, &r, NULL) == DSNET_OK && n_eq(N(&r), n_shl(nat(0, 1), sh)));
  }
  /* the rest as decimal text */
  const char *s = (const char *)in.p;
  dsnet_error err;
  st = dsnet_u128_parse(s, in.n, &r, &err);
  if (st == DSNET_OK) {
    native v = nat(0, 0);
    for (size_t i = 0; i < in.n; i++)
      v = n_mul10_add(v, (unsigned)(unsigned char)(s[i] - '0'));
    FUZZ_CHECK(n_eq(N(&r), v));
  } else {
    FUZZ_CHECK(err.offset <= in.n && err.code == st);
  }
  return 0;
}
