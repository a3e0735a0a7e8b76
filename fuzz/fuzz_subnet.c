/* Subnet math on structured input: n-th subnet <-> index-of, containment,
 * supernet round trip, summarize(first..last) = the prefix, exclude +
 * collapse rebuilds the original, iterator = n-th. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_in in = {data, size};
  dsnet_prefix p = fuzz_prefix(&in);
  unsigned bits = dsnet_family_bits(p.addr.family);
  unsigned newlen = p.len + fuzz_u8(&in) % (bits - p.len + 1);
  dsnet_u128 idx = {fuzz_u64(&in), fuzz_u64(&in)};
  unsigned k = newlen - p.len;
  dsnet_u128_shr(&idx, 128 - k, &idx); /* an index below 2^k (k = 0: 0) */
  if (k == 0)
    idx.hi = idx.lo = 0;
  dsnet_prefix sub, back;
  dsnet_u128 j, count;
  dsnet_status st = dsnet_subnet_count(&p, newlen, &count, NULL);
  FUZZ_CHECK(st == (k == 128 ? DSNET_EOVERFLOW : DSNET_OK));
  FUZZ_CHECK(dsnet_subnet_nth(&p, newlen, &idx, &sub, NULL) == DSNET_OK);
  FUZZ_CHECK(dsnet_prefix_is_valid(&sub) && sub.len == newlen);
  FUZZ_CHECK(dsnet_prefix_contains(&p, &sub));
  FUZZ_CHECK(dsnet_subnet_index(&p, &sub, &j, NULL) == DSNET_OK);
  FUZZ_CHECK(dsnet_u128_compare(&idx, &j) == 0);
  FUZZ_CHECK(dsnet_subnet_supernet(&sub, p.len, &back, NULL) == DSNET_OK);
  FUZZ_CHECK(dsnet_prefix_equal(&back, &p));
  fuzz_format_check(&sub);
  if (k < 128) { /* one past the last index is a range error */
    FUZZ_CHECK(dsnet_subnet_nth(&p, newlen, &count, &back, NULL) == DSNET_ERANGE);
  }
  /* the iterator from idx agrees with nth(idx), nth(idx + 1) */
  dsnet_subnet_iter it;
  FUZZ_CHECK(dsnet_subnet_iter_init(&it, &p, newlen, &idx, NULL) == DSNET_OK);
  FUZZ_CHECK(dsnet_subnet_iter_next(&it, &back) && dsnet_prefix_equal(&back, &sub));
  dsnet_u128 one = {0, 1}, idx1;
  if (dsnet_u128_add(&idx, &one, &idx1, NULL) == DSNET_OK &&
      dsnet_subnet_nth(&p, newlen, &idx1, &sub, NULL) == DSNET_OK) {
    FUZZ_CHECK(dsnet_subnet_iter_next(&it, &back) && dsnet_prefix_equal(&back, &sub));
  } else {
    FUZZ_CHECK(!dsnet_subnet_iter_next(&it, &back));
  }
  /* summarize first..last of the prefix returns exactly the prefix */
  dsnet_addr first, last;
  dsnet_prefix list[DSNET_SUBNET_LIST_MAX + 1];
  size_t n;
  dsnet_prefix_first(&p, &first);
  dsnet_prefix_last(&p, &last);
  FUZZ_CHECK(dsnet_subnet_summarize(&first, &last, list, DSNET_SUBNET_LIST_MAX, &n, NULL) ==
             DSNET_OK);
  FUZZ_CHECK(n == 1 && dsnet_prefix_equal(&list[0], &p));
  /* a random range: the pieces are sorted, disjoint, adjacent, and collapse to no fewer */
  dsnet_addr a2 = first, b2;
  dsnet_u128 off = {fuzz_u64(&in), fuzz_u64(&in)};
  if (p.addr.family == DSNET_FAMILY_IPV4)
    off.hi = 0, off.lo &= 0xffffffffu;
  if (dsnet_addr_add(&first, &off, &b2, NULL) == DSNET_OK) {
    FUZZ_CHECK(dsnet_subnet_summarize(&a2, &b2, list, DSNET_SUBNET_LIST_MAX, &n, NULL) == DSNET_OK);
    FUZZ_CHECK(n >= 1 && n <= 2 * bits);
    dsnet_addr lo;
    dsnet_prefix_first(&list[0], &lo);
    FUZZ_CHECK(dsnet_addr_equal(&lo, &a2));
    for (size_t i = 1; i < n; i++) {
      dsnet_addr end, next;
      dsnet_prefix_last(&list[i - 1], &end);
      FUZZ_CHECK(dsnet_addr_add(&end, &one, &next, NULL) == DSNET_OK);
      FUZZ_CHECK(dsnet_addr_equal(&next, &list[i].addr));
    }
    dsnet_prefix_last(&list[n - 1], &lo);
    FUZZ_CHECK(dsnet_addr_equal(&lo, &b2));
    size_t m;
    FUZZ_CHECK(dsnet_subnet_collapse(list, n, &m, NULL) == DSNET_OK && m == n);
  }
  /* exclude a subnet, add it back, collapse: the original */
  FUZZ_CHECK(dsnet_subnet_nth(&p, newlen, &idx, &sub, NULL) == DSNET_OK);
  FUZZ_CHECK(dsnet_subnet_exclude(&p, &sub, list, DSNET_SUBNET_LIST_MAX, &n, NULL) == DSNET_OK);
  FUZZ_CHECK(n == k);
  for (size_t i = 0; i < n; i++)
    FUZZ_CHECK(dsnet_prefix_contains(&p, &list[i]) && !dsnet_prefix_overlaps(&list[i], &sub));
  list[n++] = sub;
  size_t m;
  FUZZ_CHECK(dsnet_subnet_collapse(list, n, &m, NULL) == DSNET_OK);
  FUZZ_CHECK(m == 1 && dsnet_prefix_equal(&list[0], &p));
  return 0;
}
