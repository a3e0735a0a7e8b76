/* dsnet cidrset module: kube-controller-manager's node CIDR allocator on a
 * bitmap of 64-bit words. Bits past the last node CIDR are kept set, so that
 * scans for a free bit never need a bounds check inside a word. */
#include "dsnet/cidrset.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "dsnet/nodeipam.h"
#include "dsnet/subnet.h"
#include "bits.h"
#include "fail.h"
#include "values.h"

#define NOT_FOUND UINT64_MAX

static uint64_t nwords(uint64_t max) {
  return (max + 63) / 64;
}

/* Mask of bits lo..hi (inclusive, 0..63) of one word. */
static uint64_t bits_mask(unsigned lo, unsigned hi) {
  uint64_t upto = hi == 63 ? ~UINT64_C(0) : (UINT64_C(1) << (hi + 1)) - 1;
  return upto & (~UINT64_C(0) << lo);
}

/* Apply op to bits b..e: 1 = set, 0 = clear, 2 = test all set. Returns the
 * number of bits that changed (set/clear) or 1/0 for the test. */
static uint64_t range_op(uint64_t *w, uint64_t b, uint64_t e, int op) {
  uint64_t changed = 0;
  for (uint64_t i = b / 64; i <= e / 64; i++) {
    unsigned lo = i == b / 64 ? (unsigned)(b % 64) : 0;
    unsigned hi = i == e / 64 ? (unsigned)(e % 64) : 63;
    uint64_t m = bits_mask(lo, hi);
    if (op == 1) {
      changed += dsnet__popcount64(m & ~w[i]);
      w[i] |= m;
    } else if (op == 0) {
      changed += dsnet__popcount64(m & w[i]);
      w[i] &= ~m;
    } else if ((w[i] & m) != m) {
      return 0;
    }
  }
  return op == 2 ? 1 : changed;
}

/* First clear bit at or after `from`, or NOT_FOUND (padding bits are set). */
static uint64_t find_clear(const uint64_t *w, uint64_t nw, uint64_t from) {
  uint64_t i = from / 64;
  if (i >= nw)
    return NOT_FOUND;
  uint64_t word = ~w[i] & (~UINT64_C(0) << (from % 64));
  while (word == 0) {
    if (++i == nw)
      return NOT_FOUND;
    word = ~w[i];
  }
  return i * 64 + dsnet__ctz64(word);
}

dsnet_status dsnet_cidrset_check(const dsnet_prefix *cluster, unsigned mask, dsnet_error *err) {
  dsnet_status st = dsnet_nodeipam_validate_mask(cluster, mask, err);
  if (st != DSNET_OK)
    return st;
  if (mask - cluster->len >= 32) { /* IPv4 /0 into /32: IPv6 stops at 16 bits */
    char c[DSNET_PREFIX_STRLEN];
    return dsnet__fail(err, DSNET_ENODE_CIDR_COUNT, 0,
                       "cluster CIDR %s with node mask /%u has 2^32 node CIDRs: Kubernetes' CIDR "
                       "set bounds indexes by uint32(2^32) = 0, so every occupy and release fails "
                       "(\"out of the range of CIDR allocator\"); use a longer cluster prefix",
                       dsnet__msg_prefix(err, cluster, c), mask);
  }
  return dsnet__ok(err);
}

size_t dsnet_cidrset_mem_size(const dsnet_prefix *cluster, unsigned mask) {
  if (dsnet_cidrset_check(cluster, mask, NULL) != DSNET_OK)
    return 0;
  return (size_t)nwords(UINT64_C(1) << (mask - cluster->len)) * sizeof(uint64_t);
}

dsnet_status dsnet_cidrset_init(dsnet_cidrset *set, const dsnet_prefix *cluster, unsigned mask,
                                void *mem, size_t size, dsnet_error *err) {
  dsnet_status st = dsnet_cidrset_check(cluster, mask, err);
  if (st != DSNET_OK)
    return st;
  size_t need = dsnet_cidrset_mem_size(cluster, mask);
  if (!mem || ((uintptr_t)mem % alignof(uint64_t)) != 0 || size < need)
    return dsnet__fail(err, DSNET_EINVAL, 0,
                       "cidrset memory: need %zu bytes aligned to %zu, got %zu bytes at %p", need,
                       (size_t)alignof(uint64_t), size, mem);
  uint64_t max = UINT64_C(1) << (mask - cluster->len);
  uint64_t nw = nwords(max);
  set->cluster_ = *cluster;
  set->mask_ = (uint8_t)mask;
  set->max_ = max;
  set->used_ = 0;
  set->next_ = 0;
  set->words_ = mem;
  set->owned_ = 0;
  for (uint64_t i = 0; i < nw; i++)
    set->words_[i] = 0;
  if (max % 64)
    set->words_[nw - 1] = ~UINT64_C(0) << (max % 64); /* padding: never free */
  return dsnet__ok(err);
}

static void *default_malloc(void *ctx, size_t size) {
  (void)ctx;
  return malloc(size);
}

static void default_free(void *ctx, void *ptr) {
  (void)ctx;
  free(ptr);
}

