/* Tests of the dualstack module. */
#include "testutil.h"

#include <stdio.h>

static unsigned parse_flags(const char *f) {
  unsigned flags = 0;
  if (strstr(f, "dual"))
    flags |= DSNET_DUALSTACK_REQUIRE_DUAL;
  if (strstr(f, "trim"))
    flags |= DSNET_DUALSTACK_TRIM;
  if (strstr(f, "sloppy"))
    flags |= DSNET_PARSE_SLOPPY;
  if (strstr(f, "mask"))
    flags |= DSNET_PARSE_MASK_HOST;
  return flags;
}

static dsnet_status parse_cidr_list(const char *in, size_t len, char **f, int nf, char *out,
                                    size_t cap, dsnet_error *e) {
  (void)nf;
  dsnet_dualstack_cidrs l;
  unsigned flags = parse_flags(f[1]);
  dsnet_status st = dsnet_dualstack_parse_cidrs(in, len, flags, &l, e);
  if (st == DSNET_OK) {
    dsnet_dualstack_format_cidrs(&l, out, cap);
    assert_int_equal(dsnet_dualstack_validate_cidrs(&l, flags, NULL), DSNET_OK);
  }
  return st;
}

static dsnet_status parse_ip_list(const char *in, size_t len, char **f, int nf, char *out,
                                  size_t cap, dsnet_error *e) {
  (void)nf;
  dsnet_dualstack_ips l;
  unsigned flags = parse_flags(f[1]);
  dsnet_status st = dsnet_dualstack_parse_ips(in, len, flags, &l, e);
  if (st == DSNET_OK) {
    dsnet_dualstack_format_ips(&l, out, cap);
    assert_int_equal(dsnet_dualstack_validate_ips(&l, flags, NULL), DSNET_OK);
  }
  return st;
}

static void run_file(const char *rel, int cidrs, unsigned min_cases) {
  vec_run(rel, 2, min_cases, cidrs ? parse_cidr_list : parse_ip_list);
}

static void test_cidr_vectors(void **state) {
  (void)state;
  run_file("dualstack/cidrs.txt", 1, 30);
}

static void test_ip_vectors(void **state) {
  (void)state;
  run_file("dualstack/ips.txt", 0, 10);
}

static void test_primary_and_find(void **state) {
  (void)state;
  dsnet_dualstack_cidrs l;
  const char *s = "fc00::/48,10.244.0.0/16";
  assert_int_equal(dsnet_dualstack_parse_cidrs(s, strlen(s), 0, &l, NULL), DSNET_OK);
  assert_int_equal(l.count, 2);
  assert_int_equal(l.cidr[0].addr.family, DSNET_FAMILY_IPV6); /* primary: the first */
  assert_int_equal(l.offset[0], 0);
  assert_int_equal(l.offset[1], 10);
  assert_int_equal(dsnet_dualstack_cidrs_find(&l, DSNET_FAMILY_IPV4), 1);
  assert_int_equal(dsnet_dualstack_cidrs_find(&l, DSNET_FAMILY_IPV6), 0);
  l.count = 1;
  assert_int_equal(dsnet_dualstack_cidrs_find(&l, DSNET_FAMILY_IPV4), -1);
  dsnet_dualstack_ips ips;
  assert_int_equal(dsnet_dualstack_parse_ips("10.0.0.10", 9, 0, &ips, NULL), DSNET_OK);
  assert_int_equal(dsnet_dualstack_ips_find(&ips, DSNET_FAMILY_IPV4), 0);
  assert_int_equal(dsnet_dualstack_ips_find(&ips, DSNET_FAMILY_IPV6), -1);
}

