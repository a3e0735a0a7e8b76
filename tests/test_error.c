/* Tests of the error module. */
#include "testutil.h"

#include <ctype.h>

/* Every status, as listed in error.h. */
static const dsnet_status all[] = {
    DSNET_OK,
    DSNET_EINVAL,
    DSNET_ENOBUFS,
    DSNET_ERANGE,
    DSNET_EOVERFLOW,
    DSNET_ENOMEM,
    DSNET_EFAMILY,
    DSNET_EEMPTY,
    DSNET_EWHITESPACE,
    DSNET_EBADCHAR,
    DSNET_EZONE,
    DSNET_ETRAILING,
    DSNET_EV4_LEADING_ZERO,
    DSNET_EV4_PART_RANGE,
    DSNET_EV4_EMPTY_PART,
    DSNET_EV4_TOO_FEW_PARTS,
    DSNET_EV4_TOO_MANY_PARTS,
    DSNET_EV6_GROUP_TOO_LONG,
    DSNET_EV6_MULTIPLE_ELLIPSIS,
    DSNET_EV6_TOO_MANY_GROUPS,
    DSNET_EV6_TOO_FEW_GROUPS,
    DSNET_EV6_BAD_COLON,
    DSNET_EV6_EMBEDDED_V4,
    DSNET_EPREFIX_NO_LENGTH,
    DSNET_EPREFIX_LEN_EMPTY,
    DSNET_EPREFIX_LEN_SIGN,
    DSNET_EPREFIX_LEN_LEADING_ZERO,
    DSNET_EPREFIX_LEN_BADCHAR,
    DSNET_EPREFIX_LEN_RANGE,
    DSNET_EPREFIX_HOST_BITS,
    DSNET_ENUM_BADCHAR,
    DSNET_ENEWLEN,
    DSNET_ENOT_CONTAINED,
    DSNET_EBAD_RANGE,
};

static void test_pinned_values(void **state) {
  (void)state;
  /* values are part of the ABI: pinned */
  assert_int_equal(DSNET_OK, 0);
  assert_int_equal(DSNET_EINVAL, 1);
  assert_int_equal(DSNET_EFAMILY, 6);
  assert_int_equal(DSNET_EEMPTY, 100);
  assert_int_equal(DSNET_EV4_LEADING_ZERO, 110);
  assert_int_equal(DSNET_EV6_GROUP_TOO_LONG, 120);
  assert_int_equal(DSNET_EV6_EMBEDDED_V4, 125);
  assert_int_equal(DSNET_EPREFIX_NO_LENGTH, 200);
  assert_int_equal(DSNET_EPREFIX_HOST_BITS, 206);
  assert_int_equal(DSNET_ENUM_BADCHAR, 300);
  assert_int_equal(DSNET_ENEWLEN, 400);
  assert_int_equal(DSNET_EBAD_RANGE, 402);
}

static void test_names(void **state) {
  (void)state;
  size_t n = sizeof all / sizeof all[0];
  for (size_t i = 0; i < n; i++) {
    const char *name = dsnet_status_name(all[i]);
    const char *desc = dsnet_strerror(all[i]);
    assert_non_null(name);
    assert_non_null(desc);
    assert_string_not_equal(name, "unknown");
    assert_string_not_equal(desc, "unknown error");
    for (const char *p = name; *p; p++) /* snake_case */
      assert_true(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_');
    for (size_t j = 0; j < i; j++)
      assert_string_not_equal(name, dsnet_status_name(all[j]));
  }
  assert_string_equal(dsnet_status_name(DSNET_OK), "ok");
  assert_string_equal(dsnet_status_name(DSNET_EV4_LEADING_ZERO), "v4_leading_zero");
  assert_string_equal(dsnet_status_name(DSNET_EPREFIX_HOST_BITS), "prefix_host_bits");
  assert_string_equal(dsnet_status_name((dsnet_status)9999), "unknown");
  assert_string_equal(dsnet_strerror((dsnet_status)-5), "unknown error");
}

static void test_clear(void **state) {
  (void)state;
  dsnet_error e;
  POISON(e);
  dsnet_error_clear(&e);
  assert_int_equal(e.code, DSNET_OK);
  assert_int_equal(e.offset, 0);
  assert_string_equal(e.message, "");
  dsnet_error_clear(NULL);
}

static void test_success_resets(void **state) {
  (void)state;
  dsnet_error e;
  dsnet_addr a;
  assert_int_equal(dsnet_addr_parse("x", 1, 0, &a, &e), DSNET_EBADCHAR);
  assert_int_equal(dsnet_addr_parse("::1", 3, 0, &a, &e), DSNET_OK);
  assert_int_equal(e.code, DSNET_OK);
  assert_int_equal(e.offset, 0);
  assert_string_equal(e.message, "");
}

static void test_version(void **state) {
  (void)state;
  assert_string_equal(dsnet_version(), DSNET_VERSION_STRING);
  assert_int_equal(DSNET_VERSION_HEX,
                   (DSNET_VERSION_MAJOR << 16) | (DSNET_VERSION_MINOR << 8) | DSNET_VERSION_PATCH);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pinned_values), cmocka_unit_test(test_names),
      cmocka_unit_test(test_clear),         cmocka_unit_test(test_success_resets),
      cmocka_unit_test(test_version),
  };
  return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
