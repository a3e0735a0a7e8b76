/* Tests of the plan module's defaults (src/plan/defaults.c) and of the flags
 * it derives (dsnet_plan_flag). Expected values: AKS Engine's constants and
 * defaulting (Azure/aks-engine f634f52ff, pkg/api/const.go, defaults.go,
 * defaults-controller-manager.go, defaults-kubelet.go, as quoted in
 * reference/aks-engine-rules.md section 3), its version default 1.23.17
 * (issue #16: common/const.go, versions.go of v0.77.0), kube-controller-
 * manager's node masks (cmd/kube-controller-manager/app/core.go
 * setNodeCIDRMaskSizes: /24 and /64), and kube-apiserver's service range cap
 * (cmd/kube-apiserver/app/options/validation.go, 1.23: 20 host bits). */
#include <stdio.h>

#include "testutil.h"

#define S(lit) ((dsnet_strview){lit, sizeof(lit) - 1})

static dsnet_plan_result R; /* large: static */

static const dsnet_finding *find(const char *code) {
  return plan_finding(&R, code);
}

static void eval(const dsnet_plan *p) {
  dsnet_plan_evaluate(p, &R, NULL);
  plan_dump(&R);
}

/* The defaults recorded, as "field=value" joined by spaces. */
static const char *defaults(void) {
  static char out[2048];
  size_t n = 0;
  out[0] = '\0';
  for (size_t i = 0; i < R.n_defaults; i++)
    n += (size_t)snprintf(out + n, sizeof out - n, "%s%s=%s", i ? " " : "", R.defaults[i].field,
                          R.defaults[i].value);
  return out;
}

static const char *flag(const char *name) {
  static char v[DSNET_PLAN_TEXT_MAX];
  dsnet_plan_flag(&R, name, v, sizeof v);
  return v;
}

static void aks(dsnet_plan *p, const char *plugin) {
  dsnet_plan_init(p);
  p->profile = DSNET_PLAN_PROFILE_AKS_ENGINE;
  if (plugin) {
    p->network_plugin.ptr = plugin;
    p->network_plugin.len = strlen(plugin);
  }
}

/* The kubernetes profile: dsnet's dual-stack defaults, each recorded once. */
static void test_kubernetes_defaults(void **state) {
  (void)state;
  dsnet_plan p;
  dsnet_plan_init(&p);
  eval(&p);
  char want[1024];
  snprintf(want, sizeof want,
           "--kubernetes-version=1.%u --network-plugin=kubenet "
           "--cluster-cidr=10.244.0.0/16,fc00::/48 --docker-bridge-subnet=172.17.0.1/16 "
           "--service-cidr=10.0.0.0/16,fd00::/108 --kube-proxy-mode=iptables "
           "--node-subnet=10.240.0.0/16,2001:1234:5678:9abc::/64 "
           "--vnet-cidr=10.0.0.0/8,2001:1234:5678:9a00::/56 --max-pods=110 "
           "--dns-service-ip=10.0.0.10 --node-cidr-mask-size-ipv4=24 "
           "--node-cidr-mask-size-ipv6=64",
           DSNET_K8S_NEWEST_MINOR);
  assert_string_equal(defaults(), want);
  for (size_t i = 0; i < R.n_defaults; i++)
    assert_true(R.defaults[i].source[0] != '\0');
  /* given values are not defaults */
  p.cluster_cidr = S("10.1.0.0/16,fd01::/48");
  p.node_mask_flags.mask_size_ipv6 = 56;
  p.kubernetes_version = S("1.30");
  eval(&p);
  assert_null(strstr(defaults(), "--cluster-cidr"));
  assert_null(strstr(defaults(), "--kubernetes-version"));
  assert_null(strstr(defaults(), "mask-size-ipv6"));
  assert_non_null(strstr(defaults(), "--node-cidr-mask-size-ipv4=24"));
  assert_int_equal(R.profile, DSNET_PLAN_PROFILE_KUBERNETES);
  assert_int_equal(R.n_pod_cidrs, 2);
  assert_int_equal(R.pod_cidr_first, 0);
  /* the kubernetes profile's flags are canonical, the same for every component */
  assert_string_equal(flag("--cluster-cidr"), "10.1.0.0/16,fd01::/48");
  assert_string_equal(flag("kube-proxy --cluster-cidr"), "10.1.0.0/16,fd01::/48");
  assert_string_equal(flag("kube-controller-manager --service-cluster-ip-range"),
                      "10.0.0.0/16,fd00::/108");
  assert_string_equal(flag("kubelet --cluster-cidr"), ""); /* not kubelet's flag */
  assert_string_equal(flag("kubelet --max-pods"), "110");
}

