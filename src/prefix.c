/* dsnet prefix module: the CIDR prefix value type. */
#include "dsnet/prefix.h"

#include <string.h>

#include "internal.h"

static const char *family_name(unsigned f) {
  return f == DSNET_FAMILY_IPV4 ? "IPv4" : "IPv6";
}

bool dsnet_prefix_is_valid(const dsnet_prefix *p) {
  return dsnet__prefix_valid(p);
}

/* Offset in s of the text that produced the first address byte carrying a
 * host bit: re-parse with byte offsets (only on this error path). */
static size_t host_bit_offset(const char *s, size_t alen, unsigned flags, const dsnet_addr *a,
                              unsigned plen) {
  size_t offs[16];
  dsnet_addr again;
  if (dsnet__addr_parse(s, alen, flags, &again, offs, NULL) != DSNET_OK)
    return 0;
  unsigned nbytes = a->family == DSNET_FAMILY_IPV4 ? 4 : 16;
  for (unsigned i = 0; i < nbytes; i++) {
    if ((i + 1) * 8 > plen) {
      uint8_t bytes[16];
      dsnet_addr_to_bytes(a, bytes, sizeof bytes);
      unsigned keep = plen > i * 8 ? plen - i * 8 : 0; /* network bits in this byte */
      uint8_t hostmask = (uint8_t)(0xffu >> keep);
      if (bytes[i] & hostmask)
        return offs[i];
    }
  }
  return 0;
}

/* The hot path for any family: valid strict text with no host bit set,
 * whose '/' is one of the last 4 bytes (a length has 1-3 digits).
 * Returns 0 for anything else, which the full path then judges; both flags only relax the
 * rules, so what this accepts is accepted the same way under any flags.
 * It finds the '/' from the end: if the address before it parses, it has
 * no '/' in it, so this is also the first '/' the full path would use.
 * (IPv4 text first goes through the one-pass dsnet__prefix_parse_v4.) */
static int parse_fast_any(const char *s, size_t len, dsnet_prefix *out) {
  if (len < 4)
    return 0;
  uint32_t w = dsnet__le32((const unsigned char *)s + len - 4);    /* the last 4 bytes */
  uint32_t z = dsnet__zero_bytes32(w ^ 0x2f2f2f2fu) & 0x00808080u; /* '/' bytes are 0 */
  if (!z)
    return 0;
  /* k: the last '/' among bytes 0..2; the k + 1..3 after it are the
   * length, here right-aligned in bytes k..2 of d as digit values. No
   * branch depends on how many digits there are. */
  unsigned k2 = (z >> 23) & 1u, k = 2 * k2 + ((z >> 15) & 1u & ~k2);
  uint32_t m = (0xffffffu << (8 * k)) & 0xffffffu;
  uint32_t d = (((w >> (8 * k + 8)) << (8 * k)) ^ 0x303030u) & m;
  unsigned bad = ((((d & 0x7f7f7fu) + 0x767676u) | d) & 0x808080u & m) != 0; /* not all digits */
  bad |= (k < 2) & (((d >> (8 * k)) & 0xffu) == 0);                          /* leading zero */
  unsigned v = (d & 0xffu) * 100 + ((d >> 8) & 0xffu) * 10 + (d >> 16);
  dsnet_addr a;
  if (bad || !dsnet__addr_parse_fast(s, len - 4 + k, DSNET__FAST_BEST, &a))
    return 0;
  if (v > dsnet__bits(a.family) || !dsnet__host_bits_zero(&a, v))
    return 0;
  /* field by field: a struct copy of a, just written in pieces by the
   * address parser, would stall on store-to-load forwarding */
  out->addr.family = a.family;
  out->addr.hi = a.hi;
  out->addr.lo = a.lo;
  out->len = (uint8_t)v;
  return 1;
}

int dsnet__prefix_parse_fast(const char *s, size_t len, dsnet_prefix *out) {
  return (dsnet__looks_v4(s, len) && dsnet__prefix_parse_v4(s, len, DSNET__FAST_BEST, out)) ||
         parse_fast_any(s, len, out);
}

/* (not inlined into dsnet_prefix_parse, which then only dispatches and
 * saves no registers) */
DSNET_NOINLINE dsnet_status dsnet__prefix_parse_any(const char *s, size_t len, unsigned flags,
                                                    dsnet_prefix *out, dsnet_error *err) {
  if (parse_fast_any(s, len, out)) {
    if (err)
      dsnet__clear(err);
    return DSNET_OK;
  }
  return dsnet__prefix_parse_ref(s, len, flags, out, err);
}

dsnet_status dsnet_prefix_parse(const char *s, size_t len, unsigned flags, dsnet_prefix *out,
                                dsnet_error *err) {
  if (!out || (!s && len))
    return dsnet__fail(err, DSNET_EINVAL, 0, "dsnet_prefix_parse: NULL argument");
  if (dsnet__looks_v4(s, len)) /* by tail calls: nothing here to save */
    return dsnet__prefix_parse_v4_full(s, len, flags, out, err);
  return dsnet__prefix_parse_any(s, len, flags, out, err);
}

