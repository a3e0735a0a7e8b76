/* dsnet addr module, text half: the hot paths from address text to
 * address values (addr.c holds the values and the reference parser,
 * addrfmt.c the way back).
 *
 * The fast parsers accept only valid strict text and answer 0 for anything
 * else, which then goes to the reference parser in addr.c for the verdict
 * and the message. A fast path can therefore only be wrong by being slow,
 * never by accepting or reporting differently; tests/test_addrtext.c and
 * the fuzzers check that the two agree on every input, with the SIMD code
 * and with the portable code.
 *
 * Why it looks like this: on random addresses, parsing costs mostly
 * mispredicted branches (where does this part or group end?). So the text
 * is classified with byte masks (SSE2/SSSE3 on x86-64, 64-bit SWAR
 * elsewhere), lengths come from bit positions, and values from fixed-width
 * arithmetic on a few loaded bytes. Formatting is table-driven the same way:
 * no printf, no per-digit branches. */
#include <string.h>

#include "dsnet/addr.h"
#include "internal.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define DSNET__X86_64 1
/* The SIMD bodies need SSSE3 and are inlined into two entry points: one
 * compiled for SSSE3, one for AVX, where the same intrinsics get the
 * three-operand VEX forms (fewer register copies). The CPU picks at run
 * time. */
#define DSNET__SIMD_BODY __attribute__((target("ssse3"), always_inline)) static inline
/* and, where the CPU has AVX-512 with VBMI2, masked loads and byte
 * compress/expand (the IPv6 parser is written for them) */
#define DSNET__AVX512 "avx512f,avx512bw,avx512vl,avx512vbmi,avx512vbmi2,bmi,bmi2,popcnt"
#endif

/* A way of writing a dotted quad: the bits of its dots and of its end, and
 * the byte shuffle that right-aligns part k's digits in bytes 4k..4k+2. */
typedef struct v4_pattern {
  uint16_t key;
  uint8_t shuf[16];
} v4_pattern;

#define DSNET__TABLES_PARSE
#include "addrtext_tables.h" /* v4_slot, v4_patterns */

/* ---- byte access -------------------------------------------------------------- */

#define ONES UINT64_C(0x0101010101010101)
#define HIGH (ONES * 0x80)
#define LOW7 (ONES * 0x7f)

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint64_t le64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}
static inline uint32_t le32(const unsigned char *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
#else /* any byte order: compilers turn these into plain loads where they can */
static inline uint64_t le64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}
static inline uint32_t le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
#endif

/* The text s[0..len) as little-endian 64-bit words, zero past len: w[k]
 * holds bytes 8k..8k+7. Loads only within s[0..len), and builds the words
 * in registers: a copy through a stack buffer would cost a failed
 * store-to-load forwarding on every wide load after it. */
static inline void load_words(const char *s, size_t len, uint64_t *w, unsigned nw) {
  const unsigned char *u = (const unsigned char *)s;
  if (len < 8) {
    uint64_t x = 0;
    if (len >= 4)
      x = le32(u) | (uint64_t)le32(u + len - 4) << (8 * (len - 4));
    else
      for (size_t i = 0; i < len; i++)
        x |= (uint64_t)u[i] << (8 * i);
    w[0] = x;
    for (unsigned k = 1; k < nw; k++)
      w[k] = 0;
    return;
  }
  for (unsigned k = 0; k < nw; k++) {
    size_t at = 8 * (size_t)k;
    size_t off = at + 8 <= len ? at : len - 8; /* the last word overlaps the one before */
    uint64_t x = le64(u + off);
    w[k] = at >= len ? 0 : x >> (8 * (at - off));
  }
}

/* The 4 bytes that end at s[e] (exclusive), as a little-endian word; bytes
 * before s[0] read as 0. Needs len >= 4. */
