/* Tests of the service module: indexed IPs, range rules, and a table of
 * Service cases per policy x cluster kind x service type, plus the field
 * errors of kube-apiserver with their paths and wording. */
#include "testutil.h"

#include <stdio.h>

static dsnet_dualstack_cidrs R(const char *s) {
  dsnet_dualstack_cidrs l;
  dsnet_error e;
  if (dsnet_dualstack_parse_cidrs(s, strlen(s), 0, &l, &e) != DSNET_OK)
    fail_msg("R(%s): %s", s, e.message);
  return l;
}

static dsnet_strview SV(const char *s) {
  dsnet_strview v = {s, s ? strlen(s) : 0};
  return v;
}

static void test_indexed_ips(void **state) {
  (void)state;
  dsnet_prefix r = P("10.0.0.0/16"), v6 = P("fd00::/108"), tiny = P("10.0.0.0/29");
  dsnet_addr a;
  dsnet_error e;
  assert_int_equal(dsnet_service_apiserver_ip(&r, &a, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&a, 0), "10.0.0.1");
  assert_int_equal(dsnet_service_dns_ip(&r, &a, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&a, 0), "10.0.0.10");
  assert_int_equal(dsnet_service_dns_ip(&v6, &a, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&a, 0), "fd00::a");
  assert_int_equal(dsnet_service_indexed_ip(&tiny, 7, &a, NULL), DSNET_OK);
  assert_string_equal(fmt_addr(&a, 0), "10.0.0.7");
  assert_int_equal(dsnet_service_dns_ip(&tiny, &a, &e), DSNET_ERANGE);
  assert_non_null(strstr(e.message, "can't generate IP with index 10 from subnet"));
}

