/* The text layer's reference parsers: address and prefix text to values
 * in a single forward scan with no backtracking and no allocation, with
 * the status code, byte offset and message of every rejection. Strict and
 * sloppy grammars share them: the sloppy one only relaxes the leading-zero
 * rules (see DSNET_PARSE_SLOPPY). The fast paths of every level are checked
 * against these. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../fail.h"
#include "../values.h"
#include "text.h"

static const uint8_t hex_value[256]; /* defined below, with the entry point */

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Classify the byte at s[p] that ends or breaks an address and fail with the
 * matching status: whitespace, zone, trailing bytes (when the text before p
 * already is a complete address) or a bad character. `what` names the
 * object being parsed ("IPv4 address", "prefix", ...). */
static dsnet_status bad_byte(const char *s, size_t len, size_t p, int complete, const char *what,
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
/* One IPv4 part at s[*pp..): decimal, not empty, no leading zero (unless
 * sloppy), at most 255. what names the address being parsed. */
static dsnet_status v4_part(const char *s, size_t len, size_t *pp, unsigned flags, const char *what,
                            unsigned *out, dsnet_error *err) {
  char q[DSNET__QUOTE_CAP], b[DSNET__QUOTE_CAP];
  size_t p = *pp, start = p;
  unsigned val = 0;
  while (p < len && s[p] >= '0' && s[p] <= '9') {
    val = val * 10 + (unsigned)(s[p] - '0');
    if (val > 1000)
      val = 1000; /* saturate: any value past 255 is already out of range */
    p++;
  }
  if (p == start) {
    if (p == len || s[p] == '.')
      return dsnet__fail(err, DSNET_EV4_EMPTY_PART, p, "invalid %s %s: empty IPv4 part at byte %zu",
                         what, dsnet__quote(q, s, len), p);
    return bad_byte(s, len, p, 0, what, err);
  }
  if (!(flags & DSNET_PARSE_SLOPPY) && p - start > 1 && s[start] == '0')
    return dsnet__fail(err, DSNET_EV4_LEADING_ZERO, start,
                       "invalid %s %s: IPv4 part %s has a leading zero", what,
                       dsnet__quote(q, s, len), dsnet__quote(b, s + start, p - start));
  if (val > 255)
    return dsnet__fail(err, DSNET_EV4_PART_RANGE, start,
                       "invalid %s %s: IPv4 part %s is greater than 255", what,
                       dsnet__quote(q, s, len), dsnet__quote(b, s + start, p - start));
  *pp = p;
  *out = val;
  return DSNET_OK;
}

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
        return bad_byte(s, len, p, 0, what, err);
      p++;
    }
    size_t start = p;
    unsigned val = 0;
    dsnet_status st = v4_part(s, len, &p, flags, what, &val, err);
    if (st != DSNET_OK)
      return st;
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
    return bad_byte(s, len, p, 1, what, err);
  }
  *pp = p;
  *out = v;
  return DSNET_OK;
}

/* The IPv6 reference parser's state: the groups read so far, where they
 * start, where "::" stands. */
typedef struct v6_scan {
  const char *s;
  size_t len, p; /* the text, the next byte */
  unsigned flags;
  uint16_t g[8];
  size_t goff[8];
  int ng;
  int ellipsis;   /* group index where "::" stands, -1 for none */
  size_t ell_off; /* its byte offset */
  size_t v4offs[4];
} v6_scan;

static const char *const v6_what = "IPv6 address";

static dsnet_status v6_fail(const v6_scan *v, dsnet_error *err, dsnet_status code, size_t off,
                            const char *detail) {
  char q[DSNET__QUOTE_CAP];
  return dsnet__fail(err, code, off, "invalid %s %s: %s", v6_what, dsnet__quote(q, v->s, v->len),
                     detail);
}

