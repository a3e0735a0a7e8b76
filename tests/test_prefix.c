/* Tests of the prefix module. */
#include "testutil.h"

static unsigned prefix_flags;

static dsnet_status parse_prefix(const char *in, size_t len, char **f, int nf, char *out,
                                 size_t cap, dsnet_error *e) {
  (void)f;
  (void)nf;
  dsnet_prefix p;
  dsnet_status st = dsnet_prefix_parse(in, len, prefix_flags, &p, e);
  if (st == DSNET_OK) {
    assert_true(dsnet_prefix_is_valid(&p));
    dsnet_prefix_format(&p, out, cap);
  }
  return st;
}

static void run_file(const char *rel, unsigned flags, unsigned min_cases) {
  prefix_flags = flags;
  vec_run(rel, 1, min_cases, parse_prefix);
}

static void test_strict(void **state) {
  (void)state;
  run_file("prefix/strict.txt", 0, 50);
}
static void test_sloppy(void **state) {
  (void)state;
  run_file("prefix/sloppy.txt", DSNET_PARSE_SLOPPY, 8);
}
static void test_go_net(void **state) {
  (void)state;
  run_file("prefix/go.txt", DSNET_PARSE_GO_NET, 12);
}
static void test_mask(void **state) {
  (void)state;
  run_file("prefix/mask.txt", DSNET_PARSE_MASK_HOST, 10);
}
static void test_sloppy_mask(void **state) {
  (void)state;
  run_file("prefix/sloppy_mask.txt", DSNET_PARSE_SLOPPY | DSNET_PARSE_MASK_HOST, 3);
}

/* Differential set: canonical, first, last and size from Python's ipaddress. */
static void test_generated(void **state) {
  (void)state;
  vec_reader r;
  char *f[VEC_MAX_FIELDS];
  unsigned n = 0, ok = 0;
  vec_open(&r, "prefix/generated.txt");
  while (vec_next(&r, f) > 0) {
    size_t len = vec_unescape(f[0]);
    dsnet_prefix p, q;
    dsnet_error e;
    dsnet_status st = dsnet_prefix_parse(f[0], len, 0, &p, &e);
    n++;
    if (strcmp(f[1], "ERR") == 0) {
      if (st == DSNET_OK)
        fail_msg("line %u: accepted %s as %s; the oracles reject it", r.line, f[0],
                 fmt_prefix(&p, 0));
      assert_true(e.offset <= len);
      /* MASK_HOST accepts whatever strict accepts, and more: never less */
      continue;
    }
    ok++;
    if (st != DSNET_OK)
      fail_msg("line %u: rejected %s: %s", r.line, f[0], e.message);
    if (strcmp(fmt_prefix(&p, 0), f[1]) != 0)
      fail_msg("line %u: %s formats as %s, expected %s", r.line, f[0], fmt_prefix(&p, 0), f[1]);
    dsnet_addr a;
    dsnet_prefix_first(&p, &a);
    assert_string_equal(fmt_addr(&a, 0), f[2]);
    assert_true(dsnet_prefix_contains_addr(&p, &a));
    dsnet_prefix_last(&p, &a);
    assert_string_equal(fmt_addr(&a, 0), f[3]);
    assert_true(dsnet_prefix_contains_addr(&p, &a));
    char size[DSNET_U128_STRLEN];
    dsnet_u128_format_pow2(dsnet_prefix_host_bits(&p), size, sizeof size);
    assert_string_equal(size, f[4]);
    /* the wider grammars accept it with the same value */
    assert_int_equal(dsnet_prefix_parse(f[0], len, DSNET_PARSE_MASK_HOST, &q, NULL), DSNET_OK);
    assert_true(dsnet_prefix_equal(&p, &q));
    assert_int_equal(dsnet_prefix_parse(f[0], len, DSNET_PARSE_SLOPPY, &q, NULL), DSNET_OK);
    assert_true(dsnet_prefix_equal(&p, &q));
    /* canonical text is a fixed point */
    assert_int_equal(dsnet_prefix_parse(f[1], strlen(f[1]), 0, &q, NULL), DSNET_OK);
    assert_true(dsnet_prefix_equal(&p, &q));
  }
  vec_close(&r);
  assert_true(n >= 50000);
  assert_true(ok >= 20000 && n - ok >= 5000);
}