static void test_ranges(void **state) {
  (void)state;
  static const struct {
    const char *ranges;
    unsigned minor;
    dsnet_status st;
    const char *msg;
  } cases[] = {
      {"10.0.0.0/16,fd00::/108", 0, DSNET_OK, NULL},
      {"10.0.0.0/12", 29, DSNET_OK, NULL},
      {"10.0.0.0/11", 29, DSNET_ESERVICE_RANGE_LARGE,
       "specified 10.0.0.0/11 is too large; for 32-bit addresses, the mask must be >= 12"},
      {"fd00::/108", 33, DSNET_OK, NULL},
      {"10.0.0.0/16,fd00::/107", 33, DSNET_ESERVICE_RANGE_LARGE,
       "for 128-bit addresses, the mask must be >= 108"},
      {"10.0.0.0/16,fd00::/64", 34, DSNET_OK, NULL}, /* no limit by default from 1.34 */
      {"10.0.0.0/8", 0, DSNET_OK, NULL},
      {"10.0.0.0/29", 0, DSNET_OK, NULL},
      {"10.0.0.0/30", 0, DSNET_ESERVICE_RANGE_SMALL, "at least 8 IP addresses"},
      {"fd00::/125", 0, DSNET_OK, NULL},
      {"fd00::/126,10.0.0.0/16", 0, DSNET_ESERVICE_RANGE_SMALL, NULL},
      {"10.0.0.0/16,fd00::/126", 0, DSNET_OK, NULL}, /* only the primary range is checked */
      {"0.0.0.0/1", 0, DSNET_ESERVICE_RANGE_SMALL, "/0 or /1"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dsnet_dualstack_cidrs l = R(cases[i].ranges);
    dsnet_error e;
    dsnet_status st = dsnet_service_validate_ranges(&l, cases[i].minor, &e);
    if (st != cases[i].st)
      fail_msg("%s (1.%u): %s, expected %s: %s", cases[i].ranges, cases[i].minor,
               dsnet_status_name(st), dsnet_status_name(cases[i].st), e.message);
    if (cases[i].msg && !strstr(e.message, cases[i].msg))
      fail_msg("%s: message '%s' lacks '%s'", cases[i].ranges, e.message, cases[i].msg);
  }
}

/* The policy x cluster x type table. Expected: the resolved families
 * ("IPv4,IPv6"), "-" for none (ExternalName), or "ERR <field>". */
static void test_policy_table(void **state) {
  (void)state;
  static const char *clusters[4] = {"10.0.0.0/16", "fd00::/108", "10.0.0.0/16,fd00::/108",
                                    "fd00::/108,10.0.0.0/16"};
  static const char *policies[4] = {NULL, "SingleStack", "PreferDualStack", "RequireDualStack"};
  enum { CLUSTER_IP, NODE_PORT, LOAD_BALANCER, HEADLESS, HEADLESS_NOSEL, EXTERNAL, NTYPES };
  static const char *type_names[NTYPES] = {
      "ClusterIP", "NodePort", "LoadBalancer", "headless", "headless-no-selector", "ExternalName"};
  /* [cluster][policy] for the ordinary types (ClusterIP, NodePort, LoadBalancer, headless
   * with selector): they follow one rule */
  static const char *ordinary[4][4] = {
      {"IPv4", "IPv4", "IPv4", "ERR spec.ipFamilyPolicy"},
      {"IPv6", "IPv6", "IPv6", "ERR spec.ipFamilyPolicy"},
      {"IPv4", "IPv4", "IPv4,IPv6", "IPv4,IPv6"},
      {"IPv6", "IPv6", "IPv6,IPv4", "IPv6,IPv4"},
  };
  /* headless without selector: unset defaults to RequireDualStack, and dual
   * families are allowed even on a single-stack cluster */
  static const char *nosel[4][4] = {
      {"IPv4,IPv6", "IPv4", "IPv4,IPv6", "IPv4,IPv6"},
      {"IPv6,IPv4", "IPv6", "IPv6,IPv4", "IPv6,IPv4"},
      {"IPv4,IPv6", "IPv4", "IPv4,IPv6", "IPv4,IPv6"},
      {"IPv6,IPv4", "IPv6", "IPv6,IPv4", "IPv6,IPv4"},
  };
  static const char *policy_of_unset[NTYPES] = {"SingleStack", "SingleStack",      "SingleStack",
                                                "SingleStack", "RequireDualStack", ""};
  unsigned n = 0;
  for (int c = 0; c < 4; c++) {
    dsnet_dualstack_cidrs ranges = R(clusters[c]);
    for (int p = 0; p < 4; p++) {
      for (int t = 0; t < NTYPES; t++) {
        dsnet_service_spec spec;
        memset(&spec, 0, sizeof spec);
        spec.type = t == NODE_PORT       ? DSNET_SERVICE_TYPE_NODE_PORT
                    : t == LOAD_BALANCER ? DSNET_SERVICE_TYPE_LOAD_BALANCER
                    : t == EXTERNAL      ? DSNET_SERVICE_TYPE_EXTERNAL_NAME
                                         : DSNET_SERVICE_TYPE_CLUSTER_IP;
        spec.has_selector = t != HEADLESS_NOSEL;
        spec.ip_family_policy = SV(policies[p]);
        if (t == HEADLESS || t == HEADLESS_NOSEL)
          spec.cluster_ip = SV("None");
        const char *want = t == EXTERNAL         ? (p == 0 ? "-" : "ERR spec.ipFamilyPolicy")
                           : t == HEADLESS_NOSEL ? nosel[c][p]
                                                 : ordinary[c][p];
        dsnet_service_result r;
        dsnet_status st = dsnet_service_resolve(&ranges, 0, &spec, &r, NULL);
        char got[64];
        if (st != DSNET_OK) {
          snprintf(got, sizeof got, "ERR %s", r.errors[0].field);
          assert_int_equal(st, DSNET_ESERVICE_INVALID);
          assert_false(r.valid);
        } else if (r.n_families == 0) {
          snprintf(got, sizeof got, "-");
        } else {
          snprintf(got, sizeof got, "IPv%u%s%s", r.families[0], r.n_families > 1 ? ",IPv" : "",
                   r.n_families > 1 ? (r.families[1] == 4 ? "4" : "6") : "");
        }
        if (strcmp(got, want) != 0)
          fail_msg("cluster %s, policy %s, %s: got %s, expected %s", clusters[c],
                   policies[p] ? policies[p] : "(unset)", type_names[t], got, want);
        if (st == DSNET_OK) {
          const char *pol = p ? policies[p] : policy_of_unset[t];
          assert_string_equal(dsnet_service_policy_name(r.policy), pol);
          assert_true(r.headless == (t == HEADLESS || t == HEADLESS_NOSEL));
        }
        n++;
      }
    }
  }
  assert_int_equal(n, 96);
}

typedef struct svc_case {
  const char *ranges;
  int type;
  int selector;
  const char *policy, *fam0, *fam1, *cip, *ip0, *ip1, *ip2;
  unsigned minor;
  const char *want; /* families, or "ERR field: message fragment" */
} svc_case;

static void run_cases(const svc_case *cases, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const svc_case *k = &cases[i];
    dsnet_dualstack_cidrs ranges = R(k->ranges);
    dsnet_service_spec spec;
    dsnet_strview fams[2], ips[3];
    memset(&spec, 0, sizeof spec);
    spec.type = (dsnet_service_type)k->type;
    spec.has_selector = k->selector;
    spec.ip_family_policy = SV(k->policy);
    if (k->fam0) {
      fams[0] = SV(k->fam0);
      fams[1] = SV(k->fam1);
      spec.ip_families = fams;
      spec.n_ip_families = k->fam1 ? 2 : 1;
    }
    spec.cluster_ip = SV(k->cip);
    if (k->ip0) {
      ips[0] = SV(k->ip0);
      ips[1] = SV(k->ip1);
      ips[2] = SV(k->ip2);
      spec.cluster_ips = ips;
      spec.n_cluster_ips = k->ip2 ? 3 : k->ip1 ? 2 : 1;
    }
    dsnet_service_result r;
    dsnet_status st = dsnet_service_resolve(&ranges, k->minor, &spec, &r, NULL);
    if (strncmp(k->want, "ERR ", 4) == 0) {
      char line[512];
      if (st == DSNET_OK)
        fail_msg("case %zu: valid, expected %s", i, k->want);
      int found = 0;
      for (size_t j = 0; j < r.n_errors; j++) {
        snprintf(line, sizeof line, "%s: %s", r.errors[j].field, r.errors[j].message);
        found |= strstr(line, k->want + 4) != NULL;
      }
      if (!found)
        fail_msg("case %zu: errors lack '%s' (first: %s: %s)", i, k->want + 4, r.errors[0].field,
                 r.errors[0].message);
    } else {
      if (st != DSNET_OK)
        fail_msg("case %zu: %s: %s", i, r.errors[0].field, r.errors[0].message);
      char got[32];
      snprintf(got, sizeof got, "IPv%u%s", r.families[0],
               r.n_families == 2 ? (r.families[1] == 4 ? ",IPv4" : ",IPv6") : "");
      if (strcmp(got, k->want) != 0)
        fail_msg("case %zu: families %s, expected %s", i, got, k->want);
    }
  }
}