static void test_messages(void **state) {
  (void)state;
  dsnet_dualstack_cidrs l;
  dsnet_error e;
  const char *sp = "10.244.0.0/16, fc00::/48";
  assert_int_equal(dsnet_dualstack_parse_cidrs(sp, strlen(sp), 0, &l, &e), DSNET_EWHITESPACE);
  assert_non_null(strstr(e.message, "after ','"));
  assert_non_null(strstr(e.message, "not trimmed"));
  const char *same = "10.244.0.0/16,10.245.0.0/16";
  assert_int_equal(dsnet_dualstack_parse_cidrs(same, strlen(same), 0, &l, &e),
                   DSNET_ELIST_SAME_FAMILY);
  assert_non_null(strstr(e.message, "both entries are IPv4"));
  assert_non_null(strstr(e.message, "at least one from each IPFamily")); /* Kubernetes' words */
  const char *three = "10.0.0.0/8,fc00::/48,11.0.0.0/8";
  assert_int_equal(dsnet_dualstack_parse_cidrs(three, strlen(three), 0, &l, &e),
                   DSNET_ELIST_TOO_MANY);
  assert_non_null(strstr(e.message, "3 entries"));
  assert_non_null(strstr(e.message, "more than max allowed of 2"));
  const char *mapped = "::ffff:10.0.0.0/104";
  assert_int_equal(dsnet_dualstack_parse_cidrs(mapped, strlen(mapped), 0, &l, &e),
                   DSNET_ELIST_MAPPED);
  assert_non_null(strstr(e.message, "write 10.0.0.0/8"));
  assert_int_equal(
      dsnet_dualstack_parse_cidrs("10.0.0.0/8", 10, DSNET_DUALSTACK_REQUIRE_DUAL, &l, &e),
      DSNET_ELIST_NOT_DUAL);
  assert_non_null(strstr(e.message, "only IPv4"));
}

static void test_validate_hand_built(void **state) {
  (void)state;
  dsnet_dualstack_cidrs l;
  dsnet_error e;
  l.cidr[0] = P("10.0.0.0/8");
  l.cidr[1] = P("fc00::/7");
  l.count = 2;
  assert_int_equal(dsnet_dualstack_validate_cidrs(&l, DSNET_DUALSTACK_REQUIRE_DUAL, NULL),
                   DSNET_OK);
  l.count = 0;
  assert_int_equal(dsnet_dualstack_validate_cidrs(&l, 0, &e), DSNET_ELIST_EMPTY);
  l.count = 3;
  assert_int_equal(dsnet_dualstack_validate_cidrs(&l, 0, &e), DSNET_ELIST_TOO_MANY);
  l.count = 2;
  l.cidr[1] = P("11.0.0.0/8");
  assert_int_equal(dsnet_dualstack_validate_cidrs(&l, 0, &e), DSNET_ELIST_SAME_FAMILY);
  l.cidr[1].len = 4; /* host bits set: not a valid prefix */
  assert_int_equal(dsnet_dualstack_validate_cidrs(&l, 0, &e), DSNET_EINVAL);
  dsnet_dualstack_ips ips;
  ips.ip[0] = A("::ffff:1.2.3.4");
  ips.count = 1;
  assert_int_equal(dsnet_dualstack_validate_ips(&ips, 0, &e), DSNET_ELIST_MAPPED);
  ips.ip[0] = A("10.0.0.1");
  assert_int_equal(dsnet_dualstack_validate_ips(&ips, DSNET_DUALSTACK_REQUIRE_DUAL, &e),
                   DSNET_ELIST_NOT_DUAL);
}

static void test_format_buffer(void **state) {
  (void)state;
  dsnet_dualstack_cidrs l;
  const char *s = "10.244.0.0/16,fc00::/48";
  char buf[DSNET_DUALSTACK_STRLEN];
  assert_int_equal(dsnet_dualstack_parse_cidrs(s, strlen(s), 0, &l, NULL), DSNET_OK);
  assert_int_equal(dsnet_dualstack_format_cidrs(&l, NULL, 0), strlen(s));
  assert_int_equal(dsnet_dualstack_format_cidrs(&l, buf, strlen(s)), strlen(s));
  assert_string_equal(buf, "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cidr_vectors),        cmocka_unit_test(test_ip_vectors),
      cmocka_unit_test(test_primary_and_find),    cmocka_unit_test(test_messages),
      cmocka_unit_test(test_validate_hand_built), cmocka_unit_test(test_format_buffer),
  };
  return cmocka_run_group_tests_name("dualstack", tests, NULL, NULL);
}
