/* dsnet prefix module: the CIDR prefix value type. Parsing and formatting
 * are the text layer's (src/text/); the entry points here check their
 * arguments and hand over. */
#include "dsnet/prefix.h"

#include <string.h>

#include "fail.h"
#include "outbuf.h"
#include "text/dispatch.h"
#include "values.h"

static const char *family_name(unsigned f) {
  return f == DSNET_FAMILY_IPV4 ? "IPv4" : "IPv6";
}

bool dsnet_prefix_is_valid(const dsnet_prefix *p) {
  return dsnet__prefix_valid(p);
}

dsnet_status dsnet_prefix_parse(const char *s, size_t len, unsigned flags, dsnet_prefix *out,
                                dsnet_error *err) {
  if (!out || (!s && len))
    return dsnet__fail(err, DSNET_EINVAL, 0, "dsnet_prefix_parse: NULL argument");
  return dsnet__prefix_parse_inline(s, len, flags, out, err); /* one indirect jump */
}

size_t dsnet_prefix_format(const dsnet_prefix *p, char *buf, size_t cap) {
  if (!dsnet__addr_valid(&p->addr) || p->len > dsnet__bits(p->addr.family))
    return dsnet__emit("", 0, buf, cap);
  return dsnet__prefix_format_inline(p, buf, cap);
}

dsnet_status dsnet_prefix_from_addr(const dsnet_addr *a, unsigned len, unsigned flags,
                                    dsnet_prefix *out, dsnet_error *err) {
  char t[DSNET_ADDR_STRLEN];
  if (!dsnet__addr_valid(a))
    return dsnet__fail(err, DSNET_EINVAL, 0, "address with invalid family %u", a->family);
  unsigned bits = dsnet__bits(a->family);
  if (len > bits) {
    dsnet_addr_format(a, t, sizeof t);
    return dsnet__fail(err, DSNET_EPREFIX_LEN_RANGE, 0, "length %u is greater than %u for %s %s",
                       len, bits, family_name(a->family), t);
  }
  uint64_t mh, ml;
  dsnet__mask(a->family, len, &mh, &ml);
  if (((a->hi & ~mh) | (a->lo & ~ml)) != 0 && !(flags & DSNET_PARSE_MASK_HOST)) {
    dsnet_addr_format(a, t, sizeof t);
    return dsnet__fail(err, DSNET_EPREFIX_HOST_BITS, 0, "%s/%u has host bits set beyond /%u", t,
                       len, len);
  }
  out->addr.family = a->family;
  out->addr.hi = a->hi & mh;
  out->addr.lo = a->lo & ml;
  out->len = (uint8_t)len;
  return dsnet__ok(err);
}

dsnet_status dsnet_prefix_masked(const dsnet_prefix *p, dsnet_prefix *out, dsnet_error *err) {
  dsnet_addr a = p->addr;
  return dsnet_prefix_from_addr(&a, p->len, DSNET_PARSE_MASK_HOST, out, err);
}

/* Length clamped to the family, so that hand-built invalid prefixes never
 * cause undefined shifts. */
static unsigned safe_len(const dsnet_prefix *p) {
  unsigned bits = dsnet__bits(p->addr.family);
  return p->len > bits ? bits : p->len;
}

void dsnet_prefix_first(const dsnet_prefix *p, dsnet_addr *out) {
  uint64_t mh, ml;
  dsnet__mask(p->addr.family, safe_len(p), &mh, &ml);
  out->family = p->addr.family;
  out->hi = p->addr.hi & mh;
  out->lo = p->addr.lo & ml;
}

void dsnet_prefix_last(const dsnet_prefix *p, dsnet_addr *out) {
  uint64_t mh, ml;
  dsnet__mask(p->addr.family, safe_len(p), &mh, &ml);
  out->family = p->addr.family;
  if (p->addr.family == DSNET_FAMILY_IPV4) {
    out->hi = 0;
    out->lo = (p->addr.lo | ~ml) & UINT64_C(0xffffffff);
  } else {
    out->hi = p->addr.hi | ~mh;
    out->lo = p->addr.lo | ~ml;
  }
}

unsigned dsnet_prefix_host_bits(const dsnet_prefix *p) {
  if (!dsnet__addr_valid(&p->addr))
    return 0;
  return dsnet__bits(p->addr.family) - safe_len(p);
}

dsnet_status dsnet_prefix_size(const dsnet_prefix *p, dsnet_u128 *out, dsnet_error *err) {
  if (!dsnet_prefix_is_valid(p))
    return dsnet__fail(err, DSNET_EINVAL, 0, "invalid prefix value");
  unsigned h = dsnet_prefix_host_bits(p);
  if (h >= 128)
    return dsnet__fail(err, DSNET_EOVERFLOW, 0,
                       "::/0 has 2^128 addresses, one more than 128 bits hold");
  return dsnet_u128_pow2(h, out, err);
}

bool dsnet_prefix_contains_addr(const dsnet_prefix *p, const dsnet_addr *a) {
  if (a->family != p->addr.family || !dsnet__addr_valid(a))
    return false;
  uint64_t mh, ml;
  dsnet__mask(p->addr.family, safe_len(p), &mh, &ml);
  return ((a->hi ^ p->addr.hi) & mh) == 0 && ((a->lo ^ p->addr.lo) & ml) == 0;
}

