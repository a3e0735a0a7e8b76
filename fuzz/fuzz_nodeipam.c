/* Node IPAM: mask resolution never crashes; index <-> podCIDR round trips;
 * the allocator never hands out a CIDR twice or one outside the cluster
 * CIDR, and occupy/release keep its count equal to a shadow bitmap.
 * At most MAX_OPS allocator operations per input, an allocation being a
 * burst of 1-32: the cost of an input is then bounded, not its length
 * times the set's size, and 16 bursts fill a set of up to 512. */
#include "fuzz.h"

enum { MAX_SLOTS = 1 << 12, MAX_OPS = 16 };

/* The shadow set is one bit per node CIDR, counted and filled a word at a
 * time (a byte per slot made each occupy/release thousands of checked loads
 * under ASan). Returns how many of shadow[b..e] were set, then sets every
 * one of them (occupy) or clears them. */
static uint64_t shadow_fill(uint64_t *shadow, uint64_t b, uint64_t e, int occupy) {
  uint64_t was = 0;
  for (uint64_t k = b / 64; k <= e / 64; k++) {
    uint64_t lo = b > k * 64 ? b - k * 64 : 0, hi = e < k * 64 + 63 ? e - k * 64 : 63;
    uint64_t m =
        (hi == 63 ? ~UINT64_C(0) : (UINT64_C(1) << (hi + 1)) - 1) & ~((UINT64_C(1) << lo) - 1);
    was += (uint64_t)__builtin_popcountll(shadow[k] & m);
    shadow[k] = occupy ? shadow[k] | m : shadow[k] & ~m;
  }
  return was;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_in in = {data, size};
  dsnet_prefix cluster = fuzz_prefix(&in);
  unsigned bits = dsnet_family_bits(cluster.addr.family);
  unsigned mask = fuzz_u8(&in) % (bits + 2); /* also one past the family */
  dsnet_error err;

  /* mask resolution with arbitrary flags */
  dsnet_dualstack_cidrs list;
  list.count = 1 + (fuzz_u8(&in) & 1);
  list.cidr[0] = cluster;
  list.cidr[1] = fuzz_prefix(&in);
  dsnet_node_mask_flags f = {fuzz_u8(&in) % 140u, fuzz_u8(&in) % 140u, fuzz_u8(&in) % 140u};
  dsnet_node_masks masks;
  if (dsnet_dualstack_validate_cidrs(&list, 0, NULL) == DSNET_OK &&
      dsnet_nodeipam_resolve_masks(&list, &f, (dsnet_nodeipam_rules)(fuzz_u8(&in) % 3), &masks,
                                   &err) == DSNET_OK) {
    uint64_t cap;
    FUZZ_CHECK(masks.count == list.count);
    if (dsnet_nodeipam_capacity_all(&list, &masks, &cap, NULL) == DSNET_OK) {
      dsnet_prefix pods[2];
      uint64_t i = fuzz_u64(&in) % (cap + 1);
      dsnet_status st = dsnet_nodeipam_pod_cidrs(&list, &masks, i, pods, NULL);
      FUZZ_CHECK((st == DSNET_OK) == (i < cap));
    }
  }

  /* index <-> podCIDR */
  uint64_t cap;
  dsnet_status st = dsnet_nodeipam_capacity(&cluster, mask, &cap, &err);
  if (st != DSNET_OK) {
    /* ::ffff:0:0/96: a cluster CIDR that holds it has IPv4-mapped node CIDRs from /96 on */
    const dsnet_prefix mapped = {{0, UINT64_C(0xffff00000000), DSNET_FAMILY_IPV6}, 96};
    FUZZ_CHECK(mask > bits || mask < cluster.len ||
               (bits == 128 && mask - cluster.len > DSNET_NODEIPAM_MAX_DIFF) ||
               dsnet_addr_is_ipv4_mapped(&cluster.addr) ||
               (bits == 128 && mask >= 96 && dsnet_prefix_contains(&cluster, &mapped)));
    FUZZ_CHECK((st == DSNET_ENODE_CIDR_MAPPED) ==
               (bits == 128 && mask >= 96 && mask - cluster.len <= DSNET_NODEIPAM_MAX_DIFF &&
                !dsnet_addr_is_ipv4_mapped(&cluster.addr) &&
                dsnet_prefix_contains(&cluster, &mapped)));
    return 0;
  }
  uint64_t index = fuzz_u64(&in) % cap, back;
  dsnet_prefix pod;
  FUZZ_CHECK(dsnet_nodeipam_pod_cidr(&cluster, mask, index, &pod, NULL) == DSNET_OK);
  FUZZ_CHECK(pod.len == mask && dsnet_prefix_contains(&cluster, &pod));
  FUZZ_CHECK(dsnet_nodeipam_pod_cidr_index(&cluster, mask, &pod, &back, NULL) == DSNET_OK);
  FUZZ_CHECK(back == index);
  FUZZ_CHECK(dsnet_nodeipam_pod_cidr(&cluster, mask, cap, &pod, NULL) == DSNET_ERANGE);

  /* the allocator against a shadow bitmap, on bounded sets */
  if (cap > MAX_SLOTS)
    return 0;
  static uint64_t mem[MAX_SLOTS / 64];
  static uint64_t shadow[MAX_SLOTS / 64];
  dsnet_cidrset set;
  FUZZ_CHECK(dsnet_cidrset_init(&set, &cluster, mask, mem, sizeof mem, NULL) == DSNET_OK);
  memset(shadow, 0, sizeof shadow);
  uint64_t used = 0;
  for (unsigned ops = 0; in.n > 0 && ops < MAX_OPS; ops++) {
    uint8_t op = fuzz_u8(&in);
    if (op < 128) {
      for (unsigned burst = 1u << (op & 5); burst > 0; burst--) {
        st = dsnet_cidrset_allocate(&set, &pod, NULL);
        if (used == cap) {
          FUZZ_CHECK(st == DSNET_EFULL);
          break;
        }
        FUZZ_CHECK(st == DSNET_OK && dsnet_prefix_contains(&cluster, &pod) && pod.len == mask);
        FUZZ_CHECK(dsnet_nodeipam_pod_cidr_index(&cluster, mask, &pod, &back, NULL) == DSNET_OK);
        FUZZ_CHECK(!(shadow[back / 64] >> back % 64 & 1)); /* never handed out twice */
        shadow[back / 64] |= UINT64_C(1) << back % 64;
        used++;
      }
    } else {
      /* occupy / release a CIDR around a node CIDR */
      uint64_t i = fuzz_u64(&in) % cap;
      unsigned len = fuzz_u8(&in) % (bits + 1);
      dsnet_prefix node, x;
      dsnet_nodeipam_pod_cidr(&cluster, mask, i, &node, NULL);
      dsnet_prefix_from_addr(&node.addr, len, DSNET_PARSE_MASK_HOST, &x, NULL);
      uint64_t b = 0, e = cap - 1;
      if (x.len > cluster.len) {
        dsnet_addr last;
        dsnet_prefix y;
        dsnet_prefix_last(&x, &last);
        dsnet_prefix_from_addr(&x.addr, mask, DSNET_PARSE_MASK_HOST, &y, NULL);
        if (x.len < mask)
          dsnet_nodeipam_pod_cidr_index(&cluster, mask, &y, &b, NULL);
        else
          b = i;
        dsnet_prefix_from_addr(&last, mask, DSNET_PARSE_MASK_HOST, &y, NULL);
        if (x.len < mask)
          dsnet_nodeipam_pod_cidr_index(&cluster, mask, &y, &e, NULL);
        else
          e = i;
      }
      int occupy = op & 1;
      FUZZ_CHECK((occupy ? dsnet_cidrset_occupy(&set, &x, NULL)
                         : dsnet_cidrset_release(&set, &x, NULL)) == DSNET_OK);
      uint64_t was_set = shadow_fill(shadow, b, e, occupy);
      used = occupy ? used + (e - b + 1 - was_set) : used - was_set;
      bool all;
      FUZZ_CHECK(dsnet_cidrset_is_allocated(&set, &x, &all, NULL) == DSNET_OK && all == occupy);
    }
    FUZZ_CHECK(dsnet_cidrset_used(&set) == used);
    FUZZ_CHECK(dsnet_cidrset_free_count(&set) == cap - used);
  }
  return 0;
}
