/* Tests of the aksengine module alone: AKS Engine's checks of
 * pkg/api/vlabs/validate.go (Azure/aks-engine), with its messages, as
 * reference/aks-engine-rules.md section 2.2 quotes them (check numbers E1-E30),
 * and its pool, load-balancer, VNet and Azure Stack checks (sections 2.3-2.6,
 * E31-E45), with the messages of validate.go, types.go and
 * common/helpers.go (Azure/aks-engine master).
 * The profile inside a plan is tested in test_plan.c. */
#include "testutil.h"

static void test_aks_module_direct(void **state) {
  (void)state;
  dsnet_aksengine_config c;
  memset(&c, 0, sizeof c);
  dsnet_aksengine_error e[DSNET_AKSENGINE_MAX_ERRORS];
  size_t n;
  /* 8: azure CNI dual-stack with a network policy -> E5 */
  c.orchestrator_version.ptr = "1.20.15";
  c.orchestrator_version.len = 7;
  c.network_plugin.ptr = "azure";
  c.network_plugin.len = 5;
  c.network_policy.ptr = "azure";
  c.network_policy.len = 5;
  c.cluster_subnet.ptr = "10.240.0.0/12,fe80:20d::/112";
  c.cluster_subnet.len = strlen(c.cluster_subnet.ptr);
  assert_int_equal(dsnet_aksengine_validate(&c, e, &n, NULL), DSNET_OK);
  assert_int_equal(n, 1);
  assert_int_equal(e[0].check, 5);
  assert_string_equal(e[0].message,
                      "Network policy azure is not supported for azure cni dualstack");
  /* 9: azure CNI without a policy, fine */
  c.network_policy.ptr = NULL;
  c.network_policy.len = 0;
  c.cluster_subnet.ptr = "10.240.0.0/16,ace:cab:deca::/8";
  c.cluster_subnet.len = strlen(c.cluster_subnet.ptr);
  assert_int_equal(dsnet_aksengine_validate(&c, e, &n, NULL), DSNET_OK);
  assert_int_equal(n, 0);
  /* 3 and 2: versions */
  c.orchestrator_version.ptr = "1.15.7";
  c.orchestrator_version.len = 6;
  dsnet_aksengine_validate(&c, e, &n, NULL);
  assert_int_equal(n, 1);
  assert_string_equal(e[0].message, "IPv6 dual stack not available in kubernetes version 1.15.7");
  c.orchestrator_version.ptr = "one.two";
  c.orchestrator_version.len = 7;
  dsnet_aksengine_validate(&c, e, &n, NULL);
  assert_string_equal(e[0].message, "could not validate version one.two");
  assert_int_equal(dsnet_aksengine_validate(NULL, e, &n, NULL), DSNET_EINVAL);
  /* E24 */
  c.orchestrator_version.ptr = "1.22.4";
  c.orchestrator_version.len = 6;
  c.kube_proxy_mode.ptr = "userspace";
  c.kube_proxy_mode.len = 9;
  dsnet_aksengine_validate(&c, e, &n, NULL);
  assert_int_equal(n, 1);
  assert_string_equal(e[0].message,
                      "Invalid KubeProxyMode userspace. Allowed modes are iptables and ipvs");
}

#define SV(lit) ((dsnet_strview){lit, sizeof(lit) - 1})

/* Go 1.19's parsers (AKS Engine v0.77.0 is built with it, Azure/aks-engine#5078;
 * src/net/ip.go at go1.19): ParseCIDR's dtoi takes a zero-padded length,
 * parseIPv4 refuses a zero-padded part, IPNet.Contains and IP.Equal take an
 * IPv4-mapped IP as the IPv4 address (To4). */
