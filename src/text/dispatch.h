/*
 * The text layer's one door to CPU-specific code, inline so that the public
 * entry points (addr.c, prefix.c) reach a level's entry point by a direct
 * jump: the only CPU check, the table of entry points per level, and the
 * whole parse and format calls over them.
 * Private to src/text/ and to the two modules right above it.
 */
#ifndef DSNET_TEXT_DISPATCH_H
#define DSNET_TEXT_DISPATCH_H

#include <string.h>

#include "../compiler.h"
#include "../outbuf.h"
#include "kernels.h"
#include "text.h"

/* One level's entry points. The IPv4 ones of the AVX-512 row are AVX's:
 * an AVX-512 IPv4 parser measured slower (bench/README.md). */
typedef struct dsnet__impl {
  dsnet__addr_fast_fn *v4, *v6;
  dsnet__addr_parse_fn *v4_parse, *v6_parse;
  dsnet__prefix_fast_fn *v4_prefix;
  dsnet__prefix_parse_fn *v4_prefix_parse, *any_prefix_parse;
  dsnet__addr_format_fn *addr_format;
  dsnet__prefix_format_fn *prefix_format;
} dsnet__impl;

/* The portable level has no one-pass IPv4 prefix path. */
static inline int dsnet__no_v4_prefix(const char *s, size_t len, dsnet_prefix *out) {
  (void)s, (void)len, (void)out;
  return 0;
}

/* The entry points of every level, in the shape of simdutf's
 * src/implementation.cpp: adding an instruction set is one kernel file and
 * one row here. A static const table in this header (each of the three
 * files that dispatch has a copy: no state, and the optimizer sees the rows,
 * so a build with one level calls its entry points directly). */
static const dsnet__impl dsnet__impls[DSNET__FAST_BEST] = {
    [DSNET__FAST_PORTABLE] = {dsnet__addr_parse_portable, dsnet__addr_parse_portable,
                              dsnet__addr_parse_portable_full, dsnet__addr_parse_portable_full,
                              dsnet__no_v4_prefix, dsnet__prefix_parse_any, dsnet__prefix_parse_any,
                              dsnet__addr_format_portable, dsnet__prefix_format_portable},
#ifdef DSNET__X86_64
    [DSNET__FAST_SSSE3] = {dsnet__v4_ssse3, dsnet__v6_ssse3, dsnet__v4_ssse3_parse,
                           dsnet__v6_ssse3_parse, dsnet__v4_prefix_ssse3,
                           dsnet__v4_prefix_ssse3_parse, dsnet__prefix_any_ssse3_parse,
                           dsnet__addr_format_portable, dsnet__prefix_format_portable},
    [DSNET__FAST_AVX] = {dsnet__v4_avx, dsnet__v6_avx, dsnet__v4_avx_parse, dsnet__v6_avx_parse,
                         dsnet__v4_prefix_avx, dsnet__v4_prefix_avx_parse,
                         dsnet__prefix_any_avx_parse, dsnet__addr_format_portable,
                         dsnet__prefix_format_portable},
    [DSNET__FAST_AVX512] = {dsnet__v4_avx, dsnet__v6_avx512, dsnet__v4_avx_parse,
                            dsnet__v6_avx512_parse, dsnet__v4_prefix_avx,
                            dsnet__v4_prefix_avx_parse, dsnet__prefix_any_avx512_parse,
                            dsnet__addr_format_avx512, dsnet__prefix_format_avx512},
#endif
};

/* The best level this CPU (and its OS) runs, at most AVX unless avx512 (the
 * IPv4 parsers are the same at both, so they skip the AVX-512 tests). */
