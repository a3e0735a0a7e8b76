/* Tests of the config module (libdsnet_config): the files of tests/configs/,
 * written from kubeadm's and kind's documentation, read into plans whose
 * values, positions and findings are those documents' (kubeadm v1beta3 and
 * v1beta4, kube-proxy v1alpha1, kubelet v1beta1, kind v1alpha4 with its
 * defaults); and every kind of bad input. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "dsnet/config.h"

static dsnet_config C; /* large: static */

static char *load(const char *name, size_t *len) {
  char path[512];
  snprintf(path, sizeof path, "%s/../configs/%s", DSNET_VECTOR_DIR, name);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  static char buf[65536];
  *len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  return buf;
}

static dsnet_status read_file(const char *name, dsnet_error *err) {
  size_t len;
  const char *text = load(name, &len);
  return dsnet_config_read(&C, name, text, len, DSNET_CONFIG_FORMAT_AUTO, err);
}

static dsnet_status read_text(const char *text, dsnet_error *err) {
  dsnet_config_init(&C);
  return dsnet_config_read(&C, "t.yaml", text, strlen(text), DSNET_CONFIG_FORMAT_AUTO, err);
}

static void sv_is(dsnet_strview v, const char *want) {
  assert_non_null(v.ptr);
  assert_int_equal(v.len, strlen(want));
  assert_memory_equal(v.ptr, want, v.len);
}

static const dsnet_config_finding *finding(const char *code) {
  for (size_t i = 0; i < C.n_findings; i++)
    if (strcmp(C.findings[i].code, code) == 0)
      return &C.findings[i];
  fail_msg("no finding %s", code);
  return NULL;
}

static void at(const dsnet_config_origin *o, unsigned line, unsigned col, const char *path) {
  assert_non_null(o);
  assert_true(o->set);
  assert_int_equal(o->line, line);
  assert_int_equal(o->column, col);
  assert_string_equal(o->path, path);
}

static void test_kubeadm_dualstack(void **state) {
  (void)state;
  dsnet_error e;
  dsnet_config_init(&C);
  assert_int_equal(read_file("kubeadm-dualstack.yaml", &e), DSNET_OK);
  assert_int_equal(C.n_documents, 4);
  assert_int_equal(C.n_findings, 0); /* every field known, the two cluster CIDRs equal */
  sv_is(C.plan.kubernetes_version, "v1.34.2");
  /* kube-proxy's clusterCIDR (the same text) is the last to set it */
  sv_is(C.plan.cluster_cidr, "10.244.0.0/16,2001:db8:42:0::/56");
  at(dsnet_config_origin_of(&C, "--cluster-cidr"), 28, 14, "KubeProxyConfiguration.clusterCIDR");
  sv_is(C.plan.service_cidr, "10.96.0.0/16,2001:db8:42:1::/112");
  at(dsnet_config_origin_of(&C, "--service-cidr"), 9, 18,
     "ClusterConfiguration.networking.serviceSubnet");
  assert_int_equal(C.plan.node_mask_flags.mask_size_ipv6, 64);
  at(dsnet_config_origin_of(&C, "--node-cidr-mask-size-ipv6"), 13, 14,
     "ClusterConfiguration.controllerManager.extraArgs[0](node-cidr-mask-size-ipv6)");
  sv_is(C.plan.kube_proxy_mode, "nftables");
  assert_int_equal(C.plan.max_pods, 110);
  sv_is(C.plan.dns_service_ip, "10.96.0.10");
  assert_null(dsnet_config_origin_of(&C, "--nodes"));
  /* the InitConfiguration's API endpoint and kubelet's node IPs */
  sv_is(C.plan.advertise_address, "10.100.0.1");
  at(dsnet_config_origin_of(&C, "--advertise-address"), 18, 21,
     "InitConfiguration.localAPIEndpoint.advertiseAddress");
  sv_is(C.plan.node_ip, "10.100.0.2,fd00:1:2:3::2");
  at(dsnet_config_origin_of(&C, "--node-ip"), 23, 14,
     "InitConfiguration.nodeRegistration.kubeletExtraArgs[0](node-ip)");
  /* the documented example's IPv6 service range lies inside its pod subnet */
  static dsnet_plan_result r;
  assert_int_equal(dsnet_plan_evaluate(&C.plan, &r, NULL), DSNET_EPLAN_INVALID);
  assert_string_equal(r.findings[0].code, "pod_service_overlap");
  assert_int_equal(r.k8s_minor, 34);
}

