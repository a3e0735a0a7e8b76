/* Prefix parsing: the fast paths (at every SIMD level) against the full
 * path, round trips, the masked prefix contains its first and last
 * address, MASK_HOST accepts whatever strict accepts, glibc agrees on the
 * address part. Byte 0 selects the flags (bit 0 sloppy, bit 1 mask host). */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>

#include "fuzz.h"
#include "../src/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 256)
    return 0;
  unsigned flags =
      (data[0] & 1 ? DSNET_PARSE_SLOPPY : 0) | (data[0] & 2 ? DSNET_PARSE_MASK_HOST : 0);
  const char *s = (const char *)data + 1;
  size_t len = size - 1;
  dsnet_prefix p, q;
  dsnet_error err;
  dsnet_status st = dsnet_prefix_parse(s, len, flags, &p, &err);
  FUZZ_CHECK(st == err.code && err.offset <= len);
  /* the fast path accepts only what the full path accepts, with the same
   * value; where it declines, the public call is the full path's answer */
  dsnet_prefix fp, rp;
  dsnet_error rerr;
  dsnet_status rst = dsnet__prefix_parse_ref(s, len, flags, &rp, &rerr);
  FUZZ_CHECK(rst == st &&
             (st == DSNET_OK ? dsnet_prefix_equal(&p, &rp) : rerr.offset == err.offset));
  if (dsnet__prefix_parse_fast(s, len, &fp))
    FUZZ_CHECK(rst == DSNET_OK && dsnet_prefix_equal(&fp, &rp));
  for (int impl = DSNET__FAST_PORTABLE; impl <= DSNET__FAST_BEST;
       impl++) /* the IPv4 one-pass path */
    if (dsnet__prefix_parse_v4(s, len, impl, &fp))
      FUZZ_CHECK(rst == DSNET_OK && dsnet_prefix_equal(&fp, &rp));
  dsnet_status strict = dsnet_prefix_parse(s, len, 0, &q, NULL);
  if (strict == DSNET_OK) {
    dsnet_prefix r;
    /* every wider grammar accepts it with the same value */
    for (unsigned f = 1; f < 4; f++) {
      FUZZ_CHECK(dsnet_prefix_parse(s, len, f, &r, NULL) == DSNET_OK);
      FUZZ_CHECK(dsnet_prefix_equal(&q, &r));
    }
    /* glibc accepts the address part */
    const char *slash = memchr(s, '/', len);
    FUZZ_CHECK(slash != NULL);
    char z[257];
    size_t alen = (size_t)(slash - s);
    memcpy(z, s, alen);
    z[alen] = '\0';
    uint8_t g[16];
    FUZZ_CHECK(inet_pton(q.addr.family == DSNET_FAMILY_IPV4 ? AF_INET : AF_INET6, z, g) == 1);
  }
  if (st != DSNET_OK)
    return 0;
  FUZZ_CHECK(dsnet_prefix_is_valid(&p));
  fuzz_format_check(&p);
  dsnet_addr first, last;
  dsnet_prefix_first(&p, &first);
  dsnet_prefix_last(&p, &last);
  FUZZ_CHECK(dsnet_prefix_contains_addr(&p, &first) && dsnet_prefix_contains_addr(&p, &last));
  FUZZ_CHECK(dsnet_addr_compare(&first, &last) <= 0);
  dsnet_u128 d;
  FUZZ_CHECK(dsnet_addr_distance(&first, &last, &d, NULL) == DSNET_OK);
  /* last - first + 1 is the size: 2^host_bits */
  unsigned h = dsnet_prefix_host_bits(&p);
  dsnet_u128 expect = {h >= 128 ? ~UINT64_C(0) : 0, h >= 128 ? ~UINT64_C(0) : 0};
  if (h < 128) {
    dsnet_u128 one = {0, 1};
    dsnet_u128_pow2(h, &expect, NULL);
    dsnet_u128_sub(&expect, &one, &expect, NULL);
  }
  FUZZ_CHECK(dsnet_u128_compare(&d, &expect) == 0);
  /* the text with host bits set still parses with MASK_HOST to the same prefix */
  char t[DSNET_PREFIX_STRLEN + 8];
  char a[DSNET_ADDR_STRLEN];
  size_t n = dsnet_addr_format(&last, a, sizeof a);
  int m = snprintf(t, sizeof t, "%.*s/%u", (int)n, a, p.len);
  FUZZ_CHECK(dsnet_prefix_parse(t, (size_t)m, DSNET_PARSE_MASK_HOST, &q, NULL) == DSNET_OK);
  FUZZ_CHECK(dsnet_prefix_equal(&p, &q));
  return 0;
}
