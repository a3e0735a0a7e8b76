/**
 * @file dsnet/plan.h
 * @brief A whole dual-stack cluster network plan: validate every rule at once
 *        (all findings, not the first) and derive what the cluster needs.
 *
 * @defgroup plan Cluster network plans
 * @{
 * A ::dsnet_plan holds a cluster's networking as its flags and API model
 * carry it: cluster CIDRs, service CIDRs, node mask flags, DNS service IP(s),
 * node subnet(s) and VNet range(s), docker bridge, max pods, node count,
 * Kubernetes version and feature gates, network plugin, kube-proxy mode, and
 * a profile. Unset
 * fields take AKS Engine's dual-stack defaults. dsnet_plan_evaluate() reports
 * every finding — the node IPAM and Service rules, version gates, the
 * per-family overlap matrix of pod, service, node subnet and docker bridge
 * ranges, VNet containment, DNS IP placement, node capacity, max pods —
 * each with a severity, a stable code, the field and a message naming the
 * values; and derives per-family capacities, the API server and DNS service
 * IPs, podCIDRs and the component flags. The codes are listed in
 * docs/plan-findings.md.
 *
 * @code
 * dsnet_plan plan;
 * static dsnet_plan_result r;  // large: keep it off small stacks
 * dsnet_plan_init(&plan);      // AKS Engine's dual-stack defaults
 * if (dsnet_plan_evaluate(&plan, &r, NULL) == DSNET_OK)
 *   printf("room for %llu nodes\n", (unsigned long long)r.node_capacity);
 * @endcode
 */
#ifndef DSNET_PLAN_H
#define DSNET_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dsnet/aksengine.h"
#include "dsnet/dualstack.h"
#include "dsnet/error.h"
#include "dsnet/export.h"
#include "dsnet/nodeipam.h"
#include "dsnet/pool.h"
#include "dsnet/service.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most findings a ::dsnet_plan_result stores (more are counted). */
#define DSNET_PLAN_MAX_FINDINGS 64

/** Most defaults a ::dsnet_plan_result records (there are fewer than this). */
#define DSNET_PLAN_MAX_DEFAULTS 24

/** Room for a list's text as a component gets it (::dsnet_plan_result's *_text). */
#define DSNET_PLAN_TEXT_MAX (2 * DSNET_PREFIX_STRLEN + 512)

/** Which rules a plan is checked against. */
typedef enum dsnet_plan_profile {
  DSNET_PLAN_PROFILE_KUBERNETES = 0, /**< Kubernetes' rules (and dsnet's checks) */
  DSNET_PLAN_PROFILE_AKS_ENGINE =
      1 /**< plus AKS Engine's checks, messages and single-family fill-in */
} dsnet_plan_profile;

/** Severity of a finding: errors make the plan invalid, warnings do not. */
typedef enum dsnet_severity {
  DSNET_SEVERITY_ERROR = 0,  /**< the cluster will not work as planned */
  DSNET_SEVERITY_WARNING = 1 /**< legal, but likely a mistake */
} dsnet_severity;

