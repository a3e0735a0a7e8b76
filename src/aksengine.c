/* dsnet aksengine module: AKS Engine's dual-stack networking checks and
 * defaults, in its words (reference/aks-engine-rules.md sections 2.2, 3.2, 3.3).
 * AKS Engine parses with Go's net.ParseCIDR / ParseIP of the Go release its
 * last version was built with (v0.77.0, Go 1.19: Azure/aks-engine#5078 "use
 * go 1.19", and release.yaml's go-version-file: go.mod): DSNET_PARSE_GO_NET,
 * host bits allowed (masked for the checks). */
#include "dsnet/aksengine.h"

#include <stdarg.h>
#include <stdio.h>

#include "dsnet/nodeipam.h"
#include "dsnet/prefix.h"
#include "fail.h"
#include "findings.h"
#include "outbuf.h"
#include "service_rules.h"
#include "sv.h"

#define KC "OrchestratorProfile.KubernetesConfig."

/* The sink of dsnet_aksengine_validate(): every error in the caller's array
 * (at most DSNET_AKSENGINE_MAX_ERRORS). */
typedef struct ctx {
  dsnet__sink sink;
  dsnet_aksengine_error *out;
  size_t n;
} ctx;

static void errors_put(dsnet__sink *s, const dsnet__finding *f) {
  ctx *c = (ctx *)(void *)s; /* the sink is the first member */
  if (c->n >= DSNET_AKSENGINE_MAX_ERRORS)
    return;
  dsnet_aksengine_error *e = &c->out[c->n++];
  e->check = f->rule->check;
  e->code = f->rule->code;
  e->field = f->field;
  snprintf(e->message, sizeof e->message, "%s", f->message);
}

/* AKS Engine's check E<check>, in its words. */
#define add(c, check, ...) dsnet__add(&(c)->sink, DSNET__ERROR, check, __VA_ARGS__)

/* Go 1.19's ParseCIDR: its grammar, any host bits. */
static int go_cidr(const char *s, size_t len, dsnet_prefix *p) {
  return dsnet_prefix_parse(s, len, DSNET_PARSE_GO_NET | DSNET_PARSE_MASK_HOST, p, NULL) ==
         DSNET_OK;
}

/* Go 1.19's ParseIP, and To4(): an IPv4-mapped IPv6 address is the IPv4
 * address inside (IPNet.Contains and IP.Equal compare it so). */
static int go_ip(dsnet_strview v, dsnet_addr *a) {
  if (dsnet_addr_parse(v.ptr, v.len, DSNET_PARSE_GO_NET, a, NULL) != DSNET_OK)
    return 0;
  if (dsnet_addr_is_ipv4_mapped(a))
    dsnet_addr_unmap(a, a);
  return 1;
}

/* Split a list on ',' (no trimming, as AKS Engine does). */
static size_t split(dsnet_strview v, dsnet_strview parts[4]) {
  size_t n = 0;
  const char *p = v.ptr, *end = v.ptr + v.len;
  for (;;) {
    const char *c = memchr(p, ',', (size_t)(end - p));
    if (n < 4) {
      parts[n].ptr = p;
      parts[n].len = c ? (size_t)(c - p) : (size_t)(end - p);
    }
    n++;
    if (!c)
      return n;
    p = c + 1;
  }
}

/* The validation's state: the sink, the configuration, and what the
 * version and plugin checks found. */
typedef struct vctx {
  ctx sink; /* first member */
  const dsnet_aksengine_config *cfg;
  unsigned minor, patch; /* the version's (the newest release when unset) */
  int have_version, azure;
  int full_semver; /* MAJOR.MINOR.PATCH as github.com/blang/semver takes it */
  int pre;         /* ... with a pre-release, which sorts below its release */
} vctx;

/* Dot-separated identifiers of [0-9A-Za-z-], none empty; numeric ones
 * without leading zeros when pre (a pre-release; build metadata allows them). */