static void test_kubeadm_broken(void **state) {
  (void)state;
  dsnet_error e;
  dsnet_config_init(&C);
  assert_int_equal(read_file("kubeadm-v1beta3-broken.yaml", &e), DSNET_ECONFIG_INVALID);
  assert_string_equal(e.message,
                      "kubeadm-v1beta3-broken.yaml:18:31: "
                      "ClusterConfiguration.apiServer.extraArgs.service-cluster-ip-range: "
                      "expected a string, found a list");
  assert_int_equal(C.n_findings, 3);
  assert_int_equal(C.n_errors, 1);
  const dsnet_config_finding *f = finding("config_field_unknown");
  assert_int_equal(f->severity, DSNET_SEVERITY_WARNING);
  assert_int_equal(f->at.line, 11);
  assert_int_equal(f->at.column, 3);
  assert_string_equal(f->message, "ClusterConfiguration.networking: unknown field \"dnsDomian\" "
                                  "(dsnet does not read it)");
  f = finding("config_field_conflict");
  assert_int_equal(f->at.line, 15);
  assert_int_equal(f->at.column, 19);
  assert_non_null(strstr(f->message, "differs from ClusterConfiguration.networking.podSubnet at "
                                     "kubeadm-v1beta3-broken.yaml:9:14"));
  /* the extra argument is what kubeadm passes last, so it is kept */
  sv_is(C.plan.cluster_cidr, "10.245.0.0/16,fd00:10:244::/48");
  assert_int_equal(C.plan.node_mask_flags.mask_size_ipv6, 80);
  sv_is(C.plan.kubernetes_version, "1.29.4");
  assert_string_equal(finding("config_field_invalid")->at.path,
                      "ClusterConfiguration.apiServer.extraArgs.service-cluster-ip-range");
}

static void test_kind(void **state) {
  (void)state;
  dsnet_error e;
  dsnet_config_init(&C);
  assert_int_equal(read_file("kind-dual.yaml", &e), DSNET_OK);
  /* kind's v1alpha4 defaults for ipFamily dual, IPv4 first */
  sv_is(C.plan.cluster_cidr, "10.244.0.0/16,fd00:10:244::/56");
  sv_is(C.plan.service_cidr, "10.96.0.0/16,fd00:10:96::/112");
  sv_is(C.plan.kube_proxy_mode, "ipvs");
  at(dsnet_config_origin_of(&C, "--kube-proxy-mode"), 7, 18, "Cluster.networking.kubeProxyMode");
  assert_int_equal(C.plan.nodes, 3);
  dsnet_config_init(&C);
  assert_int_equal(read_file("kind-ipv6.json", &e), DSNET_OK); /* JSON through the same reader */
  sv_is(C.plan.cluster_cidr, "fd00:10:244::/104");
  sv_is(C.plan.service_cidr, "fd00:10:96::/112");
  assert_int_equal(C.plan.nodes, 1); /* no nodes: kind makes one control plane */
}

/* An AKS Engine API model of aks-engine's history (examples/dualstack/kubernetes.json at
 * ef1a5bfeb, MIT): the fields AKS Engine reads, the aks-engine profile, masters + agents. */
