/* dsnet plan module, the checks of one family: the overlap matrix, VNet
 * containment, node masks and capacity, Azure CNI's address budget and the
 * DNS service IP's place. plan.c runs them once the inputs are parsed. */
#include <stdio.h>

#include "../service_rules.h"
#include "dsnet/cidrset.h"
#include "plan_ctx.h"

#define fam dsnet__plan_fam
typedef dsnet__plan_ctx ctx;

static const char *pfx(const dsnet_prefix *p, char buf[DSNET_PREFIX_STRLEN]) {
  dsnet_prefix_format(p, buf, DSNET_PREFIX_STRLEN);
  return buf;
}

static const char *adr(const dsnet_addr *a, char buf[DSNET_ADDR_STRLEN]) {
  dsnet_addr_format(a, buf, DSNET_ADDR_STRLEN);
  return buf;
}

/* The cross-family checks of one family: overlap matrix and VNet containment. */
void dsnet__plan_overlaps(ctx *c, const dsnet_plan_family *f) {
  const dsnet_plan_result *r = c->r;
  bool has_docker = c->has_docker;
  const dsnet_prefix *docker = &c->docker_p;
  char a[DSNET_PREFIX_STRLEN], b[DSNET_PREFIX_STRLEN];
  int azure4 =
      r->azure && f->family == DSNET_FAMILY_IPV4; /* Azure CNI: IPv4 pods live in the VNet */
  int pod_node = 0, svc_node = 0;
  if (f->has_cluster_cidr && f->has_service_cidr &&
      dsnet_prefix_overlaps(&f->cluster_cidr, &f->service_cidr))
    add(c, E, "pod_service_overlap", "--service-cidr",
        "%s service range %s overlaps cluster (pod) CIDR %s: Service IPs and pod IPs would "
        "collide",
        fam(f->family), pfx(&f->service_cidr, a), pfx(&f->cluster_cidr, b));
  if (f->has_cluster_cidr && f->has_node_subnet && !azure4 &&
      dsnet_prefix_overlaps(&f->cluster_cidr, &f->node_subnet)) {
    pod_node = 1;
    add(c, E, "pod_node_subnet_overlap", "--node-subnet",
        "%s cluster (pod) CIDR %s overlaps node subnet %s: routes to pods would capture node "
        "traffic",
        fam(f->family), pfx(&f->cluster_cidr, a), pfx(&f->node_subnet, b));
  }
  if (f->has_service_cidr && f->has_node_subnet &&
      dsnet_prefix_overlaps(&f->service_cidr, &f->node_subnet)) {
    svc_node = 1;
    add(c, E, "service_node_subnet_overlap", "--service-cidr",
        "%s service range %s overlaps node subnet %s", fam(f->family), pfx(&f->service_cidr, a),
        pfx(&f->node_subnet, b));
  }
  if (has_docker && docker->addr.family == f->family) {
    const dsnet_prefix *other[3] = {f->has_cluster_cidr ? &f->cluster_cidr : NULL,
                                    f->has_service_cidr ? &f->service_cidr : NULL,
                                    f->has_node_subnet ? &f->node_subnet : NULL};
    static const char *names[3] = {"cluster (pod) CIDR", "service range", "node subnet"};
    if (other[0] && other[2] && dsnet_prefix_compare(other[0], other[2]) == 0)
      other[2] = NULL; /* Azure CNI's nodes in the pod range: one finding */
    for (int i = 0; i < 3; i++)
      if (other[i] && dsnet_prefix_overlaps(docker, other[i]))
        add(c, E, "docker_bridge_overlap", "--docker-bridge-subnet",
            "docker bridge subnet %s overlaps the %s %s", pfx(docker, a), names[i],
            pfx(other[i], b));
  }
  if (f->has_node_subnet && f->has_vnet && !dsnet_prefix_contains(&f->vnet, &f->node_subnet))
    add(c, E, "node_subnet_outside_vnet", "--node-subnet",
        "%s node subnet %s is not inside VNet range %s", fam(f->family), pfx(&f->node_subnet, a),
        pfx(&f->vnet, b));
  if (f->has_vnet && f->has_cluster_cidr && !azure4 && !pod_node &&
      dsnet_prefix_overlaps(&f->cluster_cidr, &f->vnet))
    add(c, W, "pod_cidr_in_vnet", "--cluster-cidr",
        "%s cluster (pod) CIDR %s overlaps VNet range %s outside the node subnets: those "
        "addresses are routed to pods inside the cluster and unreachable in the VNet",
        fam(f->family), pfx(&f->cluster_cidr, a), pfx(&f->vnet, b));
  if (f->has_vnet && f->has_service_cidr && !svc_node &&
      dsnet_prefix_overlaps(&f->service_cidr, &f->vnet))
    add(c, W, "service_cidr_in_vnet", "--service-cidr",
        "%s service range %s overlaps VNet range %s outside the node subnets: those addresses "
        "are captured by kube-proxy and unreachable in the VNet",
        fam(f->family), pfx(&f->service_cidr, a), pfx(&f->vnet, b));
}

