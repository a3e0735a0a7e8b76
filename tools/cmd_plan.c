/* dsnet plan: validate a whole dual-stack cluster network plan (every
 * finding) and derive what the cluster needs. The main job of dsnet. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plan_config.h"

static const char plan_help[] =
    "Usage: dsnet plan [--cluster-cidr LIST] [--service-cidr LIST] [--dns-service-ip LIST]\n"
    "                  [--node-cidr-mask-size N] [--node-cidr-mask-size-ipv4 N]\n"
    "                  [--node-cidr-mask-size-ipv6 N] [--node-subnet LIST] [--vnet-cidr LIST]\n"
    "                  [--docker-bridge-subnet CIDR] [--nodes K] [--max-pods N]\n"
    "                  [--kubernetes-version V] [--feature-gates G=B,...]\n"
    "                  [--network-plugin kubenet|azure] [--network-policy P]\n"
    "                  [--kube-proxy-mode iptables|ipvs|nftables]\n"
    "                  [--profile kubernetes|aks-engine]\n"
    "                  [--config FILE]... [--format auto|kubeadm|kind|aks-engine|k3s|calico|\n"
    "                  cilium]\n"
    "                  [--show-nodes K] [--sloppy] [--mask] [--json]\n"
    "\n"
    "Check a cluster's networking against every rule at once and derive the plan:\n"
    "per-family node capacity and pods per node, API server and DNS service IPs,\n"
    "the first nodes' podCIDRs and the flags for the components. Unset fields take\n"
    "AKS Engine's dual-stack defaults (cluster 10.244.0.0/16,fc00::/48, services\n"
    "10.0.0.0/16,fd00::/108, DNS 10.0.0.10, node subnets 10.240.0.0/16 and\n"
    "2001:1234:5678:9abc::/64 in VNet 10.0.0.0/8 and 2001:1234:5678:9a00::/56,\n"
    "max pods 110, kubenet); with no flags at all it plans that example.\n"
    "  --profile aks-engine  add AKS Engine's own checks and messages, and its\n"
    "                        fill-in of a single-family cluster or service list\n"
    "  --feature-gates G=B,...  the components' feature gates (Kubernetes syntax):\n"
    "                        StrictIPCIDRValidation, MultiCIDRServiceAllocator,\n"
    "                        DisableAllocatorDualWrite, NFTablesProxyMode\n"
    "  --config FILE         read the plan from a kubeadm config stream (Cluster-,\n"
    "                        Init-, KubeProxy- and KubeletConfiguration), a kind\n"
    "                        Cluster, an AKS Engine API model or a k3s/RKE2 config.yaml,\n"
    "                        YAML or JSON (- for\n"
    "                        standard input; repeatable);\n"
    "                        flags given as well win; findings name file:line:col\n"
    "  --format F            the files' format instead of their apiVersion/kind:\n"
    "                        kubeadm, kind, aks-engine (an API model, kubernetes.json)\n"
    "                        k3s (k3s/RKE2 config.yaml), calico (IPPool, Installation)\n"
    "                        or cilium (Helm values): CNI pools are read and typed\n"
    "  --show-nodes K        podCIDRs of the first K nodes (default: --nodes, at most 16)\n"
    "JSON: {\"valid\":bool,\"findings\":[{\"severity\":...,\"code\":...,\"field\":...,\n"
    "       \"message\":...}],\"derived\":{...}}\n"
    "Exit status: 0 valid (warnings allowed), 1 errors, 2 usage error.\n";

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
    for (size_t k = 0; k < r->cluster.count; k++) {
      dsnet_prefix_format(&p[k], t, sizeof t);
      cli_json_string(j, t);
    }
    cli_json_end(j);
    cli_json_end(j);
  }
  cli_json_end(j);
}

/* {"component":{"--flag":"value",...},...}: the flags with a value. */
static void json_flags(cli_json *j, const dsnet_plan_result *r) {
  static const struct {
    const char *component, *flag, *name;
  } flags[] = {
      {"kube-controller-manager", "--allocate-node-cidrs", NULL},
      {"kube-controller-manager", "--cluster-cidr", "--cluster-cidr"},
      {"kube-controller-manager", "--node-cidr-mask-size", "--node-cidr-mask-size"},
      {"kube-controller-manager", "--node-cidr-mask-size-ipv4", "--node-cidr-mask-size-ipv4"},
      {"kube-controller-manager", "--node-cidr-mask-size-ipv6", "--node-cidr-mask-size-ipv6"},
      {"kube-controller-manager", "--service-cluster-ip-range", "--service-cluster-ip-range"},
      {"kube-apiserver", "--service-cluster-ip-range", "--service-cluster-ip-range"},
      {"kubelet", "--cluster-dns", "--cluster-dns"},
      {"kubelet", "--max-pods", "--max-pods"},
      {"kube-proxy", "--cluster-cidr", "--cluster-cidr"},
  };
  char t[DSNET_DUALSTACK_STRLEN];
  const char *open = NULL;
  cli_json_key(j, "flags");
  cli_json_object(j);
  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
    if (flags[i].name)
      dsnet_plan_flag(r, flags[i].name, t, sizeof t);
    else
      strcpy(t, "true");
    if (!t[0])
      continue;
    if (!open || strcmp(open, flags[i].component) != 0) {
      if (open)
        cli_json_end(j);
      cli_json_key(j, flags[i].component);
      cli_json_object(j);
      open = flags[i].component;
    }
    cli_json_key(j, flags[i].flag);
    cli_json_string(j, t);
  }
  if (open)
    cli_json_end(j);
  cli_json_end(j);
}

