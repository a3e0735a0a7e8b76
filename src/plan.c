/* dsnet plan module: a whole cluster network plan, every finding at once,
 * and the values derived from it. The rules themselves live in the modules
 * below (nodeipam, service, aksengine); this module applies them to one
 * configuration, adds the cross-cutting checks (overlaps, VNet containment,
 * DNS placement, capacity, version gates) and collects the findings. */
#include "dsnet/plan.h"

#include <stdarg.h>
#include <stdio.h>

#include "dsnet/aksengine.h"
#include "compiler.h"
#include "fail.h"
#include "outbuf.h"
#include "sv.h"

static const char *fam(unsigned f) {
  return f == DSNET_FAMILY_IPV4 ? "IPv4" : "IPv6";
}

static void add(dsnet_plan_result *r, dsnet_severity sev, const char *code, const char *field,
                const char *fmt, ...) DSNET_PRINTF(5, 6);

static void add(dsnet_plan_result *r, dsnet_severity sev, const char *code, const char *field,
                const char *fmt, ...) {
  r->n_findings_total++;
  if (sev == DSNET_SEVERITY_ERROR)
    r->n_errors++;
  if (r->n_findings >= DSNET_PLAN_MAX_FINDINGS)
    return;
  dsnet_finding *f = &r->findings[r->n_findings++];
  f->severity = sev;
  f->code = code;
  f->field = field;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(f->message, sizeof f->message, fmt, ap);
  va_end(ap);
}

#define E DSNET_SEVERITY_ERROR
#define W DSNET_SEVERITY_WARNING

void dsnet_plan_init(dsnet_plan *plan) {
  memset(plan, 0, sizeof *plan);
}

static dsnet_strview lit(const char *s) {
  dsnet_strview v = {s, strlen(s)};
  return v;
}

static const char *pfx(const dsnet_prefix *p, char buf[DSNET_PREFIX_STRLEN]) {
  dsnet_prefix_format(p, buf, DSNET_PREFIX_STRLEN);
  return buf;
}

static const char *adr(const dsnet_addr *a, char buf[DSNET_ADDR_STRLEN]) {
  dsnet_addr_format(a, buf, DSNET_ADDR_STRLEN);
  return buf;
}

/* Parse a list field (defaulted text), reporting a finding on failure. AKS
 * Engine parses with Go's ParseCIDR, which masks host bits: in its profile a
 * CIDR with host bits is a warning, not an error. */
static int parse_cidrs(dsnet_plan_result *r, dsnet_strview v, unsigned flags, int aks,
                       const char *code, const char *field, dsnet_dualstack_cidrs *out) {
  dsnet_error e;
  dsnet_status st =
      dsnet_dualstack_parse_cidrs(v.ptr, v.len, flags | DSNET_DUALSTACK_TRIM, out, &e);
  if (st == DSNET_OK)
    return 1;
  if (aks && st == DSNET_EPREFIX_HOST_BITS &&
      dsnet_dualstack_parse_cidrs(v.ptr, v.len,
                                  flags | DSNET_DUALSTACK_TRIM | DSNET_PARSE_MASK_HOST, out,
                                  NULL) == DSNET_OK) {
    char t[DSNET_DUALSTACK_STRLEN];
    dsnet_dualstack_format_cidrs(out, t, sizeof t);
    add(r, W, "cidr_host_bits_masked", field,
        "%s: %s; AKS Engine masks it and passes %s to the components", field, e.message, t);
    return 1;
  }
  add(r, E, code, field, "%s: %s", field, e.message);
  return 0;
}

