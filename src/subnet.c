/* dsnet subnet module: splitting, indexing and list operations on prefixes.
 * Everything is O(1) 128-bit arithmetic on the address value, except the
 * list operations, which are linear in their output (collapse: n log n). */
#include "dsnet/subnet.h"

#include "bits.h"
#include "compiler.h"
#include "fail.h"
#include "values.h"

static dsnet_status invalid_prefix(dsnet_error *err) {
  return dsnet__fail(err, DSNET_EINVAL, 0, "invalid prefix value");
}

/* Check newlen for a split of p; on success the count exponent is newlen - len. */
static dsnet_status check_split(const dsnet_prefix *p, unsigned newlen, dsnet_error *err) {
  if (!dsnet__prefix_valid(p))
    return invalid_prefix(err);
  unsigned bits = dsnet__bits(p->addr.family);
  if (newlen < p->len || newlen > bits) {
    char t[DSNET_PREFIX_STRLEN];
    dsnet_prefix_format(p, t, sizeof t);
    return dsnet__fail(err, DSNET_ENEWLEN, 0,
                       "cannot split %s into /%u subnets: the length must be %u..%u", t, newlen,
                       p->len, bits);
  }
  return DSNET_OK;
}

dsnet_status dsnet_subnet_count(const dsnet_prefix *p, unsigned newlen, dsnet_u128 *out,
                                dsnet_error *err) {
  dsnet_status st = check_split(p, newlen, err);
  if (st != DSNET_OK)
    return st;
  if (newlen - p->len >= 128)
    return dsnet__fail(err, DSNET_EOVERFLOW, 0,
                       "::/0 has 2^128 /128 subnets, one more than 128 bits hold");
  return dsnet_u128_pow2(newlen - p->len, out, err);
}

dsnet_status dsnet_subnet_nth(const dsnet_prefix *p, unsigned newlen, const dsnet_u128 *i,
                              dsnet_prefix *out, dsnet_error *err) {
  /* Hot path (node IPAM, allocators): the checks are a few compares and
   * shifts; the error messages are built only on failure. */
  unsigned bits = p->addr.family == DSNET_FAMILY_IPV4 ? 32u : 128u;
  unsigned k = newlen - p->len; /* index bits (wraps when newlen < len: caught below) */
  int bad = (p->addr.family != DSNET_FAMILY_IPV4 && p->addr.family != DSNET_FAMILY_IPV6) ||
            p->len > bits || newlen < p->len || newlen > bits;
  if (DSNET_UNLIKELY(bad || !dsnet__prefix_valid(p)))
    return check_split(p, newlen, err);
  /* i < 2^k: the bits of i at and above k are zero */
  uint64_t over = k >= 128 ? 0 : k >= 64 ? i->hi >> (k - 64) : (i->hi | (i->lo >> k));
  if (DSNET_UNLIKELY(over != 0)) {
    dsnet_u128 lim;
    char t[DSNET_PREFIX_STRLEN], d[DSNET_U128_STRLEN], n[DSNET_U128_STRLEN];
    dsnet_u128_pow2(k, &lim, NULL);
    dsnet_prefix_format(p, t, sizeof t);
    dsnet_u128_format(i, d, sizeof d);
    dsnet_u128_format(&lim, n, sizeof n);
    return dsnet__fail(err, DSNET_ERANGE, 0,
                       "index %s is out of range: %s has %s /%u subnets (0..%s-1)", d, t, n, newlen,
                       n);
  }
  dsnet__nth(p, newlen, i->hi, i->lo, out);
  if (err)
    dsnet_error_clear(err);
  return DSNET_OK;
}

/* dsnet_subnet_index's refusal of a valid sub that is not a subnet of
 * parent, out of line: the hot path stays a few dozen instructions. */
static DSNET_NOINLINE dsnet_status not_a_subnet(const dsnet_prefix *parent, const dsnet_prefix *sub,
                                                dsnet_error *err) {
  char t[DSNET_PREFIX_STRLEN], u[DSNET_PREFIX_STRLEN];
  dsnet_prefix_format(parent, t, sizeof t);
  dsnet_prefix_format(sub, u, sizeof u);
  if (sub->addr.family != parent->addr.family)
    return dsnet__fail(err, DSNET_EFAMILY, 0, "%s and %s are of different families", u, t);
  if (sub->len < parent->len)
    return dsnet__fail(err, DSNET_ENEWLEN, 0, "%s is larger than %s, not a subnet of it", u, t);
  return dsnet__fail(err, DSNET_ENOT_CONTAINED, 0, "%s is not inside %s", u, t);
}

