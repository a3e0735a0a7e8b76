/* The text layer's portable fast paths: address and prefix text to values
 * on any CPU, with 64-bit SWAR byte classes. Like the SIMD paths they
 * accept only valid strict text and answer 0 for anything else; the
 * reference parsers (ref.c) judge the rest. tests/test_addrtext.c and the
 * fuzzers check them against the reference on every machine, whatever SIMD
 * it has. */
#include <string.h>

#include "../fail.h"
#include "../values.h"
#include "dispatch.h"

#define ONES UINT64_C(0x0101010101010101)
#define HIGH (ONES * 0x80)
#define LOW7 (ONES * 0x7f)

/* The 4 bytes that end at s[e] (exclusive), as a little-endian word; bytes
 * before s[0] read as 0. Needs len >= 4 and 1 <= e <= len. */
static inline uint32_t window4(const unsigned char *u, unsigned e) {
  unsigned off = e >= 4 ? e - 4 : 0;
  return dsnet__le32(u + off) << (8 * (off + 4 - e));
}

/* ---- byte classes, 8 bytes at a time (SWAR) ------------------------------------ */

/* 0x80 in each byte of x that is 0, exactly (no false positives). */
static inline uint64_t zero_bytes(uint64_t x) {
  return ~(((x & LOW7) + LOW7) | x | LOW7);
}

/* 0x80 in each byte of w that is '0'..'9'. */
static inline uint64_t digit_bytes(uint64_t w) {
  uint64_t y = w ^ (ONES * '0');
  return ~(((y & LOW7) + ONES * 0x76) | y) & HIGH;
}

/* 0x80 in each byte of w that is 'a'..'f' or 'A'..'F'. */
static inline uint64_t alpha_hex_bytes(uint64_t w) {
  uint64_t u = (w | (ONES * 0x20)) ^ (ONES * 0x60); /* 1..6 for the letters */
  return ~(((u & LOW7) + ONES * 0x79) | u | zero_bytes(u)) & HIGH;
}

/* The 0x80 bits of m's bytes gathered into 8 bits (byte i -> bit i). */
static inline uint64_t gather8(uint64_t m) {
  return (((m >> 7) & ONES) * UINT64_C(0x0102040810204080)) >> 56;
}

/* ---- IPv4 ---------------------------------------------------------------------- */

/* The last l (1..3) of 4 bytes of a little-endian word: keep_last[l]. */
static const uint32_t keep_last[8] = {0, 0xff000000u, 0xffff0000u, 0xffffff00u, 0xffffffffu};

/* Portable (64-bit SWAR): four parts of 1-3 digits, no leading zero,
 * <= 255. The dots come from a byte mask, each part's value from the 4
 * bytes that end it, and every rule is one test: no branch depends on
 * where the dots are (a branch per part mispredicted on random addresses:
 * no faster than glibc: bench/README.md). Bytes past the end read as 0. */
static int v4_portable(const char *s, size_t len, uint32_t *out) {
  const unsigned char *u = (const unsigned char *)s;
  if (len < 7 || len > 15)
    return 0;
  uint64_t w[2];
  dsnet__load_words(s, len, w, 2);
  uint64_t dots =
      gather8(zero_bytes(w[0] ^ (ONES * '.'))) | gather8(zero_bytes(w[1] ^ (ONES * '.'))) << 8;
  uint64_t digs = gather8(digit_bytes(w[0])) | gather8(digit_bytes(w[1])) << 8;
  unsigned bad = ((dots | digs) != (UINT64_C(1) << len) - 1) | (dsnet__popcount64(dots) != 3);
  /* where the parts end: the dots and the end (and spare bits, so that
   * four ends exist even when the dots are wrong, which bad already says) */
  uint64_t ends = dots | UINT64_C(1) << len | UINT64_C(0xf) << 32;
  uint32_t v = 0;
  unsigned start = 0;
  for (int k = 0; k < 4; k++) { /* (a fixed count: unrolled, no branch) */
    unsigned e = dsnet__ctz64(ends), l = e - start;
    ends &= ends - 1;
    e = e > len ? (unsigned)len : e < 1 ? 1 : e; /* (only when bad: keeps window4 defined) */
    uint32_t d = window4(u, e) & 0x0f0f0f0fu & keep_last[l & 7u]; /* digit values, right-aligned */
    unsigned val = ((d >> 8) & 0xffu) * 100 + ((d >> 16) & 0xffu) * 10 + (d >> 24);
    bad |= (l - 1 > 2) | (val > 255) | ((l >= 2) & (((d >> (8 * ((4 - l) & 3u))) & 0xffu) == 0));
    v = v << 8 | (val & 0xffu);
    start = e + 1;
  }
  if (bad)
    return 0;
  *out = v;
  return 1;
}

/* ---- IPv6 ---------------------------------------------------------------------- */

/* Bit i set when text byte i is a ':' (colon) or a hex digit (hex). */
typedef struct v6_masks {
  uint64_t colon, hex;
} v6_masks;