/* The cross-family checks of one family: overlap matrix and VNet containment. */
static void overlaps(dsnet_plan_result *r, const dsnet_plan_family *f, bool has_docker,
                     const dsnet_prefix *docker) {
  char a[DSNET_PREFIX_STRLEN], b[DSNET_PREFIX_STRLEN];
  int azure4 =
      r->azure && f->family == DSNET_FAMILY_IPV4; /* Azure CNI: IPv4 pods live in the VNet */
  int pod_node = 0, svc_node = 0;
  if (f->has_cluster_cidr && f->has_service_cidr &&
      dsnet_prefix_overlaps(&f->cluster_cidr, &f->service_cidr))
    add(r, E, "pod_service_overlap", "--service-cidr",
        "%s service range %s overlaps cluster (pod) CIDR %s: Service IPs and pod IPs would "
        "collide",
        fam(f->family), pfx(&f->service_cidr, a), pfx(&f->cluster_cidr, b));
  if (f->has_cluster_cidr && f->has_node_subnet && !azure4 &&
      dsnet_prefix_overlaps(&f->cluster_cidr, &f->node_subnet)) {
    pod_node = 1;
    add(r, E, "pod_node_subnet_overlap", "--node-subnet",
        "%s cluster (pod) CIDR %s overlaps node subnet %s: routes to pods would capture node "
        "traffic",
        fam(f->family), pfx(&f->cluster_cidr, a), pfx(&f->node_subnet, b));
  }
  if (f->has_service_cidr && f->has_node_subnet &&
      dsnet_prefix_overlaps(&f->service_cidr, &f->node_subnet)) {
    svc_node = 1;
    add(r, E, "service_node_subnet_overlap", "--service-cidr",
        "%s service range %s overlaps node subnet %s", fam(f->family), pfx(&f->service_cidr, a),
        pfx(&f->node_subnet, b));
  }
  if (has_docker && docker->addr.family == f->family) {
    const dsnet_prefix *other[3] = {f->has_cluster_cidr ? &f->cluster_cidr : NULL,
                                    f->has_service_cidr ? &f->service_cidr : NULL,
                                    f->has_node_subnet ? &f->node_subnet : NULL};
    static const char *names[3] = {"cluster (pod) CIDR", "service range", "node subnet"};
    for (int i = 0; i < 3; i++)
      if (other[i] && dsnet_prefix_overlaps(docker, other[i]))
        add(r, E, "docker_bridge_overlap", "--docker-bridge-subnet",
            "docker bridge subnet %s overlaps the %s %s", pfx(docker, a), names[i],
            pfx(other[i], b));
  }
  if (f->has_node_subnet && f->has_vnet && !dsnet_prefix_contains(&f->vnet, &f->node_subnet))
    add(r, E, "node_subnet_outside_vnet", "--node-subnet",
        "%s node subnet %s is not inside VNet range %s", fam(f->family), pfx(&f->node_subnet, a),
        pfx(&f->vnet, b));
  if (f->has_vnet && f->has_cluster_cidr && !azure4 && !pod_node &&
      dsnet_prefix_overlaps(&f->cluster_cidr, &f->vnet))
    add(r, W, "pod_cidr_in_vnet", "--cluster-cidr",
        "%s cluster (pod) CIDR %s overlaps VNet range %s outside the node subnets: those "
        "addresses are routed to pods inside the cluster and unreachable in the VNet",
        fam(f->family), pfx(&f->cluster_cidr, a), pfx(&f->vnet, b));
  if (f->has_vnet && f->has_service_cidr && !svc_node &&
      dsnet_prefix_overlaps(&f->service_cidr, &f->vnet))
    add(r, W, "service_cidr_in_vnet", "--service-cidr",
        "%s service range %s overlaps VNet range %s outside the node subnets: those addresses "
        "are captured by kube-proxy and unreachable in the VNet",
        fam(f->family), pfx(&f->service_cidr, a), pfx(&f->vnet, b));
}

static void node_checks(dsnet_plan_result *r, dsnet_plan_family *f, size_t idx,
                        const dsnet_plan *plan) {
  char a[DSNET_PREFIX_STRLEN];
  dsnet_error e;
  static const char *mask_field[2] = {"--node-cidr-mask-size-ipv4", "--node-cidr-mask-size-ipv6"};
  const char *field = dsnet_nodeipam_rules_of(r->k8s_minor) == DSNET_NODEIPAM_RULES_1_16
                          ? "--node-cidr-mask-size"
                          : mask_field[f->family == DSNET_FAMILY_IPV6];
  (void)idx;
  dsnet_status st = dsnet_nodeipam_validate_mask(&f->cluster_cidr, f->node_mask, &e);
  if (st != DSNET_OK) {
    add(r, E, dsnet_status_name(st), field, "%s", e.message);
    return;
  }
  f->node_ok = true;
  f->node_capacity = UINT64_C(1) << (f->node_mask - f->cluster_cidr.len);
  f->node_host_bits = dsnet_family_bits(f->family) - f->node_mask;
  if (f->family == DSNET_FAMILY_IPV4 && f->node_mask - f->cluster_cidr.len > 16)
    add(r, W, "node_mask_diff_ipv4", field,
        "node mask /%u is %u bits longer than cluster CIDR %s: kube-controller-manager keeps a "
        "bitmap of %llu node CIDRs (kubeadm refuses more than 16 bits)",
        f->node_mask, f->node_mask - f->cluster_cidr.len, pfx(&f->cluster_cidr, a),
        (unsigned long long)f->node_capacity);
  if (r->nodes > f->node_capacity)
    add(r, E, "node_capacity_exceeded", "--nodes",
        "%llu nodes do not fit: %s cluster CIDR %s with node mask /%u has room for %llu nodes",
        (unsigned long long)r->nodes, fam(f->family), pfx(&f->cluster_cidr, a), f->node_mask,
        (unsigned long long)f->node_capacity);
  int azure4 = r->azure && f->family == DSNET_FAMILY_IPV4;
  st = dsnet_nodeipam_pod_addresses(f->family, f->node_mask, &f->pods_per_node, &e);
  if (st != DSNET_OK) {
    if (!azure4)
      add(r, E, "node_cidr_too_small", field, "%s", e.message);
  } else if (!azure4 &&
             dsnet_nodeipam_check_max_pods(f->family, f->node_mask, r->max_pods, &e) != DSNET_OK) {
    add(r, E, "max_pods_exceeded", "--max-pods", "%s", e.message);
  }
  (void)plan;
}

