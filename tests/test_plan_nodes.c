/* Tests of the plan module's node inputs (src/plan/nodes.c): the pools'
 * node count, kube-apiserver's --advertise-address, kubelet's --node-ip, and
 * the rules of AKS Engine's dual-stack page (network mode, the load
 * balancer's IPv6 frontends, the Windows build). Expected messages are the
 * components' own, from their source at v1.35.0:
 * cmd/kube-apiserver/app/options/validation.go
 * (validatePublicIPServiceClusterIPRangeIPFamilies), pflag's ipValue.Set,
 * staging/src/k8s.io/component-helpers/node/util/ips.go (parseNodeIP) and
 * cmd/kubelet/app/server.go ("bad --node-ip"). */
#include "testutil.h"

#define S(lit) ((dsnet_strview){lit, sizeof(lit) - 1})

static dsnet_plan_result R; /* large: static */

static const dsnet_finding *find(const char *code) {
  return plan_finding(&R, code);
}

static void dump(void) {
  plan_dump(&R);
}

/* Evaluate; the finding of code (which must be there), or NULL when code is NULL. */
static const dsnet_finding *eval(const dsnet_plan *p, const char *code) {
  dsnet_plan_evaluate(p, &R, NULL);
  dump();
  if (!code)
    return NULL;
  const dsnet_finding *f = find(code);
  assert_non_null(f);
  return f;
}

static void test_advertise_address(void **state) {
  (void)state;
  dsnet_plan p;
  dsnet_plan_init(&p);
  p.advertise_address = S("10.240.0.4");
  eval(&p, NULL);
  assert_null(find("advertise_address_family"));
  assert_true(R.valid);
  p.advertise_address = S(" 10.240.0.4 "); /* pflag trims */
  eval(&p, NULL);
  assert_true(R.valid);
  p.advertise_address = S("::ffff:10.240.0.4"); /* Go's IsIPv4 takes it as IPv4 */
  eval(&p, NULL);
  assert_true(R.valid);
  p.advertise_address = S("2001:1234:5678:9abc::4"); /* default service range 10.0.0.0/16 first */
  const dsnet_finding *f = eval(&p, "advertise_address_family");
  assert_int_equal(f->severity, DSNET_SEVERITY_ERROR);
  assert_string_equal(f->field, "--advertise-address");
  assert_non_null(strstr(f->message, "service IP family \"10.0.0.0/16\" must match public address "
                                     "family \"2001:1234:5678:9abc::4\""));
  p.service_cidr = S("fd00::/108,10.0.0.0/16");
  p.dns_service_ip = S("fd00::10");
  eval(&p, NULL);
  assert_null(find("advertise_address_family"));
  p.advertise_address = S("10.240.0.004");
  f = eval(&p, "advertise_address_invalid");
  assert_string_equal(f->message, "invalid argument \"10.240.0.004\" for \"--advertise-address\" "
                                  "flag: failed to parse IP: \"10.240.0.004\"");
}