dsnet_status dsnet_subnet_index(const dsnet_prefix *parent, const dsnet_prefix *sub,
                                dsnet_u128 *out, dsnet_error *err) {
  if (DSNET_UNLIKELY(!dsnet__prefix_valid(parent) || !dsnet__prefix_valid(sub)))
    return invalid_prefix(err);
  /* sub may differ from parent only in parent's host bits */
  uint64_t hi = sub->addr.hi ^ parent->addr.hi, lo = sub->addr.lo ^ parent->addr.lo;
  unsigned pl = parent->len, net; /* whether a network bit differs */
  if (parent->addr.family == DSNET_FAMILY_IPV4)
    net = (lo >> (32 - pl)) != 0; /* lo < 2^32, pl <= 32 */
  else
    net = pl == 0 ? 0 : pl <= 64 ? (hi >> (64 - pl)) != 0 : (hi != 0) | ((lo >> (128 - pl)) != 0);
  if (DSNET_UNLIKELY((sub->addr.family != parent->addr.family) | (sub->len < parent->len) | net))
    return not_a_subnet(parent, sub, err);
  /* the subnet's bits below the parent's length, shifted down (inline:
   * this is a hot path) */
  dsnet__shr128(&hi, &lo, dsnet__bits(sub->addr.family) - sub->len);
  out->hi = hi;
  out->lo = lo;
  if (err)
    dsnet__clear(err);
  return DSNET_OK;
}

dsnet_status dsnet_subnet_supernet(const dsnet_prefix *p, unsigned newlen, dsnet_prefix *out,
                                   dsnet_error *err) {
  if (!dsnet__prefix_valid(p))
    return invalid_prefix(err);
  if (newlen > p->len) {
    char t[DSNET_PREFIX_STRLEN];
    dsnet_prefix_format(p, t, sizeof t);
    return dsnet__fail(err, DSNET_ENEWLEN, 0,
                       "/%u is not a supernet of %s: the length must be 0..%u", newlen, t, p->len);
  }
  uint64_t mh, ml;
  dsnet__mask(p->addr.family, newlen, &mh, &ml);
  out->addr.family = p->addr.family;
  out->addr.hi = p->addr.hi & mh;
  out->addr.lo = p->addr.lo & ml;
  out->len = (uint8_t)newlen;
  return dsnet__ok(err);
}

/* ---- iteration --------------------------------------------------------------- */

dsnet_status dsnet_subnet_iter_init(dsnet_subnet_iter *it, const dsnet_prefix *p, unsigned newlen,
                                    const dsnet_u128 *start, dsnet_error *err) {
  dsnet_u128 zero = {0, 0};
  dsnet_prefix first;
  dsnet_status st = dsnet_subnet_nth(p, newlen, start ? start : &zero, &first, err);
  if (st != DSNET_OK)
    return st;
  dsnet_addr last;
  dsnet_prefix_last(p, &last);
  /* the last subnet's network address: the parent's last address, masked */
  uint64_t mh, ml;
  dsnet__mask(p->addr.family, newlen, &mh, &ml);
  last.hi &= mh;
  last.lo &= ml;
  it->next_ = first;
  it->last_ = last;
  it->done_ = 0;
  return DSNET_OK;
}

bool dsnet_subnet_iter_next(dsnet_subnet_iter *it, dsnet_prefix *out) {
  if (it->done_)
    return false;
  *out = it->next_;
  if (dsnet_addr_equal(&it->next_.addr, &it->last_)) {
    it->done_ = 1;
  } else {
    dsnet_u128 step;
    dsnet_u128_pow2(dsnet__bits(it->next_.addr.family) - it->next_.len, &step, NULL);
    dsnet_addr_add(&it->next_.addr, &step, &it->next_.addr, NULL);
  }
  return true;
}

/* ---- lists ------------------------------------------------------------------- */

/* Number of trailing zero bits of a 128-bit value (128 for zero). */
static unsigned ctz128(uint64_t hi, uint64_t lo) {
  return lo ? dsnet__ctz64(lo) : hi ? 64 + dsnet__ctz64(hi) : 128;
}

