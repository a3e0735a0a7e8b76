/* dsnet plan's output: an evaluated plan (and the config files' findings,
 * plan_config.c) as text or JSON. */
#include "plan_print.h"

#include <stdlib.h>
#include <string.h>

#include "plan_config.h"

static const char *fam(unsigned f) {
  return f == DSNET_FAMILY_IPV4 ? "IPv4" : "IPv6";
}

/* key: the prefix's text, or null when there is none */
static void jprefix(cli_json *j, const char *key, bool has, const dsnet_prefix *p) {
  char t[DSNET_PREFIX_STRLEN];
  cli_json_key(j, key);
  if (!has) {
    cli_json_null(j);
    return;
  }
  dsnet_prefix_format(p, t, sizeof t);
  cli_json_string(j, t);
}

static void jaddr(cli_json *j, const char *key, bool has, const dsnet_addr *a) {
  char t[DSNET_ADDR_STRLEN];
  cli_json_key(j, key);
  if (!has) {
    cli_json_null(j);
    return;
  }
  dsnet_addr_format(a, t, sizeof t);
  cli_json_string(j, t);
}

static void json_findings(cli_json *j, const dsnet_plan_result *r) {
  cli_json_key(j, "findings");
  cli_json_array(j);
  for (size_t i = 0; i < r->n_findings; i++) {
    const dsnet_finding *f = &r->findings[i];
    cli_json_object(j);
    cli_json_finding(j, f->severity == DSNET_SEVERITY_ERROR, f->code, f->field, f->message);
    plan_config_json_origin(j, f->field);
    cli_json_end(j);
  }
  plan_config_json_findings(j);
  cli_json_end(j);
}

static void json_family(cli_json *j, const dsnet_plan_family *f) {
  cli_json_object(j);
  cli_json_key(j, "family");
  cli_json_uint(j, f->family);
  jprefix(j, "clusterCIDR", f->has_cluster_cidr, &f->cluster_cidr);
  const char *node_keys[4] = {"nodeMask", "nodeCapacity", "addressesPerNode", "podsPerNode"};
  if (f->node_ok) {
    char a[DSNET_U128_STRLEN], p[DSNET_U128_STRLEN];
    dsnet_u128_format_pow2(f->node_host_bits, a, sizeof a);
    if (f->pods_per_node.hi || f->pods_per_node.lo)
      dsnet_u128_format(&f->pods_per_node, p, sizeof p);
    else
      strcpy(p, "0");
    cli_json_key(j, node_keys[0]);
    cli_json_uint(j, f->node_mask);
    cli_json_key(j, node_keys[1]);
    cli_json_uint(j, f->node_capacity);
    cli_json_key(j, node_keys[2]);
    cli_json_string(j, a);
    cli_json_key(j, node_keys[3]);
    cli_json_string(j, p);
  } else {
    for (int i = 0; i < 4; i++) {
      cli_json_key(j, node_keys[i]);
      cli_json_null(j);
    }
  }
  jprefix(j, "serviceCIDR", f->has_service_cidr, &f->service_cidr);
  jaddr(j, "apiServerIP", f->has_service_cidr, &f->apiserver_ip);
  jaddr(j, "dnsServiceIP", f->has_dns_ip, &f->dns_ip);
  jaddr(j, "defaultDNSServiceIP", f->has_default_dns_ip, &f->default_dns_ip);
  jprefix(j, "nodeSubnet", f->has_node_subnet, &f->node_subnet);
  jprefix(j, "vnetCIDR", f->has_vnet, &f->vnet);
  cli_json_end(j);
}

static void json_pod_cidrs(cli_json *j, const dsnet_plan_result *r, uint64_t show) {
  char t[DSNET_PREFIX_STRLEN];
  cli_json_key(j, "podCIDRs");
  cli_json_array(j);
  for (uint64_t i = 0; r->masks_ok && i < show && i < r->node_capacity; i++) {
    dsnet_prefix p[2];
    dsnet_plan_pod_cidrs(r, i, p, NULL);
    cli_json_object(j);
    cli_json_key(j, "index");
    cli_json_uint(j, i);
    cli_json_key(j, "podCIDRs");
    cli_json_array(j);
    for (size_t k = 0; k < r->n_pod_cidrs; k++) {
      dsnet_prefix_format(&p[k], t, sizeof t);
      cli_json_string(j, t);
    }
    cli_json_end(j);
    cli_json_end(j);
  }
  cli_json_end(j);
}

/* The component flags a plan derives (dsnet_plan_flag names). */
static const struct {
  const char *component, *flag;
} kFlags[] = {
    {"kube-controller-manager", "--allocate-node-cidrs"},
    {"kube-controller-manager", "--cluster-cidr"},
    {"kube-controller-manager", "--node-cidr-mask-size"},
    {"kube-controller-manager", "--node-cidr-mask-size-ipv4"},
    {"kube-controller-manager", "--node-cidr-mask-size-ipv6"},
    {"kube-controller-manager", "--service-cluster-ip-range"},
    {"kube-apiserver", "--service-cluster-ip-range"},
    {"kubelet", "--cluster-dns"},
    {"kubelet", "--max-pods"},
    {"kube-proxy", "--cluster-cidr"},
};

