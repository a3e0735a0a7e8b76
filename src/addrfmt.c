/* dsnet addr module, formatting: address values to RFC 5952 text (or the
 * full form), table-driven, with no printf and no branch that depends on
 * the address (addrtext.c holds the way in). Checked against a printf
 * formatter by tests/test_addrtext.c.
 *
 * The writers store whole 8-byte words and advance by the length of what
 * they meant to write, so each needs DSNET_ADDR_STRLEN bytes of room:
 * callers format in place when the caller's buffer has that room and
 * through a scratch buffer otherwise. */
#include <string.h>

#include "dsnet/addr.h"
#include "internal.h"

#ifdef DSNET__X86_64
#include <immintrin.h>
#endif

#define DSNET__TABLES_FORMAT
#include "addrtext_tables.h" /* dec3, hex2, zrun */

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
static size_t put_v4(char *p, uint32_t v) {
  size_t n = 0;
  for (int i = 24; i >= 0; i -= 8) {
    unsigned o = (v >> i) & 255u;
    memcpy(p + n, dec3[o], 4);
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
static size_t put_v6(char *p, uint64_t hi, uint64_t lo, int full) {
  unsigned g[8], zm = 0;
  for (unsigned i = 0; i < 4; i++) {
    g[i] = (unsigned)(hi >> (48 - 16 * i)) & 0xffffu;
    g[4 + i] = (unsigned)(lo >> (48 - 16 * i)) & 0xffffu;
  }
  for (unsigned i = 0; i < 8; i++)
    zm |= (unsigned)(g[i] == 0) << i;
  unsigned run = full ? 0 : zrun[zm];
  unsigned rs = run >> 4, rl = run & 15u, re = rs + rl; /* the "::" run [rs, re) */
  size_t n = 0;
  for (unsigned i = 0; i < 8; i++) {
    unsigned v = g[i];
    unsigned nd = full ? 4 : ndigits16(v);
    uint32_t x = hex2[v >> 8] | (uint32_t)hex2[v & 0xffu]
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

#ifdef DSNET__X86_64
/* The text laid out as 8 groups of 5 bytes, ':' and 4 hex digits, then one
 * more ':' (bytes 0..40); these are bit masks over those bytes. */
#define L_DIGITS UINT64_C(0xf7bdef7bde)      /* the 32 digits */
#define L_SEPS UINT64_C(0x842108420)         /* the ':' before groups 1..7 */
#define L_LAST UINT64_C(0x8421084210)        /* each group's last digit */
#define L_HIGH_NIBBLE UINT64_C(0x5294a5294a) /* digits 0 and 2 of each group */
#define L_COLONS UINT64_C(0x10842108421)     /* every ':' byte, 0..40 */

/* put_v6 with AVX-512 (VBMI, VBMI2): every hex digit of the full form at
 * once in a 64-byte vector laid out as above (a byte permute and a
 * nibble table), then one bit mask of the bytes to keep (no leading
 * zeros; the "::" run dropped but for its two colons) and one byte
 * compress. No loop and no branch on the address; writes exactly the
 * text. */
__attribute__((target(DSNET__AVX512))) static size_t put_v6_avx512(char *p, uint64_t hi,
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
    unsigned run = zrun[_mm_cmpeq_epi16_mask(a, _mm_setzero_si128())];
    unsigned rs = run >> 4, rl = run & 15u; /* the "::" run: groups [rs, rs + rl) */
    uint64_t in_run = ((UINT64_C(1) << (5 * rl)) - 1) << (5 * rs);
    keep = ((d | L_LAST | L_SEPS) & ~in_run) |
           (rl ? UINT64_C(1) << (5 * rs) | (uint64_t)(rs + rl == 8) << 40 : 0);
  }
  size_t n = (size_t)_mm_popcnt_u64(keep);
  _mm512_mask_storeu_epi8(p, (UINT64_C(1) << n) - 1, _mm512_maskz_compress_epi8(keep, text));
  return n;
}
/* put_v4 with AVX-512: the four octet texts from the table side by side
 * in one vector, the bytes to keep are the nonzero ones (the table pads
 * with NULs), one byte compress, one masked store of exactly the text. */
__attribute__((target(DSNET__AVX512))) static size_t put_v4_avx512(char *p, uint32_t v) {
  int32_t w[4];
  for (int i = 0; i < 4; i++)
    memcpy(&w[i], dec3[(v >> (24 - 8 * i)) & 255u], 4);
  __m128i t = _mm_setr_epi32(w[0], w[1], w[2], w[3]);
  uint32_t keep = _mm_test_epi8_mask(t, t);
  size_t n = (size_t)_mm_popcnt_u32(keep) - 1; /* without the last '.' */
  _mm_mask_storeu_epi8(p, (__mmask16)((1u << n) - 1), _mm_maskz_compress_epi8((__mmask16)keep, t));
  return n;
}

#undef L_DIGITS
#undef L_SEPS
#undef L_LAST
#undef L_HIGH_NIBBLE
#undef L_COLONS
#endif

/* Whether impl asks for, and this CPU runs, the AVX-512 writers. */
static inline int simd_writers(int impl) {
#ifdef DSNET__X86_64
  return impl != DSNET__FAST_PORTABLE && dsnet__cpu_avx512();
#else
  (void)impl;
  return 0;
#endif
}

static inline size_t text_v4(char *p, uint32_t v, int impl) {
  if (simd_writers(impl)) {
#ifdef DSNET__X86_64
    return put_v4_avx512(p, v);
#endif
  }
  return put_v4(p, v);
}

/* The IPv6 text (and the IPv4-mapped form), out of line: format() keeps
 * IPv4 inline. */
static DSNET_NOINLINE size_t text_v6(const dsnet_addr *a, int full, int impl, char *p) {
  if (!full && a->hi == 0 && (a->lo >> 32) == 0xffffu) { /* IPv4-mapped: RFC 5952 section 5 */
    memcpy(p, "::ffff:", 7);
    return 7 + text_v4(p + 7, (uint32_t)a->lo, impl);
  }
  if (simd_writers(impl)) {
#ifdef DSNET__X86_64
    return put_v6_avx512(p, a->hi, a->lo, full);
#endif
  }
  return put_v6(p, a->hi, a->lo, full);
}

static inline size_t text(const dsnet_addr *a, int full, int impl, char *p) {
  return a->family == DSNET_FAMILY_IPV4 ? text_v4(p, (uint32_t)a->lo, impl)
                                        : text_v6(a, full, impl, p);
}

size_t dsnet__addr_text_using(const dsnet_addr *a, int full, int impl, char *p) {
  return text(a, full, impl, p);
}

size_t dsnet__addr_text(const dsnet_addr *a, int full, char *p) {
  return text(a, full, DSNET__FAST_BEST, p);
}

static size_t format(const dsnet_addr *a, int full, char *buf, size_t cap) {
  if (!dsnet__addr_valid(a))
    return dsnet__emit("", 0, buf, cap);
  if (cap >= DSNET_ADDR_STRLEN) { /* room for the scratch writes: format in place */
    size_t n = text(a, full, DSNET__FAST_BEST, buf);
    buf[n] = '\0';
    return n;
  }
  char tmp[DSNET_ADDR_STRLEN];
  return dsnet__emit(tmp, text(a, full, DSNET__FAST_BEST, tmp), buf, cap);
}

size_t dsnet_addr_format(const dsnet_addr *a, char *buf, size_t cap) {
  return format(a, 0, buf, cap);
}

size_t dsnet_addr_format_full(const dsnet_addr *a, char *buf, size_t cap) {
  return format(a, 1, buf, cap);
}
