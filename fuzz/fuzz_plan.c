/* Plans: any configuration evaluates without crashing, and the result is
 * consistent. Input: byte 0 = profile, byte 1-3 = mask flags; then
 * '\n'-separated fields: cluster, service, DNS, node subnet, VNet, docker
 * bridge, version, plugin, proxy mode, max pods, nodes, feature gates,
 * network policy, advertise address, node IPs, network mode, load balancer
 * SKU, Windows version, model max pods, IPv6 load balancers; then up to 4
 * node pools, one per line: a byte of bits (control plane, Windows, flatcar,
 * VMSS; the high nibble the count) and the subnet ID. Byte 0's high bits are
 * the model's flags. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 4 || size > 1024)
    return 0;
  dsnet_plan plan;
  dsnet_plan_init(&plan);
  plan.profile = data[0] & 1 ? DSNET_PLAN_PROFILE_AKS_ENGINE : DSNET_PLAN_PROFILE_KUBERNETES;
  plan.parse_flags = ((data[0] >> 1) & 3) | (data[1] & 0x80 ? DSNET_PARSE_GO_NET : 0u);
  plan.model_flags = (unsigned)(data[0] >> 3);
  plan.node_mask_flags.mask_size = data[1] % 130u;
  plan.node_mask_flags.mask_size_ipv4 = data[2] % 40u;
  plan.node_mask_flags.mask_size_ipv6 = data[3] % 130u;
  dsnet_strview *fields[] = {
      &plan.cluster_cidr,       &plan.service_cidr,   &plan.dns_service_ip,
      &plan.node_subnet,        &plan.vnet_cidr,      &plan.docker_bridge_subnet,
      &plan.kubernetes_version, &plan.network_plugin, &plan.kube_proxy_mode};
  const char *s = (const char *)data + 4, *end = (const char *)data + size;
  dsnet_strview *more[] = {&plan.network_policy, &plan.advertise_address, &plan.node_ip,
                           &plan.network_mode,   &plan.load_balancer_sku, &plan.windows_version};
  size_t nf = sizeof fields / sizeof fields[0], nm = sizeof more / sizeof more[0];
  dsnet_node_pool pools[4];
  for (size_t i = 0; i < nf + 3 + nm + 2 + 4 && s <= end; i++) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
    if (i < nf && len) {
      fields[i]->ptr = s;
      fields[i]->len = len;
    } else if (i == nf + 2) {
      plan.feature_gates.ptr = s;
      plan.feature_gates.len = len;
    } else if (i > nf + 2 && i <= nf + 2 + nm) {
      more[i - nf - 3]->ptr = s;
      more[i - nf - 3]->len = len;
    } else if (i > nf + 4 + nm) { /* a node pool */
      dsnet_node_pool *p = &pools[plan.n_pools++];
      unsigned bits = len ? (uint8_t)s[0] : 0;
      memset(p, 0, sizeof *p);
      p->control_plane = bits & 1;
      p->os_type.ptr = bits & 2 ? "Windows" : "Linux";
      p->os_type.len = bits & 2 ? 7 : 5;
      if (bits & 4) {
        p->distro.ptr = "flatcar";
        p->distro.len = 7;
      }
      if (bits & 8) {
        p->availability.ptr = "VirtualMachineScaleSets";
        p->availability.len = 23;
      }
      p->count = bits >> 4;
      p->subnet.ptr = len > 1 ? s + 1 : NULL;
      p->subnet.len = len > 1 ? len - 1 : 0;
      p->first_ip = p->subnet; /* (any text: a bad IP is a finding) */
      plan.pools = pools;
    } else if (i >= nf) {
      uint64_t v = 0;
      for (size_t j = 0; j < len && j < 8; j++)
        v = v * 10 + (uint64_t)(s[j] & 15);
      if (i == nf)
        plan.max_pods = v;
      else if (i == nf + 1)
        plan.nodes = v;
      else if (i == nf + 3 + nm)
        plan.model_max_pods = v;
      else
        plan.ipv6_load_balancers = v;
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
  FUZZ_CHECK(r.n_defaults <= DSNET_PLAN_MAX_DEFAULTS);
  for (size_t i = 0; i < r.n_defaults; i++)
    FUZZ_CHECK(r.defaults[i].field && r.defaults[i].source && r.defaults[i].value[0]);
  char t[DSNET_PLAN_TEXT_MAX];
  static const char *flags[] = {"--cluster-cidr",
                                "kube-controller-manager --cluster-cidr",
                                "kube-proxy --cluster-cidr",
                                "kube-apiserver --service-cluster-ip-range",
                                "kube-controller-manager --service-cluster-ip-range",
                                "kubelet --cluster-dns",
                                "kubelet --max-pods",
                                "kubelet --cluster-cidr",
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
    FUZZ_CHECK(r.n_pod_cidrs >= 1 && r.pod_cidr_first + r.n_pod_cidrs == r.cluster.count);
    for (size_t i = 0; i < r.n_pod_cidrs; i++)
      FUZZ_CHECK(dsnet_prefix_contains(&r.cluster.cidr[r.pod_cidr_first + i], &pods[i]));
  }
  return 0;
}
