/* Tests of the nodeipam module: kube-controller-manager's mask rules at each
 * limit and one past it, both families and both orders, and podCIDRs from
 * a generated model (tests/gen/gen_vectors.py, Python's ipaddress). */
#include "testutil.h"

#include <stdlib.h>

static dsnet_dualstack_cidrs L(const char *s) {
  dsnet_dualstack_cidrs l;
  dsnet_error e;
  if (dsnet_dualstack_parse_cidrs(s, strlen(s), 0, &l, &e) != DSNET_OK)
    fail_msg("L(%s): %s", s, e.message);
  return l;
}

/* Resolve masks; returns the status; masks in m[]. */
static dsnet_status resolve(const char *list, unsigned ms, unsigned m4, unsigned m6,
                            dsnet_nodeipam_rules rules, unsigned m[2], dsnet_error *e) {
  dsnet_dualstack_cidrs l = L(list);
  dsnet_node_mask_flags f = {ms, m4, m6};
  dsnet_node_masks out;
  dsnet_status st = dsnet_nodeipam_resolve_masks(&l, &f, rules, &out, e);
  if (st == DSNET_OK) {
    m[0] = out.mask[0];
    m[1] = out.count > 1 ? out.mask[1] : 0;
    assert_int_equal(out.count, l.count);
  }
  return st;
}