static int idents(const char **sp, const char *end, int pre) {
  const char *s = *sp;
  for (;;) {
    const char *d = s;
    int numeric = 1;
    while (s < end && ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
                       (*s >= 'A' && *s <= 'Z') || *s == '-')) {
      numeric &= *s >= '0' && *s <= '9';
      s++;
    }
    if (s == d || (pre && numeric && *d == '0' && s - d > 1))
      return 0;
    if (s == end || *s != '.')
      break;
    s++;
  }
  *sp = s;
  return 1;
}

/* blang/semver's Make: MAJOR.MINOR.PATCH, numbers without leading zeros, an
 * optional -pre-release and +build. *pre: it has a pre-release. */
static int semver(dsnet_strview v, int *pre) {
  const char *s = v.ptr ? v.ptr : "", *end = s + v.len;
  *pre = 0;
  for (int part = 0; part < 3; part++) {
    const char *d = s;
    while (s < end && *s >= '0' && *s <= '9')
      s++;
    if (s == d || (*d == '0' && s - d > 1))
      return 0;
    if (part < 2 && (s == end || *s++ != '.'))
      return 0;
  }
  if (s < end && *s == '-') {
    *pre = 1;
    s++;
    if (!idents(&s, end, 1))
      return 0;
  }
  if (s < end && *s == '+') {
    s++;
    if (!idents(&s, end, 0))
      return 0;
  }
  return s == end;
}

/* The model's version below a gate's release 1.x.0, as AKS Engine's semver
 * LT compares it: a pre-release of 1.x.0 is below it; a release alone
 * ("1.18") stands for its newest patch (RationalizeReleaseAndVersion). */
static int version_lt(const vctx *c, dsnet_k8s_gate gate) {
  unsigned want = dsnet_k8s_gate_minor(gate);
  return c->minor < want || (c->minor == want && c->patch == 0 && c->pre);
}

#define RAW(v) (int)(v).len, (v).ptr ? (v).ptr : ""
#undef add
#define add(c, check, ...) dsnet__add(&(c)->sink.sink, DSNET__ERROR, check, __VA_ARGS__)

/* orchestratorVersion, networkPlugin, networkPolicy: E2-E5 */
static void check_version_plugin(vctx *c) {
  if (!c->have_version)
    add(c, 2, "aks_engine_version_invalid", "orchestratorProfile.orchestratorVersion",
        "could not validate version %.*s", RAW(c->cfg->orchestrator_version));
  else if (version_lt(c, DSNET_K8S_GATE_DUAL_STACK))
    add(c, 3, "aks_engine_dual_stack_version", "orchestratorProfile.orchestratorVersion",
        "IPv6 dual stack not available in kubernetes version %.*s",
        RAW(c->cfg->orchestrator_version));
  int kubenet = dsnet__sv_eq(c->cfg->network_plugin, "kubenet"), azure = c->azure;
  if (!kubenet && !azure)
    add(c, 4, "aks_engine_network_plugin", "kubernetesConfig.networkPlugin",
        KC "NetworkPlugin '%.*s' is invalid. IPv6 dual stack supported only with 'kubenet' and "
           "'azure'",
        RAW(c->cfg->network_plugin));
  if (azure && dsnet__sv_set(c->cfg->network_policy))
    add(c, 5, "aks_engine_network_policy", "kubernetesConfig.networkPolicy",
        "Network policy %.*s is not supported for azure cni dualstack",
        RAW(c->cfg->network_policy));
}