/* floor(log2(v)) of a 64-bit v > 0. */
static unsigned log2_64(uint64_t v) {
  unsigned n = 0;
  for (unsigned step = 32; step > 0; step /= 2)
    if (v >> step) {
      v >>= step;
      n += step;
    }
  return n;
}

/* floor(log2(v + 1)) for a 128-bit hi:lo, v + 1 possibly 2^128. */
static unsigned log2_plus1(uint64_t hi, uint64_t lo) {
  if (hi == ~UINT64_C(0) && lo == ~UINT64_C(0))
    return 128;
  lo++;
  hi += lo == 0;
  return hi ? 64 + log2_64(hi) : log2_64(lo);
}

dsnet_status dsnet_subnet_summarize(const dsnet_addr *first, const dsnet_addr *last,
                                    dsnet_prefix *out, size_t cap, size_t *n_out,
                                    dsnet_error *err) {
  if (!dsnet__addr_valid(first) || !dsnet__addr_valid(last))
    return dsnet__fail(err, DSNET_EINVAL, 0, "invalid address value");
  char a[DSNET_ADDR_STRLEN], b[DSNET_ADDR_STRLEN];
  if (first->family != last->family || dsnet_addr_compare(first, last) > 0) {
    dsnet_addr_format(first, a, sizeof a);
    dsnet_addr_format(last, b, sizeof b);
    if (first->family != last->family)
      return dsnet__fail(err, DSNET_EFAMILY, 0, "range %s..%s mixes address families", a, b);
    return dsnet__fail(err, DSNET_EBAD_RANGE, 0, "range %s..%s: first is after last", a, b);
  }
  unsigned bits = dsnet__bits(first->family);
  dsnet_addr cur = *first;
  size_t n = 0;
  for (;;) {
    /* the largest aligned block at cur that ends at or before last: 2^k
     * addresses, k at most cur's trailing zeros and log2(last - cur + 1) */
    uint64_t sh = last->hi - cur.hi - (last->lo < cur.lo), sl = last->lo - cur.lo; /* span */
    unsigned k = ctz128(cur.hi, cur.lo), k2 = log2_plus1(sh, sl);
    k = k < bits ? k : bits;
    k = k2 < k ? k2 : k;
    if (n < cap) {
      out[n].addr = cur;
      out[n].len = (uint8_t)(bits - k);
    }
    n++;
    /* this block reached last when span + 1 == 2^k, i.e. span < 2^k */
    uint64_t th = 0, tl = 1;
    dsnet__shl128(&th, &tl, k);
    if (k >= 128 || sh < th || (sh == th && sl < tl))
      break;
    cur.lo += tl;
    cur.hi += th + (cur.lo < tl);
  }
  *n_out = n;
  if (n > cap)
    return dsnet__fail(err, DSNET_ENOBUFS, 0, "range needs %zu prefixes, room for %zu", n, cap);
  return dsnet__ok(err);
}

dsnet_status dsnet_subnet_exclude(const dsnet_prefix *p, const dsnet_prefix *x, dsnet_prefix *out,
                                  size_t cap, size_t *n_out, dsnet_error *err) {
  if (!dsnet__prefix_valid(p) || !dsnet__prefix_valid(x))
    return invalid_prefix(err);
  size_t n = 0;
  if (!dsnet_prefix_overlaps(p, x)) {
    if (cap >= 1)
      out[0] = *p;
    n = 1;
  } else if (!dsnet_prefix_contains(x, p)) {
    /* x is strictly inside p: at each length l in (p->len, x->len] the
     * sibling of x's ancestor is outside x. Siblings below x come first (l
     * ascending), then those above it (l descending): address order. */
    unsigned bits = dsnet__bits(p->addr.family);
    n = (size_t)x->len - p->len;
    if (n <= cap) {
      size_t lo_i = 0, hi_i = n;
      for (unsigned l = (unsigned)p->len + 1; l <= x->len; l++) {
        dsnet_prefix anc = *x;
        dsnet_subnet_supernet(x, l, &anc, NULL);
        dsnet_u128 bit = {0, 1};
        dsnet_u128_shl(&bit, bits - l, &bit);
        int x_is_upper = ((anc.addr.hi & bit.hi) | (anc.addr.lo & bit.lo)) != 0;
        anc.addr.hi ^= bit.hi;
        anc.addr.lo ^= bit.lo;
        if (x_is_upper)
          out[lo_i++] = anc; /* sibling below x */
        else
          out[--hi_i] = anc; /* sibling above x */
      }
    }
  }
  *n_out = n;
  if (n > cap)
    return dsnet__fail(err, DSNET_ENOBUFS, 0, "exclusion needs %zu prefixes, room for %zu", n, cap);
  return dsnet__ok(err);
}