static void test_node_ip(void **state) {
  (void)state;
  dsnet_plan p;
  dsnet_plan_init(&p);
  p.node_ip = S("10.240.0.4,2001:1234:5678:9abc::4");
  eval(&p, NULL);
  assert_true(R.valid);
  assert_int_equal(R.n_findings, 2); /* the default plan's two VNet warnings, nothing more */
  p.node_ip = S("10.240.0.4");
  const dsnet_finding *f = eval(&p, "node_ip_family_missing");
  assert_int_equal(f->severity, DSNET_SEVERITY_WARNING);
  assert_non_null(strstr(f->message, "is IPv4 only: on a dual-stack cluster the node reports no "
                                     "IPv6 InternalIP"));
  p.node_ip = S("10.240.0.4,10.240.0.5");
  f = eval(&p, "node_ip_count");
  assert_string_equal(f->message, "bad --node-ip \"10.240.0.4,10.240.0.5\": must contain either a "
                                  "single IP or a dual-stack pair of IPs");
  p.node_ip = S("10.240.0.4,::1,10.240.0.5");
  eval(&p, "node_ip_count");
  p.node_ip = S("0.0.0.0,2001:1234:5678:9abc::4");
  f = eval(&p, "node_ip_unspecified");
  assert_string_equal(f->message, "bad --node-ip \"0.0.0.0,2001:1234:5678:9abc::4\": dual-stack "
                                  "node IP cannot include '0.0.0.0' or '::'");
  p.node_ip = S("::"); /* one unspecified address: kubelet picks the node's IPs itself */
  eval(&p, NULL);
  assert_null(find("node_ip_family_missing"));
  assert_true(R.valid);
  /* ParseIPSloppy: leading zeros are read; a bad entry is logged and ignored */
  p.node_ip = S("010.240.000.004, 2001:1234:5678:9abc::4");
  eval(&p, NULL);
  assert_true(R.valid);
  assert_null(find("node_ip_invalid"));
  p.node_ip = S("10.240.0.4,bogus,2001:1234:5678:9abc::4");
  f = eval(&p, "node_ip_invalid");
  assert_int_equal(f->severity, DSNET_SEVERITY_WARNING);
  assert_null(find("node_ip_count"));
  /* a single-stack cluster: one node IP is all it needs */
  p.cluster_cidr = S("10.244.0.0/16");
  p.service_cidr = S("10.0.0.0/16");
  p.node_ip = S("10.240.0.4");
  eval(&p, NULL);
  assert_null(find("node_ip_family_missing"));
}

static void test_pools_count(void **state) {
  (void)state;
  dsnet_node_pool pools[2] = {{.name = S("master"), .count = 3, .control_plane = true},
                              {.name = S("agents"), .count = 298}};
  dsnet_plan p;
  dsnet_plan_init(&p);
  p.pools = pools;
  p.n_pools = 2;
  eval(&p, NULL);
  assert_int_equal(R.nodes, 301);
  /* 301 nodes of /24 on 10.244.0.0/16 (256 node CIDRs): issue 16 point 9 */
  const dsnet_finding *f = eval(&p, "node_capacity_exceeded");
  assert_int_equal(f->severity, DSNET_SEVERITY_ERROR);
  p.nodes = 10; /* an explicit count wins */
  eval(&p, NULL);
  assert_int_equal(R.nodes, 10);
  pools[1].count = UINT64_MAX; /* the sum saturates */
  p.nodes = 0;
  eval(&p, NULL);
  assert_int_equal(R.nodes, UINT64_MAX);
}

/* The dual-stack page (reference/aks-engine-dualstack.md): "Bridge mode will
 * be deprecated in future. The recommendation is to use transparent mode";
 * "Azure Basic LBs have a limitation of only 1 IPv6 frontend configurations
 * while Standard LB supports up to 600"; "Dual-stack clusters are supported on
 * Windows from version 2004 (kernel version 10.0.19041.610)". */
