/* Tests of the plan module: the default plan and its derived values, every
 * rule at its limit and one past it, and the AKS Engine vectors of
 * reference/aks-engine-rules.md section 6 in the aks-engine profile (the
 * aksengine module alone: test_aksengine.c). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

static dsnet_plan_result R; /* large: static */

/* Build a plan from "key=value" settings (keys as the CLI flags). */
static dsnet_plan make(const char *const *kv) {
  dsnet_plan p;
  dsnet_plan_init(&p);
  for (; kv && *kv; kv++) {
    const char *eqs = strchr(*kv, '=');
    assert_non_null(eqs);
    size_t kl = (size_t)(eqs - *kv);
    const char *v = eqs + 1;
    dsnet_strview sv = {v, strlen(v)};
#define K(name) (kl == strlen(name) && strncmp(*kv, name, kl) == 0)
    if (K("cluster-cidr"))
      p.cluster_cidr = sv;
    else if (K("service-cidr"))
      p.service_cidr = sv;
    else if (K("dns-service-ip"))
      p.dns_service_ip = sv;
    else if (K("node-subnet"))
      p.node_subnet = sv;
    else if (K("vnet-cidr"))
      p.vnet_cidr = sv;
    else if (K("docker-bridge-subnet"))
      p.docker_bridge_subnet = sv;
    else if (K("kubernetes-version"))
      p.kubernetes_version = sv;
    else if (K("network-plugin"))
      p.network_plugin = sv;
    else if (K("kube-proxy-mode"))
      p.kube_proxy_mode = sv;
    else if (K("feature-gates"))
      p.feature_gates = sv;
    else if (K("network-policy"))
      p.network_policy = sv;
    else if (K("mask"))
      p.node_mask_flags.mask_size = (unsigned)atoi(v);
    else if (K("mask4"))
      p.node_mask_flags.mask_size_ipv4 = (unsigned)atoi(v);
    else if (K("mask6"))
      p.node_mask_flags.mask_size_ipv6 = (unsigned)atoi(v);
    else if (K("max-pods"))
      p.max_pods = strtoull(v, NULL, 10);
    else if (K("nodes"))
      p.nodes = strtoull(v, NULL, 10);
    else if (K("model-max-pods"))
      p.model_max_pods = strtoull(v, NULL, 10);
    else if (K("profile"))
      p.profile = strcmp(v, "aks-engine") == 0 ? DSNET_PLAN_PROFILE_AKS_ENGINE
                                               : DSNET_PLAN_PROFILE_KUBERNETES;
    else
      fail_msg("unknown key %s", *kv);
#undef K
  }
  return p;
}

static int has(const dsnet_plan_result *r, const char *code) {
  for (size_t i = 0; i < r->n_findings; i++)
    if (strcmp(r->findings[i].code, code) == 0)
      return 1;
  return 0;
}

static void dump(const dsnet_plan_result *r) {
  plan_dump(r);
}

static void test_default_plan(void **state) {
  (void)state;
  dsnet_plan p = make(NULL);
  assert_int_equal(dsnet_plan_evaluate(&p, &R, NULL), DSNET_OK);
  assert_true(R.valid);
  assert_int_equal(R.n_errors, 0);
  /* AKS Engine's own defaults nest the IPv4 pod and service ranges in the VNet */
  assert_true(has(&R, "pod_cidr_in_vnet"));
  assert_true(has(&R, "service_cidr_in_vnet"));
  assert_int_equal(R.n_findings, 2);
  assert_int_equal(R.n_families, 2);
  const dsnet_plan_family *v4 = &R.families[0], *v6 = &R.families[1];
  assert_int_equal(v4->family, 4);
  assert_string_equal(fmt_prefix(&v4->cluster_cidr, 0), "10.244.0.0/16");
  assert_int_equal(v4->node_mask, 24);
  assert_true(v4->node_capacity == 256);
  assert_string_equal(fmt_u128(&v4->pods_per_node, 0), "253");
  assert_string_equal(fmt_addr(&v4->apiserver_ip, 0), "10.0.0.1");
  assert_string_equal(fmt_addr(&v4->dns_ip, 0), "10.0.0.10");
  assert_string_equal(fmt_prefix(&v6->cluster_cidr, 0), "fc00::/48");
  assert_int_equal(v6->node_mask, 64);
  assert_true(v6->node_capacity == 65536);
  assert_string_equal(fmt_addr(&v6->apiserver_ip, 0), "fd00::1");
  assert_string_equal(fmt_addr(&v6->default_dns_ip, 0), "fd00::a");
  assert_false(v6->has_dns_ip);
  assert_true(R.node_capacity == 256);
  dsnet_prefix pods[2];
  assert_int_equal(dsnet_plan_pod_cidrs(&R, 2, pods, NULL), DSNET_OK);
  assert_string_equal(fmt_prefix(&pods[0], 0), "10.244.2.0/24");
  assert_string_equal(fmt_prefix(&pods[1], 1), "fc00:0:0:2::/64");
  assert_int_equal(dsnet_plan_pod_cidrs(&R, 256, pods, NULL), DSNET_ERANGE);
  char f[DSNET_DUALSTACK_STRLEN];
  dsnet_plan_flag(&R, "--cluster-cidr", f, sizeof f);
  assert_string_equal(f, "10.244.0.0/16,fc00::/48");
  dsnet_plan_flag(&R, "--service-cluster-ip-range", f, sizeof f);
  assert_string_equal(f, "10.0.0.0/16,fd00::/108");
  dsnet_plan_flag(&R, "--node-cidr-mask-size-ipv4", f, sizeof f);
  assert_string_equal(f, "24");
  dsnet_plan_flag(&R, "--node-cidr-mask-size-ipv6", f, sizeof f);
  assert_string_equal(f, "64");
  assert_int_equal(dsnet_plan_flag(&R, "--node-cidr-mask-size", f, sizeof f), 0);
  dsnet_plan_flag(&R, "--cluster-dns", f, sizeof f);
  assert_string_equal(f, "10.0.0.10");
  dsnet_plan_flag(&R, "--max-pods", f, sizeof f);
  assert_string_equal(f, "110");
}