static void test_aks_engine(void **state) {
  (void)state;
  dsnet_error e;
  dsnet_config_init(&C);
  assert_int_equal(read_file("aks-engine/kubernetes.json@ef1a5bfeb.json", &e), DSNET_OK);
  assert_int_equal(C.n_findings, 0);
  assert_int_equal(C.plan.profile, DSNET_PLAN_PROFILE_AKS_ENGINE);
  sv_is(C.plan.kubernetes_version, "1.16");
  at(dsnet_config_origin_of(&C, "--kubernetes-version"), 9, 36,
     "properties.orchestratorProfile.orchestratorRelease");
  sv_is(C.plan.cluster_cidr, "10.244.0.0/16,fc00::/48");
  at(dsnet_config_origin_of(&C, "--cluster-cidr"), 13, 34,
     "properties.orchestratorProfile.kubernetesConfig.clusterSubnet");
  sv_is(C.plan.service_cidr, "10.0.0.0/16,fd00::/108");
  sv_is(C.plan.dns_service_ip, "10.0.0.10");
  sv_is(C.plan.kube_proxy_mode, "ipvs");
  sv_is(C.plan.network_plugin, "kubenet");
  assert_null(C.plan.feature_gates.ptr); /* IPv6DualStack=true: AKS Engine's, typed only */
  assert_int_equal(C.plan.nodes, 3);     /* 1 master + 2 agents */
  /* 1.16 gives IPv6 the one /24 node mask, shorter than the /48 (aks-engine#2868) */
  static dsnet_plan_result r;
  assert_int_equal(dsnet_plan_evaluate(&C.plan, &r, NULL), DSNET_EPLAN_INVALID);
  assert_string_equal(r.findings[0].code, "node_mask_short");
  /* a model that is not dual-stack, and one wrapped as the e2e configuration */
  assert_int_equal(
      read_text("{\"apiVersion\": \"vlabs\", \"properties\": {\"orchestratorProfile\": "
                "{\"orchestratorRelease\": \"1.20\"}}}",
                &e),
      DSNET_ECONFIG_INVALID);
  assert_string_equal(finding("config_field_invalid")->at.path,
                      "properties.featureFlags.enableIPv6DualStack");
  assert_int_equal(read_text("{\"apiModel\": {\"apiVersion\": \"vlabs\", \"properties\": "
                             "{\"featureFlags\": {\"enableIPv6DualStack\": true}, "
                             "\"orchestratorProfile\": {\"kubernetesConfig\": {\"networkPlugin\": "
                             "\"azure\", \"networkPolicy\": \"calico\"}}, "
                             "\"masterProfile\": {\"count\": 3, \"vnetCidr\": \"10.0.0.0/8\"}}}}",
                             &e),
                   DSNET_OK);
  assert_int_equal(C.plan.nodes, 3);
  sv_is(C.plan.vnet_cidr, "10.0.0.0/8");
  sv_is(C.plan.network_policy, "calico"); /* for AKS Engine's E5 */
  static dsnet_plan_result pr;
  dsnet_plan_evaluate(&C.plan, &pr, NULL);
  bool e5 = false;
  for (size_t i = 0; i < pr.n_findings; i++)
    e5 |= strcmp(pr.findings[i].code, "aks_engine_network_policy") == 0;
  assert_true(e5);
}

/* A custom-VNet model (tests/configs/aks-engine-custom-vnet.json, written from
 * AKS Engine's examples/vnet and dualstack models): every field AKS Engine's
 * validation reads reaches the plan, and its checks fire in its words:
 * loadBalancerSku Standard without excludeMasterFromStandardLB
 * (validate.go ValidateOrchestratorProfile), kubernetesConfig.maxPods 4 (not
 * kubelet's 30; KubernetesConfig.Validate), the Windows pool's subnet in
 * another VNet (validateVNET). Keys match as Go's encoding/json matches
 * them: "vnetSubnetId" is vnetSubnetID. */
