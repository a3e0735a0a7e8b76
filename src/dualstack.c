/* dsnet dualstack module: comma-separated lists of one CIDR or IP per family.
 * CIDR and IP lists share one implementation: an IP is handled as a prefix
 * of its family's full length. */
#include "dsnet/dualstack.h"

#include <stdio.h>

#include "fail.h"
#include "outbuf.h"
#include "utf8.h"
#include "values.h"

static const char *fam(unsigned f) {
  return f == DSNET_FAMILY_IPV4 ? "IPv4" : "IPv6";
}

/* Canonical text of entries, comma-separated, for messages. */
static void list_text(const dsnet_prefix *e, size_t n, int cidrs, char *buf, size_t cap) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n && used + DSNET_PREFIX_STRLEN + 1 < cap; i++) {
    if (i)
      buf[used++] = ',';
    used += cidrs ? dsnet_prefix_format(&e[i], buf + used, cap - used)
                  : dsnet_addr_format(&e[i].addr, buf + used, cap - used);
  }
}

static dsnet_status too_many(dsnet_error *err, size_t at, const char *what, const char *q,
                             size_t n) {
  return dsnet__fail(err, DSNET_ELIST_TOO_MANY, at,
                     "%s list %s has %zu entries: at most 2 are allowed, one per IP family "
                     "(Kubernetes: \"more than max allowed of 2\")",
                     what, q, n);
}

/* The list rules on parsed or hand-built entries. text/tlen quote the input
 * when there is one (NULL: format the entries). */
static dsnet_status check(const dsnet_prefix *e, size_t n, const size_t *off, int cidrs,
                          unsigned flags, const char *text, size_t tlen, dsnet_error *err) {
  const char *what = cidrs ? "CIDR" : "IP";
  char q[DSNET__QUOTE_CAP], t[DSNET__QUOTE_CAP], one[DSNET_PREFIX_STRLEN];
  if (text) {
    dsnet__quote(q, text, tlen);
  } else {
    char l[3 * DSNET_PREFIX_STRLEN];
    list_text(e, n < 3 ? n : 3, cidrs, l, sizeof l);
    dsnet__quote(q, l, strlen(l));
  }
  if (n == 0)
    return dsnet__fail(err, DSNET_ELIST_EMPTY, 0, "empty %s list: at least one %s is required",
                       what, what);
  if (n > 2)
    return too_many(err, 0, what, q, n);
  for (size_t i = 0; i < n; i++) {
    if (cidrs ? !dsnet_prefix_is_valid(&e[i]) : !dsnet__addr_valid(&e[i].addr))
      return dsnet__fail(err, DSNET_EINVAL, 0, "%s list entry %zu is not a valid value", what,
                         i + 1);
    if (dsnet_addr_is_ipv4_mapped(&e[i].addr)) {
      dsnet_addr v4;
      dsnet_addr_unmap(&e[i].addr, &v4);
      char a[DSNET_ADDR_STRLEN];
      dsnet_addr_format(&v4, a, sizeof a);
      if (cidrs && e[i].len >= 96)
        snprintf(one, sizeof one, "%s/%u", a, e[i].len - 96u);
      else
        snprintf(one, sizeof one, "%s", a);
      if (cidrs)
        dsnet_prefix_format(&e[i], t, sizeof t);
      else
        dsnet_addr_format(&e[i].addr, t, sizeof t);
      return dsnet__fail(err, DSNET_ELIST_MAPPED, off ? off[i] : 0,
                         "%s list %s: entry %zu (%s) is IPv4-mapped IPv6, of ambiguous family "
                         "(Kubernetes counts it as IPv4): write %s",
                         what, q, i + 1, t, one);
    }
  }
  if (n == 2 && e[0].addr.family == e[1].addr.family)
    return dsnet__fail(err, DSNET_ELIST_SAME_FAMILY, off ? off[1] : 0,
                       "%s list %s: both entries are %s; a dual-stack pair needs one IPv4 and one "
                       "IPv6 entry (Kubernetes: \"not configured as dual stack (at least one from "
                       "each IPFamily\")",
                       what, q, fam(e[0].addr.family));
  if (n == 1 && (flags & DSNET_DUALSTACK_REQUIRE_DUAL))
    return dsnet__fail(err, DSNET_ELIST_NOT_DUAL, text ? tlen : 0,
                       "%s list %s has only %s; a dual-stack pair of one IPv4 and one IPv6 entry "
                       "is required (e.g. %s)",
                       what, q, fam(e[0].addr.family),
                       cidrs ? "10.244.0.0/16,fc00::/48" : "10.240.0.4,2001:db8::4");
  return dsnet__ok(err);
}