/* Azure CNI (IPv4): every node takes 1 + max-pods addresses of the node subnet. */
static void azure_cni_checks(dsnet_plan_result *r, const dsnet_plan_family *f, int aks) {
  char a[DSNET_PREFIX_STRLEN];
  if (f->family != DSNET_FAMILY_IPV4)
    return;
  if (!aks && f->has_cluster_cidr && dsnet_prefix_host_bits(&f->cluster_cidr) <= 8)
    add(r, E, "azure_cni_host_bits", "--cluster-cidr",
        "cluster CIDR %s has %u host bits: Azure CNI needs at least 9", pfx(&f->cluster_cidr, a),
        dsnet_prefix_host_bits(&f->cluster_cidr));
  if (f->has_node_subnet && r->nodes) {
    unsigned h = dsnet_prefix_host_bits(&f->node_subnet);
    uint64_t usable = h >= 63 ? UINT64_MAX : (UINT64_C(1) << h) > 5 ? (UINT64_C(1) << h) - 5 : 0;
    uint64_t per = r->max_pods + 1;
    uint64_t need = per != 0 && r->nodes <= UINT64_MAX / per ? r->nodes * per : UINT64_MAX;
    if (per != 0 && r->nodes > usable / per)
      add(r, E, "azure_cni_node_subnet_capacity", "--node-subnet",
          "Azure CNI gives each node 1 + max-pods (%llu) addresses of node subnet %s: %llu nodes "
          "need %llu, the subnet has %llu usable (Azure reserves 5)",
          (unsigned long long)per, pfx(&f->node_subnet, a), (unsigned long long)r->nodes,
          (unsigned long long)need, (unsigned long long)usable);
  }
}

static void service_checks(dsnet_plan_result *r, const dsnet_plan_family *f, int primary) {
  char a[DSNET_PREFIX_STRLEN];
  unsigned bits = dsnet_family_bits(f->family), host = dsnet_prefix_host_bits(&f->service_cidr);
  dsnet_k8s_rules k8s;
  dsnet_k8s_rules_of(r->k8s_minor, &k8s);
  if (k8s.service_max_host_bits && host > k8s.service_max_host_bits)
    add(r, E, "service_range_too_large", "--service-cidr",
        "specified %s is too large; for %u-bit addresses, the mask must be >= %u (kube-apiserver "
        "1.%u allows at most %d host bits)",
        pfx(&f->service_cidr, a), bits, bits - DSNET_SERVICE_MAX_HOST_BITS, r->k8s_minor,
        DSNET_SERVICE_MAX_HOST_BITS);
  if (primary && (host < 3 || host >= bits - 1))
    add(r, E, "service_range_too_small", "--service-cidr",
        "the service cluster IP range must be at least 8 IP addresses: %s is %s",
        pfx(&f->service_cidr, a),
        host < 3 ? "smaller" : "a /0 or /1, which kube-apiserver counts as 0");
}