static void test_field_errors(void **state) {
  (void)state;
  enum {
    CIP = DSNET_SERVICE_TYPE_CLUSTER_IP,
    NP = DSNET_SERVICE_TYPE_NODE_PORT,
    LB = DSNET_SERVICE_TYPE_LOAD_BALANCER,
    EN = DSNET_SERVICE_TYPE_EXTERNAL_NAME
  };
  const char *D = "10.0.0.0/16,fd00::/108", *S4 = "10.0.0.0/16", *S6 = "fd00::/108";
  const svc_case c[] = {
      /* IPs given: families follow them */
      {D, CIP, 1, "PreferDualStack", NULL, NULL, "fd00::5", "fd00::5", "10.0.0.5", NULL, 33,
       "IPv6,IPv4"},
      {D, CIP, 1, NULL, NULL, NULL, "fd00::5", "fd00::5", NULL, NULL, 33, "IPv6"},
      {D, CIP, 1, "RequireDualStack", "IPv6", NULL, NULL, NULL, NULL, NULL, 33, "IPv6,IPv4"},
      {D, CIP, 1, "PreferDualStack", "IPv4", "IPv6", "10.0.0.5", "10.0.0.5", "fd00::5", NULL, 33,
       "IPv4,IPv6"},
      /* SingleStack (or the default) with two IPs or two families: refused since 1.23 */
      {D, CIP, 1, NULL, NULL, NULL, "10.0.0.5", "10.0.0.5", "fd00::5", NULL, 33,
       "ERR spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or "
       "'PreferDualStack' when multiple cluster IPs are specified"},
      {D, CIP, 1, "SingleStack", "IPv4", "IPv6", NULL, NULL, NULL, NULL, 33,
       "ERR spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or "
       "'PreferDualStack' when multiple IP families are specified"},
      /* ...but 1.20-1.22 defaulted such a Service to RequireDualStack */
      {D, CIP, 1, NULL, NULL, NULL, "10.0.0.5", "10.0.0.5", "fd00::5", NULL, 22, "IPv4,IPv6"},
      {D, CIP, 1, NULL, "IPv6", "IPv4", NULL, NULL, NULL, NULL, 21, "IPv6,IPv4"},
      /* clusterIP / clusterIPs in sync */
      {D, CIP, 1, "PreferDualStack", NULL, NULL, "10.0.0.6", "10.0.0.5", "fd00::5", NULL, 33,
       "ERR spec.clusterIPs: Invalid value: []string{\"10.0.0.5\", \"fd00::5\"}: first value must "
       "match `clusterIP`"},
      {D, CIP, 1, "PreferDualStack", NULL, NULL, NULL, "10.0.0.5", "fd00::5", NULL, 33,
       "ERR spec.clusterIPs: Invalid value: []string{\"10.0.0.5\", \"fd00::5\"}: must be empty "
       "when `clusterIP` is not specified"},
      /* families: supported values, no duplicates */
      {D, CIP, 1, NULL, "IPv5", NULL, NULL, NULL, NULL, NULL, 33,
       "ERR spec.ipFamilies[0]: Unsupported value: \"IPv5\": supported values: \"IPv4\", \"IPv6\""},
      {D, CIP, 1, "PreferDualStack", "IPv6", "IPv6", NULL, NULL, NULL, NULL, 33,
       "ERR spec.ipFamilies[1]: Duplicate value: \"IPv6\""},
      {D, CIP, 1, "DualStack", NULL, NULL, NULL, NULL, NULL, NULL, 33,
       "ERR spec.ipFamilyPolicy: Unsupported value: \"DualStack\": supported values: "
       "\"PreferDualStack\", \"RequireDualStack\", \"SingleStack\""},
      /* clusterIPs: valid IPs, None alone, up to two, one per family, matching ipFamilies */
      {D, CIP, 1, NULL, NULL, NULL, "10.0.0.300", "10.0.0.300", NULL, NULL, 33,
       "ERR spec.clusterIPs[0]: Invalid value: \"10.0.0.300\": must be a valid IP address, (e.g. "
       "10.9.8.7 or 2001:db8::ffff)"},
      /* StrictIPCIDRValidation (alpha, off in 1.33): a mapped IP is its IPv4 */
      {D, CIP, 1, NULL, NULL, NULL, "::ffff:10.0.0.5", "::ffff:10.0.0.5", NULL, NULL, 33, "IPv4"},
      {D, CIP, 1, NULL, "IPv6", NULL, "::ffff:10.0.0.5", "::ffff:10.0.0.5", NULL, NULL, 33,
       "ERR spec.clusterIPs[0]: Invalid value: \"::ffff:10.0.0.5\": expected an IPv6 value as "
       "indicated by `ipFamilies[0]`"},
      {D, CIP, 1, NULL, NULL, NULL, "None", "None", "10.0.0.5", NULL, 33,
       "ERR spec.clusterIPs: Invalid value: []string{\"None\", \"10.0.0.5\"}: 'None' must be the "
       "first and only value"},
      {D, CIP, 1, "RequireDualStack", NULL, NULL, "10.0.0.5", "10.0.0.5", "fd00::5", "10.0.0.6", 33,
       "ERR spec.clusterIPs: Invalid value: []string{\"10.0.0.5\", \"fd00::5\", \"10.0.0.6\"}: may "
       "only hold up to 2 values"},
      {D, CIP, 1, "RequireDualStack", NULL, NULL, "10.0.0.5", "10.0.0.5", "10.0.0.6", NULL, 33,
       "ERR spec.clusterIPs: Invalid value: []string{\"10.0.0.5\", \"10.0.0.6\"}: may specify no "
       "more than one IP for each IP family"},
      {D, CIP, 1, "RequireDualStack", "IPv6", "IPv4", "10.0.0.5", "10.0.0.5", "fd00::5", NULL, 33,
       "ERR spec.clusterIPs[0]: Invalid value: \"10.0.0.5\": expected an IPv6 value as indicated "
       "by `ipFamilies[0]`"},
      {D, CIP, 1, "RequireDualStack", "IPv6", "IPv4", "10.0.0.5", "10.0.0.5", "fd00::5", NULL, 33,
       "ERR spec.clusterIPs[1]: Invalid value: \"fd00::5\": expected an IPv4 value as indicated by "
       "`ipFamilies[1]`"},
      /* families not configured on the cluster */
      {S4, CIP, 1, NULL, NULL, NULL, "fd00::5", "fd00::5", NULL, NULL, 33,
       "ERR spec.clusterIPs[0]: Invalid value: []string{\"fd00::5\"}: IPv6 is not configured on "
       "this cluster"},
      {S4, CIP, 1, NULL, "IPv6", NULL, NULL, NULL, NULL, NULL, 33,
       "ERR spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured "
       "on this cluster"},
      {S6, CIP, 1, "RequireDualStack", NULL, NULL, NULL, NULL, NULL, NULL, 33,
       "ERR spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is not "
       "configured for dual-stack services"},
      {S4, CIP, 1, "PreferDualStack", "IPv4", "IPv6", NULL, NULL, NULL, NULL, 33,
       "ERR spec.ipFamilies[1]: Invalid value: \"IPv6\": not "
       "configured on this cluster"},
      /* headless Services: not NodePort/LoadBalancer; IPs not allocated */
      {D, NP, 1, NULL, NULL, NULL, "None", NULL, NULL, NULL, 33,
       "ERR spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort "
       "services"},
      {D, LB, 1, NULL, NULL, NULL, "None", NULL, NULL, NULL, 33,
       "ERR spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for "
       "LoadBalancer services"},
      {S4, CIP, 0, NULL, "IPv6", NULL, "None", NULL, NULL, NULL, 33, "IPv6,IPv4"},
      {S4, CIP, 1, NULL, "IPv6", NULL, "None", NULL, NULL, NULL, 33,
       "ERR spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured"},
      /* ExternalName: no family fields */
      {D, EN, 1, NULL, NULL, NULL, "10.0.0.5", NULL, NULL, NULL, 33,
       "ERR spec.clusterIPs: Forbidden: may not be set for ExternalName services"},
      {D, EN, 1, NULL, "IPv4", NULL, NULL, NULL, NULL, NULL, 33,
       "ERR spec.ipFamilies: Forbidden: may not be set for ExternalName services"},
      /* the IPs given must be allocatable from the range of their family */
      /* (storage/alloc.go allocIPs; ipallocator ErrNotInRange, ErrMismatchedNetwork,
       * ErrAllocated): one error on spec.clusterIPs, the list as allocation sees it */
      {D, CIP, 1, NULL, NULL, NULL, "10.1.0.5", NULL, NULL, NULL, 33,
       "ERR spec.clusterIPs: Invalid value: []string{\"10.1.0.5\"}: failed to allocate IP "
       "10.1.0.5: the provided network does not match the current range"},
      {D, CIP, 1, NULL, NULL, NULL, "10.1.0.5", NULL, NULL, NULL, 32,
       "ERR spec.clusterIPs: Invalid value: []string{\"10.1.0.5\"}: failed to allocate IP "
       "10.1.0.5: the provided IP (10.1.0.5) is not in the valid range. The range of valid IPs is "
       "10.0.0.0/16"},
      {D, CIP, 1, NULL, NULL, NULL, "10.0.0.0", NULL, NULL, NULL, 33,
       "ERR spec.clusterIPs: Invalid value: []string{\"10.0.0.0\"}: failed to allocate IP "
       "10.0.0.0: "
       "the provided IP (10.0.0.0) is not in the valid range. The range of valid IPs is "
       "10.0.0.0/16"},
      {D, CIP, 1, "PreferDualStack", NULL, NULL, "10.0.255.255", NULL, NULL, NULL, 34,
       "ERR spec.clusterIPs: Invalid value: [\"10.0.255.255\",\"\"]: failed to allocate IP "
       "10.0.255.255: the provided IP (10.0.255.255) is not in the valid range"},
      {D, CIP, 1, NULL, NULL, NULL, "10.0.255.254", NULL, NULL, NULL, 33, "IPv4"},
      /* the legacy bitmap (still written in 1.33) holds 65535 IPv6 addresses */
      {D, CIP, 1, NULL, NULL, NULL, "fd00::f:ffff", NULL, NULL, NULL, 33,
       "ERR spec.clusterIPs: Invalid value: []string{\"fd00::f:ffff\"}: failed to allocate IP "
       "fd00::f:ffff: the provided IP (fd00::f:ffff) is not in the valid range. The range of "
       "valid IPs is fd00::/108"},
      {D, CIP, 1, NULL, NULL, NULL, "fd00::f:ffff", NULL, NULL, NULL, 34, "IPv6"},
      {D, CIP, 1, NULL, NULL, NULL, "fd00::ffff", NULL, NULL, NULL, 33, "IPv6"},
      {D, CIP, 1, NULL, NULL, NULL, "10.0.0.1", NULL, NULL, NULL, 33,
       "ERR spec.clusterIPs: Invalid value: []string{\"10.0.0.1\"}: failed to allocate IP "
       "10.0.0.1: provided IP is already allocated"},
      /* create order (1.23+): BeginCreate's error alone stops the request; in
       * 1.22 ValidateService ran first */
      {S4, NP, 1, NULL, "IPv6", NULL, "None", NULL, NULL, NULL, 34,
       "ERR spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on this cluster"},
      {S4, NP, 1, NULL, "IPv6", NULL, "None", NULL, NULL, NULL, 22,
       "ERR spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort"},
      /* 1.34: values as JSON (encoding/json escapes < > & as \u00XX; Go's %#v does not) */
      {D, CIP, 1, NULL, "IPv<5>&", NULL, NULL, NULL, NULL, NULL, 34,
       "ERR spec.ipFamilies[0]: Unsupported value: \"IPv\\u003c5\\u003e\\u0026\": supported"},
      {D, CIP, 1, NULL, "IPv<5>&", NULL, NULL, NULL, NULL, NULL, 33,
       "ERR spec.ipFamilies[0]: Unsupported value: \"IPv<5>&\": supported"},
      {D, CIP, 1, NULL, "IPv5", NULL, NULL, NULL, NULL, NULL, 34,
       "ERR spec.ipFamilies[0]: Unsupported value: \"IPv5\": supported values: \"IPv4\", \"IPv6\""},
      {D, CIP, 1, "RequireDualStack", NULL, NULL, "10.0.0.5", "10.0.0.5", "10.0.0.6", NULL, 34,
       "ERR spec.clusterIPs: Invalid value: [\"10.0.0.5\",\"10.0.0.6\"]: may specify no "
       "more than one IP for each IP family"},
      {D, CIP, 1, NULL, NULL, NULL, "010.000.000.010", NULL, NULL, NULL, 33, "IPv4"},
  };
  run_cases(c, sizeof c / sizeof c[0]);
}

