/**
 * @file dsnet/cidrset.h
 * @brief The node CIDR allocator, with the semantics of kube-controller-manager's
 *        cidrset: allocate-next that rotates, occupy and release of any CIDR.
 *
 * @defgroup cidrset CIDR allocator
 * @{
 * A ::dsnet_cidrset hands out the node CIDRs of one cluster CIDR, one bit per
 * node CIDR:
 * - dsnet_cidrset_allocate() takes the first free node CIDR at or after a
 *   cursor, wrapping around, and moves the cursor past it: a released block is
 *   reused only after the cursor has come round to it (as `AllocateNext`).
 * - dsnet_cidrset_occupy() / dsnet_cidrset_release() mark any CIDR that overlaps
 *   the cluster CIDR: a larger one covers all its node CIDRs (every node CIDR
 *   when it contains the cluster CIDR), a smaller one the node CIDR holding it.
 *   Neither moves the cursor; both are idempotent and count each block once.
 * - a CIDR that does not overlap the cluster CIDR is an error.
 *
 * Memory: dsnet_cidrset_mem_size() bytes of caller memory (one bit per node
 * CIDR, in 64-bit words) for dsnet_cidrset_init(); or dsnet_cidrset_create()
 * and dsnet_cidrset_destroy() with malloc or a ::dsnet_alloc of your own.
 * Scans are word by word. A set is not thread-safe: serialise access to it.
 *
 * @code
 * dsnet_prefix cluster, node;
 * dsnet_cidrset set;
 * dsnet_prefix_parse("10.244.0.0/16", 13, 0, &cluster, NULL);
 * if (dsnet_cidrset_create(&set, &cluster, 24, NULL, NULL) == DSNET_OK) {
 *   dsnet_cidrset_allocate(&set, &node, NULL);   // 10.244.0.0/24
 *   dsnet_cidrset_destroy(&set);
 * }
 * @endcode
 */
#ifndef DSNET_CIDRSET_H
#define DSNET_CIDRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dsnet/error.h"
#include "dsnet/export.h"
#include "dsnet/prefix.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A per-object allocator: malloc_fn(ctx, size) and free_fn(ctx, ptr). */
typedef struct dsnet_alloc {
  void *(*malloc_fn)(void *ctx, size_t size); /**< returns NULL on failure */
  void (*free_fn)(void *ctx, void *ptr);      /**< frees what malloc_fn returned */
  void *ctx;                                  /**< passed to both */
} dsnet_alloc;

/** The allocator state. Fields are private; the struct is public only so
 *  that it can live on the stack or inside the caller's objects. */
typedef struct dsnet_cidrset {
  dsnet_prefix cluster_; /**< private: the cluster CIDR */
  uint8_t mask_;         /**< private: the node mask */
  uint64_t max_;         /**< private: number of node CIDRs */
  uint64_t used_;        /**< private: number of allocated node CIDRs */
  uint64_t next_;        /**< private: cursor of allocate (nextCandidate) */
  uint64_t *words_;      /**< private: the bitmap */
  dsnet_alloc alloc_;    /**< private: allocator of an owned bitmap */
  int owned_;            /**< private: 1 when created by dsnet_cidrset_create() */
} dsnet_cidrset;

/**
 * Whether a set can be built for this cluster CIDR and node mask: the rules
 * of dsnet_nodeipam_validate_mask(), and at most 2^31 node CIDRs.
 * Kubernetes' CIDR set (pkg/controller/nodeipam/ipam/cidrset/cidr_set.go)
 * checks an IPv4 index with `cidrIndex >= uint32(s.maxCIDRs)`: for the 2^32
 * node CIDRs of an IPv4 /0 into /32 that bound is 0, every occupy and release
 * fails, and kube-controller-manager cannot restart once nodes hold podCIDRs.
 * dsnet refuses that set instead of modelling it.
 *
 * @param cluster the cluster CIDR; must not be NULL.
 * @param mask    the node mask.
 * @param err     error record or NULL.
 * @return #DSNET_OK; the errors of dsnet_nodeipam_validate_mask();
 *         #DSNET_ENODE_CIDR_COUNT for 2^32 node CIDRs.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_cidrset_check(const dsnet_prefix *cluster, unsigned mask,
                                           dsnet_error *err);

/**
 * Bytes of memory a set needs for this cluster CIDR and node mask (one bit
 * per node CIDR, rounded up to 64-bit words).
 *
 * @param cluster the cluster CIDR; must not be NULL.
 * @param mask    the node mask.
 * @return the size in bytes, or 0 when dsnet_cidrset_check() refuses them.
 *         At most 256 MiB (IPv4 /1 into /32).
 *
 * Thread-safety: re-entrant.
 */
