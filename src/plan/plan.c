/* dsnet plan module: a whole cluster network plan, every finding at once,
 * and the values derived from it. The rules themselves live in the modules
 * below (nodeipam, service, aksengine); this module applies them to one
 * configuration, adds the cross-cutting checks (overlaps, VNet containment,
 * DNS placement, capacity, version gates) and collects the findings. */
#include "dsnet/plan.h"

#include <stdarg.h>
#include <stdio.h>

#include "../fail.h"
#include "../outbuf.h"
#include "../service_rules.h"
#include "../sv.h"
#include "dsnet/aksengine.h"
#include "plan_ctx.h"

#define fam dsnet__plan_fam
typedef dsnet__plan_ctx ctx;

_Static_assert(DSNET__ERROR == (unsigned)DSNET_SEVERITY_ERROR &&
                   DSNET__WARNING == (unsigned)DSNET_SEVERITY_WARNING,
               "the sink's severities are dsnet_severity's");

/* The plan's sink: every finding in r->findings (counted past
 * DSNET_PLAN_MAX_FINDINGS). */
static void result_put(dsnet__sink *s, const dsnet__finding *f) {
  dsnet_plan_result *r = ((ctx *)(void *)s)->r;
  r->n_findings_total = s->n_total;
  r->n_errors = s->n_errors;
  if (r->n_findings >= DSNET_PLAN_MAX_FINDINGS)
    return;
  dsnet_finding *out = &r->findings[r->n_findings++];
  out->severity = (dsnet_severity)f->rule->severity;
  out->code = f->rule->code;
  out->field = f->field;
  memcpy(out->message, f->message, strlen(f->message) + 1); /* (fits: findings.h) */
}

void dsnet_plan_init(dsnet_plan *plan) {
  memset(plan, 0, sizeof *plan);
}

/* Parse a list field (defaulted text), reporting a finding on failure. AKS
 * Engine parses with Go's ParseCIDR, which masks host bits for its checks,
 * and passes the text as written to the components, which mask it too: in
 * its profile a CIDR with host bits is a warning, not an error. flags say
 * whether the list is trimmed: kube-controller-manager trims --cluster-cidr
 * (TrimSpace), kube-apiserver splits --service-cluster-ip-range as it is. */
static int parse_cidrs(ctx *c, dsnet_strview v, unsigned flags, int aks, const char *code,
                       const char *field, const char *components, dsnet_dualstack_cidrs *out) {
  dsnet_error e;
  dsnet_status st = dsnet_dualstack_parse_cidrs(v.ptr, v.len, flags, out, &e);
  if (st == DSNET_OK)
    return 1;
  if (aks && st == DSNET_EPREFIX_HOST_BITS &&
      dsnet_dualstack_parse_cidrs(v.ptr, v.len, flags | DSNET_PARSE_MASK_HOST, out, NULL) ==
          DSNET_OK) {
    char t[DSNET_DUALSTACK_STRLEN];
    dsnet_dualstack_format_cidrs(out, t, sizeof t);
    int cut = v.len > 80; /* (the message stays whole: findings.h's limit) */
    add(c, W, "cidr_host_bits_masked", field,
        "%s '%.*s%s' has host bits set: AKS Engine accepts it (Go's ParseCIDR masks it) and "
        "passes it as written to %s, which read it as %s",
        field, cut ? 77 : (int)v.len, v.ptr, cut ? "..." : "", components, t);
    return 1;
  }
  add(c, E, code, field, "%s: %s", field, e.message);
  return 0;
}

