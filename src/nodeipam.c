/* dsnet nodeipam module: kube-controller-manager's node mask rules and the
 * podCIDR math of its cidrset (indexToCIDRBlock / getIndexForIP). */
#include "dsnet/nodeipam.h"

#include "dsnet/subnet.h"
#include "bits.h"
#include "compiler.h"
#include "fail.h"
#include "values.h"

static const char *fam(unsigned f) {
  return f == DSNET_FAMILY_IPV4 ? "IPv4" : "IPv6";
}

static dsnet_status flags_error(dsnet_error *err, const char *kcm_message) {
  return dsnet__fail(err, DSNET_EMASK_FLAGS, 0, "%s", kcm_message);
}

dsnet_nodeipam_rules dsnet_nodeipam_rules_of(unsigned k8s_minor) {
  if (dsnet_k8s_gate_open(DSNET_K8S_GATE_DUAL_STACK, k8s_minor) &&
      !dsnet_k8s_gate_open(DSNET_K8S_GATE_PER_FAMILY_MASK_FLAGS, k8s_minor))
    return DSNET_NODEIPAM_RULES_1_16;
  return dsnet_k8s_gate_open(DSNET_K8S_GATE_CURRENT_MASK_RULES, k8s_minor)
             ? DSNET_NODEIPAM_RULES_CURRENT
             : DSNET_NODEIPAM_RULES_1_17;
}

/* 1.16: one flag, default 24, for every family; the per-family flags came
 * with #DSNET_K8S_GATE_PER_FAMILY_MASK_FLAGS. */
static dsnet_status masks_1_16(const dsnet_node_mask_flags *flags, unsigned *v4, unsigned *v6,
                               dsnet_error *err) {
  if (flags->mask_size_ipv4 || flags->mask_size_ipv6) {
    unsigned ds = dsnet_k8s_gate_minor(DSNET_K8S_GATE_DUAL_STACK),
             pf = dsnet_k8s_gate_minor(DSNET_K8S_GATE_PER_FAMILY_MASK_FLAGS);
    return dsnet__fail(err, DSNET_EMASK_FLAGS, 0,
                       "--node-cidr-mask-size-ipv4 and --node-cidr-mask-size-ipv6 do not exist in "
                       "Kubernetes 1.%u (added in 1.%u): use --node-cidr-mask-size, which applies "
                       "to every family",
                       ds, pf);
  }
  *v4 = *v6 = flags->mask_size ? flags->mask_size : 24u;
  return DSNET_OK;
}

/* A single-stack cluster under the current rules (setNodeCIDRMaskSizes). */
static dsnet_status masks_single(const dsnet_node_mask_flags *flags, int is_v6, unsigned *v4,
                                 unsigned *v6, dsnet_error *err) {
  if (flags->mask_size) {
    if (flags->mask_size_ipv4 || flags->mask_size_ipv6)
      return flags_error(err, "usage of --node-cidr-mask-size-ipv4 and "
                              "--node-cidr-mask-size-ipv6 is not allowed if "
                              "--node-cidr-mask-size is set. For dual-stack clusters please "
                              "unset it and use IPFamily specific flags");
    *v4 = *v6 = flags->mask_size; /* whatever the family */
    return DSNET_OK;
  }
  if (flags->mask_size_ipv4) {
    if (is_v6)
      return flags_error(err, "usage of --node-cidr-mask-size-ipv4 is not allowed for a "
                              "single-stack IPv6 cluster");
    *v4 = flags->mask_size_ipv4;
  }
  if (flags->mask_size_ipv6) {
    if (!is_v6)
      return flags_error(err, "usage of --node-cidr-mask-size-ipv6 is not allowed for a "
                              "single-stack IPv4 cluster");
    *v6 = flags->mask_size_ipv6;
  }
  return DSNET_OK;
}

