/*
 * Internal helpers shared by the dsnet modules. Not installed, not exported.
 *
 * Error reporting: every module reports failures through dsnet__fail(), so
 * that records are filled the same way everywhere (code, offset, message).
 */
#ifndef DSNET_INTERNAL_H
#define DSNET_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dsnet/error.h"
#include "dsnet/service.h"

#if defined(__GNUC__) || defined(__clang__)
#define DSNET_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define DSNET_NOINLINE __attribute__((noinline))
#define DSNET_LIKELY(x) __builtin_expect(!!(x), 1)
#define DSNET_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define DSNET_PRINTF(f, a)
#define DSNET_NOINLINE
#define DSNET_LIKELY(x) (x)
#define DSNET_UNLIKELY(x) (x)
#endif

/* Room for one quoted value: 4 output bytes per input byte (\xNN), the cut
 * marker, the quotes and the NUL. */
#define DSNET__QUOTE_CAP (DSNET_ERROR_QUOTE_MAX * 4 + 8)

/*
 * Fill *err (if not NULL) with code, offset and a printf-formatted message,
 * and return code. Messages longer than the record are cut at a byte
 * boundary that keeps them NUL-terminated.
 */
dsnet_status dsnet__fail(dsnet_error *err, dsnet_status code, size_t offset, const char *fmt, ...)
    DSNET_PRINTF(4, 5);

/* A string view holds text: set and not empty. */
static inline int dsnet__sv_set(dsnet_strview v) {
  return v.ptr != NULL && v.len > 0;
}

/* A string view equals the NUL-terminated literal lit. */
static inline int dsnet__sv_eq(dsnet_strview v, const char *lit) {
  size_t n = strlen(lit);
  return v.ptr != NULL && v.len == n && memcmp(v.ptr, lit, n) == 0;
}

/* Copy text tmp[0..n) to the caller's (buf, cap) under the library's text
 * contract: the NUL-terminated text if it fits, else "" (never a cut
 * value). Returns n, the length needed without the NUL. */
static inline size_t dsnet__emit(const char *tmp, size_t n, char *buf, size_t cap) {
  if (n >= cap) {
    if (cap > 0)
      buf[0] = '\0';
    return n;
  }
  memcpy(buf, tmp, n);
  buf[n] = '\0';
  return n;
}

/* 0x80 in each byte of x that is 0, exactly (no false positives); the
 * 32-bit form of the SWAR byte test in addrtext.c. */
static inline uint32_t dsnet__zero_bytes32(uint32_t x) {
  return ~(((x & 0x7f7f7f7fu) + 0x7f7f7f7fu) | x | 0x7f7f7f7fu);
}

/* ---- SIMD (addrtext.c, addrfmt.c) ---------------------------------------------- */

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(DSNET_NO_SIMD)
#define DSNET__X86_64 1
/* The AVX-512 code: masked loads and stores, byte permutes, byte
 * compress and expand (VBMI, VBMI2). */
#define DSNET__AVX512 "avx512f,avx512bw,avx512vl,avx512vbmi,avx512vbmi2,bmi,bmi2,popcnt"
/* Whether this CPU (and its OS) runs the DSNET__AVX512 code. */
static inline int dsnet__cpu_avx512(void) {
  return __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("avx512vbmi") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
}
#endif

/* ---- address text (addrtext.c: SIMD and dispatch; addrswar.c: portable) ---- */

/* 4 and 8 bytes at p as little-endian words. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint64_t dsnet__le64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}
static inline uint32_t dsnet__le32(const unsigned char *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
#else /* any byte order: compilers turn these into plain loads where they can */
static inline uint64_t dsnet__le64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}
static inline uint32_t dsnet__le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
#endif

/* The text s[0..len) as little-endian 64-bit words, zero past len: w[k]
 * holds bytes 8k..8k+7. Loads only within s[0..len), and builds the words
 * in registers: a copy through a stack buffer would cost a failed
 * store-to-load forwarding on every wide load after it. */