/* StrictIPCIDRValidation on (apimachinery v0.33.0 validation/ip.go parseIP
 * with strictValidation): what ParseIPSloppy takes and netip refuses has
 * leading zeros; IPv4-mapped is refused. Off (the 1.33 default): both pass. */
static void strict_case(const char *ip, bool strict, const char *want) {
  dsnet_dualstack_cidrs ranges = R("10.96.0.0/16");
  dsnet_strview ips[1] = {SV(ip)};
  dsnet_service_spec spec;
  memset(&spec, 0, sizeof spec);
  spec.has_selector = true;
  spec.cluster_ip = SV(ip);
  spec.cluster_ips = ips;
  spec.n_cluster_ips = 1;
  const char *g = "StrictIPCIDRValidation=true";
  dsnet_k8s_features f;
  dsnet_k8s_rules k8s;
  assert_int_equal(dsnet_k8s_features_parse(g, strict ? strlen(g) : 0, 33, &f, NULL), DSNET_OK);
  dsnet_k8s_rules_with(33, &f, &k8s);
  dsnet_service_result r;
  dsnet_status st = dsnet_service_resolve_with(&ranges, &k8s, &spec, &r, NULL);
  if (!want) {
    assert_int_equal(st, DSNET_OK);
    assert_int_equal(r.families[0], DSNET_FAMILY_IPV4);
    assert_int_equal(r.cluster_ips[0].family, DSNET_FAMILY_IPV4);
    return;
  }
  assert_int_equal(st, DSNET_ESERVICE_INVALID);
  assert_int_equal(r.n_errors_total, 1);
  assert_string_equal(r.errors[0].field, "spec.clusterIPs[0]");
  assert_string_equal(r.errors[0].message, want);
}