static void test_go_parsers(void **state) {
  (void)state;
  dsnet_aksengine_config c;
  memset(&c, 0, sizeof c);
  dsnet_aksengine_error e[DSNET_AKSENGINE_MAX_ERRORS];
  size_t n;
  c.orchestrator_version = SV("1.20.15");
  c.network_plugin = SV("kubenet");
  c.cluster_subnet = SV("10.244.0.0/016,fc00::/048"); /* E10: both parse */
  c.service_cidr = SV("10.0.0.0/16,fd00::/108");
  c.dns_service_ip = SV("::ffff:10.0.0.10"); /* E21: inside 10.0.0.0/16 for Go */
  dsnet_aksengine_validate(&c, e, &n, NULL);
  assert_int_equal(n, 0);
  c.dns_service_ip = SV("::ffff:10.0.0.1"); /* E23: Equal to network + 1 */
  dsnet_aksengine_validate(&c, e, &n, NULL);
  assert_int_equal(n, 1);
  assert_int_equal(e[0].check, 23);
  assert_string_equal(e[0].message, "OrchestratorProfile.KubernetesConfig.DNSServiceIP "
                                    "'::ffff:10.0.0.1' cannot be the first IP of ServiceCidr "
                                    "'10.0.0.0/16'");
  c.dns_service_ip = SV("10.0.0.10");
  c.cluster_subnet = SV("010.244.0.0/16,fc00::/48"); /* Go 1.17+: a zero-padded part */
  dsnet_aksengine_validate(&c, e, &n, NULL);
  assert_int_equal(n, 1);
  assert_int_equal(e[0].check, 10);
  assert_string_equal(e[0].message, "OrchestratorProfile.KubernetesConfig.ClusterSubnet "
                                    "'010.244.0.0/16' is an invalid subnet");
  c.cluster_subnet = SV("10.244.0.0/16,fc00:0000:00001::/48"); /* xtoi: bounded by value */
  dsnet_aksengine_validate(&c, e, &n, NULL);
  assert_int_equal(n, 0);
}

/* No orchestratorVersion: AKS Engine v0.77.0 resolves 1.23.17 before its checks
 * (issue #16; common/const.go KubernetesDefaultRelease "1.23"), so neither the
 * 1.16 (E3) nor the 1.18 iptables (E25) check fires; the Windows check reads
 * the raw, empty field and fails (E31, validate.go:444-457). */
static void test_default_version(void **state) {
  (void)state;
  dsnet_aksengine_config c;
  memset(&c, 0, sizeof c);
  dsnet_aksengine_error e[DSNET_AKSENGINE_MAX_ERRORS];
  size_t n;
  assert_string_equal(DSNET_AKSENGINE_DEFAULT_VERSION, "1.23.17");
  c.network_plugin = SV("kubenet");
  c.kube_proxy_mode = SV("iptables");
  dsnet_aksengine_validate(&c, e, &n, NULL);
  assert_int_equal(n, 0);
  dsnet_node_pool pool;
  memset(&pool, 0, sizeof pool);
  pool.name = SV("win");
  pool.count = 2;
  pool.os_type = SV("Windows");
  c.pools = &pool;
  c.n_pools = 1;
  dsnet_aksengine_validate(&c, e, &n, NULL);
  assert_int_equal(n, 1);
  assert_int_equal(e[0].check, 31);
  assert_string_equal(e[0].message,
                      "Dual stack IPv6 feature is supported on Windows only from Kubernetes "
                      "version 1.19, but OrchestratorProfile.OrchestratorVersion is ''");
}

/* The fill-in (defaults.go:256-296) reads entries with Go's parsers too: a
 * zero-padded length is IPv4, an IPv4-mapped entry counts as IPv4 (To4);
 * nothing is cut, whatever the lengths. */