static void test_aks_engine_model_fields(void **state) {
  (void)state;
  dsnet_error e;
  dsnet_config_init(&C);
  assert_int_equal(read_file("aks-engine-custom-vnet.json", &e), DSNET_OK);
  assert_int_equal(C.n_findings, 0);
  assert_int_equal(C.n_node_pools, 3);
  assert_ptr_equal(C.plan.pools, C.node_pools);
  assert_int_equal(C.plan.n_pools, 3);
  assert_true(C.node_pools[0].control_plane);
  assert_int_equal(C.node_pools[0].count, 3);
  sv_is(C.node_pools[0].first_ip, "10.239.255.239");
  sv_is(C.node_pools[0].subnet, "/subscriptions/SUB/resourceGroups/RG/providers/"
                                "Microsoft.Network/virtualNetworks/KubeVNET/subnets/MasterSubnet");
  sv_is(C.node_pools[2].name, "winpool");
  sv_is(C.node_pools[2].os_type, "Windows");
  sv_is(C.node_pools[2].availability, "VirtualMachineScaleSets");
  at(dsnet_config_origin_of(&C, "--pool"), 23, 22, "properties.masterProfile");
  assert_int_equal(C.plan.nodes, 7);
  sv_is(C.plan.load_balancer_sku, "Standard");
  sv_is(C.plan.network_mode, "bridge");
  assert_int_equal(C.plan.model_max_pods, 4);
  assert_int_equal(C.plan.max_pods, 30); /* kubelet's own flag wins for the kubelet */
  sv_is(C.plan.windows_version, "2019-Datacenter-Core-with-Containers-smalldisk");
  at(dsnet_config_origin_of(&C, "--windows-version"), 51, 21,
     "properties.windowsProfile.windowsSku");
  assert_int_equal(C.plan.model_flags, 0);
  static dsnet_plan_result r;
  dsnet_plan_evaluate(&C.plan, &r, NULL);
  static const char *const want[] = {"aks_engine_load_balancer_exclude_master",
                                     "aks_engine_max_pods", "aks_engine_vnet_multiple",
                                     "network_mode_bridge", "windows_version_dual_stack"};
  for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
    bool found = false;
    for (size_t i = 0; i < r.n_findings; i++)
      found |= strcmp(r.findings[i].code, want[k]) == 0;
    if (!found)
      fail_msg("no finding %s", want[k]);
  }
  /* the booleans: excludeMasterFromStandardLB, loadBalancerOutboundIPs, enableIPv6Only,
   * customCloudProfile (Azure Stack Hub); a boolean that is not one */
  assert_int_equal(read_text("{\"apiVersion\": \"vlabs\", \"properties\": {\"featureFlags\": "
                             "{\"enableIPv6DualStack\": true, \"enableIPv6Only\": true}, "
                             "\"orchestratorProfile\": {\"kubernetesConfig\": "
                             "{\"excludeMasterFromStandardLB\": true, "
                             "\"loadBalancerOutboundIPs\": 2}}, \"customCloudProfile\": {}}}",
                             &e),
                   DSNET_OK);
  assert_int_equal(C.plan.model_flags,
                   DSNET_AKSENGINE_IPV6_ONLY | DSNET_AKSENGINE_EXCLUDE_MASTER_FROM_STANDARD_LB |
                       DSNET_AKSENGINE_LOAD_BALANCER_OUTBOUND_IPS | DSNET_AKSENGINE_AZURE_STACK);
  at(dsnet_config_origin_of(&C, "--ipv6-only"), 1, 104, "properties.featureFlags.enableIPv6Only");
  assert_int_equal(read_text("{\"apiVersion\": \"vlabs\", \"properties\": {\"featureFlags\": "
                             "{\"enableIPv6DualStack\": true, \"enableIPv6Only\": \"yes\"}}}",
                             &e),
                   DSNET_ECONFIG_INVALID);
  assert_string_equal(finding("config_field_invalid")->message,
                      "properties.featureFlags.enableIPv6Only: \"yes\" is not true or false");
  /* a version-less Windows model: AKS Engine's Windows check fails on the empty field */
  dsnet_config_init(&C);
  assert_int_equal(read_file("aks-engine/kubernetes-windows.json@e3c89b2a7.json", &e), DSNET_OK);
  dsnet_plan_evaluate(&C.plan, &r, NULL);
  assert_string_equal(r.findings[0].code, "aks_engine_windows_version");
}