static inline uint32_t window4(const unsigned char *u, unsigned e) {
  unsigned off = e >= 4 ? e - 4 : 0;
  return le32(u + off) << (8 * (off + 4 - e));
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

/* Portable: four parts of 1-3 digits, no leading zero, <= 255. Bytes past
 * the end read as 0 (never a digit or a dot) without a copy. */
static int v4_portable(const char *s, size_t len, uint32_t *out) {
  const unsigned char *u = (const unsigned char *)s;
  if (len < 7 || len > 15)
    return 0;
#define AT(i) ((i) < len ? (unsigned)u[i] : 0u)
  uint32_t v = 0;
  size_t p = 0;
  for (int part = 0; part < 4; part++) {
    unsigned d0 = AT(p) - '0', d1 = AT(p + 1) - '0', d2 = AT(p + 2) - '0', d3 = AT(p + 3) - '0';
    unsigned n1 = d1 <= 9, n2 = n1 & (d2 <= 9);
    unsigned val = n2 ? d0 * 100 + d1 * 10 + d2 : n1 ? d0 * 10 + d1 : d0;
    if (d0 > 9 || (d0 == 0 && n1) || val > 255 || (n2 && d3 <= 9))
      return 0;
    p += 1 + n1 + n2;
    v = (v << 8) | val;
    if (part < 3 && AT(p) != '.')
      return 0;
    p += part < 3;
  }
#undef AT
  if (p != len)
    return 0;
  *out = v;
  return 1;
}

#ifdef DSNET__X86_64
/* SSSE3 (Mula and Lemire's method): masks of dots, digits and zeros; the
 * dots and the end pick one of the 81 patterns by a perfect hash; one
 * shuffle right-aligns every part, two multiply-adds make the 4 values. */
DSNET__SIMD_BODY int v4_simd(const char *s, size_t len, dsnet_addr *out) {
  const unsigned char *u = (const unsigned char *)s;
  uint64_t lo, hi;
  if (len < 7 || len > 15)
    return 0;
  /* load_words for exactly this case, without its loop (measured faster) */
  if (len >= 8) { /* bytes 8..len-1 from the 8 that end the text */
    lo = le64(u);
    hi = (le64(u + len - 8) >> (8 * (15 - len))) >> 8;
  } else {
    lo = le32(u) | (uint64_t)le32(u + 3) << 24;
    hi = 0;
  }
  /* (two register moves: _mm_set_epi64x would go through the stack) */
  const __m128i v =
      _mm_unpacklo_epi64(_mm_cvtsi64_si128((long long)lo), _mm_cvtsi64_si128((long long)hi));
  const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
  const __m128i dot = _mm_cmpeq_epi8(v, _mm_set1_epi8('.'));
  const __m128i dig = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
  unsigned key = (unsigned)_mm_movemask_epi8(dot) | (1u << len);
  const v4_pattern *pt = &v4_patterns[v4_slot[(key * 6639u >> 13) & 255]];
  __m128i t = _mm_shuffle_epi8(d, _mm_loadu_si128((const __m128i *)(const void *)pt->shuf));
  __m128i m = _mm_maddubs_epi16(t, _mm_setr_epi8(100, 10, 1, 0, 100, 10, 1, 0, 100, 10, 1, 0, 100,
                                                 10, 1, 0)); /* 16-bit: 100h + 10t, o */
  __m128i vals = _mm_madd_epi16(m, _mm_set1_epi16(1));       /* 32-bit part values */
  /* Every byte a digit or a dot and the dots where the pattern has them
   * (two scalar tests); no part starting with '0' followed by another
   * digit, and no part over 255 (vector tests, kept in vectors: fewer
   * scalars live means no registers to save). */
  __m128i start = _mm_or_si128(_mm_slli_si128(dot, 1), _mm_cvtsi32_si128(0xff));
  __m128i lz = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(d, _mm_setzero_si128()), start),
                             _mm_srli_si128(dig, 1));
  __m128i badv = _mm_or_si128(lz, _mm_cmpgt_epi32(vals, _mm_set1_epi32(255)));
  if (((unsigned)_mm_movemask_epi8(_mm_or_si128(dot, dig)) ^ ((1u << len) - 1)) | (pt->key ^ key) |
      (unsigned)_mm_movemask_epi8(badv))
    return 0;
  __m128i bytes = _mm_shuffle_epi8(
      vals, _mm_setr_epi8(12, 8, 4, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1));
  out->family = DSNET_FAMILY_IPV4;
  out->hi = 0;
  out->lo = (uint32_t)_mm_cvtsi128_si32(bytes);
  return 1;
}
#endif

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

/* The rules that the byte masks alone decide, as one test so that valid
 * input meets one branch: only hex digits and ':', at most one "::", no
 * single ':' first or last, no group of 5 digits. Returns the bit of the
 * first ':' of "::" (0 when none) in *dc. */
