/* dsnet service: a Service's ipFamilyPolicy / ipFamilies / clusterIPs as
 * kube-apiserver validates and defaults them on create. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char service_help[] =
    "Usage: dsnet service --service-cidr LIST [--type "
    "ClusterIP|NodePort|LoadBalancer|ExternalName]\n"
    "                     [--headless] [--no-selector] [--ip-family-policy P]\n"
    "                     [--ip-families LIST] [--cluster-ips LIST] [--cluster-ip IP]\n"
    "                     [--kubernetes-version V] [--feature-gates G=B,...] [--json]\n"
    "\n"
    "What kube-apiserver (1.20+) makes of a new Service's family fields on a cluster\n"
    "whose --service-cluster-ip-range is LIST: the resolved ipFamilyPolicy and\n"
    "ipFamilies, the clusterIPs given, or every field error in kube-apiserver's words.\n"
    "  --headless         spec.clusterIP: None\n"
    "  --no-selector      the Service has no selector (headless + no selector\n"
    "                     defaults to RequireDualStack)\n"
    "  --ip-family-policy SingleStack | PreferDualStack | RequireDualStack\n"
    "  --ip-families      spec.ipFamilies, e.g. IPv6,IPv4\n"
    "  --cluster-ips      spec.clusterIPs; spec.clusterIP is set to the first one\n"
    "                     unless --cluster-ip gives it\n"
    "JSON: {\"valid\":bool,\"ipFamilyPolicy\":...,\"ipFamilies\":[...],\"clusterIPs\":[...],\n"
    "       \"errors\":[{\"field\":...,\"message\":...}]}\n"
    "Families without a cluster IP given get one allocated by kube-apiserver\n"
    "(listed in \"allocate\"). Exit status: 0 valid, 1 invalid, 2 usage error.\n";

enum { MAX_ITEMS = 8 };

/* Split a comma list into views (no trimming: values are checked as given). */
static size_t split(const char *s, dsnet_strview *out) {
  size_t n = 0;
  for (const char *p = s;; n++) {
    const char *c = strchr(p, ',');
    if (n == MAX_ITEMS)
      return n;
    out[n].ptr = p;
    out[n].len = c ? (size_t)(c - p) : strlen(p);
    if (!c)
      return n + 1;
    p = c + 1;
  }
}

/* {"field":...,"message":...} */
static void json_field_error(cli_json *j, const char *field, const char *message) {
  cli_json_object(j);
  cli_json_key(j, "field");
  cli_json_string(j, field);
  cli_json_key(j, "message");
  cli_json_string(j, message);
  cli_json_end(j);
}

static void json_family(cli_json *j, unsigned family) {
  cli_json_string(j, family == DSNET_FAMILY_IPV4 ? "IPv4" : "IPv6");
}

static void print_json(const dsnet_service_result *r, const char *range_error) {
  cli_json j;
  cli_json_init(&j, stdout);
  cli_json_object(&j);
  cli_json_key(&j, "valid");
  cli_json_bool(&j, r->valid && !range_error);
  cli_json_key(&j, "ipFamilyPolicy");
  const char *pol = dsnet_service_policy_name(r->policy);
  if (*pol)
    cli_json_string(&j, pol);
  else
    cli_json_null(&j);
  cli_json_key(&j, "ipFamilies");
  cli_json_array(&j);
  for (size_t i = 0; i < r->n_families; i++)
    json_family(&j, r->families[i]);
  cli_json_end(&j);
  cli_json_key(&j, "clusterIPs");
  cli_json_array(&j);
  if (r->headless && r->valid) {
    cli_json_string(&j, "None");
  } else {
    for (size_t i = 0; i < r->n_cluster_ips; i++) {
      char t[DSNET_ADDR_STRLEN];
      dsnet_addr_format(&r->cluster_ips[i], t, sizeof t);
      cli_json_string(&j, t);
    }
  }
  cli_json_end(&j);
  cli_json_key(&j, "allocate");
  cli_json_array(&j);
  if (!r->headless)
    for (size_t i = r->n_cluster_ips; i < r->n_families; i++)
      json_family(&j, r->families[i]);
  cli_json_end(&j);
  cli_json_key(&j, "headless");
  cli_json_bool(&j, r->headless);
  cli_json_key(&j, "errors");
  cli_json_array(&j);
  if (range_error)
    json_field_error(&j, "--service-cidr", range_error);
  for (size_t i = 0; i < r->n_errors; i++)
    json_field_error(&j, r->errors[i].field, r->errors[i].message);
  cli_json_end(&j);
  cli_json_end(&j);
  cli_json_done(&j);
}

static void print_text(const dsnet_service_result *r, const char *range_error) {
  if (range_error)
    printf("error: --service-cidr: %s\n", range_error);
  for (size_t i = 0; i < r->n_errors; i++)
    printf("error: %s: %s\n", r->errors[i].field, r->errors[i].message);
  if (r->n_errors_total > r->n_errors)
    printf("(%zu more errors)\n", r->n_errors_total - r->n_errors);
  if (!r->valid || range_error)
    return;
  const char *pol = dsnet_service_policy_name(r->policy);
  printf("ipFamilyPolicy: %s\nipFamilies:     ", *pol ? pol : "(none: ExternalName)");
  for (size_t i = 0; i < r->n_families; i++)
    printf("%sIPv%u", i ? ", " : "", r->families[i]);
  printf("\nclusterIPs:     ");
  if (r->headless)
    printf("None (headless)");
  for (size_t i = 0; i < r->n_families && !r->headless; i++) {
    char t[DSNET_ADDR_STRLEN];
    if (i < r->n_cluster_ips)
      dsnet_addr_format(&r->cluster_ips[i], t, sizeof t);
    else
      snprintf(t, sizeof t, "(allocated from the IPv%u range)", r->families[i]);
    printf("%s%s", i ? ", " : "", t);
  }
  printf("\n");
}

