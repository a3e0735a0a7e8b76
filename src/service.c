/* dsnet service module: service ranges, indexed service IPs, and the
 * Service family rules of kube-apiserver (ValidateService's
 * ValidateServiceClusterIPsRelatedFields, then initIPFamilyFields and the IP
 * allocators on create). Field errors are formatted as apimachinery's
 * field.Error: "<type>: <value>: <detail>", values as Go's %q / %#v. */
#include "dsnet/service.h"

#include <stdarg.h>
#include <stdio.h>

#include "fail.h"
#include "findings.h"
#include "service_rules.h"
#include "sv.h"
#include "values.h"

dsnet_status dsnet_service_indexed_ip(const dsnet_prefix *range, uint64_t index, dsnet_addr *out,
                                      dsnet_error *err) {
  dsnet_u128 i;
  dsnet_u128_from_u64(index, &i);
  if (!dsnet_prefix_is_valid(range))
    return dsnet__fail(err, DSNET_EINVAL, 0, "invalid service range value");
  if (dsnet_prefix_nth(range, &i, out, NULL) != DSNET_OK) {
    char t[DSNET_PREFIX_STRLEN];
    dsnet_prefix_format(range, t, sizeof t);
    return dsnet__fail(err, DSNET_ERANGE, 0,
                       "can't generate IP with index %llu from subnet. subnet too small. subnet: "
                       "\"%s\"",
                       (unsigned long long)index, t);
  }
  return dsnet__ok(err);
}

dsnet_status dsnet_service_apiserver_ip(const dsnet_prefix *range, dsnet_addr *out,
                                        dsnet_error *err) {
  return dsnet_service_indexed_ip(range, DSNET_SERVICE_APISERVER_INDEX, out, err);
}

dsnet_status dsnet_service_dns_ip(const dsnet_prefix *range, dsnet_addr *out, dsnet_error *err) {
  return dsnet_service_indexed_ip(range, DSNET_SERVICE_DNS_INDEX, out, err);
}

/* ---- service ranges (service_rules.h) ------------------------------------------ */

static const dsnet__rule range_large = {"service_range_too_large", DSNET__ERROR,
                                        DSNET_ESERVICE_RANGE_LARGE, 0};
static const dsnet__rule range_small = {"service_range_too_small", DSNET__ERROR,
                                        DSNET_ESERVICE_RANGE_SMALL, 0};

void dsnet__check_service_range(dsnet__sink *s, const dsnet_prefix *r, size_t index,
                                const dsnet_k8s_rules *k8s, const char *field) {
  char t[DSNET_PREFIX_STRLEN];
  unsigned bits = dsnet__bits(r->addr.family), host = bits - r->len;
  unsigned max = k8s->service_max_host_bits;
  dsnet_prefix_format(r, t, sizeof t);
  if (max && host > max)
    dsnet__report_at(s, &range_large, field, index,
                     "specified %s is too large; for %u-bit addresses, the mask must be >= %u "
                     "(kube-apiserver 1.%u allows at most %u host bits per service range)",
                     t, bits, bits - max, k8s->minor, max);
  if (index == 0 && host < 3)
    dsnet__report(s, &range_small, field,
                  "the service cluster IP range must be at least 8 IP addresses: %s has %u", t,
                  1u << host);
  else if (index == 0 && host >= bits - 1) /* RangeSize gives 0 for /0 and /1 ("unsupported") */
    dsnet__report(s, &range_small, field,
                  "the service cluster IP range must be at least 8 IP addresses: "
                  "kube-apiserver counts 0 in %s (a /0 or /1 range is unsupported)",
                  t);
}

unsigned dsnet__service_ip_position(const dsnet_prefix *range, const dsnet_addr *ip) {
  dsnet_addr first, last, api;
  if (!dsnet_prefix_contains_addr(range, ip))
    return DSNET__SERVICE_IP_OUTSIDE;
  dsnet_prefix_first(range, &first);
  dsnet_prefix_last(range, &last);
  unsigned pos = 0;
  if (dsnet_addr_equal(ip, &first))
    pos |= DSNET__SERVICE_IP_NETWORK;
  if (dsnet_service_apiserver_ip(range, &api, NULL) == DSNET_OK && dsnet_addr_equal(ip, &api))
    pos |= DSNET__SERVICE_IP_APISERVER;
  if (ip->family == DSNET_FAMILY_IPV4 && dsnet_addr_equal(ip, &last))
    pos |= DSNET__SERVICE_IP_LAST;
  return pos;
}