static void test_format(void **state) {
  (void)state;
  dsnet_prefix p = P("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
  char buf[DSNET_PREFIX_STRLEN];
  assert_int_equal(dsnet_prefix_format(&p, buf, sizeof buf), 43);
  assert_int_equal(dsnet_prefix_format(&p, buf, 43), 43);
  assert_string_equal(buf, "");
  assert_int_equal(dsnet_prefix_format(&p, NULL, 0), 43);
  dsnet_prefix m = P("::ffff:255.255.255.0/120");
  assert_int_equal(dsnet_prefix_format(&m, buf, sizeof buf), 24);
  assert_string_equal(buf, "::ffff:255.255.255.0/120");
  dsnet_prefix bad = p;
  bad.len = 129;
  assert_int_equal(dsnet_prefix_format(&bad, buf, sizeof buf), 0);
}

static void test_from_addr_and_masked(void **state) {
  (void)state;
  dsnet_addr a = A("192.168.5.219");
  dsnet_prefix p;
  dsnet_error e;
  assert_int_equal(dsnet_prefix_from_addr(&a, 28, 0, &p, &e), DSNET_EPREFIX_HOST_BITS);
  assert_non_null(strstr(e.message, "192.168.5.219/28"));
  assert_int_equal(dsnet_prefix_from_addr(&a, 28, DSNET_PARSE_MASK_HOST, &p, NULL), DSNET_OK);
  assert_string_equal(fmt_prefix(&p, 0), "192.168.5.208/28");
  assert_int_equal(dsnet_prefix_from_addr(&a, 32, 0, &p, NULL), DSNET_OK);
  assert_string_equal(fmt_prefix(&p, 0), "192.168.5.219/32");
  assert_int_equal(dsnet_prefix_from_addr(&a, 33, 0, &p, NULL), DSNET_EPREFIX_LEN_RANGE);
  dsnet_addr six = A("fc00::1");
  assert_int_equal(dsnet_prefix_from_addr(&six, 129, DSNET_PARSE_MASK_HOST, &p, NULL),
                   DSNET_EPREFIX_LEN_RANGE);
  dsnet_prefix hand = {A("10.1.2.3"), 8}, m;
  assert_false(dsnet_prefix_is_valid(&hand));
  assert_int_equal(dsnet_prefix_masked(&hand, &m, NULL), DSNET_OK);
  assert_string_equal(fmt_prefix(&m, 0), "10.0.0.0/8");
  assert_true(dsnet_prefix_is_valid(&m));
  hand.len = 40;
  assert_int_equal(dsnet_prefix_masked(&hand, &m, NULL), DSNET_EPREFIX_LEN_RANGE);
  dsnet_prefix badfam = {{0, 0, 9}, 0};
  assert_int_equal(dsnet_prefix_masked(&badfam, &m, NULL), DSNET_EINVAL);
  assert_false(dsnet_prefix_is_valid(&badfam));
}

static void test_first_last_size(void **state) {
  (void)state;
  static const struct {
    const char *p, *first, *last, *size;
    unsigned host;
  } cases[] = {
      {"10.244.0.0/16", "10.244.0.0", "10.244.255.255", "65536", 16},
      {"0.0.0.0/0", "0.0.0.0", "255.255.255.255", "4294967296", 32},
      {"1.2.3.4/32", "1.2.3.4", "1.2.3.4", "1", 0},
      {"fc00::/48", "fc00::", "fc00::ffff:ffff:ffff:ffff:ffff", "1208925819614629174706176", 80},
      {"fd00::/108", "fd00::", "fd00::f:ffff", "1048576", 20},
      {"::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
       "340282366920938463463374607431768211456", 128},
      {"::/1", "::", "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
       "170141183460469231731687303715884105728", 127},
      {"::1/128", "::1", "::1", "1", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dsnet_prefix p = P(cases[i].p);
    dsnet_addr a;
    dsnet_prefix_first(&p, &a);
    assert_string_equal(fmt_addr(&a, 0), cases[i].first);
    dsnet_prefix_last(&p, &a);
    assert_string_equal(fmt_addr(&a, 0), cases[i].last);
    assert_int_equal(dsnet_prefix_host_bits(&p), cases[i].host);
    char s[DSNET_U128_STRLEN];
    dsnet_u128_format_pow2(cases[i].host, s, sizeof s);
    assert_string_equal(s, cases[i].size);
    dsnet_u128 size;
    dsnet_error e;
    if (cases[i].host == 128) {
      assert_int_equal(dsnet_prefix_size(&p, &size, &e), DSNET_EOVERFLOW);
      assert_non_null(strstr(e.message, "2^128"));
    } else {
      assert_int_equal(dsnet_prefix_size(&p, &size, NULL), DSNET_OK);
      assert_string_equal(fmt_u128(&size, 0), cases[i].size);
    }
  }
}

static void test_contains_overlaps(void **state) {
  (void)state;
  dsnet_prefix p16 = P("10.244.0.0/16"), p24 = P("10.244.3.0/24"), o = P("10.245.0.0/16"),
               all4 = P("0.0.0.0/0"), all6 = P("::/0"), v6 = P("fc00::/48");
  dsnet_addr in = A("10.244.255.255"), out = A("10.245.0.0"), mapped = A("::ffff:10.244.0.1");
  assert_true(dsnet_prefix_contains_addr(&p16, &in));
  assert_false(dsnet_prefix_contains_addr(&p16, &out));
  assert_false(dsnet_prefix_contains_addr(&p16, &mapped)); /* other family */
  assert_true(dsnet_prefix_contains(&p16, &p24));
  assert_false(dsnet_prefix_contains(&p24, &p16));
  assert_true(dsnet_prefix_contains(&p16, &p16));
  assert_true(dsnet_prefix_overlaps(&p16, &p24));
  assert_true(dsnet_prefix_overlaps(&p24, &p16));
  assert_false(dsnet_prefix_overlaps(&p16, &o));
  assert_true(dsnet_prefix_overlaps(&all4, &o));
  assert_false(dsnet_prefix_overlaps(&all4, &v6));
  assert_false(dsnet_prefix_overlaps(&all6, &p16));
  assert_true(dsnet_prefix_contains(&all6, &v6));
}

static void test_compare(void **state) {
  (void)state;
  dsnet_prefix a = P("10.0.0.0/8"), b = P("10.0.0.0/16"), c = P("10.1.0.0/16"), d = P("::/0");
  assert_true(dsnet_prefix_compare(&a, &b) < 0); /* same address: shorter first */
  assert_true(dsnet_prefix_compare(&b, &c) < 0);
  assert_true(dsnet_prefix_compare(&c, &d) < 0); /* IPv4 before IPv6 */
  assert_int_equal(dsnet_prefix_compare(&c, &c), 0);
  assert_true(dsnet_prefix_equal(&c, &c));
  assert_false(dsnet_prefix_equal(&a, &b));
}

static void test_nth_offset(void **state) {
  (void)state;
  dsnet_prefix p = P("10.0.0.0/16"), all = P("::/0");
  dsnet_addr a;
  dsnet_u128 i = U("10"), off;
  dsnet_error e;
  assert_int_equal(dsnet_prefix_nth(&p, &i, &a, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&a, 0), "10.0.0.10");
  i = U("65535");
  assert_int_equal(dsnet_prefix_nth(&p, &i, &a, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&a, 0), "10.0.255.255");
  i = U("65536");
  assert_int_equal(dsnet_prefix_nth(&p, &i, &a, &e), DSNET_ERANGE);
  assert_non_null(strstr(e.message, "65536"));
  i = U("340282366920938463463374607431768211455");
  assert_int_equal(dsnet_prefix_nth(&all, &i, &a, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&a, 0), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  assert_int_equal(dsnet_prefix_offset_of(&all, &a, &off, NULL), DSNET_OK);
  assert_string_equal(fmt_u128(&off, 0), "340282366920938463463374607431768211455");
  dsnet_addr x = A("10.0.3.7");
  assert_int_equal(dsnet_prefix_offset_of(&p, &x, &off, NULL), DSNET_OK);
  assert_string_equal(fmt_u128(&off, 0), "775");
  dsnet_addr y = A("10.1.0.0"), z = A("::1");
  assert_int_equal(dsnet_prefix_offset_of(&p, &y, &off, &e), DSNET_ENOT_CONTAINED);
  assert_non_null(strstr(e.message, "10.1.0.0"));
  assert_int_equal(dsnet_prefix_offset_of(&p, &z, &off, NULL), DSNET_EFAMILY);
  dsnet_prefix bad = {A("10.0.0.1"), 8};
  assert_int_equal(dsnet_prefix_nth(&bad, &i, &a, NULL), DSNET_EINVAL);
}

static void test_parse_and_format_many(void **state) {
  (void)state;
  const char buf[] = "10.0.0.0/8fc00::/481.2.3.04::1";
  size_t ends[] = {10, 19, 19, 27, 30};
  dsnet_parse_item it[5];
  assert_int_equal(dsnet_prefix_parse_many(buf, ends, 5, 0, it, NULL), DSNET_OK);
  assert_int_equal(it[0].status, DSNET_OK);
  assert_true(it[0].is_prefix);
  assert_string_equal(fmt_prefix(&it[1].value, 0), "fc00::/48");
  assert_int_equal(it[2].status, DSNET_EEMPTY);
  assert_int_equal(it[3].status, DSNET_EV4_LEADING_ZERO);
  assert_int_equal(it[3].offset, 6);
  assert_false(it[4].is_prefix);
  assert_string_equal(fmt_addr(&it[4].value.addr, 0), "::1");
  assert_int_equal(it[4].value.len, 128);
  size_t bad[] = {5, 3};
  dsnet_error e;
  assert_int_equal(dsnet_prefix_parse_many(buf, bad, 2, 0, it, &e), DSNET_EINVAL);
  dsnet_prefix ps[2] = {P("10.0.0.0/8"), P("fc00::/48")};
  char out[64];
  assert_int_equal(dsnet_prefix_format_many(ps, 2, '\n', out, sizeof out), 21);
  assert_string_equal(out, "10.0.0.0/8\nfc00::/48\n");
  assert_int_equal(dsnet_prefix_format_many(ps, 2, '\n', out, 21), 21);
  assert_string_equal(out, "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_strict),
      cmocka_unit_test(test_sloppy),
      cmocka_unit_test(test_go_net),
      cmocka_unit_test(test_mask),
      cmocka_unit_test(test_sloppy_mask),
      cmocka_unit_test(test_generated),
      cmocka_unit_test(test_format),
      cmocka_unit_test(test_from_addr_and_masked),
      cmocka_unit_test(test_first_last_size),
      cmocka_unit_test(test_contains_overlaps),
      cmocka_unit_test(test_compare),
      cmocka_unit_test(test_nth_offset),
      cmocka_unit_test(test_parse_and_format_many),
  };
  return cmocka_run_group_tests_name("prefix", tests, NULL, NULL);
}