DSNET_API size_t dsnet_cidrset_mem_size(const dsnet_prefix *cluster, unsigned mask);

/**
 * Set up an empty set on caller memory.
 *
 * @param set     the set; must not be NULL.
 * @param cluster the cluster CIDR; must not be NULL.
 * @param mask    the node mask.
 * @param mem     at least dsnet_cidrset_mem_size() bytes aligned for uint64_t;
 *                owned by the caller, used by the set until it is no longer used.
 * @param size    size of mem in bytes.
 * @param err     error record or NULL.
 * @return #DSNET_OK; the errors of dsnet_cidrset_check();
 *         #DSNET_EINVAL when mem is NULL, misaligned or too small.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_cidrset_init(dsnet_cidrset *set, const dsnet_prefix *cluster,
                                          unsigned mask, void *mem, size_t size, dsnet_error *err);

/**
 * Set up an empty set with memory from an allocator.
 *
 * @param set     the set; must not be NULL. Release it with dsnet_cidrset_destroy().
 * @param cluster the cluster CIDR; must not be NULL.
 * @param mask    the node mask.
 * @param alloc   the allocator, or NULL for malloc/free; copied into the set.
 * @param err     error record or NULL.
 * @return #DSNET_OK; the errors of dsnet_cidrset_check();
 *         #DSNET_ENOMEM when the allocation fails (nothing to destroy then).
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_cidrset_create(dsnet_cidrset *set, const dsnet_prefix *cluster,
                                            unsigned mask, const dsnet_alloc *alloc,
                                            dsnet_error *err);

/**
 * Free the memory of a set made by dsnet_cidrset_create(); does nothing for
 * a set on caller memory. The set must not be used afterwards.
 *
 * @param set the set; NULL is ignored.
 *
 * Thread-safety: not for a set in use by another thread.
 */
DSNET_API void dsnet_cidrset_destroy(dsnet_cidrset *set);

/**
 * Allocate the next free node CIDR (kube-controller-manager's `AllocateNext`).
 *
 * @param set the set; must not be NULL.
 * @param out receives the node CIDR; must not be NULL.
 * @param err error record or NULL.
 * @return #DSNET_OK, or #DSNET_EFULL when every node CIDR is allocated
 *         ("CIDR allocation failed; there are no remaining CIDRs left to
 *         allocate in the accepted range").
 *
 * Thread-safety: not thread-safe on one set. O(1) amortised: word-level scan.
 */
DSNET_API dsnet_status dsnet_cidrset_allocate(dsnet_cidrset *set, dsnet_prefix *out,
                                              dsnet_error *err);

/**
 * Allocate up to n node CIDRs at once (n calls of dsnet_cidrset_allocate()).
 *
 * @param set   the set; must not be NULL.
 * @param out   receives the node CIDRs; room for n; may be NULL when n is 0.
 * @param n     how many to allocate.
 * @param n_out receives how many were allocated; must not be NULL.
 * @param err   error record or NULL.
 * @return #DSNET_OK when all n were allocated; #DSNET_EFULL when the set
 *         filled up first (*n_out tells how many were).
 *
 * Thread-safety: not thread-safe on one set.
 */
DSNET_API dsnet_status dsnet_cidrset_allocate_many(dsnet_cidrset *set, dsnet_prefix *out, size_t n,
                                                   size_t *n_out, dsnet_error *err);

/**
 * Mark the node CIDRs a CIDR covers as allocated (`Occupy`).
 *
 * @param set  the set; must not be NULL.
 * @param cidr any valid prefix overlapping the cluster CIDR; must not be NULL.
 * @param err  error record or NULL.
 * @return #DSNET_OK; #DSNET_EINVAL for an invalid prefix; #DSNET_EFAMILY for
 *         the other family; #DSNET_ENOT_CONTAINED when it does not overlap the
 *         cluster CIDR.
 *
 * Thread-safety: not thread-safe on one set.
 */
DSNET_API dsnet_status dsnet_cidrset_occupy(dsnet_cidrset *set, const dsnet_prefix *cidr,
                                            dsnet_error *err);

/**
 * Mark the node CIDRs a CIDR covers as free (`Release`); freeing a free block
 * is a no-op.
 *
 * @param set  the set; must not be NULL.
 * @param cidr as dsnet_cidrset_occupy().
 * @param err  error record or NULL.
 * @return as dsnet_cidrset_occupy().
 *
 * Thread-safety: not thread-safe on one set.
 */
