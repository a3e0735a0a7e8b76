/*
 * The plan module's inside: the evaluation's shared state and the checks of
 * one family (checks.c), which plan.c's phases call. Private to src/plan/.
 */
#ifndef DSNET_PLAN_CTX_H
#define DSNET_PLAN_CTX_H

#include <stdbool.h>

#include "../findings.h"
#include "dsnet/k8s.h"
#include "dsnet/plan.h"

/* The evaluation's shared state: the plan, its result, and what the
 * phases before have decided (the defaulted text, the parsed lists). */
typedef struct dsnet__plan_ctx {
  dsnet__sink sink; /* first member: the plan's sink finds the context from it */
  dsnet_plan_result *r;
  const dsnet_plan *plan;
  int aks;                                                        /* the aks-engine profile */
  unsigned pf;                                                    /* parse flags */
  dsnet_k8s_features features;                                    /* --feature-gates */
  dsnet_k8s_rules k8s;                                            /* the release's rules */
  dsnet_strview cluster, service, node_subnet, vnet, docker, dns; /* defaulted text */
  char buf[4][DSNET_PLAN_TEXT_MAX]; /* room for it: cluster, service, DNS, node subnet */
  const char *aks_version;          /* aks-engine: the version AKS Engine resolves, if none given */
  dsnet_dualstack_cidrs nodes_l, vnet_l;
  int nodes_ok, vnet_ok;
  bool has_docker;
  dsnet_prefix docker_p;
} dsnet__plan_ctx;

#define add(c, sev, ...) dsnet__add(&(c)->sink, sev, 0, __VA_ARGS__)
#define E DSNET__ERROR
#define W DSNET__WARNING

static inline const char *dsnet__plan_fam(unsigned f) {
  return f == DSNET_FAMILY_IPV4 ? "IPv4" : "IPv6";
}

/* Record a default the plan applied (defaults.c). */
void dsnet__plan_defaulted(dsnet__plan_ctx *c, const char *field, const char *value,
                           const char *source);
/* The version and the network plugin when not given: first, as the other
 * defaults and every rule depend on them. */
void dsnet__plan_default_version(dsnet__plan_ctx *c);
void dsnet__plan_default_plugin(dsnet__plan_ctx *c);
/* The list fields' text, the DNS IP (aks-engine), kube-proxy's mode, the
 * load balancer SKU and max pods when not given (after AKS Engine's
 * validation), in AKS Engine's order. */
void dsnet__plan_default_lists(dsnet__plan_ctx *c);
/* The node masks kube-controller-manager takes when no flag gives them. */
void dsnet__plan_default_masks(dsnet__plan_ctx *c);

/* The cross-family checks of one family: overlap matrix and VNet containment. */
void dsnet__plan_overlaps(dsnet__plan_ctx *c, const dsnet_plan_family *f);
/* A family's node mask, capacity and max-pods checks; sets its node values. */
void dsnet__plan_node_checks(dsnet__plan_ctx *c, dsnet_plan_family *f);
/* Azure CNI (IPv4): cluster CIDR size and the node subnet's room for pods. */
void dsnet__plan_azure_cni_checks(dsnet__plan_ctx *c, const dsnet_plan_family *f);
/* Where a DNS service IP sits in its family's service range. */
void dsnet__plan_dns_checks(dsnet__plan_ctx *c, const dsnet_addr *dns);
/* The node count of the plan's pools (saturating). */
uint64_t dsnet__plan_pool_nodes(const dsnet_plan *plan);
/* --advertise-address, --node-ip, and the aks-engine profile's page rules
 * (network mode, load balancer IPv6 frontends, Windows build): nodes.c. */
void dsnet__plan_node_inputs(dsnet__plan_ctx *c);

#endif /* DSNET_PLAN_CTX_H */