dsnet_status dsnet_service_validate_ranges(const dsnet_dualstack_cidrs *ranges, unsigned k8s_minor,
                                           dsnet_error *err) {
  dsnet_k8s_rules k8s;
  dsnet_k8s_rules_of(k8s_minor, &k8s);
  return dsnet_service_validate_ranges_with(ranges, &k8s, err);
}

dsnet_status dsnet_service_validate_ranges_with(const dsnet_dualstack_cidrs *ranges,
                                                const dsnet_k8s_rules *k8s, dsnet_error *err) {
  if (!k8s)
    return dsnet__fail(err, DSNET_EINVAL, 0, "service ranges: NULL rules");
  dsnet_status st = dsnet_dualstack_validate_cidrs(ranges, 0, err);
  if (st != DSNET_OK)
    return st;
  dsnet__first_sink fs;
  dsnet__first_sink_init(&fs, err);
  for (size_t i = 0; i < ranges->count && fs.status == DSNET_OK; i++)
    dsnet__check_service_range(&fs.sink, &ranges->cidr[i], i, k8s, "--service-cluster-ip-range");
  return dsnet__first_sink_end(&fs);
}

const char *dsnet_service_policy_name(dsnet_service_policy policy) {
  switch (policy) {
  case DSNET_SERVICE_POLICY_SINGLE_STACK:
    return "SingleStack";
  case DSNET_SERVICE_POLICY_PREFER_DUAL_STACK:
    return "PreferDualStack";
  case DSNET_SERVICE_POLICY_REQUIRE_DUAL_STACK:
    return "RequireDualStack";
  case DSNET_SERVICE_POLICY_UNSET:
    break;
  }
  return "";
}

/* ---- Service field errors ------------------------------------------------------ */

/* Every field error of a Service: its field path says what it is. */
static const dsnet__rule field_error = {NULL, DSNET__ERROR, DSNET_ESERVICE_INVALID, 0};

enum { JSON_CAP = DSNET__JSON_QUOTE_CAP, VAL_CAP = 3 * JSON_CAP + 16 };

/* The resolve phases' shared state: the inputs, normalized, and what the
 * phases before have decided. */
typedef struct ctx {
  dsnet__sink sink;
  dsnet_service_result *out;
  const dsnet_dualstack_cidrs *ranges;
  const dsnet_service_spec *spec;
  dsnet_k8s_rules k8s;
  const dsnet_strview *ips, *fams; /* clusterIPs (clusterIP alone fills it), ipFamilies */
  size_t nips, nfams;
  unsigned famv[8];   /* ipFamilies[i] as a family, 0 when unsupported */
  dsnet_addr addr[2]; /* the cluster IPs given */
  unsigned ipfam[3];  /* their families */
  size_t n_v4, n_v6;  /* how many of each family were given */
  unsigned rf[2];     /* the families resolved so far */
  size_t nrf;
  int cluster_has[7]; /* the families with a service range */
  dsnet_service_policy policy;
  bool strict; /* StrictIPCIDRValidation: the IPs must pass netip too */
  char field[48], v[VAL_CAP], one[JSON_CAP];
} ctx;

/* The sink of a Service result: every error in out->errors (counted past
 * DSNET_SERVICE_MAX_ERRORS). */
static void result_put(dsnet__sink *s, const dsnet__finding *f) {
  dsnet_service_result *r = ((ctx *)(void *)s)->out; /* the sink is the first member */
  r->n_errors_total = s->n_total;
  if (r->n_errors >= DSNET_SERVICE_MAX_ERRORS)
    return;
  dsnet_service_error *e = &r->errors[r->n_errors++];
  snprintf(e->field, sizeof e->field, "%s", f->field);
  snprintf(e->message, sizeof e->message, "%s", f->message);
}

#define FAIL(c, field, ...) dsnet__report(&(c)->sink, &field_error, field, __VA_ARGS__)

static const char *q(char dst[DSNET__QUOTE_CAP], dsnet_strview v) {
  return dsnet__quote(dst, v.ptr ? v.ptr : "", v.len);
}