typedef struct rule_case {
  const char *settings[10];
  const char *code; /* expected finding, or NULL: none of the rule's codes */
  const char *absent;
  int valid;
} rule_case;

static void run_rules(const rule_case *c, size_t n) {
  for (size_t i = 0; i < n; i++) {
    dsnet_plan p = make(c[i].settings);
    dsnet_status st = dsnet_plan_evaluate(&p, &R, NULL);
    int bad = 0;
    if (c[i].code && !has(&R, c[i].code))
      bad = 1;
    if (c[i].absent && has(&R, c[i].absent))
      bad = 1;
    if (c[i].valid >= 0 && (int)R.valid != c[i].valid)
      bad = 1;
    if (R.valid != (st == DSNET_OK))
      bad = 1;
    if (bad) {
      dump(&R);
      fail_msg("rule case %zu (%s, %s...): expected %s%s%s, valid=%d; got valid=%d", i,
               c[i].settings[0] ? c[i].settings[0] : "-", c[i].settings[1] ? c[i].settings[1] : "",
               c[i].code ? c[i].code : "", c[i].absent ? " without " : "",
               c[i].absent ? c[i].absent : "", c[i].valid, R.valid);
    }
  }
}

static void test_rules_at_limits(void **state) {
  (void)state;
  const rule_case c[] = {
      /* node capacity: 256 /24s in a /16 */
      {{"nodes=256"}, NULL, "node_capacity_exceeded", 1},
      {{"nodes=257"}, "node_capacity_exceeded", NULL, 0},
      {{"cluster-cidr=fc00::/48,10.244.0.0/16", "nodes=257"}, "node_capacity_exceeded", NULL, 0},
      /* max pods: a /24 has 253 usable pod IPs; IPv6 /120 has 254 */
      {{"max-pods=253"}, NULL, "max_pods_exceeded", 1},
      {{"max-pods=254"}, "max_pods_exceeded", NULL, 0},
      {{"cluster-cidr=10.244.0.0/16,fc00::/104", "mask6=120", "max-pods=253"},
       NULL,
       "max_pods_exceeded",
       1},
      {{"cluster-cidr=10.244.0.0/16,fc00::/104", "mask4=23", "mask6=120", "max-pods=254"},
       NULL,
       "max_pods_exceeded",
       1},
      {{"cluster-cidr=10.244.0.0/16,fc00::/104", "mask4=23", "mask6=120", "max-pods=255"},
       "max_pods_exceeded",
       NULL,
       0},
      {{"mask4=31"}, "node_cidr_too_small", NULL, 0},
      /* the IPv6 16-bit limit, and IPv4's warning */
      {{"mask6=64"}, NULL, "node_mask_diff", 1},
      {{"mask6=65"}, "node_mask_diff", NULL, 0},
      {{"cluster-cidr=10.244.0.0/16,fc00::/47"}, "node_mask_diff", NULL, 0},
      {{"mask4=32", "max-pods=1"}, "node_cidr_too_small", NULL, 0},
      {{"cluster-cidr=10.0.0.0/8,fc00::/48", "service-cidr=172.16.0.0/16,fd00::/108",
        "vnet-cidr=192.168.0.0/16,2001:1234:5678:9a00::/56",
        "node-subnet=192.168.0.0/16,2001:1234:5678:9abc::/64", "mask4=25"},
       "node_mask_diff_ipv4",
       NULL,
       1},
      {{"mask4=15"}, "node_mask_short", NULL, 0},
      /* node CIDRs Kubernetes takes for IPv4 (To4() of ::ffff:0:0/96), and the CIDR set of 2^32
       * node CIDRs that cidr_set.go cannot occupy (uint32(maxCIDRs) == 0) */
      {{"cluster-cidr=10.244.0.0/16,::/80", "mask6=96"}, "node_cidr_mapped", NULL, 0},
      {{"cluster-cidr=10.244.0.0/16,::/80", "mask6=95"}, NULL, "node_cidr_mapped", -1},
      {{"cluster-cidr=0.0.0.0/0,fc00::/48", "mask4=32"}, "node_cidr_count", NULL, 0},
      {{"cluster-cidr=0.0.0.0/1,fc00::/48", "mask4=32"}, NULL, "node_cidr_count", -1},
      {{"mask4=33"}, "node_mask_range", NULL, 0},
      {{"mask=24"}, "node_mask_flags", NULL, 0},
      {{"cluster-cidr=10.244.0.0/16", "service-cidr=10.0.0.0/16", "mask6=64"},
       "node_mask_flags",
       NULL,
       0},
      /* service ranges: 20 host bits up to 1.33, none from 1.34; 8 addresses in the primary */
      {{"service-cidr=10.0.0.0/12,fd00::/108", "kubernetes-version=1.33",
        "vnet-cidr=172.16.0.0/12,2001:1234:5678:9a00::/56",
        "node-subnet=172.16.0.0/16,2001:1234:5678:9abc::/64"},
       NULL,
       "service_range_too_large",
       -1},
      {{"service-cidr=10.0.0.0/11,fd00::/108", "kubernetes-version=1.33"},
       "service_range_too_large",
       NULL,
       0},
      {{"service-cidr=10.0.0.0/16,fd00::/107", "kubernetes-version=1.33"},
       "service_range_too_large",
       NULL,
       0},
      {{"service-cidr=10.0.0.0/16,fd00::/64", "kubernetes-version=1.34"},
       NULL,
       "service_range_too_large",
       1},
      {{"service-cidr=10.0.0.0/29,fd00::/108"}, NULL, "service_range_too_small", 1},
      {{"service-cidr=10.0.0.0/30,fd00::/108", "dns-service-ip=10.0.0.2"},
       "service_range_too_small",
       NULL,
       0},
      /* DNS service IP: inside, not the network address, API server IP or broadcast */
      {{"dns-service-ip=10.0.0.2"}, NULL, "dns_service_ip_apiserver_ip", 1},
      {{"dns-service-ip=10.0.0.1"}, "dns_service_ip_apiserver_ip", NULL, 0},
      {{"dns-service-ip=10.0.0.0"}, "dns_service_ip_network_address", NULL, 0},
      {{"dns-service-ip=10.0.255.255"}, "dns_service_ip_broadcast", NULL, 0},
      {{"dns-service-ip=10.0.255.254"}, NULL, "dns_service_ip_broadcast", 1},
      {{"dns-service-ip=10.1.0.10"}, "dns_service_ip_outside_service_cidr", NULL, 0},
      {{"dns-service-ip=10.0.0.10,fd00::a"}, NULL, "dns_service_ip_outside_service_cidr", 1},
      {{"dns-service-ip=fd00::1"}, "dns_service_ip_apiserver_ip", NULL, 0},
      {{"service-cidr=10.0.0.0/16", "dns-service-ip=fd00::a"},
       "dns_service_ip_outside_service_cidr",
       NULL,
       0},
      {{"dns-service-ip=10.0.0.10,10.0.0.11"}, "dns_service_ip_invalid", NULL, 0},
      /* overlaps, per family */
      {{"service-cidr=10.244.0.0/20,fd00::/108", "dns-service-ip=10.244.0.10"},
       "pod_service_overlap",
       NULL,
       0},
      {{"cluster-cidr=10.244.0.0/16,abcd:abcd:abcd::/64",
        "service-cidr=10.0.0.0/16,abcd:abcd:abcd::/108"},
       "pod_service_overlap",
       NULL,
       0},
      {{"cluster-cidr=10.240.0.0/16,fc00::/48"}, "pod_node_subnet_overlap", NULL, 0},
      {{"service-cidr=10.240.0.0/16,fd00::/108", "dns-service-ip=10.240.0.10"},
       "service_node_subnet_overlap",
       NULL,
       0},
      {{"docker-bridge-subnet=10.244.0.1/24"}, "docker_bridge_overlap", NULL, 0},
      {{"docker-bridge-subnet=10.0.0.1/16"}, "docker_bridge_overlap", NULL, 0},
      {{"docker-bridge-subnet=172.17.0.1/16"}, NULL, "docker_bridge_overlap", 1},
      {{"node-subnet=11.240.0.0/16,2001:1234:5678:9abc::/64"}, "node_subnet_outside_vnet", NULL, 0},
      {{"node-subnet=10.240.0.0/16,2001:1234:5678:9bbc::/64"}, "node_subnet_outside_vnet", NULL, 0},
      {{"vnet-cidr=10.240.0.0/16,2001:1234:5678:9a00::/56"}, NULL, "pod_cidr_in_vnet", 1},
      /* version gates */
      {{"kubernetes-version=1.15"}, "dual_stack_version", NULL, 0},
      {{"kubernetes-version=1.16", "kube-proxy-mode=ipvs", "cluster-cidr=10.244.0.0/16,fc00::/8",
        "service-cidr=10.0.0.0/16"},
       NULL,
       "dual_stack_version",
       1},
      {{"kubernetes-version=1.17", "service-cidr=10.0.0.0/16"},
       "kube_proxy_iptables_version",
       NULL,
       0},
      {{"kubernetes-version=1.18", "service-cidr=10.0.0.0/16"},
       NULL,
       "kube_proxy_iptables_version",
       1},
      {{"kubernetes-version=1.19"}, "dual_stack_services_version", NULL, 1},
      {{"kubernetes-version=1.20"}, NULL, "dual_stack_services_version", 1},
      {{"kubernetes-version=1.16", "kube-proxy-mode=ipvs", "cluster-cidr=10.244.0.0/16,fc00::/8",
        "service-cidr=10.0.0.0/16", "mask6=64"},
       "node_mask_flags",
       NULL,
       0},
      {{"kubernetes-version=1.16", "kube-proxy-mode=ipvs", "service-cidr=10.0.0.0/16",
        "cluster-cidr=10.244.0.0/16,fc00::/48"},
       "node_mask_short",
       NULL,
       0}, /* 1.16's /24 for IPv6 needs a /8-/24 cluster: aks-engine#2868 */
      {{"kubernetes-version=banana"}, "kubernetes_version_invalid", NULL, 0},
      /* families */
      {{"service-cidr=10.0.0.0/16"}, "service_cidr_single_stack", NULL, 1},
      {{"cluster-cidr=10.244.0.0/16"}, "cluster_cidr_single_stack", NULL, 1},
      {{"cluster-cidr=fc00::/48,10.244.0.0/16"}, "primary_family_mismatch", NULL, 1},
      {{"cluster-cidr=10.244.0.0/16,10.245.0.0/16"}, "cluster_cidr_invalid", NULL, 0},
      {{"cluster-cidr=10.244.0.0/16, fc00::/48"}, "cluster_cidr_invalid", NULL, 0},
      {{"cluster-cidr=10.244.0.1/16,fc00::/48"}, "cluster_cidr_invalid", NULL, 0},
      {{"network-plugin=calico"}, "network_plugin_invalid", NULL, 0},
      /* kube-proxy's modes (pkg/proxy/apis/config/validation/validation.go, v1.29.0 on:
       * nftables only with NFTablesProxyMode; versioned_kube_features.go: alpha 1.29, beta
       * and on 1.31, GA and locked 1.33); ipvs deprecated in 1.35 (server_linux.go) */
      {{"kube-proxy-mode=nftables"}, NULL, "kube_proxy_mode_invalid", 1},
      {{"kube-proxy-mode=nftables", "kubernetes-version=1.28"},
       "kube_proxy_nftables_version",
       NULL,
       0},
      {{"kube-proxy-mode=nftables", "kubernetes-version=1.29"},
       "kube_proxy_nftables_feature_gate",
       NULL,
       0},
      {{"kube-proxy-mode=nftables", "kubernetes-version=1.30"},
       "kube_proxy_nftables_feature_gate",
       NULL,
       0},
      {{"kube-proxy-mode=nftables", "kubernetes-version=1.29",
        "feature-gates=NFTablesProxyMode=true"},
       NULL,
       "kube_proxy_nftables_feature_gate",
       1},
      {{"kube-proxy-mode=nftables", "kubernetes-version=1.31"},
       NULL,
       "kube_proxy_nftables_feature_gate",
       1},
      {{"kube-proxy-mode=nftables", "kubernetes-version=1.32",
        "feature-gates=NFTablesProxyMode=false"},
       "kube_proxy_nftables_feature_gate",
       NULL,
       0},
      {{"kube-proxy-mode=nftables", "kubernetes-version=1.33",
        "feature-gates=NFTablesProxyMode=false"},
       "feature_gates_invalid",
       "kube_proxy_nftables_feature_gate",
       0}, /* locked: the gate is refused and the default (on) applies */
      {{"kube-proxy-mode=iptables-legacy"}, "kube_proxy_mode_invalid", NULL, 0},
      {{"kube-proxy-mode=ipvs"}, "kube_proxy_ipvs_deprecated", NULL, 1},
      {{"kube-proxy-mode=ipvs", "kubernetes-version=1.34"}, NULL, "kube_proxy_ipvs_deprecated", 1},
      {{"kube-proxy-mode=nftables", "kubernetes-version=1.17", "service-cidr=10.0.0.0/16"},
       "kube_proxy_nftables_version",
       "kube_proxy_iptables_version",
       0},
      /* feature gates: the service-range cap (validateMaxCIDRRange, 1.34 alloc.go) */
      {{"feature-gates=NodeSwap=true"}, "feature_gates_invalid", NULL, 0},
      {{"service-cidr=10.0.0.0/11,fd00::/108", "kubernetes-version=1.34"},
       NULL,
       "service_range_too_large",
       1},
      {{"service-cidr=10.0.0.0/11,fd00::/108", "kubernetes-version=1.34",
        "feature-gates=DisableAllocatorDualWrite=false"},
       "service_range_too_large",
       NULL,
       0},
      {{"service-cidr=10.0.0.0/11,fd00::/108", "kubernetes-version=1.33",
        "feature-gates=DisableAllocatorDualWrite=true"},
       NULL,
       "service_range_too_large",
       1},
      {{"service-cidr=10.0.0.0/11,fd00::/108", "feature-gates=DisableAllocatorDualWrite=false"},
       "feature_gates_invalid",
       "service_range_too_large",
       0}, /* locked in 1.35 */
      /* Azure CNI: 9 host bits, and 1 + max-pods node-subnet addresses per node */
      {{"network-plugin=azure", "cluster-cidr=10.240.0.0/23,fc00::/48", "nodes=1", "max-pods=30",
        "node-subnet=10.240.0.0/23,2001:1234:5678:9abc::/64"},
       NULL,
       "azure_cni_host_bits",
       -1},
      {{"network-plugin=azure", "cluster-cidr=10.240.0.0/24,fc00::/48"},
       "azure_cni_host_bits",
       NULL,
       0},
      {{"network-plugin=azure", "nodes=2112"}, NULL, "azure_cni_node_subnet_capacity", -1},
      {{"network-plugin=azure", "nodes=2115"}, "azure_cni_node_subnet_capacity", NULL, 0},
  };
  run_rules(c, sizeof c / sizeof c[0]);
}