static void dns_checks(dsnet_plan_result *r, const dsnet_addr *dns) {
  char a[DSNET_ADDR_STRLEN], b[DSNET_PREFIX_STRLEN];
  int fi = r->service_ok ? dsnet_dualstack_cidrs_find(&r->service, dns->family) : -1;
  if (!r->service_ok)
    return;
  if (fi < 0) {
    add(r, E, "dns_service_ip_outside_service_cidr", "--dns-service-ip",
        "DNS service IP %s is %s but there is no %s service range", adr(dns, a), fam(dns->family),
        fam(dns->family));
    return;
  }
  const dsnet_prefix *s = &r->service.cidr[fi];
  dsnet_addr first, last, api;
  dsnet_prefix_first(s, &first);
  dsnet_prefix_last(s, &last);
  dsnet_service_apiserver_ip(s, &api, NULL);
  if (!dsnet_prefix_contains_addr(s, dns))
    add(r, E, "dns_service_ip_outside_service_cidr", "--dns-service-ip",
        "DNS service IP %s is not inside the %s service range %s", adr(dns, a), fam(dns->family),
        pfx(s, b));
  else if (dsnet_addr_equal(dns, &first))
    add(r, E, "dns_service_ip_network_address", "--dns-service-ip",
        "DNS service IP %s is the network address of service range %s: no Service can get it",
        adr(dns, a), pfx(s, b));
  else if (dsnet_addr_equal(dns, &api))
    add(r, E, "dns_service_ip_apiserver_ip", "--dns-service-ip",
        "DNS service IP %s is the API server's service IP (index 1) of %s, held by the "
        "kubernetes Service",
        adr(dns, a), pfx(s, b));
  else if (dns->family == DSNET_FAMILY_IPV4 && dsnet_addr_equal(dns, &last) && s->len < 31)
    add(r, E, "dns_service_ip_broadcast", "--dns-service-ip",
        "DNS service IP %s is the broadcast address of service range %s", adr(dns, a), pfx(s, b));
}

static void aks_engine(dsnet_plan_result *r, const dsnet_plan *plan, unsigned minor) {
  dsnet_aksengine_config c;
  memset(&c, 0, sizeof c);
  char ver[16];
  if (dsnet__sv_set(plan->kubernetes_version)) {
    c.orchestrator_version = plan->kubernetes_version;
  } else { /* AKS Engine resolves an unset version before validating */
    snprintf(ver, sizeof ver, "1.%u.0", minor);
    c.orchestrator_version = lit(ver);
  }
  c.network_plugin = plan->network_plugin;
  c.cluster_subnet = plan->cluster_cidr;
  c.service_cidr = plan->service_cidr;
  c.dns_service_ip = plan->dns_service_ip;
  c.docker_bridge_subnet = plan->docker_bridge_subnet;
  c.kube_proxy_mode = plan->kube_proxy_mode;
  c.max_pods = plan->max_pods;
  dsnet_aksengine_error errs[DSNET_AKSENGINE_MAX_ERRORS];
  size_t n = 0;
  dsnet_aksengine_validate(&c, errs, &n, NULL);
  for (size_t i = 0; i < n; i++)
    add(r, E, errs[i].code, errs[i].field, "%s (AKS Engine check E%u)", errs[i].message,
        errs[i].check);
}