/* kubelet's own configuration: every field of v1beta1 is known; a misspelt one is not. */
static void test_kubelet_configuration(void **state) {
  (void)state;
  dsnet_error e;
  assert_int_equal(read_text("apiVersion: kubelet.config.k8s.io/v1beta1\n"
                             "kind: KubeletConfiguration\ncgroupDriver: systemd\n"
                             "clusterDomain: cluster.local\nclusterDns: [10.96.0.10]\n",
                             &e),
                   DSNET_OK);
  assert_int_equal(C.n_findings, 1);
  const dsnet_config_finding *f = finding("config_field_unknown");
  assert_int_equal(f->at.line, 5);
  assert_string_equal(f->message, "KubeletConfiguration: unknown field \"clusterDns\" (dsnet "
                                  "does not read it)");
  assert_null(C.plan.dns_service_ip.ptr); /* kubelet decodes strictly: clusterDNS unset */
}

/* k3s' dual-stack example (docs.k3s.io) and its defaults (10.42.0.0/16, 10.43.0.0/16,
 * 10.43.0.10: the server flags' documented defaults, RKE2's too). */
static void test_k3s(void **state) {
  (void)state;
  dsnet_error e;
  const dsnet_config_finding *f;
  dsnet_config_init(&C);
  assert_int_equal(read_file("k3s-dual.yaml", &e), DSNET_OK);
  assert_int_equal(C.n_findings, 0);
  sv_is(C.plan.cluster_cidr, "10.42.0.0/16,2001:cafe:42::/56");
  at(dsnet_config_origin_of(&C, "--cluster-cidr"), 4, 15, "config.cluster-cidr");
  sv_is(C.plan.service_cidr, "10.43.0.0/16,2001:cafe:43::/112");
  sv_is(C.plan.dns_service_ip, "10.43.0.10");
  assert_int_equal(C.plan.node_mask_flags.mask_size_ipv6, 64);
  at(dsnet_config_origin_of(&C, "--node-cidr-mask-size-ipv6"), 10, 5,
     "config.kube-controller-manager-arg[1]");
  assert_int_equal(C.plan.max_pods, 250);
  sv_is(C.plan.node_ip, "10.0.10.7,2a05:d012:c6f:4611:5c2:5602:eed2:898c");
  /* node-ip as a list (a string slice), the advertise address, and a near miss */
  assert_int_equal(read_text("node-ip:\n  - 10.0.10.7\n  - 2001:db8::7\nadvertise-address: "
                             "10.0.10.7\ncluster_cidr: 10.42.0.0/16,fd00:42::/56\n",
                             &e),
                   DSNET_OK);
  sv_is(C.plan.node_ip, "10.0.10.7,2001:db8::7");
  sv_is(C.plan.advertise_address, "10.0.10.7");
  sv_is(C.plan.cluster_cidr, "10.42.0.0/16"); /* k3s ignores cluster_cidr: its default */
  f = finding("config_field_unknown");
  assert_string_equal(f->message, "config.cluster_cidr: unknown key \"cluster_cidr\" (did you "
                                  "mean cluster-cidr? k3s and RKE2 ignore it and take their "
                                  "default)");
  assert_int_equal(
      read_text("cluster-cidr: 10.42.0.0/16\nnode-label+: [a=b]\nnode-ip+: [10.0.0.1]\n", &e),
      DSNET_OK);
  assert_int_equal(C.n_findings, 0); /* an append form and a key dsnet does not read */
  assert_int_equal(read_text("cluster-dns: 10.43.0.12\nkubelet-arg: [\"--max-pods=x\"]\n", &e),
                   DSNET_ECONFIG_INVALID);
  sv_is(C.plan.cluster_cidr, "10.42.0.0/16");
  sv_is(C.plan.dns_service_ip, "10.43.0.12");
  assert_string_equal(finding("config_field_invalid")->at.path, "config.kubelet-arg[0]");
  /* a flat mapping with no k3s key is no known document, unless --format k3s says so */
  assert_int_equal(read_text("token: x\n", NULL), DSNET_ECONFIG_KIND);
  dsnet_config_init(&C);
  assert_int_equal(dsnet_config_read(&C, "c.yaml", "token: x\n", 9, DSNET_CONFIG_FORMAT_K3S, NULL),
                   DSNET_OK);
  sv_is(C.plan.service_cidr, "10.43.0.0/16");
}

