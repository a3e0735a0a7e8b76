/* Tests of the addr module: vectors (hand-written and generated from
 * Python's ipaddress and glibc) and every API function. */
#include "testutil.h"

#include <stdio.h>

static unsigned addr_flags;

static dsnet_status parse_addr(const char *in, size_t len, char **f, int nf, char *out, size_t cap,
                               dsnet_error *e) {
  (void)f;
  (void)nf;
  dsnet_addr a;
  dsnet_status st = dsnet_addr_parse(in, len, addr_flags, &a, e);
  if (st == DSNET_OK)
    dsnet_addr_format(&a, out, cap);
  return st;
}

static void run_file(const char *rel, unsigned flags, unsigned min_cases) {
  addr_flags = flags;
  vec_run(rel, 1, min_cases, parse_addr);
}

static void test_rfc5952(void **state) {
  (void)state;
  run_file("addr/rfc5952.txt", 0, 40);
}

static void test_strict(void **state) {
  (void)state;
  run_file("addr/strict.txt", 0, 90);
}

static void test_sloppy(void **state) {
  (void)state;
  run_file("addr/sloppy.txt", DSNET_PARSE_SLOPPY, 15);
}

static void test_go_net(void **state) {
  (void)state;
  run_file("addr/go.txt", DSNET_PARSE_GO_NET, 7);
}

/* Differential set: expected values from Python's ipaddress and glibc. */
static void test_generated(void **state) {
  (void)state;
  vec_reader r;
  char *f[VEC_MAX_FIELDS];
  unsigned n = 0, ok = 0;
  vec_open(&r, "addr/generated.txt");
  while (vec_next(&r, f) > 0) {
    size_t len = vec_unescape(f[0]);
    dsnet_addr a, b;
    dsnet_error e;
    POISON(e);
    dsnet_status st = dsnet_addr_parse(f[0], len, 0, &a, &e);
    n++;
    if (strcmp(f[1], "ERR") == 0) {
      if (st == DSNET_OK)
        fail_msg("line %u: accepted %s as %s; the oracles reject it", r.line, f[0],
                 fmt_addr(&a, 0));
      assert_true(st >= 100 && st < 200);
      assert_true(e.offset <= len);
      assert_true(strlen(e.message) > 0);
      continue;
    }
    ok++;
    if (st != DSNET_OK)
      fail_msg("line %u: rejected %s: %s", r.line, f[0], e.message);
    char full[DSNET_ADDR_STRLEN];
    if (strcmp(fmt_addr(&a, 0), f[1]) != 0)
      fail_msg("line %u: %s formats as %s, expected %s", r.line, f[0], fmt_addr(&a, 0), f[1]);
    dsnet_addr_format_full(&a, full, sizeof full);
    if (strcmp(full, f[2]) != 0)
      fail_msg("line %u: %s full form %s, expected %s", r.line, f[0], full, f[2]);
    /* strict acceptance implies sloppy acceptance with the same value */
    assert_int_equal(dsnet_addr_parse(f[0], len, DSNET_PARSE_SLOPPY, &b, NULL), DSNET_OK);
    assert_true(dsnet_addr_equal(&a, &b));
    /* the canonical text is a fixed point and reads back as the same value */
    assert_int_equal(dsnet_addr_parse(f[1], strlen(f[1]), 0, &b, NULL), DSNET_OK);
    assert_true(dsnet_addr_equal(&a, &b));
    assert_string_equal(fmt_addr(&b, 1), f[1]);
    /* the full form reads back too */
    assert_int_equal(dsnet_addr_parse(full, strlen(full), 0, &b, NULL), DSNET_OK);
    assert_true(dsnet_addr_equal(&a, &b));
  }
  vec_close(&r);
  assert_true(n >= 50000);
  assert_true(ok >= 20000 && n - ok >= 5000);
}

