/* dsnet error module: status names, descriptions and the error record. */
#include "dsnet/error.h"

#include <stdio.h>
#include <stdarg.h>
#include <string.h>

#include "fail.h"
#include "utf8.h"

/* One row per status: value, stable snake_case name, description. The names
 * are a public contract (JSON "code" fields), so rows are only ever added. */
#define DSNET_STATUS_TABLE(X)                                                                      \
  X(DSNET_OK, "ok", "success")                                                                     \
  X(DSNET_EINVAL, "inval", "invalid argument")                                                     \
  X(DSNET_ENOBUFS, "nobufs", "output array too small")                                             \
  X(DSNET_ERANGE, "range", "index or offset out of range")                                         \
  X(DSNET_EOVERFLOW, "overflow", "result does not fit")                                            \
  X(DSNET_ENOMEM, "nomem", "out of memory")                                                        \
  X(DSNET_EFAMILY, "family", "wrong or mismatched address family")                                 \
  X(DSNET_EEMPTY, "empty", "empty input")                                                          \
  X(DSNET_EWHITESPACE, "whitespace", "whitespace in input")                                        \
  X(DSNET_EBADCHAR, "badchar", "unexpected character")                                             \
  X(DSNET_EZONE, "zone", "IPv6 zone not allowed")                                                  \
  X(DSNET_ETRAILING, "trailing", "trailing bytes after the address")                               \
  X(DSNET_EV4_LEADING_ZERO, "v4_leading_zero", "IPv4 part has a leading zero")                     \
  X(DSNET_EV4_PART_RANGE, "v4_part_range", "IPv4 part greater than 255")                           \
  X(DSNET_EV4_EMPTY_PART, "v4_empty_part", "empty IPv4 part")                                      \
  X(DSNET_EV4_TOO_FEW_PARTS, "v4_too_few_parts", "IPv4 address has fewer than 4 parts")            \
  X(DSNET_EV4_TOO_MANY_PARTS, "v4_too_many_parts", "IPv4 address has more than 4 parts")           \
  X(DSNET_EV6_GROUP_TOO_LONG, "v6_group_too_long", "IPv6 group longer than 4 hex digits")          \
  X(DSNET_EV6_MULTIPLE_ELLIPSIS, "v6_multiple_ellipsis", "'::' used more than once")               \
  X(DSNET_EV6_TOO_MANY_GROUPS, "v6_too_many_groups", "IPv6 address has too many groups")           \
  X(DSNET_EV6_TOO_FEW_GROUPS, "v6_too_few_groups", "IPv6 address has too few groups")              \
  X(DSNET_EV6_BAD_COLON, "v6_bad_colon", "misplaced colon in IPv6 address")                        \
  X(DSNET_EV6_EMBEDDED_V4, "v6_embedded_v4", "embedded IPv4 not in the last 32 bits")              \
  X(DSNET_EPREFIX_NO_LENGTH, "prefix_no_length", "prefix has no /length")                          \
  X(DSNET_EPREFIX_LEN_EMPTY, "prefix_len_empty", "prefix length is empty")                         \
  X(DSNET_EPREFIX_LEN_SIGN, "prefix_len_sign", "prefix length has a sign")                         \
  X(DSNET_EPREFIX_LEN_LEADING_ZERO, "prefix_len_leading_zero", "prefix length has a leading zero") \
  X(DSNET_EPREFIX_LEN_BADCHAR, "prefix_len_badchar", "prefix length is not a decimal number")      \
  X(DSNET_EPREFIX_LEN_RANGE, "prefix_len_range", "prefix length out of range for the family")      \
  X(DSNET_EPREFIX_HOST_BITS, "prefix_host_bits", "host bits set beyond the prefix length")         \
  X(DSNET_ENUM_BADCHAR, "num_badchar", "not a decimal number")                                     \
  X(DSNET_ENEWLEN, "newlen", "new prefix length out of range")                                     \
  X(DSNET_ENOT_CONTAINED, "not_contained", "not inside the containing prefix")                     \
  X(DSNET_EBAD_RANGE, "bad_range", "first address after last address")                             \
  X(DSNET_ELIST_EMPTY, "list_empty", "empty list")                                                 \
  X(DSNET_ELIST_TOO_MANY, "list_too_many", "more than two entries (one per IP family)")            \
  X(DSNET_ELIST_SAME_FAMILY, "list_same_family", "two entries of the same IP family")              \
  X(DSNET_ELIST_MAPPED, "list_mapped", "IPv4-mapped IPv6 entry (ambiguous family)")                \
  X(DSNET_ELIST_NOT_DUAL, "list_not_dual", "dual-stack pair required")                             \
  X(DSNET_ENODE_MASK_RANGE, "node_mask_range", "node mask longer than the family's bits")          \
  X(DSNET_ENODE_MASK_SHORT, "node_mask_short", "node mask shorter than the cluster prefix")        \
  X(DSNET_ENODE_MASK_DIFF, "node_mask_diff",                                                       \
    "node mask more than 16 bits longer than the cluster prefix")                                  \
  X(DSNET_EMASK_FLAGS, "mask_flags", "node mask flags not allowed together")                       \
  X(DSNET_EFULL, "full", "no node CIDR left to allocate")                                          \
  X(DSNET_EMAX_PODS, "max_pods", "max pods larger than the usable pod addresses of a node")        \
  X(DSNET_ENODE_CIDR_LEN, "node_cidr_len", "podCIDR length is not the node mask")                  \
  X(DSNET_ENODE_TOO_SMALL, "node_too_small", "node podCIDR too small to allocate pods from")       \
  X(DSNET_ENODE_CIDR_MAPPED, "node_cidr_mapped", "node CIDRs inside ::ffff:0:0/96")                \
  X(DSNET_ENODE_CIDR_COUNT, "node_cidr_count", "2^32 node CIDRs: more than a CIDR set can track")  \
  X(DSNET_ESERVICE_INVALID, "service_invalid", "invalid Service")                                  \
  X(DSNET_ESERVICE_RANGE_LARGE, "service_range_large", "service range too large")                  \
  X(DSNET_ESERVICE_RANGE_SMALL, "service_range_small", "service range smaller than 8 addresses")   \
  X(DSNET_EPLAN_INVALID, "plan_invalid", "the cluster network plan has errors")                    \
  X(DSNET_ECONFIG_SYNTAX, "config_syntax", "config file is not YAML or JSON")                      \
  X(DSNET_ECONFIG_LIMIT, "config_limit", "config file passes a reader limit")                      \
  X(DSNET_ECONFIG_KIND, "config_kind", "config document of an unknown apiVersion or kind")         \
  X(DSNET_ECONFIG_INVALID, "config_invalid", "config field of the wrong type")