int cmd_service(int argc, char **argv) {
  const char *cidr_s = NULL, *type_s = NULL, *policy_s = NULL, *fams_s = NULL, *ips_s = NULL,
             *ip_s = NULL, *version_s = NULL, *gates_s = NULL;
  int json = 0, headless = 0, no_selector = 0;
  cli_args a = {argc, argv, 0, NULL, 0, NULL, false};
  while (cli_next(&a)) {
    const char **slot = NULL;
    if (!a.name)
      return cli_usage_error("service", "unexpected argument '%s'", a.value);
    if (cli_is(&a, "help")) {
      fputs(service_help, stdout);
      return CLI_OK;
    } else if (cli_is(&a, "json")) {
      json = 1;
    } else if (cli_is(&a, "headless")) {
      headless = 1;
    } else if (cli_is(&a, "no-selector")) {
      no_selector = 1;
    } else if (cli_is(&a, "service-cidr")) {
      slot = &cidr_s;
    } else if (cli_is(&a, "type")) {
      slot = &type_s;
    } else if (cli_is(&a, "ip-family-policy")) {
      slot = &policy_s;
    } else if (cli_is(&a, "ip-families")) {
      slot = &fams_s;
    } else if (cli_is(&a, "cluster-ips")) {
      slot = &ips_s;
    } else if (cli_is(&a, "cluster-ip")) {
      slot = &ip_s;
    } else if (cli_is(&a, "kubernetes-version")) {
      slot = &version_s;
    } else if (cli_is(&a, "feature-gates")) {
      slot = &gates_s;
    } else {
      return cli_usage_error("service", "unknown option '--%.*s'", (int)a.name_len, a.name);
    }
    if (slot) {
      const char *v = cli_value(&a);
      if (!v)
        return cli_usage_error("service", "option '--%.*s' needs a value", (int)a.name_len, a.name);
      *slot = v;
    }
  }
  if (!cidr_s)
    return cli_usage_error("service", "--service-cidr is required");
  dsnet_service_spec spec;
  memset(&spec, 0, sizeof spec);
  if (!type_s || strcmp(type_s, "ClusterIP") == 0)
    spec.type = DSNET_SERVICE_TYPE_CLUSTER_IP;
  else if (strcmp(type_s, "NodePort") == 0)
    spec.type = DSNET_SERVICE_TYPE_NODE_PORT;
  else if (strcmp(type_s, "LoadBalancer") == 0)
    spec.type = DSNET_SERVICE_TYPE_LOAD_BALANCER;
  else if (strcmp(type_s, "ExternalName") == 0)
    spec.type = DSNET_SERVICE_TYPE_EXTERNAL_NAME;
  else
    return cli_usage_error(
        "service", "--type: '%s' is not ClusterIP, NodePort, LoadBalancer or ExternalName", type_s);
  unsigned minor = 0;
  if (version_s && !cli_k8s_minor(version_s, &minor))
    return cli_usage_error("service", "--kubernetes-version: '%s' is not a Kubernetes version",
                           version_s);
  dsnet_k8s_features features;
  dsnet_error gerr;
  if (dsnet_k8s_features_parse(gates_s, gates_s ? strlen(gates_s) : 0, minor, &features, &gerr) !=
      DSNET_OK)
    return cli_usage_error("service", "--feature-gates: %s", gerr.message);
  dsnet_k8s_rules k8s;
  dsnet_k8s_rules_with(minor, &features, &k8s);
  spec.has_selector = !no_selector;
  if (policy_s) {
    spec.ip_family_policy.ptr = policy_s;
    spec.ip_family_policy.len = strlen(policy_s);
  }
  dsnet_strview fams[MAX_ITEMS], ips[MAX_ITEMS];
  if (fams_s) {
    spec.ip_families = fams;
    spec.n_ip_families = split(fams_s, fams);
  }
  if (ips_s) {
    spec.cluster_ips = ips;
    spec.n_cluster_ips = split(ips_s, ips);
    spec.cluster_ip = ips[0];
  }
  if (headless) {
    spec.cluster_ip.ptr = "None";
    spec.cluster_ip.len = 4;
  }
  if (ip_s) {
    spec.cluster_ip.ptr = ip_s;
    spec.cluster_ip.len = strlen(ip_s);
  }

  dsnet_error err;
  dsnet_dualstack_cidrs ranges;
  dsnet_service_result r;
  memset(&r, 0, sizeof r);
  const char *range_error = NULL;
  /* as kube-apiserver: --service-cluster-ip-range is split on commas, untrimmed */
  if (dsnet_dualstack_parse_cidrs(cidr_s, strlen(cidr_s), 0, &ranges, &err) != DSNET_OK ||
      dsnet_service_validate_ranges_with(&ranges, &k8s, &err) != DSNET_OK) {
    range_error = err.message;
  } else {
    dsnet_service_resolve_with(&ranges, &k8s, &spec, &r, NULL);
  }
  if (json)
    print_json(&r, range_error);
  else
    print_text(&r, range_error);
  return r.valid && !range_error ? CLI_OK : CLI_INVALID;
}
