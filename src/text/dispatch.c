/* The text layer's one door to CPU-specific code: the only CPU check, the
 * levels it picks from, and one const table of entry points per level (the
 * shape of simdutf's src/implementation.cpp). Adding an instruction set is
 * one kernel file and one row here.
 *
 * Every public parse reaches its level's entry point by tail calls, so no
 * function on the way saves registers; the level is recomputed on every
 * call (a few bit tests of what the compiler's CPU probe recorded at load
 * time), which keeps the library free of mutable state. */
#include <string.h>

#include "../outbuf.h"
#include "kernels.h"
#include "text.h"

/* One level's entry points. The IPv4 ones of the AVX-512 row are AVX's:
 * an AVX-512 IPv4 parser measured slower (bench/README.md). */
typedef struct impl {
  dsnet__addr_fast_fn *v4, *v6;
  dsnet__addr_parse_fn *v4_parse, *v6_parse;
  dsnet__prefix_fast_fn *v4_prefix;
  dsnet__prefix_parse_fn *v4_prefix_parse;
  dsnet__put_v4_fn *put_v4;
  dsnet__put_v6_fn *put_v6;
} impl;

/* The portable level has no one-pass IPv4 prefix path. */
static int no_v4_prefix(const char *s, size_t len, dsnet_prefix *out) {
  (void)s, (void)len, (void)out;
  return 0;
}

static const impl impls[DSNET__FAST_BEST] = {
    [DSNET__FAST_PORTABLE] = {dsnet__addr_parse_portable, dsnet__addr_parse_portable,
                              dsnet__addr_parse_portable_full, dsnet__addr_parse_portable_full,
                              no_v4_prefix, dsnet__prefix_parse_any, dsnet__put_v4, dsnet__put_v6},
#ifdef DSNET__X86_64
    [DSNET__FAST_SSSE3] = {dsnet__v4_ssse3, dsnet__v6_ssse3, dsnet__v4_ssse3_parse,
                           dsnet__v6_ssse3_parse, dsnet__v4_prefix_ssse3,
                           dsnet__v4_prefix_ssse3_parse, dsnet__put_v4, dsnet__put_v6},
    [DSNET__FAST_AVX] = {dsnet__v4_avx, dsnet__v6_avx, dsnet__v4_avx_parse, dsnet__v6_avx_parse,
                         dsnet__v4_prefix_avx, dsnet__v4_prefix_avx_parse, dsnet__put_v4,
                         dsnet__put_v6},
    [DSNET__FAST_AVX512] = {dsnet__v4_avx, dsnet__v6_avx512, dsnet__v4_avx_parse,
                            dsnet__v6_avx512_parse, dsnet__v4_prefix_avx,
                            dsnet__v4_prefix_avx_parse, dsnet__put_v4_avx512, dsnet__put_v6_avx512},
#endif
};

/* The best level this CPU (and its OS) runs, at most AVX unless avx512 (the
 * IPv4 parsers are the same at both, so they skip the AVX-512 tests). */
static inline dsnet__level cpu_level(int avx512) {
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

/* The entry points of the best level, at most cap (a level, or
 * DSNET__FAST_BEST); at most AVX when not avx512. */
static inline const impl *pick_at(int cap, int avx512) {
  dsnet__level l = cpu_level(avx512);
  return &impls[cap < (int)l && cap >= 0 ? (dsnet__level)cap : l];
}

static inline const impl *pick(int cap) {
  return pick_at(cap, 1);
}

/* ---- parsing ---- */

int dsnet__addr_parse_fast(const char *s, size_t len, int impl_cap, dsnet_addr *out) {
  unsigned fam = dsnet__fast_family(s, len);
  if (!fam)
    return 0;
  const impl *m = pick_at(impl_cap, fam == DSNET_FAMILY_IPV6);
  return fam == DSNET_FAMILY_IPV4 ? m->v4(s, len, out) : m->v6(s, len, out);
}

dsnet_status dsnet__addr_parse(const char *s, size_t len, unsigned flags, dsnet_addr *out,
                               size_t offs[16], dsnet_error *err) {
  /* byte offsets come from the reference parser only */
  unsigned fam = offs ? 0 : dsnet__fast_family(s, len);
  if (!fam)
    return dsnet__addr_parse_ref(s, len, flags, out, offs, err);
  if (fam == DSNET_FAMILY_IPV4)
    return pick_at(DSNET__FAST_BEST, 0)->v4_parse(s, len, flags, out, err);
  return pick(DSNET__FAST_BEST)->v6_parse(s, len, flags, out, err);
}

int dsnet__prefix_parse_v4(const char *s, size_t len, int impl_cap, dsnet_prefix *out) {
  return pick_at(impl_cap, 0)->v4_prefix(s, len, out);
}

int dsnet__prefix_parse_fast(const char *s, size_t len, dsnet_prefix *out) {
  return (dsnet__looks_v4(s, len) && dsnet__prefix_parse_v4(s, len, DSNET__FAST_BEST, out)) ||
         dsnet__prefix_fast_any(s, len, out);
}

dsnet_status dsnet__prefix_parse(const char *s, size_t len, unsigned flags, dsnet_prefix *out,
                                 dsnet_error *err) {
  /* IPv4: the level's one-pass path, which takes every valid strict IPv4
   * prefix, so what it declines goes straight to the reference parser (at
   * the portable level: the fast path for any family first). */
  if (dsnet__looks_v4(s, len))
    return pick_at(DSNET__FAST_BEST, 0)->v4_prefix_parse(s, len, flags, out, err);
  return dsnet__prefix_parse_any(s, len, flags, out, err);
}

/* ---- formatting ---- */

size_t dsnet__addr_text_using(const dsnet_addr *a, int full, int impl_cap, char *p) {
  const impl *m = pick(impl_cap);
  if (a->family == DSNET_FAMILY_IPV4)
    return m->put_v4(p, (uint32_t)a->lo);
  if (!full && a->hi == 0 && (a->lo >> 32) == 0xffffu) { /* IPv4-mapped: RFC 5952 section 5 */
    memcpy(p, "::ffff:", 7);
    return 7 + m->put_v4(p + 7, (uint32_t)a->lo);
  }
  return m->put_v6(p, a->hi, a->lo, full);
}

size_t dsnet__addr_text(const dsnet_addr *a, int full, char *p) {
  return dsnet__addr_text_using(a, full, DSNET__FAST_BEST, p);
}

size_t dsnet__prefix_text(const dsnet_prefix *pfx, char *p) {
  size_t n = dsnet__addr_text(&pfx->addr, 0, p);
  return n + dsnet__put_len(p + n, pfx->len);
}

size_t dsnet__addr_format(const dsnet_addr *a, int full, char *buf, size_t cap) {
  if (cap >= DSNET_ADDR_STRLEN) { /* room for the scratch writes: format in place */
    size_t n = dsnet__addr_text(a, full, buf);
    buf[n] = '\0';
    return n;
  }
  char tmp[DSNET_ADDR_STRLEN];
  return dsnet__emit(tmp, dsnet__addr_text(a, full, tmp), buf, cap);
}

size_t dsnet__prefix_format(const dsnet_prefix *pfx, char *buf, size_t cap) {
  if (cap >= DSNET_PREFIX_STRLEN) { /* room for the scratch writes: format in place */
    size_t n = dsnet__prefix_text(pfx, buf);
    buf[n] = '\0';
    return n;
  }
  char tmp[DSNET_PREFIX_STRLEN];
  return dsnet__emit(tmp, dsnet__prefix_text(pfx, tmp), buf, cap);
}