dsnet_status dsnet__prefix_parse_ref(const char *s, size_t len, unsigned flags, dsnet_prefix *out,
                                     dsnet_error *err) {
  char q[DSNET__QUOTE_CAP];
  const char *slash = len ? memchr(s, '/', len) : NULL;
  dsnet_addr a;
  if (!slash) {
    dsnet_status st = dsnet__addr_parse(s, len, flags, &a, NULL, err);
    if (st != DSNET_OK)
      return st;
    return dsnet__fail(err, DSNET_EPREFIX_NO_LENGTH, len, "invalid prefix %s: no /length",
                       dsnet__quote(q, s, len));
  }
  size_t alen = (size_t)(slash - s);
  dsnet_status st = dsnet__addr_parse(s, alen, flags, &a, NULL, err);
  if (st != DSNET_OK)
    return st;

  unsigned bits = dsnet__bits(a.family);
  size_t p = alen + 1;
  if (p == len)
    return dsnet__fail(err, DSNET_EPREFIX_LEN_EMPTY, p, "invalid prefix %s: empty length after '/'",
                       dsnet__quote(q, s, len));
  if (s[p] == '+' || s[p] == '-')
    return dsnet__fail(err, DSNET_EPREFIX_LEN_SIGN, p,
                       "invalid prefix %s: length must not have a sign", dsnet__quote(q, s, len));
  unsigned v = 0;
  for (size_t i = p; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < '0' || c > '9') {
      if (c == ' ' || (c >= '\t' && c <= '\r'))
        return dsnet__fail(err, DSNET_EWHITESPACE, i, "invalid prefix %s: whitespace at byte %zu",
                           dsnet__quote(q, s, len), i);
      return dsnet__fail(err, DSNET_EPREFIX_LEN_BADCHAR, i,
                         "invalid prefix %s: length is not a decimal number (byte %zu)",
                         dsnet__quote(q, s, len), i);
    }
    v = v * 10 + (c - '0');
    if (v > 1000)
      v = 1000; /* saturate: anything past 128 is out of range */
  }
  if (!(flags & DSNET_PARSE_SLOPPY) && len - p > 1 && s[p] == '0')
    return dsnet__fail(err, DSNET_EPREFIX_LEN_LEADING_ZERO, p,
                       "invalid prefix %s: length has a leading zero", dsnet__quote(q, s, len));
  if (v > bits) {
    char b[DSNET__QUOTE_CAP];
    return dsnet__fail(
        err, DSNET_EPREFIX_LEN_RANGE, p, "invalid prefix %s: length %s is greater than %u for %s",
        dsnet__quote(q, s, len), dsnet__quote(b, s + p, len - p), bits, family_name(a.family));
  }

  uint64_t mh, ml;
  dsnet__mask(a.family, v, &mh, &ml);
  if (((a.hi & ~mh) | (a.lo & ~ml)) != 0) {
    if (!(flags & DSNET_PARSE_MASK_HOST)) {
      dsnet_prefix m = {{a.hi & mh, a.lo & ml, a.family}, (uint8_t)v};
      char t[DSNET_PREFIX_STRLEN];
      dsnet_prefix_format(&m, t, sizeof t);
      size_t off = host_bit_offset(s, alen, flags, &a, v);
      return dsnet__fail(err, DSNET_EPREFIX_HOST_BITS, off,
                         "invalid prefix %s: host bits set beyond /%u (did you mean %s?)",
                         dsnet__quote(q, s, len), v, t);
    }
    a.hi &= mh;
    a.lo &= ml;
  }
  out->addr = a;
  out->len = (uint8_t)v;
  return dsnet__ok(err);
}

/* "/len" at p: 4 bytes written, 2-4 counted. */
static size_t put_len(char *p, unsigned l) {
  char t[8] = {'/', (char)('0' + l / 100), (char)('0' + (l / 10) % 10), (char)('0' + l % 10)};
  unsigned drop = (unsigned)(l < 100) + (l < 10); /* leading zeros of the length */
  p[0] = '/';
  memcpy(p + 1, t + 1 + drop, 3); /* fixed size: no call; t has room past the digits */
  return 4 - drop;
}

size_t dsnet_prefix_format(const dsnet_prefix *p, char *buf, size_t cap) {
  if (!dsnet__addr_valid(&p->addr) || p->len > dsnet__bits(p->addr.family))
    return dsnet__emit("", 0, buf, cap);
  if (cap >= DSNET_PREFIX_STRLEN) { /* room for the scratch writes: format in place */
    size_t n = dsnet__addr_text(&p->addr, 0, buf);
    n += put_len(buf + n, p->len);
    buf[n] = '\0';
    return n;
  }
  char tmp[DSNET_PREFIX_STRLEN];
  size_t n = dsnet__addr_text(&p->addr, 0, tmp);
  n += put_len(tmp + n, p->len);
  return dsnet__emit(tmp, n, buf, cap);
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
