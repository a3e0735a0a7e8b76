/* dsnet addr module: the address value type. Parsing and formatting are
 * the text layer's (src/text/); the entry points here check their
 * arguments and hand over, by tail calls on the parse path. */
#include "dsnet/addr.h"

#include <string.h>

#include "fail.h"
#include "outbuf.h"
#include "text/dispatch.h"
#include "values.h"

/* ---- text ---------------------------------------------------------------------- */

dsnet_status dsnet_addr_parse(const char *s, size_t len, unsigned flags, dsnet_addr *out,
                              dsnet_error *err) {
  if (!out || (!s && len))
    return dsnet__fail(err, DSNET_EINVAL, 0, "dsnet_addr_parse: NULL argument");
  return dsnet__addr_parse_inline(s, len, flags, out, err); /* one indirect jump */
}

static size_t format(const dsnet_addr *a, int full, char *buf, size_t cap) {
  if (!dsnet__addr_valid(a))
    return dsnet__emit("", 0, buf, cap);
  return dsnet__addr_format_inline(a, full, buf, cap);
}

size_t dsnet_addr_format(const dsnet_addr *a, char *buf, size_t cap) {
  return format(a, 0, buf, cap);
}

size_t dsnet_addr_format_full(const dsnet_addr *a, char *buf, size_t cap) {
  return format(a, 1, buf, cap);
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
