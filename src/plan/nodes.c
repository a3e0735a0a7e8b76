/* dsnet plan module, the nodes' own inputs: the pools' node count,
 * kube-apiserver's --advertise-address, kubelet's --node-ip, and the rules of
 * AKS Engine's dual-stack page that its validation does not check (network
 * mode, the load balancer's IPv6 frontends, the Windows build). plan.c runs
 * them once the service ranges are parsed. */
#include <stdio.h>

#include "../sv.h"
#include "../utf8.h"
#include "plan_ctx.h"

#define fam dsnet__plan_fam
typedef dsnet__plan_ctx ctx;

#define RAW(v) (int)(v).len, (v).ptr ? (v).ptr : ""

uint64_t dsnet__plan_pool_nodes(const dsnet_plan *plan) {
  uint64_t sum = 0;
  for (size_t i = 0; plan->pools && i < plan->n_pools; i++)
    sum = plan->pools[i].count > UINT64_MAX - sum ? UINT64_MAX : sum + plan->pools[i].count;
  return sum;
}

/* Go's strings.TrimSpace (the flag parsers trim). */
static dsnet_strview trim(dsnet_strview v) {
  size_t start = dsnet__go_trim_space(v.ptr, &v.len);
  v.ptr += start;
  return v;
}

/* kube-apiserver's --advertise-address: pflag's IP value (net.ParseIP of the
 * trimmed text), then validatePublicIPServiceClusterIPRangeIPFamilies
 * (cmd/kube-apiserver/app/options/validation.go, v1.35.0): with an endpoint
 * reconciler (the default, lease) the kubernetes Service, which is single-stack
 * in the primary service range, gets the advertise address as its endpoint,
 * so the two families must match. Go's IsIPv4 takes an IPv4-mapped address as
 * IPv4. */
static void advertise_address(ctx *c) {
  dsnet_strview v = c->plan->advertise_address;
  if (!v.ptr)
    return;
  dsnet_strview t = trim(v);
  dsnet_addr a;
  if (dsnet_addr_parse(t.ptr, t.len, 0, &a, NULL) != DSNET_OK) {
    add(c, E, "advertise_address_invalid", "--advertise-address",
        "invalid argument \"%.*s\" for \"--advertise-address\" flag: failed to parse IP: "
        "\"%.*s\"",
        RAW(v), RAW(v));
    return;
  }
  const dsnet_plan_result *r = c->r;
  if (!r->service_ok)
    return;
  dsnet_addr u;
  dsnet_addr_unmap(&a, &u);
  if (u.family != r->service.cidr[0].addr.family) {
    char s[DSNET_PREFIX_STRLEN], ip[DSNET_ADDR_STRLEN];
    dsnet_prefix_format(&r->service.cidr[0], s, sizeof s);
    dsnet_addr_format(&u, ip, sizeof ip);
    add(c, E, "advertise_address_family", "--advertise-address",
        "service IP family \"%s\" must match public address family \"%s\": kube-apiserver does "
        "not start (its kubernetes Service is %s, in the primary service range)",
        s, ip, fam(r->service.cidr[0].addr.family));
  }
}

/* Go's IP.IsUnspecified: 0.0.0.0 (also as ::ffff:0.0.0.0) or ::. */
static int unspecified(const dsnet_addr *a) {
  dsnet_addr u;
  dsnet_addr_unmap(a, &u);
  return u.hi == 0 && u.lo == 0;
}

/* kubelet's --node-ip: component-helpers/node/util ParseNodeIPArgument
 * (v1.35.0): comma-separated, each trimmed and parsed with ParseIPSloppy; an
 * entry that does not parse is logged and ignored; more than two, or two of
 * one family, or a pair with an unspecified address, is refused (kubelet
 * does not start: "bad --node-ip"). A dual-stack cluster's node given one IP
 * reports an InternalIP of that family only (no cloud provider). */
static void node_ip(ctx *c) {
  dsnet_strview v = c->plan->node_ip;
  if (!v.ptr)
    return;
  dsnet_addr ips[3];
  size_t n = 0;
  const char *p = v.ptr, *end = v.ptr + v.len;
  for (;;) {
    const char *comma = memchr(p, ',', (size_t)(end - p));
    dsnet_strview e = trim((dsnet_strview){p, (size_t)((comma ? comma : end) - p)});
    if (e.len) {
      dsnet_addr a;
      if (dsnet_addr_parse(e.ptr, e.len, DSNET_PARSE_SLOPPY, &a, NULL) != DSNET_OK)
        add(c, W, "node_ip_invalid", "--node-ip",
            "--node-ip entry \"%.*s\" is not an IP: kubelet logs \"Could not parse node IP. "
            "Ignoring\" and goes on without it",
            RAW(e));
      else if (n < 3)
        ips[n++] = a;
    }
    if (!comma)
      break;
    p = comma + 1;
  }
  if (n > 2 || (n == 2 && ips[0].family == ips[1].family)) {
    add(c, E, "node_ip_count", "--node-ip",
        "bad --node-ip \"%.*s\": must contain either a single IP or a dual-stack pair of IPs",
        RAW(v));
    return;
  }
  if (n == 2 && (unspecified(&ips[0]) || unspecified(&ips[1]))) {
    add(c, E, "node_ip_unspecified", "--node-ip",
        "bad --node-ip \"%.*s\": dual-stack node IP cannot include '0.0.0.0' or '::'", RAW(v));
    return;
  }
  const dsnet_plan_result *r = c->r;
  if (n == 1 && r->cluster_ok && r->cluster.count == 2 && !unspecified(&ips[0]))
    add(c, W, "node_ip_family_missing", "--node-ip",
        "--node-ip \"%.*s\" is %s only: on a dual-stack cluster the node reports no %s "
        "InternalIP (give kubelet one IP of each family: --node-ip IPv4,IPv6)",
        RAW(v), fam(ips[0].family),
        fam(ips[0].family == DSNET_FAMILY_IPV4 ? DSNET_FAMILY_IPV6 : DSNET_FAMILY_IPV4));
}

