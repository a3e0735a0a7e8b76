/* Tests of the aksengine module alone: AKS Engine's checks of
 * pkg/api/vlabs/validate.go (Azure/aks-engine), with its messages, as
 * reference/aks-engine-rules.md section 2.2 quotes them (check numbers E1-E30).
 * The profile inside a plan, and the module's first direct test
 * (test_aks_module_direct), are in test_plan.c. */
#include "testutil.h"

/* NULL arguments are refused and leave n untouched; an empty configuration
 * is checked like any other. */
static void test_validate_null_and_empty(void **state) {
  (void)state;
  dsnet_aksengine_config c;
  memset(&c, 0, sizeof c);
  dsnet_aksengine_error e[DSNET_AKSENGINE_MAX_ERRORS];
  size_t n = 99;
  assert_int_equal(dsnet_aksengine_validate(NULL, e, &n), DSNET_EINVAL);
  assert_int_equal(dsnet_aksengine_validate(&c, NULL, &n), DSNET_EINVAL);
  assert_int_equal(dsnet_aksengine_validate(&c, e, NULL), DSNET_EINVAL);
  assert_int_equal(n, 99); /* untouched on failure */
  assert_int_equal(dsnet_aksengine_validate(&c, e, &n), DSNET_OK);
  /* an empty configuration: E4, the network plugin is required with dual-stack */
  assert_int_equal(n, 1);
  assert_int_equal(e[0].check, 4);
  assert_string_equal(e[0].code, "aks_engine_network_plugin");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_validate_null_and_empty),
  };
  return cmocka_run_group_tests_name("aksengine", tests, NULL, NULL);
}