static void test_fill_list_go(void **state) {
  (void)state;
  char buf[700];
  assert_int_equal(dsnet_aksengine_fill_list(SV("10.244.0.0/016"), "10.244.0.0/16", "fc00::/48",
                                             buf, sizeof buf),
                   24);
  assert_string_equal(buf, "10.244.0.0/016,fc00::/48");
  dsnet_aksengine_fill_list(SV("::ffff:10.244.0.0/112"), "10.244.0.0/16", "fc00::/48", buf,
                            sizeof buf);
  assert_string_equal(buf, "::ffff:10.244.0.0/112,fc00::/48");
  dsnet_aksengine_fill_list(SV("fd00::/108"), "10.0.0.0/16", "fd00::/108", buf, sizeof buf);
  assert_string_equal(buf, "10.0.0.0/16,fd00::/108");
  char big[600];
  memset(big, 'x', sizeof big);
  big[10] = ',';
  dsnet_strview v = {big, sizeof big};
  assert_int_equal(dsnet_aksengine_fill_list(v, "a", "b", buf, sizeof buf), sizeof big);
  assert_memory_equal(buf, big, sizeof big);
  assert_int_equal(dsnet_aksengine_fill_list(v, "a", "b", buf, 100), sizeof big);
  assert_string_equal(buf, "");
}

/* The error record: reset on success, a message naming the call on NULL. */
static void test_validate_error_record(void **state) {
  (void)state;
  dsnet_aksengine_config c;
  memset(&c, 0, sizeof c);
  dsnet_aksengine_error e[DSNET_AKSENGINE_MAX_ERRORS];
  size_t n = 99;
  dsnet_error err;
  memset(&err, -1, sizeof err);
  assert_int_equal(dsnet_aksengine_validate(NULL, e, &n, &err), DSNET_EINVAL);
  assert_int_equal(err.code, DSNET_EINVAL);
  assert_non_null(strstr(err.message, "dsnet_aksengine_validate"));
  assert_int_equal(n, 99); /* untouched on failure */
  memset(&err, -1, sizeof err);
  assert_int_equal(dsnet_aksengine_validate(&c, e, &n, &err), DSNET_OK);
  assert_int_equal(err.code, DSNET_OK);
  assert_string_equal(err.message, "");
  /* an empty configuration: E4, the network plugin is required with dual-stack */
  assert_int_equal(n, 1);
  assert_int_equal(e[0].check, 4);
  assert_string_equal(e[0].code, "aks_engine_network_plugin");
}

#define S(lit) ((dsnet_strview){lit, sizeof(lit) - 1})

static dsnet_aksengine_error E[DSNET_AKSENGINE_MAX_ERRORS];

/* Validate; the number of errors. */
static size_t run(const dsnet_aksengine_config *c) {
  size_t n = 99;
  assert_int_equal(dsnet_aksengine_validate(c, E, &n, NULL), DSNET_OK);
  return n;
}

/* The error of a code, or NULL. */
static const dsnet_aksengine_error *find(size_t n, const char *code) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(E[i].code, code) == 0)
      return &E[i];
  return NULL;
}

/* Exactly one error, of this check, code and message. */
static void expect_one(const dsnet_aksengine_config *c, unsigned check, const char *code,
                       const char *message) {
  size_t n = run(c);
  for (size_t i = 0; i < n; i++)
    print_message("  E%u %s: %s\n", E[i].check, E[i].code, E[i].message);
  assert_int_equal(n, 1);
  assert_int_equal(E[0].check, check);
  assert_string_equal(E[0].code, code);
  assert_string_equal(E[0].message, message);
}

static dsnet_aksengine_config base(void) {
  dsnet_aksengine_config c;
  memset(&c, 0, sizeof c);
  c.orchestrator_version = S("1.20.15");
  c.network_plugin = S("kubenet");
  return c;
}

/* E1, E27-E30 (validate.go KubernetesConfig.Validate, validateNetworkPolicy,
 * validateNetworkPluginPlusPolicy, validateNetworkMode) and semver order. */