bool dsnet_prefix_contains(const dsnet_prefix *p, const dsnet_prefix *q) {
  return q->len >= p->len && dsnet_prefix_contains_addr(p, &q->addr);
}

bool dsnet_prefix_overlaps(const dsnet_prefix *p, const dsnet_prefix *q) {
  return dsnet_prefix_contains(p, q) || dsnet_prefix_contains(q, p);
}

int dsnet_prefix_compare(const dsnet_prefix *p, const dsnet_prefix *q) {
  int c = dsnet_addr_compare(&p->addr, &q->addr);
  if (c != 0)
    return c;
  return p->len < q->len ? -1 : p->len > q->len ? 1 : 0;
}

bool dsnet_prefix_equal(const dsnet_prefix *p, const dsnet_prefix *q) {
  return p->len == q->len && dsnet_addr_equal(&p->addr, &q->addr);
}

dsnet_status dsnet_prefix_nth(const dsnet_prefix *p, const dsnet_u128 *i, dsnet_addr *out,
                              dsnet_error *err) {
  if (!dsnet_prefix_is_valid(p))
    return dsnet__fail(err, DSNET_EINVAL, 0, "invalid prefix value");
  dsnet_u128 lim;
  unsigned h = dsnet_prefix_host_bits(p);
  if (h < 128) {
    dsnet_u128_pow2(h, &lim, NULL);
    if (dsnet_u128_compare(i, &lim) >= 0) {
      char t[DSNET_PREFIX_STRLEN], d[DSNET_U128_STRLEN], n[DSNET_U128_STRLEN];
      dsnet_prefix_format(p, t, sizeof t);
      dsnet_u128_format(i, d, sizeof d);
      dsnet_u128_format(&lim, n, sizeof n);
      return dsnet__fail(err, DSNET_ERANGE, 0, "offset %s is outside %s (%s addresses)", d, t, n);
    }
  }
  /* Host bits are zero and i fits in them, so OR is the sum. */
  out->family = p->addr.family;
  out->hi = p->addr.hi | i->hi;
  out->lo = p->addr.lo | i->lo;
  return dsnet__ok(err);
}

dsnet_status dsnet_prefix_offset_of(const dsnet_prefix *p, const dsnet_addr *a, dsnet_u128 *out,
                                    dsnet_error *err) {
  char t[DSNET_PREFIX_STRLEN], x[DSNET_ADDR_STRLEN];
  if (!dsnet_prefix_is_valid(p) || !dsnet__addr_valid(a))
    return dsnet__fail(err, DSNET_EINVAL, 0, "invalid prefix or address value");
  if (a->family != p->addr.family || !dsnet_prefix_contains_addr(p, a)) {
    dsnet_prefix_format(p, t, sizeof t);
    dsnet_addr_format(a, x, sizeof x);
    if (a->family != p->addr.family)
      return dsnet__fail(err, DSNET_EFAMILY, 0, "%s is not an %s address like %s", x,
                         family_name(p->addr.family), t);
    return dsnet__fail(err, DSNET_ENOT_CONTAINED, 0, "%s is not inside %s", x, t);
  }
  out->hi = a->hi ^ p->addr.hi;
  out->lo = a->lo ^ p->addr.lo;
  return dsnet__ok(err);
}

dsnet_status dsnet_prefix_parse_many(const char *buf, const size_t *ends, size_t n, unsigned flags,
                                     dsnet_parse_item *out, dsnet_error *err) {
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    if (ends[i] < start)
      return dsnet__fail(err, DSNET_EINVAL, i, "ends[%zu] is before the end of item %zu", i,
                         i ? i - 1 : 0);
    const char *s = buf + start;
    size_t len = ends[i] - start;
    dsnet_error e;
    dsnet_parse_item *it = &out[i];
    it->is_prefix = len && memchr(s, '/', len) != NULL;
    if (it->is_prefix) {
      it->status = dsnet_prefix_parse(s, len, flags, &it->value, &e);
    } else {
      it->status = dsnet__addr_parse(s, len, flags, &it->value.addr, NULL, &e);
      if (it->status == DSNET_OK)
        it->value.len = (uint8_t)dsnet__bits(it->value.addr.family);
    }
    it->offset = it->status == DSNET_OK ? 0 : e.offset;
    start = ends[i];
  }
  return dsnet__ok(err);
}

size_t dsnet_prefix_format_many(const dsnet_prefix *p, size_t n, char sep, char *buf, size_t cap) {
  size_t used = 0;
  for (size_t i = 0; i < n; i++) {
    char t[DSNET_PREFIX_STRLEN];
    size_t k = dsnet_prefix_format(&p[i], t, sizeof t);
    if (used + k + 1 < cap) {
      memcpy(buf + used, t, k);
      buf[used + k] = sep;
    }
    used += k + 1;
  }
  if (used >= cap) {
    if (cap > 0)
      buf[0] = '\0';
    return used;
  }
  buf[used] = '\0';
  return used;
}