/* reference/aks-engine-rules.md section 6, in the aks-engine profile: the
 * AKS Engine check must be reported where AKS Engine reports it, and no
 * AKS Engine check where it accepts the model. */
static void test_aks_engine_vectors(void **state) {
  (void)state;
  const rule_case c[] = {
      /* 2: dual, kubenet, three cluster subnets -> E9 */
      {{"profile=aks-engine", "network-plugin=kubenet",
        "cluster-cidr=10.244.0.0/16,ace:cab:deca::/8,fec0::/7"},
       "aks_engine_cluster_subnet_count",
       NULL,
       0},
      /* 3: iptables before 1.18 -> E25; from 1.18 fine */
      {{"profile=aks-engine", "network-plugin=kubenet", "kube-proxy-mode=iptables",
        "kubernetes-version=1.17.0", "cluster-cidr=10.244.0.0/16,ace:cab:deca::/8"},
       "aks_engine_kube_proxy_mode_version",
       NULL,
       0},
      {{"profile=aks-engine", "network-plugin=kubenet", "kube-proxy-mode=iptables",
        "kubernetes-version=1.18.0", "cluster-cidr=10.244.0.0/16,ace:cab:deca::/8"},
       NULL,
       "aks_engine_kube_proxy_mode_version",
       -1},
      /* 4: service CIDR without DNS IP -> E15 */
      {{"profile=aks-engine", "network-plugin=kubenet", "service-cidr=10.0.0.0/16,fe80:20d::/112"},
       "aks_engine_dns_service_ip_required",
       NULL,
       0},
      /* 5: three service CIDRs -> E18 */
      {{"profile=aks-engine", "network-plugin=kubenet", "kube-proxy-mode=ipvs",
        "cluster-cidr=10.244.0.0/16,ace:cab:deca::/8",
        "service-cidr=10.0.0.0/16,fe80:20d::/112,fec0::/7", "dns-service-ip=10.0.0.10"},
       "aks_engine_service_cidr_count",
       NULL,
       0},
      /* 6: second service CIDR invalid -> E19 */
      {{"profile=aks-engine", "network-plugin=kubenet", "kube-proxy-mode=ipvs",
        "cluster-cidr=10.244.0.0/16,ace:cab:deca::/8", "service-cidr=10.0.0.0/16,2001:db8::/129",
        "dns-service-ip=10.0.0.10"},
       "aks_engine_service_cidr_invalid",
       NULL,
       0},
      /* 7: accepted by AKS Engine (Kubernetes' own rules still apply: fc00... /8 with /64 nodes) */
      {{"profile=aks-engine", "network-plugin=kubenet", "kube-proxy-mode=ipvs",
        "cluster-cidr=10.244.0.0/16,ace:cab:deca::/8", "service-cidr=10.0.0.0/16,fe80:20d::/112",
        "dns-service-ip=10.0.0.10"},
       "node_mask_diff",
       "aks_engine_network_plugin",
       0},
      /* 8: azure CNI dual-stack with a network policy -> E5 (tested through the module) */
      /* 11: DNS IP without service CIDR -> E16 */
      {{"profile=aks-engine", "network-plugin=kubenet", "dns-service-ip=192.168.0.10"},
       "aks_engine_service_cidr_required",
       NULL,
       0},
      /* 12: service CIDR without DNS IP -> E15 */
      {{"profile=aks-engine", "network-plugin=kubenet", "service-cidr=192.168.0.10/24"},
       "aks_engine_dns_service_ip_required",
       NULL,
       0},
      /* 13: invalid DNS IP -> E17 */
      {{"profile=aks-engine", "network-plugin=kubenet", "service-cidr=192.168.0.0/24",
        "dns-service-ip=invalid"},
       "aks_engine_dns_service_ip_invalid",
       NULL,
       0},
      /* 14: invalid service CIDR -> E20 */
      {{"profile=aks-engine", "network-plugin=kubenet", "service-cidr=192.168.0.0/not-a-len",
        "dns-service-ip=192.168.1.10"},
       "aks_engine_service_cidr_invalid",
       NULL,
       0},
      /* 15: DNS outside the primary -> E21 */
      {{"profile=aks-engine", "network-plugin=kubenet", "service-cidr=192.168.0.0/24",
        "dns-service-ip=192.168.1.10"},
       "aks_engine_dns_service_ip_outside",
       NULL,
       0},
      /* 16: broadcast, non-canonical CIDR accepted -> E22 */
      {{"profile=aks-engine", "network-plugin=kubenet", "service-cidr=172.99.0.1/16",
        "dns-service-ip=172.99.255.255"},
       "aks_engine_dns_service_ip_broadcast",
       NULL,
       0},
      /* 17: network + 1 -> E23 */
      {{"profile=aks-engine", "network-plugin=kubenet", "service-cidr=172.99.0.1/16",
        "dns-service-ip=172.99.0.1"},
       "aks_engine_dns_service_ip_first",
       NULL,
       0},
      /* 18: accepted by AKS Engine */
      {{"profile=aks-engine", "network-plugin=kubenet", "service-cidr=172.99.0.1/16",
        "dns-service-ip=172.99.255.10"},
       "cidr_host_bits_masked",
       "aks_engine_dns_service_ip_first",
       -1},
      /* 19: azure, only 8 host bits -> E11 */
      {{"profile=aks-engine", "network-plugin=azure", "cluster-cidr=192.168.0.1/24"},
       "aks_engine_cluster_subnet_host_bits",
       NULL,
       0},
      /* 20: invalid cluster subnet -> E10 */
      {{"profile=aks-engine", "network-plugin=kubenet", "cluster-cidr=10.16.x.0/invalid"},
       "aks_engine_cluster_subnet_invalid",
       NULL,
       0},
      /* 21: maxPods 4 -> E13: kubernetesConfig.maxPods (validate.go:1338 reads k.MaxPods)... */
      {{"profile=aks-engine", "network-plugin=kubenet", "model-max-pods=4"},
       "aks_engine_max_pods",
       NULL,
       0},
      /* ... not kubelet's --max-pods, which AKS Engine passes through unchecked */
      {{"profile=aks-engine", "network-plugin=kubenet", "max-pods=4"},
       NULL,
       "aks_engine_max_pods",
       1},
      /* networkPolicy with Azure CNI dual-stack -> E5 (validate.go:1289), now an input */
      {{"profile=aks-engine", "network-plugin=azure", "network-policy=azure"},
       "aks_engine_network_policy",
       NULL,
       0},
      {{"profile=aks-engine", "network-plugin=kubenet", "network-policy=calico"},
       NULL,
       "aks_engine_network_policy",
       -1},
      /* networkPlugin must be given with dual-stack (validation runs before defaults) -> E4 */
      {{"profile=aks-engine"}, "aks_engine_network_plugin", NULL, 0},
      /* the derived-from-code vectors */
      {{"profile=aks-engine", "network-plugin=kubenet", "cluster-cidr=10.244.0.0/16, fc00::/48"},
       "aks_engine_cluster_subnet_invalid",
       NULL,
       0},
      {{"profile=aks-engine", "network-plugin=kubenet", "cluster-cidr=10.244.0.0/16,10.245.0.0/16"},
       "cluster_cidr_invalid",
       "aks_engine_cluster_subnet_invalid",
       0},
      {{"profile=aks-engine", "network-plugin=azure", "cluster-cidr=10.240.0.0/12,fc00::/120"},
       "aks_engine_cluster_subnet_host_bits",
       NULL,
       0},
      {{"profile=aks-engine", "network-plugin=kubenet", "service-cidr=fd00::/108,10.0.0.0/16",
        "dns-service-ip=10.0.0.10"},
       "aks_engine_dns_service_ip_outside",
       NULL,
       0},
      {{"profile=aks-engine", "network-plugin=kubenet", "service-cidr=10.0.0.0/16",
        "dns-service-ip=10.0.0.0"},
       "dns_service_ip_network_address",
       "aks_engine_dns_service_ip_first",
       0},
      /* the default example, with its plugin given: valid in both rule sets */
      {{"profile=aks-engine", "network-plugin=kubenet"}, NULL, "aks_engine_network_plugin", 1},
  };
  run_rules(c, sizeof c / sizeof c[0]);
}

