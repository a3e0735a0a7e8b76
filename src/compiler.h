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
#else
#define DSNET_PRINTF(f, a)
#define DSNET_NOINLINE
#define DSNET_LIKELY(x) (x)
#define DSNET_UNLIKELY(x) (x)
#endif

#endif /* DSNET_COMPILER_H */