static inline void dsnet__load_words(const char *s, size_t len, uint64_t *w, unsigned nw) {
  const unsigned char *u = (const unsigned char *)s;
  if (len < 8) {
    uint64_t x = 0;
    if (len >= 4)
      x = dsnet__le32(u) | (uint64_t)dsnet__le32(u + len - 4) << (8 * (len - 4));
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
    uint64_t x = dsnet__le64(u + off);
    w[k] = at >= len ? 0 : x >> (8 * (at - off));
  }
}

/* The rules that the byte masks alone decide, as one test so that valid
 * input meets one branch: only hex digits and ':', at most one "::", no
 * single ':' first or last, no group of 5 digits. Returns the bit of the
 * first ':' of "::" (0 when none) in *dc. */
static inline int dsnet__v6_masks_ok(uint64_t colon, uint64_t hex, size_t len, uint64_t *dc) {
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

/* Which fast path may take s[0..len): 4 for a dotted quad
 * (dsnet__looks_v4), 6 for the lengths of the IPv6 texts the fast path
 * takes (none with a '.'; "::" and "::1" are left to the full parser), 0
 * for neither. */
static inline int dsnet__fast_family(const char *s, size_t len) {
  if (dsnet__looks_v4(s, len))
    return 4;
  return len >= 4 && len <= 39 ? 6 : 0;
}

/* Number of set bits of v. */
static inline unsigned dsnet__popcount64(uint64_t v) {
#if (defined(__GNUC__) || defined(__clang__)) && (!defined(__x86_64__) || defined(__POPCNT__))
  return (unsigned)__builtin_popcountll(v);
#else /* x86-64 without POPCNT: the builtin would be a libgcc call */
  v = v - ((v >> 1) & UINT64_C(0x5555555555555555));
  v = (v & UINT64_C(0x3333333333333333)) + ((v >> 2) & UINT64_C(0x3333333333333333));
  v = (v + (v >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
  return (unsigned)((v * UINT64_C(0x0101010101010101)) >> 56);
#endif
}

/* Index of the lowest set bit of v; v must not be 0. */
static inline unsigned dsnet__ctz64(uint64_t v) {
#if defined(__GNUC__) || defined(__clang__)
  return (unsigned)__builtin_ctzll(v);
#else
  unsigned n = 0;
  while (!(v & 1)) {
    v >>= 1;
    n++;
  }
  return n;
#endif
}

/* dsnet_error_clear() inline, for the hot paths; err is not NULL. */
static inline void dsnet__clear(dsnet_error *err) {
  err->code = DSNET_OK;
  err->offset = 0;
  err->message[0] = '\0';
}

/* Return DSNET_OK after resetting *err (if not NULL). */
dsnet_status dsnet__ok(dsnet_error *err);

/*
 * Write s[0..len) as a double-quoted, printable string into dst (capacity
 * DSNET__QUOTE_CAP): bytes outside 0x20..0x7e and the quote and backslash
 * are escaped, and inputs longer than DSNET_ERROR_QUOTE_MAX are cut and
 * marked with "...". Returns dst.
 */
const char *dsnet__quote(char dst[DSNET__QUOTE_CAP], const char *s, size_t len);

#endif /* DSNET_INTERNAL_H */

/* ---- shared by addr, prefix and subnet ---------------------------------- */
#include "dsnet/addr.h"
#include "dsnet/prefix.h"

/* True when a has a known family and, for IPv4, no bits above bit 31. */
static inline int dsnet__addr_valid(const dsnet_addr *a) {
  return a->family == DSNET_FAMILY_IPV6 ||
         (a->family == DSNET_FAMILY_IPV4 && a->hi == 0 && (a->lo >> 32) == 0);
}

/* Number of address bits of a valid family (32 or 128). */
static inline unsigned dsnet__bits(unsigned family) {
  return family == DSNET_FAMILY_IPV4 ? 32u : 128u;
}

/* The 128-bit value with the top `len` bits of a `bits`-wide family set,
 * aligned as addresses are stored (IPv4 in the low 32 bits). len <= bits. */
static inline void dsnet__mask(unsigned family, unsigned len, uint64_t *hi, uint64_t *lo) {
  unsigned host = dsnet__bits(family) - len; /* host bits, 0..128 */
  uint64_t hh, hl;                           /* host mask */
  if (host == 0) {
    hh = hl = 0;
  } else if (host < 64) {
    hh = 0;
    hl = (UINT64_C(1) << host) - 1;
  } else if (host < 128) {
    hh = host == 64 ? 0 : (UINT64_C(1) << (host - 64)) - 1;
    hl = ~UINT64_C(0);
  } else {
    hh = hl = ~UINT64_C(0);
  }
  if (family == DSNET_FAMILY_IPV4) { /* only the low 32 bits exist */
    *hi = 0;
    *lo = ~hl & UINT64_C(0xffffffff);
  } else {
    *hi = ~hh;
    *lo = ~hl;
  }
}

/* No bit of a valid address a is set past the first len (len <= its
 * family's width), without a branch on len. */
static inline int dsnet__host_bits_zero(const dsnet_addr *a, unsigned len) {
  if (a->family == DSNET_FAMILY_IPV4)
    return (a->lo & (UINT64_C(0xffffffff) >> (len & 63))) == 0;
  unsigned h = (128 - len) & 255; /* host bits, 0..128 */
  uint64_t hl = h >= 64 ? ~UINT64_C(0) : ~(~UINT64_C(0) << (h & 63));
  uint64_t hh = h > 64 ? ~UINT64_C(0) >> ((128 - h) & 63) : 0;
  return ((a->hi & hh) | (a->lo & hl)) == 0;
}

/* hi:lo >>= n (any n; 128 and more give 0). Inline for the hot paths;
 * dsnet_u128_shr() is this. */
static inline void dsnet__shr128(uint64_t *hi, uint64_t *lo, unsigned n) {
  if (n >= 128) {
    *hi = *lo = 0;
  } else if (n >= 64) {
    *lo = *hi >> (n - 64);
    *hi = 0;
  } else if (n > 0) {
    *lo = (*lo >> n) | (*hi << (64 - n));
    *hi >>= n;
  }
}

/* dsnet_prefix_is_valid(), inline for the hot paths: known family, length
 * within it, host bits zero, and nothing above bit 31 for IPv4. */
static inline int dsnet__prefix_valid(const dsnet_prefix *p) {
  if (p->addr.family == DSNET_FAMILY_IPV4) {
    uint64_t host = p->len >= 32 ? 0 : (UINT64_C(0xffffffff) >> p->len);
    return p->len <= 32 && p->addr.hi == 0 && (p->addr.lo >> 32) == 0 && (p->addr.lo & host) == 0;
  }
  if (p->addr.family != DSNET_FAMILY_IPV6 || p->len > 128)
    return 0;
  unsigned h = 128u - p->len;
  uint64_t hh = h > 64 ? (h >= 128 ? ~UINT64_C(0) : (UINT64_C(1) << (h - 64)) - 1) : 0;
  uint64_t hl = h >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << h) - 1;
  return (p->addr.hi & hh) == 0 && (p->addr.lo & hl) == 0;
}

/* Subnet `index` (hi:lo, already checked to be below 2^(newlen - len)) of a
 * valid prefix p: p's address OR index << (bits - newlen). */
static inline void dsnet__nth(const dsnet_prefix *p, unsigned newlen, uint64_t ihi, uint64_t ilo,
                              dsnet_prefix *out) {
  unsigned sh = dsnet__bits(p->addr.family) - newlen; /* index bits start here */
  uint64_t hi, lo;
  if (sh >= 128) {
    hi = lo = 0;
  } else if (sh >= 64) {
    hi = ilo << (sh - 64);
    lo = 0;
  } else if (sh > 0) {
    hi = (ihi << sh) | (ilo >> (64 - sh));
    lo = ilo << sh;
  } else {
    hi = ihi;
    lo = ilo;
  }
  out->addr.family = p->addr.family;
  out->addr.hi = p->addr.hi | hi;
  out->addr.lo = p->addr.lo | lo;
  out->len = (uint8_t)newlen;
}

/*
 * Address parser core. When offs is not NULL it receives, for each of the
 * 4 or 16 address bytes, the offset in s of the text that produced it
 * (the start of its IPv4 part or IPv6 group, or of the "::" that stands for
 * it): the prefix parser uses this to point at the first host bit.
 */
dsnet_status dsnet__addr_parse(const char *s, size_t len, unsigned flags, dsnet_addr *out,
                               size_t offs[16], dsnet_error *err);

/* The fast paths alone (addrtext.c): 1 and the value for valid strict
 * text, 0 for anything else (which the full parser then judges). `impl`
 * picks the code: DSNET__FAST_BEST (what the library uses: the best the
 * CPU runs), or at most DSNET__FAST_SSSE3 / DSNET__FAST_PORTABLE, so that
 * tests and fuzzers check every variant against the full parser. */
enum {
  DSNET__FAST_PORTABLE = 0,
  DSNET__FAST_SSSE3 = 1,
  DSNET__FAST_AVX = 2,
  DSNET__FAST_AVX512 = 3,
  DSNET__FAST_BEST = 4
};
int dsnet__addr_parse_fast(const char *s, size_t len, int impl, dsnet_addr *out);

/* The portable fast path (addrswar.c: 64-bit SWAR, any CPU), with the
 * same contract as dsnet__addr_parse_fast. */
int dsnet__addr_parse_portable(const char *s, size_t len, dsnet_addr *out);

/* The IPv4 prefix fast path (addrtext.c; SIMD only: 0 on other CPUs), for
 * text that dsnet__looks_v4: 1 and *out for valid strict text with no
 * host bit set, 0 for anything else (which the general prefix fast path
 * and then the full parser judge). impl as for dsnet__addr_parse_fast. */
int dsnet__prefix_parse_v4(const char *s, size_t len, int impl, dsnet_prefix *out);

/* The whole prefix parse of text that dsnet__looks_v4 (addrtext.c): the
 * one-pass IPv4 path, then the full parser (what the one-pass path
 * declines no fast path takes: it takes every valid strict IPv4 prefix);
 * without SIMD, dsnet__prefix_parse_any (prefix.c: the fast path for any
 * family, then the full parser). dsnet_prefix_parse reaches them by tail
 * calls. */
dsnet_status dsnet__prefix_parse_v4_full(const char *s, size_t len, unsigned flags,
                                         dsnet_prefix *out, dsnet_error *err);
dsnet_status dsnet__prefix_parse_any(const char *s, size_t len, unsigned flags, dsnet_prefix *out,
                                     dsnet_error *err);

/* The prefix parser's fast path alone (1 and the value for valid strict
 * text without host bits, 0 for anything else), and its full path alone:
 * the reference the fast path is checked against. */
int dsnet__prefix_parse_fast(const char *s, size_t len, dsnet_prefix *out);
dsnet_status dsnet__prefix_parse_ref(const char *s, size_t len, unsigned flags, dsnet_prefix *out,
                                     dsnet_error *err);

/* Canonical (RFC 5952) or, with full, fully expanded text of a valid
 * address at p, without a NUL; returns its length. Uses p[0] to
 * p[DSNET_ADDR_STRLEN - 1] as scratch, whatever the text's length. */
size_t dsnet__addr_text(const dsnet_addr *a, int full, char *p);
/* The same with the code chosen as for dsnet__addr_parse_fast (impl):
 * DSNET__FAST_PORTABLE for the table-driven writer, anything else for the
 * best the CPU runs (the tests check one against the other). */
size_t dsnet__addr_text_using(const dsnet_addr *a, int full, int impl, char *p);

/* The full parser alone, without the fast paths: the reference the fast
 * paths are checked against (tests, fuzzers). */
dsnet_status dsnet__addr_parse_ref(const char *s, size_t len, unsigned flags, dsnet_addr *out,
                                   size_t offs[16], dsnet_error *err);

/* Classify the byte at s[p] that ends or breaks an address and fail with the
 * matching status: whitespace, zone, trailing bytes (when the text before p
 * already is a complete address) or a bad character. `what` names the
 * object being parsed ("IPv4 address", "prefix", ...). */
dsnet_status dsnet__bad_byte(const char *s, size_t len, size_t p, int complete, const char *what,
                             dsnet_error *err);
