/*
 * What the files of the text layer share among themselves (not the layer's
 * contract, which is text.h): the instruction-set macros, the byte-mask
 * rules every IPv6 fast path applies, the family choice of the fast paths,
 * the entry points of each level (the rows of dispatch.c's table) and the
 * formatting tables. Private to src/text/.
 */
#ifndef DSNET_TEXT_KERNELS_H
#define DSNET_TEXT_KERNELS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../bits.h"
#include "../compiler.h"
#include "../outbuf.h"
#include "../values.h"
#include "dsnet/addr.h"
#include "dsnet/error.h"
#include "dsnet/prefix.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(DSNET_NO_SIMD)
#define DSNET__X86_64 1
/* The AVX-512 code: masked loads and stores, byte permutes, byte
 * compress and expand (VBMI, VBMI2). */
#define DSNET__AVX512 "avx512f,avx512bw,avx512vl,avx512vbmi,avx512vbmi2,bmi,bmi2,popcnt"
#endif

/* ---- the rules of the fast paths ---- */

/* The rules that the byte masks alone decide, as one test so that valid
 * input meets one branch: only hex digits and ':', at most one "::", no
 * single ':' first or last, no group of 5 digits. Returns the bit of the
 * first ':' of "::" (0 when none) in *dc. */
static inline int dsnet__v6_masks_ok(uint64_t colon, uint64_t hex, size_t len, uint64_t *dc) {
  uint64_t d = colon & (colon >> 1);
  unsigned bad = (colon | hex) != (UINT64_C(1) << len) - 1;
  bad |= (d & (d - 1)) != 0;
  bad |= ((colon & 3) == 1) | (((colon >> ((len - 2) & 63)) & 3) == 2);
  bad |= (hex & hex >> 1 & hex >> 2 & hex >> 3 & hex >> 4) != 0;
  *dc = d;
  return !bad;
}

/* Where the i-th of n groups goes among the 8 (both parsers): the groups
 * after "::" move down by the 8 - n groups it stands for. endbit is the
 * bit where the group ends, dcx the bit of the first ':' of "::" (all ones
 * when there is none). */
static inline unsigned dsnet__v6_slot(unsigned i, uint64_t endbit, uint64_t dcx, unsigned n) {
  return i + ((8 - n) & (0u - (unsigned)(endbit > dcx)));
}

/* "::" (dc: its bit, 0 when none) must stand for at least one group, and
 * without it there must be 8. */
static inline int dsnet__v6_count_ok(unsigned n, uint64_t dc) {
  return dc ? n <= 7 : n == 8;
}

/* Whether s[0..len) starts like a dotted quad: at least 7 bytes and the
 * first '.' is byte 1, 2 or 3 (one SWAR test: a branch per byte would
 * mispredict on random addresses). Chooses the IPv4 fast paths. */
static inline int dsnet__looks_v4(const char *s, size_t len) {
  if (len < 7)
    return 0;
  uint32_t w = dsnet__le32((const unsigned char *)s);
  return (dsnet__zero_bytes32(w ^ 0x2e2e2e2eu) & 0x80808000u) != 0;
}

/* Which fast path may take s[0..len): DSNET_FAMILY_IPV4 for a dotted quad
 * (dsnet__looks_v4), DSNET_FAMILY_IPV6 for the lengths of the IPv6 texts
 * the fast path takes (none with a '.'; "::" and "::1" are left to the
 * reference parser), 0 for neither. */
static inline unsigned dsnet__fast_family(const char *s, size_t len) {
  if (dsnet__looks_v4(s, len))
    return DSNET_FAMILY_IPV4;
  return len >= 4 && len <= 39 ? DSNET_FAMILY_IPV6 : 0;
}

/* The tail of a prefix's text for the fast paths of any family: a '/'
 * among the last 4 bytes and a length of 1-3 digits after it, no leading
 * zero, read from the end with no branch on the digit count. Returns the
 * address's length (the bytes before that '/') and the length's value in
 * *bits; 0 when the tail is not such a length. If the address before it
 * parses, it has no '/' in it, so this is also the first '/' the full path
 * would use. */