/* Point 6: AKS Engine's defaults, after its validation, in its order
 * (setOrchestratorDefaults: cluster subnet, DNS IP, docker bridge, service
 * CIDR; then kube-proxy, the load balancer, the master subnet; kubelet). */
static void test_aks_defaults_order(void **state) {
  (void)state;
  dsnet_plan p;
  aks(&p, "kubenet");
  eval(&p);
  assert_string_equal(defaults(),
                      "--kubernetes-version=1.23.17 --cluster-cidr=10.244.0.0/16,fc00::/48 "
                      "--dns-service-ip=10.0.0.10 --docker-bridge-subnet=172.17.0.1/16 "
                      "--service-cidr=10.0.0.0/16,fd00::/108 --kube-proxy-mode=iptables "
                      "--load-balancer-sku=Standard "
                      "--node-subnet=10.240.0.0/16,2001:1234:5678:9abc::/64 "
                      "--vnet-cidr=10.0.0.0/8,2001:1234:5678:9a00::/56 --max-pods=110 "
                      "--node-cidr-mask-size-ipv4=24 --node-cidr-mask-size-ipv6=64");
  assert_int_equal(R.k8s_minor, 23);
  assert_true(R.valid);
  /* no plugin: validation refuses it (E4), then conversion sets Azure CNI, whose
   * defaults follow: 10.240.0.0/12 (const.go:353) and 30 pods (const.go:361) */
  aks(&p, NULL);
  eval(&p);
  assert_non_null(find("aks_engine_network_plugin"));
  assert_true(R.azure);
  assert_non_null(strstr(defaults(), "--network-plugin=azure --cluster-cidr=10.240.0.0/12,"
                                     "fc00::/48"));
  assert_non_null(strstr(defaults(), "--max-pods=30"));
  /* 1.16: the IPv6 default is fc00::/8 (defaults.go:1204-1215) */
  aks(&p, "kubenet");
  p.kubernetes_version = S("1.16.15");
  eval(&p);
  assert_non_null(strstr(defaults(), "--cluster-cidr=10.244.0.0/16,fc00::/8 "));
  /* one family given: only the added entry is a default (appended or prepended) */
  p.kubernetes_version = S("1.20.15");
  p.cluster_cidr = S("10.245.0.0/16");
  p.service_cidr = S("fd00:1::/108");
  p.dns_service_ip = S("fd00:1::10");
  eval(&p);
  assert_non_null(strstr(defaults(), "--cluster-cidr=fc00::/48 "));
  assert_non_null(strstr(defaults(), "--service-cidr=10.0.0.0/16 "));
  assert_string_equal(flag("--service-cluster-ip-range"), "10.0.0.0/16,fd00:1::/108");
  /* Azure Stack: Basic (defaults.go:460-472) */
  aks(&p, "kubenet");
  p.model_flags = DSNET_AKSENGINE_AZURE_STACK;
  eval(&p);
  assert_non_null(strstr(defaults(), "--load-balancer-sku=Basic "));
}

/* Point 6: the kubenet model of issue #16 with serviceCidr 10.0.0.0/16,fd00::/64
 * and no version is AKS Engine's 1.23.17, whose kube-apiserver refuses an
 * IPv6 service range of more than 20 host bits. */
static void test_aks_version_default_rules(void **state) {
  (void)state;
  dsnet_plan p;
  aks(&p, "kubenet");
  p.cluster_cidr = S("10.244.0.0/16,fc00::/48");
  p.service_cidr = S("10.0.0.0/16,fd00::/64");
  p.dns_service_ip = S("10.0.0.10");
  eval(&p);
  const dsnet_finding *f = find("service_range_too_large");
  assert_non_null(f);
  assert_non_null(strstr(f->message, "for 128-bit addresses, the mask must be >= 108"));
  assert_false(R.valid);
}

/* Point 4: Go 1.19's grammar in this profile only; an IPv4-mapped DNS IP is
 * IPv4 (Go's To4), kubelet gets the text as written. */
