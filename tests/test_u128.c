/* Tests of the u128 module. Decimal constants were computed with Python's
 * arbitrary-precision integers. */
#include "testutil.h"

static void test_format_known(void **state) {
  (void)state;
  static const struct {
    uint64_t hi, lo;
    const char *dec;
  } cases[] = {
      {0, 0, "0"},
      {0, 9, "9"},
      {0, 10, "10"},
      {0, 999999999, "999999999"},
      {0, 1000000000, "1000000000"},
      {0, UINT64_MAX, "18446744073709551615"},
      {1, 0, "18446744073709551616"},
      {UINT64_C(0x8000000000000000), 0, "170141183460469231731687303715884105728"},
      {UINT64_MAX, UINT64_MAX, "340282366920938463463374607431768211455"},
      {UINT64_C(0x4b3b4ca85a86c47a), UINT64_C(0x098a224000000000),
       "100000000000000000000000000000000000000"},
      {UINT64_C(0x27e41b32), UINT64_C(0x46bec9b16e398115), "12345678901234567890123456789"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dsnet_u128 v = {cases[i].hi, cases[i].lo}, back;
    char buf[DSNET_U128_STRLEN];
    assert_int_equal(dsnet_u128_format(&v, buf, sizeof buf), strlen(cases[i].dec));
    assert_string_equal(buf, cases[i].dec);
    assert_int_equal(dsnet_u128_parse(cases[i].dec, strlen(cases[i].dec), &back, NULL), DSNET_OK);
    assert_true(back.hi == v.hi && back.lo == v.lo);
  }
}

static void test_format_buffer(void **state) {
  (void)state;
  dsnet_u128 v = {0, 12345};
  char buf[8];
  assert_int_equal(dsnet_u128_format(&v, NULL, 0), 5);
  assert_int_equal(dsnet_u128_format(&v, buf, 5), 5);
  assert_string_equal(buf, "");
  assert_int_equal(dsnet_u128_format(&v, buf, 6), 5);
  assert_string_equal(buf, "12345");
}

static void test_pow2(void **state) {
  (void)state;
  char buf[DSNET_U128_STRLEN];
  assert_int_equal(dsnet_u128_format_pow2(0, buf, sizeof buf), 1);
  assert_string_equal(buf, "1");
  dsnet_u128_format_pow2(64, buf, sizeof buf);
  assert_string_equal(buf, "18446744073709551616");
  dsnet_u128_format_pow2(127, buf, sizeof buf);
  assert_string_equal(buf, "170141183460469231731687303715884105728");
  assert_int_equal(dsnet_u128_format_pow2(128, buf, sizeof buf), 39);
  assert_string_equal(buf, "340282366920938463463374607431768211456");
  assert_int_equal(dsnet_u128_format_pow2(129, buf, sizeof buf), 0);
  assert_string_equal(buf, "");
  /* every exponent agrees with shifting and formatting */
  for (unsigned k = 0; k < 128; k++) {
    dsnet_u128 v;
    char b2[DSNET_U128_STRLEN];
    assert_int_equal(dsnet_u128_pow2(k, &v, NULL), DSNET_OK);
    dsnet_u128_format(&v, b2, sizeof b2);
    dsnet_u128_format_pow2(k, buf, sizeof buf);
    assert_string_equal(buf, b2);
  }
  dsnet_u128 v;
  assert_int_equal(dsnet_u128_pow2(128, &v, NULL), DSNET_EOVERFLOW);
}

static void test_parse_errors(void **state) {
  (void)state;
  dsnet_u128 v;
  dsnet_error e;
  POISON(e);
  assert_int_equal(dsnet_u128_parse("", 0, &v, &e), DSNET_EEMPTY);
  assert_int_equal(dsnet_u128_parse("12a", 3, &v, &e), DSNET_ENUM_BADCHAR);
  assert_int_equal(e.offset, 2);
  assert_int_equal(dsnet_u128_parse("-1", 2, &v, &e), DSNET_ENUM_BADCHAR);
  assert_int_equal(e.offset, 0);
  assert_int_equal(dsnet_u128_parse(" 1", 2, &v, &e), DSNET_ENUM_BADCHAR);
  /* 2^128 overflows at its last digit; 2^128 - 1 does not */
  assert_int_equal(dsnet_u128_parse("340282366920938463463374607431768211456", 39, &v, &e),
                   DSNET_EOVERFLOW);
  assert_int_equal(e.offset, 38);
  assert_int_equal(dsnet_u128_parse("340282366920938463463374607431768211455", 39, &v, &e),
                   DSNET_OK);
  assert_int_equal(dsnet_u128_parse("3402823669209384634633746074317682114550", 40, &v, &e),
                   DSNET_EOVERFLOW);
  assert_int_equal(e.offset, 39);
  /* leading zeros are allowed; the length bounds the input */
  assert_int_equal(dsnet_u128_parse("000042xyz", 6, &v, NULL), DSNET_OK);
  assert_true(v.hi == 0 && v.lo == 42);
}

static void test_add_sub(void **state) {
  (void)state;
  dsnet_u128 a = {0, UINT64_MAX}, one = {0, 1}, r;
  assert_int_equal(dsnet_u128_add(&a, &one, &r, NULL), DSNET_OK); /* carry into hi */
  assert_true(r.hi == 1 && r.lo == 0);
  assert_int_equal(dsnet_u128_sub(&r, &one, &r, NULL), DSNET_OK); /* borrow from hi */
  assert_true(r.hi == 0 && r.lo == UINT64_MAX);
  dsnet_u128 max = {UINT64_MAX, UINT64_MAX}, zero = {0, 0};
  assert_int_equal(dsnet_u128_add(&max, &one, &r, NULL), DSNET_EOVERFLOW);
  dsnet_u128 hi = {UINT64_MAX, 0}, h2 = {1, 0};
  assert_int_equal(dsnet_u128_add(&hi, &h2, &r, NULL), DSNET_EOVERFLOW);
  dsnet_u128 almost = {UINT64_MAX, UINT64_MAX - 1};
  assert_int_equal(dsnet_u128_add(&almost, &one, &r, NULL), DSNET_OK);
  assert_true(r.hi == UINT64_MAX && r.lo == UINT64_MAX);
  assert_int_equal(dsnet_u128_sub(&zero, &one, &r, NULL), DSNET_EOVERFLOW);
  assert_int_equal(dsnet_u128_sub(&max, &max, &r, NULL), DSNET_OK);
  assert_true(r.hi == 0 && r.lo == 0);
}

static void test_compare_shift(void **state) {
  (void)state;
  dsnet_u128 a = {1, 0}, b = {0, UINT64_MAX}, r;
  assert_true(dsnet_u128_compare(&a, &b) > 0);
  assert_true(dsnet_u128_compare(&b, &a) < 0);
  assert_int_equal(dsnet_u128_compare(&a, &a), 0);
  dsnet_u128 one = {0, 1};
  dsnet_u128_shl(&one, 64, &r);
  assert_true(r.hi == 1 && r.lo == 0);
  dsnet_u128_shl(&one, 127, &r);
  assert_true(r.hi == UINT64_C(0x8000000000000000) && r.lo == 0);
  dsnet_u128_shl(&one, 128, &r);
  assert_true(r.hi == 0 && r.lo == 0);
  dsnet_u128_shl(&b, 4, &r);
  assert_true(r.hi == 0xf && r.lo == UINT64_MAX - 0xf);
  dsnet_u128_shr(&r, 4, &r);
  assert_true(r.hi == 0 && r.lo == UINT64_MAX);
  dsnet_u128_shr(&a, 64, &r);
  assert_true(r.hi == 0 && r.lo == 1);
  dsnet_u128_shr(&a, 200, &r);
  assert_true(r.hi == 0 && r.lo == 0);
  dsnet_u128_shr(&a, 0, &r);
  assert_true(r.hi == 1 && r.lo == 0);
}

static void test_u64(void **state) {
  (void)state;
  dsnet_u128 v;
  uint64_t x;
  dsnet_error e;
  dsnet_u128_from_u64(UINT64_MAX, &v);
  assert_int_equal(dsnet_u128_to_u64(&v, &x, NULL), DSNET_OK);
  assert_true(x == UINT64_MAX);
  v.hi = 1;
  assert_int_equal(dsnet_u128_to_u64(&v, &x, &e), DSNET_ERANGE);
  assert_non_null(strstr(e.message, "36893488147419103231"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_format_known), cmocka_unit_test(test_format_buffer),
      cmocka_unit_test(test_pow2),         cmocka_unit_test(test_parse_errors),
      cmocka_unit_test(test_add_sub),      cmocka_unit_test(test_compare_shift),
      cmocka_unit_test(test_u64),
  };
  return cmocka_run_group_tests_name("u128", tests, NULL, NULL);
}