dsnet_status dsnet_cidrset_create(dsnet_cidrset *set, const dsnet_prefix *cluster, unsigned mask,
                                  const dsnet_alloc *alloc, dsnet_error *err) {
  dsnet_status st = dsnet_cidrset_check(cluster, mask, err);
  if (st != DSNET_OK)
    return st;
  dsnet_alloc a = {default_malloc, default_free, NULL};
  if (alloc)
    a = *alloc;
  size_t need = dsnet_cidrset_mem_size(cluster, mask); /* > 0: the mask is valid */
  void *mem = need ? a.malloc_fn(a.ctx, need) : NULL;
  if (!mem)
    return dsnet__fail(err, DSNET_ENOMEM, 0, "cidrset: cannot allocate %zu bytes", need);
  st = dsnet_cidrset_init(set, cluster, mask, mem, need, err);
  if (st != DSNET_OK) {
    a.free_fn(a.ctx, mem);
    return st;
  }
  set->alloc_ = a;
  set->owned_ = 1;
  return DSNET_OK;
}

void dsnet_cidrset_destroy(dsnet_cidrset *set) {
  if (set && set->owned_) {
    set->alloc_.free_fn(set->alloc_.ctx, set->words_);
    set->words_ = NULL;
    set->owned_ = 0;
    set->max_ = set->used_ = set->next_ = 0;
  }
}

/* Node CIDR index of address a (inside the cluster CIDR). */
static uint64_t index_of(const dsnet_cidrset *set, const dsnet_addr *a) {
  dsnet_u128 off = {a->hi ^ set->cluster_.addr.hi, a->lo ^ set->cluster_.addr.lo}, i;
  dsnet_u128_shr(&off, dsnet__bits(a->family) - set->mask_, &i);
  return i.lo;
}

/* The node CIDR indexes b..e a CIDR covers (getBeginningAndEndIndices). */
static dsnet_status covered(const dsnet_cidrset *set, const dsnet_prefix *cidr, uint64_t *b,
                            uint64_t *e, dsnet_error *err) {
  if (!dsnet_prefix_is_valid(cidr))
    return dsnet__fail(err, DSNET_EINVAL, 0, "invalid CIDR value");
  if (set->max_ == 0)
    return dsnet__fail(err, DSNET_EINVAL, 0, "cidrset is not initialised");
  char c[DSNET_PREFIX_STRLEN], k[DSNET_PREFIX_STRLEN];
  if (cidr->addr.family != set->cluster_.addr.family ||
      !dsnet_prefix_overlaps(cidr, &set->cluster_)) {
    dsnet__msg_prefix(err, cidr, c);
    dsnet__msg_prefix(err, &set->cluster_, k);
    if (cidr->addr.family != set->cluster_.addr.family)
      return dsnet__fail(err, DSNET_EFAMILY, 0, "cidr %s is not of the family of cluster cidr %s",
                         c, k);
    return dsnet__fail(err, DSNET_ENOT_CONTAINED, 0, "cidr %s is out the range of cluster cidr %s",
                       c, k);
  }
  if (cidr->len > set->cluster_.len) {
    dsnet_addr last;
    dsnet_prefix_last(cidr, &last);
    *b = index_of(set, &cidr->addr);
    *e = index_of(set, &last);
  } else {
    *b = 0;
    *e = set->max_ - 1;
  }
  return DSNET_OK;
}

dsnet_status dsnet_cidrset_allocate(dsnet_cidrset *set, dsnet_prefix *out, dsnet_error *err) {
  if (set->max_ == 0)
    return dsnet__fail(err, DSNET_EINVAL, 0, "cidrset is not initialised");
  if (set->used_ == set->max_) {
    char k[DSNET_PREFIX_STRLEN];
    dsnet__msg_prefix(err, &set->cluster_, k);
    return dsnet__fail(err, DSNET_EFULL, 0,
                       "CIDR allocation failed; there are no remaining CIDRs left to allocate in "
                       "the accepted range (all %llu /%u node CIDRs of %s are allocated)",
                       (unsigned long long)set->max_, set->mask_, k);
  }
  uint64_t nw = nwords(set->max_);
  uint64_t i = find_clear(set->words_, nw, set->next_);
  if (i == NOT_FOUND || i >= set->max_)
    i = find_clear(set->words_, nw, 0); /* wrap around; used < max: found */
  set->words_[i / 64] |= UINT64_C(1) << (i % 64);
  set->used_++;
  set->next_ = (i + 1) % set->max_;
  /* the cluster CIDR and mask were checked by dsnet_cidrset_init, and i < max */
  dsnet__nth(&set->cluster_, set->mask_, 0, i, out);
  return dsnet__ok(err);
}

dsnet_status dsnet_cidrset_allocate_many(dsnet_cidrset *set, dsnet_prefix *out, size_t n,
                                         size_t *n_out, dsnet_error *err) {
  size_t i = 0;
  dsnet_status st = DSNET_OK;
  for (; i < n && st == DSNET_OK; i++)
    st = dsnet_cidrset_allocate(set, &out[i], err);
  *n_out = st == DSNET_OK ? i : i - 1;
  return st;
}

