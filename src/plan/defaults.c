/* dsnet plan module, the defaults: what a plan takes where its input is
 * silent, each recorded in the result (dsnet_plan_result defaults[]) with
 * whose default it is. The kubernetes profile takes dsnet's dual-stack
 * defaults (AKS Engine's values, and the components' own defaults). The
 * aks-engine profile applies AKS Engine's defaulting the way AKS Engine does:
 * after its validation has seen the raw values (pkg/api/apiloader.go), in
 * the order of pkg/api/defaults.go (reference/aks-engine-rules.md section 3):
 * the version, the network plugin, clusterSubnet, dnsServiceIP, the docker
 * bridge, serviceCidr (setOrchestratorDefaults), the kube-proxy mode, the
 * load balancer SKU, the master subnet (the nodes' subnet) and the VNet, then
 * kubelet's --max-pods (defaults-kubelet.go); the node masks are
 * kube-controller-manager's own (AKS Engine renders none). */
#include <stdio.h>

#include "../sv.h"
#include "plan_ctx.h"

typedef dsnet__plan_ctx ctx;

#define AKS "AKS Engine v0.77.0: "

void dsnet__plan_defaulted(ctx *c, const char *field, const char *value, const char *source) {
  dsnet_plan_result *r = c->r;
  if (r->n_defaults >= DSNET_PLAN_MAX_DEFAULTS) /* (not reached: fewer defaults exist) */
    return;
  dsnet_plan_default *d = &r->defaults[r->n_defaults++];
  d->field = field;
  size_t n = strlen(value); /* (a default fits: the longest is two prefixes) */
  if (n >= sizeof d->value)
    n = sizeof d->value - 1;
  memcpy(d->value, value, n); /* not snprintf: this runs a dozen times per evaluation */
  d->value[n] = '\0';
  d->source = source;
}

void dsnet__plan_default_version(ctx *c) {
  char v[8];
  if (c->aks) {
    c->aks_version = DSNET_AKSENGINE_DEFAULT_VERSION;
    dsnet_k8s_version_parse(c->aks_version, strlen(c->aks_version), &c->r->k8s_minor, NULL);
    dsnet__plan_defaulted(c, "--kubernetes-version", c->aks_version,
                          AKS "its default release 1.23 at its newest patch "
                              "(pkg/api/common/const.go, versions.go), resolved before "
                              "validation");
    return;
  }
  c->r->k8s_minor = DSNET_K8S_NEWEST_MINOR;
  snprintf(v, sizeof v, "1.%u", c->r->k8s_minor);
  dsnet__plan_defaulted(c, "--kubernetes-version", v,
                        "dsnet: the newest Kubernetes release whose rules it verified");
}

void dsnet__plan_default_plugin(ctx *c) {
  if (dsnet__sv_set(c->plan->network_plugin))
    return;
  c->r->azure = c->aks != 0;
  dsnet__plan_defaulted(c, "--network-plugin", c->aks ? "azure" : "kubenet",
                        c->aks ? AKS "the API model's conversion sets Azure CNI "
                                     "(pkg/api/vlabs/const.go:121-124, convertertoapi.go:356-362); "
                                     "its validation saw none"
                               : "dsnet: kubenet, the cloud-agnostic plugin");
}

/* The settings after the lists: kube-proxy's mode, the load balancer SKU,
 * kubelet's max pods. */
static void default_settings(ctx *c) {
  const dsnet_plan *plan = c->plan;
  if (!dsnet__sv_set(plan->kube_proxy_mode))
    dsnet__plan_defaulted(c, "--kube-proxy-mode", "iptables",
                          c->aks ? AKS "DefaultKubeProxyMode (pkg/api/const.go:472, "
                                       "defaults.go:485-487)"
                                 : "kube-proxy: blank means iptables on Linux "
                                   "(pkg/proxy/apis/config/validation)");
  if (c->aks && !dsnet__sv_set(plan->load_balancer_sku)) {
    int stack = (plan->model_flags & DSNET_AKSENGINE_AZURE_STACK) != 0;
    dsnet__plan_defaulted(c, "--load-balancer-sku", stack ? "Basic" : "Standard",
                          stack ? AKS "Basic on Azure Stack Hub (pkg/api/defaults.go:460-472)"
                                : AKS "Standard (pkg/api/defaults.go:460-472)");
  }
}

static void default_max_pods(ctx *c) {
  dsnet_plan_result *r = c->r;
  r->max_pods = c->plan->max_pods;
  if (r->max_pods)
    return;
  char v[24];
  r->max_pods = r->azure ? 30 : 110;
  snprintf(v, sizeof v, "%llu", (unsigned long long)r->max_pods);
  dsnet__plan_defaulted(c, "--max-pods", v,
                        c->aks     ? AKS "kubelet's --max-pods, 110, 30 with Azure CNI "
                                         "(pkg/api/defaults-kubelet.go:91,116-118)"
                        : r->azure ? "Azure CNI's 30 pods per node"
                                   : "kubelet: KubeletConfiguration maxPods 110");
}

