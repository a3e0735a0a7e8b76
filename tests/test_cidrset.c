/* Tests of the cidrset module: kube-controller-manager's cidr_set tests'
 * vectors, the rules of Occupy/Release/AllocateNext, memory handling, and a
 * property test against a simple reference model. */
#include "testutil.h"

#include <stdlib.h>

static dsnet_cidrset make(const char *cluster, unsigned mask) {
  dsnet_cidrset s;
  dsnet_prefix c = P(cluster);
  dsnet_error e;
  if (dsnet_cidrset_create(&s, &c, mask, NULL, &e) != DSNET_OK)
    fail_msg("create %s /%u: %s", cluster, mask, e.message);
  return s;
}

static const char *next(dsnet_cidrset *s) {
  dsnet_prefix p;
  dsnet_error e;
  if (dsnet_cidrset_allocate(s, &p, &e) != DSNET_OK)
    fail_msg("allocate: %s", e.message);
  return fmt_prefix(&p, 0);
}

static void test_single_slot(void **state) {
  (void)state;
  /* upstream vector: 127.123.234.0/30 with node mask 30 */
  dsnet_cidrset s = make("127.123.234.0/30", 30);
  dsnet_prefix p;
  dsnet_error e;
  assert_true(dsnet_cidrset_capacity(&s) == 1);
  assert_string_equal(next(&s), "127.123.234.0/30");
  assert_int_equal(dsnet_cidrset_allocate(&s, &p, &e), DSNET_EFULL);
  assert_non_null(strstr(e.message, "there are no remaining CIDRs left to allocate"));
  dsnet_cidrset_destroy(&s);
}

static void test_service_range_filtered(void **state) {
  (void)state;
  /* upstream vector: cluster 127.123.234.0/24, node /30, service 127.123.234.0/26 */
  dsnet_cidrset s = make("127.123.234.0/24", 30);
  dsnet_prefix svc = P("127.123.234.0/26");
  assert_int_equal(dsnet_cidrset_occupy(&s, &svc, NULL), DSNET_OK);
  assert_true(dsnet_cidrset_used(&s) == 16);
  assert_string_equal(next(&s), "127.123.234.64/30");
  dsnet_cidrset_destroy(&s);
}

static void test_rotation_and_wrap(void **state) {
  (void)state;
  dsnet_cidrset s = make("10.0.0.0/24", 26); /* 4 slots */
  assert_string_equal(next(&s), "10.0.0.0/26");
  assert_string_equal(next(&s), "10.0.0.64/26");
  dsnet_prefix first = P("10.0.0.0/26");
  assert_int_equal(dsnet_cidrset_release(&s, &first, NULL), DSNET_OK);
  /* the freed block is reused only after the cursor wraps */
  assert_string_equal(next(&s), "10.0.0.128/26");
  assert_string_equal(next(&s), "10.0.0.192/26");
  assert_string_equal(next(&s), "10.0.0.0/26");
  dsnet_prefix p;
  assert_int_equal(dsnet_cidrset_allocate(&s, &p, NULL), DSNET_EFULL);
  dsnet_cidrset_destroy(&s);
}

static void test_same_sequence_after_release(void **state) {
  (void)state;
  /* upstream TestCIDRSet_RandomishAllocation: all, release all, all again */
  dsnet_cidrset s = make("127.123.0.0/16", 24);
  static char first[256][DSNET_PREFIX_STRLEN];
  for (int i = 0; i < 256; i++)
    strcpy(first[i], next(&s));
  dsnet_prefix p;
  assert_int_equal(dsnet_cidrset_allocate(&s, &p, NULL), DSNET_EFULL);
  for (int i = 0; i < 256; i++) {
    dsnet_prefix q = P(first[i]);
    assert_int_equal(dsnet_cidrset_release(&s, &q, NULL), DSNET_OK);
  }
  assert_true(dsnet_cidrset_used(&s) == 0);
  for (int i = 0; i < 256; i++)
    assert_string_equal(next(&s), first[i]);
  dsnet_cidrset_destroy(&s);
}