dsnet_status dsnet_cidrset_occupy(dsnet_cidrset *set, const dsnet_prefix *cidr, dsnet_error *err) {
  uint64_t b = 0, e = 0; /* set by covered(); initialised for -Wmaybe-uninitialized at -O3 */
  dsnet_status st = covered(set, cidr, &b, &e, err);
  if (st != DSNET_OK)
    return st;
  set->used_ += range_op(set->words_, b, e, 1);
  return dsnet__ok(err);
}

dsnet_status dsnet_cidrset_release(dsnet_cidrset *set, const dsnet_prefix *cidr, dsnet_error *err) {
  uint64_t b = 0, e = 0; /* set by covered(); initialised for -Wmaybe-uninitialized at -O3 */
  dsnet_status st = covered(set, cidr, &b, &e, err);
  if (st != DSNET_OK)
    return st;
  set->used_ -= range_op(set->words_, b, e, 0);
  return dsnet__ok(err);
}

dsnet_status dsnet_cidrset_is_allocated(const dsnet_cidrset *set, const dsnet_prefix *cidr,
                                        bool *out, dsnet_error *err) {
  uint64_t b = 0, e = 0; /* set by covered(); initialised for -Wmaybe-uninitialized at -O3 */
  dsnet_status st = covered(set, cidr, &b, &e, err);
  if (st != DSNET_OK)
    return st;
  *out = range_op(set->words_, b, e, 2) != 0;
  return dsnet__ok(err);
}

uint64_t dsnet_cidrset_capacity(const dsnet_cidrset *set) {
  return set->max_;
}

uint64_t dsnet_cidrset_used(const dsnet_cidrset *set) {
  return set->used_;
}

uint64_t dsnet_cidrset_free_count(const dsnet_cidrset *set) {
  return set->max_ - set->used_;
}

enum { MAX_SETS = 8 };

dsnet_status dsnet_cidrset_allocate_node(dsnet_cidrset *const *sets, size_t n, dsnet_prefix *out,
                                         dsnet_error *err) {
  if (n < 1 || n > MAX_SETS)
    return dsnet__fail(err, DSNET_EINVAL, 0, "%zu cidrsets: need 1 to %d", n, MAX_SETS);
  uint64_t cursor[MAX_SETS];
  for (size_t i = 0; i < n; i++) {
    cursor[i] = sets[i]->next_;
    dsnet_error sub;
    dsnet_status st = dsnet_cidrset_allocate(sets[i], &out[i], &sub);
    if (st != DSNET_OK) {
      for (size_t j = 0; j < i; j++) { /* roll back: no leaked blocks, cursors as they were */
        dsnet_cidrset_release(sets[j], &out[j], NULL);
        sets[j]->next_ = cursor[j];
      }
      return dsnet__fail(err, st, i, "failed to allocate cidr from cluster cidr at idx:%zu: %s", i,
                         sub.message);
    }
  }
  return dsnet__ok(err);
}

/* Occupy (op 1) or release (op 0) a node's podCIDRs, all or nothing. */
static dsnet_status node_op(dsnet_cidrset *const *sets, size_t n, const dsnet_prefix *cidrs,
                            size_t ncidrs, int op, dsnet_error *err) {
  uint64_t b[MAX_SETS] = {0}, e[MAX_SETS] = {0};
  if (n > MAX_SETS)
    return dsnet__fail(err, DSNET_EINVAL, 0, "%zu cidrsets: at most %d", n, MAX_SETS);
  for (size_t i = 0; i < ncidrs; i++) {
    char c[DSNET_PREFIX_STRLEN];
    if (i >= n) {
      dsnet__msg_prefix(err, &cidrs[i], c);
      return dsnet__fail(err, DSNET_ERANGE, i,
                         "node has an allocated cidr: %s at index:%zu that does not exist in "
                         "cluster cidrs configuration (%zu cluster CIDRs)",
                         c, i, n);
    }
    dsnet_error sub;
    dsnet_status st = covered(sets[i], &cidrs[i], &b[i], &e[i], &sub);
    if (st != DSNET_OK)
      return dsnet__fail(err, st, i, "podCIDR at index %zu: %s", i, sub.message);
  }
  for (size_t i = 0; i < ncidrs; i++) {
    uint64_t changed = range_op(sets[i]->words_, b[i], e[i], op);
    if (op)
      sets[i]->used_ += changed;
    else
      sets[i]->used_ -= changed;
  }
  return dsnet__ok(err);
}

dsnet_status dsnet_cidrset_occupy_node(dsnet_cidrset *const *sets, size_t n,
                                       const dsnet_prefix *cidrs, size_t ncidrs, dsnet_error *err) {
  return node_op(sets, n, cidrs, ncidrs, 1, err);
}

dsnet_status dsnet_cidrset_release_node(dsnet_cidrset *const *sets, size_t n,
                                        const dsnet_prefix *cidrs, size_t ncidrs,
                                        dsnet_error *err) {
  return node_op(sets, n, cidrs, ncidrs, 0, err);
}