static inline size_t dsnet__prefix_tail(const char *s, size_t len, unsigned *bits) {
  if (len < 4)
    return 0;
  uint32_t w = dsnet__le32((const unsigned char *)s + len - 4);    /* the last 4 bytes */
  uint32_t z = dsnet__zero_bytes32(w ^ 0x2f2f2f2fu) & 0x00808080u; /* '/' bytes are 0 */
  if (!z)
    return 0;
  /* k: the last '/' among bytes 0..2; the k + 1..3 after it are the
   * length, here right-aligned in bytes k..2 of d as digit values. */
  unsigned k2 = (z >> 23) & 1u, k = 2 * k2 + ((z >> 15) & 1u & ~k2);
  uint32_t m = (0xffffffu << (8 * k)) & 0xffffffu;
  uint32_t d = (((w >> (8 * k + 8)) << (8 * k)) ^ 0x303030u) & m;
  unsigned bad = ((((d & 0x7f7f7fu) + 0x767676u) | d) & 0x808080u & m) != 0; /* not all digits */
  bad |= (k < 2) & (((d >> (8 * k)) & 0xffu) == 0);                          /* leading zero */
  *bits = (d & 0xffu) * 100 + ((d >> 8) & 0xffu) * 10 + (d >> 16);
  return bad ? 0 : len - 4 + k;
}

/* The prefix of an address a fast path parsed and a length from
 * dsnet__prefix_tail: 1 when the length fits the family and no host bit is
 * set, else 0 (out untouched). */
static inline int dsnet__prefix_fill(const dsnet_addr *a, unsigned bits, dsnet_prefix *out) {
  if (bits > dsnet__bits(a->family) || !dsnet__host_bits_zero(a, bits))
    return 0;
  /* field by field: a struct copy of *a, just written in pieces by the
   * address parser, would stall on store-to-load forwarding */
  out->addr.family = a->family;
  out->addr.hi = a->hi;
  out->addr.lo = a->lo;
  out->len = (uint8_t)bits;
  return 1;
}

/* ---- the entry points of each level (dispatch.c's table) ---- */

/* The fast path alone: 1 and the value for valid strict text, else 0. */
typedef int dsnet__addr_fast_fn(const char *s, size_t len, dsnet_addr *out);
typedef int dsnet__prefix_fast_fn(const char *s, size_t len, dsnet_prefix *out);
/* The whole parse: the fast path, then (on a miss) the reference parser,
 * clearing *err on success; what the public calls reach by tail calls. */
typedef dsnet_status dsnet__addr_parse_fn(const char *s, size_t len, unsigned flags,
                                          dsnet_addr *out, dsnet_error *err);
typedef dsnet_status dsnet__prefix_parse_fn(const char *s, size_t len, unsigned flags,
                                            dsnet_prefix *out, dsnet_error *err);

/* swar.c: the portable level (the address fast path is
 * dsnet__addr_parse_portable, text.h) */
dsnet__addr_parse_fn dsnet__addr_parse_portable_full;
dsnet__prefix_fast_fn dsnet__prefix_fast_any;
dsnet__prefix_parse_fn dsnet__prefix_parse_any;

/* The whole format calls of a level: a valid address (full: the expanded
 * form) or prefix in the caller's (buf, cap) under the text contract
 * (outbuf.h), the level's writers inlined; what dsnet_addr_format() and
 * dsnet_prefix_format() reach by one indirect jump. */
typedef size_t dsnet__addr_format_fn(const dsnet_addr *a, int full, char *buf, size_t cap);
typedef size_t dsnet__prefix_format_fn(const dsnet_prefix *pfx, char *buf, size_t cap);

/* format.c: the portable format calls */
dsnet__addr_format_fn dsnet__addr_format_portable;
dsnet__prefix_format_fn dsnet__prefix_format_portable;

/* "/len" at p: 4 bytes written, 2-4 counted. */
static inline size_t dsnet__put_len(char *p, unsigned l) {
  char t[8] = {'/', (char)('0' + l / 100), (char)('0' + (l / 10) % 10), (char)('0' + l % 10)};
  unsigned drop = (unsigned)(l < 100) + (l < 10); /* leading zeros of the length */
  p[0] = '/';
  memcpy(p + 1, t + 1 + drop, 3); /* fixed size: no call; t has room past the digits */
  return 4 - drop;
}