static void test_aks_engine_page(void **state) {
  (void)state;
  dsnet_plan p;
  dsnet_plan_init(&p);
  p.profile = DSNET_PLAN_PROFILE_AKS_ENGINE;
  p.network_plugin = S("azure");
  p.cluster_cidr = S("10.240.0.0/12,fc00::/48");
  p.network_mode = S("bridge");
  eval(&p, "network_mode_bridge");
  p.network_mode = S("transparent");
  eval(&p, NULL);
  assert_null(find("network_mode_bridge"));
  p.ipv6_load_balancers = 600; /* Standard, the default SKU */
  eval(&p, NULL);
  assert_null(find("load_balancer_ipv6_frontends"));
  p.ipv6_load_balancers = 601;
  const dsnet_finding *f = eval(&p, "load_balancer_ipv6_frontends");
  assert_non_null(strstr(f->message, "601 IPv6 LoadBalancer Services need 601 IPv6 frontend "
                                     "configurations; a Standard load balancer has 600"));
  p.load_balancer_sku = S("Basic");
  p.ipv6_load_balancers = 1;
  eval(&p, NULL);
  assert_null(find("load_balancer_ipv6_frontends"));
  p.ipv6_load_balancers = 2;
  f = eval(&p, "load_balancer_ipv6_frontends");
  assert_non_null(strstr(f->message, "a Basic load balancer has 1"));
  p.load_balancer_sku.ptr = NULL;
  p.load_balancer_sku.len = 0;
  p.model_flags = DSNET_AKSENGINE_AZURE_STACK; /* Azure Stack's default SKU is Basic */
  eval(&p, "load_balancer_ipv6_frontends");
  p.model_flags = 0;
  p.ipv6_load_balancers = 0;
  /* the Windows build */
  dsnet_node_pool pools[1] = {{.name = S("win"), .count = 2, .os_type = S("Windows")}};
  p.pools = pools;
  p.n_pools = 1;
  p.kubernetes_version = S("1.20.15");
  static const struct {
    const char *image;
    int warn;
  } images[] = {
      {"Datacenter-Core-2004-with-Containers-smalldisk", 0},
      {"2019-Datacenter-Core-with-Containers-smalldisk", 1}, /* Windows Server 2019: 17763 */
      {"Datacenter-Core-1909-with-Containers-smalldisk", 1},
      {"Datacenter-Core-20H2-with-Containers-smalldisk", 0},
      {"19041.630.2011061636", 0},
      {"19041.450.2008080726", 1}, /* before the .610 revision */
      {"17763.1577.201111", 1},
      {"20348.350.2111030009", 0},
      {"custom-image", 0}, /* unknown: no finding */
  };
  for (size_t i = 0; i < sizeof images / sizeof images[0]; i++) {
    p.windows_version.ptr = images[i].image;
    p.windows_version.len = strlen(images[i].image);
    eval(&p, NULL);
    if ((find("windows_version_dual_stack") != NULL) != images[i].warn)
      fail_msg("%s: windows_version_dual_stack expected %d", images[i].image, images[i].warn);
  }
  pools[0].os_type = S("Linux"); /* no Windows pool: the image does not matter */
  p.windows_version = S("17763.1577.201111");
  eval(&p, NULL);
  assert_null(find("windows_version_dual_stack"));
  /* the kubernetes profile reads none of the page's rules */
  p.profile = DSNET_PLAN_PROFILE_KUBERNETES;
  p.network_mode = S("bridge");
  p.ipv6_load_balancers = 1000;
  eval(&p, NULL);
  assert_null(find("network_mode_bridge"));
  assert_null(find("load_balancer_ipv6_frontends"));
}

/* The model's fields reach AKS Engine's checks through the plan. */
static void test_aks_engine_inputs(void **state) {
  (void)state;
  dsnet_node_pool pools[2] = {{.count = 1, .control_plane = true},
                              {.name = S("winpool"), .count = 2, .os_type = S("Windows")}};
  dsnet_plan p;
  dsnet_plan_init(&p);
  p.profile = DSNET_PLAN_PROFILE_AKS_ENGINE;
  p.network_plugin = S("azure");
  p.cluster_cidr = S("10.240.0.0/12,fc00::/48");
  p.pools = pools;
  p.n_pools = 2;
  /* no version: AKS Engine's Windows check reads the model's empty orchestratorVersion */
  const dsnet_finding *f = eval(&p, "aks_engine_windows_version");
  assert_non_null(strstr(f->message, "OrchestratorVersion is '' (AKS Engine check E31)"));
  p.kubernetes_version = S("1.20.15");
  eval(&p, NULL);
  assert_null(find("aks_engine_windows_version"));
  p.load_balancer_sku = S("Standard");
  eval(&p, "aks_engine_load_balancer_exclude_master");
  p.model_flags = DSNET_AKSENGINE_EXCLUDE_MASTER_FROM_STANDARD_LB;
  eval(&p, NULL);
  assert_null(find("aks_engine_load_balancer_exclude_master"));
  p.model_max_pods = 4;
  eval(&p, "aks_engine_max_pods");
  p.model_flags |= DSNET_AKSENGINE_IPV6_ONLY;
  eval(&p, "aks_engine_ipv6_only_dual_stack");
  p.network_mode = S("tunnel");
  eval(&p, "aks_engine_network_mode_invalid");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_advertise_address), cmocka_unit_test(test_node_ip),
      cmocka_unit_test(test_pools_count),       cmocka_unit_test(test_aks_engine_page),
      cmocka_unit_test(test_aks_engine_inputs),
  };
  return cmocka_run_group_tests_name("plan_nodes", tests, NULL, NULL);
}
