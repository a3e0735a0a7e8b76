/*
 * The text layer's contract: all text <-> value code of addresses and
 * prefixes, below addr and prefix (design.md section 1). addr.c and
 * prefix.c hold the public entry points and call down into these; the
 * layer calls nothing above it (it only sees the value types declared in
 * dsnet/addr.h and dsnet/prefix.h). Private: not installed, not exported.
 *
 * Inside the layer (src/text/):
 *   dispatch.h/.c the one CPU check, the table of entry points per level, and the
 *                 inline parse and format paths of the public entry points
 *   ref.c         the reference parsers, with byte offsets and messages
 *   swar.c        the portable fast paths (64-bit SWAR), any CPU
 *   x86_sse.c     the SSSE3 kernels, compiled for SSSE3 and for AVX
 *   x86_avx512.c  the AVX-512 (VBMI2) IPv6 parser and text writers
 *   format.c      the portable, table-driven text writers
 *
 * A fast path only ever answers "valid strict text, here is the value" or
 * "not mine"; the reference parser decides everything else and reports the
 * error and its offset. So a fast path can only be wrong by being slow, and
 * tests/test_addrtext.c and the fuzzers check each level against the
 * reference on every input.
 */
#ifndef DSNET_TEXT_H
#define DSNET_TEXT_H

#include <stddef.h>

#include "dsnet/addr.h"
#include "dsnet/error.h"
#include "dsnet/prefix.h"

/* The code levels of the fast paths, lowest first. A level runs on a CPU
 * that has its instruction sets (dispatch.h decides); DSNET__FAST_BEST
 * asks for the best the CPU runs. Tests and fuzzers pass lower levels to
 * check every variant against the reference parser. */
typedef enum dsnet__level {
  DSNET__FAST_PORTABLE = 0, /* 64-bit SWAR (swar.c), table-driven writers (format.c) */
  DSNET__FAST_SSSE3 = 1,    /* x86-64 SSSE3 parsers (x86_sse.c) */
  DSNET__FAST_AVX = 2,      /* the same parsers in VEX encodings (x86_sse.c) */
  DSNET__FAST_AVX512 = 3,   /* AVX-512 VBMI2 IPv6 parser and writers (x86_avx512.c) */
  DSNET__FAST_BEST = 4      /* not a level: whatever this CPU runs best */
} dsnet__level;

/* The level this CPU runs best (DSNET__FAST_PORTABLE on every CPU but
 * x86-64, and in a DSNET_NO_SIMD build). */
dsnet__level dsnet__best_level(void);

/* ---- parsing ---- */

/*
 * The whole address parse: the fast path of the best level, then the
 * reference parser. When offs is not NULL it receives, for each of the 4
 * or 16 address bytes, the offset in s of the text that produced it (the
 * start of its IPv4 part or IPv6 group, or of the "::" that stands for it);
 * offsets come from the reference parser only. s may be NULL only when len
 * is 0.
 */
dsnet_status dsnet__addr_parse(const char *s, size_t len, unsigned flags, dsnet_addr *out,
                               size_t offs[16], dsnet_error *err);

/* The reference parsers alone, without the fast paths: what the fast
 * paths are checked against (tests, fuzzers). offs as for
 * dsnet__addr_parse. */
dsnet_status dsnet__addr_parse_ref(const char *s, size_t len, unsigned flags, dsnet_addr *out,
                                   size_t offs[16], dsnet_error *err);
dsnet_status dsnet__prefix_parse_ref(const char *s, size_t len, unsigned flags, dsnet_prefix *out,
                                     dsnet_error *err);

/* The address fast path alone: 1 and the value for valid strict text, 0 for
 * anything else (which the reference parser then judges). impl: a level, at
 * most what the CPU runs, or DSNET__FAST_BEST. */
int dsnet__addr_parse_fast(const char *s, size_t len, int impl, dsnet_addr *out);

/* The portable address fast path (swar.c), with the same contract. */
int dsnet__addr_parse_portable(const char *s, size_t len, dsnet_addr *out);

/* The one-pass IPv4 prefix path alone (SIMD levels only: 0 at the portable
 * level), for text like a dotted quad: 1 and *out for valid strict text
 * with no host bit set, 0 for anything else. impl as for
 * dsnet__addr_parse_fast. */
int dsnet__prefix_parse_v4(const char *s, size_t len, int impl, dsnet_prefix *out);

/* The prefix fast paths alone at the best level (1 and the value for
 * valid strict text without host bits, 0 for anything else). */
int dsnet__prefix_parse_fast(const char *s, size_t len, dsnet_prefix *out);

/* ---- formatting ---- */

/* Canonical (RFC 5952) or, with full, fully expanded text of a valid
 * address at p, without a NUL; returns its length. Uses p[0] to
 * p[DSNET_ADDR_STRLEN - 1] as scratch, whatever the text's length. */
size_t dsnet__addr_text(const dsnet_addr *a, int full, char *p);

/* The same with the writers of level impl: DSNET__FAST_PORTABLE for the
 * table-driven ones, anything else for the best the CPU runs up to impl
 * (the tests check one against the other). */
size_t dsnet__addr_text_using(const dsnet_addr *a, int full, int impl, char *p);

/* Canonical text of a prefix with a valid address and length at p, without
 * a NUL; returns its length. Uses p[0] to p[DSNET_PREFIX_STRLEN - 1] as
 * scratch. */
size_t dsnet__prefix_text(const dsnet_prefix *pfx, char *p);

/* The whole parse and format calls that dsnet_addr_parse(), dsnet_prefix_parse()
 * and their format twins make are inline, in dispatch.h. */

#endif /* DSNET_TEXT_H */