/* The Windows build of windowsProfile.imageVersion ("19041.630.2011061636":
 * build.revision...) or of a windowsSku naming its release ("...-2004-...",
 * "2019-Datacenter-..."). 0 when unknown. */
static unsigned windows_build(dsnet_strview v, unsigned *revision) {
  static const struct {
    const char *tag;
    unsigned build;
  } skus[] = {{"1809", 17763}, {"2019", 17763}, {"1903", 18362}, {"1909", 18363},
              {"2004", 19041}, {"20H2", 19042}, {"2022", 20348}};
  *revision = 0;
  if (!v.ptr)
    return 0;
  size_t i = 0;
  unsigned build = 0;
  while (i < v.len && i < 6 && v.ptr[i] >= '0' && v.ptr[i] <= '9')
    build = build * 10 + (unsigned)(v.ptr[i++] - '0');
  if (i == 5 && i < v.len && v.ptr[i] == '.') {
    for (i++; i < v.len && v.ptr[i] >= '0' && v.ptr[i] <= '9' && *revision < 100000; i++)
      *revision = *revision * 10 + (unsigned)(v.ptr[i] - '0');
    return build;
  }
  for (size_t k = 0; k < sizeof skus / sizeof skus[0]; k++)
    for (size_t j = 0; j + 4 <= v.len; j++)
      if (memcmp(v.ptr + j, skus[k].tag, 4) == 0 && (j == 0 || v.ptr[j - 1] == '-') &&
          (j + 4 == v.len || v.ptr[j + 4] == '-')) {
        *revision = skus[k].build == 19041 ? 610 : 0; /* (the SKU's current image) */
        return skus[k].build;
      }
  return 0;
}

/* The rules of AKS Engine's dual-stack page (reference/aks-engine-dualstack.md)
 * that its validation leaves out. */
static void aks_engine_page(ctx *c) {
  const dsnet_plan *plan = c->plan;
  if (dsnet__sv_eq(plan->network_mode, "bridge") && c->r->azure)
    add(c, W, "network_mode_bridge", "--network-mode",
        "networkMode bridge: dual-stack with Azure CNI works in bridge and transparent mode, but "
        "bridge will be deprecated; transparent is recommended");
  /* "Azure Basic LBs have a limitation of only 1 IPv6 frontend configurations while
   * Standard LB supports up to 600"; AKS Engine's default SKU is Standard
   * (defaults.go), Basic on Azure Stack */
  int basic = plan->load_balancer_sku.ptr ? dsnet__sv_eq_fold(plan->load_balancer_sku, "Basic")
                                          : (plan->model_flags & DSNET_AKSENGINE_AZURE_STACK) != 0;
  uint64_t limit = basic ? 1 : 600;
  if (plan->ipv6_load_balancers > limit)
    add(c, E, "load_balancer_ipv6_frontends", "--ipv6-load-balancers",
        "%llu IPv6 LoadBalancer Services need %llu IPv6 frontend configurations; a %s load "
        "balancer has %llu (AKS Engine's dual-stack page: Basic 1, Standard up to 600)",
        (unsigned long long)plan->ipv6_load_balancers,
        (unsigned long long)plan->ipv6_load_balancers, basic ? "Basic" : "Standard",
        (unsigned long long)limit);
  int windows = 0;
  for (size_t i = 0; plan->pools && i < plan->n_pools; i++)
    windows |= dsnet__sv_eq(plan->pools[i].os_type, "Windows");
  unsigned rev, build = windows ? windows_build(plan->windows_version, &rev) : 0;
  if (build && (build < 19041 || (build == 19041 && rev < 610))) {
    char b[24];
    snprintf(b, sizeof b, rev ? "%u.%u" : "%u", build, rev);
    add(c, W, "windows_version_dual_stack", "--windows-version",
        "Windows image '%.*s' is build 10.0.%s: dual-stack clusters are supported on Windows from "
        "version 2004 (kernel 10.0.19041.610)",
        RAW(plan->windows_version), b);
  }
}

void dsnet__plan_node_inputs(ctx *c) {
  advertise_address(c);
  node_ip(c);
  if (c->aks)
    aks_engine_page(c);
}