/** A cluster's networking. Unset strings (ptr NULL) and zero numbers take the defaults. */
typedef struct dsnet_plan {
  dsnet_plan_profile profile;   /**< rules to apply */
  unsigned parse_flags;         /**< ::dsnet_parse_flags for every CIDR and IP (0: strict) */
  dsnet_strview cluster_cidr;   /**< --cluster-cidr (default 10.244.0.0/16,fc00::/48;
                                   azure: 10.240.0.0/12,...) */
  dsnet_strview service_cidr;   /**< --service-cluster-ip-range (default 10.0.0.0/16,fd00::/108) */
  dsnet_strview dns_service_ip; /**< kubelet --cluster-dns, one or two IPs (default: index 10 of the
                                   primary service range) */
  dsnet_strview node_subnet; /**< node subnet(s) (default 10.240.0.0/16,2001:1234:5678:9abc::/64) */
  dsnet_strview vnet_cidr;   /**< VNet range(s) (default 10.0.0.0/8,2001:1234:5678:9a00::/56) */
  dsnet_strview docker_bridge_subnet; /**< docker bridge address/length (default 172.17.0.1/16) */
  dsnet_strview kubernetes_version;   /**< e.g. "1.29" or "v1.20.15" (default: the newest known) */
  dsnet_strview network_plugin;       /**< "kubenet" or "azure" (default kubenet) */
  /** "iptables", "ipvs" or "nftables" (default iptables); nftables from 1.29 with the feature
   * gate NFTablesProxyMode on (its default from 1.31); ipvs warns from 1.35 (deprecated) */
  dsnet_strview kube_proxy_mode;
  dsnet_node_mask_flags node_mask_flags; /**< the kube-controller-manager mask flags (0 = unset) */
  uint64_t max_pods;                     /**< kubelet --max-pods (0: 110; 30 with azure) */
  uint64_t nodes;                        /**< number of nodes (0: unknown) */
  /** The components' --feature-gates, Kubernetes syntax ("Name=true,Other=false"; see
   * dsnet_k8s_features_parse()) for the plan's version: they change the service-range cap
   * and kube-proxy's nftables mode. A bad value is the finding feature_gates_invalid, and
   * the release's defaults apply. */
  dsnet_strview feature_gates;
  /** kubernetesConfig.networkPolicy of the aks-engine profile (AKS Engine's check E5: no
   * policy with Azure CNI dual-stack); the kubernetes profile reads no policy. */
  dsnet_strview network_policy;
  /** kube-apiserver --advertise-address (kubeadm: localAPIEndpoint.advertiseAddress): an IP of
   * the primary service range's family (kube-apiserver refuses to start otherwise) */
  dsnet_strview advertise_address;
  /** kubelet --node-ip: one IP, or a dual-stack pair (one per family) so that a dual-stack
   * cluster's nodes report an InternalIP of each family */
  dsnet_strview node_ip;
  /** The node pools (::dsnet_node_pool; NULL when n_pools is 0): when nodes is 0 the node
   * count is their sum; the aks-engine profile checks them as AKS Engine does. */
  const dsnet_node_pool *pools;
  size_t n_pools;                  /**< number of pools */
  uint64_t ipv6_load_balancers;    /**< IPv6 LoadBalancer Services planned (aks-engine: each takes
                                      one IPv6 frontend of the load balancer) */
  dsnet_strview network_mode;      /**< aks-engine: kubernetesConfig.networkMode ("transparent",
                                      "bridge") */
  dsnet_strview load_balancer_sku; /**< aks-engine: kubernetesConfig.loadBalancerSku ("Standard",
                                      "Basic"; unset: Standard, AKS Engine's default) */
  /** aks-engine: kubernetesConfig.maxPods, the model's own field (AKS Engine: at least 5),
   * distinct from kubelet's --max-pods (max_pods) */
  uint64_t model_max_pods;
  unsigned model_flags; /**< aks-engine: the model's ::dsnet_aksengine_flags */
  /** aks-engine: the Windows nodes' image, windowsProfile.imageVersion ("19041.630.2011061636")
   * or windowsSku ("Datacenter-Core-2004-with-Containers-smalldisk"): dual-stack needs Windows
   * Server 2004 (10.0.19041.610) or later */
  dsnet_strview windows_version;
} dsnet_plan;

/** One finding of dsnet_plan_evaluate(). */
typedef struct dsnet_finding {
  dsnet_severity severity; /**< error or warning */
  const char *code;        /**< stable snake_case code (static string) */
  const char *field; /**< the flag or field concerned, e.g. "--service-cidr" (static string) */
  char message[DSNET_ERROR_MESSAGE_MAX]; /**< one line naming the values */
} dsnet_finding;

/** A value the plan took from a default because the input did not give it. */
typedef struct dsnet_plan_default {
  const char *field; /**< the flag or field, e.g. "--cluster-cidr" (static string) */
  /** the value taken; for a list of which the input gave one family, the entry added */
  char value[DSNET_DUALSTACK_STRLEN];
  const char *source; /**< whose default it is, with its reference (static string) */
} dsnet_plan_default;