/* A value that is not a Go string (a typed string such as core.IPFamily or
 * *IPFamilyPolicy): Go's %#v up to 1.33, JSON from 1.34. Either is quoted. */
static const char *typed(const ctx *c, char dst[JSON_CAP], dsnet_strview v) {
  return c->k8s.json_field_values ? dsnet__json_quote(dst, v.ptr, v.len) : q(dst, v);
}

/* A list value: Go's %#v, []string{"a", "b"} (or []core.IPFamily{...}), up
 * to 1.33; JSON, ["a","b"], from 1.34. At most 3 items are written. */
static const char *slice(const ctx *c, char dst[VAL_CAP], const char *type, const dsnet_strview *v,
                         size_t n) {
  bool json = c->k8s.json_field_values;
  size_t used = (size_t)snprintf(dst, VAL_CAP, json ? "[" : "[]%s{", type);
  for (size_t i = 0; i < n && i < 3 && used < VAL_CAP; i++) {
    char one[JSON_CAP];
    used += (size_t)snprintf(dst + used, VAL_CAP - used, "%s%s", i ? (json ? "," : ", ") : "",
                             json ? dsnet__json_quote(one, v[i].ptr, v[i].len) : q(one, v[i]));
  }
  if (used < VAL_CAP)
    snprintf(dst + used, VAL_CAP - used, "%s%s", n > 3 ? (json ? ",..." : ", ...") : "",
             json ? "]" : "}");
  return dst;
}

static const char *ips_slice(ctx *c) {
  return slice(c, c->v, "string", c->ips, c->nips);
}

static const char *fam_name(unsigned f) {
  return f == DSNET_FAMILY_IPV4 ? "IPv4" : "IPv6";
}

static unsigned other_family(unsigned f) {
  return f == DSNET_FAMILY_IPV4 ? DSNET_FAMILY_IPV6 : DSNET_FAMILY_IPV4;
}

/* ---- ValidateServiceClusterIPsRelatedFields ---------------------------------------- */

static void external_name(ctx *c) {
  if (c->nips > 0)
    FAIL(c, "spec.clusterIPs", "Forbidden: may not be set for ExternalName services");
  if (c->nfams > 0)
    FAIL(c, "spec.ipFamilies", "Forbidden: may not be set for ExternalName services");
  if (c->spec->ip_family_policy.ptr != NULL)
    FAIL(c, "spec.ipFamilyPolicy", "Forbidden: may not be set for ExternalName services");
}

/* ValidateService: 'None' only for the types that may be headless. */
static void check_headless_type(ctx *c) {
  const dsnet_service_spec *spec = c->spec;
  if (c->out->headless && (spec->type == DSNET_SERVICE_TYPE_LOAD_BALANCER ||
                           spec->type == DSNET_SERVICE_TYPE_NODE_PORT))
    FAIL(c, "spec.clusterIPs[0]",
         "Invalid value: \"None\": may not be set to 'None' for %s services",
         spec->type == DSNET_SERVICE_TYPE_LOAD_BALANCER ? "LoadBalancer" : "NodePort");
}

/* ValidateServiceClusterIPsRelatedFields: clusterIP and clusterIPs agree. */
static void check_cluster_ip(ctx *c) {
  const dsnet_service_spec *spec = c->spec;
  if (dsnet__sv_set(spec->cluster_ip)) {
    if (c->nips == 0)
      FAIL(c, "spec.clusterIPs", "Required value");
    else if (c->ips[0].len != spec->cluster_ip.len ||
             memcmp(c->ips[0].ptr, spec->cluster_ip.ptr, c->ips[0].len) != 0)
      FAIL(c, "spec.clusterIPs", "Invalid value: %s: first value must match `clusterIP`",
           ips_slice(c));
  } else if (c->nips != 0) {
    FAIL(c, "spec.clusterIPs", "Invalid value: %s: must be empty when `clusterIP` is not specified",
         ips_slice(c));
  }
}