/* The 1.17 and the current rules. */
static dsnet_status masks_per_family(const dsnet_node_mask_flags *flags, dsnet_nodeipam_rules rules,
                                     int dual, int is_v6, unsigned *v4, unsigned *v6,
                                     dsnet_error *err) {
  if (dual) {
    if (flags->mask_size)
      return flags_error(err, "usage of --node-cidr-mask-size is not allowed with dual-stack "
                              "clusters");
    if (flags->mask_size_ipv4)
      *v4 = flags->mask_size_ipv4;
    if (flags->mask_size_ipv6)
      *v6 = flags->mask_size_ipv6;
    return DSNET_OK;
  }
  if (rules == DSNET_NODEIPAM_RULES_CURRENT)
    return masks_single(flags, is_v6, v4, v6, err);
  if (flags->mask_size_ipv4 || flags->mask_size_ipv6)
    return flags_error(err, "usage of --node-cidr-mask-size-ipv4 and "
                            "--node-cidr-mask-size-ipv6 are not allowed with non dual-stack "
                            "clusters");
  if (flags->mask_size)
    *v4 = *v6 = flags->mask_size;
  return DSNET_OK;
}

dsnet_status dsnet_nodeipam_resolve_masks(const dsnet_dualstack_cidrs *cluster,
                                          const dsnet_node_mask_flags *flags,
                                          dsnet_nodeipam_rules rules, dsnet_node_masks *out,
                                          dsnet_error *err) {
  if (cluster->count < 1 || cluster->count > 2)
    return dsnet__fail(err, DSNET_EINVAL, 0, "%zu cluster CIDRs: need 1 or 2", cluster->count);
  unsigned v4 = DSNET_NODEIPAM_DEFAULT_MASK_IPV4, v6 = DSNET_NODEIPAM_DEFAULT_MASK_IPV6;
  int is_v6 = cluster->cidr[0].addr.family == DSNET_FAMILY_IPV6;
  dsnet_status st;
  if (rules == DSNET_NODEIPAM_RULES_1_16)
    st = masks_1_16(flags, &v4, &v6, err);
  else if (rules == DSNET_NODEIPAM_RULES_1_17 || rules == DSNET_NODEIPAM_RULES_CURRENT)
    st = masks_per_family(flags, rules, cluster->count == 2, is_v6, &v4, &v6, err);
  else
    return dsnet__fail(err, DSNET_EINVAL, 0, "unknown node IPAM rules %d", (int)rules);
  if (st != DSNET_OK)
    return st;
  for (size_t i = 0; i < cluster->count; i++) {
    unsigned m = cluster->cidr[i].addr.family == DSNET_FAMILY_IPV6 ? v6 : v4;
    out->mask[i] = (uint8_t)(m > 255 ? 255 : m);
  }
  out->count = cluster->count;
  return dsnet__ok(err);
}

/* ::ffff:0:0/96, the IPv4-mapped IPv6 addresses. */
static const dsnet_prefix mapped96 = {{0, UINT64_C(0xffff00000000), DSNET_FAMILY_IPV6}, 96};

/* Node CIDRs of /96 or longer of a cluster CIDR that contains ::ffff:0:0/96
 * (mask - len <= 16: the indexes fit) include IPv4-mapped ones: Kubernetes'
 * CIDR set builds them as a net.IP whose To4() is not nil, so the node gets
 * an IPv4 podCIDR and the set marks an IPv4 index. Refused, naming them. */
static dsnet_status mapped_node_cidrs(const dsnet_prefix *cluster, unsigned mask,
                                      dsnet_error *err) {
  uint64_t hi = cluster->addr.hi ^ mapped96.addr.hi, lo = cluster->addr.lo ^ mapped96.addr.lo;
  dsnet__shr128(&hi, &lo, 128 - mask);
  uint64_t first = lo, last = lo + (UINT64_C(1) << (mask - 96)) - 1;
  char c[DSNET_PREFIX_STRLEN], n[DSNET_PREFIX_STRLEN];
  dsnet_prefix node;
  dsnet__nth(cluster, mask, 0, first, &node);
  return dsnet__fail(err, DSNET_ENODE_CIDR_MAPPED, 0,
                     "node CIDRs %llu-%llu of cluster CIDR %s with node mask /%u (%s, ...) are "
                     "IPv4-mapped, inside ::ffff:0:0/96: Kubernetes writes them into nodes as "
                     "IPv4 podCIDRs and marks wrong slots",
                     (unsigned long long)first, (unsigned long long)last,
                     dsnet__msg_prefix(err, cluster, c), mask, dsnet__msg_prefix(err, &node, n));
}