/* A node list with each defect the audit knows, one node each (and a good one). */
static void test_audit(void **state) {
  (void)state;
  dsnet_plan plan;
  dsnet_plan_init(&plan);
  static const char cluster[] = "10.244.0.0/16,fd00:10:244::/56";
  plan.cluster_cidr = (dsnet_strview){cluster, sizeof cluster - 1};
  static dsnet_plan_result r;
  dsnet_plan_evaluate(&plan, &r, NULL);
  size_t len, nodes = 0;
  const char *text = load("nodes-defects.json", &len);
  dsnet_error e;
  dsnet_config_init(&C);
  assert_int_equal(dsnet_config_audit_nodes(&C, &r, "nodes-defects.json", text, len, &nodes, &e),
                   DSNET_ECONFIG_INVALID);
  assert_int_equal(nodes, 9);
  static const struct {
    const char *code;
    unsigned line;
    const char *node;
  } want[] = {
      {"audit_pod_cidr_missing", 4, "node none "},
      {"audit_pod_cidr_family_order", 6, "node order:"},
      {"audit_pod_cidr_family_order", 6, "node order:"},
      {"audit_pod_cidr_outside", 8, "10.245.3.0/24 is outside the cluster CIDR 10.244.0.0/16"},
      {"audit_pod_cidr_mask", 10, "10.244.4.0/25 is a /25, the IPv4 node mask is /24"},
      {"audit_pod_cidr_family_missing", 16, "node single has no IPv6 podCIDR"},
      {"audit_internal_ip_family_missing", 19, "node v4only has no IPv6 InternalIP"},
      {"audit_pod_cidr_duplicate", 12, "nodes duplicate and good have the same"},
      {"audit_pod_cidr_overlap", 14, "overlaps"}};
  assert_int_equal(C.n_findings, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < C.n_findings; i++) {
    const dsnet_config_finding *f = &C.findings[i];
    if (strcmp(f->code, want[i].code) != 0 || f->at.line != want[i].line ||
        !strstr(f->message, want[i].node))
      fail_msg("finding %zu: %s at %u: %s", i, f->code, (unsigned)f->at.line, f->message);
  }
  assert_int_equal(C.n_errors, 8);
  /* a good list, and what is not a node list */
  dsnet_config_init(&C);
  assert_int_equal(dsnet_config_audit_nodes(&C, &r, "n", "{\"items\": []}", 13, &nodes, NULL),
                   DSNET_OK);
  assert_int_equal(nodes, 0);
  assert_int_equal(dsnet_config_audit_nodes(&C, &r, "n", "{}", 2, NULL, NULL), DSNET_ECONFIG_KIND);
  /* Services, on a dual-stack cluster and on an IPv4-only one */
  static const char services[] = "10.96.0.0/16,fd00:10:96::/112";
  plan.service_cidr = (dsnet_strview){services, sizeof services - 1};
  dsnet_plan_evaluate(&plan, &r, NULL);
  text = load("services-defects.json", &len);
  dsnet_config_init(&C);
  assert_int_equal(
      dsnet_config_audit_services(&C, &r, "services-defects.json", text, len, &nodes, NULL),
      DSNET_ECONFIG_INVALID);
  assert_int_equal(nodes, 8);
  static const char *const codes[] = {"audit_service_ip_outside", "audit_service_family_mismatch",
                                      "audit_service_policy", "audit_service_ip_duplicate"};
  assert_int_equal(C.n_findings, 4);
  for (size_t i = 0; i < 4; i++)
    assert_string_equal(C.findings[i].code, codes[i]);
  assert_string_equal(C.findings[0].message,
                      "Service app/outside: cluster IP 10.97.0.9 is outside the service range "
                      "10.96.0.0/16");
  assert_non_null(strstr(C.findings[3].message, "app/dual and app/dup"));
  plan.service_cidr = (dsnet_strview){services, 12};
  plan.cluster_cidr = (dsnet_strview){cluster, 13};
  dsnet_plan_evaluate(&plan, &r, NULL);
  dsnet_config_init(&C);
  dsnet_config_audit_services(&C, &r, "services-defects.json", text, len, NULL, NULL);
  assert_int_equal(finding("audit_service_family_not_configured")->at.line, 3); /* app/dual */
  for (size_t i = 0; i < C.n_findings; i++) /* headless without selector: both families allowed */
    assert_null(strstr(C.findings[i].message, "app/db"));
}

