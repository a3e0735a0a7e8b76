/* Address parsing: round trips, canonical fixed point, strict implies sloppy,
 * and glibc inet_pton as a differential oracle. Byte 0 selects the flags. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>

#include "fuzz.h"
#include "../src/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 256)
    return 0;
  unsigned flags = data[0] & 1 ? DSNET_PARSE_SLOPPY : 0;
  const char *s = (const char *)data + 1;
  size_t len = size - 1;
  dsnet_addr a, b;
  dsnet_error err;
  char t[DSNET_ADDR_STRLEN], u[DSNET_ADDR_STRLEN];
  dsnet_status st = dsnet_addr_parse(s, len, flags, &a, &err);
  FUZZ_CHECK(st == err.code);
  FUZZ_CHECK(err.offset <= len);
  FUZZ_CHECK(strlen(err.message) < sizeof err.message);
  /* the fast paths agree with the full (reference) parser */
  dsnet_addr ref;
  dsnet_error rerr;
  dsnet_status rst = dsnet__addr_parse_ref(s, len, flags, &ref, NULL, &rerr);
  FUZZ_CHECK(rst == st);
  FUZZ_CHECK(st != DSNET_OK || dsnet_addr_equal(&ref, &a));
  FUZZ_CHECK(st == DSNET_OK || rerr.offset == err.offset);
  /* each fast path (portable, SSSE3, AVX, the library's pick) accepts only
   * what the reference parser accepts, with the same value */
  for (int impl = DSNET__FAST_PORTABLE; impl <= DSNET__FAST_BEST; impl++) {
    dsnet_addr f;
    if (dsnet__addr_parse_fast(s, len, impl, &f))
      FUZZ_CHECK(rst == DSNET_OK && dsnet_addr_equal(&f, &ref));
  }
  dsnet_addr sv; /* the strict value */
  dsnet_status strict = dsnet_addr_parse(s, len, 0, &sv, NULL);
  if (strict == DSNET_OK) {
    dsnet_addr c;
    /* strict acceptance implies sloppy acceptance with the same value */
    FUZZ_CHECK(dsnet_addr_parse(s, len, DSNET_PARSE_SLOPPY, &c, NULL) == DSNET_OK);
    FUZZ_CHECK(dsnet_addr_equal(&sv, &c));
    FUZZ_CHECK(st == DSNET_OK && dsnet_addr_equal(&a, &sv));
  }
  if (st != DSNET_OK) {
    FUZZ_CHECK(strlen(err.message) > 0);
  } else {
    FUZZ_CHECK(err.offset == 0 && err.message[0] == '\0');
    /* parse -> format -> parse gives the same value; canonical text is a fixed point */
    size_t n = dsnet_addr_format(&a, t, sizeof t);
    FUZZ_CHECK(n > 0 && n < sizeof t);
    FUZZ_CHECK(dsnet_addr_parse(t, n, 0, &b, NULL) == DSNET_OK);
    FUZZ_CHECK(dsnet_addr_equal(&a, &b));
    FUZZ_CHECK(dsnet_addr_format(&b, u, sizeof u) == n && memcmp(t, u, n) == 0);
    n = dsnet_addr_format_full(&a, u, sizeof u);
    FUZZ_CHECK(dsnet_addr_parse(u, n, 0, &b, NULL) == DSNET_OK && dsnet_addr_equal(&a, &b));
    uint8_t bytes[16];
    size_t nb = dsnet_addr_to_bytes(&a, bytes, sizeof bytes);
    FUZZ_CHECK(dsnet_addr_from_bytes(bytes, nb, &b, NULL) == DSNET_OK && dsnet_addr_equal(&a, &b));
  }
  /* glibc inet_pton: the strict grammar (dotted-quad IPv4, RFC 4291 IPv6) */
  if (memchr(s, '\0', len) == NULL) {
    char z[257];
    memcpy(z, s, len);
    z[len] = '\0';
    uint8_t g4[4], g6[16], mine[16];
    int is4 = inet_pton(AF_INET, z, g4) == 1, is6 = inet_pton(AF_INET6, z, g6) == 1;
    FUZZ_CHECK((strict == DSNET_OK) == (is4 || is6));
    if (strict == DSNET_OK) {
      dsnet_addr v = sv;
      size_t nb = dsnet_addr_to_bytes(&v, mine, sizeof mine);
      FUZZ_CHECK(nb == (is4 ? 4u : 16u));
      FUZZ_CHECK(memcmp(mine, is4 ? g4 : g6, nb) == 0);
      /* inet_ntop agrees on the text except where the first 96 bits are zero
       * (glibc writes ::a.b.c.d there; RFC 5952 recommends it only for mapped) */
      if (v.family == DSNET_FAMILY_IPV4 || v.hi != 0 || (v.lo >> 32) == 0xffffu) {
        char g[INET6_ADDRSTRLEN];
        FUZZ_CHECK(inet_ntop(is4 ? AF_INET : AF_INET6, mine, g, sizeof g) != NULL);
        dsnet_addr_format(&v, t, sizeof t);
        FUZZ_CHECK(strcmp(g, t) == 0);
      }
    }
  }
  return 0;
}