/* The finding code of a node mask that dsnet_nodeipam_validate_mask refuses. */
static const char *mask_code(dsnet_status st) {
  switch (st) {
  case DSNET_ELIST_MAPPED:
    return "list_mapped";
  case DSNET_ENODE_MASK_RANGE:
    return "node_mask_range";
  case DSNET_ENODE_MASK_SHORT:
    return "node_mask_short";
  case DSNET_ENODE_MASK_DIFF:
    return "node_mask_diff";
  case DSNET_ENODE_CIDR_MAPPED:
    return "node_cidr_mapped";
  case DSNET_ENODE_CIDR_COUNT:
    return "node_cidr_count";
  default: /* (not reached: the cluster CIDRs are valid values) */
    return dsnet_status_name(st);
  }
}

void dsnet__plan_node_checks(ctx *c, dsnet_plan_family *f) {
  dsnet_plan_result *r = c->r;
  char a[DSNET_PREFIX_STRLEN];
  dsnet_error e;
  static const char *mask_field[2] = {"--node-cidr-mask-size-ipv4", "--node-cidr-mask-size-ipv6"};
  const char *field = dsnet_nodeipam_rules_of(r->k8s_minor) == DSNET_NODEIPAM_RULES_1_16
                          ? "--node-cidr-mask-size"
                          : mask_field[f->family == DSNET_FAMILY_IPV6];
  /* the allocator's rules: what kube-controller-manager's CIDR set can hold */
  dsnet_status st = dsnet_cidrset_check(&f->cluster_cidr, f->node_mask, &e);
  if (st != DSNET_OK) {
    add(c, E, mask_code(st), field, "%s", e.message);
    return;
  }
  f->node_ok = true;
  f->node_capacity = UINT64_C(1) << (f->node_mask - f->cluster_cidr.len);
  f->node_host_bits = dsnet_family_bits(f->family) - f->node_mask;
  if (f->family == DSNET_FAMILY_IPV4 && f->node_mask - f->cluster_cidr.len > 16)
    add(c, W, "node_mask_diff_ipv4", field,
        "node mask /%u is %u bits longer than cluster CIDR %s: kube-controller-manager keeps a "
        "bitmap of %llu node CIDRs (kubeadm refuses more than 16 bits)",
        f->node_mask, f->node_mask - f->cluster_cidr.len, pfx(&f->cluster_cidr, a),
        (unsigned long long)f->node_capacity);
  if (r->nodes > f->node_capacity)
    add(c, E, "node_capacity_exceeded", "--nodes",
        "%llu nodes do not fit: %s cluster CIDR %s with node mask /%u has room for %llu nodes",
        (unsigned long long)r->nodes, fam(f->family), pfx(&f->cluster_cidr, a), f->node_mask,
        (unsigned long long)f->node_capacity);
  int azure4 = r->azure && f->family == DSNET_FAMILY_IPV4;
  st = dsnet_nodeipam_pod_addresses(f->family, f->node_mask, &f->pods_per_node, &e);
  if (st != DSNET_OK) {
    if (!azure4)
      add(c, E, "node_cidr_too_small", field, "%s", e.message);
  } else if (!azure4 &&
             dsnet_nodeipam_check_max_pods(f->family, f->node_mask, r->max_pods, &e) != DSNET_OK) {
    add(c, E, "max_pods_exceeded", "--max-pods", "%s", e.message);
  }
}