static void test_strict_gate(void **state) {
  (void)state;
  strict_case("10.096.0.05", false, NULL);
  strict_case("::ffff:10.96.0.5", false, NULL);
  strict_case("10.096.0.05", true, "Invalid value: \"10.096.0.05\": must not have leading 0s");
  strict_case("::ffff:10.96.0.5", true,
              "Invalid value: \"::ffff:10.96.0.5\": must not be an IPv4-mapped IPv6 address");
  strict_case("10.96.0.5", true, NULL);
  dsnet_service_result r;
  dsnet_service_spec spec;
  memset(&spec, 0, sizeof spec);
  dsnet_dualstack_cidrs ranges = R("10.96.0.0/16");
  assert_int_equal(dsnet_service_resolve_with(&ranges, NULL, &spec, &r, NULL), DSNET_EINVAL);
}

static void test_result_fields(void **state) {
  (void)state;
  dsnet_dualstack_cidrs ranges = R("10.0.0.0/16,fd00::/108");
  dsnet_strview ips[2] = {SV("fd00::0005"), SV("10.0.0.5")};
  dsnet_service_spec spec;
  memset(&spec, 0, sizeof spec);
  spec.has_selector = true;
  spec.ip_family_policy = SV("PreferDualStack");
  spec.cluster_ip = ips[0];
  spec.cluster_ips = ips;
  spec.n_cluster_ips = 2;
  dsnet_service_result r;
  assert_int_equal(dsnet_service_resolve(&ranges, 0, &spec, &r, NULL), DSNET_OK);
  assert_true(r.valid);
  assert_int_equal(r.n_cluster_ips, 2);
  assert_string_equal(fmt_addr(&r.cluster_ips[0], 0), "fd00::5");
  assert_string_equal(fmt_addr(&r.cluster_ips[1], 0), "10.0.0.5");
  /* invalid inputs to the function itself */
  dsnet_dualstack_cidrs none;
  none.count = 0;
  dsnet_error e;
  assert_int_equal(dsnet_service_resolve(&none, 0, &spec, &r, &e), DSNET_EINVAL);
  spec.cluster_ips = NULL;
  assert_int_equal(dsnet_service_resolve(&ranges, 0, &spec, &r, &e), DSNET_EINVAL);
  /* many errors are counted even past the stored maximum */
  dsnet_strview fams[20];
  for (int i = 0; i < 20; i++)
    fams[i] = SV("IPv7");
  memset(&spec, 0, sizeof spec);
  spec.ip_families = fams;
  spec.n_ip_families = 20;
  assert_int_equal(dsnet_service_resolve(&ranges, 0, &spec, &r, NULL), DSNET_ESERVICE_INVALID);
  assert_int_equal(r.n_errors, DSNET_SERVICE_MAX_ERRORS);
  assert_true(r.n_errors_total > DSNET_SERVICE_MAX_ERRORS);
  assert_string_equal(dsnet_service_policy_name(DSNET_SERVICE_POLICY_UNSET), "");
}

