/*
 * Compiler attributes of the library's sources: format checks, inlining
 * and branch hints. Private: not installed, not exported.
 */
#ifndef DSNET_COMPILER_H
#define DSNET_COMPILER_H

#if defined(__GNUC__) || defined(__clang__)
#define DSNET_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define DSNET_NOINLINE __attribute__((noinline))
#define DSNET_LIKELY(x) __builtin_expect(!!(x), 1)
#define DSNET_UNLIKELY(x) __builtin_expect(!!(x), 0)
/* On a declaration of library-internal data: the symbol is in this library,
 * so it is reached directly rather than through the GOT. */
#define DSNET_HIDDEN __attribute__((visibility("hidden")))
#else
#define DSNET_PRINTF(f, a)
#define DSNET_NOINLINE
#define DSNET_LIKELY(x) (x)
#define DSNET_UNLIKELY(x) (x)
#define DSNET_HIDDEN
#endif

#endif /* DSNET_COMPILER_H */
