/**
 * @file dsnet/nodeipam.h
 * @brief Kubernetes node IPAM math: node mask resolution and validation,
 *        the podCIDR of node i, the index of a podCIDR, node capacity and pod
 *        addresses per node.
 *
 * @defgroup nodeipam Node IPAM
 * @{
 * kube-controller-manager splits each cluster CIDR (`--cluster-cidr`) into
 * node CIDRs of the node mask (`--node-cidr-mask-size-ipv4/-ipv6`, defaults
 * /24 and /64) and hands node i subnet i of each family, in cluster-CIDR
 * order. The rules, as kube-controller-manager applies them:
 * - the node mask may not be shorter than the cluster prefix (both refuse:
 *   the node IPAM controller does not start, "Controller: Invalid
 *   --cluster-cidr, mask size of cluster CIDR must be less than or equal to
 *   --node-cidr-mask-size configured for CIDR family");
 * - it may not exceed the family's bits (dsnet refuses; kube-controller-manager
 *   computes garbage);
 * - for IPv6 it may be at most 16 bits longer than the cluster prefix
 *   (`clusterSubnetMaxDiff`); IPv4 has no such limit;
 * - the number of node CIDRs is 2^(mask - prefix).
 *
 * IPv4-mapped cluster CIDRs are refused (#DSNET_ELIST_MAPPED), and so are
 * cluster CIDRs with IPv4-mapped node CIDRs (#DSNET_ENODE_CIDR_MAPPED):
 * Kubernetes takes both for IPv4 and computes or writes wrong podCIDRs.
 *
 * @code
 * dsnet_prefix cluster, node;
 * dsnet_prefix_parse("fc00::/48", 9, 0, &cluster, NULL);
 * dsnet_nodeipam_pod_cidr(&cluster, 64, 2, &node, NULL);     // fc00:0:0:2::/64
 * @endcode
 */
#ifndef DSNET_NODEIPAM_H
#define DSNET_NODEIPAM_H

#include <stdint.h>

#include "dsnet/dualstack.h"
#include "dsnet/error.h"
#include "dsnet/export.h"
#include "dsnet/k8s.h"
#include "dsnet/prefix.h"
#include "dsnet/u128.h"