static void test_resolve_current(void **state) {
  (void)state;
  static const struct {
    const char *list;
    unsigned ms, m4, m6;
    dsnet_status st;
    unsigned m0, m1;
    const char *msg;
  } cases[] = {
      /* dual-stack, both orders */
      {"10.244.0.0/16,fc00::/48", 0, 0, 0, DSNET_OK, 24, 64, NULL},
      {"fc00::/48,10.244.0.0/16", 0, 0, 0, DSNET_OK, 64, 24, NULL},
      {"10.244.0.0/16,fc00::/48", 0, 25, 0, DSNET_OK, 25, 64, NULL},
      {"10.244.0.0/16,fc00::/48", 0, 0, 56, DSNET_OK, 24, 56, NULL},
      {"fc00::/48,10.244.0.0/16", 0, 26, 60, DSNET_OK, 60, 26, NULL},
      {"10.244.0.0/16,fc00::/48", 24, 0, 0, DSNET_EMASK_FLAGS, 0, 0,
       "usage of --node-cidr-mask-size is not allowed with dual-stack clusters"},
      {"fc00::/48,10.244.0.0/16", 24, 24, 64, DSNET_EMASK_FLAGS, 0, 0,
       "usage of --node-cidr-mask-size is not allowed with dual-stack clusters"},
      /* single-stack IPv4 */
      {"10.244.0.0/16", 0, 0, 0, DSNET_OK, 24, 0, NULL},
      {"10.244.0.0/16", 26, 0, 0, DSNET_OK, 26, 0, NULL},
      {"10.244.0.0/16", 0, 27, 0, DSNET_OK, 27, 0, NULL},
      {"10.244.0.0/16", 0, 0, 64, DSNET_EMASK_FLAGS, 0, 0,
       "usage of --node-cidr-mask-size-ipv6 is not allowed for a single-stack IPv4 cluster"},
      {"10.244.0.0/16", 24, 24, 0, DSNET_EMASK_FLAGS, 0, 0,
       "is not allowed if --node-cidr-mask-size is set. For dual-stack clusters please unset it "
       "and use IPFamily specific flags"},
      /* single-stack IPv6: --node-cidr-mask-size applies whatever the family */
      {"fc00::/48", 0, 0, 0, DSNET_OK, 64, 0, NULL},
      {"fc00::/48", 24, 0, 0, DSNET_OK, 24, 0, NULL},
      {"fc00::/48", 0, 0, 60, DSNET_OK, 60, 0, NULL},
      {"fc00::/48", 0, 24, 0, DSNET_EMASK_FLAGS, 0, 0,
       "usage of --node-cidr-mask-size-ipv4 is not allowed for a single-stack IPv6 cluster"},
      {"fc00::/48", 64, 0, 64, DSNET_EMASK_FLAGS, 0, 0, "is not allowed if --node-cidr-mask-size"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    unsigned m[2];
    dsnet_error e;
    dsnet_status st = resolve(cases[i].list, cases[i].ms, cases[i].m4, cases[i].m6,
                              DSNET_NODEIPAM_RULES_CURRENT, m, &e);
    if (st != cases[i].st)
      fail_msg("case %zu (%s): %s, expected %s (%s)", i, cases[i].list, dsnet_status_name(st),
               dsnet_status_name(cases[i].st), e.message);
    if (st == DSNET_OK) {
      assert_int_equal(m[0], cases[i].m0);
      assert_int_equal(m[1], cases[i].m1);
    } else if (!strstr(e.message, cases[i].msg)) {
      fail_msg("case %zu: message '%s' lacks '%s'", i, e.message, cases[i].msg);
    }
  }
}

static void test_resolve_old_rules(void **state) {
  (void)state;
  unsigned m[2];
  dsnet_error e;
  /* 1.16: one mask (default 24) for every family; the seed's example */
  assert_int_equal(resolve("10.244.0.0/16,fc00::/8", 0, 0, 0, DSNET_NODEIPAM_RULES_1_16, m, &e),
                   DSNET_OK);
  assert_int_equal(m[0], 24);
  assert_int_equal(m[1], 24);
  assert_int_equal(resolve("10.244.0.0/16,fc00::/8", 20, 0, 0, DSNET_NODEIPAM_RULES_1_16, m, &e),
                   DSNET_OK);
  assert_int_equal(m[1], 20);
  assert_int_equal(resolve("fc00::/8", 0, 0, 64, DSNET_NODEIPAM_RULES_1_16, m, &e),
                   DSNET_EMASK_FLAGS);
  assert_non_null(strstr(e.message, "1.16"));
  /* 1.17-1.20: per-family flags refused on single-stack clusters */
  assert_int_equal(resolve("10.244.0.0/16", 0, 24, 0, DSNET_NODEIPAM_RULES_1_17, m, &e),
                   DSNET_EMASK_FLAGS);
  assert_non_null(strstr(e.message, "are not allowed with non dual-stack clusters"));
  assert_int_equal(resolve("fc00::/48", 0, 0, 0, DSNET_NODEIPAM_RULES_1_17, m, &e), DSNET_OK);
  assert_int_equal(m[0], 64);
  assert_int_equal(resolve("fc00::/48", 56, 0, 0, DSNET_NODEIPAM_RULES_1_17, m, &e), DSNET_OK);
  assert_int_equal(m[0], 56);
  assert_int_equal(resolve("fc00::/48,10.0.0.0/8", 0, 16, 0, DSNET_NODEIPAM_RULES_1_17, m, &e),
                   DSNET_OK);
  assert_int_equal(m[0], 64);
  assert_int_equal(m[1], 16);
  assert_int_equal(resolve("fc00::/48,10.0.0.0/8", 24, 0, 0, DSNET_NODEIPAM_RULES_1_17, m, &e),
                   DSNET_EMASK_FLAGS);
  assert_int_equal(resolve("fc00::/48", 0, 0, 0, (dsnet_nodeipam_rules)7, m, &e), DSNET_EINVAL);
}

static void test_validate_limits(void **state) {
  (void)state;
  static const struct {
    const char *cluster;
    unsigned mask;
    dsnet_status st;
    const char *msg;
  } cases[] = {
      /* the 16-bit IPv6 limit: at it and one past it */
      {"fc00::/48", 64, DSNET_OK, NULL},
      {"fc00::/48", 65, DSNET_ENODE_MASK_DIFF,
       "node mask /65 is 17 bits longer than cluster CIDR fc00::/48; the limit for IPv6 is 16"},
      {"fc00::/47", 64, DSNET_ENODE_MASK_DIFF, "17 bits longer"},
      {"::/0", 16, DSNET_OK, NULL},
      {"::/0", 17, DSNET_ENODE_MASK_DIFF, NULL},
      {"fd00::/112", 128, DSNET_OK, NULL},
      {"fd00::/111", 128, DSNET_ENODE_MASK_DIFF, NULL},
      /* IPv4 has no 16-bit limit */
      {"10.0.0.0/8", 32, DSNET_OK, NULL},
      {"0.0.0.0/0", 32, DSNET_OK, NULL},
      /* the node mask within the family and not shorter than the cluster prefix */
      {"10.244.0.0/16", 16, DSNET_OK, NULL},
      {"10.244.0.0/16", 15, DSNET_ENODE_MASK_SHORT, "node mask /15 is shorter than cluster CIDR"},
      {"fc00::/48", 48, DSNET_OK, NULL},
      {"fc00::/48", 47, DSNET_ENODE_MASK_SHORT, NULL},
      {"10.0.0.0/8", 33, DSNET_ENODE_MASK_RANGE, "node mask /33 is longer than 32 bits"},
      {"::1/128", 128, DSNET_OK, NULL},
      {"::1/128", 129, DSNET_ENODE_MASK_RANGE, "longer than 128 bits"},
      {"255.255.255.255/32", 32, DSNET_OK, NULL},
      {"::ffff:10.0.0.0/104", 112, DSNET_ELIST_MAPPED, "IPv4-mapped"},
      /* node CIDRs inside ::ffff:0:0/96 (the example: index 65535 of ::/80 into /96 is
       * ::ffff:0.0.0.0/96, which Go's net.IP.To4() takes for IPv4) */
      {"::/80", 96, DSNET_ENODE_CIDR_MAPPED,
       "node CIDRs 65535-65535 of cluster CIDR ::/80 with node mask /96 (::ffff:0.0.0.0/96, ...) "
       "are IPv4-mapped, inside ::ffff:0:0/96: Kubernetes writes them into nodes as IPv4 podCIDRs "
       "and marks wrong slots"},
      {"::fffe:0:0/95", 100, DSNET_ENODE_CIDR_MAPPED, "node CIDRs 16-31 of cluster CIDR"},
      {"::ff00:0:0/88", 104, DSNET_ENODE_CIDR_MAPPED, "node CIDRs 65280-65535"},
      /* a /95 node CIDR that contains the mapped range is IPv6 to Go (To4() needs a /96 or
       * longer inside it); ::/88 and ::/96 (IPv4-compatible addresses) do not contain it */
      {"::/80", 95, DSNET_OK, NULL},
      {"::/88", 104, DSNET_OK, NULL},
      {"::/96", 112, DSNET_OK, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dsnet_prefix p = P(cases[i].cluster);
    dsnet_error e;
    POISON(e);
    dsnet_status st = dsnet_nodeipam_validate_mask(&p, cases[i].mask, &e);
    if (st != cases[i].st)
      fail_msg("%s /%u: %s, expected %s (%s)", cases[i].cluster, cases[i].mask,
               dsnet_status_name(st), dsnet_status_name(cases[i].st), e.message);
    if (cases[i].msg && !strstr(e.message, cases[i].msg))
      fail_msg("%s /%u: message '%s' lacks '%s'", cases[i].cluster, cases[i].mask, e.message,
               cases[i].msg);
  }
  dsnet_prefix bad = {A("10.0.0.1"), 8};
  assert_int_equal(dsnet_nodeipam_validate_mask(&bad, 24, NULL), DSNET_EINVAL);
}

/* podCIDRs against the generated model of kube-controller-manager. */
static void test_pod_cidr_generated(void **state) {
  (void)state;
  vec_reader r;
  char *f[VEC_MAX_FIELDS];
  unsigned n = 0;
  vec_open(&r, "nodeipam/pod_cidr.txt");
  while (vec_next(&r, f) > 0) {
    dsnet_prefix c = P(f[0]), out;
    unsigned mask = (unsigned)atoi(f[1]);
    uint64_t index = strtoull(f[2], NULL, 10), back;
    dsnet_error e;
    dsnet_status st = dsnet_nodeipam_pod_cidr(&c, mask, index, &out, &e);
    if (strncmp(f[3], "ERR ", 4) == 0) {
      if (st == DSNET_OK || strcmp(dsnet_status_name(st), f[3] + 4) != 0)
        fail_msg("line %u: %s /%u #%s: got %s, expected %s", r.line, f[0], mask, f[2],
                 st == DSNET_OK ? fmt_prefix(&out, 0) : dsnet_status_name(st), f[3]);
    } else {
      if (st != DSNET_OK)
        fail_msg("line %u: %s", r.line, e.message);
      if (strcmp(fmt_prefix(&out, 0), f[3]) != 0)
        fail_msg("line %u: node %s of %s /%u is %s, expected %s", r.line, f[2], f[0], mask,
                 fmt_prefix(&out, 0), f[3]);
      assert_int_equal(dsnet_nodeipam_pod_cidr_index(&c, mask, &out, &back, NULL), DSNET_OK);
      assert_true(back == index);
    }
    n++;
  }
  vec_close(&r);
  assert_true(n >= 3000);
}

static void test_pod_cidrs_pair(void **state) {
  (void)state;
  dsnet_dualstack_cidrs l = L("10.244.0.0/16,fc00::/48");
  dsnet_node_masks m = {{24, 64}, 2};
  dsnet_prefix out[2];
  dsnet_error e;
  assert_int_equal(dsnet_nodeipam_pod_cidrs(&l, &m, 2, out, NULL), DSNET_OK);
  assert_string_equal(fmt_prefix(&out[0], 0), "10.244.2.0/24");
  assert_string_equal(fmt_prefix(&out[1], 1), "fc00:0:0:2::/64");
  assert_int_equal(dsnet_nodeipam_pod_cidrs(&l, &m, 255, out, NULL), DSNET_OK);
  assert_int_equal(dsnet_nodeipam_pod_cidrs(&l, &m, 256, out, &e), DSNET_ERANGE);
  assert_non_null(strstr(e.message, "256 node CIDRs"));
  uint64_t cap;
  assert_int_equal(dsnet_nodeipam_capacity_all(&l, &m, &cap, NULL), DSNET_OK);
  assert_true(cap == 256); /* the smaller family */
  /* the seed's example: 1.16 with /24 for both families */
  dsnet_dualstack_cidrs legacy = L("10.244.0.0/16,fc00::/8");
  dsnet_node_masks m16 = {{24, 24}, 2};
  assert_int_equal(dsnet_nodeipam_pod_cidrs(&legacy, &m16, 2, out, NULL), DSNET_OK);
  assert_string_equal(fmt_prefix(&out[0], 0), "10.244.2.0/24");
  assert_string_equal(fmt_prefix(&out[1], 1), "fc00:200::/24");
  assert_int_equal(dsnet_nodeipam_capacity_all(&legacy, &m16, &cap, NULL), DSNET_OK);
  assert_true(cap == 256);
  dsnet_node_masks wrong = {{24, 0}, 1};
  assert_int_equal(dsnet_nodeipam_pod_cidrs(&l, &wrong, 0, out, NULL), DSNET_EINVAL);
  dsnet_node_masks diff = {{24, 65}, 2};
  assert_int_equal(dsnet_nodeipam_capacity_all(&l, &diff, &cap, &e), DSNET_ENODE_MASK_DIFF);
}

static void test_pod_cidr_index_errors(void **state) {
  (void)state;
  dsnet_prefix c = P("10.244.0.0/16"), x;
  uint64_t i;
  dsnet_error e;
  x = P("fc00::/64");
  assert_int_equal(dsnet_nodeipam_pod_cidr_index(&c, 24, &x, &i, &e), DSNET_EFAMILY);
  x = P("10.244.1.0/25");
  assert_int_equal(dsnet_nodeipam_pod_cidr_index(&c, 24, &x, &i, &e), DSNET_ENODE_CIDR_LEN);
  assert_non_null(strstr(e.message, "/25"));
  x = P("10.245.1.0/24");
  assert_int_equal(dsnet_nodeipam_pod_cidr_index(&c, 24, &x, &i, &e), DSNET_ENOT_CONTAINED);
  assert_non_null(strstr(e.message, "out of the range of CIDR allocator"));
  x = P("10.244.255.0/24");
  assert_int_equal(dsnet_nodeipam_pod_cidr_index(&c, 24, &x, &i, NULL), DSNET_OK);
  assert_true(i == 255);
  assert_int_equal(dsnet_nodeipam_pod_cidr_index(&c, 15, &x, &i, NULL), DSNET_ENODE_MASK_SHORT);
}

static void test_addresses(void **state) {
  (void)state;
  dsnet_u128 v;
  dsnet_error e;
  assert_int_equal(dsnet_nodeipam_node_addresses(DSNET_FAMILY_IPV4, 24, &v, NULL), DSNET_OK);
  assert_string_equal(fmt_u128(&v, 0), "256");
  /* host-local: /24 -> .2 .. .254 (253), the gateway .1 */
  assert_int_equal(dsnet_nodeipam_pod_addresses(DSNET_FAMILY_IPV4, 24, &v, NULL), DSNET_OK);
  assert_string_equal(fmt_u128(&v, 0), "253");
  assert_int_equal(dsnet_nodeipam_pod_addresses(DSNET_FAMILY_IPV4, 30, &v, NULL), DSNET_OK);
  assert_string_equal(fmt_u128(&v, 0), "1");
  assert_int_equal(dsnet_nodeipam_pod_addresses(DSNET_FAMILY_IPV4, 31, &v, &e),
                   DSNET_ENODE_TOO_SMALL);
  assert_int_equal(dsnet_nodeipam_pod_addresses(DSNET_FAMILY_IPV6, 64, &v, NULL), DSNET_OK);
  assert_string_equal(fmt_u128(&v, 0), "18446744073709551614");
  assert_int_equal(dsnet_nodeipam_pod_addresses(DSNET_FAMILY_IPV6, 126, &v, NULL), DSNET_OK);
  assert_string_equal(fmt_u128(&v, 0), "2");
  assert_int_equal(dsnet_nodeipam_pod_addresses(DSNET_FAMILY_IPV6, 127, &v, NULL),
                   DSNET_ENODE_TOO_SMALL);
  assert_int_equal(dsnet_nodeipam_pod_addresses(DSNET_FAMILY_IPV6, 0, &v, NULL), DSNET_OK);
  assert_string_equal(fmt_u128(&v, 0), "340282366920938463463374607431768211454");
  assert_int_equal(dsnet_nodeipam_node_addresses(DSNET_FAMILY_IPV6, 0, &v, NULL), DSNET_EOVERFLOW);
  assert_int_equal(dsnet_nodeipam_node_addresses(DSNET_FAMILY_IPV4, 33, &v, NULL),
                   DSNET_ENODE_MASK_RANGE);
  assert_int_equal(dsnet_nodeipam_node_addresses(5, 24, &v, NULL), DSNET_EINVAL);
}

static void test_max_pods(void **state) {
  (void)state;
  dsnet_error e;
  assert_int_equal(dsnet_nodeipam_check_max_pods(DSNET_FAMILY_IPV4, 24, 110, NULL), DSNET_OK);
  assert_int_equal(dsnet_nodeipam_check_max_pods(DSNET_FAMILY_IPV4, 24, 253, NULL), DSNET_OK);
  assert_int_equal(dsnet_nodeipam_check_max_pods(DSNET_FAMILY_IPV4, 24, 254, &e), DSNET_EMAX_PODS);
  assert_non_null(strstr(e.message, "253 usable"));
  assert_int_equal(dsnet_nodeipam_check_max_pods(DSNET_FAMILY_IPV4, 25, 110, NULL), DSNET_OK);
  assert_int_equal(dsnet_nodeipam_check_max_pods(DSNET_FAMILY_IPV4, 26, 110, &e), DSNET_EMAX_PODS);
  assert_non_null(strstr(e.message, "/25 or shorter"));
  assert_int_equal(dsnet_nodeipam_check_max_pods(DSNET_FAMILY_IPV6, 120, 254, NULL), DSNET_OK);
  assert_int_equal(dsnet_nodeipam_check_max_pods(DSNET_FAMILY_IPV6, 120, 255, &e), DSNET_EMAX_PODS);
  assert_int_equal(dsnet_nodeipam_check_max_pods(DSNET_FAMILY_IPV6, 64, UINT64_MAX, &e),
                   DSNET_EMAX_PODS);
  assert_int_equal(dsnet_nodeipam_check_max_pods(DSNET_FAMILY_IPV6, 63, UINT64_MAX, NULL),
                   DSNET_OK);
}

static void test_pod_cidrs_range(void **state) {
  (void)state;
  dsnet_dualstack_cidrs l = L("fc00::/48,10.244.0.0/16");
  dsnet_node_masks m = {{64, 24}, 2};
  dsnet_prefix out[2 * 256], one[2];
  dsnet_error e;
  assert_int_equal(dsnet_nodeipam_pod_cidrs_range(&l, &m, 0, 256, out, NULL), DSNET_OK);
  for (uint64_t i = 0; i < 256; i++) {
    assert_int_equal(dsnet_nodeipam_pod_cidrs(&l, &m, i, one, NULL), DSNET_OK);
    assert_true(dsnet_prefix_equal(&out[2 * i], &one[0]));
    assert_true(dsnet_prefix_equal(&out[2 * i + 1], &one[1]));
  }
  assert_int_equal(dsnet_nodeipam_pod_cidrs_range(&l, &m, 255, 2, out, &e), DSNET_ERANGE);
  assert_int_equal(dsnet_nodeipam_pod_cidrs_range(&l, &m, UINT64_MAX, 2, out, &e), DSNET_ERANGE);
  assert_int_equal(dsnet_nodeipam_pod_cidrs_range(&l, &m, 5, 0, NULL, NULL), DSNET_OK);
  assert_int_equal(dsnet_nodeipam_pod_cidrs_range(&l, &m, 0, 256, NULL, NULL),
                   DSNET_OK); /* check only */
  assert_int_equal(dsnet_nodeipam_pod_cidrs_range(&l, &m, 0, 257, NULL, NULL), DSNET_ERANGE);
}

/* The hot path of dsnet_nodeipam_pod_cidrs (one branch-free test per
 * family) against dsnet_nodeipam_pod_cidr (the rules one by one), on
 * random clusters, masks and indexes, valid and not: same status, same
 * podCIDR. */
static void test_pod_cidrs_quick_matches_full(void **state) {
  (void)state;
  uint64_t r = 0x6a09e667f3bcc909u;
  long ok = 0;
  for (int i = 0; i < 200000; i++) {
    r ^= r << 13, r ^= r >> 7, r ^= r << 17;
    int v4 = r & 1;
    unsigned bits = v4 ? 32 : 128;
    dsnet_dualstack_cidrs l;
    memset(&l, 0, sizeof l);
    l.count = 1;
    dsnet_prefix *c = &l.cidr[0];
    c->addr.family = (r >> 1) % 50 == 0 ? 9 : v4 ? DSNET_FAMILY_IPV4 : DSNET_FAMILY_IPV6;
    c->len = (uint8_t)((r >> 8) % (bits + 4));
    c->addr.hi = v4 ? 0 : (r >> 3) * 0x9e3779b97f4a7c15u;
    c->addr.lo = v4 ? (r >> 20) & 0xffffffffu : (r >> 5) * 0xc2b2ae3d27d4eb4fu;
    if ((r >> 40) % 4 != 0) { /* mostly a valid prefix: clear the host bits */
      unsigned n = c->len > bits ? bits : c->len;
      if (v4) {
        c->addr.lo &= n == 0 ? 0 : (UINT64_C(0xffffffff) << (32 - n)) & 0xffffffffu;
      } else {
        c->addr.hi &= n == 0 ? 0 : n >= 64 ? ~UINT64_C(0) : ~UINT64_C(0) << (64 - n);
        c->addr.lo &= n <= 64 ? 0 : n == 128 ? ~UINT64_C(0) : ~UINT64_C(0) << (128 - n);
      }
    }
    if (!v4 && (r >> 44) % 64 == 0) { /* IPv4-mapped */
      c->addr.hi = 0;
      c->addr.lo = (UINT64_C(0xffff) << 32) | (c->addr.lo & 0xffffffffu);
    }
    unsigned d = (unsigned)((r >> 16) % 20);
    dsnet_node_masks m = {{(uint8_t)((r >> 24) % 3 == 0 ? (r >> 26) % 256 : c->len + d), 0}, 1};
    uint64_t span =
        m.mask[0] >= c->len && m.mask[0] - c->len < 64 ? UINT64_C(1) << (m.mask[0] - c->len) : 0;
    uint64_t index = (r >> 50) % 3 == 0   ? span
                     : (r >> 50) % 3 == 1 ? span - 1
                                          : (r >> 32) % (span + 1);
    dsnet_prefix quick[2], full;
    dsnet_error e1, e2;
    dsnet_status s1 = dsnet_nodeipam_pod_cidrs(&l, &m, index, quick, &e1);
    dsnet_status s2 = dsnet_nodeipam_pod_cidr(c, m.mask[0], index, &full, &e2);
    assert_int_equal(s1, s2);
    if (s1 == DSNET_OK) {
      assert_true(dsnet_prefix_equal(&quick[0], &full));
      ok++;
    } else {
      assert_string_equal(e1.message, e2.message);
    }
  }
  assert_true(ok > 10000 && ok < 190000); /* both outcomes are exercised */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_resolve_current),
      cmocka_unit_test(test_pod_cidrs_quick_matches_full),
      cmocka_unit_test(test_resolve_old_rules),
      cmocka_unit_test(test_validate_limits),
      cmocka_unit_test(test_pod_cidr_generated),
      cmocka_unit_test(test_pod_cidrs_pair),
      cmocka_unit_test(test_pod_cidr_index_errors),
      cmocka_unit_test(test_addresses),
      cmocka_unit_test(test_max_pods),
      cmocka_unit_test(test_pod_cidrs_range),
  };
  return cmocka_run_group_tests_name("nodeipam", tests, NULL, NULL);
}