/* Flag i's value into t ("" when the plan sets none). */
static void flag_value(const dsnet_plan_result *r, size_t i, char *t, size_t cap) {
  char name[96];
  if (i == 0) {
    snprintf(t, cap, "true");
    return;
  }
  snprintf(name, sizeof name, "%s %s", kFlags[i].component, kFlags[i].flag);
  dsnet_plan_flag(r, name, t, cap);
}

/* {"component":{"--flag":"value",...},...}: the flags with a value. */
static void json_flags(cli_json *j, const dsnet_plan_result *r) {
  char t[DSNET_PLAN_TEXT_MAX];
  const char *open = NULL;
  cli_json_key(j, "flags");
  cli_json_object(j);
  for (size_t i = 0; i < sizeof kFlags / sizeof kFlags[0]; i++) {
    flag_value(r, i, t, sizeof t);
    if (!t[0])
      continue;
    if (!open || strcmp(open, kFlags[i].component) != 0) {
      if (open)
        cli_json_end(j);
      cli_json_key(j, kFlags[i].component);
      cli_json_object(j);
      open = kFlags[i].component;
    }
    cli_json_key(j, kFlags[i].flag);
    cli_json_string(j, t);
  }
  if (open)
    cli_json_end(j);
  cli_json_end(j);
}

/* [{"field":..,"value":..,"source":..}]: the defaults applied. */
static void json_defaults(cli_json *j, const dsnet_plan_result *r) {
  cli_json_key(j, "defaulted");
  cli_json_array(j);
  for (size_t i = 0; i < r->n_defaults; i++) {
    cli_json_object(j);
    cli_json_key(j, "field");
    cli_json_string(j, r->defaults[i].field);
    cli_json_key(j, "value");
    cli_json_string(j, r->defaults[i].value);
    cli_json_key(j, "source");
    cli_json_string(j, r->defaults[i].source);
    cli_json_end(j);
  }
  cli_json_end(j);
}

void plan_print_json(const dsnet_plan_result *r, uint64_t show, bool version_given) {
  cli_json j;
  cli_json_init(&j, stdout);
  cli_json_object(&j);
  cli_json_key(&j, "valid");
  cli_json_bool(&j, r->valid && plan_config_errors() == 0);
  json_findings(&j, r);
  json_defaults(&j, r);
  cli_json_key(&j, "derived");
  cli_json_object(&j);
  char v[8];
  snprintf(v, sizeof v, "1.%u", r->k8s_minor);
  cli_json_key(&j, "kubernetesVersion");
  cli_json_string(&j, v);
  cli_json_key(&j, "kubernetesVersionDefault"); /* not given: the newest dsnet verified */
  cli_json_bool(&j, !version_given);
  cli_json_key(&j, "networkPlugin");
  cli_json_string(&j, r->azure ? "azure" : "kubenet");
  cli_json_key(&j, "kubeProxyMode");
  cli_json_string(&j, r->kube_proxy_mode);
  cli_json_key(&j, "maxPods");
  cli_json_uint(&j, r->max_pods);
  cli_json_key(&j, "nodes");
  cli_json_uint(&j, r->nodes);
  cli_json_key(&j, "nodeCapacity");
  if (r->masks_ok)
    cli_json_uint(&j, r->node_capacity);
  else
    cli_json_null(&j);
  cli_json_key(&j, "families");
  cli_json_array(&j);
  for (size_t k = 0; k < r->n_families; k++)
    json_family(&j, &r->families[k]);
  cli_json_end(&j);
  json_pod_cidrs(&j, r, show);
  json_flags(&j, r);
  cli_json_end(&j);
  cli_json_end(&j);
  cli_json_done(&j);
}

static void row(const char *label, const char *v0, const char *v1, size_t n) {
  printf("  %-22s %-26s%s\n", label, v0, n > 1 ? v1 : "");
}