/* Calico's dual-stack pools (IPPool v3 and the operator's Installation) and Cilium's
 * cluster-pool Helm values, from each project's documentation, as pool records. */
static void test_cni_pools(void **state) {
  (void)state;
  dsnet_error e;
  dsnet_config_init(&C);
  assert_int_equal(read_file("calico-pools.yaml", &e), DSNET_OK);
  assert_int_equal(read_file("cilium-values.yaml", &e), DSNET_OK);
  assert_int_equal(C.n_findings, 0);
  assert_int_equal(C.n_pools, 5);
  const dsnet_config_pool *p = &C.pools[0];
  assert_int_equal(p->kind, DSNET_CONFIG_POOL_CALICO);
  sv_is(p->cidr, "10.244.0.0/16");
  assert_int_equal(p->block_size, 26);
  sv_is(p->mode, "CrossSubnet"); /* vxlanMode, before ipipMode Never */
  assert_true(p->nat_outgoing);
  sv_is(p->node_selector, "all()");
  at(&p->at, 9, 9, "IPPool.spec.cidr");
  p = &C.pools[1];
  sv_is(p->cidr, "fd00:10:244::/48");
  assert_int_equal(p->block_size, 122);
  assert_false(p->nat_outgoing || p->disabled);
  p = &C.pools[2];
  sv_is(p->mode, "VXLANCrossSubnet");
  assert_true(p->nat_outgoing); /* the operator's "Enabled" */
  at(&p->at, 34, 15, "Installation.spec.calicoNetwork.ipPools[0].cidr");
  p = &C.pools[3];
  assert_int_equal(p->kind, DSNET_CONFIG_POOL_CILIUM);
  sv_is(p->cidr, "10.0.0.0/8");
  assert_int_equal(p->block_size, 24);
  sv_is(p->mode, "cluster-pool");
  p = &C.pools[4];
  sv_is(p->cidr, "fd00::/104");
  assert_int_equal(p->block_size, 120);
  assert_false(p->disabled);
  /* Cilium's default: IPv6 off, so an IPv6 pool without ipv6.enabled is unused */
  assert_int_equal(
      read_text("ipam:\n  operator:\n    clusterPoolIPv6PodCIDRList: [fd00::/104]\n", &e),
      DSNET_OK);
  assert_true(C.pools[0].disabled);
  assert_int_equal(read_text("apiVersion: projectcalico.org/v3\nkind: IPPool\nspec:\n  cidr: "
                             "10.0.0.0/8\n  natOutgoing: yes-please\n",
                             &e),
                   DSNET_ECONFIG_INVALID);
  assert_int_equal(finding("config_field_invalid")->at.line, 5);
}

static void test_several_files(void **state) {
  (void)state;
  dsnet_error e;
  static const char kp[] = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
                           "kind: KubeProxyConfiguration\nmode: nftables\n";
  dsnet_config_init(&C);
  assert_int_equal(read_file("kind-dual.yaml", &e), DSNET_OK);
  assert_int_equal(dsnet_config_read(&C, "kp.yaml", kp, strlen(kp), DSNET_CONFIG_FORMAT_AUTO, &e),
                   DSNET_OK);
  sv_is(C.plan.kube_proxy_mode, "nftables");
  const dsnet_config_finding *f = finding("config_field_conflict");
  assert_string_equal(f->at.file, "kp.yaml");
  assert_int_equal(C.n_documents, 2);
}

