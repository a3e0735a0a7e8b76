/* Helpers shared by the fuzz targets: invariant checks that abort (so that
 * libFuzzer and the replay driver report them) and a byte reader for
 * structured inputs. Header-only: each target is one translation unit. */
#ifndef DSNET_FUZZ_H
#define DSNET_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsnet/dsnet.h"

#define FUZZ_CHECK(cond)                                                                           \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "dsnet fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);     \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Structured input: bytes taken from the front; zeros once exhausted. */
typedef struct fuzz_in {
  const uint8_t *p;
  size_t n;
} fuzz_in;

static inline uint8_t fuzz_u8(fuzz_in *in) {
  if (in->n == 0)
    return 0;
  in->n--;
  return *in->p++;
}

static inline uint64_t fuzz_u64(fuzz_in *in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++)
    v = (v << 8) | fuzz_u8(in);
  return v;
}

/* A valid prefix from the input: family, address bits, length. */
static inline dsnet_prefix fuzz_prefix(fuzz_in *in) {
  dsnet_addr a;
  dsnet_prefix p;
  uint8_t f = fuzz_u8(in);
  if (f & 1) {
    a.family = DSNET_FAMILY_IPV6;
    a.hi = fuzz_u64(in);
    a.lo = fuzz_u64(in);
  } else {
    a.family = DSNET_FAMILY_IPV4;
    a.hi = 0;
    a.lo = fuzz_u64(in) & 0xffffffffu;
  }
  unsigned bits = dsnet_family_bits(a.family);
  unsigned len = fuzz_u8(in) % (bits + 1);
  dsnet_prefix_from_addr(&a, len, DSNET_PARSE_MASK_HOST, &p, NULL);
  return p;
}

static inline void fuzz_format_check(const dsnet_prefix *p) {
  char t[DSNET_PREFIX_STRLEN];
  dsnet_prefix q;
  size_t n = dsnet_prefix_format(p, t, sizeof t);
  FUZZ_CHECK(n > 0 && n < sizeof t);
  FUZZ_CHECK(dsnet_prefix_parse(t, n, 0, &q, NULL) == DSNET_OK);
  FUZZ_CHECK(dsnet_prefix_equal(p, &q));
}

#endif