/* w: the text as 6 words (load_words). */
static void v6_masks_portable(const uint64_t *words, v6_masks *m) {
  m->colon = m->hex = 0;
  for (unsigned i = 0; i < 5; i++) {
    uint64_t w = words[i];
    m->colon |= gather8(zero_bytes(w ^ (ONES * ':'))) << (8 * i);
    m->hex |= gather8(digit_bytes(w) | alpha_hex_bytes(w)) << (8 * i);
  }
}

/* Portable: hex groups with at most one "::", from the byte masks of the
 * text s (len >= 4: a group's value is read from the 4 bytes that end it). */
static int v6_from_masks(const char *s, size_t len, const v6_masks *m, dsnet_addr *out) {
  uint64_t hex = m->hex, starts = hex & ~(hex << 1), ends = hex & ~(hex >> 1), dc;
  unsigned n = dsnet__popcount64(ends);
  if (!dsnet__v6_masks_ok(m->colon, hex, len, &dc) || !dsnet__v6_count_ok(n, dc))
    return 0;
  uint64_t dcx = dc ? dc : ~UINT64_C(0);
  uint16_t g[8] = {0};
  for (unsigned i = 0; ends; i++) {
    unsigned a = dsnet__ctz64(starts), e = dsnet__ctz64(ends) + 1;
    uint32_t w = window4((const unsigned char *)s, e) & keep_last[e - a]; /* 1-4 digits */
    uint32_t nib = (w & 0x0f0f0f0fu) + ((w >> 6) & 0x01010101u) * 9; /* '0'-'9', 'a'-'f', 'A'-'F' */
    uint32_t x = ((nib << 4) | (nib >> 8)) & 0x00ff00ffu;
    g[dsnet__v6_slot(i, ends & (0 - ends), dcx, n)] = (uint16_t)(((x & 0xffu) << 8) | (x >> 16));
    starts &= starts - 1;
    ends &= ends - 1;
  }
  out->family = DSNET_FAMILY_IPV6;
  out->hi = (uint64_t)g[0] << 48 | (uint64_t)g[1] << 32 | (uint64_t)g[2] << 16 | g[3];
  out->lo = (uint64_t)g[4] << 48 | (uint64_t)g[5] << 32 | (uint64_t)g[6] << 16 | g[7];
  return 1;
}

/* ---- the portable fast path ---------------------------------------------------- */

int dsnet__addr_parse_portable(const char *s, size_t len, dsnet_addr *out) {
  unsigned fam = dsnet__fast_family(s, len);
  if (fam == DSNET_FAMILY_IPV4) {
    uint32_t v4;
    if (!v4_portable(s, len, &v4))
      return 0;
    out->family = DSNET_FAMILY_IPV4;
    out->hi = 0;
    out->lo = v4;
    return 1;
  }
  if (fam == 0)
    return 0;
  v6_masks m;
  uint64_t w[6];
  dsnet__load_words(s, len, w, 6);
  v6_masks_portable(w, &m);
  return v6_from_masks(s, len, &m, out);
}

/* ---- prefixes ------------------------------------------------------------------ */

/* The hot path for any family: valid strict text with no host bit set,
 * whose '/' is one of the last 4 bytes (a length has 1-3 digits).
 * Returns 0 for anything else, which the full path then judges; both flags only relax the
 * rules, so what this accepts is accepted the same way under any flags.
 * It finds the '/' from the end (dsnet__prefix_tail). This is the
 * portable level's, and the tests'; at the SIMD levels IPv4 text goes
 * through the one-pass dsnet__prefix_parse_v4 and the rest through the
 * level's dsnet__prefix_any_*_parse, with the address parser inlined. */
int dsnet__prefix_fast_any(const char *s, size_t len, dsnet_prefix *out) {
  unsigned bits;
  size_t alen = dsnet__prefix_tail(s, len, &bits);
  dsnet_addr a;
  return alen && dsnet__addr_parse_fast(s, alen, DSNET__FAST_BEST, &a) &&
         dsnet__prefix_fill(&a, bits, out);
}

/* The portable level's whole prefix parse: the fast path for any family,
 * then the reference parser. (Not inlined: dsnet_prefix_parse then only
 * dispatches and saves no registers.) */
DSNET_NOINLINE dsnet_status dsnet__prefix_parse_any(const char *s, size_t len, unsigned flags,
                                                    dsnet_prefix *out, dsnet_error *err) {
  if (dsnet__prefix_fast_any(s, len, out)) {
    if (err)
      dsnet__clear(err);
    return DSNET_OK;
  }
  return dsnet__prefix_parse_ref(s, len, flags, out, err);
}

/* The portable level's whole address parse, out of line so that
 * dsnet__addr_parse only dispatches (by tail calls, with no registers to
 * save). */
DSNET_NOINLINE dsnet_status dsnet__addr_parse_portable_full(const char *s, size_t len,
                                                            unsigned flags, dsnet_addr *out,
                                                            dsnet_error *err) {
  if (dsnet__addr_parse_portable(s, len, out)) {
    if (err)
      dsnet__clear(err);
    return DSNET_OK;
  }
  return dsnet__addr_parse_ref(s, len, flags, out, NULL, err);
}