dsnet_status dsnet_nodeipam_validate_mask(const dsnet_prefix *cluster, unsigned mask,
                                          dsnet_error *err) {
  if (!dsnet__prefix_valid(cluster))
    return dsnet__fail(err, DSNET_EINVAL, 0, "invalid cluster CIDR value");
  char c[DSNET_PREFIX_STRLEN];
  unsigned f = cluster->addr.family, bits = dsnet__bits(f);
  if (dsnet_addr_is_ipv4_mapped(&cluster->addr))
    return dsnet__fail(err, DSNET_ELIST_MAPPED, 0,
                       "cluster CIDR %s is IPv4-mapped IPv6: its family is ambiguous and "
                       "Kubernetes computes wrong podCIDRs for it",
                       dsnet__msg_prefix(err, cluster, c));
  if (mask > bits)
    return dsnet__fail(err, DSNET_ENODE_MASK_RANGE, 0,
                       "node mask /%u is longer than %u bits, the size of an %s address "
                       "(cluster CIDR %s)",
                       mask, bits, fam(f), dsnet__msg_prefix(err, cluster, c));
  if (mask < cluster->len)
    return dsnet__fail(
        err, DSNET_ENODE_MASK_SHORT, 0,
        "node mask /%u is shorter than cluster CIDR %s: a node CIDR cannot be larger "
        "than the cluster CIDR (kube-controller-manager's node IPAM controller refuses to "
        "start: \"Controller: Invalid --cluster-cidr, mask size of cluster CIDR must be less "
        "than or equal to --node-cidr-mask-size configured for CIDR family\")",
        mask, dsnet__msg_prefix(err, cluster, c));
  if (f == DSNET_FAMILY_IPV6 && mask - cluster->len > DSNET_NODEIPAM_MAX_DIFF)
    return dsnet__fail(err, DSNET_ENODE_MASK_DIFF, 0,
                       "node mask /%u is %u bits longer than cluster CIDR %s; the limit for IPv6 "
                       "is %d (kube-controller-manager: \"New CIDR set failed; the node CIDR size "
                       "is too big\"): use a node mask of /%d or shorter, or a cluster CIDR of /%u "
                       "or longer",
                       mask, mask - cluster->len, dsnet__msg_prefix(err, cluster, c),
                       DSNET_NODEIPAM_MAX_DIFF, cluster->len + DSNET_NODEIPAM_MAX_DIFF,
                       mask - DSNET_NODEIPAM_MAX_DIFF);
  if (f == DSNET_FAMILY_IPV6 && mask >= 96 && dsnet_prefix_contains(cluster, &mapped96))
    return mapped_node_cidrs(cluster, mask, err);
  return dsnet__ok(err);
}

dsnet_status dsnet_nodeipam_validate_masks(const dsnet_dualstack_cidrs *cluster,
                                           const dsnet_node_masks *masks, dsnet_error *err) {
  if (cluster->count != masks->count || cluster->count < 1 || cluster->count > 2)
    return dsnet__fail(err, DSNET_EINVAL, 0, "%zu cluster CIDRs but %zu node masks", cluster->count,
                       masks->count);
  for (size_t i = 0; i < cluster->count; i++) {
    dsnet_status st = dsnet_nodeipam_validate_mask(&cluster->cidr[i], masks->mask[i], err);
    if (st != DSNET_OK)
      return st;
  }
  return DSNET_OK;
}

