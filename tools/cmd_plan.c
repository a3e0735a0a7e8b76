/* dsnet plan: validate a whole dual-stack cluster network plan (every
 * finding) and derive what the cluster needs. The main job of dsnet. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plan_config.h"
#include "plan_print.h"

static const char plan_help[] =
    "Usage: dsnet plan [--cluster-cidr LIST] [--service-cidr LIST] [--dns-service-ip LIST]\n"
    "                  [--node-cidr-mask-size N] [--node-cidr-mask-size-ipv4 N]\n"
    "                  [--node-cidr-mask-size-ipv6 N] [--node-subnet LIST] [--vnet-cidr LIST]\n"
    "                  [--docker-bridge-subnet CIDR] [--nodes K] [--max-pods N]\n"
    "                  [--kubernetes-version V] [--feature-gates G=B,...]\n"
    "                  [--network-plugin kubenet|azure] [--network-policy P]\n"
    "                  [--kube-proxy-mode iptables|ipvs|nftables]\n"
    "                  [--advertise-address IP] [--node-ip IP[,IP]]\n"
    "                  [--pool NAME:COUNT[:KEY=VALUE,...]]... [--ipv6-load-balancers N]\n"
    "                  [--profile kubernetes|aks-engine]\n"
    "                  [--network-mode M] [--load-balancer-sku S] [--model-max-pods N]\n"
    "                  [--windows-version V] [--ipv6-only] [--azure-stack]\n"
    "                  [--exclude-master-from-standard-lb] [--load-balancer-outbound-ips]\n"
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
    "                        fill-in of a single-family cluster or service list\n";
/* (two strings: C11 promises string literals of 4095 bytes only) */
static const char plan_help_flags[] =
    "  --advertise-address IP  kube-apiserver's: of the primary service range's family\n"
    "  --node-ip IP[,IP]     kubelet's: one IP, or one per family on dual-stack\n"
    "  --pool NAME:COUNT[:KEY=VALUE,...]  a node pool (repeatable; the node count is\n"
    "                        their sum): keys role=master, os=Linux|Windows, distro=D,\n"
    "                        subnet=ID (AKS Engine vnetSubnetID), availability=A,\n"
    "                        first-ip=IP (the masters' firstConsecutiveStaticIP)\n"
    "  --ipv6-load-balancers N  IPv6 LoadBalancer Services planned (aks-engine: the\n"
    "                        load balancer SKU's IPv6 frontends: Basic 1, Standard 600)\n"
    "  --network-mode, --load-balancer-sku, --model-max-pods, --windows-version,\n"
    "  --ipv6-only, --azure-stack, --exclude-master-from-standard-lb,\n"
    "  --load-balancer-outbound-ips  an AKS Engine model's kubernetesConfig.networkMode,\n"
    "                        loadBalancerSku, maxPods, the Windows image (imageVersion\n"
    "                        or windowsSku), featureFlags.enableIPv6Only, a\n"
    "                        customCloudProfile (Azure Stack Hub),\n"
    "                        excludeMasterFromStandardLB, loadBalancerOutboundIPs\n"
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