static void print_json(const dsnet_plan_result *r, uint64_t show, bool version_given) {
  cli_json j;
  cli_json_init(&j, stdout);
  cli_json_object(&j);
  cli_json_key(&j, "valid");
  cli_json_bool(&j, r->valid && plan_config_errors() == 0);
  json_findings(&j, r);
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

static void print_text(const dsnet_plan_result *r, uint64_t show, bool version_given) {
  size_t warnings = r->n_findings_total - r->n_errors + plan_config_count(1);
  size_t errors = r->n_errors + plan_config_count(0);
  printf("dsnet plan: %s — %zu error%s, %zu warning%s (Kubernetes 1.%u%s, %s, kube-proxy %s)\n",
         errors == 0 ? "VALID" : "INVALID", errors, errors == 1 ? "" : "s", warnings,
         warnings == 1 ? "" : "s", r->k8s_minor,
         version_given ? "" : " [default: the newest release dsnet verified]",
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
           r->cluster.count > 1 ? " (the smaller family)" : "", (unsigned long long)r->max_pods);
  for (uint64_t i = 0; r->masks_ok && i < show && i < r->node_capacity; i++) {
    dsnet_prefix p[2];
    char t[DSNET_PREFIX_STRLEN];
    dsnet_plan_pod_cidrs(r, i, p, NULL);
    printf("  node %llu podCIDRs:", (unsigned long long)i);
    for (size_t j = 0; j < r->cluster.count; j++) {
      dsnet_prefix_format(&p[j], t, sizeof t);
      printf(" %s", t);
    }
    printf("\n");
  }
  char t[DSNET_DUALSTACK_STRLEN];
  printf("\nFLAGS\n  kube-controller-manager --allocate-node-cidrs=true");
  static const char *kcm[] = {"--cluster-cidr", "--node-cidr-mask-size",
                              "--node-cidr-mask-size-ipv4", "--node-cidr-mask-size-ipv6",
                              "--service-cluster-ip-range"};
  for (size_t i = 0; i < sizeof kcm / sizeof kcm[0]; i++)
    if (dsnet_plan_flag(r, kcm[i], t, sizeof t))
      printf(" %s=%s", kcm[i], t);
  if (dsnet_plan_flag(r, "--service-cluster-ip-range", t, sizeof t))
    printf("\n  kube-apiserver --service-cluster-ip-range=%s", t);
  printf("\n  kubelet");
  if (dsnet_plan_flag(r, "--cluster-dns", t, sizeof t))
    printf(" --cluster-dns=%s", t);
  dsnet_plan_flag(r, "--max-pods", t, sizeof t);
  printf(" --max-pods=%s", t);
  if (dsnet_plan_flag(r, "--cluster-cidr", t, sizeof t))
    printf("\n  kube-proxy --cluster-cidr=%s", t);
  printf("\n");
}

static const char audit_help[] =
    "Usage: dsnet audit [PLAN FLAGS | --config FILE...] NODES.json|- [--services FILE]\n"
    "                   [--json]\n"
    "\n"
    "Check a live cluster's nodes (kubectl get nodes -o json, from a file or -\n"
    "for standard input) against its plan, given as for dsnet plan: every node\n"
    "whose spec.podCIDRs kube-controller-manager would not have given it (no\n"
    "podCIDR, not a CIDR, wrong family order, outside the cluster CIDR, wrong\n"
    "mask, a family missing, the same as or overlapping another node's), and\n"
    "every node of a dual-stack cluster without an InternalIP of each family;\n"
    "with --services (kubectl get services -A -o json), every Service whose\n"
    "ipFamilies, policy or clusterIPs break the cluster's service ranges.\n"
    "Codes: docs/plan-findings.md. Needs libdsnet_config (libyaml).\n"
    "JSON: "
    "{\"valid\":bool,\"nodes\":N,\"findings\":[{...,\"file\",\"line\",\"column\",\"path\"}]}\n"
    "Exit status: 0 no node breaks a rule, 1 some do (or the plan is invalid), 2 usage error.\n";

/* dsnet plan, and dsnet audit (the same flags, and the node list). */
static int plan_main(int argc, char **argv, bool audit) {
  const char *cmd = audit ? "audit" : "plan";
  const char *node_list = NULL, *services = NULL;
  dsnet_plan plan;
  dsnet_plan_init(&plan);
  int json = 0;
  const char *show_s = NULL;
  plan_configs configs = {{NULL}, 0, NULL, false};
  static const struct {
    const char *name;
    size_t off;
  } strs[] = {
      {"cluster-cidr", offsetof(dsnet_plan, cluster_cidr)},
      {"service-cidr", offsetof(dsnet_plan, service_cidr)},
      {"dns-service-ip", offsetof(dsnet_plan, dns_service_ip)},
      {"node-subnet", offsetof(dsnet_plan, node_subnet)},
      {"vnet-cidr", offsetof(dsnet_plan, vnet_cidr)},
      {"docker-bridge-subnet", offsetof(dsnet_plan, docker_bridge_subnet)},
      {"kubernetes-version", offsetof(dsnet_plan, kubernetes_version)},
      {"network-plugin", offsetof(dsnet_plan, network_plugin)},
      {"kube-proxy-mode", offsetof(dsnet_plan, kube_proxy_mode)},
      {"feature-gates", offsetof(dsnet_plan, feature_gates)},
      {"network-policy", offsetof(dsnet_plan, network_policy)},
  };
  cli_args a = {argc, argv, 0, NULL, 0, NULL, false};
  while (cli_next(&a)) {
    if (!a.name && audit && !node_list) {
      node_list = a.value;
      continue;
    }
    if (!a.name)
      return cli_usage_error(cmd, "unexpected argument '%s'", a.value);
    if (cli_is(&a, "help")) {
      fputs(audit ? audit_help : plan_help, stdout);
      return CLI_OK;
    }
    if (cli_is(&a, "json")) {
      json = 1;
      continue;
    }
    if (cli_is(&a, "sloppy")) {
      plan.parse_flags |= DSNET_PARSE_SLOPPY;
      continue;
    }
    if (cli_is(&a, "mask")) {
      plan.parse_flags |= DSNET_PARSE_MASK_HOST;
      continue;
    }
    const char *v = cli_value(&a);
    if (!v) {
      int known = cli_is(&a, "profile") || cli_is(&a, "config") || cli_is(&a, "format") ||
                  (audit && cli_is(&a, "services")) || cli_is(&a, "nodes") ||
                  cli_is(&a, "max-pods") || cli_is(&a, "show-nodes") ||
                  cli_is(&a, "node-cidr-mask-size") || cli_is(&a, "node-cidr-mask-size-ipv4") ||
                  cli_is(&a, "node-cidr-mask-size-ipv6");
      for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        known |= cli_is(&a, strs[i].name);
      if (known)
        return cli_usage_error("plan", "option '--%.*s' needs a value", (int)a.name_len, a.name);
      return cli_usage_error("plan", "unknown option '--%.*s'", (int)a.name_len, a.name);
    }
    unsigned long long num;
    int done = 0;
    for (size_t i = 0; i < sizeof strs / sizeof strs[0] && !done; i++) {
      if (cli_is(&a, strs[i].name)) {
        dsnet_strview *sv = (dsnet_strview *)(void *)((char *)&plan + strs[i].off);
        sv->ptr = v;
        sv->len = strlen(v);
        done = 1;
      }
    }
    if (done)
      continue;
    if (audit && cli_is(&a, "services")) {
      services = v;
    } else if (cli_is(&a, "config")) {
      if (configs.n == PLAN_MAX_CONFIGS)
        return cli_usage_error("plan", "at most %d --config files", PLAN_MAX_CONFIGS);
      configs.paths[configs.n++] = v;
    } else if (cli_is(&a, "format")) {
      configs.format = v;
    } else if (cli_is(&a, "profile")) {
      configs.profile_given = true;
      if (strcmp(v, "kubernetes") == 0)
        plan.profile = DSNET_PLAN_PROFILE_KUBERNETES;
      else if (strcmp(v, "aks-engine") == 0)
        plan.profile = DSNET_PLAN_PROFILE_AKS_ENGINE;
      else
        return cli_usage_error("plan", "--profile: '%s' is not kubernetes or aks-engine", v);
    } else if (cli_is(&a, "nodes")) {
      if (!cli_uint("plan", "--nodes", v, UINT64_MAX, &num))
        return CLI_USAGE;
      plan.nodes = num;
    } else if (cli_is(&a, "max-pods")) {
      if (!cli_uint("plan", "--max-pods", v, UINT64_MAX, &num))
        return CLI_USAGE;
      plan.max_pods = num;
    } else if (cli_is(&a, "show-nodes")) {
      show_s = v;
    } else if (cli_is(&a, "node-cidr-mask-size")) {
      if (!cli_uint("plan", "--node-cidr-mask-size", v, 255, &num))
        return CLI_USAGE;
      plan.node_mask_flags.mask_size = (unsigned)num;
    } else if (cli_is(&a, "node-cidr-mask-size-ipv4")) {
      if (!cli_uint("plan", "--node-cidr-mask-size-ipv4", v, 255, &num))
        return CLI_USAGE;
      plan.node_mask_flags.mask_size_ipv4 = (unsigned)num;
    } else if (cli_is(&a, "node-cidr-mask-size-ipv6")) {
      if (!cli_uint("plan", "--node-cidr-mask-size-ipv6", v, 255, &num))
        return CLI_USAGE;
      plan.node_mask_flags.mask_size_ipv6 = (unsigned)num;
    } else {
      return cli_usage_error("plan", "unknown option '--%.*s'", (int)a.name_len, a.name);
    }
  }
  bool version_given = plan.kubernetes_version.ptr != NULL;
  int rc = plan_config_read(&configs, &plan);
  if (rc != CLI_OK)
    return rc;
  unsigned long long show = plan.nodes ? (plan.nodes < 16 ? plan.nodes : 16) : 3;
  if (show_s && !cli_uint("plan", "--show-nodes", show_s, 1u << 20, &show))
    return CLI_USAGE;
  version_given = version_given || plan.kubernetes_version.ptr != NULL;
  static dsnet_plan_result r; /* large: not on the stack */
  dsnet_plan_evaluate(&plan, &r, NULL);
  if (audit) {
    if (!node_list)
      return cli_usage_error(cmd, "the node list (kubectl get nodes -o json, or -) is missing");
    return plan_config_audit(node_list, services, &r, json);
  }
  if (json)
    print_json(&r, show, version_given);
  else
    print_text(&r, show, version_given);
  return r.valid && plan_config_errors() == 0 ? CLI_OK : CLI_INVALID;
}

int cmd_plan(int argc, char **argv) {
  return plan_main(argc, argv, false);
}

int cmd_audit(int argc, char **argv) {
  return plan_main(argc, argv, true);
}