static void test_aks_go_grammar(void **state) {
  (void)state;
  dsnet_plan p;
  aks(&p, "kubenet");
  p.kubernetes_version = S("1.20.15");
  p.cluster_cidr = S("10.244.0.0/016,fc00:0000:00001::/48");
  p.service_cidr = S("10.0.0.0/16,fd00::/108");
  p.dns_service_ip = S("::ffff:10.0.0.10");
  eval(&p);
  assert_true(R.valid);
  assert_null(find("aks_engine_dns_service_ip_outside"));
  const dsnet_finding *f = find("dns_service_ip_ipv4_mapped");
  assert_non_null(f);
  assert_int_equal(f->severity, DSNET_SEVERITY_WARNING);
  assert_string_equal(f->message,
                      "DNS service IP '::ffff:10.0.0.10' is IPv4-mapped IPv6: AKS Engine (Go's "
                      "To4) takes it as the IPv4 address 10.0.0.10 and passes the text as "
                      "written to kubelet --cluster-dns; write 10.0.0.10");
  assert_int_equal(R.dns.count, 1);
  assert_int_equal(R.dns.ip[0].family, DSNET_FAMILY_IPV4);
  assert_int_equal(R.dns.ip[0].lo, 0x0a00000aU);
  assert_string_equal(flag("--cluster-dns"), "::ffff:10.0.0.10");
  assert_string_equal(flag("kube-proxy --cluster-cidr"), "10.244.0.0/016,fc00:0000:00001::/48");
  assert_int_equal(R.cluster.cidr[1].addr.hi, UINT64_C(0xfc00000000010000));
  /* a zero-padded IPv4 part: Go 1.17+ refuses it */
  p.cluster_cidr = S("010.244.0.0/16,fc00::/48");
  eval(&p);
  assert_non_null(find("aks_engine_cluster_subnet_invalid"));
  assert_non_null(find("cluster_cidr_invalid"));
  /* the kubernetes profile keeps dsnet's strict default */
  p.profile = DSNET_PLAN_PROFILE_KUBERNETES;
  p.cluster_cidr = S("10.244.0.0/016,fc00::/48");
  eval(&p);
  f = find("cluster_cidr_invalid");
  assert_non_null(f);
  assert_non_null(strstr(f->message, "length has a leading zero"));
  p.cluster_cidr = S("10.244.0.0/16,fc00::/48");
  eval(&p);
  assert_non_null(find("dns_service_ip_invalid")); /* ::ffff: is ambiguous there */
}

/* Point 7: Azure CNI puts the nodes in the first cluster subnet entry
 * (defaults.go:509-515) and gives kube-controller-manager only entry [1] as
 * --cluster-cidr (defaults-controller-manager.go:16-21). */
static void test_aks_azure_cni_nodes(void **state) {
  (void)state;
  dsnet_plan p;
  aks(&p, "azure");
  p.kubernetes_version = S("1.20.15");
  p.cluster_cidr = S("10.100.0.0/16,fc00::/48");
  p.docker_bridge_subnet = S("10.240.0.1/16");
  p.nodes = 300; /* more than 256 /24s: kube-controller-manager allocates no IPv4 here */
  eval(&p);
  assert_null(find("docker_bridge_overlap"));
  assert_null(find("node_capacity_exceeded"));
  assert_true(R.valid);
  assert_non_null(strstr(defaults(), "--node-subnet=10.100.0.0/16,2001:1234:5678:9abc::/64 "));
  assert_int_equal(R.pod_cidr_first, 1);
  assert_int_equal(R.n_pod_cidrs, 1);
  assert_int_equal(R.node_capacity, 65536);
  assert_string_equal(flag("--cluster-cidr"), "fc00::/48");
  assert_string_equal(flag("kube-controller-manager --cluster-cidr"), "fc00::/48");
  assert_string_equal(flag("kube-proxy --cluster-cidr"), "10.100.0.0/16,fc00::/48");
  assert_string_equal(flag("--node-cidr-mask-size"), "64");
  assert_string_equal(flag("--node-cidr-mask-size-ipv4"), "");
  assert_string_equal(flag("--node-cidr-mask-size-ipv6"), "");
  assert_string_equal(flag("kube-controller-manager --service-cluster-ip-range"), "");
  assert_string_equal(flag("kube-apiserver --service-cluster-ip-range"), "10.0.0.0/16,fd00::/108");
  assert_string_equal(flag("--max-pods"), "30");
  dsnet_prefix pods[2];
  assert_int_equal(dsnet_plan_pod_cidrs(&R, 1, pods, NULL), DSNET_OK);
  char t[DSNET_PREFIX_STRLEN];
  dsnet_prefix_format(&pods[0], t, sizeof t);
  assert_string_equal(t, "fc00:0:0:1::/64");
  /* the per-family flags on that single-stack --cluster-cidr: 1.20's kube-controller-manager
   * refuses them (aks-engine issue #4144) */
  p.node_mask_flags.mask_size_ipv6 = 80;
  eval(&p);
  const dsnet_finding *f = find("node_mask_flags");
  assert_non_null(f);
  assert_non_null(strstr(f->message, "usage of --node-cidr-mask-size-ipv4 and "
                                     "--node-cidr-mask-size-ipv6 are not allowed with non "
                                     "dual-stack clusters"));
  p.node_mask_flags.mask_size_ipv6 = 0;
  p.node_mask_flags.mask_size = 60;
  eval(&p);
  assert_true(R.valid);
  assert_string_equal(flag("--node-cidr-mask-size"), "60");
  /* the default 10.240.0.0/12 holds both pods and nodes: the bridge overlaps it, once */
  p.cluster_cidr = S("");
  p.node_mask_flags.mask_size = 0;
  p.nodes = 0;
  eval(&p);
  size_t overlaps = 0;
  for (size_t i = 0; i < R.n_findings; i++)
    overlaps += strcmp(R.findings[i].code, "docker_bridge_overlap") == 0;
  assert_int_equal(overlaps, 1);
  assert_string_equal(find("docker_bridge_overlap")->message,
                      "docker bridge subnet 10.240.0.0/16 overlaps the cluster (pod) CIDR "
                      "10.240.0.0/12");
  p.cluster_cidr = S("10.100.0.0/16,fc00::/48");
  p.nodes = 300;
  /* the same plan in the kubernetes profile: dsnet's node subnet 10.240.0.0/16 */
  p.profile = DSNET_PLAN_PROFILE_KUBERNETES;
  p.node_mask_flags.mask_size = 0;
  eval(&p);
  assert_non_null(find("docker_bridge_overlap"));
  /* masters as a scale set: 10.240.0.0/16 (defaults.go:506-540) */
  dsnet_node_pool m;
  memset(&m, 0, sizeof m);
  m.name = S("master");
  m.count = 3;
  m.control_plane = true;
  m.availability = S("VirtualMachineScaleSets");
  aks(&p, "azure");
  p.kubernetes_version = S("1.20.15");
  p.pools = &m;
  p.n_pools = 1;
  eval(&p);
  assert_non_null(strstr(defaults(), "--node-subnet=10.240.0.0/16,2001:1234:5678:9abc::/64 "));
}