/* --pool NAME:COUNT[:KEY=VALUE,...] into *out (views of v); false, reported, when malformed. */
static bool plan_pool_parse(const char *v, dsnet_node_pool *out) {
  memset(out, 0, sizeof *out);
  const char *c1 = strchr(v, ':');
  if (!c1 || c1 == v)
    return cli_usage_error("plan", "--pool '%s': expected NAME:COUNT[:KEY=VALUE,...]", v), false;
  out->name = (dsnet_strview){v, (size_t)(c1 - v)};
  const char *c2 = strchr(c1 + 1, ':');
  char count[24];
  size_t cl = c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1);
  unsigned long long n;
  if (cl >= sizeof count)
    cl = sizeof count - 1;
  memcpy(count, c1 + 1, cl);
  count[cl] = '\0';
  if (!cli_uint("plan", "--pool COUNT", count, UINT64_MAX, &n))
    return false;
  out->count = n;
  for (const char *p = c2 ? c2 + 1 : NULL; p && *p;) {
    const char *end = strchr(p, ','), *eq = strchr(p, '=');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (!eq || eq > p + len)
      return cli_usage_error("plan", "--pool '%s': '%.*s' is not KEY=VALUE", v, (int)len, p), false;
    size_t kl = (size_t)(eq - p);
    dsnet_strview val = {eq + 1, len - kl - 1};
#define KEY(k) (kl == strlen(k) && strncmp(p, k, kl) == 0)
    if (KEY("role") && val.len == 6 && memcmp(val.ptr, "master", 6) == 0)
      out->control_plane = true;
    else if (KEY("role") && val.len == 5 && memcmp(val.ptr, "agent", 5) == 0)
      out->control_plane = false;
    else if (KEY("os"))
      out->os_type = val;
    else if (KEY("distro"))
      out->distro = val;
    else if (KEY("subnet"))
      out->subnet = val;
    else if (KEY("availability"))
      out->availability = val;
    else if (KEY("first-ip"))
      out->first_ip = val;
    else
      return cli_usage_error("plan",
                             "--pool '%s': '%.*s' is not role=master|agent, os, distro, subnet, "
                             "availability or first-ip",
                             v, (int)len, p),
             false;
#undef KEY
    p = end ? end + 1 : NULL;
  }
  return true;
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
      {"advertise-address", offsetof(dsnet_plan, advertise_address)},
      {"node-ip", offsetof(dsnet_plan, node_ip)},
      {"network-mode", offsetof(dsnet_plan, network_mode)},
      {"load-balancer-sku", offsetof(dsnet_plan, load_balancer_sku)},
      {"windows-version", offsetof(dsnet_plan, windows_version)},
  };
  static const struct {
    const char *name;
    unsigned bit;
  } bools[] = {{"ipv6-only", DSNET_AKSENGINE_IPV6_ONLY},
               {"azure-stack", DSNET_AKSENGINE_AZURE_STACK},
               {"exclude-master-from-standard-lb", DSNET_AKSENGINE_EXCLUDE_MASTER_FROM_STANDARD_LB},
               {"load-balancer-outbound-ips", DSNET_AKSENGINE_LOAD_BALANCER_OUTBOUND_IPS}};
  static dsnet_node_pool pools[PLAN_MAX_POOLS];
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
      if (!audit)
        fputs(plan_help_flags, stdout);
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
    bool is_bool = false;
    for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++)
      if (cli_is(&a, bools[i].name)) {
        plan.model_flags |= bools[i].bit;
        is_bool = true;
      }
    if (is_bool)
      continue;
    const char *v = cli_value(&a);
    if (!v) {
      int known = cli_is(&a, "profile") || cli_is(&a, "config") || cli_is(&a, "format") ||
                  (audit && cli_is(&a, "services")) || cli_is(&a, "nodes") ||
                  cli_is(&a, "max-pods") || cli_is(&a, "show-nodes") || cli_is(&a, "pool") ||
                  cli_is(&a, "model-max-pods") || cli_is(&a, "ipv6-load-balancers") ||
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
    } else if (cli_is(&a, "model-max-pods")) {
      if (!cli_uint("plan", "--model-max-pods", v, UINT64_MAX, &num))
        return CLI_USAGE;
      plan.model_max_pods = num;
    } else if (cli_is(&a, "ipv6-load-balancers")) {
      if (!cli_uint("plan", "--ipv6-load-balancers", v, UINT64_MAX, &num))
        return CLI_USAGE;
      plan.ipv6_load_balancers = num;
    } else if (cli_is(&a, "pool")) {
      if (plan.n_pools == PLAN_MAX_POOLS)
        return cli_usage_error("plan", "at most %d --pool flags", PLAN_MAX_POOLS);
      if (!plan_pool_parse(v, &pools[plan.n_pools]))
        return CLI_USAGE;
      plan.pools = pools;
      plan.n_pools++;
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
    plan_print_json(&r, show, version_given);
  else
    plan_print_text(&r, show, version_given);
  return r.valid && plan_config_errors() == 0 ? CLI_OK : CLI_INVALID;
}

int cmd_plan(int argc, char **argv) {
  return plan_main(argc, argv, false);
}

int cmd_audit(int argc, char **argv) {
  return plan_main(argc, argv, true);
}
