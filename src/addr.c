/* dsnet addr module: the address value type.
 *
 * The parser is a single forward scan with no backtracking and no
 * allocation. Strict and sloppy grammars share it: the sloppy one only
 * relaxes the leading-zero rules (see DSNET_PARSE_SLOPPY). */
#include "dsnet/addr.h"

#include <string.h>

#include "internal.h"

static const uint8_t hex_value[256]; /* defined below, with the entry point */

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

dsnet_status dsnet__bad_byte(const char *s, size_t len, size_t p, int complete, const char *what,
                             dsnet_error *err) {
  char q[DSNET__QUOTE_CAP];
  unsigned char c = (unsigned char)s[p];
  dsnet__quote(q, s, len);
  if (is_space(c))
    return dsnet__fail(err, DSNET_EWHITESPACE, p, "invalid %s %s: whitespace at byte %zu", what, q,
                       p);
  if (c == '%' && complete)
    return dsnet__fail(err, DSNET_EZONE, p, "invalid %s %s: zone at byte %zu is not allowed", what,
                       q, p);
  if (complete)
    return dsnet__fail(err, DSNET_ETRAILING, p,
                       "invalid %s %s: unexpected bytes after the address at byte %zu", what, q, p);
  char b[DSNET__QUOTE_CAP];
  return dsnet__fail(err, DSNET_EBADCHAR, p, "invalid %s %s: unexpected %s at byte %zu", what, q,
                     dsnet__quote(b, s + p, 1), p);
}

/* Parse dotted IPv4 starting at s[*pp], the whole text being s[0..len).
 * `embedded` is set inside an IPv6 address, where a following ':' means the
 * IPv4 part is not last. On success *pp is the end of the address. */
static dsnet_status parse_v4(const char *s, size_t len, size_t *pp, unsigned flags, int embedded,
                             uint32_t *out, size_t *offs, dsnet_error *err) {
  const char *what = embedded ? "IPv6 address" : "IPv4 address";
  char q[DSNET__QUOTE_CAP];
  size_t p = *pp;
  size_t v4start = p;
  uint32_t v = 0;
  for (int part = 0; part < 4; part++) {
    if (part > 0) {
      if (p == len)
        return dsnet__fail(err, DSNET_EV4_TOO_FEW_PARTS, p,
                           "invalid %s %s: only %d of 4 IPv4 parts", what, dsnet__quote(q, s, len),
                           part);
      if (s[p] != '.')
        return dsnet__bad_byte(s, len, p, 0, what, err);
      p++;
    }
    size_t start = p;
    unsigned val = 0;
    while (p < len && s[p] >= '0' && s[p] <= '9') {
      val = val * 10 + (unsigned)(s[p] - '0');
      if (val > 1000)
        val = 1000; /* saturate: any value past 255 is already out of range */
      p++;
    }
    if (p == start) {
      if (p == len || s[p] == '.')
        return dsnet__fail(err, DSNET_EV4_EMPTY_PART, p,
                           "invalid %s %s: empty IPv4 part at byte %zu", what,
                           dsnet__quote(q, s, len), p);
      return dsnet__bad_byte(s, len, p, 0, what, err);
    }
    if (!(flags & DSNET_PARSE_SLOPPY) && p - start > 1 && s[start] == '0') {
      char b[DSNET__QUOTE_CAP];
      return dsnet__fail(err, DSNET_EV4_LEADING_ZERO, start,
                         "invalid %s %s: IPv4 part %s has a leading zero", what,
                         dsnet__quote(q, s, len), dsnet__quote(b, s + start, p - start));
    }
    if (val > 255) {
      char b[DSNET__QUOTE_CAP];
      return dsnet__fail(err, DSNET_EV4_PART_RANGE, start,
                         "invalid %s %s: IPv4 part %s is greater than 255", what,
                         dsnet__quote(q, s, len), dsnet__quote(b, s + start, p - start));
    }
    if (offs)
      offs[part] = start;
    v = (v << 8) | val;
  }
  if (p < len) {
    if (s[p] == '.')
      return dsnet__fail(err, DSNET_EV4_TOO_MANY_PARTS, p, "invalid %s %s: more than 4 IPv4 parts",
                         what, dsnet__quote(q, s, len));
    if (embedded && s[p] == ':')
      return dsnet__fail(err, DSNET_EV6_EMBEDDED_V4, v4start,
                         "invalid IPv6 address %s: embedded IPv4 at byte %zu must be last",
                         dsnet__quote(q, s, len), v4start);
    return dsnet__bad_byte(s, len, p, 1, what, err);
  }
  *pp = p;
  *out = v;
  return DSNET_OK;
}