/* ipFamilies: supported values, no duplicate. */
static void check_families(ctx *c) {
  for (size_t i = 0; i < c->nfams; i++) {
    const dsnet_strview *f = &c->fams[i];
    snprintf(c->field, sizeof c->field, "spec.ipFamilies[%zu]", i);
    unsigned v = dsnet__sv_eq(*f, "IPv4") ? 4u : dsnet__sv_eq(*f, "IPv6") ? 6u : 0u;
    c->famv[i < 8 ? i : 7] = v;
    if (v == 0)
      FAIL(c, c->field, "Unsupported value: %s: supported values: \"IPv4\", \"IPv6\"",
           typed(c, c->one, *f));
    for (size_t j = 0; j < i; j++)
      if (c->fams[j].len == f->len && memcmp(c->fams[j].ptr, f->ptr, f->len) == 0) {
        FAIL(c, c->field, "Duplicate value: %s", typed(c, c->one, *f));
        break;
      }
  }
}

static void parse_policy(ctx *c) {
  dsnet_strview p = c->spec->ip_family_policy;
  if (p.ptr == NULL)
    return;
  c->policy = dsnet__sv_eq(p, "SingleStack")        ? DSNET_SERVICE_POLICY_SINGLE_STACK
              : dsnet__sv_eq(p, "PreferDualStack")  ? DSNET_SERVICE_POLICY_PREFER_DUAL_STACK
              : dsnet__sv_eq(p, "RequireDualStack") ? DSNET_SERVICE_POLICY_REQUIRE_DUAL_STACK
                                                    : DSNET_SERVICE_POLICY_UNSET;
  if (c->policy == DSNET_SERVICE_POLICY_UNSET)
    FAIL(c, "spec.ipFamilyPolicy",
         "Unsupported value: %s: supported values: \"PreferDualStack\", \"RequireDualStack\", "
         "\"SingleStack\"",
         typed(c, c->one, p));
}

/* The cluster IPs as addresses (sloppy, as the apiserver reads them);
 * false when one of them is not an IP, which ends validation. */
static bool parse_cluster_ips(ctx *c) {
  bool ok = true;
  for (size_t i = 0; i < c->nips; i++) {
    if (i == 0 && dsnet__sv_eq(c->ips[0], "None")) {
      if (c->nips > 1) {
        ok = false;
        FAIL(c, "spec.clusterIPs", "Invalid value: %s: 'None' must be the first and only value",
             ips_slice(c));
      }
      continue;
    }
    dsnet_addr a, strict;
    snprintf(c->field, sizeof c->field, "spec.clusterIPs[%zu]", i);
    if (dsnet_addr_parse(c->ips[i].ptr, c->ips[i].len, DSNET_PARSE_SLOPPY, &a, NULL) != DSNET_OK) {
      ok = false;
      FAIL(c, c->field,
           "Invalid value: %s: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
           q(c->one, c->ips[i]));
      continue;
    }
    /* apimachinery validation/ip.go parseIP with strictValidation: what
     * netutils.ParseIPSloppy takes but netip.ParseAddr refuses has leading
     * zeros; then no IPv4-mapped IPv6 */
    if (c->strict && dsnet_addr_parse(c->ips[i].ptr, c->ips[i].len, 0, &strict, NULL) != DSNET_OK) {
      ok = false;
      FAIL(c, c->field, "Invalid value: %s: must not have leading 0s", q(c->one, c->ips[i]));
      continue;
    }
    if (c->strict && dsnet_addr_is_ipv4_mapped(&a)) {
      ok = false;
      FAIL(c, c->field, "Invalid value: %s: must not be an IPv4-mapped IPv6 address",
           q(c->one, c->ips[i]));
      continue;
    }
    /* Without the gate a mapped IP is Kubernetes' IPv4 (net.IP.To4 is not
     * nil): its family, its range, its allocator. */
    if (dsnet_addr_is_ipv4_mapped(&a))
      dsnet_addr_unmap(&a, &a);
    if (i < 2)
      c->addr[i] = a;
    if (i < 3)
      c->ipfam[i] = a.family;
    c->n_v4 += a.family == DSNET_FAMILY_IPV4;
    c->n_v6 += a.family == DSNET_FAMILY_IPV6;
  }
  if (c->nips > 2)
    FAIL(c, "spec.clusterIPs", "Invalid value: %s: may only hold up to 2 values", ips_slice(c));
  return ok;
}

