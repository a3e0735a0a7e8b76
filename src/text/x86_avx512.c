/* The text layer's AVX-512 kernels (x86-64 with VBMI and VBMI2): the IPv6
 * parser and the IPv6 and IPv4 text writers, each with no loop and no
 * branch on the address's shape. dispatch.c picks them where the CPU runs
 * them. */
#include <string.h>

#include "x86.h"

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
  if (!dsnet__v6_masks_ok(colon, hex, len, &dc))
    return 0;
  uint64_t ends = hex & ~(hex >> 1);
  unsigned n = (unsigned)_mm_popcnt_u64(ends);
  if (!dsnet__v6_count_ok(n, dc))
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
  dsnet__v6_store(_mm_maskz_expand_epi16((__mmask8)slots, _mm_unpacklo_epi8(lo8, hi8)), out);
  return 1;
}

/* NOLINTBEGIN(bugprone-macro-parentheses) */
DSNET__SIMD_ENTRY(dsnet__v6_avx512, v6_avx512_simd, DSNET__AVX512, dsnet_addr, dsnet__addr_ref)
DSNET__PREFIX_ANY_ENTRY(dsnet__prefix_any_avx512_parse, v6_avx512_simd, DSNET__AVX512)
/* NOLINTEND(bugprone-macro-parentheses) */

/* ---- text writers -------------------------------------------------------------- */

/* The text laid out as 8 groups of 5 bytes, ':' and 4 hex digits, then one
 * more ':' (bytes 0..40); these are bit masks over those bytes. */
#define L_DIGITS UINT64_C(0xf7bdef7bde)      /* the 32 digits */
#define L_SEPS UINT64_C(0x842108420)         /* the ':' before groups 1..7 */
#define L_LAST UINT64_C(0x8421084210)        /* each group's last digit */
#define L_HIGH_NIBBLE UINT64_C(0x5294a5294a) /* digits 0 and 2 of each group */
#define L_COLONS UINT64_C(0x10842108421)     /* every ':' byte, 0..40 */

/* put_v6 (format.c) with AVX-512 (VBMI, VBMI2): every hex digit of the full form at
 * once in a 64-byte vector laid out as above (a byte permute and a
 * nibble table), then one bit mask of the bytes to keep (no leading
 * zeros; the "::" run dropped but for its two colons) and one byte
 * compress. No loop and no branch on the address; writes exactly the
 * text. */
__attribute__((target(DSNET__AVX512))) static inline size_t put_v6_avx512(char *p, uint64_t hi,
                                                                          uint64_t lo, int full) {
  /* the 16 address bytes, the first group's high byte first */
  const __m128i a =
      _mm_set_epi64x((long long)__builtin_bswap64(lo), (long long)__builtin_bswap64(hi));
  const __m512i from = _mm512_set_epi8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                       0, 0, 0, 0, 15, 15, 14, 14, 0, 13, 13, 12, 12, 0, 11, 11, 10,
                                       10, 0, 9, 9, 8, 8, 0, 7, 7, 6, 6, 0, 5, 5, 4, 4, 0, 3, 3, 2,
                                       2, 0, 1, 1, 0, 0, 0); /* the address byte of each digit */
  __m512i bytes = _mm512_permutexvar_epi8(from, _mm512_castsi128_si512(a));
  __m512i nib =
      _mm512_mask_blend_epi8(L_HIGH_NIBBLE, _mm512_and_si512(bytes, _mm512_set1_epi8(0x0f)),
                             _mm512_and_si512(_mm512_srli_epi16(bytes, 4), _mm512_set1_epi8(0x0f)));
  __m512i text = _mm512_mask_blend_epi8(
      L_COLONS,
      _mm512_shuffle_epi8(
          _mm512_broadcast_i32x4(_mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
                                               'a', 'b', 'c', 'd', 'e', 'f')),
          nib),
      _mm512_set1_epi8(':'));
  uint64_t keep = L_DIGITS | L_SEPS;
  if (!full) {
    /* the digits from each group's first nonzero one on, and its last */
    uint64_t d = _mm512_test_epi8_mask(nib, nib) & L_DIGITS;
    d |= (d << 1) & L_DIGITS;
    d |= (d << 1) & L_DIGITS;
    d |= (d << 1) & L_DIGITS;
    unsigned run = dsnet__zrun[_mm_cmpeq_epi16_mask(a, _mm_setzero_si128())];
    unsigned rs = run >> 4, rl = run & 15u; /* the "::" run: groups [rs, rs + rl) */
    uint64_t in_run = ((UINT64_C(1) << (5 * rl)) - 1) << (5 * rs);
    keep = ((d | L_LAST | L_SEPS) & ~in_run) |
           (rl ? UINT64_C(1) << (5 * rs) | (uint64_t)(rs + rl == 8) << 40 : 0);
  }
  size_t n = (size_t)_mm_popcnt_u64(keep);
  _mm512_mask_storeu_epi8(p, (UINT64_C(1) << n) - 1, _mm512_maskz_compress_epi8(keep, text));
  return n;
}
/* put_v4 (format.c) with AVX-512: the four octet texts from the table side by side
 * in one vector, the bytes to keep are the nonzero ones (the table pads
 * with NULs), one byte compress, one masked store of exactly the text. */
__attribute__((target(DSNET__AVX512))) static inline size_t put_v4_avx512(char *p, uint32_t v) {
  int32_t w[4];
  for (int i = 0; i < 4; i++)
    memcpy(&w[i], dsnet__dec3[(v >> (24 - 8 * i)) & 255u], 4);
  __m128i t = _mm_setr_epi32(w[0], w[1], w[2], w[3]);
  uint32_t keep = _mm_test_epi8_mask(t, t);
  size_t n = (size_t)_mm_popcnt_u32(keep) - 1; /* without the last '.' */
  _mm_mask_storeu_epi8(p, (__mmask16)((1u << n) - 1), _mm_maskz_compress_epi8((__mmask16)keep, t));
  return n;
}

DSNET__FORMAT_ENTRIES(avx512, __attribute__((target(DSNET__AVX512))), put_v4_avx512, put_v6_avx512)

#undef L_DIGITS
#undef L_SEPS
#undef L_LAST
#undef L_HIGH_NIBBLE
#undef L_COLONS

#else
typedef int dsnet__no_avx512; /* (ISO C wants a declaration in every file) */
#endif