static dsnet_status parse_v6(const char *s, size_t len, unsigned flags, dsnet_addr *out,
                             size_t *offs, dsnet_error *err) {
  static const char *what = "IPv6 address";
  char q[DSNET__QUOTE_CAP];
  uint16_t g[8];
  size_t goff[8];
  int ng = 0;
  int ellipsis = -1; /* group index where "::" stands */
  size_t ell_off = 0;
  size_t p = 0;
  size_t v4offs[4] = {0, 0, 0, 0};

  if (len >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    ell_off = 0;
    p = 2;
    if (p < len && s[p] == ':')
      return dsnet__fail(err, DSNET_EV6_BAD_COLON, p, "invalid %s %s: ':::' at byte %zu", what,
                         dsnet__quote(q, s, len), p);
  } else if (len >= 1 && s[0] == ':') {
    return dsnet__fail(err, DSNET_EV6_BAD_COLON, 0, "invalid %s %s: single leading ':'", what,
                       dsnet__quote(q, s, len));
  }

  while (p < len) {
    size_t start = p;
    unsigned val = 0;
    while (p < len) {
      int h = hex_value[(unsigned char)s[p]];
      if (h > 15)
        break;
      val = (val << 4) | (unsigned)h;
      if (val > 0xfffffu)
        val = 0xfffffu; /* saturate past ffff */
      p++;
    }
    if (p < len && s[p] == '.') { /* embedded dotted IPv4: must fill the last 32 bits */
      uint32_t v4 = 0;
      if (ng + 2 > 8 || (ellipsis >= 0 && ng + 2 == 8))
        return dsnet__fail(err, DSNET_EV6_TOO_MANY_GROUPS, start,
                           "invalid %s %s: too many groups before the embedded IPv4 at byte %zu",
                           what, dsnet__quote(q, s, len), start);
      if (ellipsis < 0 && ng != 6)
        return dsnet__fail(err, DSNET_EV6_TOO_FEW_GROUPS, start,
                           "invalid %s %s: %d groups before the embedded IPv4 at byte %zu, "
                           "need 6 or '::'",
                           what, dsnet__quote(q, s, len), ng, start);
      p = start;
      dsnet_status st = parse_v4(s, len, &p, flags, 1, &v4, offs ? v4offs : NULL, err);
      if (st != DSNET_OK)
        return st;
      g[ng] = (uint16_t)(v4 >> 16);
      goff[ng++] = start;
      g[ng] = (uint16_t)v4;
      goff[ng++] = start;
      break;
    }
    if (p == start) { /* no group where one is required */
      /* (a ':' cannot be here: colons are consumed above.) Right after
       * "::" the text so far is a complete address. */
      return dsnet__bad_byte(s, len, p, ellipsis >= 0 && ell_off + 2 == p, what, err);
    }
    if (val > 0xffffu || (p - start > 4 && !(flags & DSNET_PARSE_SLOPPY))) {
      char b[DSNET__QUOTE_CAP];
      return dsnet__fail(err, DSNET_EV6_GROUP_TOO_LONG, start,
                         "invalid %s %s: group %s has more than 4 hex digits", what,
                         dsnet__quote(q, s, len), dsnet__quote(b, s + start, p - start));
    }
    if (ng == 8)
      return dsnet__fail(err, DSNET_EV6_TOO_MANY_GROUPS, start, "invalid %s %s: more than 8 groups",
                         what, dsnet__quote(q, s, len));
    g[ng] = (uint16_t)val;
    goff[ng++] = start;
    if (p == len)
      break;
    if (s[p] != ':')
      return dsnet__bad_byte(s, len, p, ng == 8 || ellipsis >= 0, what, err);
    p++;
    if (p == len)
      return dsnet__fail(err, DSNET_EV6_BAD_COLON, p - 1, "invalid %s %s: single trailing ':'",
                         what, dsnet__quote(q, s, len));
    if (s[p] == ':') {
      if (ellipsis >= 0)
        return dsnet__fail(err, DSNET_EV6_MULTIPLE_ELLIPSIS, p - 1,
                           "invalid %s %s: second '::' at byte %zu", what, dsnet__quote(q, s, len),
                           p - 1);
      ellipsis = ng;
      ell_off = p - 1;
      p++;
      if (p < len && s[p] == ':')
        return dsnet__fail(err, DSNET_EV6_BAD_COLON, p, "invalid %s %s: ':::' at byte %zu", what,
                           dsnet__quote(q, s, len), p);
    }
  }

  if (ellipsis < 0 && ng < 8)
    return dsnet__fail(err, DSNET_EV6_TOO_FEW_GROUPS, len,
                       "invalid %s %s: %d of 8 groups and no '::'", what, dsnet__quote(q, s, len),
                       ng);
  if (ellipsis >= 0 && ng == 8)
    return dsnet__fail(err, DSNET_EV6_TOO_MANY_GROUPS, ell_off,
                       "invalid %s %s: '::' at byte %zu stands for no group", what,
                       dsnet__quote(q, s, len), ell_off);

  uint16_t full[8];
  size_t fulloff[8];
  if (ellipsis >= 0) {
    int fill = 8 - ng;
    for (int i = 0; i < ellipsis; i++) {
      full[i] = g[i];
      fulloff[i] = goff[i];
    }
    for (int i = 0; i < fill; i++) {
      full[ellipsis + i] = 0;
      fulloff[ellipsis + i] = ell_off;
    }
    for (int i = ellipsis; i < ng; i++) {
      full[i + fill] = g[i];
      fulloff[i + fill] = goff[i];
    }
  } else {
    memcpy(full, g, sizeof full);
    memcpy(fulloff, goff, sizeof fulloff);
  }
  if (offs) {
    for (int i = 0; i < 8; i++)
      offs[2 * (size_t)i] = offs[2 * (size_t)i + 1] = fulloff[i];
    /* An embedded IPv4 is always last: point at its parts, not its start. */
    if (ng >= 2 && p == len && memchr(s, '.', len)) {
      for (int i = 0; i < 4; i++)
        offs[12 + i] = v4offs[i];
    }
  }
  out->family = DSNET_FAMILY_IPV6;
  out->hi =
      ((uint64_t)full[0] << 48) | ((uint64_t)full[1] << 32) | ((uint64_t)full[2] << 16) | full[3];
  out->lo =
      ((uint64_t)full[4] << 48) | ((uint64_t)full[5] << 32) | ((uint64_t)full[6] << 16) | full[7];
  return DSNET_OK;
}