static void test_flags_policy_mode(void **state) {
  (void)state;
  dsnet_aksengine_config c = base();
  assert_int_equal(run(&c), 0);
  c.flags = DSNET_AKSENGINE_IPV6_ONLY;
  expect_one(&c, 1, "aks_engine_ipv6_only_dual_stack",
             "featureFlags.EnableIPv6DualStack and featureFlags.EnableIPv6Only can't be enabled "
             "at the same time.");
  c = base();
  c.network_policy = S("bogus");
  expect_one(&c, 27, "aks_engine_network_policy_invalid",
             "unknown networkPolicy 'bogus' specified");
  c.network_policy = S("azure"); /* networkPluginPlusPolicyAllowed has no kubenet/azure pair */
  expect_one(&c, 27, "aks_engine_network_policy_plugin",
             "networkPolicy 'azure' is not supported with networkPlugin 'kubenet'");
  c.network_policy = S("calico"); /* kubenet + calico is allowed */
  assert_int_equal(run(&c), 0);
  c = base();
  c.network_mode = S("tunnel");
  size_t n = run(&c);
  assert_int_equal(n, 2); /* unknown, and not azure */
  assert_string_equal(find(n, "aks_engine_network_mode_invalid")->message,
                      "unknown networkMode 'tunnel' specified");
  assert_string_equal(find(n, "aks_engine_network_mode_plugin")->message,
                      "networkMode requires network plugin to be 'azure'");
  c.network_plugin = S("azure");
  c.network_mode = S("bridge");
  assert_int_equal(run(&c), 0); /* bridge works with dual-stack (#4714 lifted the rule) */
  c.network_mode = S("transparent");
  assert_int_equal(run(&c), 0);
  c.network_policy = S("calico");
  c.network_mode = S("bridge");
  n = run(&c);
  assert_int_equal(n, 2); /* E5 (no policy with Azure CNI dual-stack) and E30 */
  assert_string_equal(find(n, "aks_engine_network_mode_calico")->message,
                      "networkMode 'bridge' is not supported by calico");
  /* semver: a pre-release sorts below its release (validate.go:1281, 1461) */
  c = base();
  c.orchestrator_version = S("1.16.0-alpha.1");
  expect_one(&c, 3, "aks_engine_dual_stack_version",
             "IPv6 dual stack not available in kubernetes version 1.16.0-alpha.1");
  c.orchestrator_version = S("1.16.0");
  assert_int_equal(run(&c), 0);
  c.orchestrator_version = S("1.18.0-beta.1");
  c.kube_proxy_mode = S("iptables");
  expect_one(&c, 25, "aks_engine_kube_proxy_mode_version",
             "KubeProxyMode iptables in dualstack not supported with 1.18.0-beta.1 version");
  c.orchestrator_version = S("1.18.1-beta.1");
  assert_int_equal(run(&c), 0);
  c.orchestrator_version = S("1.18");
  assert_int_equal(run(&c), 0); /* a release: its newest patch */
}

/* E34-E36 (validate.go ValidateOrchestratorProfile). */
static void test_load_balancer(void **state) {
  (void)state;
  dsnet_aksengine_config c = base();
  c.load_balancer_sku = S("Premium");
  expect_one(&c, 34, "aks_engine_load_balancer_sku",
             "Invalid value for loadBalancerSku, only Standard and Basic are supported");
  c.load_balancer_sku = S("Standard");
  expect_one(&c, 35, "aks_engine_load_balancer_exclude_master",
             "standard loadBalancerSku should exclude master nodes. Please set KubernetesConfig "
             "\"ExcludeMasterFromStandardLB\" to \"true\"");
  c.flags = DSNET_AKSENGINE_EXCLUDE_MASTER_FROM_STANDARD_LB;
  assert_int_equal(run(&c), 0);
  c.flags = 0;
  c.load_balancer_sku = S("standard"); /* EqualFold passes it; the == "Standard" check does not */
  assert_int_equal(run(&c), 0);
  c.load_balancer_sku = S("\xc5\xbftandard"); /* U+017F folds onto 's' in strings.EqualFold */
  assert_int_equal(run(&c), 0);
  c.load_balancer_sku = S("Standar");
  assert_int_equal(run(&c), 1);
  c.load_balancer_sku = S("Basic");
  c.flags = DSNET_AKSENGINE_LOAD_BALANCER_OUTBOUND_IPS;
  expect_one(&c, 36, "aks_engine_load_balancer_outbound_ips",
             "kubernetesConfig.loadBalancerOutboundIPs configuration only supported for Standard "
             "loadBalancerSku=Standard");
}

