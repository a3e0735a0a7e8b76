/* A workload calling every library function, error paths included: run by
 * test_noalloc (no heap allowed) and by test_threads (several threads at once,
 * under ThreadSanitizer). */
#include <stdio.h>
#include <string.h>

#include "dsnet/dsnet.h"
#include "workload.h"

static const char *const inputs[] = {
    "10.244.0.0/16",      "fc00::/48", "::ffff:1.2.3.4", "1.2.3.04",    "1::2::3",  "fe80::1%eth0",
    "10.0.0.1/8",         "::/129",    "10.0.0.0/08",    "2001:DB8::1", "1.2.3.4 ", "",
    "::ffff:1.2.3.0/120", "0.0.0.0/0", "::/0",           "12345::",     "[::1]",
};

void workload(unsigned salt) {
  (void)salt;
  char buf[DSNET_PREFIX_STRLEN];
  dsnet_error e;
  dsnet_prefix list[DSNET_SUBNET_LIST_MAX];
  size_t n;
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    const char *s = inputs[i];
    for (unsigned flags = 0; flags < 4; flags++) {
      dsnet_addr a;
      dsnet_prefix p, q;
      if (dsnet_addr_parse(s, strlen(s), flags, &a, &e) == DSNET_OK) {
        dsnet_addr_format(&a, buf, sizeof buf);
        dsnet_addr_format_full(&a, buf, sizeof buf);
        dsnet_addr_classify(&a);
        dsnet_u128 one = {0, 1};
        dsnet_addr_add(&a, &one, &a, &e);
        dsnet_addr_sub(&a, &one, &a, &e);
      }
      if (dsnet_prefix_parse(s, strlen(s), flags, &p, &e) == DSNET_OK) {
        dsnet_u128 c, idx = {0, 1}, big = {~UINT64_C(0), ~UINT64_C(0)};
        dsnet_addr first, last;
        dsnet_prefix_format(&p, buf, sizeof buf);
        dsnet_prefix_size(&p, &c, &e);
        dsnet_prefix_first(&p, &first);
        dsnet_prefix_last(&p, &last);
        dsnet_prefix_nth(&p, &big, &first, &e);
        unsigned nl = p.len + 2u <= dsnet_family_bits(p.addr.family) ? p.len + 2u : p.len;
        dsnet_subnet_count(&p, nl, &c, &e);
        if (dsnet_subnet_nth(&p, nl, &idx, &q, &e) == DSNET_OK) {
          dsnet_subnet_index(&p, &q, &c, &e);
          dsnet_subnet_exclude(&p, &q, list, DSNET_SUBNET_LIST_MAX, &n, &e);
          dsnet_subnet_collapse(list, n, &n, &e);
        }
        dsnet_subnet_nth(&p, nl, &big, &q, &e);
        dsnet_subnet_summarize(&first, &last, list, 1, &n, &e);
        dsnet_subnet_summarize(&last, &first, list, 1, &n, &e);
        dsnet_subnet_supernet(&p, 0, &q, &e);
        dsnet_subnet_iter it;
        if (dsnet_subnet_iter_init(&it, &p, nl, NULL, &e) == DSNET_OK)
          for (int k = 0; k < 3 && dsnet_subnet_iter_next(&it, &q); k++)
            ;
      }
    }
  }
  /* dual-stack lists and node IPAM math */
  static const char *const lists[] = {"10.244.0.0/16,fc00::/48", "10.244.0.0/16, fc00::/48",
                                      "10.0.0.0/8,10.1.0.0/16",  "a,b,c",
                                      "::ffff:1.2.3.0/120",      ""};
  for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
    dsnet_dualstack_cidrs l;
    dsnet_dualstack_ips ips;
    dsnet_dualstack_parse_ips(lists[i], strlen(lists[i]), 0, &ips, &e);
    if (dsnet_dualstack_parse_cidrs(lists[i], strlen(lists[i]), DSNET_DUALSTACK_REQUIRE_DUAL, &l,
                                    &e) != DSNET_OK)
      continue;
    dsnet_dualstack_format_cidrs(&l, buf, sizeof buf);
    dsnet_node_mask_flags f = {0, 0, 65};
    dsnet_node_masks m;
    dsnet_prefix pods[2];
    uint64_t cap, idx;
    dsnet_u128 v;
    dsnet_nodeipam_resolve_masks(&l, &f, DSNET_NODEIPAM_RULES_CURRENT, &m, &e);
    dsnet_nodeipam_capacity_all(&l, &m, &cap, &e);
    f.mask_size_ipv6 = 0;
    dsnet_nodeipam_resolve_masks(&l, &f, DSNET_NODEIPAM_RULES_CURRENT, &m, &e);
    dsnet_nodeipam_pod_cidrs(&l, &m, 2, pods, &e);
    dsnet_nodeipam_pod_cidrs(&l, &m, 1u << 20, pods, &e);
    dsnet_nodeipam_pod_cidr_index(&l.cidr[0], m.mask[0], &pods[0], &idx, &e);
    dsnet_nodeipam_pod_addresses(DSNET_FAMILY_IPV4, 24, &v, &e);
    dsnet_nodeipam_check_max_pods(DSNET_FAMILY_IPV4, 26, 110, &e);
  }
  /* the allocator on caller memory */
  {
    uint64_t mem[4];
    dsnet_cidrset set;
    dsnet_prefix c, p;
    dsnet_prefix_parse("10.244.0.0/16", 13, 0, &c, &e);
    dsnet_cidrset_init(&set, &c, 24, mem, sizeof mem, &e);
    for (int k = 0; k < 300; k++)
      dsnet_cidrset_allocate(&set, &p, &e);
    dsnet_cidrset_release(&set, &p, &e);
    dsnet_cidrset_occupy(&set, &c, &e);
  }
  /* services and plans */
  {
    dsnet_dualstack_cidrs ranges;
    dsnet_dualstack_parse_cidrs("10.0.0.0/16,fd00::/108", 22, 0, &ranges, &e);
    dsnet_strview ips[2] = {{"10.0.0.5", 8}, {"fd00::5", 7}};
    dsnet_service_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.cluster_ip = ips[0];
    spec.cluster_ips = ips;
    spec.n_cluster_ips = 2;
    static _Thread_local dsnet_service_result sr;
    dsnet_service_resolve(&ranges, 0, &spec, &sr, &e);
    spec.ip_family_policy.ptr = "PreferDualStack";
    spec.ip_family_policy.len = 15;
    dsnet_service_resolve(&ranges, 0, &spec, &sr, &e);
    dsnet_service_validate_ranges(&ranges, 29, &e);
    static _Thread_local dsnet_plan_result pr;
    dsnet_plan plan;
    dsnet_plan_init(&plan);
    dsnet_plan_evaluate(&plan, &pr, &e);
    plan.profile = DSNET_PLAN_PROFILE_AKS_ENGINE;
    plan.nodes = 1000;
    plan.service_cidr.ptr = "fd00::/108";
    plan.service_cidr.len = 10;
    dsnet_plan_evaluate(&plan, &pr, &e);
    dsnet_plan_flag(&pr, "--cluster-cidr", buf, sizeof buf);
  }
  dsnet_u128 v;
  dsnet_u128_parse("340282366920938463463374607431768211456", 39, &v, &e);
  dsnet_u128_format_pow2(128, buf, sizeof buf);
}