/* clusterSubnet: E9, E10, E11 */
static void check_cluster_subnet(vctx *c) {
  if (dsnet__sv_set(c->cfg->cluster_subnet)) {
    dsnet_strview parts[4];
    size_t n = split(c->cfg->cluster_subnet, parts);
    if (n > 2) {
      add(c, 9, "aks_engine_cluster_subnet_count", "kubernetesConfig.clusterSubnet",
          KC "ClusterSubnet '%.*s' is an invalid subnet. Not more than 2 subnets for ipv6 dual "
             "stack",
          RAW(c->cfg->cluster_subnet));
    } else {
      for (size_t i = 0; i < n; i++) {
        dsnet_prefix p;
        if (!go_cidr(parts[i].ptr, parts[i].len, &p)) {
          add(c, 10, "aks_engine_cluster_subnet_invalid", "kubernetesConfig.clusterSubnet",
              KC "ClusterSubnet '%.*s' is an invalid subnet", RAW(parts[i]));
          continue;
        }
        if (c->azure && dsnet_prefix_host_bits(&p) <= 8)
          add(c, 11, "aks_engine_cluster_subnet_host_bits", "kubernetesConfig.clusterSubnet",
              KC "ClusterSubnet '%.*s' must reserve at least 9 bits for nodes", RAW(parts[i]));
      }
    }
  }
}

/* dockerBridgeSubnet, maxPods: E12, E13 */
static void check_docker_max_pods(vctx *c) {
  if (dsnet__sv_set(c->cfg->docker_bridge_subnet)) {
    dsnet_prefix p;
    if (!go_cidr(c->cfg->docker_bridge_subnet.ptr, c->cfg->docker_bridge_subnet.len, &p))
      add(c, 12, "aks_engine_docker_bridge_subnet_invalid", "kubernetesConfig.dockerBridgeSubnet",
          KC "DockerBridgeSubnet '%.*s' is an invalid subnet", RAW(c->cfg->docker_bridge_subnet));
  }
  if (c->cfg->max_pods != 0 && c->cfg->max_pods < 5)
    add(c, 13, "aks_engine_max_pods", "kubernetesConfig.maxPods",
        KC "MaxPods '%llu' must be at least %d", (unsigned long long)c->cfg->max_pods, 5);
}

/* The DNS IP inside the primary service CIDR, neither its broadcast
 * address nor its first IP: E21-E23 */
static void check_dns_placement(vctx *c, const dsnet_prefix *svc, const dsnet_addr *dns,
                                dsnet_strview primary) {
  unsigned pos = dsnet__service_ip_position(svc, dns);
  if (pos & DSNET__SERVICE_IP_OUTSIDE)
    add(c, 21, "aks_engine_dns_service_ip_outside", "kubernetesConfig.dnsServiceIP",
        KC "DNSServiceIP '%.*s' is not within the ServiceCidr '%.*s'", RAW(c->cfg->dns_service_ip),
        RAW(primary));
  else if (pos & DSNET__SERVICE_IP_LAST)
    add(c, 22, "aks_engine_dns_service_ip_broadcast", "kubernetesConfig.dnsServiceIP",
        KC "DNSServiceIP '%.*s' cannot be the broadcast address of ServiceCidr '%.*s'",
        RAW(c->cfg->dns_service_ip), RAW(primary));
  else if (pos & DSNET__SERVICE_IP_APISERVER)
    add(c, 23, "aks_engine_dns_service_ip_first", "kubernetesConfig.dnsServiceIP",
        KC "DNSServiceIP '%.*s' cannot be the first IP of ServiceCidr '%.*s'",
        RAW(c->cfg->dns_service_ip), RAW(primary));
}

