/* The text layer's SSSE3 kernels (x86-64), compiled twice: for SSSE3 and,
 * with the three-operand VEX encodings, for AVX. dispatch.c picks one at
 * run time.
 *
 * Why it looks like this: on random addresses, parsing costs mostly
 * mispredicted branches (where does this part or group end?). So the text
 * is classified with byte masks, lengths come from bit positions, and
 * values from fixed-width arithmetic on a few loaded bytes. */
#include "x86.h"

#ifdef DSNET__X86_64
/* A way of writing a dotted quad: the bits of its dots and of its end, and
 * the byte shuffle that right-aligns part k's digits in bytes 4k..4k+2. */
typedef struct v4_pattern {
  uint16_t key;
  uint8_t shuf[16];
} v4_pattern;

#include "x86_sse_tables.h" /* v4_slot, v4_patterns */

/* ---- IPv4 ---------------------------------------------------------------------- */

/* SSSE3 (Mula and Lemire's method): masks of dots and digits; the dots and
 * the end pick one of the 81 patterns by a perfect hash; one shuffle
 * right-aligns every part, two multiply-adds make the 4 values. v holds
 * the text s[0..len) (7 <= len <= 15), zero past len. 1 and the address
 * in *a for a valid dotted quad, 0 otherwise. */
DSNET__SIMD_BODY int v4_vector(__m128i v, unsigned len, uint32_t *a) {
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
  *a = (uint32_t)_mm_cvtsi128_si32(bytes);
  return 1;
}

/* The 8-byte words at u and at u + n - 8 (8 <= n <= 16) as bytes 0..n-1 of
 * a vector, zero past n: reads only u[0..n). (Two register moves:
 * _mm_set_epi64x would go through the stack.) */
DSNET__SIMD_BODY __m128i load_upto16(const unsigned char *u, size_t n) {
  uint64_t lo = dsnet__le64(u), w = dsnet__le64(u + n - 8),
           hi = n == 16 ? w : (w >> (8 * (15 - n))) >> 8;
  return _mm_unpacklo_epi64(_mm_cvtsi64_si128((long long)lo), _mm_cvtsi64_si128((long long)hi));
}

DSNET__SIMD_BODY int v4_simd(const char *s, size_t len, dsnet_addr *out) {
  const unsigned char *u = (const unsigned char *)s;
  if (len < 7 || len > 15)
    return 0;
  __m128i v =
      len >= 8
          ? load_upto16(u, len)
          : _mm_cvtsi64_si128((long long)(dsnet__le32(u) | (uint64_t)dsnet__le32(u + 3) << 24));
  uint32_t a;
  if (!v4_vector(v, (unsigned)len, &a))
    return 0;
  out->family = DSNET_FAMILY_IPV4;
  out->hi = 0;
  out->lo = a;
  return 1;
}

/* An IPv4 prefix s[0..len) in one pass: the text (its first 16 bytes) in
 * one vector whose first '/' ends the address, the bytes from it on
 * cleared, then the address as v4_simd reads it; the length (1 or 2
 * digits, no leading zero, at most 32) from the last two bytes. No load
 * waits for the '/' to be found. 1 and *out for valid strict text with no
 * host bit set, 0 otherwise. */
DSNET__SIMD_BODY int v4_prefix_simd(const char *s, size_t len, dsnet_prefix *out) {
  const unsigned char *u = (const unsigned char *)s;
  if (len < 9 || len > 18)
    return 0;
  /* the first min(len, 16) >= 9 bytes, with no branch on the length (which
   * is random: a branch here mispredicts on random input, bench/README.md) */
  size_t nb = len < 16 ? len : 16;
  uint64_t hi = dsnet__le64(u + nb - 8) >> (8 * (16 - nb));
  __m128i v = _mm_unpacklo_epi64(_mm_cvtsi64_si128((long long)dsnet__le64(u)),
                                 _mm_cvtsi64_si128((long long)hi));
  unsigned slash = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('/')));
  unsigned p = (unsigned)__builtin_ctz(slash | 0x10000u); /* the address length; 16: none */
  v = _mm_and_si128(
      v, _mm_cmpgt_epi8(_mm_set1_epi8((char)p),
                        _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)));
  unsigned d1 = u[len - 1] - (unsigned)'0', d0 = u[len - 2] - (unsigned)'0';
  unsigned two = (unsigned)len - p == 3, n = d1 + ((0u - two) & (d0 * 10)); /* (no branch) */
  unsigned bad = (p < 7) | (p > 15) | (((unsigned)len - p - 2) > 1) | (d1 > 9) |
                 (two & (d0 - 1 > 8)) | (n > 32);
  uint32_t a;
  if (bad || !v4_vector(v, p, &a) || (a & (UINT64_C(0xffffffff) >> n)) != 0)
    return 0;
  out->addr.family = DSNET_FAMILY_IPV4;
  out->addr.hi = 0;
  out->addr.lo = a;
  out->len = (uint8_t)n;
  return 1;
}

/* ---- IPv6 ---------------------------------------------------------------------- */

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
    dsnet__load_words(s, len, w, 2);
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
  if (!dsnet__v6_masks_ok(colon, hex, len, &dc))
    return 0;
  /* Each group straight to its place in g, then v6_store. */
  uint64_t ends = hex & ~(hex >> 1), dcx = dc ? dc : ~UINT64_C(0);
  unsigned n = dsnet__popcount64(ends);
  if (!dsnet__v6_count_ok(n, dc))
    return 0;
  uint16_t g[8] = {0};
  for (unsigned i = 0; ends; i++) {
    g[dsnet__v6_slot(i, ends & (0 - ends), dcx, n)] = val[dsnet__ctz64(ends)];
    ends &= ends - 1;
  }
  dsnet__v6_store(_mm_loadu_si128((const __m128i *)(const void *)g), out);
  return 1;
}

/* ---- the entry points ------------------------------------------------------------ */

/* NOLINTBEGIN(bugprone-macro-parentheses) */
DSNET__SIMD_ENTRY(dsnet__v4_ssse3, v4_simd, "ssse3", dsnet_addr, dsnet__addr_ref)
DSNET__SIMD_ENTRY(dsnet__v6_ssse3, v6_simd, "ssse3", dsnet_addr, dsnet__addr_ref)
DSNET__SIMD_ENTRY(dsnet__v4_prefix_ssse3, v4_prefix_simd, "ssse3", dsnet_prefix,
                  dsnet__prefix_parse_ref)
DSNET__SIMD_ENTRY(dsnet__v4_avx, v4_simd, "avx", dsnet_addr, dsnet__addr_ref)
DSNET__SIMD_ENTRY(dsnet__v6_avx, v6_simd, "avx", dsnet_addr, dsnet__addr_ref)
DSNET__SIMD_ENTRY(dsnet__v4_prefix_avx, v4_prefix_simd, "avx", dsnet_prefix,
                  dsnet__prefix_parse_ref)
DSNET__PREFIX_ANY_ENTRY(dsnet__prefix_any_ssse3_parse, v6_simd, "ssse3")
DSNET__PREFIX_ANY_ENTRY(dsnet__prefix_any_avx_parse, v6_simd, "avx")
/* NOLINTEND(bugprone-macro-parentheses) */

#else
typedef int dsnet__no_sse; /* (ISO C wants a declaration in every file) */
#endif
