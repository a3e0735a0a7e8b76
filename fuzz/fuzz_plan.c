/* Plans: any configuration evaluates without crashing, and the result is
 * consistent. Input: byte 0 = profile, byte 1-3 = mask flags; then
 * '\n'-separated fields: cluster, service, DNS, node subnet, VNet, docker
 * bridge, version, plugin, proxy mode, max pods, nodes, feature gates. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 4 || size > 1024)
    return 0;
  dsnet_plan plan;
  dsnet_plan_init(&plan);
  plan.profile = data[0] & 1 ? DSNET_PLAN_PROFILE_AKS_ENGINE : DSNET_PLAN_PROFILE_KUBERNETES;
  plan.parse_flags = (data[0] >> 1) & 3;
  plan.node_mask_flags.mask_size = data[1] % 130u;
  plan.node_mask_flags.mask_size_ipv4 = data[2] % 40u;
  plan.node_mask_flags.mask_size_ipv6 = data[3] % 130u;
  dsnet_strview *fields[] = {
      &plan.cluster_cidr,       &plan.service_cidr,   &plan.dns_service_ip,
      &plan.node_subnet,        &plan.vnet_cidr,      &plan.docker_bridge_subnet,
      &plan.kubernetes_version, &plan.network_plugin, &plan.kube_proxy_mode};
  const char *s = (const char *)data + 4, *end = (const char *)data + size;
  size_t nf = sizeof fields / sizeof fields[0];
  for (size_t i = 0; i < nf + 3 && s <= end; i++) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
    if (i < nf && len) {
      fields[i]->ptr = s;
      fields[i]->len = len;
    } else if (i == nf + 2) {
      plan.feature_gates.ptr = s;
      plan.feature_gates.len = len;
    } else if (i >= nf) {
      uint64_t v = 0;
      for (size_t j = 0; j < len && j < 8; j++)
        v = v * 10 + (uint64_t)(s[j] & 15);
      if (i == nf)
        plan.max_pods = v;
      else
        plan.nodes = v;
    }
    s += len + 1;
  }
  static dsnet_plan_result r;
  dsnet_error err;
  dsnet_status st = dsnet_plan_evaluate(&plan, &r, &err);
  FUZZ_CHECK((st == DSNET_OK) == r.valid);
  FUZZ_CHECK(r.valid == (r.n_errors == 0));
  FUZZ_CHECK(r.n_findings <= DSNET_PLAN_MAX_FINDINGS && r.n_findings <= r.n_findings_total);
  int warned = 0;
  for (size_t i = 0; i < r.n_findings; i++) {
    const dsnet_finding *f = &r.findings[i];
    FUZZ_CHECK(f->code && f->code[0] && f->field && f->message[0]);
    if (f->severity == DSNET_SEVERITY_WARNING)
      warned = 1;
    else
      FUZZ_CHECK(!warned); /* errors first */
  }
  FUZZ_CHECK(r.n_families <= 2);
  char t[DSNET_DUALSTACK_STRLEN];
  static const char *flags[] = {"--cluster-cidr",
                                "--node-cidr-mask-size",
                                "--node-cidr-mask-size-ipv4",
                                "--node-cidr-mask-size-ipv6",
                                "--service-cluster-ip-range",
                                "--cluster-dns",
                                "--max-pods",
                                "--bogus"};
  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
    FUZZ_CHECK(dsnet_plan_flag(&r, flags[i], t, sizeof t) < sizeof t);
  if (r.masks_ok) {
    dsnet_prefix pods[2];
    FUZZ_CHECK(r.node_capacity >= 1);
    FUZZ_CHECK(dsnet_plan_pod_cidrs(&r, 0, pods, NULL) == DSNET_OK);
    FUZZ_CHECK(dsnet_plan_pod_cidrs(&r, r.node_capacity - 1, pods, NULL) == DSNET_OK);
    for (size_t i = 0; i < r.cluster.count; i++)
      FUZZ_CHECK(dsnet_prefix_contains(&r.cluster.cidr[i], &pods[i]));
  }
  return 0;
}