/* Point 8: host bits are accepted and passed as written (the components
 * mask them); the derived flags say so. */
static void test_aks_text_as_written(void **state) {
  (void)state;
  dsnet_plan p;
  aks(&p, "kubenet");
  p.kubernetes_version = S("1.20.15");
  p.cluster_cidr = S("10.244.0.1/16,fc00::/48");
  eval(&p);
  const dsnet_finding *f = find("cidr_host_bits_masked");
  assert_non_null(f);
  assert_string_equal(f->message,
                      "--cluster-cidr '10.244.0.1/16,fc00::/48' has host bits set: AKS Engine "
                      "accepts it (Go's ParseCIDR masks it) and passes it as written to "
                      "kube-controller-manager and kube-proxy, which read it as "
                      "10.244.0.0/16,fc00::/48");
  assert_true(R.valid);
  assert_string_equal(R.cluster_cidr_text, "10.244.0.1/16,fc00::/48");
  assert_string_equal(flag("--cluster-cidr"), "10.244.0.1/16,fc00::/48");
  assert_string_equal(flag("kube-proxy --cluster-cidr"), "10.244.0.1/16,fc00::/48");
  /* kubernetes profile, --mask: canonical */
  p.profile = DSNET_PLAN_PROFILE_KUBERNETES;
  p.parse_flags = DSNET_PARSE_MASK_HOST;
  eval(&p);
  assert_string_equal(R.cluster_cidr_text, "");
  assert_string_equal(flag("--cluster-cidr"), "10.244.0.0/16,fc00::/48");
  /* a list longer than the result keeps: canonical flags, nothing cut */
  static char longlist[DSNET_PLAN_TEXT_MAX + 64];
  int n = snprintf(longlist, sizeof longlist, "10.244.0.0/%0*d,fc00::/48", DSNET_PLAN_TEXT_MAX, 16);
  aks(&p, "kubenet");
  p.kubernetes_version = S("1.20.15");
  p.cluster_cidr.ptr = longlist;
  p.cluster_cidr.len = (size_t)n;
  eval(&p);
  assert_true(R.valid);
  assert_string_equal(R.cluster_cidr_text, "");
  assert_string_equal(flag("kube-proxy --cluster-cidr"), "10.244.0.0/16,fc00::/48");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_kubernetes_defaults),       cmocka_unit_test(test_aks_defaults_order),
      cmocka_unit_test(test_aks_version_default_rules), cmocka_unit_test(test_aks_go_grammar),
      cmocka_unit_test(test_aks_azure_cni_nodes),       cmocka_unit_test(test_aks_text_as_written),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