/* serviceCidr and dnsServiceIP: E15-E20, then the placement */
static void check_service(vctx *c) {
  int has_svc = dsnet__sv_set(c->cfg->service_cidr),
      has_dns = dsnet__sv_set(c->cfg->dns_service_ip);
  if (has_svc && !has_dns)
    add(c, 15, "aks_engine_dns_service_ip_required", "kubernetesConfig.dnsServiceIP",
        KC "DNSServiceIP must be specified when ServiceCidr is");
  if (has_dns && !has_svc)
    add(c, 16, "aks_engine_service_cidr_required", "kubernetesConfig.serviceCidr",
        KC "ServiceCidr must be specified when DNSServiceIP is");
  if (has_svc && has_dns) {
    dsnet_addr dns;
    int dns_ok = go_ip(c->cfg->dns_service_ip, &dns);
    if (!dns_ok)
      add(c, 17, "aks_engine_dns_service_ip_invalid", "kubernetesConfig.dnsServiceIP",
          KC "DNSServiceIP '%.*s' is an invalid IP address", RAW(c->cfg->dns_service_ip));
    dsnet_strview parts[4], primary = c->cfg->service_cidr;
    size_t n = split(c->cfg->service_cidr, parts);
    int primary_ok = 1;
    if (n > 2) {
      add(c, 18, "aks_engine_service_cidr_count", "kubernetesConfig.serviceCidr",
          KC "ServiceCidr '%.*s' is an invalid CIDR subnet. More than 2 CIDRs not allowed for "
             "dualstack",
          RAW(c->cfg->service_cidr));
      primary_ok = 0;
    } else if (n == 2) {
      dsnet_prefix p;
      if (!go_cidr(parts[1].ptr, parts[1].len, &p))
        add(c, 19, "aks_engine_service_cidr_invalid", "kubernetesConfig.serviceCidr",
            KC "ServiceCidr '%.*s' is an invalid CIDR subnet", RAW(parts[1]));
      primary = parts[0];
    }
    dsnet_prefix svc;
    if (primary_ok && !go_cidr(primary.ptr, primary.len, &svc)) {
      add(c, 20, "aks_engine_service_cidr_invalid", "kubernetesConfig.serviceCidr",
          KC "ServiceCidr '%.*s' is an invalid CIDR subnet", RAW(primary));
      primary_ok = 0;
    }
    if (primary_ok && dns_ok)
      check_dns_placement(c, &svc, &dns, primary);
  }
}

/* kubeProxyMode: E24, E25 */
static void check_kube_proxy(vctx *c) {
  int iptables = dsnet__sv_eq(c->cfg->kube_proxy_mode, "iptables"),
      ipvs = dsnet__sv_eq(c->cfg->kube_proxy_mode, "ipvs");
  if (dsnet__sv_set(c->cfg->kube_proxy_mode) && !iptables && !ipvs)
    add(c, 24, "aks_engine_kube_proxy_mode", "kubernetesConfig.kubeProxyMode",
        "Invalid KubeProxyMode %.*s. Allowed modes are %s and %s", RAW(c->cfg->kube_proxy_mode),
        "iptables", "ipvs");
  if (iptables && c->have_version && version_lt(c, DSNET_K8S_GATE_KUBE_PROXY_IPTABLES_DUAL_STACK))
    add(c, 25, "aks_engine_kube_proxy_mode_version", "kubernetesConfig.kubeProxyMode",
        "KubeProxyMode %s in dualstack not supported with %.*s version", "iptables",
        RAW(c->cfg->orchestrator_version));
}

/* networkPolicy against AKS Engine's lists (vlabs/const.go NetworkPolicyValues,
 * validate.go networkPluginPlusPolicyAllowed): E27 */
static void check_network_policy(vctx *c) {
  dsnet_strview pol = c->cfg->network_policy, plug = c->cfg->network_plugin;
  static const char *const policies[] = {"", "calico", "cilium", "azure", "none", "antrea"};
  static const char *const pairs[][2] = {
      {"", ""},        {"azure", ""},        {"azure", "azure"},    {"kubenet", ""},
      {"flannel", ""}, {"cilium", "cilium"}, {"kubenet", "calico"}, {"azure", "calico"},
      {"", "calico"},  {"", "cilium"},       {"antrea", "antrea"},  {"azure", "antrea"},
      {"", "antrea"},  {"", "azure"},        {"", "none"}};
  int known = 0, allowed = 0;
  for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++)
    known |= dsnet__sv_eq(pol, policies[i]) || (!pol.ptr && !policies[i][0]);
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
    allowed |= (dsnet__sv_eq(plug, pairs[i][0]) || (!plug.ptr && !pairs[i][0][0])) &&
               (dsnet__sv_eq(pol, pairs[i][1]) || (!pol.ptr && !pairs[i][1][0]));
  if (!known)
    add(c, 27, "aks_engine_network_policy_invalid", "kubernetesConfig.networkPolicy",
        "unknown networkPolicy '%.*s' specified", RAW(pol));
  else if (!allowed)
    add(c, 27, "aks_engine_network_policy_plugin", "kubernetesConfig.networkPolicy",
        "networkPolicy '%.*s' is not supported with networkPlugin '%.*s'", RAW(pol), RAW(plug));
}

