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
  dsnet_k8s_rules_of(34, &r);
  assert_int_equal(r.service_max_host_bits, 0);
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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_gate_minors),
      cmocka_unit_test(test_rules_of),
      cmocka_unit_test(test_nodeipam_rules_of),
  };
  return cmocka_run_group_tests_name("k8s", tests, NULL, NULL);
}