#ifdef __cplusplus
extern "C" {
#endif

/** kube-controller-manager's default IPv4 node mask (`defaultNodeMaskCIDRIPv4`). */
#define DSNET_NODEIPAM_DEFAULT_MASK_IPV4 24
/** kube-controller-manager's default IPv6 node mask (`defaultNodeMaskCIDRIPv6`). */
#define DSNET_NODEIPAM_DEFAULT_MASK_IPV6 64
/** Most bits an IPv6 node mask may exceed the cluster prefix by (`clusterSubnetMaxDiff`). */
#define DSNET_NODEIPAM_MAX_DIFF 16

/** Which kube-controller-manager's mask-flag rules to apply. */
typedef enum dsnet_nodeipam_rules {
  /** Kubernetes 1.21 and later (`setNodeCIDRMaskSizes`). */
  DSNET_NODEIPAM_RULES_CURRENT = 0,
  /** Kubernetes 1.17 to 1.20: the per-family flags are refused on single-stack
   *  clusters ("are not allowed with non dual-stack clusters"). */
  DSNET_NODEIPAM_RULES_1_17 = 1,
  /** Kubernetes 1.16: one `--node-cidr-mask-size` (default 24) for every family;
   *  the per-family flags do not exist. */
  DSNET_NODEIPAM_RULES_1_16 = 2
} dsnet_nodeipam_rules;

/**
 * The mask-flag rules of a Kubernetes minor release: #DSNET_NODEIPAM_RULES_1_16
 * where dual-stack exists but the per-family flags do not,
 * #DSNET_NODEIPAM_RULES_1_17 before the current rules
 * (#DSNET_K8S_GATE_CURRENT_MASK_RULES), #DSNET_NODEIPAM_RULES_CURRENT from them.
 *
 * @param k8s_minor the release 1.minor; 0 means the newest.
 * @return the rules.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_nodeipam_rules dsnet_nodeipam_rules_of(unsigned k8s_minor);

/** kube-controller-manager's node mask flags; 0 means unset, as it reads them. */
typedef struct dsnet_node_mask_flags {
  unsigned mask_size;      /**< `--node-cidr-mask-size` */
  unsigned mask_size_ipv4; /**< `--node-cidr-mask-size-ipv4` */
  unsigned mask_size_ipv6; /**< `--node-cidr-mask-size-ipv6` */
} dsnet_node_mask_flags;

/** Resolved node masks, one per cluster CIDR, in cluster-CIDR order. */
typedef struct dsnet_node_masks {
  uint8_t mask[2]; /**< node mask of cluster CIDR i */
  size_t count;    /**< number of cluster CIDRs (1 or 2) */
} dsnet_node_masks;

/**
 * Resolve the node mask of each cluster CIDR from the flags, exactly as
 * kube-controller-manager does, with its messages for refused combinations.
 * The masks are not validated against the cluster CIDRs here: see
 * dsnet_nodeipam_validate_masks().
 *
 * Current rules: dual-stack clusters refuse `--node-cidr-mask-size` and use
 * the per-family flags (defaults 24 and 64); single-stack clusters use
 * `--node-cidr-mask-size` for whatever family (refusing it together with a
 * per-family flag), refuse the other family's flag, and otherwise use their
 * family's flag or default.
 *
 * @param cluster the cluster CIDRs (1 or 2); must not be NULL.
 * @param flags   the flags; must not be NULL.
 * @param rules   which Kubernetes version's rules.
 * @param out     receives the masks; must not be NULL.
 * @param err     error record or NULL.
 * @return #DSNET_OK; #DSNET_EMASK_FLAGS for a refused combination;
 *         #DSNET_EINVAL for an empty list or unknown rules.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_nodeipam_resolve_masks(const dsnet_dualstack_cidrs *cluster,
                                                    const dsnet_node_mask_flags *flags,
                                                    dsnet_nodeipam_rules rules,
                                                    dsnet_node_masks *out, dsnet_error *err);

/**
 * Check one node mask against its cluster CIDR.
 *
 * @param cluster the cluster CIDR; must not be NULL.
 * @param mask    the node mask.
 * @param err     error record or NULL; the message names the values and the limit.
 * @return #DSNET_OK; #DSNET_EINVAL for an invalid prefix value;
 *         #DSNET_ELIST_MAPPED for an IPv4-mapped cluster CIDR;
 *         #DSNET_ENODE_MASK_RANGE (mask past 32 or 128);
 *         #DSNET_ENODE_MASK_SHORT (mask shorter than the cluster prefix);
 *         #DSNET_ENODE_MASK_DIFF (IPv6 mask more than 16 bits longer);
 *         #DSNET_ENODE_CIDR_MAPPED (a mask of /96 or longer on an IPv6 cluster CIDR
 *         that contains <tt>\::ffff:0:0/96</tt>: some node CIDRs are IPv4-mapped, which
 *         Kubernetes' CIDR set takes for IPv4; the message names their indexes).
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_nodeipam_validate_mask(const dsnet_prefix *cluster, unsigned mask,
                                                    dsnet_error *err);

/**
 * Check the node mask of every cluster CIDR (dsnet_nodeipam_validate_mask()
 * on each, the first failure reported).
 *
 * @param cluster the cluster CIDRs; must not be NULL.
 * @param masks   their masks, as from dsnet_nodeipam_resolve_masks(); must not be NULL.
 * @param err     error record or NULL.
 * @return as dsnet_nodeipam_validate_mask(); #DSNET_EINVAL when the counts differ.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_nodeipam_validate_masks(const dsnet_dualstack_cidrs *cluster,
                                                     const dsnet_node_masks *masks,
                                                     dsnet_error *err);

/**
 * Number of node CIDRs of a cluster CIDR: 2^(mask - prefix).
 *
 * @param cluster the cluster CIDR; must not be NULL.
 * @param mask    the node mask.
 * @param out     receives the count (at most 2^32); must not be NULL.
 * @param err     error record or NULL.
 * @return #DSNET_OK or the errors of dsnet_nodeipam_validate_mask().
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_nodeipam_capacity(const dsnet_prefix *cluster, unsigned mask,
                                               uint64_t *out, dsnet_error *err);

/**
 * Node capacity of a dual-stack cluster: the minimum over its families
 * (a node needs a podCIDR of each).
 *
 * @param cluster the cluster CIDRs; must not be NULL.
 * @param masks   their masks; must not be NULL.
 * @param out     receives the count; must not be NULL.
 * @param err     error record or NULL.
 * @return as dsnet_nodeipam_validate_masks().
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_nodeipam_capacity_all(const dsnet_dualstack_cidrs *cluster,
                                                   const dsnet_node_masks *masks, uint64_t *out,
                                                   dsnet_error *err);

/**
 * The podCIDR of node `index` in one cluster CIDR: subnet `index` of length
 * `mask` (kube-controller-manager's `indexToCIDRBlock`).
 *
 * @param cluster the cluster CIDR; must not be NULL.
 * @param mask    the node mask.
 * @param index   the node index, 0..capacity-1 (a uint64_t: capacities never exceed 2^32).
 * @param out     receives the podCIDR; must not be NULL.
 * @param err     error record or NULL.
 * @return #DSNET_OK; the errors of dsnet_nodeipam_validate_mask();
 *         #DSNET_ERANGE when index >= capacity.
 *
 * Thread-safety: re-entrant; O(1).
 */
DSNET_API dsnet_status dsnet_nodeipam_pod_cidr(const dsnet_prefix *cluster, unsigned mask,
                                               uint64_t index, dsnet_prefix *out, dsnet_error *err);

/**
 * The podCIDRs of node `index` in every cluster CIDR, in cluster-CIDR order
 * (what `node.spec.podCIDRs` holds for a node allocated at that index).
 *
 * @param cluster the cluster CIDRs; must not be NULL.
 * @param masks   their masks; must not be NULL.
 * @param index   the node index.
 * @param out     receives cluster->count podCIDRs; must have room for 2.
 * @param err     error record or NULL.
 * @return as dsnet_nodeipam_pod_cidr() for each family.
 *
 * Thread-safety: re-entrant; O(1).
 */
DSNET_API dsnet_status dsnet_nodeipam_pod_cidrs(const dsnet_dualstack_cidrs *cluster,
                                                const dsnet_node_masks *masks, uint64_t index,
                                                dsnet_prefix out[2], dsnet_error *err);

/**
 * The podCIDRs of nodes start..start+count-1 at once (bulk form of
 * dsnet_nodeipam_pod_cidrs(), for bindings and controllers).
 *
 * @param cluster the cluster CIDRs; must not be NULL.
 * @param masks   their masks; must not be NULL.
 * @param start   first node index.
 * @param count   number of nodes.
 * @param out     receives count * cluster->count podCIDRs, node by node in
 *                cluster-CIDR order; NULL to only check the whole range.
 * @param err     error record or NULL.
 * @return #DSNET_OK; as dsnet_nodeipam_pod_cidrs() for the first node that
 *         fails (#DSNET_ERANGE past the capacity; nothing useful in out then).
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API dsnet_status dsnet_nodeipam_pod_cidrs_range(const dsnet_dualstack_cidrs *cluster,
                                                      const dsnet_node_masks *masks, uint64_t start,
                                                      uint64_t count, dsnet_prefix *out,
                                                      dsnet_error *err);

/**
 * Index of a podCIDR in its cluster CIDR (the inverse of dsnet_nodeipam_pod_cidr()).
 *
 * @param cluster the cluster CIDR; must not be NULL.
 * @param mask    the node mask.
 * @param cidr    the podCIDR; must not be NULL.
 * @param out     receives the index; must not be NULL.
 * @param err     error record or NULL.
 * @return #DSNET_OK; the errors of dsnet_nodeipam_validate_mask();
 *         #DSNET_EFAMILY (other family); #DSNET_ENODE_CIDR_LEN (length is not
 *         the node mask); #DSNET_ENOT_CONTAINED (outside the cluster CIDR).
 *
 * Thread-safety: re-entrant; O(1).
 */
DSNET_API dsnet_status dsnet_nodeipam_pod_cidr_index(const dsnet_prefix *cluster, unsigned mask,
                                                     const dsnet_prefix *cidr, uint64_t *out,
                                                     dsnet_error *err);

/**
 * Addresses in one node podCIDR: 2^(bits - mask).
 *
 * @param family ::DSNET_FAMILY_IPV4 or ::DSNET_FAMILY_IPV6.
 * @param mask   the node mask.
 * @param out    receives the count; must not be NULL.
 * @param err    error record or NULL.
 * @return #DSNET_OK; #DSNET_EINVAL (family); #DSNET_ENODE_MASK_RANGE;
 *         #DSNET_EOVERFLOW for an IPv6 /0 node mask (2^128).
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_nodeipam_node_addresses(unsigned family, unsigned mask,
                                                     dsnet_u128 *out, dsnet_error *err);

/**
 * Usable pod addresses in one node podCIDR under host-local IPAM (the
 * kubenet/bridge default): the network address and the gateway (network + 1)
 * are reserved, and for IPv4 the broadcast address too. So 2^h - 3 for IPv4
 * and 2^h - 2 for IPv6, with h = bits - mask (a /24 gives 253, a /64 gives
 * 2^64 - 2).
 *
 * @param family ::DSNET_FAMILY_IPV4 or ::DSNET_FAMILY_IPV6.
 * @param mask   the node mask.
 * @param out    receives the count; must not be NULL.
 * @param err    error record or NULL.
 * @return #DSNET_OK; #DSNET_EINVAL; #DSNET_ENODE_MASK_RANGE;
 *         #DSNET_ENODE_TOO_SMALL when h < 2 (host-local: "too small to allocate from").
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_nodeipam_pod_addresses(unsigned family, unsigned mask, dsnet_u128 *out,
                                                    dsnet_error *err);

/**
 * Whether kubelet's `--max-pods` fits the usable pod addresses of a node podCIDR.
 *
 * @param family   ::DSNET_FAMILY_IPV4 or ::DSNET_FAMILY_IPV6.
 * @param mask     the node mask.
 * @param max_pods kubelet's `--max-pods`.
 * @param err      error record or NULL.
 * @return #DSNET_OK; #DSNET_EMAX_PODS when max_pods exceeds
 *         dsnet_nodeipam_pod_addresses(); its errors otherwise.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_nodeipam_check_max_pods(unsigned family, unsigned mask,
                                                     uint64_t max_pods, dsnet_error *err);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_NODEIPAM_H */