/* networkMode (validate.go validateNetworkMode): E28-E30 */
static void check_network_mode(vctx *c) {
  dsnet_strview m = c->cfg->network_mode;
  if (!dsnet__sv_set(m))
    return;
  if (!dsnet__sv_eq(m, "bridge") && !dsnet__sv_eq(m, "transparent"))
    add(c, 28, "aks_engine_network_mode_invalid", "kubernetesConfig.networkMode",
        "unknown networkMode '%.*s' specified", RAW(m));
  if (!c->azure)
    add(c, 29, "aks_engine_network_mode_plugin", "kubernetesConfig.networkMode",
        "networkMode requires network plugin to be 'azure'");
  if (dsnet__sv_eq(c->cfg->network_policy, "calico") && !dsnet__sv_eq(m, "transparent"))
    add(c, 30, "aks_engine_network_mode_calico", "kubernetesConfig.networkMode",
        "networkMode '%.*s' is not supported by calico", RAW(m));
}

/* loadBalancerSku (validate.go ValidateOrchestratorProfile): E34-E36 */
static void check_load_balancer(vctx *c) {
  dsnet_strview sku = c->cfg->load_balancer_sku;
  if (dsnet__sv_set(sku) && !dsnet__sv_eq_fold(sku, "Standard") && !dsnet__sv_eq_fold(sku, "Basic"))
    add(c, 34, "aks_engine_load_balancer_sku", "kubernetesConfig.loadBalancerSku",
        "Invalid value for loadBalancerSku, only %s and %s are supported", "Standard", "Basic");
  if (dsnet__sv_eq(sku, "Standard") &&
      !(c->cfg->flags & DSNET_AKSENGINE_EXCLUDE_MASTER_FROM_STANDARD_LB))
    add(c, 35, "aks_engine_load_balancer_exclude_master",
        "kubernetesConfig.excludeMasterFromStandardLB",
        "standard loadBalancerSku should exclude master nodes. Please set KubernetesConfig "
        "\"ExcludeMasterFromStandardLB\" to \"true\"");
  if (dsnet__sv_eq(sku, "Basic") && (c->cfg->flags & DSNET_AKSENGINE_LOAD_BALANCER_OUTBOUND_IPS))
    add(c, 36, "aks_engine_load_balancer_outbound_ips", "kubernetesConfig.loadBalancerOutboundIPs",
        "kubernetesConfig.loadBalancerOutboundIPs configuration only supported for Standard "
        "loadBalancerSku=Standard");
}
/* featureFlags.enableIPv6Only with dual-stack on: E1 */
static void check_feature_flags(vctx *c) {
  if (c->cfg->flags & DSNET_AKSENGINE_IPV6_ONLY)
    add(c, 1, "aks_engine_ipv6_only_dual_stack", "featureFlags.enableIPv6Only",
        "featureFlags.EnableIPv6DualStack and featureFlags.EnableIPv6Only can't be enabled at "
        "the same time.");
}

static int is_vmss(const dsnet_node_pool *p) {
  return dsnet__sv_eq(p->availability, "VirtualMachineScaleSets");
}

/* The pools, with dual-stack on (validate.go validateAgentPoolProfiles; the
 * count tags of vlabs/types.go through common.HandleValidationErrors):
 * E31-E33, E42. The Windows check reads the raw orchestratorVersion through
 * common.IsKubernetesVersionGe, which takes a version that is not full
 * semver ("1.19", or none) as 0.0.0: such a model fails it, whatever its
 * release (reference/aks-engine-rules.md 2.3). */