static void aks_engine(ctx *c) {
  const dsnet_plan *plan = c->plan;
  dsnet_aksengine_config a;
  memset(&a, 0, sizeof a);
  a.flags = plan->model_flags & ~(unsigned)DSNET_AKSENGINE_VERSION_RESOLVED;
  if (dsnet__sv_set(plan->kubernetes_version)) {
    a.orchestrator_version = plan->kubernetes_version;
  } else if (c->aks_version) { /* AKS Engine resolves an unset version before validating */
    a.orchestrator_version = dsnet__sv_lit(c->aks_version);
    a.flags |= DSNET_AKSENGINE_VERSION_RESOLVED;
  }
  a.network_plugin = plan->network_plugin;
  a.network_policy = plan->network_policy;
  a.cluster_subnet = plan->cluster_cidr;
  a.service_cidr = plan->service_cidr;
  a.dns_service_ip = plan->dns_service_ip;
  a.docker_bridge_subnet = plan->docker_bridge_subnet;
  a.kube_proxy_mode = plan->kube_proxy_mode;
  a.max_pods = plan->model_max_pods; /* kubernetesConfig.maxPods, not kubelet's */
  a.network_mode = plan->network_mode;
  a.load_balancer_sku = plan->load_balancer_sku;
  a.pools = plan->pools;
  a.n_pools = plan->pools ? plan->n_pools : 0;
  dsnet_aksengine_error errs[DSNET_AKSENGINE_MAX_ERRORS];
  size_t n = 0;
  dsnet_aksengine_validate(&a, errs, &n, NULL);
  for (size_t i = 0; i < n; i++)
    add(c, E, errs[i].code, errs[i].field, "%s (AKS Engine check E%u)", errs[i].message,
        errs[i].check);
}

/* ---- dsnet_plan_evaluate, phase by phase ----------------------------------------- */

/* kube-proxy's --proxy-mode on Linux, as its validateProxyMode takes it
 * (pkg/proxy/apis/config/validation/validation.go): iptables and ipvs, and
 * nftables when the feature gate NFTablesProxyMode is on (which it can be
 * from 1.29); the ipvs proxier logs its deprecation from 1.35
 * (cmd/kube-proxy/app/server_linux.go). AKS Engine's profile has its own
 * checks (E24, E25) for the modes it knows. */
static void kube_proxy_mode(ctx *c) {
  dsnet_strview m = c->plan->kube_proxy_mode;
  dsnet_plan_result *r = c->r;
  const dsnet_k8s_rules *k = &c->k8s;
  r->ipvs = dsnet__sv_eq(m, "ipvs");
  r->kube_proxy_mode = r->ipvs ? "ipvs" : dsnet__sv_eq(m, "nftables") ? "nftables" : "iptables";
  if (c->aks || !dsnet__sv_set(m))
    return;
  const char *modes = k->kube_proxy_nftables ? "iptables, ipvs, nftables" : "iptables, ipvs";
  unsigned nft = dsnet_k8s_gate_minor(DSNET_K8S_GATE_KUBE_PROXY_NFTABLES);
  if (dsnet__sv_eq(m, "nftables") && r->k8s_minor < nft)
    add(c, E, "kube_proxy_nftables_version", "--kube-proxy-mode",
        "kube-proxy's nftables mode needs Kubernetes 1.%u or later, not 1.%u (kube-proxy 1.%u: "
        "\"must be %s or blank\")",
        nft, r->k8s_minor, r->k8s_minor, modes);
  else if (dsnet__sv_eq(m, "nftables") && !k->kube_proxy_nftables)
    add(c, E, "kube_proxy_nftables_feature_gate", "--kube-proxy-mode",
        "kube-proxy's nftables mode needs the feature gate %s, which is off (Kubernetes 1.%u's "
        "default: %s): set --feature-gates %s=true (kube-proxy: \"must be %s or blank\")",
        dsnet_k8s_feature_name(DSNET_K8S_FEATURE_NFTABLES_PROXY_MODE), r->k8s_minor,
        dsnet_k8s_feature_default(DSNET_K8S_FEATURE_NFTABLES_PROXY_MODE, r->k8s_minor) ? "on"
                                                                                       : "off",
        dsnet_k8s_feature_name(DSNET_K8S_FEATURE_NFTABLES_PROXY_MODE), modes);
  else if (!dsnet__sv_eq(m, "nftables") && !dsnet__sv_eq(m, "iptables") && !r->ipvs)
    add(c, E, "kube_proxy_mode_invalid", "--kube-proxy-mode",
        "kube-proxy mode '%.*s' is not %s (kube-proxy 1.%u: \"must be %s or blank (blank means "
        "the best-available proxy [currently iptables])\")",
        (int)m.len, m.ptr,
        k->kube_proxy_nftables ? "iptables, ipvs or nftables" : "iptables or ipvs", r->k8s_minor,
        modes);
  if (r->ipvs && k->kube_proxy_ipvs_deprecated)
    add(c, W, "kube_proxy_ipvs_deprecated", "--kube-proxy-mode",
        "kube-proxy's ipvs mode is deprecated from Kubernetes 1.%u: \"The ipvs proxier is now "
        "deprecated and may be removed in a future release. Please use 'nftables' instead.\"",
        dsnet_k8s_gate_minor(DSNET_K8S_GATE_KUBE_PROXY_IPVS_DEPRECATED));
}