static void test_aks_fill_in(void **state) {
  (void)state;
  char b[128];
  dsnet_strview empty = {NULL, 0}, v4 = {"10.244.0.0/16", 13}, v6 = {"ace:cab:deca::/8", 16},
                two = {"1.2.3.0/24,::/0", 15}, junk = {"x/y", 3};
  dsnet_aksengine_fill_list(empty, "10.244.0.0/16", "fc00::/48", b, sizeof b);
  assert_string_equal(b, "10.244.0.0/16,fc00::/48");
  dsnet_aksengine_fill_list(v4, "10.244.0.0/16", "fc00::/48", b, sizeof b);
  assert_string_equal(b, "10.244.0.0/16,fc00::/48");
  dsnet_aksengine_fill_list(v6, "10.244.0.0/16", "fc00::/48", b, sizeof b);
  assert_string_equal(b, "10.244.0.0/16,ace:cab:deca::/8"); /* IPv4 prepended */
  dsnet_aksengine_fill_list(two, "10.244.0.0/16", "fc00::/48", b, sizeof b);
  assert_string_equal(b, "1.2.3.0/24,::/0");
  dsnet_aksengine_fill_list(junk, "10.244.0.0/16", "fc00::/48", b, sizeof b);
  assert_string_equal(b, "x/y");
  assert_string_equal(dsnet_aksengine_default_cluster_subnet_ipv6(16), "fc00::/8");
  assert_string_equal(dsnet_aksengine_default_cluster_subnet_ipv6(17), "fc00::/48");
  /* in the plan: a single IPv6 service list gets the IPv4 default in front */
  const char *kv[] = {"profile=aks-engine", "network-plugin=kubenet", "service-cidr=fd00::/108",
                      "dns-service-ip=fd00::10", NULL};
  dsnet_plan p = make(kv);
  dsnet_plan_evaluate(&p, &R, NULL);
  assert_true(R.service_ok);
  char f[DSNET_DUALSTACK_STRLEN];
  dsnet_plan_flag(&R, "--service-cluster-ip-range", f, sizeof f);
  assert_string_equal(f, "10.0.0.0/16,fd00::/108");
  /* 1.16: the IPv6 default is fc00::/8 and one /24 mask applies to both families */
  const char *kv16[] = {"profile=aks-engine",
                        "network-plugin=kubenet",
                        "kube-proxy-mode=ipvs",
                        "kubernetes-version=1.16.0",
                        "service-cidr=10.0.0.0/16",
                        "dns-service-ip=10.0.0.10",
                        NULL};
  p = make(kv16);
  if (dsnet_plan_evaluate(&p, &R, NULL) != DSNET_OK)
    dump(&R);
  assert_true(R.valid);
  dsnet_plan_flag(&R, "--cluster-cidr", f, sizeof f);
  assert_string_equal(f, "10.244.0.0/16,fc00::/8");
  dsnet_plan_flag(&R, "--node-cidr-mask-size", f, sizeof f);
  assert_string_equal(f, "24");
  dsnet_prefix pods[2];
  assert_int_equal(dsnet_plan_pod_cidrs(&R, 2, pods, NULL), DSNET_OK);
  assert_string_equal(fmt_prefix(&pods[1], 0), "fc00:200::/24"); /* the seed's example */
}