static void test_occupy_release_sizes(void **state) {
  (void)state;
  dsnet_cidrset s = make("10.244.0.0/16", 24);
  bool on;
  /* a larger CIDR covers all its node CIDRs */
  dsnet_prefix big = P("10.244.4.0/22");
  assert_int_equal(dsnet_cidrset_occupy(&s, &big, NULL), DSNET_OK);
  assert_true(dsnet_cidrset_used(&s) == 4);
  /* occupying again counts nothing twice (upstream TestDoubleOccupyRelease) */
  assert_int_equal(dsnet_cidrset_occupy(&s, &big, NULL), DSNET_OK);
  assert_true(dsnet_cidrset_used(&s) == 4);
  dsnet_prefix n5 = P("10.244.5.0/24"), n8 = P("10.244.8.0/24");
  assert_int_equal(dsnet_cidrset_is_allocated(&s, &n5, &on, NULL), DSNET_OK);
  assert_true(on);
  assert_int_equal(dsnet_cidrset_is_allocated(&s, &n8, &on, NULL), DSNET_OK);
  assert_false(on);
  /* a smaller CIDR marks the node CIDR holding it */
  dsnet_prefix small = P("10.244.8.17/32");
  assert_int_equal(dsnet_cidrset_occupy(&s, &small, NULL), DSNET_OK);
  assert_true(dsnet_cidrset_used(&s) == 5);
  assert_int_equal(dsnet_cidrset_is_allocated(&s, &n8, &on, NULL), DSNET_OK);
  assert_true(on);
  /* is_allocated of a range: all of it */
  dsnet_prefix r = P("10.244.8.0/23");
  assert_int_equal(dsnet_cidrset_is_allocated(&s, &r, &on, NULL), DSNET_OK);
  assert_false(on);
  /* releasing a smaller CIDR frees its whole node CIDR; again is a no-op */
  assert_int_equal(dsnet_cidrset_release(&s, &small, NULL), DSNET_OK);
  assert_int_equal(dsnet_cidrset_release(&s, &small, NULL), DSNET_OK);
  assert_true(dsnet_cidrset_used(&s) == 4);
  /* occupy/release do not move the cursor */
  assert_string_equal(next(&s), "10.244.0.0/24");
  /* a CIDR containing the cluster CIDR covers every node CIDR */
  dsnet_prefix all = P("10.0.0.0/8");
  assert_int_equal(dsnet_cidrset_occupy(&s, &all, NULL), DSNET_OK);
  assert_true(dsnet_cidrset_used(&s) == 256);
  assert_true(dsnet_cidrset_free_count(&s) == 0);
  dsnet_prefix p;
  assert_int_equal(dsnet_cidrset_allocate(&s, &p, NULL), DSNET_EFULL);
  assert_int_equal(dsnet_cidrset_release(&s, &all, NULL), DSNET_OK);
  assert_true(dsnet_cidrset_used(&s) == 0);
  dsnet_cidrset_destroy(&s);
}

static void test_occupy_errors(void **state) {
  (void)state;
  dsnet_cidrset s = make("10.244.0.0/16", 24);
  dsnet_error e;
  dsnet_prefix out = P("10.245.0.0/24"), six = P("fc00::/64"), bad = {A("10.244.0.1"), 24};
  assert_int_equal(dsnet_cidrset_occupy(&s, &out, &e), DSNET_ENOT_CONTAINED);
  assert_non_null(strstr(e.message, "is out the range of cluster cidr 10.244.0.0/16"));
  assert_int_equal(dsnet_cidrset_release(&s, &six, &e), DSNET_EFAMILY);
  assert_int_equal(dsnet_cidrset_occupy(&s, &bad, &e), DSNET_EINVAL);
  bool on;
  assert_int_equal(dsnet_cidrset_is_allocated(&s, &out, &on, &e), DSNET_ENOT_CONTAINED);
  assert_true(dsnet_cidrset_used(&s) == 0);
  dsnet_cidrset_destroy(&s);
}