static void test_bad_input(void **state) {
  (void)state;
  static const struct {
    const char *text;
    dsnet_status st;
    const char *code;
    unsigned line, column;
  } cases[] = {
      {"a: [b", DSNET_ECONFIG_SYNTAX, "config_syntax", 2, 1},
      {"{\"kind\": \"Cluster\",", DSNET_ECONFIG_SYNTAX, "config_syntax", 2, 1},
      {"apiVersion: v1\nkind: Pod\n", DSNET_ECONFIG_KIND, "config_kind_unknown", 1, 1},
      {"- a\n- b\n", DSNET_ECONFIG_INVALID, "config_field_invalid", 1, 1},
      {"x: &a [1]\ny: *a\n", DSNET_ECONFIG_LIMIT, "config_limit", 2, 4},
      {"kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes: 3\n", DSNET_ECONFIG_INVALID,
       "config_field_invalid", 3, 8},
      {"kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  ipFamily: ipv5\n",
       DSNET_ECONFIG_INVALID, "config_field_invalid", 4, 13},
      {"apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: -1\n",
       DSNET_ECONFIG_INVALID, "config_field_invalid", 3, 10},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dsnet_error e;
    dsnet_status st = read_text(cases[i].text, &e);
    if (st != cases[i].st)
      fail_msg("case %zu: %s (%s), expected %s", i, dsnet_status_name(st), e.message,
               dsnet_status_name(cases[i].st));
    const dsnet_config_finding *f = finding(cases[i].code);
    if (f->at.line != cases[i].line || f->at.column != cases[i].column)
      fail_msg("case %zu: at %u:%u, expected %u:%u (%s)", i, (unsigned)f->at.line,
               (unsigned)f->at.column, cases[i].line, cases[i].column, f->message);
  }
  /* nesting past the limit, and a file past the size limit */
  static char deep[512];
  memset(deep, '[', DSNET_CONFIG_MAX_DEPTH + 1);
  assert_int_equal(read_text(deep, NULL), DSNET_ECONFIG_LIMIT);
  assert_non_null(strstr(finding("config_limit")->message, "nested deeper than 64 levels"));
  dsnet_config_init(&C);
  assert_int_equal(dsnet_config_read(&C, "big.yaml", deep, DSNET_CONFIG_MAX_BYTES + 1,
                                     DSNET_CONFIG_FORMAT_AUTO, NULL),
                   DSNET_ECONFIG_LIMIT); /* (refused before a byte is read) */
  /* an empty file and an empty trailing document are no documents */
  assert_int_equal(read_text("", NULL), DSNET_OK);
  assert_int_equal(C.n_documents, 0);
  /* a forced format reads no other */
  dsnet_config_init(&C);
  size_t len;
  const char *kind = load("kind-dual.yaml", &len);
  assert_int_equal(
      dsnet_config_read(&C, "kind-dual.yaml", kind, len, DSNET_CONFIG_FORMAT_KUBEADM, NULL),
      DSNET_ECONFIG_KIND);
  assert_int_equal(dsnet_config_read(NULL, "x", "", 0, DSNET_CONFIG_FORMAT_AUTO, NULL),
                   DSNET_EINVAL);
  assert_string_equal(dsnet_config_field_flag(DSNET_CONFIG_FIELD_MAX_PODS), "--max-pods");
  assert_string_equal(dsnet_config_format_name(DSNET_CONFIG_FORMAT_KIND), "kind");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_kubeadm_dualstack),
      cmocka_unit_test(test_kubeadm_broken),
      cmocka_unit_test(test_kind),
      cmocka_unit_test(test_aks_engine),
      cmocka_unit_test(test_aks_engine_model_fields),
      cmocka_unit_test(test_kubelet_configuration),
      cmocka_unit_test(test_k3s),
      cmocka_unit_test(test_audit),
      cmocka_unit_test(test_cni_pools),
      cmocka_unit_test(test_several_files),
      cmocka_unit_test(test_bad_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