const char *dsnet_strerror(dsnet_status code) {
  switch (code) {
#define X(c, n, d)                                                                                 \
  case c:                                                                                          \
    return d;
    DSNET_STATUS_TABLE(X)
#undef X
  }
  return "unknown error";
}

const char *dsnet_status_name(dsnet_status code) {
  switch (code) {
#define X(c, n, d)                                                                                 \
  case c:                                                                                          \
    return n;
    DSNET_STATUS_TABLE(X)
#undef X
  }
  return "unknown";
}

void dsnet_error_clear(dsnet_error *err) {
  if (err)
    dsnet__clear(err);
}

dsnet_status dsnet__ok(dsnet_error *err) {
  dsnet_error_clear(err);
  return DSNET_OK;
}

dsnet_status dsnet__fail(dsnet_error *err, dsnet_status code, size_t offset, const char *fmt, ...) {
  if (err) {
    va_list ap;
    err->code = code;
    err->offset = offset;
    va_start(ap, fmt);
    int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    if (n < 0)
      err->message[0] = '\0';
  }
  return code;
}

const char *dsnet__quote(char dst[DSNET__QUOTE_CAP], const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  size_t n = len > DSNET_ERROR_QUOTE_MAX ? DSNET_ERROR_QUOTE_MAX : len;
  char *p = dst;
  *p++ = '"';
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      *p++ = '\\';
      *p++ = (char)c;
    } else if (c < 0x20 || c > 0x7e) {
      *p++ = '\\';
      *p++ = 'x';
      *p++ = hex[c >> 4];
      *p++ = hex[c & 15];
    } else {
      *p++ = (char)c;
    }
  }
  if (n < len) {
    memcpy(p, "...", 3);
    p += 3;
  }
  *p++ = '"';
  *p = '\0';
  return dst;
}

/* encoding/json's quoting of a string (HTML-safe, as json.Marshal): the
 * escapes \" \\ \b \f \n \r \t, \u00XX for other control bytes and for
 * < > &, \u2028 and \u2029, and \ufffd for each byte that is not valid
 * UTF-8; cut like dsnet__quote. */
const char *dsnet__json_quote(char dst[DSNET__JSON_QUOTE_CAP], const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  size_t n = len > DSNET_ERROR_QUOTE_MAX ? DSNET_ERROR_QUOTE_MAX : len, o = 0;
  dst[o++] = '"';
  for (size_t i = 0; i < n;) {
    unsigned c = p[i];
    const char *esc = c == '"'    ? "\\\""
                      : c == '\\' ? "\\\\"
                      : c == '\b' ? "\\b"
                      : c == '\f' ? "\\f"
                      : c == '\n' ? "\\n"
                      : c == '\r' ? "\\r"
                      : c == '\t' ? "\\t"
                                  : NULL;
    if (esc) {
      memcpy(dst + o, esc, 2);
      o += 2;
      i++;
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      memcpy(dst + o, "\\u00", 4);
      dst[o + 4] = hex[c >> 4];
      dst[o + 5] = hex[c & 15];
      o += 6;
      i++;
    } else if (c < 0x80) {
      dst[o++] = (char)c;
      i++;
    } else {
      size_t k = dsnet__utf8_len(p + i, n - i);
      unsigned cp = k ? dsnet__utf8_cp(p + i, k) : 0;
      if (k == 0 || cp == 0x2028 || cp == 0x2029) {
        memcpy(dst + o, k ? (cp == 0x2028 ? "\\u2028" : "\\u2029") : "\\ufffd", 6);
        o += 6;
        i += k ? k : 1;
      } else {
        memcpy(dst + o, p + i, k);
        o += k;
        i += k;
      }
    }
  }
  if (n < len) {
    memcpy(dst + o, "...", 3);
    o += 3;
  }
  dst[o++] = '"';
  dst[o] = '\0';
  return dst;
}