static inline dsnet__level dsnet__cpu_level(int avx512) {
#ifdef DSNET__X86_64
  if (avx512 && __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("avx512vbmi") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt"))
    return DSNET__FAST_AVX512; /* (implies AVX) */
  return __builtin_cpu_supports("avx")     ? DSNET__FAST_AVX
         : __builtin_cpu_supports("ssse3") ? DSNET__FAST_SSSE3
                                           : DSNET__FAST_PORTABLE;
#else
  (void)avx512;
  return DSNET__FAST_PORTABLE;
#endif
}

/* The best level this CPU runs, at most cap (a level, or DSNET__FAST_BEST);
 * at most AVX when not avx512. */
static inline dsnet__level dsnet__level_at(int cap, int avx512) {
  dsnet__level l = dsnet__cpu_level(avx512);
  return cap < (int)l && cap >= 0 ? (dsnet__level)cap : l;
}

/* Level l's entry point `field`, called with the arguments that follow: one
 * branch per level, each on a constant row of the table, which the compiler
 * turns into a direct (tail) call. A call through the pointer loaded from
 * the row measured 4-6 % slower on the IPv6 parsers (bench/README.md): the
 * branches are as predictable as the indirect jump, and a direct call lets
 * the CPU fetch the kernel before the level is known. */
#ifdef DSNET__X86_64
#define DSNET__CALL(l, field, ...)                                                                 \
  ((l) == DSNET__FAST_AVX512  ? dsnet__impls[DSNET__FAST_AVX512].field(__VA_ARGS__)                \
   : (l) == DSNET__FAST_AVX   ? dsnet__impls[DSNET__FAST_AVX].field(__VA_ARGS__)                   \
   : (l) == DSNET__FAST_SSSE3 ? dsnet__impls[DSNET__FAST_SSSE3].field(__VA_ARGS__)                 \
                              : dsnet__impls[DSNET__FAST_PORTABLE].field(__VA_ARGS__))
#else
#define DSNET__CALL(l, field, ...)                                                                 \
  ((void)(l), dsnet__impls[DSNET__FAST_PORTABLE].field(__VA_ARGS__))
#endif

/* The address fast path of the best level up to impl_cap (a level, or
 * DSNET__FAST_BEST): 1 and the value for valid strict text, 0 otherwise. */
static inline int dsnet__addr_fast_inline(const char *s, size_t len, int impl_cap,
                                          dsnet_addr *out) {
  unsigned fam = dsnet__fast_family(s, len);
  if (fam == DSNET_FAMILY_IPV4) {
    dsnet__level l = dsnet__level_at(impl_cap, 0);
    return DSNET__CALL(l, v4, s, len, out);
  }
  if (fam == DSNET_FAMILY_IPV6) {
    dsnet__level l = dsnet__level_at(impl_cap, 1);
    return DSNET__CALL(l, v6, s, len, out);
  }
  return 0;
}

/* The whole address parse without byte offsets: the level's entry point,
 * or the reference parser for text no fast path takes. */
static inline dsnet_status dsnet__addr_parse_inline(const char *s, size_t len, unsigned flags,
                                                    dsnet_addr *out, dsnet_error *err) {
  unsigned fam = dsnet__fast_family(s, len);
  if (fam == DSNET_FAMILY_IPV4) {
    dsnet__level l = dsnet__cpu_level(0);
    return DSNET__CALL(l, v4_parse, s, len, flags, out, err);
  }
  if (fam == DSNET_FAMILY_IPV6) {
    dsnet__level l = dsnet__cpu_level(1);
    return DSNET__CALL(l, v6_parse, s, len, flags, out, err);
  }
  return dsnet__addr_parse_ref(s, len, flags, out, NULL, err);
}

/* The whole prefix parse: IPv4 through the level's one-pass path, which
 * takes every valid strict IPv4 prefix, so what it declines goes straight
 * to the reference parser (at the portable level: the fast path for any
 * family first); anything else through the level's path for any family. */
static inline dsnet_status dsnet__prefix_parse_inline(const char *s, size_t len, unsigned flags,
                                                      dsnet_prefix *out, dsnet_error *err) {
  if (dsnet__looks_v4(s, len)) {
    dsnet__level l = dsnet__cpu_level(0);
    return DSNET__CALL(l, v4_prefix_parse, s, len, flags, out, err);
  }
  dsnet__level l = dsnet__cpu_level(1);
  return DSNET__CALL(l, any_prefix_parse, s, len, flags, out, err);
}

/* A valid address's text in the caller's (buf, cap) (outbuf.h), and a
 * prefix's with a valid address and length: the level's format call. */
static inline size_t dsnet__addr_format_inline(const dsnet_addr *a, int full, char *buf,
                                               size_t cap) {
  dsnet__level l = dsnet__cpu_level(1);
  return DSNET__CALL(l, addr_format, a, full, buf, cap);
}

static inline size_t dsnet__prefix_format_inline(const dsnet_prefix *pfx, char *buf, size_t cap) {
  dsnet__level l = dsnet__cpu_level(1);
  return DSNET__CALL(l, prefix_format, pfx, buf, cap);
}

#endif /* DSNET_TEXT_DISPATCH_H */