/* The error of list entry n (0 first) at byte p that failed with st (sub):
 * its offset in the whole list, and a message naming the entry; a space
 * right after a ',' says that entries are not trimmed. */
static dsnet_status entry_error(const char *s, size_t len, const char *what, size_t n, size_t p,
                                int after_comma, dsnet_status st, const dsnet_error *sub,
                                dsnet_error *err) {
  char q[DSNET__QUOTE_CAP];
  size_t at = p + sub->offset;
  dsnet__quote(q, s, len);
  if (st == DSNET_EWHITESPACE && after_comma && sub->offset == 0)
    return dsnet__fail(err, st, at,
                       "%s list %s: whitespace at byte %zu after ','; list entries are not "
                       "trimmed (Kubernetes rejects this too): remove the space",
                       what, q, at);
  if (st == DSNET_EEMPTY)
    return dsnet__fail(err, st, at, "%s list %s: entry %zu is empty", what, q, n + 1);
  return dsnet__fail(err, st, at, "%s list %s: entry %zu (byte %zu): %s", what, q, n + 1, p,
                     sub->message);
}

static dsnet_status parse_list(const char *s, size_t len, unsigned flags, int cidrs,
                               dsnet_prefix e[2], size_t off[2], size_t *count, dsnet_error *err) {
  const char *what = cidrs ? "CIDR" : "IP";
  char q[DSNET__QUOTE_CAP];
  size_t start = 0, end = len;
  if (!s && len)
    return dsnet__fail(err, DSNET_EINVAL, 0, "NULL list");
  if (flags & DSNET_DUALSTACK_TRIM) { /* Go's strings.TrimSpace, UTF-8 decoded */
    size_t n = len;
    start = dsnet__go_trim_space(s, &n);
    end = start + n;
  }
  if (start == end)
    return check(e, 0, NULL, cidrs, flags, s, len, err);
  size_t n = 0;
  dsnet_prefix all[2];
  size_t alloff[2];
  for (size_t p = start;;) {
    const char *comma = memchr(s + p, ',', end - p);
    size_t elen = comma ? (size_t)(comma - (s + p)) : end - p;
    if (n == 2) { /* a third entry: count them all for the message */
      size_t total = 3;
      for (size_t i = p + elen; i < end; i++)
        total += s[i] == ',';
      return too_many(err, p, what, dsnet__quote(q, s + start, end - start), total);
    }
    dsnet_error sub;
    dsnet_status st;
    if (cidrs) {
      st = dsnet_prefix_parse(s + p, elen, flags & 0xffu, &all[n], &sub);
    } else {
      st = dsnet_addr_parse(s + p, elen, flags & 0xffu, &all[n].addr, &sub);
      if (st == DSNET_OK)
        all[n].len = (uint8_t)dsnet_family_bits(all[n].addr.family);
    }
    if (st != DSNET_OK)
      return entry_error(s, len, what, n, p, p > start && elen > 0, st, &sub, err);
    alloff[n++] = p;
    if (!comma)
      break;
    p += elen + 1;
  }
  dsnet_status st = check(all, n, alloff, cidrs, flags, s + start, end - start, err);
  if (st != DSNET_OK) {
    if (err && st == DSNET_ELIST_NOT_DUAL)
      err->offset = end;
    return st;
  }
  for (size_t i = 0; i < n; i++) {
    e[i] = all[i];
    off[i] = alloff[i];
  }
  *count = n;
  return DSNET_OK;
}