static void check_pools(vctx *c) {
  int v6only = (c->cfg->flags & DSNET_AKSENGINE_IPV6_ONLY) != 0;
  int win_ok = c->full_semver && !(c->cfg->flags & DSNET_AKSENGINE_VERSION_RESOLVED) &&
               !version_lt(c, DSNET_K8S_GATE_WINDOWS_DUAL_STACK);
  for (size_t i = 0; i < c->cfg->n_pools; i++) {
    const dsnet_node_pool *p = &c->cfg->pools[i];
    if (p->control_plane) {
      if (p->count != 1 && p->count != 3 && p->count != 5)
        add(c, 42, "aks_engine_pool_count", "masterProfile.count",
            "MasterProfile count needs to be 1, 3, or 5");
      continue;
    }
    if (p->count < 1 || p->count > 1000)
      add(c, 42, "aks_engine_pool_count", "agentPoolProfiles.count",
          "AgentPoolProfile count needs to be in the range [%d,%d]", 1, 1000);
    if (dsnet__sv_eq(p->os_type, "Windows") && v6only)
      add(c, 32, "aks_engine_windows_ipv6_only", "agentPoolProfiles.osType",
          "Single stack IPv6 feature is supported only with Linux, but agent pool '%.*s' is of os "
          "type %s",
          RAW(p->name), "Windows");
    else if (dsnet__sv_eq(p->os_type, "Windows") && !win_ok)
      add(c, 31, "aks_engine_windows_version", "agentPoolProfiles.osType",
          "Dual stack IPv6 feature is supported on Windows only from Kubernetes version 1.%u, but "
          "OrchestratorProfile.OrchestratorVersion is '%.*s'",
          dsnet_k8s_gate_minor(DSNET_K8S_GATE_WINDOWS_DUAL_STACK),
          (c->cfg->flags & DSNET_AKSENGINE_VERSION_RESOLVED)
              ? 0
              : (int)c->cfg->orchestrator_version.len,
          c->cfg->orchestrator_version.ptr ? c->cfg->orchestrator_version.ptr : "");
    if (dsnet__sv_eq(p->distro, "flatcar"))
      add(c, 33, "aks_engine_pool_distro", "agentPoolProfiles.distro",
          "Dual stack and single stack IPv6 feature is currently supported only with Ubuntu, but "
          "agent pool '%.*s' is of distro type %s",
          RAW(p->name), "flatcar");
  }
}

/* A vnetSubnetID as common.GetVNETSubnetIDComponents matches it:
 * ^/subscriptions/([^/]*)/resourceGroups/([^/]*)/providers/Microsoft.Network/virtualNetworks/([^/]*)/subnets/([^/]*)$
 * (the regexp's '.' any byte but a newline); part[] gets the subscription,
 * resource group and VNet. */
static int vnet_id(dsnet_strview id, dsnet_strview part[3]) {
  static const char *const lit[] = {"/subscriptions/", "/resourceGroups/",
                                    "/providers/Microsoft.Network/virtualNetworks/", "/subnets/"};
  const char *s = id.ptr ? id.ptr : "", *end = s + id.len;
  for (size_t k = 0; k < 4; k++) {
    for (const char *l = lit[k]; *l; l++, s++)
      if (s == end || (*l == '.' ? *s == '\n' : *s != *l))
        return 0;
    const char *cap = s;
    while (s < end && *s != '/')
      s++;
    if (k < 3) {
      part[k].ptr = cap;
      part[k].len = (size_t)(s - cap);
    }
  }
  return s == end;
}

