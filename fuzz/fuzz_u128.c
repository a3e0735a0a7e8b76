/* u128: decimal round trip, and arithmetic against the compiler's
 * unsigned __int128. Also parses the tail of the input as text. */
#include "fuzz.h"

__extension__ typedef unsigned __int128 native;

static native N(const dsnet_u128 *v) {
  return ((native)v->hi << 64) | v->lo;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_in in = {data, size};
  dsnet_u128 a = {fuzz_u64(&in), fuzz_u64(&in)}, b = {fuzz_u64(&in), fuzz_u64(&in)}, r;
  unsigned sh = fuzz_u8(&in);
  char t[DSNET_U128_STRLEN];
  size_t n = dsnet_u128_format(&a, t, sizeof t);
  FUZZ_CHECK(n > 0 && n < sizeof t);
  FUZZ_CHECK(dsnet_u128_parse(t, n, &r, NULL) == DSNET_OK && N(&r) == N(&a));
  FUZZ_CHECK(n == 1 || t[0] != '0');
  native x = N(&a), y = N(&b);
  int c = dsnet_u128_compare(&a, &b);
  FUZZ_CHECK((c < 0) == (x < y) && (c == 0) == (x == y));
  dsnet_status st = dsnet_u128_add(&a, &b, &r, NULL);
  FUZZ_CHECK((st == DSNET_OK) == (x + y >= x));
  if (st == DSNET_OK)
    FUZZ_CHECK(N(&r) == x + y);
  st = dsnet_u128_sub(&a, &b, &r, NULL);
  FUZZ_CHECK((st == DSNET_OK) == (x >= y));
  if (st == DSNET_OK)
    FUZZ_CHECK(N(&r) == x - y);
  dsnet_u128_shl(&a, sh, &r);
  FUZZ_CHECK(N(&r) == (sh >= 128 ? 0 : x << sh));
  dsnet_u128_shr(&a, sh, &r);
  FUZZ_CHECK(N(&r) == (sh >= 128 ? 0 : x >> sh));
  if (sh <= 128) {
    n = dsnet_u128_format_pow2(sh, t, sizeof t);
    FUZZ_CHECK(n > 0);
    if (sh < 128)
      FUZZ_CHECK(dsnet_u128_parse(t, n, &r, NULL) == DSNET_OK && N(&r) == (native)1 << sh);
  }
  /* the rest as decimal text */
  const char *s = (const char *)in.p;
  dsnet_error err;
  st = dsnet_u128_parse(s, in.n, &r, &err);
  if (st == DSNET_OK) {
    native v = 0;
    for (size_t i = 0; i < in.n; i++)
      v = v * 10 + (native)(unsigned char)(s[i] - '0');
    FUZZ_CHECK(N(&r) == v);
  } else {
    FUZZ_CHECK(err.offset <= in.n && err.code == st);
  }
  return 0;
}