static inline int v6_masks_ok(uint64_t colon, uint64_t hex, size_t len, uint64_t *dc) {
  uint64_t d = colon & (colon >> 1);
  unsigned bad = (colon | hex) != (UINT64_C(1) << len) - 1;
  bad |= (d & (d - 1)) != 0;
  bad |= ((colon & 3) == 1) | (((colon >> (len - 2)) & 3) == 2);
  bad |= (hex & hex >> 1 & hex >> 2 & hex >> 3 & hex >> 4) != 0;
  *dc = d;
  return !bad;
}

/* Where the i-th of n groups goes among the 8 (both parsers): the groups
 * after "::" move down by the 8 - n groups it stands for. endbit is the
 * bit where the group ends, dcx the bit of the first ':' of "::" (all ones
 * when there is none). */
static inline unsigned v6_slot(unsigned i, uint64_t endbit, uint64_t dcx, unsigned n) {
  return i + ((8 - n) & (0u - (unsigned)(endbit > dcx)));
}

/* "::" (dc: its bit, 0 when none) must stand for at least one group, and
 * without it there must be 8. */
static inline int v6_count_ok(unsigned n, uint64_t dc) {
  return dc ? n <= 7 : n == 8;
}

/* Portable: hex groups with at most one "::", from the byte masks of the
 * text s (len >= 4: a group's value is read from the 4 bytes that end it). */
static int v6_from_masks(const char *s, size_t len, const v6_masks *m, dsnet_addr *out) {
  static const uint32_t keep_last[8] = {0, 0xff000000u, 0xffff0000u, 0xffffff00u, 0xffffffffu};
  uint64_t hex = m->hex, starts = hex & ~(hex << 1), ends = hex & ~(hex >> 1), dc;
  unsigned n = dsnet__popcount64(ends);
  if (!v6_masks_ok(m->colon, hex, len, &dc) || !v6_count_ok(n, dc))
    return 0;
  uint64_t dcx = dc ? dc : ~UINT64_C(0);
  uint16_t g[8] = {0};
  for (unsigned i = 0; ends; i++) {
    unsigned a = dsnet__ctz64(starts), e = dsnet__ctz64(ends) + 1;
    uint32_t w = window4((const unsigned char *)s, e) & keep_last[e - a]; /* 1-4 digits */
    uint32_t nib = (w & 0x0f0f0f0fu) + ((w >> 6) & 0x01010101u) * 9; /* '0'-'9', 'a'-'f', 'A'-'F' */
    uint32_t x = ((nib << 4) | (nib >> 8)) & 0x00ff00ffu;
    g[v6_slot(i, ends & (0 - ends), dcx, n)] = (uint16_t)(((x & 0xffu) << 8) | (x >> 16));
    starts &= starts - 1;
    ends &= ends - 1;
  }
  out->family = DSNET_FAMILY_IPV6;
  out->hi = (uint64_t)g[0] << 48 | (uint64_t)g[1] << 32 | (uint64_t)g[2] << 16 | g[3];
  out->lo = (uint64_t)g[4] << 48 | (uint64_t)g[5] << 32 | (uint64_t)g[6] << 16 | g[7];
  return 1;
}

#ifdef DSNET__X86_64
/* Bytes i + k of v in lane i, 0 where i + k >= 16 (0 <= k <= 47). */
DSNET__SIMD_BODY __m128i bytes_from(__m128i v, unsigned k) {
  __m128i idx = _mm_add_epi8(_mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                             _mm_set1_epi8((char)k));
  return _mm_shuffle_epi8(v, _mm_or_si128(idx, _mm_cmpgt_epi8(idx, _mm_set1_epi8(15))));
}

/* SSSE3, len 4..39: the value of every group is computed for all bytes at
 * once, then read where each group ends. For byte i, with n the hex digit
 * values and "same" meaning both bytes are hex digits (so in one group):
 *   P[i] = n[i] | n[i-1] << 4      (if i-1 is in i's group)
 *   Q[i] = P[i-2]                  (if i-1 and i-2 are in i's group)
 * so Q[e]:P[e] is the 16-bit value of the group ending at e. The vectors
 * are text bytes 0-15, 16-31 and 32-47 (zero past len), loaded without
 * reading outside s[0..len). */
