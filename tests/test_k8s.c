/* Tests of the k8s module: the first release of each gate, as the
 * Kubernetes sources and release notes of that tag give it (cited in
 * src/k8s.c and reference/kubernetes-rules.md), and the rule set and
 * mask-flag rules that follow. Version parsing itself is tested in
 * test_service.c, where it was first declared. */
#include "testutil.h"

static void test_gate_minors(void **state) {
  (void)state;
  static const struct {
    dsnet_k8s_gate gate;
    unsigned minor;
    const char *name;
  } cases[] = {
      {DSNET_K8S_GATE_DUAL_STACK, 16, "dual_stack"}, /* v1.16.0: IPv6DualStack */
      {DSNET_K8S_GATE_PER_FAMILY_MASK_FLAGS, 17, "per_family_mask_flags"}, /* v1.17.0 */
      {DSNET_K8S_GATE_KUBE_PROXY_IPTABLES_DUAL_STACK, 18, "kube_proxy_iptables_dual_stack"},
      {DSNET_K8S_GATE_DUAL_STACK_SERVICES, 20, "dual_stack_services"}, /* v1.20.0 API */
      {DSNET_K8S_GATE_CURRENT_MASK_RULES, 21, "current_mask_rules"},
      {DSNET_K8S_GATE_NO_IMPLIED_REQUIRE_DUAL_STACK, 23, "no_implied_require_dual_stack"},
      {DSNET_K8S_GATE_UNCAPPED_SERVICE_RANGE, 34, "uncapped_service_range"},
      /* v1.23.0 pkg/registry/core/service/storage/storage.go: beginCreate */
      {DSNET_K8S_GATE_SERVICE_ALLOCATE_BEFORE_VALIDATE, 23, "service_allocate_before_validate"},
      /* kubernetes#132314 (apimachinery v0.34.0 field/errors.go json.Marshal) */
      {DSNET_K8S_GATE_JSON_FIELD_VALUES, 34, "json_field_values"},
      {DSNET_K8S_GATE_KUBE_PROXY_NFTABLES, 29, "kube_proxy_nftables"}, /* NFTablesProxyMode */
      /* CHANGELOG-1.35.md: ipvs mode deprecated (KEP-5495) */
      {DSNET_K8S_GATE_KUBE_PROXY_IPVS_DEPRECATED, 35, "kube_proxy_ipvs_deprecated"},
      /* v1.19.0 CHANGELOG: dual-stack support for Windows (alpha) */
      {DSNET_K8S_GATE_WINDOWS_DUAL_STACK, 19, "windows_dual_stack"},
  };
  assert_int_equal(sizeof cases / sizeof cases[0], DSNET_K8S_GATE_COUNT);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_int_equal(dsnet_k8s_gate_minor(cases[i].gate), cases[i].minor);
    assert_string_equal(dsnet_k8s_gate_name(cases[i].gate), cases[i].name);
    assert_false(dsnet_k8s_gate_open(cases[i].gate, cases[i].minor - 1));
    assert_true(dsnet_k8s_gate_open(cases[i].gate, cases[i].minor));
    assert_true(dsnet_k8s_gate_open(cases[i].gate, 0)); /* the newest release has every gate */
  }
  assert_int_equal(dsnet_k8s_gate_minor((dsnet_k8s_gate)DSNET_K8S_GATE_COUNT), 0);
  assert_false(dsnet_k8s_gate_open((dsnet_k8s_gate)99, 30));
  assert_string_equal(dsnet_k8s_gate_name((dsnet_k8s_gate)-1), "");
}