/* The first entry of a list as a canonical IPv4 prefix, host bits masked (AKS
 * Engine takes the subnet from Go's ParseCIDR), or 0. */
static int first_ipv4(dsnet_strview v, unsigned pf, char *buf, size_t cap) {
  const char *comma = v.ptr ? memchr(v.ptr, ',', v.len) : NULL;
  size_t len = comma ? (size_t)(comma - v.ptr) : v.len;
  dsnet_prefix p;
  if (dsnet_prefix_parse(v.ptr, len, pf | DSNET_PARSE_MASK_HOST, &p, NULL) != DSNET_OK ||
      p.addr.family != DSNET_FAMILY_IPV4)
    return 0;
  dsnet_prefix_format(&p, buf, cap);
  return 1;
}

/* AKS Engine's nodes' subnet without a custom VNet (defaults.go:506-540):
 * masters as a scale set get 10.240.0.0/16; otherwise kubenet's masters get
 * 10.240.0.0/16 and Azure CNI's the first cluster subnet entry (with
 * dual-stack only entry [0]), which the agents share. The IPv6 subnet is
 * always DefaultKubernetesMasterSubnetIPv6. */
static void aks_node_subnet(ctx *c) {
  const dsnet_plan *plan = c->plan;
  int vmss = 0;
  for (size_t i = 0; plan->pools && i < plan->n_pools; i++)
    vmss |= plan->pools[i].control_plane &&
            dsnet__sv_eq(plan->pools[i].availability, "VirtualMachineScaleSets");
  char v4[DSNET_PREFIX_STRLEN];
  if (c->r->azure && !vmss && first_ipv4(c->cluster, c->pf, v4, sizeof v4)) {
    snprintf(c->buf[3], sizeof c->buf[3], "%s,2001:1234:5678:9abc::/64", v4);
    c->node_subnet = dsnet__sv_lit(c->buf[3]);
    dsnet__plan_defaulted(c, "--node-subnet", c->buf[3],
                          AKS "Azure CNI puts the nodes in the first cluster subnet entry "
                              "(pkg/api/defaults.go:509-515); IPv6: "
                              "DefaultKubernetesMasterSubnetIPv6 (const.go:348)");
    return;
  }
  c->node_subnet = dsnet__sv_lit("10.240.0.0/16,2001:1234:5678:9abc::/64");
  dsnet__plan_defaulted(c, "--node-subnet", "10.240.0.0/16,2001:1234:5678:9abc::/64",
                        AKS "DefaultKubernetesMasterSubnet and ...SubnetIPv6 (pkg/api/"
                            "const.go:345,348; defaults.go:506-540)");
}

/* AKS Engine's fill-in of a list field (defaults.go:256-296, 306-339): the
 * text into buf (the raw value when a list too long for it), the added part
 * recorded. */
static dsnet_strview aks_fill(ctx *c, dsnet_strview raw, const char *def4, const char *def6,
                              const char *field, const char *source, char *buf, size_t cap) {
  if (dsnet_aksengine_fill_list(raw, def4, def6, buf, cap) >= cap)
    return raw; /* (only a list with a comma is that long, and it is kept as it is) */
  dsnet_strview out = dsnet__sv_lit(buf);
  if (!dsnet__sv_set(raw))
    dsnet__plan_defaulted(c, field, buf, source);
  else if (out.len > raw.len) /* one family added: which one, the text says */
    dsnet__plan_defaulted(c, field, memcmp(buf, raw.ptr, raw.len) == 0 ? def6 : def4, source);
  return out;
}