/* One IP per family, and each of the family ipFamilies names for it. */
static void check_ip_families(ctx *c) {
  if (c->nips > 1 && !(c->n_v4 > 0 && c->n_v6 > 0))
    FAIL(c, "spec.clusterIPs",
         "Invalid value: %s: may specify no more than one IP for each IP family", ips_slice(c));
  if (c->out->headless || c->nips == 0 || c->nfams == 0)
    return;
  for (size_t i = 0; i < c->nips && i < c->nfams && i < 3; i++) {
    snprintf(c->field, sizeof c->field, "spec.clusterIPs[%zu]", i);
    if (dsnet__sv_eq(c->fams[i], "IPv4") && c->ipfam[i] == DSNET_FAMILY_IPV6)
      FAIL(c, c->field,
           "Invalid value: %s: expected an IPv4 value as indicated by `ipFamilies[%zu]`",
           q(c->one, c->ips[i]), i);
    if (dsnet__sv_eq(c->fams[i], "IPv6") && c->ipfam[i] != DSNET_FAMILY_IPV6)
      FAIL(c, c->field,
           "Invalid value: %s: expected an IPv6 value as indicated by `ipFamilies[%zu]`",
           q(c->one, c->ips[i]), i);
  }
}

/* ---- initIPFamilyFields: defaulting on create ------------------------------------- */

static bool selectorless_headless(const ctx *c) {
  return c->out->headless && !c->spec->has_selector;
}

static void default_policy(ctx *c) {
  if (c->policy == DSNET_SERVICE_POLICY_UNSET)
    c->policy = selectorless_headless(c) ? DSNET_SERVICE_POLICY_REQUIRE_DUAL_STACK
                : !c->k8s.no_implied_require_dual_stack && (c->nips == 2 || c->nfams == 2)
                    ? DSNET_SERVICE_POLICY_REQUIRE_DUAL_STACK
                    : DSNET_SERVICE_POLICY_SINGLE_STACK;
  c->out->policy = c->policy;
  if (c->policy != DSNET_SERVICE_POLICY_SINGLE_STACK)
    return;
  if (c->nips == 2)
    FAIL(c, "spec.ipFamilyPolicy",
         "Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when "
         "multiple cluster IPs are specified");
  if (c->nfams == 2)
    FAIL(c, "spec.ipFamilyPolicy",
         "Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when "
         "multiple IP families are specified");
}

/* The families asked for, then those of the IPs given. */
static void families_from_ips(ctx *c) {
  for (size_t i = 0; i < c->nfams && i < 2; i++)
    c->rf[c->nrf++] = c->famv[i];
  for (size_t i = 0; i < c->ranges->count; i++)
    c->cluster_has[c->ranges->cidr[i].addr.family] = 1;
  for (size_t i = 0; i < c->nips && i < 2; i++) {
    if (i == 0 && c->out->headless)
      break;
    if (i < c->nrf)
      continue;
    if (!c->cluster_has[c->ipfam[i]]) {
      snprintf(c->field, sizeof c->field, "spec.clusterIPs[%zu]", i);
      FAIL(c, c->field, "Invalid value: %s: %s is not configured on this cluster", ips_slice(c),
           fam_name(c->ipfam[i]));
    } else {
      c->rf[c->nrf++] = c->ipfam[i];
    }
  }
}

/* Every family resolved has a service range; RequireDualStack needs two. */
static void check_families_configured(ctx *c) {
  if (c->policy == DSNET_SERVICE_POLICY_REQUIRE_DUAL_STACK && c->ranges->count < 2)
    FAIL(c, "spec.ipFamilyPolicy",
         "Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack "
         "services");
  for (size_t i = 0; i < c->nrf; i++) {
    if (c->cluster_has[c->rf[i]])
      continue;
    snprintf(c->field, sizeof c->field, "spec.ipFamilies[%zu]", i);
    dsnet_strview f = {fam_name(c->rf[i]), 4};
    if (c->k8s.service_allocate_before_validate) { /* storage/alloc.go initIPFamilyFields */
      FAIL(c, c->field, "Invalid value: %s: not configured on this cluster", typed(c, c->one, f));
      continue;
    }
    dsnet_strview fv[2] = {{NULL, 0}, {NULL, 0}};
    for (size_t j = 0; j < c->nrf && j < 2; j++) {
      fv[j].ptr = fam_name(c->rf[j]);
      fv[j].len = 4;
    }
    FAIL(c, c->field, "Invalid value: %s: %s is not configured on this cluster",
         slice(c, c->v, "core.IPFamily", fv, c->nrf < 2 ? c->nrf : 2), fam_name(c->rf[i]));
  }
}