/* E31-E33, E42: validateAgentPoolProfiles with dual-stack on; the count
 * ranges of types.go (MasterProfile 1, 3 or 5; agents [1,1000]). */
static void test_pools(void **state) {
  (void)state;
  dsnet_node_pool pools[3] = {
      {.name = S(""), .count = 3, .control_plane = true},
      {.name = S("linuxpool"), .count = 2, .os_type = S("Linux")},
      {.name = S("winpool"), .count = 2, .os_type = S("Windows")},
  };
  dsnet_aksengine_config c = base();
  c.pools = pools;
  c.n_pools = 3;
  c.orchestrator_version = S("1.19.0");
  assert_int_equal(run(&c), 0);
  c.orchestrator_version = S("1.18.0"); /* validate_test.go: "1.18" with a Windows pool */
  expect_one(&c, 31, "aks_engine_windows_version",
             "Dual stack IPv6 feature is supported on Windows only from Kubernetes version 1.19, "
             "but OrchestratorProfile.OrchestratorVersion is '1.18.0'");
  c.orchestrator_version = S("1.20"); /* not full semver: IsKubernetesVersionGe takes it as 0.0.0 */
  assert_int_equal(run(&c), 1);
  assert_int_equal(E[0].check, 31);
  c.orchestrator_version = S("1.20.2");
  c.flags = DSNET_AKSENGINE_VERSION_RESOLVED; /* no version in the model: the raw field is "" */
  assert_int_equal(run(&c), 1);
  assert_non_null(strstr(E[0].message, "OrchestratorVersion is ''"));
  c.flags = DSNET_AKSENGINE_IPV6_ONLY;
  size_t n = run(&c);
  assert_string_equal(find(n, "aks_engine_windows_ipv6_only")->message,
                      "Single stack IPv6 feature is supported only with Linux, but agent pool "
                      "'winpool' is of os type Windows");
  c.flags = 0;
  pools[2].os_type = S("Linux");
  pools[2].distro = S("flatcar");
  expect_one(&c, 33, "aks_engine_pool_distro",
             "Dual stack and single stack IPv6 feature is currently supported only with Ubuntu, "
             "but agent pool 'winpool' is of distro type flatcar");
  pools[2].distro = S("ubuntu-18.04");
  pools[1].count = 1001;
  expect_one(&c, 42, "aks_engine_pool_count",
             "AgentPoolProfile count needs to be in the range [1,1000]");
  pools[1].count = 1000;
  assert_int_equal(run(&c), 0);
  pools[1].count = 0;
  assert_int_equal(run(&c), 1);
  pools[1].count = 1;
  pools[0].count = 2;
  expect_one(&c, 42, "aks_engine_pool_count", "MasterProfile count needs to be 1, 3, or 5");
}

#define VNET "/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/"