static void test_ipv6_sets(void **state) {
  (void)state;
  dsnet_cidrset s = make("fc00::/48", 64);
  assert_true(dsnet_cidrset_capacity(&s) == 65536);
  assert_string_equal(next(&s), "fc00::/64");
  assert_string_equal(next(&s), "fc00:0:0:1::/64");
  dsnet_prefix big = P("fc00:0:0:100::/56");
  assert_int_equal(dsnet_cidrset_occupy(&s, &big, NULL), DSNET_OK);
  assert_true(dsnet_cidrset_used(&s) == 258);
  dsnet_cidrset_destroy(&s);
  dsnet_prefix c = P("fc00::/47");
  dsnet_cidrset t;
  dsnet_error e;
  assert_int_equal(dsnet_cidrset_create(&t, &c, 64, NULL, &e), DSNET_ENODE_MASK_DIFF);
  assert_int_equal(dsnet_cidrset_mem_size(&c, 64), 0);
}

static void test_memory(void **state) {
  (void)state;
  dsnet_error e;
  dsnet_prefix c = P("10.244.0.0/16");
  assert_int_equal(dsnet_cidrset_mem_size(&c, 24), 32); /* 256 bits */
  assert_int_equal(dsnet_cidrset_mem_size(&c, 16), 8);  /* 1 bit, one word */
  assert_int_equal(dsnet_cidrset_mem_size(&c, 15), 0);
  dsnet_prefix all = P("0.0.0.0/0"), half = P("0.0.0.0/1");
  assert_int_equal(dsnet_cidrset_mem_size(&half, 32), (size_t)1 << 28); /* 2^31 bits */
  /* 2^32 node CIDRs: cidr_set.go's getIndexForIP bounds an IPv4 index by
   * uint32(s.maxCIDRs), 0 for 1 << 32, so Kubernetes' set refuses every
   * occupy and release: dsnet refuses the set */
  assert_int_equal(dsnet_cidrset_mem_size(&all, 32), 0);
  assert_int_equal(dsnet_cidrset_check(&all, 31, NULL), DSNET_OK);
  assert_int_equal(dsnet_cidrset_check(&all, 32, &e), DSNET_ENODE_CIDR_COUNT);
  assert_string_equal(
      e.message, "cluster CIDR 0.0.0.0/0 with node mask /32 has 2^32 node CIDRs: Kubernetes' "
                 "CIDR set bounds indexes by uint32(2^32) = 0, so every occupy and release "
                 "fails (\"out of the range of CIDR allocator\"); use a longer cluster prefix");
  dsnet_cidrset big;
  assert_int_equal(dsnet_cidrset_create(&big, &all, 32, NULL, NULL), DSNET_ENODE_CIDR_COUNT);
  /* node CIDRs inside ::ffff:0:0/96 are refused by every path (nodeipam's rule) */
  dsnet_prefix v6 = P("::/80");
  assert_int_equal(dsnet_cidrset_check(&v6, 96, NULL), DSNET_ENODE_CIDR_MAPPED);
  assert_int_equal(dsnet_cidrset_check(&v6, 95, NULL), DSNET_OK);
  uint64_t mem[4];
  dsnet_cidrset s;
  assert_int_equal(dsnet_cidrset_init(&s, &c, 24, mem, sizeof mem - 1, &e), DSNET_EINVAL);
  assert_int_equal(dsnet_cidrset_init(&s, &c, 24, (char *)mem + 1, 31, &e), DSNET_EINVAL);
  assert_int_equal(dsnet_cidrset_init(&s, &c, 24, NULL, 32, &e), DSNET_EINVAL);
  assert_int_equal(dsnet_cidrset_init(&s, &c, 24, mem, sizeof mem, &e), DSNET_OK);
  assert_string_equal(next(&s), "10.244.0.0/24");
  dsnet_cidrset_destroy(&s); /* caller memory: nothing freed */
  dsnet_cidrset_destroy(NULL);
}

