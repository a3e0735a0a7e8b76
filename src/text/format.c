/* The text layer's portable text writers: address values to RFC 5952
 * text (or the full form) and prefix lengths, table-driven, with no printf
 * and no branch that depends on the address. Checked against a printf
 * formatter by tests/test_addrtext.c.
 *
 * The writers store whole 8-byte words and advance by the length of what
 * they meant to write, so each needs DSNET_ADDR_STRLEN bytes of room:
 * addr.c and prefix.c format in place when the caller's buffer has that
 * room and through a scratch buffer otherwise. */
#include <string.h>

#include "kernels.h"

#include "format_tables.h" /* dsnet__dec3, dsnet__hex2, dsnet__zrun */

/* v as 8 little-endian bytes at p */
static inline void st64le(char *p, uint64_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  memcpy(p, &v, 8);
#else
  for (int i = 0; i < 8; i++)
    p[i] = (char)(v >> (8 * i));
#endif
}

/* Dotted quad at p; writes 16 bytes at most. */
static inline size_t put_v4(char *p, uint32_t v) {
  size_t n = 0;
  for (int i = 24; i >= 0; i -= 8) {
    unsigned o = (v >> i) & 255u;
    memcpy(p + n, dsnet__dec3[o], 4);
    n += 2u + (o >= 10) + (o >= 100);
  }
  return n - 1; /* without the last '.' */
}

/* Hex digits of v (0..0xffff) without leading zeros; 1 for 0. */
static inline unsigned ndigits16(unsigned v) {
#if defined(__GNUC__) || defined(__clang__)
  return 4u - ((unsigned)__builtin_clz(v | 1u) - 16u) / 4u;
#else
  return 1u + (v > 0xfu) + (v > 0xffu) + (v > 0xfffu);
#endif
}

/* RFC 5952 text (or, full, every group in 4 digits and no "::") of an IPv6
 * address at p. Each group is one 8-byte store of its separator and
 * digits, advanced by its length (0 inside the "::" run), so no branch
 * depends on the address. Writes DSNET_ADDR_STRLEN bytes at most. */
static inline size_t put_v6(char *p, uint64_t hi, uint64_t lo, int full) {
  unsigned g[8], zm = 0;
  for (unsigned i = 0; i < 4; i++) {
    g[i] = (unsigned)(hi >> (48 - 16 * i)) & 0xffffu;
    g[4 + i] = (unsigned)(lo >> (48 - 16 * i)) & 0xffffu;
  }
  for (unsigned i = 0; i < 8; i++)
    zm |= (unsigned)(g[i] == 0) << i;
  unsigned run = full ? 0 : dsnet__zrun[zm];
  unsigned rs = run >> 4, rl = run & 15u, re = rs + rl; /* the "::" run [rs, re) */
  size_t n = 0;
  for (unsigned i = 0; i < 8; i++) {
    unsigned v = g[i];
    unsigned nd = full ? 4 : ndigits16(v);
    uint32_t x = dsnet__hex2[v >> 8] | (uint32_t)dsnet__hex2[v & 0xffu]
                                           << 16; /* 4 digits, first in the low byte */
    uint64_t w = x >> (8 * (4 - nd));
    unsigned sep = i != 0 && i != re; /* after "::" the colon is there */
    w = sep ? (w << 8) | ':' : w;
    size_t len = sep + nd;
    int start = rl != 0 && i == rs, inside = i - rs < rl;
    w = start ? 0x3a3a : w;
    len = start ? 2 : inside ? 0 : len;
    st64le(p + n, w);
    n += len;
  }
  return n;
}

DSNET__FORMAT_ENTRIES(portable, , put_v4, put_v6)