/* A leading "::" (or the error of a single ':' or ":::"). */
static dsnet_status v6_leading(v6_scan *v, dsnet_error *err) {
  char d[64];
  if (v->len >= 2 && v->s[0] == ':' && v->s[1] == ':') {
    v->ellipsis = 0;
    v->p = 2;
    if (v->p < v->len && v->s[v->p] == ':') {
      snprintf(d, sizeof d, "':::' at byte %zu", v->p);
      return v6_fail(v, err, DSNET_EV6_BAD_COLON, v->p, d);
    }
  } else if (v->len >= 1 && v->s[0] == ':') {
    return v6_fail(v, err, DSNET_EV6_BAD_COLON, 0, "single leading ':'");
  }
  return DSNET_OK;
}

/* An embedded dotted IPv4 at start: it must fill the last 32 bits. */
static dsnet_status v6_embedded_v4(v6_scan *v, size_t start, int want_offs, dsnet_error *err) {
  char d[96];
  uint32_t v4 = 0;
  if (v->ng + 2 > 8 || (v->ellipsis >= 0 && v->ng + 2 == 8)) {
    snprintf(d, sizeof d, "too many groups before the embedded IPv4 at byte %zu", start);
    return v6_fail(v, err, DSNET_EV6_TOO_MANY_GROUPS, start, d);
  }
  if (v->ellipsis < 0 && v->ng != 6) {
    snprintf(d, sizeof d, "%d groups before the embedded IPv4 at byte %zu, need 6 or '::'", v->ng,
             start);
    return v6_fail(v, err, DSNET_EV6_TOO_FEW_GROUPS, start, d);
  }
  v->p = start;
  dsnet_status st =
      parse_v4(v->s, v->len, &v->p, v->flags, 1, &v4, want_offs ? v->v4offs : NULL, err);
  if (st != DSNET_OK)
    return st;
  v->g[v->ng] = (uint16_t)(v4 >> 16);
  v->goff[v->ng++] = start;
  v->g[v->ng] = (uint16_t)v4;
  v->goff[v->ng++] = start;
  return DSNET_OK;
}

/* The separator after a group: the end, ':' or "::". *done at the end. */
static dsnet_status v6_separator(v6_scan *v, bool *done, dsnet_error *err) {
  char d[64];
  if (v->p == v->len) {
    *done = true;
    return DSNET_OK;
  }
  if (v->s[v->p] != ':')
    return bad_byte(v->s, v->len, v->p, v->ng == 8 || v->ellipsis >= 0, v6_what, err);
  v->p++;
  if (v->p == v->len)
    return v6_fail(v, err, DSNET_EV6_BAD_COLON, v->p - 1, "single trailing ':'");
  if (v->s[v->p] != ':')
    return DSNET_OK;
  if (v->ellipsis >= 0) {
    snprintf(d, sizeof d, "second '::' at byte %zu", v->p - 1);
    return v6_fail(v, err, DSNET_EV6_MULTIPLE_ELLIPSIS, v->p - 1, d);
  }
  v->ellipsis = v->ng;
  v->ell_off = v->p - 1;
  v->p++;
  if (v->p < v->len && v->s[v->p] == ':') {
    snprintf(d, sizeof d, "':::' at byte %zu", v->p);
    return v6_fail(v, err, DSNET_EV6_BAD_COLON, v->p, d);
  }
  return DSNET_OK;
}