void plan_print_text(const dsnet_plan_result *r, uint64_t show, bool version_given) {
  size_t warnings = r->n_findings_total - r->n_errors + plan_config_count(1);
  size_t errors = r->n_errors + plan_config_count(0);
  printf("dsnet plan: %s — %zu error%s, %zu warning%s (Kubernetes 1.%u%s, %s, kube-proxy %s)\n",
         errors == 0 ? "VALID" : "INVALID", errors, errors == 1 ? "" : "s", warnings,
         warnings == 1 ? "" : "s", r->k8s_minor,
         version_given ? ""
         : r->profile == DSNET_PLAN_PROFILE_AKS_ENGINE
             ? " [default: AKS Engine's " DSNET_AKSENGINE_DEFAULT_VERSION "]"
             : " [default: the newest release dsnet verified]",
         r->azure ? "azure CNI" : "kubenet", r->kube_proxy_mode);
  for (int sev = 0; sev < 2; sev++) {
    int header = 0;
    for (size_t i = 0; i < r->n_findings; i++) {
      const dsnet_finding *f = &r->findings[i];
      if ((int)f->severity != sev)
        continue;
      if (!header++)
        printf("\n%s:\n", sev == 0 ? "ERRORS" : "WARNINGS");
      printf("  [%s] %s", f->code, f->field);
      plan_config_text_origin(f->field);
      printf("\n      %s\n", f->message);
    }
    if (plan_config_count(sev) && !header++)
      printf("\n%s:\n", sev == 0 ? "ERRORS" : "WARNINGS");
    plan_config_text_findings(sev);
  }
  if (r->n_findings_total > r->n_findings)
    printf("  (%zu more findings)\n", r->n_findings_total - r->n_findings);
  if (r->n_families == 0)
    return;
  char v[2][64];
  size_t n = r->n_families;
  printf("\nPLAN\n");
  row("", fam(r->families[0].family), n > 1 ? fam(r->families[1].family) : "", n);
#define ROW(label, expr)                                                                           \
  do {                                                                                             \
    for (size_t k = 0; k < n; k++) {                                                               \
      const dsnet_plan_family *f = &r->families[k];                                                \
      (void)f;                                                                                     \
      expr;                                                                                        \
    }                                                                                              \
    row(label, v[0], v[1], n);                                                                     \
  } while (0)
  ROW("cluster (pod) CIDR", f->has_cluster_cidr
                                ? (void)dsnet_prefix_format(&f->cluster_cidr, v[k], sizeof v[k])
                                : (void)strcpy(v[k], "-"));
  ROW("node mask", f->node_ok ? (void)snprintf(v[k], sizeof v[k], "/%u", f->node_mask)
                              : (void)strcpy(v[k], "-"));
  ROW("node CIDRs (capacity)",
      f->node_ok ? (void)snprintf(v[k], sizeof v[k], "%llu", (unsigned long long)f->node_capacity)
                 : (void)strcpy(v[k], "-"));
  ROW("pod IPs per node", f->node_ok ? (void)dsnet_u128_format(&f->pods_per_node, v[k], sizeof v[k])
                                     : (void)strcpy(v[k], "-"));
  ROW("service CIDR", f->has_service_cidr
                          ? (void)dsnet_prefix_format(&f->service_cidr, v[k], sizeof v[k])
                          : (void)strcpy(v[k], "-"));
  ROW("API server service IP", f->has_service_cidr
                                   ? (void)dsnet_addr_format(&f->apiserver_ip, v[k], sizeof v[k])
                                   : (void)strcpy(v[k], "-"));
  ROW("DNS service IP", f->has_dns_ip ? (void)dsnet_addr_format(&f->dns_ip, v[k], sizeof v[k])
                                      : (void)strcpy(v[k], "-"));
  ROW("node subnet", f->has_node_subnet
                         ? (void)dsnet_prefix_format(&f->node_subnet, v[k], sizeof v[k])
                         : (void)strcpy(v[k], "-"));
  ROW("VNet", f->has_vnet ? (void)dsnet_prefix_format(&f->vnet, v[k], sizeof v[k])
                          : (void)strcpy(v[k], "-"));
#undef ROW
  if (r->masks_ok)
    printf("  node capacity: %llu nodes%s; max pods %llu\n", (unsigned long long)r->node_capacity,
           r->n_pod_cidrs > 1 ? " (the smaller family)" : "", (unsigned long long)r->max_pods);
  for (uint64_t i = 0; r->masks_ok && i < show && i < r->node_capacity; i++) {
    dsnet_prefix p[2];
    char t[DSNET_PREFIX_STRLEN];
    dsnet_plan_pod_cidrs(r, i, p, NULL);
    printf("  node %llu podCIDRs:", (unsigned long long)i);
    for (size_t j = 0; j < r->n_pod_cidrs; j++) {
      dsnet_prefix_format(&p[j], t, sizeof t);
      printf(" %s", t);
    }
    printf("\n");
  }
  char t[DSNET_PLAN_TEXT_MAX];
  printf("\nFLAGS");
  const char *open = NULL;
  for (size_t i = 0; i < sizeof kFlags / sizeof kFlags[0]; i++) {
    flag_value(r, i, t, sizeof t);
    if (!t[0])
      continue;
    if (!open || strcmp(open, kFlags[i].component) != 0)
      printf("\n  %s", kFlags[i].component);
    open = kFlags[i].component;
    printf(" %s=%s", kFlags[i].flag, t);
  }
  printf("\n");
  if (r->n_defaults) {
    printf("\nDEFAULTED\n");
    for (size_t i = 0; i < r->n_defaults; i++)
      printf("  %s %s\n      %s\n", r->defaults[i].field, r->defaults[i].value,
             r->defaults[i].source);
  }
}