static const dsnet_finding *find(const dsnet_plan_result *r, const char *code) {
  const dsnet_finding *f = plan_finding(r, code);
  if (!f)
    fail_msg("no finding %s", code);
  return f;
}

/* The messages quote kube-proxy: validateProxyModeLinux's list is sorted and
 * joined with ", " (v1.29.0 validation_test.go, "must be iptables, ipvs,
 * nftables or blank ..."), the ipvs proxier's deprecation is server_linux.go's
 * line of v1.35.0; the feature gate names are versioned_kube_features.go's. */
static void test_kube_proxy_messages(void **state) {
  (void)state;
  const char *bad[] = {"kube-proxy-mode=iptables-legacy", NULL};
  dsnet_plan p = make(bad);
  dsnet_plan_evaluate(&p, &R, NULL);
  assert_string_equal(R.kube_proxy_mode, "iptables");
  assert_string_equal(find(&R, "kube_proxy_mode_invalid")->message,
                      "kube-proxy mode 'iptables-legacy' is not iptables, ipvs or nftables "
                      "(kube-proxy 1.35: \"must be iptables, ipvs, nftables or blank (blank means "
                      "the best-available proxy [currently iptables])\")");
  const char *bad28[] = {"kube-proxy-mode=nft", "kubernetes-version=1.28", NULL};
  p = make(bad28);
  dsnet_plan_evaluate(&p, &R, NULL);
  assert_string_equal(find(&R, "kube_proxy_mode_invalid")->message,
                      "kube-proxy mode 'nft' is not iptables or ipvs (kube-proxy 1.28: \"must be "
                      "iptables, ipvs or blank (blank means the best-available proxy [currently "
                      "iptables])\")");
  const char *nft30[] = {"kube-proxy-mode=nftables", "kubernetes-version=v1.30.2", NULL};
  p = make(nft30);
  dsnet_plan_evaluate(&p, &R, NULL);
  assert_string_equal(R.kube_proxy_mode, "nftables");
  assert_string_equal(find(&R, "kube_proxy_nftables_feature_gate")->field, "--kube-proxy-mode");
  assert_string_equal(find(&R, "kube_proxy_nftables_feature_gate")->message,
                      "kube-proxy's nftables mode needs the feature gate NFTablesProxyMode, which "
                      "is off (Kubernetes 1.30's default: off): set --feature-gates "
                      "NFTablesProxyMode=true (kube-proxy: \"must be iptables, ipvs or blank\")");
  const char *nft28[] = {"kube-proxy-mode=nftables", "kubernetes-version=1.28", NULL};
  p = make(nft28);
  dsnet_plan_evaluate(&p, &R, NULL);
  assert_string_equal(find(&R, "kube_proxy_nftables_version")->message,
                      "kube-proxy's nftables mode needs Kubernetes 1.29 or later, not 1.28 "
                      "(kube-proxy 1.28: \"must be iptables, ipvs or blank\")");
  const char *ipvs[] = {"kube-proxy-mode=ipvs", NULL};
  p = make(ipvs);
  assert_int_equal(dsnet_plan_evaluate(&p, &R, NULL), DSNET_OK);
  assert_true(R.ipvs);
  assert_string_equal(R.kube_proxy_mode, "ipvs");
  const dsnet_finding *w = find(&R, "kube_proxy_ipvs_deprecated");
  assert_int_equal(w->severity, DSNET_SEVERITY_WARNING);
  assert_string_equal(w->message,
                      "kube-proxy's ipvs mode is deprecated from Kubernetes 1.35: \"The ipvs "
                      "proxier is now deprecated and may be removed in a future release. Please "
                      "use 'nftables' instead.\"");
  const char *gates[] = {"feature-gates=NFTablesProxyMode=false", "kubernetes-version=1.33", NULL};
  p = make(gates);
  assert_int_equal(dsnet_plan_evaluate(&p, &R, NULL), DSNET_EPLAN_INVALID);
  assert_string_equal(find(&R, "feature_gates_invalid")->field, "--feature-gates");
  assert_string_equal(find(&R, "feature_gates_invalid")->message,
                      "--feature-gates: cannot set feature gate NFTablesProxyMode to false, "
                      "feature is locked to true in Kubernetes 1.33");
}

static void test_evaluate_errors(void **state) {
  (void)state;
  dsnet_error e;
  assert_int_equal(dsnet_plan_evaluate(NULL, &R, &e), DSNET_EINVAL);
  const char *kv[] = {"nodes=1000", NULL};
  dsnet_plan p = make(kv);
  assert_int_equal(dsnet_plan_evaluate(&p, &R, &e), DSNET_EPLAN_INVALID);
  assert_non_null(strstr(e.message, "node_capacity_exceeded"));
  /* errors come before warnings */
  int seen_warning = 0;
  for (size_t i = 0; i < R.n_findings; i++) {
    if (R.findings[i].severity == DSNET_SEVERITY_WARNING)
      seen_warning = 1;
    else
      assert_false(seen_warning);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_default_plan),        cmocka_unit_test(test_rules_at_limits),
      cmocka_unit_test(test_aks_engine_vectors),  cmocka_unit_test(test_aks_fill_in),
      cmocka_unit_test(test_kube_proxy_messages), cmocka_unit_test(test_evaluate_errors),
  };
  return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
