/* Services: arbitrary family fields against the four cluster kinds. The
 * result is consistent whatever the input: valid results have one or two
 * distinct families, configured on the cluster unless headless without
 * selector, and no more cluster IPs than families; invalid ones have errors.
 * Input: byte 0 = cluster kind, type, selector; then '\n'-separated fields:
 * policy, families (','-separated), clusterIP, clusterIPs (','-separated). */
#include "fuzz.h"

enum { MAXV = 6 };

static size_t split(const char *s, size_t len, dsnet_strview *out) {
  size_t n = 0, start = 0;
  for (size_t i = 0; i <= len && n < MAXV; i++)
    if (i == len || s[i] == ',') {
      out[n].ptr = s + start;
      out[n].len = i - start;
      n++;
      start = i + 1;
    }
  return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 512)
    return 0;
  static const char *kinds[4] = {"10.0.0.0/16", "fd00::/108", "10.0.0.0/16,fd00::/108",
                                 "fd00::/108,10.0.0.0/16"};
  dsnet_dualstack_cidrs ranges;
  const char *k = kinds[data[0] & 3];
  FUZZ_CHECK(dsnet_dualstack_parse_cidrs(k, strlen(k), 0, &ranges, NULL) == DSNET_OK);
  dsnet_service_spec spec;
  memset(&spec, 0, sizeof spec);
  spec.type = (dsnet_service_type)((data[0] >> 2) & 3);
  spec.has_selector = (data[0] >> 4) & 1;
  const char *s = (const char *)data + 1, *end = s + size - 1;
  dsnet_strview field[4] = {{NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}};
  for (int i = 0; i < 4 && s <= end; i++) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    field[i].ptr = s;
    field[i].len = nl ? (size_t)(nl - s) : (size_t)(end - s);
    s += field[i].len + 1;
  }
  dsnet_strview fams[MAXV], ips[MAXV];
  if (field[0].ptr && field[0].len)
    spec.ip_family_policy = field[0];
  if (field[1].ptr && field[1].len) {
    spec.ip_families = fams;
    spec.n_ip_families = split(field[1].ptr, field[1].len, fams);
  }
  if (field[2].ptr && field[2].len)
    spec.cluster_ip = field[2];
  if (field[3].ptr && field[3].len) {
    spec.cluster_ips = ips;
    spec.n_cluster_ips = split(field[3].ptr, field[3].len, ips);
  }
  dsnet_service_result r;
  dsnet_status st = dsnet_service_resolve(&ranges, (unsigned)(data[0] >> 5) + 20, &spec, &r, NULL);
  FUZZ_CHECK((st == DSNET_OK) == r.valid);
  FUZZ_CHECK(r.valid == (r.n_errors_total == 0));
  FUZZ_CHECK(r.n_errors <= DSNET_SERVICE_MAX_ERRORS && r.n_errors <= r.n_errors_total);
  for (size_t i = 0; i < r.n_errors; i++)
    FUZZ_CHECK(strncmp(r.errors[i].field, "spec.", 5) == 0 && r.errors[i].message[0]);
  if (!r.valid)
    return 0;
  if (spec.type == DSNET_SERVICE_TYPE_EXTERNAL_NAME) {
    FUZZ_CHECK(r.n_families == 0 && r.policy == DSNET_SERVICE_POLICY_UNSET);
    return 0;
  }
  FUZZ_CHECK(r.n_families == 1 || r.n_families == 2);
  FUZZ_CHECK(r.n_families == 1 || r.families[0] != r.families[1]);
  FUZZ_CHECK(r.policy != DSNET_SERVICE_POLICY_UNSET);
  FUZZ_CHECK(r.policy != DSNET_SERVICE_POLICY_SINGLE_STACK || r.n_families == 1);
  FUZZ_CHECK(r.n_cluster_ips <= r.n_families);
  int selectorless_headless = r.headless && !spec.has_selector;
  for (size_t i = 0; i < r.n_families; i++)
    FUZZ_CHECK(selectorless_headless || dsnet_dualstack_cidrs_find(&ranges, r.families[i]) >= 0);
  for (size_t i = 0; i < r.n_cluster_ips; i++) {
    int ri = dsnet_dualstack_cidrs_find(&ranges, r.cluster_ips[i].family);
    FUZZ_CHECK(r.cluster_ips[i].family == r.families[i]);
    FUZZ_CHECK(ri >= 0 && dsnet_prefix_contains_addr(&ranges.cidr[ri], &r.cluster_ips[i]));
  }
  return 0;
}