DSNET__SIMD_BODY int v6_simd(const char *s, size_t len, dsnet_addr *out) {
  __m128i t[3];
  if (len >= 16) {
    size_t mid = len < 32 ? len - 16 : 16;
    __m128i z = _mm_loadu_si128((const __m128i *)(const void *)(s + len - 16));
    t[0] = _mm_loadu_si128((const __m128i *)(const void *)s);
    t[1] =
        bytes_from(_mm_loadu_si128((const __m128i *)(const void *)(s + mid)), (unsigned)(16 - mid));
    t[2] = bytes_from(z, (unsigned)(48 - len));
  } else {
    uint64_t w[2];
    load_words(s, len, w, 2);
    t[0] = _mm_set_epi64x((long long)w[1], (long long)w[0]);
    t[1] = t[2] = _mm_setzero_si128();
  }
  uint16_t val[48];
  uint64_t colon = 0, hex = 0, dc;
  __m128i pn = _mm_setzero_si128(), ph = pn, pp = pn; /* the previous vector's n, hex, P */
  unsigned nv = (unsigned)(len + 15) / 16;            /* vectors that hold text */
  for (unsigned k = 0; k < nv; k++) {
    __m128i v = t[k];
    __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    __m128i a = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
    __m128i h = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d),
                             _mm_cmpeq_epi8(_mm_min_epu8(a, _mm_set1_epi8(5)), a));
    colon |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')))
             << (16 * k);
    hex |= (uint64_t)(unsigned)_mm_movemask_epi8(h) << (16 * k);
    __m128i b6 = _mm_and_si128(_mm_srli_epi16(v, 6), _mm_set1_epi8(1)); /* 1 for letters */
    __m128i n = _mm_and_si128(_mm_add_epi8(_mm_and_si128(v, _mm_set1_epi8(0x0f)),
                                           _mm_add_epi8(b6, _mm_slli_epi16(b6, 3))),
                              h);
    __m128i h1 = _mm_alignr_epi8(h, ph, 15), h2 = _mm_alignr_epi8(h, ph, 14);
    __m128i p = _mm_or_si128(n, _mm_and_si128(_mm_slli_epi16(_mm_alignr_epi8(n, pn, 15), 4), h1));
    __m128i q = _mm_and_si128(_mm_alignr_epi8(p, pp, 14), _mm_and_si128(h1, h2));
    _mm_storeu_si128((__m128i *)(void *)(val + 16 * (size_t)k), _mm_unpacklo_epi8(p, q));
    _mm_storeu_si128((__m128i *)(void *)(val + 16 * (size_t)k + 8), _mm_unpackhi_epi8(p, q));
    pn = n;
    ph = h;
    pp = p;
  }
  if (!v6_masks_ok(colon, hex, len, &dc))
    return 0;
  /* Each group straight to its place in g; one shuffle then turns g into
   * the two big-endian halves. */
  uint64_t ends = hex & ~(hex >> 1), dcx = dc ? dc : ~UINT64_C(0);
  unsigned n = dsnet__popcount64(ends);
  if (!v6_count_ok(n, dc))
    return 0;
  uint16_t g[8] = {0};
  for (unsigned i = 0; ends; i++) {
    g[v6_slot(i, ends & (0 - ends), dcx, n)] = val[dsnet__ctz64(ends)];
    ends &= ends - 1;
  }
  __m128i x = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)g),
                               _mm_setr_epi8(6, 7, 4, 5, 2, 3, 0, 1, 14, 15, 12, 13, 10, 11, 8, 9));
  out->family = DSNET_FAMILY_IPV6;
  out->hi = (uint64_t)_mm_cvtsi128_si64(x);
  out->lo = (uint64_t)_mm_cvtsi128_si64(_mm_srli_si128(x, 8));
  return 1;
}
#endif

#ifdef DSNET__X86_64
/* AVX-512 (VBMI2), len 4..39: the same group values as v6_simd, in one
 * 64-byte vector and with no loop or store: a masked load reads exactly
 * s[0..len), byte permutes shift by one and two bytes, one compress per
 * byte of the group values packs the groups in order, and one expand puts
 * them in their slots around "::". No branch depends on the text's shape,
 * which is where v6_simd loses time on random input. */