static int sv_same(dsnet_strview a, dsnet_strview b) {
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* A custom VNet (validate.go validateVNET, validateMasterProfile): a
 * vnetSubnetID on every profile or on none, one VNet, a valid first static
 * IP: E37-E41 */
static void check_vnet(vctx *c) {
  const dsnet_node_pool *ref = NULL;
  for (size_t i = 0; i < c->cfg->n_pools && !ref; i++)
    if (c->cfg->pools[i].control_plane)
      ref = &c->cfg->pools[i];
  if (!ref && c->cfg->n_pools)
    ref = &c->cfg->pools[0];
  if (!ref)
    return;
  int custom = dsnet__sv_set(ref->subnet);
  if (ref->control_plane && is_vmss(ref) && custom && dsnet__sv_set(ref->first_ip))
    add(c, 41, "aks_engine_first_static_ip_vmss", "masterProfile.firstConsecutiveStaticIP",
        "when masterProfile's availabilityProfile is VirtualMachineScaleSets and a vnetSubnetID "
        "is specified, the firstConsecutiveStaticIP should be empty and will be determined by an "
        "offset from the first IP in the vnetCidr");
  for (size_t i = 0; i < c->cfg->n_pools; i++)
    if (dsnet__sv_set(c->cfg->pools[i].subnet) != custom) {
      add(c, 37, "aks_engine_vnet_subnet_mixed", "agentPoolProfiles.vnetSubnetID",
          "Multiple VNET Subnet configurations specified.  The master profile and each agent pool "
          "profile must all specify a custom VNET Subnet, or none at all");
      return;
    }
  if (!custom)
    return;
  dsnet_strview want[3], got[3];
  int ref_ok = vnet_id(ref->subnet, want);
  for (size_t i = 0; i < c->cfg->n_pools; i++) {
    const dsnet_node_pool *p = &c->cfg->pools[i];
    if (!vnet_id(p->subnet, got)) {
      add(c, 38, "aks_engine_vnet_subnet_id_invalid",
          p->control_plane ? "masterProfile.vnetSubnetID" : "agentPoolProfiles.vnetSubnetID",
          "Unable to parse vnetSubnetID. Please use a vnetSubnetID with format "
          "/subscriptions/SUB_ID/resourceGroups/RG_NAME/providers/Microsoft.Network/"
          "virtualNetworks/VNET_NAME/subnets/SUBNET_NAME");
    } else if (ref_ok && !(sv_same(got[0], want[0]) && sv_same(got[1], want[1]) &&
                           sv_same(got[2], want[2]))) {
      add(c, 39, "aks_engine_vnet_multiple", "agentPoolProfiles.vnetSubnetID",
          "Multiple VNETS specified.  The master profile and each agent pool must reference the "
          "same VNET (but it is ok to reference different subnets on that VNET)");
      ref_ok = 0; /* (AKS Engine stops at the first) */
    }
  }
  dsnet_addr ip;
  if (ref->control_plane && !is_vmss(ref) && !go_ip(ref->first_ip, &ip))
    add(c, 40, "aks_engine_first_static_ip_invalid", "masterProfile.firstConsecutiveStaticIP",
        "MasterProfile.FirstConsecutiveStaticIP (with VNET Subnet specification) '%.*s' is an "
        "invalid IP address",
        RAW(ref->first_ip));
}

/* Azure Stack Hub: the dual-stack page's "not supported on Azure Stack Hub
 * clouds" (E43), and validate.go validateAzureStackSupport (E44, E45). */
static void check_azure_stack(vctx *c) {
  if (!(c->cfg->flags & DSNET_AKSENGINE_AZURE_STACK))
    return;
  add(c, 43, "aks_engine_azure_stack", "customCloudProfile",
      "The \"dual-stack\" feature is not supported on Azure Stack Hub clouds");
  dsnet_strview plug = c->cfg->network_plugin;
  if (dsnet__sv_set(plug) && !dsnet__sv_eq(plug, "azure") && !dsnet__sv_eq(plug, "kubenet"))
    add(c, 44, "aks_engine_azure_stack_network_plugin", "kubernetesConfig.networkPlugin",
        "kubernetesConfig.networkPlugin '%.*s' is not supported on Azure Stack clouds", RAW(plug));
  for (size_t i = 0; i < c->cfg->n_pools; i++) {
    const dsnet_node_pool *p = &c->cfg->pools[i];
    if (p->control_plane && is_vmss(p))
      add(c, 45, "aks_engine_azure_stack_availability", "masterProfile.availabilityProfile",
          "masterProfile.availabilityProfile should be set to '%s' on Azure Stack clouds",
          "AvailabilitySet");
    else if (!p->control_plane && !dsnet__sv_eq(p->availability, "AvailabilitySet"))
      add(c, 45, "aks_engine_azure_stack_availability", "agentPoolProfiles.availabilityProfile",
          "agentPoolProfiles[%.*s].availabilityProfile should be set to '%s' on Azure Stack clouds",
          RAW(p->name), "AvailabilitySet");
  }
}
#undef RAW

dsnet_status dsnet_aksengine_validate(const dsnet_aksengine_config *cfg, dsnet_aksengine_error *out,
                                      size_t *n_out, dsnet_error *err) {
  if (!cfg || !out || !n_out)
    return dsnet__fail(err, DSNET_EINVAL, 0, "dsnet_aksengine_validate: NULL argument");
  vctx c = {{{errors_put, 0, 0}, out, 0}, cfg, 0, 0, 0, 0, 0, 0};
  dsnet_strview v = dsnet__sv_set(cfg->orchestrator_version)
                        ? cfg->orchestrator_version
                        : dsnet__sv_lit(DSNET_AKSENGINE_DEFAULT_VERSION); /* what it resolves */
  c.have_version = dsnet_k8s_version_parse(v.ptr, v.len, &c.minor, &c.patch);
  c.full_semver = semver(cfg->orchestrator_version, &c.pre);
  c.pre &= c.full_semver;
  c.azure = dsnet__sv_eq(cfg->network_plugin, "azure");
  check_feature_flags(&c);
  check_version_plugin(&c);
  check_cluster_subnet(&c);
  check_docker_max_pods(&c);
  check_service(&c);
  check_kube_proxy(&c);
  check_network_policy(&c);
  check_network_mode(&c);
  check_load_balancer(&c);
  check_pools(&c);
  check_vnet(&c);
  check_azure_stack(&c);
  *n_out = c.sink.n;
  return dsnet__ok(err);
}

/* a "," b into (buf, cap) under dsnet__emit's contract, with no length limit. */
static size_t join(dsnet_strview a, dsnet_strview b, char *buf, size_t cap) {
  size_t n = a.len + 1 + b.len;
  if (n >= cap)
    return dsnet__emit(NULL, n, buf, cap);
  memcpy(buf, a.ptr, a.len);
  buf[a.len] = ',';
  memcpy(buf + a.len + 1, b.ptr, b.len);
  buf[n] = '\0';
  return n;
}

size_t dsnet_aksengine_fill_list(dsnet_strview value, const char *def_v4, const char *def_v6,
                                 char *buf, size_t cap) {
  dsnet_strview d4 = dsnet__sv_lit(def_v4), d6 = dsnet__sv_lit(def_v6);
  if (!value.ptr || value.len == 0)
    return join(d4, d6, buf, cap);
  if (memchr(value.ptr, ',', value.len))
    return dsnet__emit(value.ptr, value.len, buf, cap); /* a list is kept as it is */
  dsnet_prefix p;
  dsnet_addr a;
  int is_v4; /* Go's To4() != nil: IPv4, or IPv4-mapped IPv6 */
  if (go_cidr(value.ptr, value.len, &p))
    is_v4 = p.addr.family == DSNET_FAMILY_IPV4 || dsnet_addr_is_ipv4_mapped(&p.addr);
  else if (go_ip(value, &a))
    is_v4 = a.family == DSNET_FAMILY_IPV4;
  else
    return dsnet__emit(value.ptr, value.len, buf, cap); /* does not parse: left alone */
  return is_v4 ? join(value, d6, buf, cap)
               : join(d4, value, buf, cap); /* "first cidr has to be ipv4" */
}

const char *dsnet_aksengine_default_cluster_subnet_ipv6(unsigned k8s_minor) {
  /* the single node mask of the 1.16 rules defaults to /24: it needs a /8 */
  return dsnet_nodeipam_rules_of(k8s_minor) == DSNET_NODEIPAM_RULES_1_16 ? "fc00::/8" : "fc00::/48";
}
