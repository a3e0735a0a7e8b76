/**
 * @file dsnet/u128.h
 * @brief Exact unsigned 128-bit counts and indexes.
 *
 * @defgroup u128 128-bit numbers
 * @{
 * IPv6 prefix sizes, subnet counts and subnet indexes need all 128 bits:
 * `::/0` split into /128 has 2^128 subnets, the last at index 2^128 - 1.
 * ::dsnet_u128 is a plain value (two 64-bit halves) with the arithmetic those
 * computations need, every overflow reported, and exact decimal text.
 * A count that may reach 2^128 itself (the size of `::/0`) is handled as a
 * power of two: see dsnet_u128_pow2() and dsnet_u128_format_pow2().
 *
 * @code
 * dsnet_prefix p;
 * dsnet_u128 n;
 * char text[DSNET_U128_STRLEN];
 * dsnet_prefix_parse("fc00::/48", 9, 0, &p, NULL);
 * dsnet_prefix_size(&p, &n, NULL);
 * dsnet_u128_format(&n, text, sizeof text);  // "1208925819614629174706176" (2^80)
 * @endcode
 */
#ifndef DSNET_U128_H
#define DSNET_U128_H

#include <stddef.h>
#include <stdint.h>

#include "dsnet/error.h"
#include "dsnet/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Buffer size that always fits the decimal text of a ::dsnet_u128 or of 2^128, with its NUL (39
 * digits + 1). */
#define DSNET_U128_STRLEN 40

/** An unsigned 128-bit integer: value = hi * 2^64 + lo. */
typedef struct dsnet_u128 {
  uint64_t hi; /**< upper 64 bits */
  uint64_t lo; /**< lower 64 bits */
} dsnet_u128;

/**
 * Make a ::dsnet_u128 from a 64-bit value.
 *
 * @param v   the value.
 * @param out receives v; must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API void dsnet_u128_from_u64(uint64_t v, dsnet_u128 *out);

/**
 * Narrow to 64 bits.
 *
 * @param v   the value; must not be NULL.
 * @param out receives the value when it fits; must not be NULL.
 * @param err error record or NULL.
 * @return #DSNET_OK, or #DSNET_ERANGE when v >= 2^64.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_u128_to_u64(const dsnet_u128 *v, uint64_t *out, dsnet_error *err);

/**
 * Three-way comparison.
 *
 * @param a operand; must not be NULL.
 * @param b operand; must not be NULL.
 * @return negative, 0 or positive as a <, ==, > b. Both must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API int dsnet_u128_compare(const dsnet_u128 *a, const dsnet_u128 *b);

/**
 * Exact sum a + b.
 *
 * @param a operands; must not be NULL.
 * @param b operands; must not be NULL.
 * @param out  receives the sum; may alias a or b.
 * @param err  error record or NULL.
 * @return #DSNET_OK, or #DSNET_EOVERFLOW when the sum is 2^128 or more.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_u128_add(const dsnet_u128 *a, const dsnet_u128 *b, dsnet_u128 *out,
                                      dsnet_error *err);

/**
 * Exact difference a - b.
 *
 * @param a operands; must not be NULL.
 * @param b operands; must not be NULL.
 * @param out  receives the difference; may alias a or b.
 * @param err  error record or NULL.
 * @return #DSNET_OK, or #DSNET_EOVERFLOW when b > a (the result would be negative).
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_u128_sub(const dsnet_u128 *a, const dsnet_u128 *b, dsnet_u128 *out,
                                      dsnet_error *err);

/**
 * Logical shift left by n bits; bits shifted past bit 127 are dropped and
 * n >= 128 gives 0 (never undefined behaviour).
 *
 * @param v   the value; must not be NULL.
 * @param n   shift count in bits.
 * @param out receives the result; may alias v.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API void dsnet_u128_shl(const dsnet_u128 *v, unsigned n, dsnet_u128 *out);

/**
 * Logical shift right by n bits; n >= 128 gives 0.
 *
 * @param v   the value; must not be NULL.
 * @param n   shift count in bits.
 * @param out receives the result; may alias v.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API void dsnet_u128_shr(const dsnet_u128 *v, unsigned n, dsnet_u128 *out);

/**
 * 2^k as a ::dsnet_u128.
 *
 * @param k   exponent.
 * @param out receives 2^k; must not be NULL.
 * @param err error record or NULL.
 * @return #DSNET_OK, or #DSNET_EOVERFLOW when k >= 128.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_u128_pow2(unsigned k, dsnet_u128 *out, dsnet_error *err);

/**
 * Decimal text of v (no sign, no leading zeros; "0" for zero).
 *
 * @param v   the value; must not be NULL.
 * @param buf output buffer; may be NULL when cap is 0.
 * @param cap capacity of buf in bytes; #DSNET_U128_STRLEN always fits.
 * @return the length of the text without its NUL. When that is >= cap the
 *         text does not fit: buf gets "" (if cap > 0), never a cut number.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API size_t dsnet_u128_format(const dsnet_u128 *v, char *buf, size_t cap);

/**
 * Decimal text of 2^k for 0 <= k <= 128, so that sizes like that of `::/0`
 * (2^128, one more than a ::dsnet_u128 holds) print exactly.
 *
 * @param k   exponent, at most 128.
 * @param buf output buffer; may be NULL when cap is 0.
 * @param cap capacity of buf in bytes; #DSNET_U128_STRLEN always fits.
 * @return the length of the text without its NUL, as dsnet_u128_format();
 *         0 (and "" in buf) when k > 128.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API size_t dsnet_u128_format_pow2(unsigned k, char *buf, size_t cap);

/**
 * Parse an unsigned decimal number (digits only; leading zeros allowed;
 * no sign, no whitespace).
 *
 * @param s   the text, not necessarily NUL-terminated; may be NULL when len is 0.
 * @param len its length in bytes.
 * @param out receives the value on success; must not be NULL.
 * @param err error record or NULL; offset is the first offending byte.
 * @return #DSNET_OK; #DSNET_EEMPTY for no digits; #DSNET_ENUM_BADCHAR for a
 *         byte that is not a digit; #DSNET_EOVERFLOW when the value exceeds
 *         2^128 - 1 (offset of the digit that overflows).
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_u128_parse(const char *s, size_t len, dsnet_u128 *out,
                                        dsnet_error *err);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_U128_H */