typedef struct counting {
  int mallocs, frees, fail;
} counting;

static void *c_malloc(void *ctx, size_t n) {
  counting *c = ctx;
  if (c->fail)
    return NULL;
  c->mallocs++;
  return malloc(n);
}

static void c_free(void *ctx, void *p) {
  counting *c = ctx;
  c->frees++;
  free(p);
}

static void test_custom_allocator(void **state) {
  (void)state;
  counting c = {0, 0, 0};
  dsnet_alloc a = {c_malloc, c_free, &c};
  dsnet_prefix cl = P("10.244.0.0/16");
  dsnet_cidrset s;
  dsnet_error e;
  assert_int_equal(dsnet_cidrset_create(&s, &cl, 24, &a, &e), DSNET_OK);
  assert_int_equal(c.mallocs, 1);
  dsnet_cidrset_destroy(&s);
  assert_int_equal(c.frees, 1);
  /* allocation failure: the i-th allocation failing (there is one) */
  c.fail = 1;
  assert_int_equal(dsnet_cidrset_create(&s, &cl, 24, &a, &e), DSNET_ENOMEM);
  assert_int_equal(c.frees, 1);
}

static void test_allocate_node_rollback(void **state) {
  (void)state;
  dsnet_cidrset v6 = make("fc00::/48", 64), v4 = make("10.0.0.0/24", 24); /* one IPv4 slot */
  dsnet_cidrset *sets[2] = {&v6, &v4};
  dsnet_prefix out[2];
  dsnet_error e;
  assert_int_equal(dsnet_cidrset_allocate_node(sets, 2, out, NULL), DSNET_OK);
  assert_string_equal(fmt_prefix(&out[0], 0), "fc00::/64");
  assert_string_equal(fmt_prefix(&out[1], 1), "10.0.0.0/24");
  /* IPv4 is full: the IPv6 block taken for this node is given back */
  assert_int_equal(dsnet_cidrset_allocate_node(sets, 2, out, &e), DSNET_EFULL);
  assert_int_equal(e.offset, 1);
  assert_non_null(strstr(e.message, "failed to allocate cidr from cluster cidr at idx:1"));
  assert_true(dsnet_cidrset_used(&v6) == 1);
  /* and the cursor is where it was: the next node gets fc00:0:0:1::/64 */
  dsnet_prefix first4 = P("10.0.0.0/24");
  assert_int_equal(dsnet_cidrset_release(&v4, &first4, NULL), DSNET_OK);
  assert_int_equal(dsnet_cidrset_allocate_node(sets, 2, out, NULL), DSNET_OK);
  assert_string_equal(fmt_prefix(&out[0], 0), "fc00:0:0:1::/64");
  assert_int_equal(dsnet_cidrset_allocate_node(sets, 0, out, &e), DSNET_EINVAL);
  dsnet_cidrset_destroy(&v6);
  dsnet_cidrset_destroy(&v4);
}