dsnet_status dsnet_dualstack_parse_cidrs(const char *s, size_t len, unsigned flags,
                                         dsnet_dualstack_cidrs *out, dsnet_error *err) {
  if (!out)
    return dsnet__fail(err, DSNET_EINVAL, 0, "dsnet_dualstack_parse_cidrs: NULL out");
  dsnet_prefix e[2] = {{{0, 0, 0}, 0}, {{0, 0, 0}, 0}};
  size_t off[2] = {0, 0}, n = 0;
  dsnet_status st = parse_list(s, len, flags, 1, e, off, &n, err);
  if (st != DSNET_OK)
    return st;
  for (size_t i = 0; i < n; i++) {
    out->cidr[i] = e[i];
    out->offset[i] = off[i];
  }
  out->count = n;
  return DSNET_OK;
}

dsnet_status dsnet_dualstack_parse_ips(const char *s, size_t len, unsigned flags,
                                       dsnet_dualstack_ips *out, dsnet_error *err) {
  if (!out)
    return dsnet__fail(err, DSNET_EINVAL, 0, "dsnet_dualstack_parse_ips: NULL out");
  dsnet_prefix e[2] = {{{0, 0, 0}, 0}, {{0, 0, 0}, 0}};
  size_t off[2] = {0, 0}, n = 0;
  dsnet_status st =
      parse_list(s, len, flags & ~(unsigned)DSNET_PARSE_MASK_HOST, 0, e, off, &n, err);
  if (st != DSNET_OK)
    return st;
  for (size_t i = 0; i < n; i++) {
    out->ip[i] = e[i].addr;
    out->offset[i] = off[i];
  }
  out->count = n;
  return DSNET_OK;
}

dsnet_status dsnet_dualstack_validate_cidrs(const dsnet_dualstack_cidrs *l, unsigned flags,
                                            dsnet_error *err) {
  if (l->count > 2)
    return too_many(err, 0, "CIDR", "(hand-built)", l->count);
  return check(l->cidr, l->count, NULL, 1, flags, NULL, 0, err);
}

dsnet_status dsnet_dualstack_validate_ips(const dsnet_dualstack_ips *l, unsigned flags,
                                          dsnet_error *err) {
  if (l->count > 2)
    return too_many(err, 0, "IP", "(hand-built)", l->count);
  dsnet_prefix e[2];
  for (size_t i = 0; i < l->count; i++) {
    e[i].addr = l->ip[i];
    e[i].len = (uint8_t)dsnet_family_bits(l->ip[i].family);
  }
  return check(e, l->count, NULL, 0, flags, NULL, 0, err);
}

int dsnet_dualstack_cidrs_find(const dsnet_dualstack_cidrs *l, unsigned family) {
  for (size_t i = 0; i < l->count && i < 2; i++)
    if (l->cidr[i].addr.family == family)
      return (int)i;
  return -1;
}

int dsnet_dualstack_ips_find(const dsnet_dualstack_ips *l, unsigned family) {
  for (size_t i = 0; i < l->count && i < 2; i++)
    if (l->ip[i].family == family)
      return (int)i;
  return -1;
}

size_t dsnet_dualstack_format_cidrs(const dsnet_dualstack_cidrs *l, char *buf, size_t cap) {
  char tmp[DSNET_DUALSTACK_STRLEN];
  list_text(l->cidr, l->count < 2 ? l->count : 2, 1, tmp, sizeof tmp);
  return dsnet__emit(tmp, strlen(tmp), buf, cap);
}

size_t dsnet_dualstack_format_ips(const dsnet_dualstack_ips *l, char *buf, size_t cap) {
  dsnet_prefix e[2];
  size_t n = l->count < 2 ? l->count : 2;
  for (size_t i = 0; i < n; i++)
    e[i].addr = l->ip[i];
  char tmp[DSNET_DUALSTACK_STRLEN];
  list_text(e, n, 0, tmp, sizeof tmp);
  return dsnet__emit(tmp, strlen(tmp), buf, cap);
}