dsnet_status dsnet_nodeipam_capacity(const dsnet_prefix *cluster, unsigned mask, uint64_t *out,
                                     dsnet_error *err) {
  dsnet_status st = dsnet_nodeipam_validate_mask(cluster, mask, err);
  if (st != DSNET_OK)
    return st;
  *out = UINT64_C(1) << (mask - cluster->len); /* at most 2^32 (IPv4 /0 into /32) */
  return DSNET_OK;
}

dsnet_status dsnet_nodeipam_capacity_all(const dsnet_dualstack_cidrs *cluster,
                                         const dsnet_node_masks *masks, uint64_t *out,
                                         dsnet_error *err) {
  dsnet_status st = dsnet_nodeipam_validate_masks(cluster, masks, err);
  if (st != DSNET_OK)
    return st;
  uint64_t m = UINT64_MAX;
  for (size_t i = 0; i < cluster->count; i++) {
    uint64_t c = UINT64_C(1) << (masks->mask[i] - cluster->cidr[i].len);
    if (c < m)
      m = c;
  }
  *out = m;
  return DSNET_OK;
}

dsnet_status dsnet_nodeipam_pod_cidr(const dsnet_prefix *cluster, unsigned mask, uint64_t index,
                                     dsnet_prefix *out, dsnet_error *err) {
  uint64_t cap;
  dsnet_status st = dsnet_nodeipam_capacity(cluster, mask, &cap, err);
  if (st != DSNET_OK)
    return st;
  if (index >= cap) {
    char c[DSNET_PREFIX_STRLEN];
    return dsnet__fail(err, DSNET_ERANGE, 0,
                       "node index %llu is out of range: cluster CIDR %s with node mask /%u has "
                       "%llu node CIDRs (indexes 0..%llu)",
                       (unsigned long long)index, dsnet__msg_prefix(err, cluster, c), mask,
                       (unsigned long long)cap, (unsigned long long)(cap - 1));
  }
  dsnet_u128 i;
  dsnet_u128_from_u64(index, &i);
  return dsnet_subnet_nth(cluster, mask, &i, out, err);
}

/* Whether every rule holds for node `index` of cluster c with node mask m
 * (valid cluster prefix, mask within the family and not shorter than the
 * prefix, at most 16 more bits for IPv6, not IPv4-mapped, index in range):
 * the tests combined with & so that valid input meets a single branch, the
 * shift counts masked so that none is out of range even for garbage. */
static inline int pod_cidr_ok(const dsnet_prefix *c, unsigned m, uint64_t index) {
  uint64_t h = c->addr.hi, l = c->addr.lo;
  unsigned len = c->len, d = m - len; /* d wraps when m < len */
  if (c->addr.family == DSNET_FAMILY_IPV4)
    return (int)((m <= 32) & (d <= 32) & (h == 0) & ((l >> 32) == 0) &
                 dsnet__host_bits_zero(&c->addr, len) & ((index >> (d & 63)) == 0));
  return (int)((c->addr.family == DSNET_FAMILY_IPV6) & (m <= 128) & (d <= DSNET_NODEIPAM_MAX_DIFF) &
               ((h != 0) | ((l >> 32) != 0xffffu)) & ((h != 0) | (m < 96)) &
               dsnet__host_bits_zero(&c->addr, len & 255) & ((index >> (d & 63)) == 0));
}