static void test_not_nul_terminated(void **state) {
  (void)state;
  /* the length bounds the input: bytes after it are never read as part of it */
  const char buf[] = "10.1.2.3999";
  dsnet_addr a;
  assert_int_equal(dsnet_addr_parse(buf, 8, 0, &a, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&a, 0), "10.1.2.3");
  const char v6[] = {'f', 'e', '8', '0', ':', ':', '1'}; /* no NUL at all */
  assert_int_equal(dsnet_addr_parse(v6, sizeof v6, 0, &a, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&a, 0), "fe80::1");
  assert_int_equal(dsnet_addr_parse(v6, 6, 0, &a, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&a, 0), "fe80::");
}

static void test_null_and_empty(void **state) {
  (void)state;
  dsnet_addr a;
  dsnet_error e;
  POISON(e);
  assert_int_equal(dsnet_addr_parse(NULL, 0, 0, &a, &e), DSNET_EEMPTY);
  assert_int_equal(e.offset, 0);
  assert_int_equal(dsnet_addr_parse(NULL, 3, 0, &a, &e), DSNET_EINVAL);
  assert_int_equal(dsnet_addr_parse("::", 2, 0, NULL, &e), DSNET_EINVAL);
  /* err may be NULL */
  assert_int_equal(dsnet_addr_parse("1.2.3", 5, 0, &a, NULL), DSNET_EV4_TOO_FEW_PARTS);
}

static void test_out_untouched_on_error(void **state) {
  (void)state;
  dsnet_addr a = A("192.0.2.1");
  dsnet_addr before = a;
  assert_int_equal(dsnet_addr_parse("1::2::3", 7, 0, &a, NULL), DSNET_EV6_MULTIPLE_ELLIPSIS);
  assert_true(dsnet_addr_equal(&a, &before));
}

static void test_message_names_value(void **state) {
  (void)state;
  dsnet_addr a;
  dsnet_error e;
  assert_int_equal(dsnet_addr_parse("10.0.0.010", 10, 0, &a, &e), DSNET_EV4_LEADING_ZERO);
  assert_non_null(strstr(e.message, "\"10.0.0.010\""));
  assert_non_null(strstr(e.message, "\"010\""));
  /* long inputs are cut with "..." and control bytes escaped */
  char big[300];
  memset(big, '1', sizeof big);
  big[0] = '\x01';
  assert_int_equal(dsnet_addr_parse(big, sizeof big, 0, &a, &e), DSNET_EBADCHAR);
  assert_non_null(strstr(e.message, "\"\\x0111"));
  assert_non_null(strstr(e.message, "...\""));
  assert_true(strlen(e.message) < DSNET_ERROR_MESSAGE_MAX);
}

static void test_format_buffers(void **state) {
  (void)state;
  dsnet_addr a = A("2001:db8::1");
  char buf[DSNET_ADDR_STRLEN];
  assert_int_equal(dsnet_addr_format(&a, NULL, 0), 11);
  memset(buf, 'x', sizeof buf);
  assert_int_equal(dsnet_addr_format(&a, buf, 11), 11); /* no room for the NUL */
  assert_string_equal(buf, "");
  assert_int_equal(dsnet_addr_format(&a, buf, 12), 11);
  assert_string_equal(buf, "2001:db8::1");
  /* the longest texts fit DSNET_ADDR_STRLEN */
  dsnet_addr m = A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  assert_int_equal(dsnet_addr_format(&m, buf, sizeof buf), 39);
  assert_int_equal(dsnet_addr_format_full(&m, buf, sizeof buf), 39);
  dsnet_addr v = A("::ffff:255.255.255.255");
  assert_int_equal(dsnet_addr_format(&v, buf, sizeof buf), 22);
  dsnet_addr four = A("255.255.255.255");
  assert_int_equal(dsnet_addr_format_full(&four, buf, sizeof buf), 15);
  assert_string_equal(buf, "255.255.255.255");
  /* invalid family: nothing */
  dsnet_addr bad = {0, 0, 5};
  assert_int_equal(dsnet_addr_format(&bad, buf, sizeof buf), 0);
  assert_string_equal(buf, "");
}