static void test_rules_of(void **state) {
  (void)state;
  dsnet_k8s_rules r;
  memset(&r, 0xff, sizeof r);
  dsnet_k8s_rules_of(33, &r); /* 1.33: maxCIDRBits 20 still applies by default */
  assert_int_equal(r.minor, 33);
  assert_true(r.dual_stack && r.per_family_mask_flags && r.dual_stack_services);
  assert_true(r.no_implied_require_dual_stack);
  assert_int_equal(r.service_max_host_bits, 20);
  assert_false(r.json_field_values);
  assert_true(r.kube_proxy_nftables);
  assert_false(r.kube_proxy_ipvs_deprecated);
  assert_false(r.strict_ip_cidr_validation);
  dsnet_k8s_rules_of(34, &r);
  assert_int_equal(r.service_max_host_bits, 0);
  assert_true(r.json_field_values);
  dsnet_k8s_rules_of(0, &r);
  assert_int_equal(r.minor, DSNET_K8S_NEWEST_MINOR);
  dsnet_k8s_rules_of(22, &r); /* 1.20-1.22: two families implied RequireDualStack */
  assert_false(r.no_implied_require_dual_stack);
  assert_true(r.dual_stack_services);
  dsnet_k8s_rules_of(19, &r);
  assert_false(r.dual_stack_services);
  assert_true(r.kube_proxy_iptables_dual_stack);
  dsnet_k8s_rules_of(15, &r);
  assert_false(r.dual_stack);
}

/* kube-controller-manager's mask-flag handling by release: 1.16 one flag,
 * 1.17-1.20 per-family flags refused on single-stack clusters, 1.21+
 * setNodeCIDRMaskSizes. */
static void test_nodeipam_rules_of(void **state) {
  (void)state;
  assert_int_equal(dsnet_nodeipam_rules_of(16), DSNET_NODEIPAM_RULES_1_16);
  assert_int_equal(dsnet_nodeipam_rules_of(17), DSNET_NODEIPAM_RULES_1_17);
  assert_int_equal(dsnet_nodeipam_rules_of(20), DSNET_NODEIPAM_RULES_1_17);
  assert_int_equal(dsnet_nodeipam_rules_of(21), DSNET_NODEIPAM_RULES_CURRENT);
  assert_int_equal(dsnet_nodeipam_rules_of(0), DSNET_NODEIPAM_RULES_CURRENT);
  assert_int_equal(dsnet_nodeipam_rules_of(15), DSNET_NODEIPAM_RULES_1_17);
}

/* Stages of each feature gate as pkg/features/versioned_kube_features.go of
 * the 1.35 cycle lists them: {minor, default, locked}. */