dsnet_status dsnet_nodeipam_pod_cidrs(const dsnet_dualstack_cidrs *cluster,
                                      const dsnet_node_masks *masks, uint64_t index,
                                      dsnet_prefix out[2], dsnet_error *err) {
  size_t n = cluster->count;
  if (n != masks->count || n < 1 || n > 2)
    return dsnet__fail(err, DSNET_EINVAL, 0, "%zu cluster CIDRs but %zu node masks", n,
                       masks->count);
  /* Hot path: every rule as one branch-free test per family; the full
   * validation, and its message, runs only when that test fails. out is
   * written (by dsnet__nth, field by field: a struct built on the stack and
   * copied would stall on store forwarding) only when both families pass. */
  int ok = pod_cidr_ok(&cluster->cidr[0], masks->mask[0], index);
  if (n == 2)
    ok &= pod_cidr_ok(&cluster->cidr[1], masks->mask[1], index);
  if (DSNET_UNLIKELY(!ok)) {
    dsnet_prefix tmp;
    for (size_t i = 0; i < n; i++) {
      dsnet_status st =
          dsnet_nodeipam_pod_cidr(&cluster->cidr[i], masks->mask[i], index, &tmp, err);
      if (st != DSNET_OK)
        return st; /* reports why */
    }
  }
  for (size_t i = 0; i < n; i++)
    dsnet__nth(&cluster->cidr[i], masks->mask[i], 0, index, &out[i]);
  if (err)
    dsnet__clear(err);
  return DSNET_OK;
}

dsnet_status dsnet_nodeipam_pod_cidrs_range(const dsnet_dualstack_cidrs *cluster,
                                            const dsnet_node_masks *masks, uint64_t start,
                                            uint64_t count, dsnet_prefix *out, dsnet_error *err) {
  if (count == 0)
    return dsnet__ok(err);
  uint64_t last = start + count - 1;
  if (last < start) {
    return dsnet__fail(err, DSNET_ERANGE, 0, "node range %llu + %llu overflows",
                       (unsigned long long)start, (unsigned long long)count);
  }
  /* both ends checked with the full rules; everything between is in range */
  dsnet_prefix tmp[2];
  dsnet_status st = dsnet_nodeipam_pod_cidrs(cluster, masks, last, tmp, err);
  if (st != DSNET_OK)
    return st;
  st = dsnet_nodeipam_pod_cidrs(cluster, masks, start, tmp, err);
  if (st != DSNET_OK)
    return st;
  size_t n = cluster->count;
  for (uint64_t i = 0; out && i < count; i++)
    for (size_t f = 0; f < n; f++)
      dsnet__nth(&cluster->cidr[f], masks->mask[f], 0, start + i, &out[i * n + f]);
  return DSNET_OK;
}

dsnet_status dsnet_nodeipam_pod_cidr_index(const dsnet_prefix *cluster, unsigned mask,
                                           const dsnet_prefix *cidr, uint64_t *out,
                                           dsnet_error *err) {
  dsnet_status st = dsnet_nodeipam_validate_mask(cluster, mask, err);
  if (st != DSNET_OK)
    return st;
  if (!dsnet__prefix_valid(cidr))
    return dsnet__fail(err, DSNET_EINVAL, 0, "invalid podCIDR value");
  char c[DSNET_PREFIX_STRLEN], p[DSNET_PREFIX_STRLEN];
  if (cidr->addr.family != cluster->addr.family)
    return dsnet__fail(err, DSNET_EFAMILY, 0, "podCIDR %s is %s but cluster CIDR %s is %s",
                       dsnet__msg_prefix(err, cidr, p), fam(cidr->addr.family),
                       dsnet__msg_prefix(err, cluster, c), fam(cluster->addr.family));
  if (cidr->len != mask)
    return dsnet__fail(err, DSNET_ENODE_CIDR_LEN, 0, "podCIDR %s is a /%u but the node mask is /%u",
                       dsnet__msg_prefix(err, cidr, p), cidr->len, mask);
  if (!dsnet_prefix_contains(cluster, cidr))
    return dsnet__fail(err, DSNET_ENOT_CONTAINED, 0,
                       "podCIDR %s is outside cluster CIDR %s (kube-controller-manager: \"CIDR: "
                       "%s is out of the range of CIDR allocator\")",
                       dsnet__msg_prefix(err, cidr, p), dsnet__msg_prefix(err, cluster, c),
                       dsnet__msg_prefix(err, cidr, p));
  /* inside the cluster CIDR and a /mask: the address bits that differ are
   * the index, shifted up by the host bits */
  uint64_t hi = cidr->addr.hi ^ cluster->addr.hi, lo = cidr->addr.lo ^ cluster->addr.lo;
  dsnet__shr128(&hi, &lo, dsnet__bits(cluster->addr.family) - mask);
  *out = lo; /* < 2^32 */
  return dsnet__ok(err);
}