/* The primary family when none is resolved; the other family too when the
 * policy asks for dual-stack and (headless without selector: always) the
 * cluster has it. */
static void fill_families(ctx *c, bool always_second) {
  if (c->nrf == 0)
    c->rf[c->nrf++] = c->ranges->cidr[0].addr.family;
  if (c->policy != DSNET_SERVICE_POLICY_SINGLE_STACK && c->nrf == 1 &&
      (always_second || c->ranges->count == 2))
    c->rf[c->nrf++] = other_family(c->rf[0]);
}

/* ---- the IP allocators: the IPs given are inside their family's range ---------------- */

/* Why the allocator of a range refuses an IP given for it, or NULL.
 * pkg/registry/core/service/ipallocator: the bitmap (written unless both
 * MultiCIDRServiceAllocator and DisableAllocatorDualWrite are on) holds
 * network+1 .. the last address (IPv4: but one), at most 65535 of them
 * (the IPv6 cap of its bitmap); the IPAddress allocator of
 * MultiCIDRServiceAllocator refuses an IP of no ServiceCIDR with
 * ErrMismatchedNetwork. The kubernetes Service holds index 1. */
static const char *alloc_refusal(const ctx *c, const dsnet_prefix *r, const dsnet_addr *ip,
                                 char *buf, size_t cap) {
  bool multi = c->k8s.service_ip_multi_cidr_allocator, bitmap = c->k8s.service_ip_bitmap;
  unsigned pos = dsnet__service_ip_position(r, ip);
  char t[DSNET_PREFIX_STRLEN], a[DSNET_ADDR_STRLEN];
  if ((pos & DSNET__SERVICE_IP_OUTSIDE) && multi)
    return "the provided network does not match the current range";
  bool out = (pos & (DSNET__SERVICE_IP_OUTSIDE | DSNET__SERVICE_IP_NETWORK)) ||
             ((pos & DSNET__SERVICE_IP_LAST) && r->len < 32);
  if (!out && bitmap && ip->family == DSNET_FAMILY_IPV6 && r->len < 112) {
    dsnet_u128 d;
    dsnet_addr first;
    dsnet_prefix_first(r, &first);
    dsnet_addr_distance(&first, ip, &d, NULL);
    out = d.hi != 0 || d.lo > 65535;
  }
  if (out) {
    dsnet_prefix_format(r, t, sizeof t);
    dsnet_addr_format(ip, a, sizeof a);
    snprintf(buf, cap,
             "the provided IP (%s) is not in the valid range. The range of valid IPs is %s", a, t);
    return buf;
  }
  return (pos & DSNET__SERVICE_IP_APISERVER) ? "provided IP is already allocated" : NULL;
}

/* allocIPs: one error, on spec.clusterIPs, with the list as it is then
 * (an empty marker for each family still to allocate). kube-apiserver walks
 * a Go map, so with two refusals which one it reports is random; dsnet
 * reports the first in ipFamilies order. The same since 1.20 (storage/rest.go,
 * then storage/alloc.go). */
static void check_allocation(ctx *c) {
  for (size_t i = 0; i < c->nips && i < c->nrf && i < 2; i++) {
    int ri = dsnet_dualstack_cidrs_find(c->ranges, c->addr[i].family);
    char why[256];
    const char *no =
        ri < 0 ? NULL : alloc_refusal(c, &c->ranges->cidr[ri], &c->addr[i], why, sizeof why);
    if (!no)
      continue;
    dsnet_strview list[3] = {{NULL, 0}, {"", 0}, {"", 0}};
    for (size_t j = 0; j < c->nrf && j < 2; j++)
      list[j] = j < c->nips ? c->ips[j] : (dsnet_strview){"", 0};
    char ip[DSNET__QUOTE_CAP];
    size_t n = c->ips[i].len > DSNET_ERROR_QUOTE_MAX ? DSNET_ERROR_QUOTE_MAX : c->ips[i].len;
    snprintf(ip, sizeof ip, "%.*s", (int)n, c->ips[i].ptr);
    FAIL(c, "spec.clusterIPs", "Invalid value: %s: failed to allocate IP %s: %s",
         slice(c, c->v, "string", list, c->nrf), ip, no);
    return;
  }
}