/** What a plan derives for one address family. */
typedef struct dsnet_plan_family {
  unsigned family;           /**< ::DSNET_FAMILY_IPV4 or ::DSNET_FAMILY_IPV6 */
  bool has_cluster_cidr;     /**< the cluster has pods of this family */
  dsnet_prefix cluster_cidr; /**< the cluster CIDR of this family */
  unsigned node_mask;        /**< its node mask */
  bool node_ok;              /**< node mask valid: the node values below are set */
  uint64_t node_capacity;    /**< 2^(node mask - prefix) */
  unsigned node_host_bits;   /**< bits - node mask: addresses per node = 2^node_host_bits */
  dsnet_u128 pods_per_node;  /**< usable pod addresses per node (host-local) */
  bool has_service_cidr;     /**< the cluster has a service range of this family */
  dsnet_prefix service_cidr; /**< the service range */
  dsnet_addr apiserver_ip;   /**< the kubernetes Service IP (index 1) */
  bool has_default_dns_ip;   /**< the range has an index 10 */
  dsnet_addr default_dns_ip; /**< index 10 of the range (the convention) */
  bool has_dns_ip;           /**< a DNS service IP of this family is given */
  dsnet_addr dns_ip;         /**< the DNS service IP of this family */
  bool has_node_subnet;      /**< a node subnet of this family is given */
  dsnet_prefix node_subnet;  /**< the node subnet */
  bool has_vnet;             /**< a VNet range of this family is given */
  dsnet_prefix vnet;         /**< the VNet range */
} dsnet_plan_family;

/** Findings and derived values of a plan. About 36 KiB. */
typedef struct dsnet_plan_result {
  bool valid;              /**< no finding of severity error */
  size_t n_findings;       /**< findings stored */
  size_t n_findings_total; /**< findings found (may exceed #DSNET_PLAN_MAX_FINDINGS) */
  size_t n_errors;         /**< findings of severity error */
  dsnet_finding findings[DSNET_PLAN_MAX_FINDINGS]; /**< errors first, then warnings */
  unsigned k8s_minor;                              /**< Kubernetes minor version applied */
  bool azure;                                      /**< network plugin is azure (else kubenet) */
  bool ipvs;                                       /**< kube-proxy mode is ipvs (else iptables) */
  uint64_t max_pods;                               /**< effective --max-pods */
  uint64_t nodes;                                  /**< node count given (0: unknown) */
  bool cluster_ok;                                 /**< the cluster CIDRs parsed */
  dsnet_dualstack_cidrs cluster;                   /**< the cluster CIDRs, defaulted, in order */
  bool service_ok;                                 /**< the service CIDRs parsed */
  dsnet_dualstack_cidrs service;                   /**< the service CIDRs, defaulted, in order */
  bool dns_ok;                                     /**< the DNS service IPs parsed */
  dsnet_dualstack_ips dns;                         /**< the DNS service IPs */
  bool masks_ok;                                   /**< the node masks resolved and are valid */
  dsnet_node_masks masks; /**< node masks, in cluster-CIDR order (0 for an entry not allocated
                             from: see pod_cidr_first) */
  uint64_t node_capacity; /**< nodes that get a podCIDR of every family allocated (0 when
                             unknown) */
  size_t n_families;      /**< number of families[] */
  dsnet_plan_family families[2]; /**< per family: the cluster's primary family first */
  const char *kube_proxy_mode;   /**< effective kube-proxy mode: "iptables", "ipvs" or
                                    "nftables" (static string) */
  dsnet_plan_profile profile;    /**< the profile applied */
  /** the cluster CIDRs kube-controller-manager allocates podCIDRs from: entries
   * [pod_cidr_first, pod_cidr_first + n_pod_cidrs) of cluster. All of them, except in the
   * aks-engine profile with Azure CNI and two entries: only the second (AKS Engine passes
   * only it as --cluster-cidr; IPv4 pod IPs come from the node subnet) */
  size_t pod_cidr_first;
  size_t n_pod_cidrs; /**< (see pod_cidr_first) */
  size_t n_defaults;  /**< defaults recorded */
  /** the defaults the plan applied, in the order it applied them */
  dsnet_plan_default defaults[DSNET_PLAN_MAX_DEFAULTS];
  /** aks-engine: clusterSubnet as AKS Engine renders it into --cluster-cidr (after its
   * single-family fill-in, as written: host bits, leading zeros); "" in the kubernetes profile
   * and when longer than #DSNET_PLAN_TEXT_MAX - 1 (the flags are then canonical) */
  char cluster_cidr_text[DSNET_PLAN_TEXT_MAX];
  char service_cidr_text[DSNET_PLAN_TEXT_MAX];   /**< aks-engine: serviceCidr, the same way */
  char dns_service_ip_text[DSNET_PLAN_TEXT_MAX]; /**< aks-engine: dnsServiceIP, the same way */
} dsnet_plan_result;