__attribute__((target(DSNET__AVX512), always_inline)) static inline int
v6_avx512_simd(const char *s, size_t len, dsnet_addr *out) {
  const __m512i v = _mm512_maskz_loadu_epi8((UINT64_C(1) << len) - 1, s);
  const __m512i d = _mm512_sub_epi8(v, _mm512_set1_epi8('0'));
  const __m512i a = _mm512_sub_epi8(_mm512_or_si512(v, _mm512_set1_epi8(0x20)),
                                    _mm512_set1_epi8('a' - 10)); /* 10..15 for the letters */
  uint64_t digit = _mm512_cmple_epu8_mask(d, _mm512_set1_epi8(9));
  uint64_t letter =
      _mm512_cmple_epu8_mask(_mm512_sub_epi8(a, _mm512_set1_epi8(10)), _mm512_set1_epi8(5));
  uint64_t colon = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(':'));
  uint64_t hex = digit | letter, dc;
  if (!v6_masks_ok(colon, hex, len, &dc))
    return 0;
  uint64_t ends = hex & ~(hex >> 1);
  unsigned n = (unsigned)_mm_popcnt_u64(ends);
  if (!v6_count_ok(n, dc))
    return 0;
  /* nibble values in the hex bytes, 0 elsewhere; P and Q as in v6_simd */
  const __m512i nib = _mm512_mask_mov_epi8(_mm512_maskz_mov_epi8(digit, d), letter, a);
  const __m512i back1 = _mm512_set_epi8(
      62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40,
      39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17,
      16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0);
  const __m512i back2 = _mm512_set_epi8(
      61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39,
      38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16,
      15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0);
  __m512i p = _mm512_or_si512(
      nib, _mm512_slli_epi16(_mm512_maskz_permutexvar_epi8(hex << 1, back1, nib), 4));
  __m512i q = _mm512_maskz_permutexvar_epi8(hex << 1 & hex << 2, back2, p);
  __m128i lo8 = _mm512_castsi512_si128(_mm512_maskz_compress_epi8(ends, p));
  __m128i hi8 = _mm512_castsi512_si128(_mm512_maskz_compress_epi8(ends, q));
  /* the n groups in order; before "::" stay in slots 0..k-1, after it go
   * to the last n - k slots */
  unsigned k = dc ? (unsigned)_mm_popcnt_u64(ends & (dc - 1)) : 8;
  unsigned slots = (((1u << k) - 1) | (0xffu << (8 - n + k))) & 0xffu;
  __m128i g = _mm_maskz_expand_epi16((__mmask8)slots, _mm_unpacklo_epi8(lo8, hi8));
  __m128i x =
      _mm_shuffle_epi8(g, _mm_setr_epi8(6, 7, 4, 5, 2, 3, 0, 1, 14, 15, 12, 13, 10, 11, 8, 9));
  out->family = DSNET_FAMILY_IPV6;
  out->hi = (uint64_t)_mm_cvtsi128_si64(x);
  out->lo = (uint64_t)_mm_cvtsi128_si64(_mm_srli_si128(x, 8));
  return 1;
}

#endif

#ifdef DSNET__X86_64
/* The entry points, one per family and instruction set. The _parse ones
 * finish the whole public call, clearing *err or handing the text to the
 * full parser, so that dsnet__addr_parse reaches them by tail calls and
 * no function on the way saves registers. */
#define DSNET__SIMD_ENTRY(name, body, isa)                                                         \
  __attribute__((target(isa))) static int name(const char *s, size_t len, dsnet_addr *out) {       \
    return body(s, len, out);                                                                      \
  }                                                                                                \
  __attribute__((target(isa))) static dsnet_status name##_parse(                                   \
      const char *s, size_t len, unsigned flags, dsnet_addr *out, dsnet_error *err) {              \
    if (DSNET_LIKELY(body(s, len, out))) {                                                         \
      if (err)                                                                                     \
        dsnet__clear(err);                                                                         \
      return DSNET_OK;                                                                             \
    }                                                                                              \
    return dsnet__addr_parse_ref(s, len, flags, out, NULL, err);                                   \
  }
DSNET__SIMD_ENTRY(v4_ssse3, v4_simd, "ssse3")
DSNET__SIMD_ENTRY(v6_ssse3, v6_simd, "ssse3")
DSNET__SIMD_ENTRY(v4_avx, v4_simd, "avx")
DSNET__SIMD_ENTRY(v6_avx, v6_simd, "avx")
DSNET__SIMD_ENTRY(v6_avx512, v6_avx512_simd, DSNET__AVX512)
#undef DSNET__SIMD_ENTRY
#endif

/* ---- the fast parse -------------------------------------------------------------- */