/* Versions as kube-controller-manager flags, kubeadm and AKS Engine API
 * models write them; everything else is refused, never read partially. */
static void test_k8s_version(void **state) {
  (void)state;
  static const struct {
    const char *text;
    unsigned minor, patch; /* minor 0: refused */
  } cases[] = {
      {"1.29", 29, 0},
      {"v1.20.15", 20, 15},
      {"1.21.0-rc.1", 21, 0},
      {"1.18.2+build.7", 18, 2},
      {"v1.16", 16, 0},
      {"1.999", 999, 0},
      {"01.20", 20, 0},
      {"", 0, 0},
      {"v", 0, 0},
      {"1", 0, 0},
      {"1.", 0, 0},
      {"2.1", 0, 0},
      {"1.1000", 0, 0},
      {" 1.20", 0, 0},
      {"1. 20", 0, 0},
      {"1.+20", 0, 0},
      {"1.-5", 0, 0},
      {"1.20.", 0, 0},
      {"1.20.1.2", 0, 0},
      {"1.20 ", 0, 0},
      {"V1.20", 0, 0},
      {"1.20x", 0, 0},
      {"1.99999999999999999999", 0, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    unsigned minor = 7777, patch = 7777;
    bool ok = dsnet_k8s_version_parse(cases[i].text, strlen(cases[i].text), &minor, &patch);
    if (ok != (cases[i].minor != 0))
      fail_msg("%s: accepted=%d", cases[i].text, ok);
    assert_int_equal(minor, ok ? cases[i].minor : 7777);
    assert_int_equal(patch, ok ? cases[i].patch : 7777);
  }
  /* (pointer, length): the text ends where len says, not at a NUL */
  unsigned minor = 0;
  assert_true(dsnet_k8s_version_parse("1.2345", 4, &minor, NULL));
  assert_int_equal(minor, 23);
  assert_false(dsnet_k8s_version_parse(NULL, 0, &minor, NULL));
  assert_false(dsnet_k8s_version_parse("1.20", 4, NULL, NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_indexed_ips),  cmocka_unit_test(test_ranges),
      cmocka_unit_test(test_policy_table), cmocka_unit_test(test_field_errors),
      cmocka_unit_test(test_strict_gate),  cmocka_unit_test(test_result_fields),
      cmocka_unit_test(test_k8s_version),
  };
  return cmocka_run_group_tests_name("service", tests, NULL, NULL);
}