/**
 * Initialise a plan: every field unset (all defaults), profile kubernetes.
 *
 * @param plan the plan; must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API void dsnet_plan_init(dsnet_plan *plan);

/**
 * Validate a plan (every finding, not the first) and derive its values.
 *
 * @param plan the plan; must not be NULL.
 * @param out  receives findings and derived values, valid or not; must not be NULL.
 * @param err  error record or NULL.
 * @return #DSNET_OK when the plan has no error finding (warnings allowed);
 *         #DSNET_EPLAN_INVALID when it has (the first one is in err);
 *         #DSNET_EINVAL for NULL arguments.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API dsnet_status dsnet_plan_evaluate(const dsnet_plan *plan, dsnet_plan_result *out,
                                           dsnet_error *err);

/**
 * The podCIDRs of node `index` of an evaluated plan, in cluster-CIDR order.
 *
 * @param r     an evaluated plan with masks_ok; must not be NULL.
 * @param index the node index.
 * @param out   receives r->cluster.count podCIDRs; room for 2.
 * @param err   error record or NULL.
 * @return #DSNET_OK; #DSNET_EINVAL when the plan's node masks are not valid;
 *         #DSNET_ERANGE when index is past the node capacity.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_plan_pod_cidrs(const dsnet_plan_result *r, uint64_t index,
                                            dsnet_prefix out[2], dsnet_error *err);

/**
 * A component flag derived from an evaluated plan, as text.
 *
 * In the kubernetes profile the values are canonical. In the aks-engine
 * profile they are what AKS Engine renders (reference/aks-engine-rules.md
 * 3.6): clusterSubnet, serviceCidr and dnsServiceIP as written (after its
 * fill-in); with Azure CNI and two cluster subnets kube-controller-manager
 * gets only the second entry as --cluster-cidr (defaults-controller-manager.go),
 * so its single-stack --node-cidr-mask-size applies and the per-family mask
 * flags are not set; kube-controller-manager gets no --service-cluster-ip-range.
 *
 * @param r    an evaluated plan; must not be NULL.
 * @param name a flag, optionally after its component and a space:
 *             "--cluster-cidr" (kube-controller-manager's),
 *             "kube-controller-manager --cluster-cidr", "kube-proxy --cluster-cidr",
 *             "--node-cidr-mask-size", "--node-cidr-mask-size-ipv4",
 *             "--node-cidr-mask-size-ipv6" (kube-controller-manager's),
 *             "--service-cluster-ip-range" (kube-apiserver's),
 *             "kube-apiserver --service-cluster-ip-range",
 *             "kube-controller-manager --service-cluster-ip-range",
 *             "--cluster-dns", "--max-pods" (kubelet's, also as "kubelet --cluster-dns").
 * @param buf  output buffer; may be NULL when cap is 0.
 * @param cap  its capacity; #DSNET_PLAN_TEXT_MAX always fits (#DSNET_DUALSTACK_STRLEN in
 *             the kubernetes profile).
 * @return the length of the value without its NUL (0 and "" when the flag
 *         does not apply to this plan, e.g. an IPv6 mask on an IPv4 cluster);
 *         when >= cap, buf gets "".
 * @code
 * char v[DSNET_PLAN_TEXT_MAX];
 * dsnet_plan_flag(&r, "kube-proxy --cluster-cidr", v, sizeof v);
 * @endcode
 * Thread-safety: re-entrant.
 */
DSNET_API size_t dsnet_plan_flag(const dsnet_plan_result *r, const char *name, char *buf,
                                 size_t cap);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_PLAN_H */