/* The best code this CPU runs for family fam: 3 AVX-512 with VBMI2 (IPv6
 * only: for IPv4 it measured slower than AVX), 2 AVX, 1 SSSE3, 0 portable. */
static inline int simd_level(int fam) {
#if defined(DSNET__X86_64)
  if (fam == 6 && __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("avx512vbmi") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt"))
    return 3;
  return __builtin_cpu_supports("avx") ? 2 : __builtin_cpu_supports("ssse3") ? 1 : 0;
#else
  (void)fam;
  return 0;
#endif
}

/* Which fast path may take s[0..len): 4 for a dotted quad (its first '.'
 * is byte 1, 2 or 3: one SWAR test, as a branch per byte would mispredict
 * on random addresses), 6 for the lengths of the IPv6 texts the fast path
 * takes (none with a '.'; "::" and "::1" are left to the full parser), 0
 * for neither. */
static inline int fast_family(const char *s, size_t len) {
  if (len >= 7 && (dsnet__zero_bytes32(le32((const unsigned char *)s) ^ 0x2e2e2e2eu) & 0x80808000u))
    return 4;
  return len >= 4 && len <= 39 ? 6 : 0;
}

/* The portable fast paths, out of line so that the SIMD path through
 * dsnet_addr_parse stays a small function with a short prologue. */
static DSNET_NOINLINE int parse_fast_portable(const char *s, size_t len, dsnet_addr *out) {
  int fam = fast_family(s, len);
  if (fam == 4) {
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
  load_words(s, len, w, 6);
  v6_masks_portable(w, &m);
  return v6_from_masks(s, len, &m, out);
}

/* The whole parse on CPUs without the SIMD code, out of line so that
 * dsnet__addr_parse only dispatches (by tail calls, with no registers to
 * save). */
static DSNET_NOINLINE dsnet_status parse_portable(const char *s, size_t len, unsigned flags,
                                                  dsnet_addr *out, dsnet_error *err) {
  if (parse_fast_portable(s, len, out)) {
    if (err)
      dsnet__clear(err);
    return DSNET_OK;
  }
  return dsnet__addr_parse_ref(s, len, flags, out, NULL, err);
}

/* impl: DSNET__FAST_BEST, or a lower level for the tests (the level is
 * capped by what the CPU runs). */
static inline int parse_fast(const char *s, size_t len, int impl, dsnet_addr *out) {
  int fam = fast_family(s, len);
  if (!fam)
    return 0;
  int level = simd_level(fam);
  if (impl != DSNET__FAST_BEST && impl < level)
    level = impl;
#ifdef DSNET__X86_64
  if (level > 0) {
    if (fam == 4)
      return level >= 2 ? v4_avx(s, len, out) : v4_ssse3(s, len, out);
    return level == 3   ? v6_avx512(s, len, out)
           : level == 2 ? v6_avx(s, len, out)
                        : v6_ssse3(s, len, out);
  }
#endif
  return parse_fast_portable(s, len, out);
}

int dsnet__addr_parse_fast(const char *s, size_t len, int impl, dsnet_addr *out) {
  return parse_fast(s, len, impl, out);
}

dsnet_status dsnet__addr_parse(const char *s, size_t len, unsigned flags, dsnet_addr *out,
                               size_t offs[16], dsnet_error *err) {
  int fam = offs ? 0 : fast_family(s, len); /* byte offsets come from the full parser only */
  if (!fam)
    return dsnet__addr_parse_ref(s, len, flags, out, offs, err);
#ifdef DSNET__X86_64
  int level = simd_level(fam);
  if (level > 0) { /* parse_fast's choice, by tail calls */
    if (fam == 4)
      return level >= 2 ? v4_avx_parse(s, len, flags, out, err)
                        : v4_ssse3_parse(s, len, flags, out, err);
    return level == 3   ? v6_avx512_parse(s, len, flags, out, err)
           : level == 2 ? v6_avx_parse(s, len, flags, out, err)
                        : v6_ssse3_parse(s, len, flags, out, err);
  }
#endif
  return parse_portable(s, len, flags, out, err);
}

dsnet_status dsnet_addr_parse(const char *s, size_t len, unsigned flags, dsnet_addr *out,
                              dsnet_error *err) {
  if (!out || (!s && len))
    return dsnet__fail(err, DSNET_EINVAL, 0, "dsnet_addr_parse: NULL argument");
  return dsnet__addr_parse(s, len, flags, out, NULL, err);
}