/* ---- the reference parser's entry ------------------------------------------
 * (The fast paths and formatting are in addrtext.c.) */

/* Hex value of a byte, 0xff for non-hex. */
static const uint8_t hex_value[256] = {
#define N16                                                                                        \
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
    N16,  N16,  N16,  0,    1,    2,   3,   4,   5,   6,   7,    8,    9,    0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 10,   11,  12,  13,  14,  15,  0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, N16,  0xff, 10,  11,  12,  13,  14,  15,   0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, N16,  N16, N16, N16, N16, N16, N16,  N16,  N16
#undef N16
};

dsnet_status dsnet__addr_parse_ref(const char *s, size_t len, unsigned flags, dsnet_addr *out,
                                   size_t offs[16], dsnet_error *err) {
  if (len == 0)
    return dsnet__fail(err, DSNET_EEMPTY, 0, "empty address");
  /* The family is decided by the first '.' or ':' (as Go's parser does). */
  int v6 = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == ':') {
      v6 = 1;
      break;
    }
    if (s[i] == '.')
      break;
  }
  dsnet_status st;
  if (v6) {
    dsnet_addr a;
    st = parse_v6(s, len, flags, &a, offs, err);
    if (st == DSNET_OK)
      *out = a;
  } else {
    size_t p = 0;
    uint32_t v = 0;
    st = parse_v4(s, len, &p, flags, 0, &v, offs, err);
    if (st == DSNET_OK) {
      out->family = DSNET_FAMILY_IPV4;
      out->hi = 0;
      out->lo = v;
    }
  }
  if (st == DSNET_OK)
    dsnet_error_clear(err);
  return st;
}

/* ---- comparison and conversion ---------------------------------------------- */

int dsnet_addr_compare(const dsnet_addr *a, const dsnet_addr *b) {
  if (a->family != b->family)
    return a->family < b->family ? -1 : 1;
  if (a->hi != b->hi)
    return a->hi < b->hi ? -1 : 1;
  if (a->lo != b->lo)
    return a->lo < b->lo ? -1 : 1;
  return 0;
}

bool dsnet_addr_equal(const dsnet_addr *a, const dsnet_addr *b) {
  return a->family == b->family && a->hi == b->hi && a->lo == b->lo;
}