/* The version, the feature gates, the network plugin, kube-proxy's mode,
 * max pods. */
static void settings(ctx *c) {
  const dsnet_plan *plan = c->plan;
  dsnet_plan_result *r = c->r;
  r->k8s_minor = DSNET_K8S_NEWEST_MINOR;
  if (!dsnet__sv_set(plan->kubernetes_version)) {
    dsnet__plan_default_version(c);
  } else if (!dsnet_k8s_version_parse(plan->kubernetes_version.ptr, plan->kubernetes_version.len,
                                      &r->k8s_minor, NULL)) {
    r->k8s_minor = DSNET_K8S_NEWEST_MINOR;
    add(c, E, "kubernetes_version_invalid", "--kubernetes-version",
        "Kubernetes version '%.*s' is not a version like 1.29 or v1.20.15",
        (int)plan->kubernetes_version.len, plan->kubernetes_version.ptr);
  }
  dsnet_error e;
  if (dsnet_k8s_features_parse(plan->feature_gates.ptr, plan->feature_gates.len, r->k8s_minor,
                               &c->features, &e) != DSNET_OK) {
    memset(&c->features, 0, sizeof c->features); /* the release's defaults, then */
    add(c, E, "feature_gates_invalid", "--feature-gates", "--feature-gates: %s", e.message);
  }
  dsnet_k8s_rules_with(r->k8s_minor, &c->features, &c->k8s);
  if (dsnet__sv_set(plan->network_plugin) && !dsnet__sv_eq(plan->network_plugin, "kubenet") &&
      !dsnet__sv_eq(plan->network_plugin, "azure") && !c->aks)
    add(c, E, "network_plugin_invalid", "--network-plugin",
        "network plugin '%.*s' is not supported for dual-stack: use kubenet or azure",
        (int)plan->network_plugin.len, plan->network_plugin.ptr);
  r->azure = dsnet__sv_eq(plan->network_plugin, "azure");
  dsnet__plan_default_plugin(c);
  kube_proxy_mode(c);
  r->nodes = plan->nodes ? plan->nodes : dsnet__plan_pool_nodes(plan);
}

/* The text as AKS Engine renders it, kept for the derived flags when it fits
 * (else they are canonical, see dsnet_plan_result). */
static void keep_text(char *dst, dsnet_strview v) {
  if (v.len < DSNET_PLAN_TEXT_MAX) {
    memcpy(dst, v.ptr, v.len);
    dst[v.len] = '\0';
  }
}

/* The DNS service IP in the aks-engine profile: AKS Engine's one address,
 * read by Go's ParseIP, whose To4() makes an IPv4-mapped address IPv4 for
 * every check (IPNet.Contains, IP.Equal); kubelet gets the text as written.
 * Returns 0 when the text is not such an address (the list rules apply). */