dsnet_status dsnet_plan_evaluate(const dsnet_plan *plan, dsnet_plan_result *out, dsnet_error *err) {
  if (!plan || !out)
    return dsnet__fail(err, DSNET_EINVAL, 0, "dsnet_plan_evaluate: NULL argument");
  dsnet_plan_result *r = out;
  memset(r, 0, sizeof *r);
  int aks = plan->profile == DSNET_PLAN_PROFILE_AKS_ENGINE;
  unsigned pf = plan->parse_flags & (DSNET_PARSE_SLOPPY | DSNET_PARSE_MASK_HOST);
  char buf[6][2 * DSNET_PREFIX_STRLEN + 512];

  /* --- settings --- */
  r->k8s_minor = DSNET_K8S_NEWEST_MINOR;
  if (dsnet__sv_set(plan->kubernetes_version) &&
      !dsnet_k8s_version_parse(plan->kubernetes_version.ptr, plan->kubernetes_version.len,
                               &r->k8s_minor, NULL)) {
    r->k8s_minor = DSNET_K8S_NEWEST_MINOR;
    add(r, E, "kubernetes_version_invalid", "--kubernetes-version",
        "Kubernetes version '%.*s' is not a version like 1.29 or v1.20.15",
        (int)plan->kubernetes_version.len, plan->kubernetes_version.ptr);
  }
  if (dsnet__sv_set(plan->network_plugin) && !dsnet__sv_eq(plan->network_plugin, "kubenet") &&
      !dsnet__sv_eq(plan->network_plugin, "azure") && !aks)
    add(r, E, "network_plugin_invalid", "--network-plugin",
        "network plugin '%.*s' is not supported for dual-stack: use kubenet or azure",
        (int)plan->network_plugin.len, plan->network_plugin.ptr);
  r->azure = dsnet__sv_eq(plan->network_plugin, "azure");
  if (dsnet__sv_set(plan->kube_proxy_mode) && !dsnet__sv_eq(plan->kube_proxy_mode, "iptables") &&
      !dsnet__sv_eq(plan->kube_proxy_mode, "ipvs") && !aks)
    add(r, E, "kube_proxy_mode_invalid", "--kube-proxy-mode",
        "kube-proxy mode '%.*s' is not iptables or ipvs", (int)plan->kube_proxy_mode.len,
        plan->kube_proxy_mode.ptr);
  r->ipvs = dsnet__sv_eq(plan->kube_proxy_mode, "ipvs");
  r->max_pods = plan->max_pods ? plan->max_pods : r->azure ? 30 : 110;
  r->nodes = plan->nodes;
  unsigned minor = r->k8s_minor;

  /* --- defaults (AKS Engine's dual-stack ones) and, for its profile, its checks --- */
  const char *def4 = r->azure ? "10.240.0.0/12" : "10.244.0.0/16";
  const char *def6 = dsnet_aksengine_default_cluster_subnet_ipv6(minor);
  dsnet_strview cluster = plan->cluster_cidr, service = plan->service_cidr;
  if (aks) {
    aks_engine(r, plan, minor);
    dsnet_aksengine_fill_list(cluster, def4, def6, buf[0], sizeof buf[0]);
    dsnet_aksengine_fill_list(service, "10.0.0.0/16", "fd00::/108", buf[1], sizeof buf[1]);
    cluster = lit(buf[0]);
    service = lit(buf[1]);
  } else {
    if (!dsnet__sv_set(cluster)) {
      snprintf(buf[0], sizeof buf[0], "%s,%s", def4, def6);
      cluster = lit(buf[0]);
    }
    if (!dsnet__sv_set(service))
      service = lit("10.0.0.0/16,fd00::/108");
  }
  dsnet_strview node_subnet = dsnet__sv_set(plan->node_subnet)
                                  ? plan->node_subnet
                                  : lit("10.240.0.0/16,2001:1234:5678:9abc::/64");
  dsnet_strview vnet =
      dsnet__sv_set(plan->vnet_cidr) ? plan->vnet_cidr : lit("10.0.0.0/8,2001:1234:5678:9a00::/56");
  dsnet_strview docker =
      dsnet__sv_set(plan->docker_bridge_subnet) ? plan->docker_bridge_subnet : lit("172.17.0.1/16");

  /* --- parse --- */
  r->cluster_ok =
      parse_cidrs(r, cluster, pf, aks, "cluster_cidr_invalid", "--cluster-cidr", &r->cluster);
  r->service_ok =
      parse_cidrs(r, service, pf, aks, "service_cidr_invalid", "--service-cidr", &r->service);
  dsnet_dualstack_cidrs nodes_l, vnet_l;
  int nodes_ok =
      parse_cidrs(r, node_subnet, pf, 0, "node_subnet_invalid", "--node-subnet", &nodes_l);
  int vnet_ok = parse_cidrs(r, vnet, pf, 0, "vnet_cidr_invalid", "--vnet-cidr", &vnet_l);
  dsnet_prefix docker_p;
  dsnet_error e;
  /* a docker bridge is given as the bridge's address/length (--bip): host bits are normal */
  bool has_docker = dsnet_prefix_parse(docker.ptr, docker.len, pf | DSNET_PARSE_MASK_HOST,
                                       &docker_p, &e) == DSNET_OK;
  if (!has_docker)
    add(r, E, "docker_bridge_subnet_invalid", "--docker-bridge-subnet",
        "--docker-bridge-subnet: %s", e.message);
  dsnet_strview dns = plan->dns_service_ip;
  if (!dsnet__sv_set(dns)) {
    /* AKS Engine's default, 10.0.0.10, is index 10 of its default service range */
    dsnet_addr d;
    if (aks) {
      dns = lit("10.0.0.10");
    } else if (r->service_ok && dsnet_service_dns_ip(&r->service.cidr[0], &d, NULL) == DSNET_OK) {
      dsnet_addr_format(&d, buf[2], sizeof buf[2]);
      dns = lit(buf[2]);
    }
  }
  if (dsnet__sv_set(dns)) {
    if (dsnet_dualstack_parse_ips(dns.ptr, dns.len, pf | DSNET_DUALSTACK_TRIM, &r->dns, &e) ==
        DSNET_OK)
      r->dns_ok = true;
    else
      add(r, E, "dns_service_ip_invalid", "--dns-service-ip", "--dns-service-ip: %s", e.message);
  }

  /* --- version gates --- */
  if (r->cluster_ok && r->cluster.count == 2) {
    unsigned ds = dsnet_k8s_gate_minor(DSNET_K8S_GATE_DUAL_STACK),
             ipt = dsnet_k8s_gate_minor(DSNET_K8S_GATE_KUBE_PROXY_IPTABLES_DUAL_STACK);
    if (minor < ds)
      add(r, E, "dual_stack_version", "--kubernetes-version",
          "dual-stack clusters need Kubernetes 1.%u or later, not 1.%u", ds, minor);
    if (!r->ipvs && minor < ipt)
      add(r, E, "kube_proxy_iptables_version", "--kube-proxy-mode",
          "kube-proxy in iptables mode supports dual-stack from Kubernetes 1.%u, not 1.%u: use "
          "ipvs or a newer version",
          ipt, minor);
  }
  unsigned dss = dsnet_k8s_gate_minor(DSNET_K8S_GATE_DUAL_STACK_SERVICES);
  if (r->service_ok && r->service.count == 2 && minor < dss)
    add(r, W, "dual_stack_services_version", "--service-cidr",
        "dual-stack Services need Kubernetes 1.%u or later: with 1.%u Services get the primary "
        "family only",
        dss, minor);

  /* --- families, in cluster order, then service-only ones --- */
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
      r->families[k].has_service_cidr = true;
      r->families[k].service_cidr = r->service.cidr[i];
      dsnet_service_apiserver_ip(&r->service.cidr[i], &r->families[k].apiserver_ip, NULL);
      r->families[k].has_default_dns_ip =
          dsnet_service_dns_ip(&r->service.cidr[i], &r->families[k].default_dns_ip, NULL) ==
          DSNET_OK;
    }
  for (size_t k = 0; k < r->n_families; k++) {
    dsnet_plan_family *f = &r->families[k];
    int i;
    if (r->dns_ok && (i = dsnet_dualstack_ips_find(&r->dns, f->family)) >= 0) {
      f->has_dns_ip = true;
      f->dns_ip = r->dns.ip[i];
    }
    if (nodes_ok && (i = dsnet_dualstack_cidrs_find(&nodes_l, f->family)) >= 0) {
      f->has_node_subnet = true;
      f->node_subnet = nodes_l.cidr[i];
    }
    if (vnet_ok && (i = dsnet_dualstack_cidrs_find(&vnet_l, f->family)) >= 0) {
      f->has_vnet = true;
      f->vnet = vnet_l.cidr[i];
    }
  }

  /* --- node IPAM --- */
  if (r->cluster_ok) {
    dsnet_nodeipam_rules rules = dsnet_nodeipam_rules_of(minor);
    if (dsnet_nodeipam_resolve_masks(&r->cluster, &plan->node_mask_flags, rules, &r->masks, &e) !=
        DSNET_OK) {
      add(r, E, "node_mask_flags", "--node-cidr-mask-size", "%s", e.message);
    } else {
      size_t ok = 0;
      for (size_t i = 0; i < r->cluster.count; i++) {
        r->families[i].node_mask = r->masks.mask[i];
        node_checks(r, &r->families[i], i, plan);
        ok += r->families[i].node_ok;
      }
      r->masks_ok = ok == r->cluster.count;
      if (r->masks_ok)
        dsnet_nodeipam_capacity_all(&r->cluster, &r->masks, &r->node_capacity, NULL);
    }
  }

  /* --- services and DNS --- */
  if (r->service_ok)
    for (size_t k = 0; k < r->n_families; k++)
      if (r->families[k].has_service_cidr)
        service_checks(r, &r->families[k],
                       r->families[k].service_cidr.addr.family == r->service.cidr[0].addr.family);
  if (r->dns_ok)
    for (size_t i = 0; i < r->dns.count; i++)
      dns_checks(r, &r->dns.ip[i]);

  /* --- family consistency --- */
  if (r->cluster_ok && r->service_ok) {
    if (r->cluster.count == 2 && r->service.count == 1)
      add(r, W, "service_cidr_single_stack", "--service-cidr",
          "the cluster is dual-stack but the service range is %s only: Services of the other "
          "family cannot be created",
          fam(r->service.cidr[0].addr.family));
    if (r->service.count == 2 && r->cluster.count == 1)
      add(r, W, "cluster_cidr_single_stack", "--cluster-cidr",
          "the service ranges are dual-stack but pods are %s only: Services of the other family "
          "have no endpoints",
          fam(r->cluster.cidr[0].addr.family));
    if (r->cluster.cidr[0].addr.family != r->service.cidr[0].addr.family)
      add(r, W, "primary_family_mismatch", "--service-cidr",
          "the primary (first) family of the cluster CIDRs is %s but of the service ranges %s: "
          "single-stack Services get %s IPs while pods prefer %s",
          fam(r->cluster.cidr[0].addr.family), fam(r->service.cidr[0].addr.family),
          fam(r->service.cidr[0].addr.family), fam(r->cluster.cidr[0].addr.family));
  }

  /* --- overlaps, VNet, Azure CNI --- */
  for (size_t k = 0; k < r->n_families; k++) {
    overlaps(r, &r->families[k], has_docker, &docker_p);
    if (r->azure)
      azure_cni_checks(r, &r->families[k], aks);
  }

  /* --- errors first, then warnings (stable) --- */
  dsnet_finding tmp[DSNET_PLAN_MAX_FINDINGS];
  size_t n = 0;
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < r->n_findings; i++)
      if ((int)r->findings[i].severity == pass)
        tmp[n++] = r->findings[i];
  memcpy(r->findings, tmp, n * sizeof tmp[0]);
  r->valid = r->n_errors == 0;
  if (!r->valid)
    return dsnet__fail(err, DSNET_EPLAN_INVALID, 0, "%s: %s", r->findings[0].code,
                       r->findings[0].message);
  return dsnet__ok(err);
}