static dsnet_status host_bits(unsigned family, unsigned mask, unsigned *h, dsnet_error *err) {
  if (family != DSNET_FAMILY_IPV4 && family != DSNET_FAMILY_IPV6)
    return dsnet__fail(err, DSNET_EINVAL, 0, "unknown address family %u", family);
  unsigned bits = dsnet__bits(family);
  if (mask > bits)
    return dsnet__fail(err, DSNET_ENODE_MASK_RANGE, 0,
                       "node mask /%u is longer than %u bits, the size of an %s address", mask,
                       bits, fam(family));
  *h = bits - mask;
  return DSNET_OK;
}

dsnet_status dsnet_nodeipam_node_addresses(unsigned family, unsigned mask, dsnet_u128 *out,
                                           dsnet_error *err) {
  unsigned h = 0;
  dsnet_status st = host_bits(family, mask, &h, err);
  if (st != DSNET_OK)
    return st;
  if (h >= 128)
    return dsnet__fail(err, DSNET_EOVERFLOW, 0, "a /0 IPv6 node CIDR has 2^128 addresses");
  return dsnet_u128_pow2(h, out, err);
}

dsnet_status dsnet_nodeipam_pod_addresses(unsigned family, unsigned mask, dsnet_u128 *out,
                                          dsnet_error *err) {
  unsigned h = 0;
  dsnet_status st = host_bits(family, mask, &h, err);
  if (st != DSNET_OK)
    return st;
  if (h < 2)
    return dsnet__fail(err, DSNET_ENODE_TOO_SMALL, 0,
                       "a /%u %s node CIDR is too small to allocate pod addresses from "
                       "(host-local needs at least 2 host bits)",
                       mask, fam(family));
  /* reserved: network, gateway (network + 1) and, for IPv4, broadcast */
  dsnet_u128 reserved = {0, family == DSNET_FAMILY_IPV4 ? 3u : 2u};
  if (h == 128) { /* 2^128 - 2 */
    out->hi = ~UINT64_C(0);
    out->lo = ~UINT64_C(0) - 1;
    return dsnet__ok(err);
  }
  dsnet_u128 all;
  dsnet_u128_pow2(h, &all, NULL);
  dsnet_u128_sub(&all, &reserved, out, NULL);
  return dsnet__ok(err);
}

/* Fewest host bits whose usable pod addresses hold max_pods. */
static unsigned min_host_bits(unsigned family, uint64_t max_pods) {
  uint64_t reserved = family == DSNET_FAMILY_IPV4 ? 3 : 2;
  for (unsigned h = 2; h < 64; h++)
    if ((UINT64_C(1) << h) - reserved >= max_pods)
      return h;
  return 64;
}

dsnet_status dsnet_nodeipam_check_max_pods(unsigned family, unsigned mask, uint64_t max_pods,
                                           dsnet_error *err) {
  dsnet_u128 usable = {0, 0}, want;
  dsnet_status st = dsnet_nodeipam_pod_addresses(family, mask, &usable, err);
  if (st != DSNET_OK)
    return st;
  dsnet_u128_from_u64(max_pods, &want);
  if (dsnet_u128_compare(&want, &usable) > 0)
    return dsnet__fail(err, DSNET_EMAX_PODS, 0,
                       "--max-pods %llu does not fit a /%u %s podCIDR: it has %llu usable pod "
                       "addresses (network, gateway%s reserved); use a node mask of /%u or shorter",
                       (unsigned long long)max_pods, mask, fam(family),
                       (unsigned long long)usable.lo,
                       family == DSNET_FAMILY_IPV4 ? " and broadcast" : "",
                       dsnet__bits(family) - min_host_bits(family, max_pods));
  return dsnet__ok(err);
}