static int aks_mapped_dns(ctx *c) {
  dsnet_addr a;
  if (dsnet_addr_parse(c->dns.ptr, c->dns.len, DSNET_PARSE_GO_NET, &a, NULL) != DSNET_OK ||
      !dsnet_addr_is_ipv4_mapped(&a))
    return 0;
  char t[DSNET_ADDR_STRLEN];
  dsnet_addr_unmap(&a, &c->r->dns.ip[0]);
  c->r->dns.count = 1;
  c->r->dns_ok = true;
  dsnet_addr_format(&c->r->dns.ip[0], t, sizeof t);
  add(c, W, "dns_service_ip_ipv4_mapped", "--dns-service-ip",
      "DNS service IP '%.*s' is IPv4-mapped IPv6: AKS Engine (Go's To4) takes it as the IPv4 "
      "address %s and passes the text as written to kubelet --cluster-dns; write %s",
      (int)c->dns.len, c->dns.ptr, t, t);
  return 1;
}

/* Every list, and the DNS IPs (defaulted to index 10 of the primary range). */
static void parse_inputs(ctx *c) {
  dsnet_plan_result *r = c->r;
  unsigned pf = c->pf;
  dsnet_error e;
  r->cluster_ok =
      parse_cidrs(c, c->cluster, pf | DSNET_DUALSTACK_TRIM, c->aks, "cluster_cidr_invalid",
                  "--cluster-cidr", "kube-controller-manager and kube-proxy", &r->cluster);
  r->service_ok = parse_cidrs(c, c->service, pf, c->aks, "service_cidr_invalid", "--service-cidr",
                              "kube-apiserver", &r->service);
  c->nodes_ok = parse_cidrs(c, c->node_subnet, pf | DSNET_DUALSTACK_TRIM, 0, "node_subnet_invalid",
                            "--node-subnet", "", &c->nodes_l); /* dsnet's own inputs: trimmed */
  c->vnet_ok = parse_cidrs(c, c->vnet, pf | DSNET_DUALSTACK_TRIM, 0, "vnet_cidr_invalid",
                           "--vnet-cidr", "", &c->vnet_l);
  /* a docker bridge is given as the bridge's address/length (--bip): host bits are normal */
  c->has_docker = dsnet_prefix_parse(c->docker.ptr, c->docker.len, pf | DSNET_PARSE_MASK_HOST,
                                     &c->docker_p, &e) == DSNET_OK;
  if (!c->has_docker)
    add(c, E, "docker_bridge_subnet_invalid", "--docker-bridge-subnet",
        "--docker-bridge-subnet: %s", e.message);
  if (!dsnet__sv_set(c->dns)) { /* (the aks-engine profile's is set: 10.0.0.10) */
    dsnet_addr d;
    if (r->service_ok && dsnet_service_dns_ip(&r->service.cidr[0], &d, NULL) == DSNET_OK) {
      dsnet_addr_format(&d, c->buf[2], sizeof c->buf[2]);
      c->dns = dsnet__sv_lit(c->buf[2]);
      dsnet__plan_defaulted(c, "--dns-service-ip", c->buf[2],
                            "dsnet: index 10 of the primary service range (kubeadm's and "
                            "AKS Engine's convention)");
    }
  }
  if (c->aks) {
    keep_text(r->cluster_cidr_text, c->cluster);
    keep_text(r->service_cidr_text, c->service);
    keep_text(r->dns_service_ip_text, c->dns);
  }
  if (!dsnet__sv_set(c->dns) || (c->aks && aks_mapped_dns(c)))
    return;
  if (dsnet_dualstack_parse_ips(c->dns.ptr, c->dns.len, pf | DSNET_DUALSTACK_TRIM, &r->dns, &e) ==
      DSNET_OK)
    r->dns_ok = true;
  else
    add(c, E, "dns_service_ip_invalid", "--dns-service-ip", "--dns-service-ip: %s", e.message);
}