dsnet_status dsnet_plan_pod_cidrs(const dsnet_plan_result *r, uint64_t index, dsnet_prefix out[2],
                                  dsnet_error *err) {
  if (!r->cluster_ok || !r->masks_ok)
    return dsnet__fail(err, DSNET_EINVAL, 0, "the plan has no valid cluster CIDRs and node masks");
  return dsnet_nodeipam_pod_cidrs(&r->cluster, &r->masks, index, out, err);
}

size_t dsnet_plan_flag(const dsnet_plan_result *r, const char *name, char *buf, size_t cap) {
  char tmp[DSNET_DUALSTACK_STRLEN] = "";
  if (strcmp(name, "--cluster-cidr") == 0 && r->cluster_ok) {
    dsnet_dualstack_format_cidrs(&r->cluster, tmp, sizeof tmp);
  } else if (strcmp(name, "--service-cluster-ip-range") == 0 && r->service_ok) {
    dsnet_dualstack_format_cidrs(&r->service, tmp, sizeof tmp);
  } else if (strcmp(name, "--cluster-dns") == 0 && r->dns_ok) {
    dsnet_dualstack_format_ips(&r->dns, tmp, sizeof tmp);
  } else if (strcmp(name, "--max-pods") == 0) {
    snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)r->max_pods);
  } else if (r->masks_ok && strncmp(name, "--node-cidr-mask-size", 21) == 0) {
    /* 1.16 has only the one flag; later versions get the per-family ones */
    int legacy = dsnet_nodeipam_rules_of(r->k8s_minor) == DSNET_NODEIPAM_RULES_1_16;
    for (size_t i = 0; i < r->cluster.count; i++) {
      unsigned f = r->cluster.cidr[i].addr.family;
      if ((legacy && strcmp(name, "--node-cidr-mask-size") == 0) ||
          (!legacy && strcmp(name, f == DSNET_FAMILY_IPV4 ? "--node-cidr-mask-size-ipv4"
                                                          : "--node-cidr-mask-size-ipv6") == 0))
        snprintf(tmp, sizeof tmp, "%u", r->masks.mask[i]);
    }
  }
  return dsnet__emit(tmp, strlen(tmp), buf, cap);
}
