/* dsnet aksengine module: AKS Engine's dual-stack networking checks and
 * defaults, in its words (reference/aks-engine-rules.md sections 2.2, 3.2, 3.3).
 * AKS Engine parses with Go's net.ParseCIDR / ParseIP: strict addresses, host
 * bits allowed (masked). */
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

/* Go's ParseCIDR: strict address, any host bits. */
static int go_cidr(const char *s, size_t len, dsnet_prefix *p) {
  return dsnet_prefix_parse(s, len, DSNET_PARSE_MASK_HOST, p, NULL) == DSNET_OK;
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
  unsigned minor; /* the version's minor (the newest when unset) */
  int have_version, azure;
} vctx;

#define RAW(v) (int)(v).len, (v).ptr ? (v).ptr : ""
#undef add
#define add(c, check, ...) dsnet__add(&(c)->sink.sink, DSNET__ERROR, check, __VA_ARGS__)

/* orchestratorVersion, networkPlugin, networkPolicy: E2-E5 */
static void check_version_plugin(vctx *c) {
  if (!c->have_version)
    add(c, 2, "aks_engine_version_invalid", "orchestratorProfile.orchestratorVersion",
        "could not validate version %.*s", RAW(c->cfg->orchestrator_version));
  else if (c->minor < dsnet_k8s_gate_minor(DSNET_K8S_GATE_DUAL_STACK))
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
    int dns_ok = dsnet_addr_parse(c->cfg->dns_service_ip.ptr, c->cfg->dns_service_ip.len, 0, &dns,
                                  NULL) == DSNET_OK;
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
  if (iptables && c->have_version &&
      c->minor < dsnet_k8s_gate_minor(DSNET_K8S_GATE_KUBE_PROXY_IPTABLES_DUAL_STACK))
    add(c, 25, "aks_engine_kube_proxy_mode_version", "kubernetesConfig.kubeProxyMode",
        "KubeProxyMode %s in dualstack not supported with %.*s version", "iptables",
        RAW(c->cfg->orchestrator_version));
}
#undef RAW

dsnet_status dsnet_aksengine_validate(const dsnet_aksengine_config *cfg, dsnet_aksengine_error *out,
                                      size_t *n_out, dsnet_error *err) {
  if (!cfg || !out || !n_out)
    return dsnet__fail(err, DSNET_EINVAL, 0, "dsnet_aksengine_validate: NULL argument");
  vctx c = {{{errors_put, 0, 0}, out, 0}, cfg, 0, 0, 0};
  unsigned patch = 0;
  c.have_version = !dsnet__sv_set(cfg->orchestrator_version) ||
                   dsnet_k8s_version_parse(cfg->orchestrator_version.ptr,
                                           cfg->orchestrator_version.len, &c.minor, &patch);
  if (!dsnet__sv_set(cfg->orchestrator_version))
    c.minor = DSNET_K8S_NEWEST_MINOR;
  c.azure = dsnet__sv_eq(cfg->network_plugin, "azure");
  check_version_plugin(&c);
  check_cluster_subnet(&c);
  check_docker_max_pods(&c);
  check_service(&c);
  check_kube_proxy(&c);
  *n_out = c.sink.n;
  return dsnet__ok(err);
}

size_t dsnet_aksengine_fill_list(dsnet_strview value, const char *def_v4, const char *def_v6,
                                 char *buf, size_t cap) {
  char tmp[2 * DSNET_PREFIX_STRLEN + 512];
  int n;
  if (!value.ptr || value.len == 0) {
    n = snprintf(tmp, sizeof tmp, "%s,%s", def_v4, def_v6);
  } else if (memchr(value.ptr, ',', value.len) || value.len > 256) {
    n = snprintf(tmp, sizeof tmp, "%.*s", (int)value.len, value.ptr);
  } else {
    dsnet_prefix p;
    dsnet_addr a;
    int is_v4;
    if (go_cidr(value.ptr, value.len, &p))
      is_v4 = p.addr.family == DSNET_FAMILY_IPV4;
    else if (dsnet_addr_parse(value.ptr, value.len, 0, &a, NULL) == DSNET_OK)
      is_v4 = a.family == DSNET_FAMILY_IPV4;
    else
      is_v4 = -1; /* does not parse: left alone */
    if (is_v4 == 1)
      n = snprintf(tmp, sizeof tmp, "%.*s,%s", (int)value.len, value.ptr, def_v6);
    else if (is_v4 == 0) /* "first cidr has to be ipv4" */
      n = snprintf(tmp, sizeof tmp, "%s,%.*s", def_v4, (int)value.len, value.ptr);
    else
      n = snprintf(tmp, sizeof tmp, "%.*s", (int)value.len, value.ptr);
  }
  return dsnet__emit(tmp, n < 0 ? 0 : (size_t)n, buf, cap);
}

const char *dsnet_aksengine_default_cluster_subnet_ipv6(unsigned k8s_minor) {
  /* the single node mask of the 1.16 rules defaults to /24: it needs a /8 */
  return dsnet_nodeipam_rules_of(k8s_minor) == DSNET_NODEIPAM_RULES_1_16 ? "fc00::/8" : "fc00::/48";
}