static void version_gates(ctx *c) {
  const dsnet_plan_result *r = c->r;
  unsigned minor = r->k8s_minor;
  if (r->cluster_ok && r->cluster.count == 2) {
    unsigned ds = dsnet_k8s_gate_minor(DSNET_K8S_GATE_DUAL_STACK),
             ipt = dsnet_k8s_gate_minor(DSNET_K8S_GATE_KUBE_PROXY_IPTABLES_DUAL_STACK);
    if (minor < ds)
      add(c, E, "dual_stack_version", "--kubernetes-version",
          "dual-stack clusters need Kubernetes 1.%u or later, not 1.%u", ds, minor);
    if (strcmp(r->kube_proxy_mode, "iptables") == 0 && minor < ipt)
      add(c, E, "kube_proxy_iptables_version", "--kube-proxy-mode",
          "kube-proxy in iptables mode supports dual-stack from Kubernetes 1.%u, not 1.%u: use "
          "ipvs or a newer version",
          ipt, minor);
  }
  unsigned dss = dsnet_k8s_gate_minor(DSNET_K8S_GATE_DUAL_STACK_SERVICES);
  if (r->service_ok && r->service.count == 2 && minor < dss)
    add(c, W, "dual_stack_services_version", "--service-cidr",
        "dual-stack Services need Kubernetes 1.%u or later: with 1.%u Services get the primary "
        "family only",
        dss, minor);
}

/* The families, in cluster order, then service-only ones; each family's ranges. */
static void families(ctx *c) {
  dsnet_plan_result *r = c->r;
  if (r->cluster_ok)
    for (size_t i = 0; i < r->cluster.count; i++) {
      dsnet_plan_family *f = &r->families[r->n_families++];
      f->family = r->cluster.cidr[i].addr.family;
      f->has_cluster_cidr = true;
      f->cluster_cidr = r->cluster.cidr[i];
    }
  if (r->service_ok)
    for (size_t i = 0; i < r->service.count; i++) {
      unsigned sf = r->service.cidr[i].addr.family;
      size_t k = 0;
      while (k < r->n_families && r->families[k].family != sf)
        k++;
      if (k == r->n_families) {
        if (r->n_families == 2)
          continue;
        r->families[r->n_families++].family = sf;
      }
      dsnet_plan_family *f = &r->families[k];
      f->has_service_cidr = true;
      f->service_cidr = r->service.cidr[i];
      dsnet_service_apiserver_ip(&r->service.cidr[i], &f->apiserver_ip, NULL);
      f->has_default_dns_ip =
          dsnet_service_dns_ip(&r->service.cidr[i], &f->default_dns_ip, NULL) == DSNET_OK;
    }
  for (size_t k = 0; k < r->n_families; k++) {
    dsnet_plan_family *f = &r->families[k];
    int i;
    if (r->dns_ok && (i = dsnet_dualstack_ips_find(&r->dns, f->family)) >= 0) {
      f->has_dns_ip = true;
      f->dns_ip = r->dns.ip[i];
    }
    if (c->nodes_ok && (i = dsnet_dualstack_cidrs_find(&c->nodes_l, f->family)) >= 0) {
      f->has_node_subnet = true;
      f->node_subnet = c->nodes_l.cidr[i];
    }
    if (c->vnet_ok && (i = dsnet_dualstack_cidrs_find(&c->vnet_l, f->family)) >= 0) {
      f->has_vnet = true;
      f->vnet = c->vnet_l.cidr[i];
    }
  }
}

/* kube-controller-manager's node IPAM over the cluster CIDRs it is given:
 * all of them, or with AKS Engine's Azure CNI dual-stack only the second
 * (defaults-controller-manager.go:16-21): a single-stack cluster to it, with
 * the single-stack mask flag rules (aks-engine issue #4144). */