static void test_node_occupy_release(void **state) {
  (void)state;
  dsnet_cidrset v4 = make("10.244.0.0/16", 24), v6 = make("fc00::/48", 64);
  dsnet_cidrset *sets[2] = {&v4, &v6};
  dsnet_prefix pod[3] = {P("10.244.7.0/24"), P("fc00:0:0:7::/64"), P("10.1.0.0/24")};
  dsnet_error e;
  assert_int_equal(dsnet_cidrset_occupy_node(sets, 2, pod, 2, NULL), DSNET_OK);
  assert_true(dsnet_cidrset_used(&v4) == 1 && dsnet_cidrset_used(&v6) == 1);
  /* more podCIDRs than cluster CIDRs: refused, nothing changes */
  assert_int_equal(dsnet_cidrset_occupy_node(sets, 2, pod, 3, &e), DSNET_ERANGE);
  assert_non_null(strstr(e.message, "does not exist in cluster cidrs configuration"));
  /* a wrong family in a slot: refused, nothing changes */
  dsnet_prefix swapped[2] = {pod[1], pod[0]};
  assert_int_equal(dsnet_cidrset_release_node(sets, 2, swapped, 2, &e), DSNET_EFAMILY);
  assert_int_equal(e.offset, 0);
  assert_true(dsnet_cidrset_used(&v4) == 1 && dsnet_cidrset_used(&v6) == 1);
  assert_int_equal(dsnet_cidrset_release_node(sets, 2, pod, 2, NULL), DSNET_OK);
  assert_true(dsnet_cidrset_used(&v4) == 0 && dsnet_cidrset_used(&v6) == 0);
  dsnet_cidrset_destroy(&v4);
  dsnet_cidrset_destroy(&v6);
}

/* Reference model: a plain array of flags and the cursor, per cidr_set.go. */
typedef struct model {
  unsigned char *bit;
  uint64_t max, used, next;
} model;

static void model_range(const model *m, const dsnet_prefix *cl, unsigned mask,
                        const dsnet_prefix *x, uint64_t *b, uint64_t *e) {
  if (x->len <= cl->len) {
    *b = 0;
    *e = m->max - 1;
    return;
  }
  unsigned bits = dsnet_family_bits(cl->addr.family);
  dsnet_u128 off, i;
  dsnet_addr last;
  off.hi = x->addr.hi ^ cl->addr.hi;
  off.lo = x->addr.lo ^ cl->addr.lo;
  dsnet_u128_shr(&off, bits - mask, &i);
  *b = i.lo;
  dsnet_prefix_last(x, &last);
  off.hi = last.hi ^ cl->addr.hi;
  off.lo = last.lo ^ cl->addr.lo;
  dsnet_u128_shr(&off, bits - mask, &i);
  *e = i.lo;
}

static void property(const char *cluster, unsigned mask, unsigned steps, unsigned seed) {
  dsnet_prefix cl = P(cluster);
  dsnet_cidrset s = make(cluster, mask);
  model m;
  m.max = dsnet_cidrset_capacity(&s);
  assert_true(m.max <= SIZE_MAX); /* a cidrset holds at most 2^16 nodes */
  m.bit = calloc((size_t)m.max, 1);
  m.used = m.next = 0;
  srand(seed);
  unsigned bits = dsnet_family_bits(cl.addr.family);
  for (unsigned step = 0; step < steps; step++) {
    int op = rand() % 10;
    if (op < 5) { /* allocate */
      dsnet_prefix p;
      dsnet_status st = dsnet_cidrset_allocate(&s, &p, NULL);
      if (m.used == m.max) {
        assert_int_equal(st, DSNET_EFULL);
        continue;
      }
      assert_int_equal(st, DSNET_OK);
      uint64_t i = m.next;
      while (m.bit[i])
        i = (i + 1) % m.max;
      m.bit[i] = 1;
      m.used++;
      m.next = (i + 1) % m.max;
      dsnet_prefix want;
      assert_int_equal(dsnet_nodeipam_pod_cidr(&cl, mask, i, &want, NULL), DSNET_OK);
      if (!dsnet_prefix_equal(&p, &want))
        fail_msg("step %u: allocated %s, model says %s", step, fmt_prefix(&p, 0),
                 fmt_prefix(&want, 1));
      assert_true(dsnet_prefix_contains(&cl, &p));
    } else { /* occupy / release / query a random CIDR overlapping the cluster */
      unsigned len = (unsigned)(rand() % (int)(mask + 3 <= bits ? mask + 3 : bits + 1));
      if (len < cl.len && rand() % 4)
        len = cl.len + (unsigned)rand() % (mask - cl.len + 1);
      dsnet_u128 i = {0, (uint64_t)rand() % m.max};
      dsnet_prefix node, x;
      dsnet_nodeipam_pod_cidr(&cl, mask, i.lo, &node, NULL);
      dsnet_prefix_from_addr(&node.addr, len, DSNET_PARSE_MASK_HOST, &x, NULL);
      uint64_t b, e;
      model_range(&m, &cl, mask, &x, &b, &e);
      if (op < 7) {
        assert_int_equal(dsnet_cidrset_occupy(&s, &x, NULL), DSNET_OK);
        for (uint64_t k = b; k <= e; k++)
          if (!m.bit[k]) {
            m.bit[k] = 1;
            m.used++;
          }
      } else if (op < 9) {
        assert_int_equal(dsnet_cidrset_release(&s, &x, NULL), DSNET_OK);
        for (uint64_t k = b; k <= e; k++)
          if (m.bit[k]) {
            m.bit[k] = 0;
            m.used--;
          }
      } else {
        bool on, want = true;
        assert_int_equal(dsnet_cidrset_is_allocated(&s, &x, &on, NULL), DSNET_OK);
        for (uint64_t k = b; k <= e; k++)
          want = want && m.bit[k];
        assert_true(on == want);
      }
    }
    if (dsnet_cidrset_used(&s) != m.used)
      fail_msg("step %u: used %llu, model %llu", step, (unsigned long long)dsnet_cidrset_used(&s),
               (unsigned long long)m.used);
  }
  free(m.bit);
  dsnet_cidrset_destroy(&s);
}