static void test_feature_defaults(void **state) {
  (void)state;
  static const struct {
    dsnet_k8s_feature f;
    unsigned minor;
    int exists, on, locked;
  } cases[] = {
      {DSNET_K8S_FEATURE_STRICT_IP_CIDR_VALIDATION, 32, 0, 0, 0},
      {DSNET_K8S_FEATURE_STRICT_IP_CIDR_VALIDATION, 33, 1, 0, 0}, /* alpha, off */
      {DSNET_K8S_FEATURE_STRICT_IP_CIDR_VALIDATION, 35, 1, 0, 0}, /* still alpha in 1.35 */
      {DSNET_K8S_FEATURE_MULTI_CIDR_SERVICE_ALLOCATOR, 26, 0, 0, 0},
      {DSNET_K8S_FEATURE_MULTI_CIDR_SERVICE_ALLOCATOR, 27, 1, 0, 0}, /* alpha */
      {DSNET_K8S_FEATURE_MULTI_CIDR_SERVICE_ALLOCATOR, 31, 1, 0, 0}, /* beta, off */
      {DSNET_K8S_FEATURE_MULTI_CIDR_SERVICE_ALLOCATOR, 33, 1, 1, 0}, /* GA */
      {DSNET_K8S_FEATURE_MULTI_CIDR_SERVICE_ALLOCATOR, 34, 1, 1, 1}, /* locked */
      {DSNET_K8S_FEATURE_DISABLE_ALLOCATOR_DUAL_WRITE, 30, 0, 0, 0},
      {DSNET_K8S_FEATURE_DISABLE_ALLOCATOR_DUAL_WRITE, 31, 1, 0, 0}, /* alpha */
      {DSNET_K8S_FEATURE_DISABLE_ALLOCATOR_DUAL_WRITE, 33, 1, 0, 0}, /* beta, off */
      {DSNET_K8S_FEATURE_DISABLE_ALLOCATOR_DUAL_WRITE, 34, 1, 1, 0}, /* GA */
      {DSNET_K8S_FEATURE_DISABLE_ALLOCATOR_DUAL_WRITE, 35, 1, 1, 1}, /* locked */
      {DSNET_K8S_FEATURE_NFTABLES_PROXY_MODE, 28, 0, 0, 0},
      {DSNET_K8S_FEATURE_NFTABLES_PROXY_MODE, 29, 1, 0, 0}, /* alpha */
      {DSNET_K8S_FEATURE_NFTABLES_PROXY_MODE, 31, 1, 1, 0}, /* beta, on */
      {DSNET_K8S_FEATURE_NFTABLES_PROXY_MODE, 33, 1, 1, 1}, /* GA, locked */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_int_equal(dsnet_k8s_feature_exists(cases[i].f, cases[i].minor), cases[i].exists);
    assert_int_equal(dsnet_k8s_feature_default(cases[i].f, cases[i].minor), cases[i].on);
    assert_int_equal(dsnet_k8s_feature_locked(cases[i].f, cases[i].minor), cases[i].locked);
  }
  assert_string_equal(dsnet_k8s_feature_name(DSNET_K8S_FEATURE_STRICT_IP_CIDR_VALIDATION),
                      "StrictIPCIDRValidation");
  assert_string_equal(dsnet_k8s_feature_name(DSNET_K8S_FEATURE_NFTABLES_PROXY_MODE),
                      "NFTablesProxyMode");
  assert_string_equal(dsnet_k8s_feature_name((dsnet_k8s_feature)DSNET_K8S_FEATURE_COUNT), "");
  assert_false(dsnet_k8s_feature_exists((dsnet_k8s_feature)-1, 33));
}

static void features_ok(const char *s, unsigned minor, uint32_t set, uint32_t on) {
  dsnet_k8s_features f;
  dsnet_error e;
  assert_int_equal(dsnet_k8s_features_parse(s, strlen(s), minor, &f, &e), DSNET_OK);
  assert_int_equal(f.set, set);
  assert_int_equal(f.on & f.set, on);
}

static void features_bad(const char *s, unsigned minor, size_t offset, const char *needle) {
  dsnet_k8s_features f;
  dsnet_error e;
  assert_int_equal(dsnet_k8s_features_parse(s, strlen(s), minor, &f, &e), DSNET_EINVAL);
  assert_int_equal(e.offset, offset);
  assert_non_null(strstr(e.message, needle));
  assert_int_equal(f.set | f.on, 0);
}

/* component-base cli/flag MapStringBool.Set and featuregate SetFromMap
 * (kubernetes v1.33.0): pairs split on ',', empty ones skipped, key and
 * value trimmed, strconv.ParseBool words, the last of a name wins. */
static void test_features_parse(void **state) {
  (void)state;
  const uint32_t strict = 1u << DSNET_K8S_FEATURE_STRICT_IP_CIDR_VALIDATION;
  const uint32_t multi = 1u << DSNET_K8S_FEATURE_MULTI_CIDR_SERVICE_ALLOCATOR;
  const uint32_t dual = 1u << DSNET_K8S_FEATURE_DISABLE_ALLOCATOR_DUAL_WRITE;
  features_ok("", 33, 0, 0);
  features_ok(",,", 33, 0, 0);
  features_ok("StrictIPCIDRValidation=true", 33, strict, strict);
  features_ok(" StrictIPCIDRValidation = T ,", 33, strict, strict);
  features_ok("StrictIPCIDRValidation=1,StrictIPCIDRValidation=False", 33, strict, 0);
  features_ok("MultiCIDRServiceAllocator=false,DisableAllocatorDualWrite=0", 33, multi | dual, 0);
  features_ok("MultiCIDRServiceAllocator=true", 34, multi, multi); /* locked value: allowed */
  features_bad("StrictIPCIDRValidation", 33, 0, "malformed pair");
  features_bad("StrictIPCIDRValidation=yes", 33, 0, "invalid value");
  features_bad("StrictIPCIDRValidation=true,NodeSwap=true", 33, 28,
               "unrecognized feature gate: NodeSwap");
  features_bad("strictipcidrvalidation=true", 33, 0,
               "unrecognized feature gate"); /* case-sensitive */
  features_bad("StrictIPCIDRValidation=true", 32, 0, "exists from 1.33");
  features_bad("DisableAllocatorDualWrite=true", 30, 0, "exists from 1.31");
  features_bad("MultiCIDRServiceAllocator=false", 34, 0,
               "cannot set feature gate MultiCIDRServiceAllocator to false");
  features_bad("NFTablesProxyMode=false", 33, 0, "locked to true");
  dsnet_k8s_features f;
  assert_int_equal(dsnet_k8s_features_parse(NULL, 0, 33, &f, NULL), DSNET_OK);
  assert_int_equal(dsnet_k8s_features_parse(NULL, 3, 33, &f, NULL), DSNET_EINVAL);
}

