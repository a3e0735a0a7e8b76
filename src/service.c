/* dsnet service module: service ranges, indexed service IPs, and the
 * Service family rules of kube-apiserver (ValidateService's
 * ValidateServiceClusterIPsRelatedFields, then initIPFamilyFields and the IP
 * allocators on create). Field errors are formatted as apimachinery's
 * field.Error: "<type>: <value>: <detail>", values as Go's %q / %#v. */
#include "dsnet/service.h"

#include <stdarg.h>
#include <stdio.h>

#include "compiler.h"
#include "fail.h"
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

dsnet_status dsnet_service_validate_ranges(const dsnet_dualstack_cidrs *ranges, unsigned k8s_minor,
                                           dsnet_error *err) {
  dsnet_status st = dsnet_dualstack_validate_cidrs(ranges, 0, err);
  if (st != DSNET_OK)
    return st;
  dsnet_k8s_rules k8s;
  dsnet_k8s_rules_of(k8s_minor, &k8s);
  unsigned minor = k8s.minor;
  char t[DSNET_PREFIX_STRLEN];
  for (size_t i = 0; i < ranges->count; i++) {
    const dsnet_prefix *r = &ranges->cidr[i];
    unsigned bits = dsnet__bits(r->addr.family), host = bits - r->len;
    dsnet_prefix_format(r, t, sizeof t);
    if (k8s.service_max_host_bits && host > k8s.service_max_host_bits)
      return dsnet__fail(err, DSNET_ESERVICE_RANGE_LARGE, i,
                         "specified %s is too large; for %u-bit addresses, the mask must be >= %u "
                         "(kube-apiserver 1.%u allows at most %d host bits per service range)",
                         t, bits, bits - DSNET_SERVICE_MAX_HOST_BITS, minor,
                         DSNET_SERVICE_MAX_HOST_BITS);
    if (i == 0 && host < 3)
      return dsnet__fail(err, DSNET_ESERVICE_RANGE_SMALL, 0,
                         "the service cluster IP range must be at least 8 IP addresses: %s has %u",
                         t, 1u << host);
    if (i == 0 && host >= bits - 1) /* RangeSize gives 0 for /0 and /1 ("unsupported") */
      return dsnet__fail(err, DSNET_ESERVICE_RANGE_SMALL, 0,
                         "the service cluster IP range must be at least 8 IP addresses: "
                         "kube-apiserver counts 0 in %s (a /0 or /1 range is unsupported)",
                         t);
  }
  return dsnet__ok(err);
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

/* ---- field errors ------------------------------------------------------------ */

enum { VAL_CAP = 3 * DSNET__QUOTE_CAP };

static void add(dsnet_service_result *r, const char *field, const char *fmt, ...)
    DSNET_PRINTF(3, 4);

static void add(dsnet_service_result *r, const char *field, const char *fmt, ...) {
  r->n_errors_total++;
  if (r->n_errors >= DSNET_SERVICE_MAX_ERRORS)
    return;
  dsnet_service_error *e = &r->errors[r->n_errors++];
  snprintf(e->field, sizeof e->field, "%s", field);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  va_end(ap);
}

static const char *q(char dst[DSNET__QUOTE_CAP], dsnet_strview v) {
  return dsnet__quote(dst, v.ptr ? v.ptr : "", v.len);
}

/* Go's %#v of a string slice: []string{"a", "b"} (or []core.IPFamily{...}). */
static const char *slice(char dst[VAL_CAP], const char *type, const dsnet_strview *v, size_t n) {
  size_t used = (size_t)snprintf(dst, VAL_CAP, "[]%s{", type);
  for (size_t i = 0; i < n && i < 3 && used < VAL_CAP; i++) {
    char one[DSNET__QUOTE_CAP];
    used += (size_t)snprintf(dst + used, VAL_CAP - used, "%s%s", i ? ", " : "", q(one, v[i]));
  }
  if (used < VAL_CAP)
    snprintf(dst + used, VAL_CAP - used, "%s}", n > 3 ? ", ..." : "");
  return dst;
}

static const char *fam_name(unsigned f) {
  return f == DSNET_FAMILY_IPV4 ? "IPv4" : "IPv6";
}

/* ---- resolve ------------------------------------------------------------------- */

dsnet_status dsnet_service_resolve(const dsnet_dualstack_cidrs *ranges, unsigned k8s_minor,
                                   const dsnet_service_spec *spec, dsnet_service_result *out,
                                   dsnet_error *err) {
  dsnet_error sub;
  if (dsnet_dualstack_validate_cidrs(ranges, 0, &sub) != DSNET_OK)
    return dsnet__fail(err, DSNET_EINVAL, 0, "service ranges: %s", sub.message);
  if ((spec->n_ip_families && !spec->ip_families) || (spec->n_cluster_ips && !spec->cluster_ips))
    return dsnet__fail(err, DSNET_EINVAL, 0, "service spec: NULL array with a count");
  dsnet_k8s_rules k8s;
  dsnet_k8s_rules_of(k8s_minor, &k8s);
  memset(out, 0, sizeof *out);
  char v[VAL_CAP], one[DSNET__QUOTE_CAP], field[48];

  /* normalizeClusterIPs on create: clusterIP alone fills clusterIPs */
  const dsnet_strview *ips = spec->cluster_ips;
  size_t nips = spec->n_cluster_ips;
  if (nips == 0 && dsnet__sv_set(spec->cluster_ip)) {
    ips = &spec->cluster_ip;
    nips = 1;
  }
  const dsnet_strview *fams = spec->ip_families;
  size_t nfams = spec->n_ip_families;
  int policy_set = spec->ip_family_policy.ptr != NULL;

  if (spec->type == DSNET_SERVICE_TYPE_EXTERNAL_NAME) {
    if (nips > 0)
      add(out, "spec.clusterIPs", "Forbidden: may not be set for ExternalName services");
    if (nfams > 0)
      add(out, "spec.ipFamilies", "Forbidden: may not be set for ExternalName services");
    if (policy_set)
      add(out, "spec.ipFamilyPolicy", "Forbidden: may not be set for ExternalName services");
    goto done;
  }

  out->headless = dsnet__sv_eq(spec->cluster_ip, "None");
  if (out->headless && (spec->type == DSNET_SERVICE_TYPE_LOAD_BALANCER ||
                        spec->type == DSNET_SERVICE_TYPE_NODE_PORT))
    add(out, "spec.clusterIPs[0]",
        "Invalid value: \"None\": may not be set to 'None' for %s services",
        spec->type == DSNET_SERVICE_TYPE_LOAD_BALANCER ? "LoadBalancer" : "NodePort");

  /* --- ValidateServiceClusterIPsRelatedFields --- */
  if (dsnet__sv_set(spec->cluster_ip)) {
    if (nips == 0)
      add(out, "spec.clusterIPs", "Required value");
    else if (ips[0].len != spec->cluster_ip.len ||
             memcmp(ips[0].ptr, spec->cluster_ip.ptr, ips[0].len) != 0)
      add(out, "spec.clusterIPs", "Invalid value: %s: first value must match `clusterIP`",
          slice(v, "string", ips, nips));
  } else if (nips != 0) {
    add(out, "spec.clusterIPs",
        "Invalid value: %s: must be empty when `clusterIP` is not specified",
        slice(v, "string", ips, nips));
  }
  unsigned famv[8];
  for (size_t i = 0; i < nfams; i++) {
    snprintf(field, sizeof field, "spec.ipFamilies[%zu]", i);
    famv[i < 8 ? i : 7] = dsnet__sv_eq(fams[i], "IPv4")   ? 4u
                          : dsnet__sv_eq(fams[i], "IPv6") ? 6u
                                                          : 0u;
    if (famv[i < 8 ? i : 7] == 0)
      add(out, field, "Unsupported value: %s: supported values: \"IPv4\", \"IPv6\"",
          q(one, fams[i]));
    for (size_t j = 0; j < i; j++)
      if (fams[j].len == fams[i].len && memcmp(fams[j].ptr, fams[i].ptr, fams[i].len) == 0) {
        add(out, field, "Duplicate value: %s", q(one, fams[i]));
        break;
      }
  }
  dsnet_service_policy policy = DSNET_SERVICE_POLICY_UNSET;
  if (policy_set) {
    policy = dsnet__sv_eq(spec->ip_family_policy, "SingleStack") ? DSNET_SERVICE_POLICY_SINGLE_STACK
             : dsnet__sv_eq(spec->ip_family_policy, "PreferDualStack")
                 ? DSNET_SERVICE_POLICY_PREFER_DUAL_STACK
             : dsnet__sv_eq(spec->ip_family_policy, "RequireDualStack")
                 ? DSNET_SERVICE_POLICY_REQUIRE_DUAL_STACK
                 : DSNET_SERVICE_POLICY_UNSET;
    if (policy == DSNET_SERVICE_POLICY_UNSET)
      add(out, "spec.ipFamilyPolicy",
          "Unsupported value: %s: supported values: \"PreferDualStack\", \"RequireDualStack\", "
          "\"SingleStack\"",
          q(one, spec->ip_family_policy));
  }
  int bad_ips = 0;
  dsnet_addr addr[2] = {{0, 0, 0}, {0, 0, 0}};
  unsigned ipfam[3] = {0, 0, 0};
  int n_v4 = 0, n_v6 = 0;
  for (size_t i = 0; i < nips; i++) {
    if (i == 0 && dsnet__sv_eq(ips[0], "None")) {
      if (nips > 1) {
        bad_ips = 1;
        add(out, "spec.clusterIPs", "Invalid value: %s: 'None' must be the first and only value",
            slice(v, "string", ips, nips));
      }
      continue;
    }
    dsnet_addr a;
    snprintf(field, sizeof field, "spec.clusterIPs[%zu]", i);
    if (dsnet_addr_parse(ips[i].ptr, ips[i].len, DSNET_PARSE_SLOPPY, &a, NULL) != DSNET_OK) {
      bad_ips = 1;
      add(out, field,
          "Invalid value: %s: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
          q(one, ips[i]));
      continue;
    }
    if (dsnet_addr_is_ipv4_mapped(&a)) {
      bad_ips = 1;
      add(out, field, "Invalid value: %s: must not be an IPv4-mapped IPv6 address", q(one, ips[i]));
      continue;
    }
    if (i < 2)
      addr[i] = a;
    if (i < 3)
      ipfam[i] = a.family;
    n_v4 += a.family == DSNET_FAMILY_IPV4;
    n_v6 += a.family == DSNET_FAMILY_IPV6;
  }
  if (nips > 2)
    add(out, "spec.clusterIPs", "Invalid value: %s: may only hold up to 2 values",
        slice(v, "string", ips, nips));
  if (bad_ips)
    goto done;
  if (nips > 1 && !(n_v4 > 0 && n_v6 > 0))
    add(out, "spec.clusterIPs",
        "Invalid value: %s: may specify no more than one IP for each IP family",
        slice(v, "string", ips, nips));
  if (!out->headless && nips > 0 && nfams > 0) {
    for (size_t i = 0; i < nips && i < nfams && i < 3; i++) {
      snprintf(field, sizeof field, "spec.clusterIPs[%zu]", i);
      if (dsnet__sv_eq(fams[i], "IPv4") && ipfam[i] == DSNET_FAMILY_IPV6)
        add(out, field,
            "Invalid value: %s: expected an IPv4 value as indicated by `ipFamilies[%zu]`",
            q(one, ips[i]), i);
      if (dsnet__sv_eq(fams[i], "IPv6") && ipfam[i] != DSNET_FAMILY_IPV6)
        add(out, field,
            "Invalid value: %s: expected an IPv6 value as indicated by `ipFamilies[%zu]`",
            q(one, ips[i]), i);
    }
  }
  if (out->n_errors_total)
    goto done;

  /* --- initIPFamilyFields: defaulting on create --- */
  int selectorless_headless = out->headless && !spec->has_selector;
  if (policy == DSNET_SERVICE_POLICY_UNSET) {
    if (selectorless_headless)
      policy = DSNET_SERVICE_POLICY_REQUIRE_DUAL_STACK;
    else if (!k8s.no_implied_require_dual_stack && (nips == 2 || nfams == 2))
      policy = DSNET_SERVICE_POLICY_REQUIRE_DUAL_STACK;
    else
      policy = DSNET_SERVICE_POLICY_SINGLE_STACK;
  }
  out->policy = policy;
  char pq[40];
  snprintf(pq, sizeof pq, "\"%s\"", dsnet_service_policy_name(policy));
  if (policy == DSNET_SERVICE_POLICY_SINGLE_STACK) {
    if (nips == 2)
      add(out, "spec.ipFamilyPolicy",
          "Invalid value: %s: must be 'RequireDualStack' or 'PreferDualStack' when multiple "
          "cluster IPs are specified",
          pq);
    if (nfams == 2)
      add(out, "spec.ipFamilyPolicy",
          "Invalid value: %s: must be 'RequireDualStack' or 'PreferDualStack' when multiple IP "
          "families are specified",
          pq);
  }
  unsigned rf[2];
  size_t nrf = 0;
  for (size_t i = 0; i < nfams && i < 2; i++)
    rf[nrf++] = famv[i];
  int cluster_has[7] = {0};
  for (size_t i = 0; i < ranges->count; i++)
    cluster_has[ranges->cidr[i].addr.family] = 1;
  for (size_t i = 0; i < nips && i < 2; i++) {
    if (i == 0 && out->headless)
      break;
    if (i >= nrf) {
      if (!cluster_has[ipfam[i]]) {
        snprintf(field, sizeof field, "spec.clusterIPs[%zu]", i);
        add(out, field, "Invalid value: %s: %s is not configured on this cluster",
            slice(v, "string", ips, nips), fam_name(ipfam[i]));
      } else {
        rf[nrf++] = ipfam[i];
      }
    }
  }
  if (out->n_errors_total)
    goto done;
  unsigned deffam = ranges->cidr[0].addr.family;
  if (selectorless_headless) {
    if (nrf == 0)
      rf[nrf++] = deffam;
    if (nrf < 2 && policy != DSNET_SERVICE_POLICY_SINGLE_STACK) {
      rf[1] = rf[0] == DSNET_FAMILY_IPV4 ? DSNET_FAMILY_IPV6 : DSNET_FAMILY_IPV4;
      nrf = 2;
    }
    goto resolved;
  }
  if (policy == DSNET_SERVICE_POLICY_REQUIRE_DUAL_STACK && ranges->count < 2)
    add(out, "spec.ipFamilyPolicy",
        "Invalid value: %s: this cluster is not configured for dual-stack services", pq);
  for (size_t i = 0; i < nrf; i++) {
    if (!cluster_has[rf[i]]) {
      dsnet_strview fv[2];
      for (size_t j = 0; j < nrf; j++) {
        fv[j].ptr = fam_name(rf[j]);
        fv[j].len = 4;
      }
      snprintf(field, sizeof field, "spec.ipFamilies[%zu]", i);
      add(out, field, "Invalid value: %s: %s is not configured on this cluster",
          slice(v, "core.IPFamily", fv, nrf), fam_name(rf[i]));
    }
  }
  if (out->n_errors_total)
    goto done;
  if (nrf == 0)
    rf[nrf++] = deffam;
  if (policy != DSNET_SERVICE_POLICY_SINGLE_STACK && nrf == 1 && ranges->count == 2) {
    rf[1] = rf[0] == DSNET_FAMILY_IPV4 ? DSNET_FAMILY_IPV6 : DSNET_FAMILY_IPV4;
    nrf = 2;
  }

  /* --- allocation of the IPs given: inside the family's range --- */
  if (!out->headless) {
    for (size_t i = 0; i < nips && i < 2; i++) {
      int ri = dsnet_dualstack_cidrs_find(ranges, addr[i].family);
      if (ri < 0)
        continue; /* reported above */
      const dsnet_prefix *r = &ranges->cidr[ri];
      dsnet_addr first, last, api;
      dsnet_prefix_first(r, &first);
      dsnet_prefix_last(r, &last);
      dsnet_service_apiserver_ip(r, &api, NULL);
      char t[DSNET_PREFIX_STRLEN];
      dsnet_prefix_format(r, t, sizeof t);
      snprintf(field, sizeof field, "spec.clusterIPs[%zu]", i);
      if (!dsnet_prefix_contains_addr(r, &addr[i]) || dsnet_addr_equal(&addr[i], &first) ||
          (addr[i].family == DSNET_FAMILY_IPV4 && dsnet_addr_equal(&addr[i], &last) && r->len < 32))
        add(out, field,
            "Invalid value: %s: provided IP is not in the valid range. The range of valid IPs is "
            "%s",
            q(one, ips[i]), t);
      else if (dsnet_addr_equal(&addr[i], &api))
        add(out, field,
            "Invalid value: %s: provided IP is already allocated (the API server's service IP, "
            "held by the kubernetes Service)",
            q(one, ips[i]));
    }
  }

resolved:
  for (size_t i = 0; i < nrf; i++)
    out->families[i] = rf[i];
  out->n_families = nrf;
  if (!out->headless)
    for (size_t i = 0; i < nips && i < 2; i++)
      out->cluster_ips[out->n_cluster_ips++] = addr[i];

done:
  out->valid = out->n_errors_total == 0;
  if (!out->valid) {
    return dsnet__fail(err, DSNET_ESERVICE_INVALID, 0, "invalid Service: %s: %s",
                       out->errors[0].field, out->errors[0].message);
  }
  return dsnet__ok(err);
}