static void test_allocate_many(void **state) {
  (void)state;
  dsnet_cidrset s = make("10.0.0.0/22", 24);
  dsnet_prefix out[8];
  size_t n;
  assert_int_equal(dsnet_cidrset_allocate_many(&s, out, 3, &n, NULL), DSNET_OK);
  assert_int_equal(n, 3);
  assert_string_equal(fmt_prefix(&out[2], 0), "10.0.2.0/24");
  assert_int_equal(dsnet_cidrset_allocate_many(&s, out, 3, &n, NULL), DSNET_EFULL);
  assert_int_equal(n, 1);
  assert_string_equal(fmt_prefix(&out[0], 0), "10.0.3.0/24");
  assert_int_equal(dsnet_cidrset_allocate_many(&s, out, 0, &n, NULL), DSNET_OK);
  assert_int_equal(n, 0);
  dsnet_cidrset_destroy(&s);
}

static void test_property(void **state) {
  (void)state;
  property("10.0.0.0/24", 28, 4000, 1);   /* 16 slots: one partial word */
  property("10.244.0.0/16", 24, 6000, 2); /* 256 slots: four words */
  property("fc00::/56", 64, 6000, 3);     /* 256 IPv6 slots */
  property("172.16.0.0/12", 22, 6000, 4); /* 1024 slots */
  property("fd00::/120", 127, 3000, 5);   /* 128 slots */
  property("192.168.0.0/30", 30, 200, 6); /* one slot */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_single_slot),
      cmocka_unit_test(test_service_range_filtered),
      cmocka_unit_test(test_rotation_and_wrap),
      cmocka_unit_test(test_same_sequence_after_release),
      cmocka_unit_test(test_occupy_release_sizes),
      cmocka_unit_test(test_occupy_errors),
      cmocka_unit_test(test_ipv6_sets),
      cmocka_unit_test(test_memory),
      cmocka_unit_test(test_custom_allocator),
      cmocka_unit_test(test_allocate_node_rollback),
      cmocka_unit_test(test_node_occupy_release),
      cmocka_unit_test(test_allocate_many),
      cmocka_unit_test(test_property),
  };
  return cmocka_run_group_tests_name("cidrset", tests, NULL, NULL);
}