static void node_ipam(ctx *c) {
  dsnet_plan_result *r = c->r;
  dsnet_error e;
  if (!r->cluster_ok)
    return;
  r->pod_cidr_first = c->aks && r->azure && r->cluster.count == 2 ? 1 : 0;
  r->n_pod_cidrs = r->cluster.count - r->pod_cidr_first;
  dsnet_dualstack_cidrs kcm = {0};
  kcm.count = r->n_pod_cidrs;
  memcpy(kcm.cidr, r->cluster.cidr + r->pod_cidr_first, kcm.count * sizeof kcm.cidr[0]);
  dsnet_node_masks m;
  if (dsnet_nodeipam_resolve_masks(&kcm, &c->plan->node_mask_flags,
                                   dsnet_nodeipam_rules_of(r->k8s_minor), &m, &e) != DSNET_OK) {
    if (r->pod_cidr_first)
      add(c, E, "node_mask_flags", "--node-cidr-mask-size",
          "%s (with Azure CNI AKS Engine gives kube-controller-manager only the second cluster "
          "subnet, %s, as --cluster-cidr)",
          e.message, r->cluster.cidr[1].addr.family == DSNET_FAMILY_IPV6 ? "IPv6" : "IPv4");
    else
      add(c, E, "node_mask_flags", "--node-cidr-mask-size", "%s", e.message);
    return;
  }
  size_t ok = 0;
  r->masks.count = r->cluster.count;
  for (size_t i = r->pod_cidr_first; i < r->cluster.count; i++) {
    r->masks.mask[i] = m.mask[i - r->pod_cidr_first];
    r->families[i].node_mask = r->masks.mask[i];
    dsnet__plan_node_checks(c, &r->families[i]);
    ok += r->families[i].node_ok;
  }
  r->masks_ok = ok == r->n_pod_cidrs;
  if (r->masks_ok)
    dsnet_nodeipam_capacity_all(&kcm, &m, &r->node_capacity, NULL);
  dsnet__plan_default_masks(c);
}

static void services_and_dns(ctx *c) {
  const dsnet_plan_result *r = c->r;
  if (r->service_ok)
    for (size_t k = 0; k < r->n_families; k++) {
      const dsnet_plan_family *f = &r->families[k];
      if (f->has_service_cidr)
        dsnet__check_service_range(&c->sink, &f->service_cidr,
                                   f->service_cidr.addr.family != r->service.cidr[0].addr.family,
                                   &c->k8s, "--service-cidr");
    }
  if (r->dns_ok)
    for (size_t i = 0; i < r->dns.count; i++)
      dsnet__plan_dns_checks(c, &r->dns.ip[i]);
}

static void family_consistency(ctx *c) {
  const dsnet_plan_result *r = c->r;
  if (!r->cluster_ok || !r->service_ok)
    return;
  if (r->cluster.count == 2 && r->service.count == 1)
    add(c, W, "service_cidr_single_stack", "--service-cidr",
        "the cluster is dual-stack but the service range is %s only: Services of the other "
        "family cannot be created",
        fam(r->service.cidr[0].addr.family));
  if (r->service.count == 2 && r->cluster.count == 1)
    add(c, W, "cluster_cidr_single_stack", "--cluster-cidr",
        "the service ranges are dual-stack but pods are %s only: Services of the other family "
        "have no endpoints",
        fam(r->cluster.cidr[0].addr.family));
  if (r->cluster.cidr[0].addr.family != r->service.cidr[0].addr.family)
    add(c, W, "primary_family_mismatch", "--service-cidr",
        "the primary (first) family of the cluster CIDRs is %s but of the service ranges %s: "
        "single-stack Services get %s IPs while pods prefer %s",
        fam(r->cluster.cidr[0].addr.family), fam(r->service.cidr[0].addr.family),
        fam(r->service.cidr[0].addr.family), fam(r->cluster.cidr[0].addr.family));
}