void dsnet__plan_default_lists(ctx *c) {
  const dsnet_plan *plan = c->plan;
  const char *def4 = c->r->azure ? "10.240.0.0/12" : "10.244.0.0/16";
  const char *def6 = dsnet_aksengine_default_cluster_subnet_ipv6(c->r->k8s_minor);
  c->cluster = plan->cluster_cidr;
  c->service = plan->service_cidr;
  c->dns = plan->dns_service_ip;
  if (c->aks) { /* setOrchestratorDefaults' order: cluster, DNS, docker, service, ... */
    c->cluster = aks_fill(c, plan->cluster_cidr, def4, def6, "--cluster-cidr",
                          AKS "clusterSubnet, per plugin and version: 10.244.0.0/16 (Azure CNI "
                              "10.240.0.0/12) and fc00::/48 (1.16: fc00::/8); a single entry "
                              "gets the other family's (pkg/api/defaults.go:256-296, 1204-1215)",
                          c->buf[0], sizeof c->buf[0]);
    if (!dsnet__sv_set(c->dns)) {
      c->dns = dsnet__sv_lit("10.0.0.10");
      dsnet__plan_defaulted(c, "--dns-service-ip", "10.0.0.10",
                            AKS "DefaultKubernetesDNSServiceIP, IPv4 only with dual-stack "
                                "(pkg/api/const.go:446, defaults.go:306-339)");
    }
  } else if (!dsnet__sv_set(c->cluster)) {
    snprintf(c->buf[0], sizeof c->buf[0], "%s,%s", def4, def6);
    c->cluster = dsnet__sv_lit(c->buf[0]);
    dsnet__plan_defaulted(c, "--cluster-cidr", c->buf[0],
                          "dsnet: AKS Engine's dual-stack defaults (pkg/api/const.go:440-442)");
  }
  if (!dsnet__sv_set(plan->docker_bridge_subnet))
    dsnet__plan_defaulted(c, "--docker-bridge-subnet", "172.17.0.1/16",
                          c->aks ? AKS "DefaultDockerBridgeSubnet (pkg/api/const.go:456)"
                                 : "docker: its default bridge, 172.17.0.1/16");
  c->docker = dsnet__sv_set(plan->docker_bridge_subnet) ? plan->docker_bridge_subnet
                                                        : dsnet__sv_lit("172.17.0.1/16");
  if (c->aks) {
    c->service = aks_fill(c, plan->service_cidr, "10.0.0.0/16", "fd00::/108", "--service-cidr",
                          AKS "serviceCidr 10.0.0.0/16,fd00::/108; a single entry gets the other "
                              "family's (pkg/api/defaults.go:306-339)",
                          c->buf[1], sizeof c->buf[1]);
  } else if (!dsnet__sv_set(c->service)) {
    c->service = dsnet__sv_lit("10.0.0.0/16,fd00::/108");
    dsnet__plan_defaulted(c, "--service-cidr", "10.0.0.0/16,fd00::/108",
                          "dsnet: AKS Engine's dual-stack defaults (pkg/api/const.go:444,448)");
  }
  default_settings(c);
  if (dsnet__sv_set(plan->node_subnet))
    c->node_subnet = plan->node_subnet;
  else if (c->aks)
    aks_node_subnet(c);
  else {
    c->node_subnet = dsnet__sv_lit("10.240.0.0/16,2001:1234:5678:9abc::/64");
    dsnet__plan_defaulted(c, "--node-subnet", "10.240.0.0/16,2001:1234:5678:9abc::/64",
                          "dsnet: AKS Engine's master subnets (pkg/api/const.go:345,348)");
  }
  if (dsnet__sv_set(plan->vnet_cidr)) {
    c->vnet = plan->vnet_cidr;
  } else {
    c->vnet = dsnet__sv_lit("10.0.0.0/8,2001:1234:5678:9a00::/56");
    dsnet__plan_defaulted(c, "--vnet-cidr", "10.0.0.0/8,2001:1234:5678:9a00::/56",
                          c->aks ? AKS "DefaultVNETCIDR and DefaultVNETCIDRIPv6 "
                                       "(pkg/api/const.go:355,357)"
                                 : "dsnet: AKS Engine's VNet ranges (pkg/api/const.go:355,357)");
  }
  default_max_pods(c);
}

void dsnet__plan_default_masks(ctx *c) {
  const dsnet_plan_result *r = c->r;
  const dsnet_node_mask_flags *m = &c->plan->node_mask_flags;
  if (!r->masks_ok || m->mask_size || (m->mask_size_ipv4 && m->mask_size_ipv6))
    return;
  for (size_t i = r->pod_cidr_first; i < r->pod_cidr_first + r->n_pod_cidrs; i++) {
    unsigned f = r->cluster.cidr[i].addr.family;
    if ((f == DSNET_FAMILY_IPV4 && m->mask_size_ipv4) ||
        (f == DSNET_FAMILY_IPV6 && m->mask_size_ipv6))
      continue;
    char v[8];
    snprintf(v, sizeof v, "%u", r->masks.mask[i]);
    const char *field =
        dsnet_nodeipam_rules_of(r->k8s_minor) == DSNET_NODEIPAM_RULES_1_16 || r->n_pod_cidrs == 1
            ? "--node-cidr-mask-size"
        : f == DSNET_FAMILY_IPV4 ? "--node-cidr-mask-size-ipv4"
                                 : "--node-cidr-mask-size-ipv6";
    dsnet__plan_defaulted(c, field, v,
                          c->aks ? "kube-controller-manager's default (AKS Engine sets no mask "
                                   "flag): /24 for IPv4, /64 for IPv6 (1.16: /24 for both)"
                                 : "kube-controller-manager's default: /24 for IPv4, /64 for IPv6 "
                                   "(1.16: /24 for both)");
  }
}