static void store(ctx *c) {
  dsnet_service_result *out = c->out;
  for (size_t i = 0; i < c->nrf; i++)
    out->families[i] = c->rf[i];
  out->n_families = c->nrf;
  if (!out->headless)
    for (size_t i = 0; i < c->nips && i < 2; i++)
      out->cluster_ips[out->n_cluster_ips++] = c->addr[i];
}

/* initIPFamilyFields after its pre-validation, then the IP allocators;
 * false when they refuse the Service. */
static bool init_and_allocate(ctx *c) {
  default_policy(c);
  families_from_ips(c);
  if (c->sink.n_total)
    return false;
  if (selectorless_headless(c)) {
    fill_families(c, true);
    store(c);
    return true;
  }
  check_families_configured(c);
  if (c->sink.n_total)
    return false;
  fill_families(c, false);
  if (!c->out->headless)
    check_allocation(c);
  store(c);
  return c->sink.n_total == 0;
}

/* kube-apiserver's create path; each stage runs only when those before
 * found nothing, as each stops the request. From 1.23 the registry's
 * BeginCreate (family defaulting with its own pre-validation by
 * ValidateServiceClusterIPsRelatedFields, then the allocators) comes before
 * the strategy's ValidateService, whose only further verdict on these
 * fields is the headless NodePort/LoadBalancer; 1.20-1.22 ran
 * ValidateService first. ExternalName skips the defaulting: only
 * ValidateService speaks. */
static void resolve(ctx *c) {
  if (c->spec->type == DSNET_SERVICE_TYPE_EXTERNAL_NAME) {
    external_name(c);
    return;
  }
  bool begin_create_first = c->k8s.service_allocate_before_validate;
  c->out->headless = dsnet__sv_eq(c->spec->cluster_ip, "None");
  if (!begin_create_first)
    check_headless_type(c);
  check_cluster_ip(c);
  check_families(c);
  parse_policy(c);
  if (parse_cluster_ips(c))
    check_ip_families(c);
  if (c->sink.n_total || !init_and_allocate(c))
    return;
  if (begin_create_first)
    check_headless_type(c);
}

dsnet_status dsnet_service_resolve(const dsnet_dualstack_cidrs *ranges, unsigned k8s_minor,
                                   const dsnet_service_spec *spec, dsnet_service_result *out,
                                   dsnet_error *err) {
  dsnet_k8s_rules k8s;
  dsnet_k8s_rules_of(k8s_minor, &k8s);
  return dsnet_service_resolve_with(ranges, &k8s, spec, out, err);
}

dsnet_status dsnet_service_resolve_with(const dsnet_dualstack_cidrs *ranges,
                                        const dsnet_k8s_rules *k8s, const dsnet_service_spec *spec,
                                        dsnet_service_result *out, dsnet_error *err) {
  dsnet_error sub;
  if (!ranges || !k8s || !spec || !out)
    return dsnet__fail(err, DSNET_EINVAL, 0, "service: NULL argument");
  if (dsnet_dualstack_validate_cidrs(ranges, 0, &sub) != DSNET_OK)
    return dsnet__fail(err, DSNET_EINVAL, 0, "service ranges: %s", sub.message);
  if ((spec->n_ip_families && !spec->ip_families) || (spec->n_cluster_ips && !spec->cluster_ips))
    return dsnet__fail(err, DSNET_EINVAL, 0, "service spec: NULL array with a count");
  memset(out, 0, sizeof *out);
  ctx c;
  memset(&c, 0, sizeof c);
  c.sink.put = result_put;
  c.out = out;
  c.ranges = ranges;
  c.spec = spec;
  c.k8s = *k8s;
  c.strict = k8s->strict_ip_cidr_validation;
  c.ips = spec->cluster_ips; /* normalizeClusterIPs on create: clusterIP alone fills clusterIPs */
  c.nips = spec->n_cluster_ips;
  if (c.nips == 0 && dsnet__sv_set(spec->cluster_ip)) {
    c.ips = &spec->cluster_ip;
    c.nips = 1;
  }
  c.fams = spec->ip_families;
  c.nfams = spec->n_ip_families;
  resolve(&c);
  out->valid = out->n_errors_total == 0;
  if (!out->valid)
    return dsnet__fail(err, DSNET_ESERVICE_INVALID, 0, "invalid Service: %s: %s",
                       out->errors[0].field, out->errors[0].message);
  return dsnet__ok(err);
}