/* E37-E41: validateVNET and validateMasterProfile. */
static void test_custom_vnet(void **state) {
  (void)state;
  dsnet_node_pool pools[2] = {
      {.name = S(""),
       .count = 1,
       .control_plane = true,
       .subnet = S(VNET "vnet/subnets/master"),
       .first_ip = S("10.239.255.239")},
      {.name = S("agentpool"), .count = 2},
  };
  dsnet_aksengine_config c = base();
  c.pools = pools;
  c.n_pools = 2;
  expect_one(&c, 37, "aks_engine_vnet_subnet_mixed",
             "Multiple VNET Subnet configurations specified.  The master profile and each agent "
             "pool profile must all specify a custom VNET Subnet, or none at all");
  pools[1].subnet = S(VNET "vnet/subnets/agents");
  assert_int_equal(run(&c), 0); /* one VNet, two subnets */
  pools[1].subnet = S(VNET "other/subnets/agents");
  expect_one(&c, 39, "aks_engine_vnet_multiple",
             "Multiple VNETS specified.  The master profile and each agent pool must reference "
             "the same VNET (but it is ok to reference different subnets on that VNET)");
  pools[1].subnet = S("/subscriptions/SUB/resourceGroups/RG/vnet/agents");
  expect_one(&c, 38, "aks_engine_vnet_subnet_id_invalid",
             "Unable to parse vnetSubnetID. Please use a vnetSubnetID with format "
             "/subscriptions/SUB_ID/resourceGroups/RG_NAME/providers/Microsoft.Network/"
             "virtualNetworks/VNET_NAME/subnets/SUBNET_NAME");
  pools[1].subnet = S("/subscriptions/SUB/resourceGroups/RG/providers/MicrosoftXNetwork/"
                      "virtualNetworks/vnet/subnets/agents"); /* the regexp's '.' */
  assert_int_equal(run(&c), 0);
  pools[0].first_ip = S("10.239.255");
  expect_one(&c, 40, "aks_engine_first_static_ip_invalid",
             "MasterProfile.FirstConsecutiveStaticIP (with VNET Subnet specification) "
             "'10.239.255' is an invalid IP address");
  pools[0].availability = S("VirtualMachineScaleSets"); /* VMSS masters: no first IP needed */
  pools[0].first_ip = S("");
  assert_int_equal(run(&c), 0);
  pools[0].first_ip = S("10.239.255.239");
  expect_one(&c, 41, "aks_engine_first_static_ip_vmss",
             "when masterProfile's availabilityProfile is VirtualMachineScaleSets and a "
             "vnetSubnetID is specified, the firstConsecutiveStaticIP should be empty and will be "
             "determined by an offset from the first IP in the vnetCidr");
}

/* E43-E45: Azure Stack Hub (the dual-stack page; validateAzureStackSupport). */
static void test_azure_stack(void **state) {
  (void)state;
  dsnet_node_pool pools[2] = {
      {.name = S(""), .count = 1, .control_plane = true, .availability = S("AvailabilitySet")},
      {.name = S("agentpool"), .count = 2}, /* raw "": not AvailabilitySet before defaults */
  };
  dsnet_aksengine_config c = base();
  c.pools = pools;
  c.n_pools = 2;
  c.flags = DSNET_AKSENGINE_AZURE_STACK;
  size_t n = run(&c);
  assert_int_equal(n, 2);
  assert_string_equal(find(n, "aks_engine_azure_stack")->message,
                      "The \"dual-stack\" feature is not supported on Azure Stack Hub clouds");
  assert_string_equal(find(n, "aks_engine_azure_stack_availability")->message,
                      "agentPoolProfiles[agentpool].availabilityProfile should be set to "
                      "'AvailabilitySet' on Azure Stack clouds");
  pools[1].availability = S("AvailabilitySet");
  pools[0].availability = S("VirtualMachineScaleSets");
  n = run(&c);
  assert_string_equal(find(n, "aks_engine_azure_stack_availability")->message,
                      "masterProfile.availabilityProfile should be set to 'AvailabilitySet' on "
                      "Azure Stack clouds");
  pools[0].availability = S("AvailabilitySet");
  c.network_plugin = S("flannel");
  n = run(&c);
  assert_string_equal(find(n, "aks_engine_azure_stack_network_plugin")->message,
                      "kubernetesConfig.networkPlugin 'flannel' is not supported on Azure Stack "
                      "clouds");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_aks_module_direct), cmocka_unit_test(test_validate_error_record),
      cmocka_unit_test(test_go_parsers),        cmocka_unit_test(test_default_version),
      cmocka_unit_test(test_fill_list_go),      cmocka_unit_test(test_flags_policy_mode),
      cmocka_unit_test(test_load_balancer),     cmocka_unit_test(test_pools),
      cmocka_unit_test(test_custom_vnet),       cmocka_unit_test(test_azure_stack),
  };
  return cmocka_run_group_tests_name("aksengine", tests, NULL, NULL);
}