/* Errors first, then warnings (stable). */
static void sort_findings(dsnet_plan_result *r) {
  dsnet_finding tmp[DSNET_PLAN_MAX_FINDINGS];
  size_t n = 0;
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < r->n_findings; i++)
      if ((int)r->findings[i].severity == pass)
        tmp[n++] = r->findings[i];
  memcpy(r->findings, tmp, n * sizeof tmp[0]);
}

dsnet_status dsnet_plan_evaluate(const dsnet_plan *plan, dsnet_plan_result *out, dsnet_error *err) {
  if (!plan || !out)
    return dsnet__fail(err, DSNET_EINVAL, 0, "dsnet_plan_evaluate: NULL argument");
  memset(out, 0, sizeof *out);
  ctx c;
  memset(&c, 0, sizeof c);
  c.sink.put = result_put;
  c.r = out;
  c.plan = plan;
  c.aks = plan->profile == DSNET_PLAN_PROFILE_AKS_ENGINE;
  out->profile = plan->profile;
  /* AKS Engine reads every address with Go 1.19's net package */
  c.pf = (plan->parse_flags & (DSNET_PARSE_SLOPPY | DSNET_PARSE_MASK_HOST | DSNET_PARSE_GO_NET)) |
         (c.aks ? DSNET_PARSE_GO_NET : 0u);
  settings(&c);
  if (c.aks) /* validation sees the raw values; the defaults come after it */
    aks_engine(&c);
  dsnet__plan_default_lists(&c);
  parse_inputs(&c);
  version_gates(&c);
  families(&c);
  node_ipam(&c);
  services_and_dns(&c);
  family_consistency(&c);
  dsnet__plan_node_inputs(&c);
  for (size_t k = 0; k < out->n_families; k++) { /* overlaps, VNet, Azure CNI */
    dsnet__plan_overlaps(&c, &out->families[k]);
    if (out->azure)
      dsnet__plan_azure_cni_checks(&c, &out->families[k]);
  }
  sort_findings(out);
  out->valid = out->n_errors == 0;
  if (!out->valid)
    return dsnet__fail(err, DSNET_EPLAN_INVALID, 0, "%s: %s", out->findings[0].code,
                       out->findings[0].message);
  return dsnet__ok(err);
}

/* The cluster CIDRs and masks kube-controller-manager allocates from. */
static void kcm_lists(const dsnet_plan_result *r, dsnet_dualstack_cidrs *cl, dsnet_node_masks *m) {
  memset(cl, 0, sizeof *cl);
  memset(m, 0, sizeof *m);
  cl->count = m->count = r->n_pod_cidrs;
  for (size_t i = 0; i < r->n_pod_cidrs && i < 2; i++) {
    cl->cidr[i] = r->cluster.cidr[r->pod_cidr_first + i];
    m->mask[i] = r->masks.mask[r->pod_cidr_first + i];
  }
}

dsnet_status dsnet_plan_pod_cidrs(const dsnet_plan_result *r, uint64_t index, dsnet_prefix out[2],
                                  dsnet_error *err) {
  if (!r->cluster_ok || !r->masks_ok)
    return dsnet__fail(err, DSNET_EINVAL, 0, "the plan has no valid cluster CIDRs and node masks");
  dsnet_dualstack_cidrs cl;
  dsnet_node_masks m;
  kcm_lists(r, &cl, &m);
  return dsnet_nodeipam_pod_cidrs(&cl, &m, index, out, err);
}

/* Entry i of a comma-separated text (AKS Engine's strings.Split, no trim). */
static dsnet_strview entry(const char *text, size_t i) {
  dsnet_strview v = dsnet__sv_lit(text);
  for (; i > 0; i--) {
    const char *comma = memchr(v.ptr, ',', v.len);
    if (!comma)
      return dsnet__sv_lit("");
    v.len -= (size_t)(comma + 1 - v.ptr);
    v.ptr = comma + 1;
  }
  const char *comma = memchr(v.ptr, ',', v.len);
  if (comma)
    v.len = (size_t)(comma - v.ptr);
  return v;
}