dsnet_status dsnet_addr_from_bytes(const uint8_t *bytes, size_t len, dsnet_addr *out,
                                   dsnet_error *err) {
  if (!bytes || !out)
    return dsnet__fail(err, DSNET_EINVAL, 0, "dsnet_addr_from_bytes: NULL argument");
  if (len == 4) {
    out->family = DSNET_FAMILY_IPV4;
    out->hi = 0;
    out->lo = ((uint64_t)bytes[0] << 24) | ((uint64_t)bytes[1] << 16) | ((uint64_t)bytes[2] << 8) |
              bytes[3];
    return dsnet__ok(err);
  }
  if (len == 16) {
    uint64_t hi = 0, lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | bytes[i];
      lo = (lo << 8) | bytes[8 + i];
    }
    out->family = DSNET_FAMILY_IPV6;
    out->hi = hi;
    out->lo = lo;
    return dsnet__ok(err);
  }
  return dsnet__fail(err, DSNET_EINVAL, 0, "address of %zu bytes: must be 4 or 16", len);
}

size_t dsnet_addr_to_bytes(const dsnet_addr *a, uint8_t *buf, size_t cap) {
  if (!dsnet__addr_valid(a))
    return 0;
  if (a->family == DSNET_FAMILY_IPV4) {
    if (cap >= 4) {
      for (int i = 0; i < 4; i++)
        buf[i] = (uint8_t)(a->lo >> (24 - 8 * i));
    }
    return 4;
  }
  if (cap >= 16) {
    for (int i = 0; i < 8; i++) {
      buf[i] = (uint8_t)(a->hi >> (56 - 8 * i));
      buf[8 + i] = (uint8_t)(a->lo >> (56 - 8 * i));
    }
  }
  return 16;
}

void dsnet_addr_from_ipv4(uint32_t v, dsnet_addr *out) {
  out->family = DSNET_FAMILY_IPV4;
  out->hi = 0;
  out->lo = v;
}

dsnet_status dsnet_addr_to_ipv4(const dsnet_addr *a, uint32_t *out, dsnet_error *err) {
  if (a->family != DSNET_FAMILY_IPV4 || !dsnet__addr_valid(a)) {
    char t[DSNET_ADDR_STRLEN];
    dsnet_addr_format(a, t, sizeof t);
    return dsnet__fail(err, DSNET_EFAMILY, 0, "%s is not an IPv4 address", t);
  }
  *out = (uint32_t)a->lo;
  return dsnet__ok(err);
}

bool dsnet_addr_is_ipv4_mapped(const dsnet_addr *a) {
  return a->family == DSNET_FAMILY_IPV6 && a->hi == 0 && (a->lo >> 32) == 0xffffu;
}

void dsnet_addr_unmap(const dsnet_addr *a, dsnet_addr *out) {
  if (dsnet_addr_is_ipv4_mapped(a)) {
    uint32_t v = (uint32_t)a->lo;
    dsnet_addr_from_ipv4(v, out);
  } else {
    *out = *a;
  }
}

void dsnet_addr_map(const dsnet_addr *a, dsnet_addr *out) {
  if (a->family == DSNET_FAMILY_IPV4) {
    uint64_t lo = (UINT64_C(0xffff) << 32) | (a->lo & 0xffffffffu);
    out->family = DSNET_FAMILY_IPV6;
    out->hi = 0;
    out->lo = lo;
  } else {
    *out = *a;
  }
}

/* ---- classification ---------------------------------------------------------- */

/* Whether the top `len` bits of v (a 32-bit value) equal those of net. */
static int in4(uint32_t v, uint32_t net, unsigned len) {
  uint32_t m = len == 0 ? 0 : ~(uint32_t)0 << (32 - len);
  return (v & m) == net;
}

