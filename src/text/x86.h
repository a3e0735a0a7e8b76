/*
 * What the x86-64 kernels of the text layer share: the intrinsics, the
 * attribute of the SSSE3 bodies, the finish of both IPv6 SIMD parsers and
 * the macro that makes a level's two entry points from a body. Private to
 * src/text/; only on x86-64 (DSNET__X86_64).
 */
#ifndef DSNET_TEXT_X86_H
#define DSNET_TEXT_X86_H

#include "kernels.h"

#ifdef DSNET__X86_64
#include <immintrin.h>

#include "../fail.h"
#include "text.h"

/* The SSSE3 bodies are inlined into entry points compiled for SSSE3 and for
 * AVX, where the same intrinsics get the three-operand VEX forms (fewer
 * register copies). */
#define DSNET__SIMD_BODY __attribute__((target("ssse3"), always_inline)) static inline

/* The 8 groups g (16-bit, host order, group 0 first) as the address: one
 * shuffle makes the two big-endian halves. (Both IPv6 SIMD parsers.) */
DSNET__SIMD_BODY void dsnet__v6_store(__m128i g, dsnet_addr *out) {
  __m128i x =
      _mm_shuffle_epi8(g, _mm_setr_epi8(6, 7, 4, 5, 2, 3, 0, 1, 14, 15, 12, 13, 10, 11, 8, 9));
  out->family = DSNET_FAMILY_IPV6;
  out->hi = (uint64_t)_mm_cvtsi128_si64(x);
  out->lo = (uint64_t)_mm_cvtsi128_si64(_mm_srli_si128(x, 8));
}

/* The reference parsers, where the entry points hand over. */
static inline dsnet_status dsnet__addr_ref(const char *s, size_t len, unsigned flags,
                                           dsnet_addr *out, dsnet_error *err) {
  return dsnet__addr_parse_ref(s, len, flags, out, NULL, err);
}

/* The two entry points of one body and instruction set: name (the fast path
 * alone, for the tests and dispatch.c) and name_parse, which finishes the
 * whole public call, clearing *err or handing the text to the reference
 * parser (slow), so that the public parsers reach it by tail calls and no
 * function on the way saves registers. (type is a type name: it cannot be
 * parenthesized.) */
/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define DSNET__SIMD_ENTRY(name, body, isa, type, slow)                                             \
  __attribute__((target(isa))) int name(const char *s, size_t len, type *out) {                    \
    return body(s, len, out);                                                                      \
  }                                                                                                \
  __attribute__((target(isa))) dsnet_status name##_parse(                                          \
      const char *s, size_t len, unsigned flags, type *out, dsnet_error *err) {                    \
    if (DSNET_LIKELY(body(s, len, out))) {                                                         \
      if (err)                                                                                     \
        dsnet__clear(err);                                                                         \
      return DSNET_OK;                                                                             \
    }                                                                                              \
    return slow(s, len, flags, out, err);                                                          \
  }

/* The whole prefix parse for text that is not a dotted quad (the IPv4 text
 * that dsnet__looks_v4 picks has the one-pass IPv4 entry): the tail read
 * from the end, the IPv6 body v6body inlined, then the reference parser,
 * so that an IPv6 prefix costs one call less than through
 * dsnet__prefix_fast_any. Anything the IPv6 fast path would not take goes
 * to the portable level's whole parse, which judges every family. */
#define DSNET__PREFIX_ANY_ENTRY(name, v6body, isa)                                                 \
  __attribute__((target(isa))) dsnet_status name(const char *s, size_t len, unsigned flags,        \
                                                 dsnet_prefix *out, dsnet_error *err) {            \
    unsigned bits;                                                                                 \
    size_t alen = dsnet__prefix_tail(s, len, &bits);                                               \
    if (dsnet__fast_family(s, alen) != DSNET_FAMILY_IPV6)                                          \
      return dsnet__prefix_parse_any(s, len, flags, out, err);                                     \
    dsnet_addr a;                                                                                  \
    if (DSNET_LIKELY(v6body(s, alen, &a) && dsnet__prefix_fill(&a, bits, out))) {                  \
      if (err)                                                                                     \
        dsnet__clear(err);                                                                         \
      return DSNET_OK;                                                                             \
    }                                                                                              \
    return dsnet__prefix_parse_ref(s, len, flags, out, err);                                       \
  }
/* NOLINTEND(bugprone-macro-parentheses) */

#endif /* DSNET__X86_64 */
#endif /* DSNET_TEXT_X86_H */