size_t dsnet_plan_flag(const dsnet_plan_result *r, const char *name, char *buf, size_t cap) {
  char tmp[DSNET_PLAN_TEXT_MAX] = "";
  const char *sp = strchr(name, ' ');
  size_t clen = sp ? (size_t)(sp - name) : 0;
  const char *flag = sp ? sp + 1 : name;
#define COMPONENT(n) (!sp || (clen == strlen(n) && memcmp(name, n, clen) == 0))
  int aks = r->profile == DSNET_PLAN_PROFILE_AKS_ENGINE;
  int kcm = COMPONENT("kube-controller-manager");
  if (strcmp(flag, "--cluster-cidr") == 0 && r->cluster_ok && (kcm || COMPONENT("kube-proxy"))) {
    if (kcm && sp == NULL) /* plain: kube-controller-manager's */
      kcm = 1;
    else
      kcm = clen == strlen("kube-controller-manager");
    dsnet_dualstack_cidrs cl;
    dsnet_node_masks m;
    if (kcm)
      kcm_lists(r, &cl, &m);
    else
      cl = r->cluster;
    if (aks && r->cluster_cidr_text[0]) {
      dsnet_strview v = kcm && r->pod_cidr_first ? entry(r->cluster_cidr_text, 1)
                                                 : dsnet__sv_lit(r->cluster_cidr_text);
      snprintf(tmp, sizeof tmp, "%.*s", (int)v.len, v.ptr);
    } else {
      dsnet_dualstack_format_cidrs(&cl, tmp, sizeof tmp);
    }
  } else if (strcmp(flag, "--service-cluster-ip-range") == 0 && r->service_ok &&
             (COMPONENT("kube-apiserver") || (sp && kcm && !aks))) {
    if (aks && r->service_cidr_text[0])
      snprintf(tmp, sizeof tmp, "%s", r->service_cidr_text);
    else
      dsnet_dualstack_format_cidrs(&r->service, tmp, sizeof tmp);
  } else if (strcmp(flag, "--cluster-dns") == 0 && r->dns_ok && COMPONENT("kubelet")) {
    if (aks && r->dns_service_ip_text[0])
      snprintf(tmp, sizeof tmp, "%s", r->dns_service_ip_text);
    else
      dsnet_dualstack_format_ips(&r->dns, tmp, sizeof tmp);
  } else if (strcmp(flag, "--max-pods") == 0 && COMPONENT("kubelet")) {
    snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)r->max_pods);
  } else if (r->masks_ok && kcm && strncmp(flag, "--node-cidr-mask-size", 21) == 0) {
    /* 1.16 has only the one flag, and so has a single-stack --cluster-cidr; later dual-stack
     * versions get the per-family ones */
    int single = dsnet_nodeipam_rules_of(r->k8s_minor) == DSNET_NODEIPAM_RULES_1_16 ||
                 (r->pod_cidr_first && r->n_pod_cidrs == 1);
    for (size_t i = r->pod_cidr_first; i < r->pod_cidr_first + r->n_pod_cidrs; i++) {
      unsigned f = r->cluster.cidr[i].addr.family;
      if ((single && strcmp(flag, "--node-cidr-mask-size") == 0) ||
          (!single && strcmp(flag, f == DSNET_FAMILY_IPV4 ? "--node-cidr-mask-size-ipv4"
                                                          : "--node-cidr-mask-size-ipv6") == 0))
        snprintf(tmp, sizeof tmp, "%u", r->masks.mask[i]);
    }
  }
#undef COMPONENT
  return dsnet__emit(tmp, strlen(tmp), buf, cap);
}