unsigned dsnet_addr_classify(const dsnet_addr *a) {
  unsigned c = 0;
  if (a->family == DSNET_FAMILY_IPV4) {
    uint32_t v = (uint32_t)a->lo;
    if (v == 0)
      c |= DSNET_ADDR_UNSPECIFIED;
    if (in4(v, 0x7f000000u, 8))
      c |= DSNET_ADDR_LOOPBACK;
    if (in4(v, 0x0a000000u, 8) || in4(v, 0xac100000u, 12) || in4(v, 0xc0a80000u, 16))
      c |= DSNET_ADDR_PRIVATE;
    if (in4(v, 0x64400000u, 10))
      c |= DSNET_ADDR_SHARED;
    if (in4(v, 0xa9fe0000u, 16))
      c |= DSNET_ADDR_LINK_LOCAL;
    if (in4(v, 0xe0000000u, 4))
      c |= DSNET_ADDR_MULTICAST;
    if (in4(v, 0xc0000200u, 24) || in4(v, 0xc6336400u, 24) || in4(v, 0xcb007100u, 24))
      c |= DSNET_ADDR_DOCUMENTATION;
    return c;
  }
  if (a->family != DSNET_FAMILY_IPV6)
    return 0;
  uint64_t hi = a->hi, lo = a->lo;
  if (hi == 0 && lo == 0)
    c |= DSNET_ADDR_UNSPECIFIED;
  if (hi == 0 && lo == 1)
    c |= DSNET_ADDR_LOOPBACK;
  if (hi == 0 && (lo >> 32) == 0xffffu)
    return DSNET_ADDR_IPV4_MAPPED;
  if ((hi >> 54) == (0xfe80u >> 6))
    c |= DSNET_ADDR_LINK_LOCAL;
  if ((hi >> 57) == (0xfc00u >> 9))
    c |= DSNET_ADDR_ULA;
  if ((hi >> 56) == 0xffu)
    c |= DSNET_ADDR_MULTICAST;
  if ((hi >> 32) == 0x20010db8u || (hi >> 44) == 0x3fff0u)
    c |= DSNET_ADDR_DOCUMENTATION;
  return c;
}

/* ---- offsets ----------------------------------------------------------------- */

/* a + off (sub = 0) or a - off (sub = 1) within a's family. */
static dsnet_status offset(const dsnet_addr *a, const dsnet_u128 *off, int sub, dsnet_addr *out,
                           dsnet_error *err) {
  if (!dsnet__addr_valid(a))
    return dsnet__fail(err, DSNET_EINVAL, 0, "address with invalid family %u", a->family);
  dsnet_u128 v = {a->hi, a->lo}, r;
  int over =
      (sub ? dsnet_u128_sub(&v, off, &r, NULL) : dsnet_u128_add(&v, off, &r, NULL)) != DSNET_OK;
  if (!over && a->family == DSNET_FAMILY_IPV4 && (r.hi != 0 || (r.lo >> 32) != 0))
    over = 1;
  if (over) {
    char t[DSNET_ADDR_STRLEN], d[DSNET_U128_STRLEN];
    dsnet_addr_format(a, t, sizeof t);
    dsnet_u128_format(off, d, sizeof d);
    return dsnet__fail(err, DSNET_EOVERFLOW, 0, "%s %c %s is %s the %s %s address", t,
                       sub ? '-' : '+', d, sub ? "before" : "past", sub ? "first" : "last",
                       a->family == DSNET_FAMILY_IPV4 ? "IPv4" : "IPv6");
  }
  out->family = a->family;
  out->hi = r.hi;
  out->lo = r.lo;
  return dsnet__ok(err);
}

dsnet_status dsnet_addr_add(const dsnet_addr *a, const dsnet_u128 *off, dsnet_addr *out,
                            dsnet_error *err) {
  return offset(a, off, 0, out, err);
}

dsnet_status dsnet_addr_sub(const dsnet_addr *a, const dsnet_u128 *off, dsnet_addr *out,
                            dsnet_error *err) {
  return offset(a, off, 1, out, err);
}

dsnet_status dsnet_addr_distance(const dsnet_addr *a, const dsnet_addr *b, dsnet_u128 *out,
                                 dsnet_error *err) {
  char ta[DSNET_ADDR_STRLEN], tb[DSNET_ADDR_STRLEN];
  if (!dsnet__addr_valid(a) || !dsnet__addr_valid(b))
    return dsnet__fail(err, DSNET_EINVAL, 0, "address with invalid family");
  dsnet_u128 va = {a->hi, a->lo}, vb = {b->hi, b->lo};
  if (a->family != b->family || dsnet_u128_compare(&vb, &va) < 0) {
    dsnet_addr_format(a, ta, sizeof ta);
    dsnet_addr_format(b, tb, sizeof tb);
    if (a->family != b->family)
      return dsnet__fail(err, DSNET_EFAMILY, 0, "%s and %s are of different families", ta, tb);
    return dsnet__fail(err, DSNET_EOVERFLOW, 0, "%s is before %s", tb, ta);
  }
  dsnet_u128_sub(&vb, &va, out, NULL);
  return dsnet__ok(err);
}

unsigned dsnet_family_bits(unsigned family) {
  return family == DSNET_FAMILY_IPV4 ? 32u : family == DSNET_FAMILY_IPV6 ? 128u : 0u;
}