DSNET_API dsnet_status dsnet_cidrset_release(dsnet_cidrset *set, const dsnet_prefix *cidr,
                                             dsnet_error *err);

/**
 * Whether every node CIDR a CIDR covers is allocated (for a node CIDR: whether it is).
 *
 * @param set  the set; must not be NULL.
 * @param cidr as dsnet_cidrset_occupy().
 * @param out  receives the answer; must not be NULL.
 * @param err  error record or NULL.
 * @return as dsnet_cidrset_occupy().
 *
 * Thread-safety: safe with other readers of the set.
 */
DSNET_API dsnet_status dsnet_cidrset_is_allocated(const dsnet_cidrset *set,
                                                  const dsnet_prefix *cidr, bool *out,
                                                  dsnet_error *err);

/**
 * Number of node CIDRs of the set: 2^(mask - prefix).
 *
 * @param set the set; must not be NULL.
 * @return the capacity.
 *
 * Thread-safety: safe with other readers of the set.
 */
DSNET_API uint64_t dsnet_cidrset_capacity(const dsnet_cidrset *set);

/**
 * Number of allocated node CIDRs.
 *
 * @param set the set; must not be NULL.
 * @return the count.
 *
 * Thread-safety: safe with other readers of the set.
 */
DSNET_API uint64_t dsnet_cidrset_used(const dsnet_cidrset *set);

/**
 * Number of free node CIDRs (capacity - used).
 *
 * @param set the set; must not be NULL.
 * @return the count.
 *
 * Thread-safety: safe with other readers of the set.
 */
DSNET_API uint64_t dsnet_cidrset_free_count(const dsnet_cidrset *set);

/**
 * Allocate one node CIDR from each set, in order (one set per cluster CIDR,
 * as the range allocator does for a new node). If a set is full, the node
 * CIDRs already taken from the earlier sets are released and their cursors
 * restored, so a failed node leaves no trace (kube-controller-manager keeps
 * them: a leak dsnet does not copy).
 *
 * @param sets the sets, in cluster-CIDR order; must not be NULL.
 * @param n    number of sets (1 or 2; at most 8).
 * @param out  receives n node CIDRs (`node.spec.podCIDRs`); must not be NULL.
 * @param err  error record or NULL.
 * @return #DSNET_OK; #DSNET_EFULL (the message names the cluster CIDR that is
 *         full); #DSNET_EINVAL for n out of range.
 *
 * Thread-safety: not thread-safe on the sets.
 */
DSNET_API dsnet_status dsnet_cidrset_allocate_node(dsnet_cidrset *const *sets, size_t n,
                                                   dsnet_prefix *out, dsnet_error *err);

/**
 * Occupy a node's podCIDRs: cidrs[i] in sets[i] (as the range allocator does
 * for existing nodes at start-up). All or nothing: on an error nothing changes.
 *
 * @param sets   the sets; must not be NULL.
 * @param n      number of sets.
 * @param cidrs  the node's podCIDRs; must not be NULL when ncidrs > 0.
 * @param ncidrs number of podCIDRs; more than n is an error.
 * @param err    error record or NULL; offset is the index of the failing podCIDR.
 * @return #DSNET_OK, #DSNET_ERANGE when ncidrs > n, or the errors of dsnet_cidrset_occupy().
 *
 * Thread-safety: not thread-safe on the sets.
 */
DSNET_API dsnet_status dsnet_cidrset_occupy_node(dsnet_cidrset *const *sets, size_t n,
                                                 const dsnet_prefix *cidrs, size_t ncidrs,
                                                 dsnet_error *err);

/**
 * Release a node's podCIDRs: cidrs[i] in sets[i] (node deletion). All or
 * nothing: on an error nothing changes.
 *
 * @param sets   the sets; must not be NULL.
 * @param n      number of sets.
 * @param cidrs  the node's podCIDRs; must not be NULL when ncidrs > 0.
 * @param ncidrs number of podCIDRs; more than n is an error.
 * @param err    error record or NULL; offset is the index of the failing podCIDR.
 * @return as dsnet_cidrset_occupy_node().
 *
 * Thread-safety: not thread-safe on the sets.
 */
DSNET_API dsnet_status dsnet_cidrset_release_node(dsnet_cidrset *const *sets, size_t n,
                                                  const dsnet_prefix *cidrs, size_t ncidrs,
                                                  dsnet_error *err);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_CIDRSET_H */