static void test_compare(void **state) {
  (void)state;
  dsnet_addr a = A("255.255.255.255"), b = A("::"), c = A("::1"), d = A("10.0.0.1");
  assert_true(dsnet_addr_compare(&a, &b) < 0); /* every IPv4 before every IPv6 */
  assert_true(dsnet_addr_compare(&b, &c) < 0);
  assert_true(dsnet_addr_compare(&c, &b) > 0);
  assert_true(dsnet_addr_compare(&d, &a) < 0);
  assert_int_equal(dsnet_addr_compare(&c, &c), 0);
  dsnet_addr e = A("0:0::1");
  assert_true(dsnet_addr_equal(&c, &e));
  dsnet_addr v4 = A("0.0.0.1");
  assert_false(dsnet_addr_equal(&c, &v4)); /* same number, other family */
  dsnet_addr hi1 = A("1::"), lo1 = A("::ffff:ffff:ffff:ffff");
  assert_true(dsnet_addr_compare(&lo1, &hi1) < 0);
}

static void test_bytes(void **state) {
  (void)state;
  const uint8_t four[4] = {192, 0, 2, 1};
  const uint8_t six[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  dsnet_addr a;
  uint8_t out[16];
  assert_int_equal(dsnet_addr_from_bytes(four, 4, &a, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&a, 0), "192.0.2.1");
  assert_int_equal(dsnet_addr_to_bytes(&a, out, sizeof out), 4);
  assert_memory_equal(out, four, 4);
  assert_int_equal(dsnet_addr_to_bytes(&a, out, 3), 4); /* too small: nothing written */
  assert_int_equal(dsnet_addr_from_bytes(six, 16, &a, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&a, 0), "2001:db8::1");
  memset(out, 0, sizeof out);
  assert_int_equal(dsnet_addr_to_bytes(&a, out, sizeof out), 16);
  assert_memory_equal(out, six, 16);
  dsnet_error e;
  assert_int_equal(dsnet_addr_from_bytes(six, 5, &a, &e), DSNET_EINVAL);
  assert_int_equal(dsnet_addr_from_bytes(NULL, 4, &a, &e), DSNET_EINVAL);
}

static void test_ipv4_u32(void **state) {
  (void)state;
  dsnet_addr a;
  uint32_t v;
  dsnet_addr_from_ipv4(0x0a000001u, &a);
  assert_string_equal(fmt_addr(&a, 0), "10.0.0.1");
  assert_int_equal(dsnet_addr_to_ipv4(&a, &v, NULL), DSNET_OK);
  assert_int_equal(v, 0x0a000001u);
  dsnet_addr m = A("::ffff:10.0.0.1");
  dsnet_error e;
  assert_int_equal(dsnet_addr_to_ipv4(&m, &v, &e), DSNET_EFAMILY);
  assert_non_null(strstr(e.message, "::ffff:10.0.0.1"));
}

static void test_mapped(void **state) {
  (void)state;
  dsnet_addr m = A("::ffff:192.0.2.1"), u, back;
  assert_int_equal(m.family, DSNET_FAMILY_IPV6); /* mapped stays IPv6, as Go's netip */
  assert_true(dsnet_addr_is_ipv4_mapped(&m));
  dsnet_addr_unmap(&m, &u);
  assert_int_equal(u.family, DSNET_FAMILY_IPV4);
  assert_string_equal(fmt_addr(&u, 0), "192.0.2.1");
  dsnet_addr_map(&u, &back);
  assert_true(dsnet_addr_equal(&back, &m));
  dsnet_addr plain = A("2001:db8::1"), same;
  assert_false(dsnet_addr_is_ipv4_mapped(&plain));
  dsnet_addr_unmap(&plain, &same);
  assert_true(dsnet_addr_equal(&plain, &same));
  dsnet_addr compat = A("::192.0.2.1");
  assert_false(dsnet_addr_is_ipv4_mapped(&compat));
  dsnet_addr four = A("192.0.2.1");
  assert_false(dsnet_addr_is_ipv4_mapped(&four));
  dsnet_addr_map(&plain, &same); /* IPv6 copied unchanged */
  assert_true(dsnet_addr_equal(&plain, &same));
}

static void test_classify(void **state) {
  (void)state;
  static const struct {
    const char *a;
    unsigned c;
  } cases[] = {
      {"0.0.0.0", DSNET_ADDR_UNSPECIFIED},
      {"::", DSNET_ADDR_UNSPECIFIED},
      {"127.0.0.1", DSNET_ADDR_LOOPBACK},
      {"127.255.255.255", DSNET_ADDR_LOOPBACK},
      {"128.0.0.0", 0},
      {"::1", DSNET_ADDR_LOOPBACK},
      {"10.0.0.0", DSNET_ADDR_PRIVATE},
      {"10.255.255.255", DSNET_ADDR_PRIVATE},
      {"11.0.0.0", 0},
      {"172.16.0.0", DSNET_ADDR_PRIVATE},
      {"172.31.255.255", DSNET_ADDR_PRIVATE},
      {"172.32.0.0", 0},
      {"172.15.255.255", 0},
      {"192.168.0.1", DSNET_ADDR_PRIVATE},
      {"192.169.0.1", 0},
      {"100.64.0.0", DSNET_ADDR_SHARED},
      {"100.127.255.255", DSNET_ADDR_SHARED},
      {"100.128.0.0", 0},
      {"100.63.255.255", 0},
      {"169.254.1.1", DSNET_ADDR_LINK_LOCAL},
      {"fe80::1", DSNET_ADDR_LINK_LOCAL},
      {"febf:ffff::", DSNET_ADDR_LINK_LOCAL},
      {"fec0::", 0},
      {"fc00::", DSNET_ADDR_ULA},
      {"fdff:ffff::1", DSNET_ADDR_ULA},
      {"fe00::", 0},
      {"fbff::", 0},
      {"224.0.0.1", DSNET_ADDR_MULTICAST},
      {"239.255.255.255", DSNET_ADDR_MULTICAST},
      {"240.0.0.0", 0},
      {"ff02::1", DSNET_ADDR_MULTICAST},
      {"192.0.2.7", DSNET_ADDR_DOCUMENTATION},
      {"198.51.100.0", DSNET_ADDR_DOCUMENTATION},
      {"203.0.113.255", DSNET_ADDR_DOCUMENTATION},
      {"203.0.114.0", 0},
      {"2001:db8::1", DSNET_ADDR_DOCUMENTATION},
      {"2001:db9::1", 0},
      {"3fff:fff::", DSNET_ADDR_DOCUMENTATION},
      {"3fff:1000::", 0},
      {"::ffff:10.0.0.1", DSNET_ADDR_IPV4_MAPPED},
      {"::ffff:127.0.0.1", DSNET_ADDR_IPV4_MAPPED},
      {"8.8.8.8", 0},
      {"2606:4700::1111", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dsnet_addr a = A(cases[i].a);
    unsigned c = dsnet_addr_classify(&a);
    if (c != cases[i].c)
      fail_msg("%s: class %#x, expected %#x", cases[i].a, c, cases[i].c);
  }
}

static void test_add_sub(void **state) {
  (void)state;
  dsnet_addr a = A("10.0.0.255"), r;
  dsnet_u128 one = U("1"), big = U("4294967296");
  dsnet_error e;
  assert_int_equal(dsnet_addr_add(&a, &one, &r, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&r, 0), "10.0.1.0");
  dsnet_addr top = A("255.255.255.255");
  assert_int_equal(dsnet_addr_add(&top, &one, &r, &e), DSNET_EOVERFLOW);
  assert_non_null(strstr(e.message, "255.255.255.255"));
  dsnet_addr zero4 = A("0.0.0.0");
  assert_int_equal(dsnet_addr_add(&zero4, &big, &r, NULL), DSNET_EOVERFLOW);
  dsnet_u128 m = U("4294967295");
  assert_int_equal(dsnet_addr_add(&zero4, &m, &r, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&r, 0), "255.255.255.255");
  assert_int_equal(dsnet_addr_sub(&zero4, &one, &r, NULL), DSNET_EOVERFLOW);
  assert_int_equal(dsnet_addr_sub(&r, &m, &r, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&r, 0), "0.0.0.0");
  /* IPv6: carry across the 64-bit halves, and the ends */
  dsnet_addr h = A("::ffff:ffff:ffff:ffff");
  assert_int_equal(dsnet_addr_add(&h, &one, &r, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&r, 0), "0:0:0:1::");
  assert_int_equal(dsnet_addr_sub(&r, &one, &r, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&r, 0), "::ffff:ffff:ffff:ffff");
  dsnet_addr z6 = A("::");
  dsnet_u128 max = U("340282366920938463463374607431768211455");
  assert_int_equal(dsnet_addr_add(&z6, &max, &r, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&r, 0), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  assert_int_equal(dsnet_addr_add(&r, &one, &r, NULL), DSNET_EOVERFLOW);
  assert_int_equal(dsnet_addr_sub(&z6, &one, &r, &e), DSNET_EOVERFLOW);
  dsnet_addr bad = {0, 0, 7};
  assert_int_equal(dsnet_addr_add(&bad, &one, &r, NULL), DSNET_EINVAL);
}

static void test_distance(void **state) {
  (void)state;
  dsnet_addr a = A("10.0.0.0"), b = A("10.0.1.4"), c = A("::1");
  dsnet_u128 d;
  assert_int_equal(dsnet_addr_distance(&a, &b, &d, NULL), DSNET_OK);
  assert_string_equal(fmt_u128(&d, 0), "260");
  assert_int_equal(dsnet_addr_distance(&b, &a, &d, NULL), DSNET_EOVERFLOW);
  assert_int_equal(dsnet_addr_distance(&a, &c, &d, NULL), DSNET_EFAMILY);
  dsnet_addr z = A("::"), m = A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  assert_int_equal(dsnet_addr_distance(&z, &m, &d, NULL), DSNET_OK);
  assert_string_equal(fmt_u128(&d, 0), "340282366920938463463374607431768211455");
}

static void test_family_bits(void **state) {
  (void)state;
  assert_int_equal(dsnet_family_bits(DSNET_FAMILY_IPV4), 32);
  assert_int_equal(dsnet_family_bits(DSNET_FAMILY_IPV6), 128);
  assert_int_equal(dsnet_family_bits(5), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rfc5952),
      cmocka_unit_test(test_strict),
      cmocka_unit_test(test_sloppy),
      cmocka_unit_test(test_go_net),
      cmocka_unit_test(test_generated),
      cmocka_unit_test(test_not_nul_terminated),
      cmocka_unit_test(test_null_and_empty),
      cmocka_unit_test(test_out_untouched_on_error),
      cmocka_unit_test(test_message_names_value),
      cmocka_unit_test(test_format_buffers),
      cmocka_unit_test(test_compare),
      cmocka_unit_test(test_bytes),
      cmocka_unit_test(test_ipv4_u32),
      cmocka_unit_test(test_mapped),
      cmocka_unit_test(test_classify),
      cmocka_unit_test(test_add_sub),
      cmocka_unit_test(test_distance),
      cmocka_unit_test(test_family_bits),
  };
  return cmocka_run_group_tests_name("addr", tests, NULL, NULL);
}