/* One group (or the embedded IPv4 that ends the text) and what follows it. */
static dsnet_status v6_group(v6_scan *v, int want_offs, bool *done, dsnet_error *err) {
  size_t start = v->p;
  unsigned val = 0;
  while (v->p < v->len) {
    int h = hex_value[(unsigned char)v->s[v->p]];
    if (h > 15)
      break;
    val = (val << 4) | (unsigned)h;
    if (val > 0xfffffu)
      val = 0xfffffu; /* saturate past ffff */
    v->p++;
  }
  if (v->p < v->len && v->s[v->p] == '.') {
    *done = true;
    return v6_embedded_v4(v, start, want_offs, err);
  }
  if (v->p == start) /* no group where one is required; right after "::" the text so far is
                      * a complete address (a ':' cannot be here: colons are consumed) */
    return bad_byte(v->s, v->len, v->p, v->ellipsis >= 0 && v->ell_off + 2 == v->p, v6_what, err);
  if (val > 0xffffu ||
      (v->p - start > 4 && !(v->flags & (DSNET_PARSE_SLOPPY | DSNET_PARSE_GO_NET)))) {
    char b[DSNET__QUOTE_CAP], d[DSNET__QUOTE_CAP + 48];
    snprintf(d, sizeof d, "group %s has more than 4 hex digits",
             dsnet__quote(b, v->s + start, v->p - start));
    return v6_fail(v, err, DSNET_EV6_GROUP_TOO_LONG, start, d);
  }
  if (v->ng == 8)
    return v6_fail(v, err, DSNET_EV6_TOO_MANY_GROUPS, start, "more than 8 groups");
  v->g[v->ng] = (uint16_t)val;
  v->goff[v->ng++] = start;
  return v6_separator(v, done, err);
}

/* The 8 groups, "::" expanded, as the address; offs as for the parser. */
static void v6_finish(const v6_scan *v, dsnet_addr *out, size_t *offs) {
  uint16_t full[8] = {0};
  size_t fulloff[8];
  int fill = v->ellipsis >= 0 ? 8 - v->ng : 0, at = v->ellipsis >= 0 ? v->ellipsis : 8;
  for (int i = 0; i < 8; i++)
    fulloff[i] = v->ell_off; /* the groups "::" stands for */
  for (int i = 0; i < v->ng; i++) {
    int k = i < at ? i : i + fill;
    full[k] = v->g[i];
    fulloff[k] = v->goff[i];
  }
  if (offs) {
    for (int i = 0; i < 8; i++)
      offs[2 * (size_t)i] = offs[2 * (size_t)i + 1] = fulloff[i];
    /* An embedded IPv4 is always last: point at its parts, not its start. */
    if (v->ng >= 2 && v->p == v->len && memchr(v->s, '.', v->len))
      for (int i = 0; i < 4; i++)
        offs[12 + i] = v->v4offs[i];
  }
  out->family = DSNET_FAMILY_IPV6;
  out->hi =
      ((uint64_t)full[0] << 48) | ((uint64_t)full[1] << 32) | ((uint64_t)full[2] << 16) | full[3];
  out->lo =
      ((uint64_t)full[4] << 48) | ((uint64_t)full[5] << 32) | ((uint64_t)full[6] << 16) | full[7];
}

static dsnet_status parse_v6(const char *s, size_t len, unsigned flags, dsnet_addr *out,
                             size_t *offs, dsnet_error *err) {
  v6_scan v;
  memset(&v, 0, sizeof v);
  v.s = s;
  v.len = len;
  v.flags = flags;
  v.ellipsis = -1;
  dsnet_status st = v6_leading(&v, err);
  bool done = false;
  while (st == DSNET_OK && !done && v.p < len)
    st = v6_group(&v, offs != NULL, &done, err);
  if (st != DSNET_OK)
    return st;
  char d[64];
  if (v.ellipsis < 0 && v.ng < 8) {
    snprintf(d, sizeof d, "%d of 8 groups and no '::'", v.ng);
    return v6_fail(&v, err, DSNET_EV6_TOO_FEW_GROUPS, len, d);
  }
  if (v.ellipsis >= 0 && v.ng == 8) {
    snprintf(d, sizeof d, "'::' at byte %zu stands for no group", v.ell_off);
    return v6_fail(&v, err, DSNET_EV6_TOO_MANY_GROUPS, v.ell_off, d);
  }
  v6_finish(&v, out, offs);
  return DSNET_OK;
}

/* ---- the reference address parser's entry ------------------------------------ */

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

/* ---- the reference prefix parser ------------------------------------------------ */

