/* Tests of the aksengine module alone: AKS Engine's checks of
 * pkg/api/vlabs/validate.go (Azure/aks-engine), with its messages, as
 * reference/aks-engine-rules.md section 2.2 quotes them (check numbers E1-E30).
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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_aks_module_direct),
      cmocka_unit_test(test_validate_error_record),
  };
  return cmocka_run_group_tests_name("aksengine", tests, NULL, NULL);
}