/* The format calls of one level (sfx) from its writers put4 and put6, which
 * the same file defines (so they inline), compiled with attr. The writers
 * need DSNET_ADDR_STRLEN bytes of scratch: in place when cap has that room,
 * through a scratch buffer otherwise. */
/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define DSNET__FORMAT_ENTRIES(sfx, attr, put4, put6)                                               \
  attr static inline size_t text_##sfx(const dsnet_addr *a, int full, char *p) {                   \
    if (a->family == DSNET_FAMILY_IPV4)                                                            \
      return put4(p, (uint32_t)a->lo);                                                             \
    if (!full && a->hi == 0 && (a->lo >> 32) == 0xffffu) { /* IPv4-mapped: RFC 5952 sec. 5 */      \
      memcpy(p, "::ffff:", 7);                                                                     \
      return 7 + put4(p + 7, (uint32_t)a->lo);                                                     \
    }                                                                                              \
    return put6(p, a->hi, a->lo, full);                                                            \
  }                                                                                                \
  attr size_t dsnet__addr_format_##sfx(const dsnet_addr *a, int full, char *buf, size_t cap) {     \
    if (cap >= DSNET_ADDR_STRLEN) {                                                                \
      size_t n = text_##sfx(a, full, buf);                                                         \
      buf[n] = '\0';                                                                               \
      return n;                                                                                    \
    }                                                                                              \
    char tmp[DSNET_ADDR_STRLEN];                                                                   \
    return dsnet__emit(tmp, text_##sfx(a, full, tmp), buf, cap);                                   \
  }                                                                                                \
  attr size_t dsnet__prefix_format_##sfx(const dsnet_prefix *pfx, char *buf, size_t cap) {         \
    char tmp[DSNET_PREFIX_STRLEN];                                                                 \
    char *p = cap >= DSNET_PREFIX_STRLEN ? buf : tmp;                                              \
    size_t n = text_##sfx(&pfx->addr, 0, p);                                                       \
    n += dsnet__put_len(p + n, pfx->len);                                                          \
    if (p == buf) {                                                                                \
      buf[n] = '\0';                                                                               \
      return n;                                                                                    \
    }                                                                                              \
    return dsnet__emit(tmp, n, buf, cap);                                                          \
  }
/* NOLINTEND(bugprone-macro-parentheses) */

#ifdef DSNET__X86_64
/* x86_sse.c: one set per instruction set it is compiled for */
dsnet__addr_fast_fn dsnet__v4_ssse3, dsnet__v6_ssse3, dsnet__v4_avx, dsnet__v6_avx;
dsnet__addr_parse_fn dsnet__v4_ssse3_parse, dsnet__v6_ssse3_parse, dsnet__v4_avx_parse,
    dsnet__v6_avx_parse;
dsnet__prefix_fast_fn dsnet__v4_prefix_ssse3, dsnet__v4_prefix_avx;
dsnet__prefix_parse_fn dsnet__v4_prefix_ssse3_parse, dsnet__v4_prefix_avx_parse;
dsnet__prefix_parse_fn dsnet__prefix_any_ssse3_parse, dsnet__prefix_any_avx_parse;

/* x86_avx512.c */
dsnet__addr_fast_fn dsnet__v6_avx512;
dsnet__addr_parse_fn dsnet__v6_avx512_parse;
dsnet__prefix_parse_fn dsnet__prefix_any_avx512_parse;
dsnet__addr_format_fn dsnet__addr_format_avx512;
dsnet__prefix_format_fn dsnet__prefix_format_avx512;
#endif

/* ---- the formatting tables (format_tables.h, defined in format.c) ---- */

/* dec3[v]: decimal text of v and '.', NUL-padded to 4 bytes. */
extern DSNET_HIDDEN const char dsnet__dec3[256][4];
/* hex2[b]: the two hex digits of byte b, the first in the low byte. */
extern DSNET_HIDDEN const uint16_t dsnet__hex2[256];
/* zrun[m]: the "::" run of zero-group mask m, start << 4 | length. */
extern DSNET_HIDDEN const uint8_t dsnet__zrun[256];

#endif /* DSNET_TEXT_KERNELS_H */