/* Byte i (0 first, in network order) of a valid address. */
static uint8_t addr_byte(const dsnet_addr *a, unsigned i) {
  if (a->family == DSNET_FAMILY_IPV4)
    return (uint8_t)(a->lo >> (24 - 8 * i));
  return (uint8_t)((i < 8 ? a->hi : a->lo) >> (56 - 8 * (i & 7)));
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
      unsigned keep = plen > i * 8 ? plen - i * 8 : 0; /* network bits in this byte */
      uint8_t hostmask = (uint8_t)(0xffu >> keep);
      if (addr_byte(a, i) & hostmask)
        return offs[i];
    }
  }
  return 0;
}

/* The length after the '/' at s[p..len) of a prefix of family bits wide:
 * decimal, no sign, no leading zero (unless sloppy), at most bits. */
static dsnet_status prefix_length(const char *s, size_t len, size_t p, unsigned flags,
                                  const dsnet_addr *a, unsigned *out, dsnet_error *err) {
  char q[DSNET__QUOTE_CAP];
  if (p == len)
    return dsnet__fail(err, DSNET_EPREFIX_LEN_EMPTY, p, "invalid prefix %s: empty length after '/'",
                       dsnet__quote(q, s, len));
  if (s[p] == '+' || s[p] == '-')
    return dsnet__fail(err, DSNET_EPREFIX_LEN_SIGN, p,
                       "invalid prefix %s: length must not have a sign", dsnet__quote(q, s, len));
  unsigned v = 0, bits = dsnet__bits(a->family);
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
  if (!(flags & (DSNET_PARSE_SLOPPY | DSNET_PARSE_GO_NET)) && len - p > 1 && s[p] == '0')
    return dsnet__fail(err, DSNET_EPREFIX_LEN_LEADING_ZERO, p,
                       "invalid prefix %s: length has a leading zero", dsnet__quote(q, s, len));
  if (v > bits) {
    char b[DSNET__QUOTE_CAP];
    return dsnet__fail(err, DSNET_EPREFIX_LEN_RANGE, p,
                       "invalid prefix %s: length %s is greater than %u for %s",
                       dsnet__quote(q, s, len), dsnet__quote(b, s + p, len - p), bits,
                       a->family == DSNET_FAMILY_IPV4 ? "IPv4" : "IPv6");
  }
  *out = v;
  return DSNET_OK;
}

dsnet_status dsnet__prefix_parse_ref(const char *s, size_t len, unsigned flags, dsnet_prefix *out,
                                     dsnet_error *err) {
  char q[DSNET__QUOTE_CAP];
  const char *slash = len ? memchr(s, '/', len) : NULL;
  size_t alen = slash ? (size_t)(slash - s) : len;
  dsnet_addr a;
  unsigned v = 0;
  dsnet_status st = dsnet__addr_parse(s, alen, flags, &a, NULL, err);
  if (st != DSNET_OK)
    return st;
  if (!slash)
    return dsnet__fail(err, DSNET_EPREFIX_NO_LENGTH, len, "invalid prefix %s: no /length",
                       dsnet__quote(q, s, len));
  if ((st = prefix_length(s, len, alen + 1, flags, &a, &v, err)) != DSNET_OK)
    return st;
  uint64_t mh, ml;
  dsnet__mask(a.family, v, &mh, &ml);
  if (((a.hi & ~mh) | (a.lo & ~ml)) != 0 && !(flags & DSNET_PARSE_MASK_HOST)) {
    dsnet_prefix m = {{a.hi & mh, a.lo & ml, a.family}, (uint8_t)v};
    char t[DSNET_PREFIX_STRLEN];
    t[dsnet__prefix_text(&m, t)] = '\0';
    return dsnet__fail(err, DSNET_EPREFIX_HOST_BITS, host_bit_offset(s, alen, flags, &a, v),
                       "invalid prefix %s: host bits set beyond /%u (did you mean %s?)",
                       dsnet__quote(q, s, len), v, t);
  }
  out->addr.family = a.family;
  out->addr.hi = a.hi & mh;
  out->addr.lo = a.lo & ml;
  out->len = (uint8_t)v;
  return dsnet__ok(err);
}