/* The service-range cap by release and gates (validateMaxCIDRRange). */
static void test_rules_with_features(void **state) {
  (void)state;
  static const struct {
    unsigned minor;
    const char *gates;
    unsigned max_bits;
    bool multi, bitmap; /* ipallocator: the MetaAllocator; the bitmap written */
  } cases[] = {
      {26, "", 20, false, true},
      /* 1.27-1.30: the new allocator's 64, and the bitmap still written */
      {27, "MultiCIDRServiceAllocator=true", 64, true, true},
      {30, "", 20, false, true},
      {31, "MultiCIDRServiceAllocator=true", 20, true, true}, /* from 1.31 both must be on */
      {31, "MultiCIDRServiceAllocator=true,DisableAllocatorDualWrite=true", 0, true, false},
      {33, "", 20, true, true},
      {33, "MultiCIDRServiceAllocator=false", 20, false, true},
      {33, "DisableAllocatorDualWrite=true", 0, true, false},
      {34, "", 0, true, false},
      {34, "DisableAllocatorDualWrite=false", 20, true, true}, /* the cap switched back on */
      {35, "", 0, true, false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dsnet_k8s_features f;
    dsnet_k8s_rules r;
    assert_int_equal(
        dsnet_k8s_features_parse(cases[i].gates, strlen(cases[i].gates), cases[i].minor, &f, NULL),
        DSNET_OK);
    dsnet_k8s_rules_with(cases[i].minor, &f, &r);
    assert_int_equal(r.service_max_host_bits, cases[i].max_bits);
    assert_int_equal(r.service_ip_multi_cidr_allocator, cases[i].multi);
    assert_int_equal(r.service_ip_bitmap, cases[i].bitmap);
  }
  dsnet_k8s_features f = {1u << DSNET_K8S_FEATURE_STRICT_IP_CIDR_VALIDATION,
                          1u << DSNET_K8S_FEATURE_STRICT_IP_CIDR_VALIDATION};
  dsnet_k8s_rules r;
  dsnet_k8s_rules_with(33, &f, &r);
  assert_true(r.strict_ip_cidr_validation);
  dsnet_k8s_rules_with(32, &f, &r); /* a gate the release lacks is ignored */
  assert_false(r.strict_ip_cidr_validation);
  dsnet_k8s_rules_with(30, NULL, &r); /* nftables: alpha, off */
  assert_false(r.kube_proxy_nftables);
  dsnet_k8s_rules_with(35, NULL, &r);
  assert_true(r.kube_proxy_ipvs_deprecated && r.kube_proxy_nftables);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_gate_minors),       cmocka_unit_test(test_rules_of),
      cmocka_unit_test(test_nodeipam_rules_of), cmocka_unit_test(test_feature_defaults),
      cmocka_unit_test(test_features_parse),    cmocka_unit_test(test_rules_with_features),
  };
  return cmocka_run_group_tests_name("k8s", tests, NULL, NULL);
}