/* Azure CNI (IPv4): every node takes 1 + max-pods addresses of the node subnet. */
void dsnet__plan_azure_cni_checks(ctx *c, const dsnet_plan_family *f) {
  const dsnet_plan_result *r = c->r;
  int aks = c->aks;
  char a[DSNET_PREFIX_STRLEN];
  if (f->family != DSNET_FAMILY_IPV4)
    return;
  if (!aks && f->has_cluster_cidr && dsnet_prefix_host_bits(&f->cluster_cidr) <= 8)
    add(c, E, "azure_cni_host_bits", "--cluster-cidr",
        "cluster CIDR %s has %u host bits: Azure CNI needs at least 9", pfx(&f->cluster_cidr, a),
        dsnet_prefix_host_bits(&f->cluster_cidr));
  if (f->has_node_subnet && r->nodes) {
    unsigned h = dsnet_prefix_host_bits(&f->node_subnet);
    uint64_t usable = h >= 63 ? UINT64_MAX : (UINT64_C(1) << h) > 5 ? (UINT64_C(1) << h) - 5 : 0;
    uint64_t per = r->max_pods + 1;
    uint64_t need = per != 0 && r->nodes <= UINT64_MAX / per ? r->nodes * per : UINT64_MAX;
    if (per != 0 && r->nodes > usable / per)
      add(c, E, "azure_cni_node_subnet_capacity", "--node-subnet",
          "Azure CNI gives each node 1 + max-pods (%llu) addresses of node subnet %s: %llu nodes "
          "need %llu, the subnet has %llu usable (Azure reserves 5)",
          (unsigned long long)per, pfx(&f->node_subnet, a), (unsigned long long)r->nodes,
          (unsigned long long)need, (unsigned long long)usable);
  }
}

void dsnet__plan_dns_checks(ctx *c, const dsnet_addr *dns) {
  const dsnet_plan_result *r = c->r;
  char a[DSNET_ADDR_STRLEN], b[DSNET_PREFIX_STRLEN];
  int fi = r->service_ok ? dsnet_dualstack_cidrs_find(&r->service, dns->family) : -1;
  if (!r->service_ok)
    return;
  if (fi < 0) {
    add(c, E, "dns_service_ip_outside_service_cidr", "--dns-service-ip",
        "DNS service IP %s is %s but there is no %s service range", adr(dns, a), fam(dns->family),
        fam(dns->family));
    return;
  }
  const dsnet_prefix *s = &r->service.cidr[fi];
  unsigned pos = dsnet__service_ip_position(s, dns);
  if (pos & DSNET__SERVICE_IP_OUTSIDE)
    add(c, E, "dns_service_ip_outside_service_cidr", "--dns-service-ip",
        "DNS service IP %s is not inside the %s service range %s", adr(dns, a), fam(dns->family),
        pfx(s, b));
  else if (pos & DSNET__SERVICE_IP_NETWORK)
    add(c, E, "dns_service_ip_network_address", "--dns-service-ip",
        "DNS service IP %s is the network address of service range %s: no Service can get it",
        adr(dns, a), pfx(s, b));
  else if (pos & DSNET__SERVICE_IP_APISERVER)
    add(c, E, "dns_service_ip_apiserver_ip", "--dns-service-ip",
        "DNS service IP %s is the API server's service IP (index 1) of %s, held by the "
        "kubernetes Service",
        adr(dns, a), pfx(s, b));
  else if ((pos & DSNET__SERVICE_IP_LAST) && s->len < 31)
    add(c, E, "dns_service_ip_broadcast", "--dns-service-ip",
        "DNS service IP %s is the broadcast address of service range %s", adr(dns, a), pfx(s, b));
}