/* Whether p sorts before q in dsnet_prefix_compare()'s order (family,
 * address, length), inline: the sort below calls it n log n times. */
static inline int before(const dsnet_prefix *p, const dsnet_prefix *q) {
  if (p->addr.family != q->addr.family)
    return p->addr.family < q->addr.family;
  if (p->addr.hi != q->addr.hi)
    return p->addr.hi < q->addr.hi;
  if (p->addr.lo != q->addr.lo)
    return p->addr.lo < q->addr.lo;
  return p->len < q->len;
}

/* Heap sort: in place and allocation-free (libc qsort may allocate). */
static void sift_down(dsnet_prefix *a, size_t root, size_t n) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= n)
      return;
    if (child + 1 < n && before(&a[child], &a[child + 1]))
      child++;
    if (!before(&a[root], &a[child]))
      return;
    dsnet_prefix t = a[root];
    a[root] = a[child];
    a[child] = t;
    root = child;
  }
}

static void heap_sort(dsnet_prefix *a, size_t n) {
  for (size_t i = n / 2; i-- > 0;)
    sift_down(a, i, n);
  for (size_t end = n; end-- > 1;) {
    dsnet_prefix t = a[0];
    a[0] = a[end];
    a[end] = t;
    sift_down(a, 0, end);
  }
}

/* Sort a[0..n) in before()'s order. Lists are often sorted already (the
 * output of summarize or exclude) or nearly (such a list with a few
 * entries appended): after a sorted run, up to SORT_TAIL entries are
 * inserted one by one (O(n) each); a list out of order further on is heap
 * sorted. Either way O(n log n) at worst, in place. */
enum { SORT_TAIL = 8 };
static void sort_prefixes(dsnet_prefix *a, size_t n) {
  size_t r = 1;
  while (r < n && !before(&a[r], &a[r - 1]))
    r++;
  if (n - r > SORT_TAIL && n > r) {
    heap_sort(a, n);
    return;
  }
  for (; r < n; r++) {
    dsnet_prefix x = a[r];
    size_t j = r;
    for (; j > 0 && before(&x, &a[j - 1]); j--)
      a[j] = a[j - 1];
    a[j] = x;
  }
}

/* Whether a and b are the two halves of one supernet, a the lower: the
 * same length and family, and addresses that differ in exactly the bit
 * after the supernet's length, clear in a. (Both are valid prefixes, so
 * their host bits are zero.) */
static int lower_sibling(const dsnet_prefix *a, const dsnet_prefix *b) {
  if (a->len != b->len || a->len == 0 || a->addr.family != b->addr.family)
    return 0;
  unsigned s = dsnet__bits(a->addr.family) - a->len; /* 0..127: the halves' bit */
  uint64_t bh = 0, bl = 1;
  dsnet__shl128(&bh, &bl, s);
  return (a->addr.hi ^ b->addr.hi) == bh && (a->addr.lo ^ b->addr.lo) == bl && !(a->addr.hi & bh) &&
         !(a->addr.lo & bl);
}

dsnet_status dsnet_subnet_collapse(dsnet_prefix *list, size_t n, size_t *n_out, dsnet_error *err) {
  for (size_t i = 0; i < n; i++)
    if (!dsnet__prefix_valid(&list[i]))
      return dsnet__fail(err, DSNET_EINVAL, i, "entry %zu is not a valid prefix", i);
  sort_prefixes(list, n);
  size_t top = 0; /* list[0..top) is the result so far, used as a stack */
  for (size_t i = 0; i < n; i++) {
    dsnet_prefix cur = list[i];
    if (top > 0 && dsnet_prefix_contains(&list[top - 1], &cur))
      continue;
    list[top++] = cur;
    /* a lower half's address is its supernet's: merging is one length less */
    while (top >= 2 && lower_sibling(&list[top - 2], &list[top - 1])) {
      list[top - 2].len--;
      top--;
    }
  }
  *n_out = top;
  return dsnet__ok(err);
}
