/* dsnet k8s module: Kubernetes versions and the named gates of dual-stack
 * networking. Each gate's release is cited from the Kubernetes sources or
 * release notes (reference/kubernetes-rules.md); no other module writes a
 * Kubernetes version number. */
#include "dsnet/k8s.h"

/* The gates in dsnet_k8s_gate order: name and first minor release. */
static const struct {
  const char *name;
  unsigned minor;
} gates[DSNET_K8S_GATE_COUNT] = {
    /* IPv6DualStack alpha: kubernetes v1.16.0 CHANGELOG, KEP-563 */
    {"dual_stack", 16},
    /* --node-cidr-mask-size-ipv4/-ipv6: cmd/kube-controller-manager v1.17.0 */
    {"per_family_mask_flags", 17},
    /* kube-proxy iptables dual-stack proxier: pkg/proxy/iptables v1.18.0 */
    {"kube_proxy_iptables_dual_stack", 18},
    /* ipFamilyPolicy / ipFamilies / clusterIPs: core/v1 Service v1.20.0 */
    {"dual_stack_services", 20},
    /* setNodeCIDRMaskSizes refuses --node-cidr-mask-size with dual-stack: v1.21.0 */
    {"current_mask_rules", 21},
    /* initIPFamilyFields stops implying RequireDualStack: v1.23.0 (IPv6DualStack GA) */
    {"no_implied_require_dual_stack", 23},
    /* the legacy allocator's maxCIDRBits (20) no longer applies by default:
     * MultiCIDRServiceAllocator locked on, DisableAllocatorDualWrite GA, v1.34.0
     * pkg/features/kube_features.go */
    {"uncapped_service_range", 34},
};

/* Digits at s[*i..len) as a number, at most 999 999 (enough for any field
 * of a version, small enough never to overflow); -1 when there are none. */
static long version_field(const char *s, size_t len, size_t *i) {
  long v = -1;
  while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
    if (v >= 999999)
      return -1;
    v = (v < 0 ? 0 : v * 10) + (s[*i] - '0');
    (*i)++;
  }
  return v;
}

bool dsnet_k8s_version_parse(const char *s, size_t len, unsigned *minor, unsigned *patch) {
  if (!s || !minor)
    return false;
  size_t i = len > 0 && s[0] == 'v';
  long major = version_field(s, len, &i);
  if (major != 1 || i >= len || s[i++] != '.')
    return false;
  long mi = version_field(s, len, &i), pa = 0;
  if (mi < 0 || mi > 999)
    return false;
  if (i < len && s[i] == '.') {
    i++;
    if ((pa = version_field(s, len, &i)) < 0)
      return false;
  }
  if (i < len && s[i] != '-' && s[i] != '+')
    return false;
  *minor = (unsigned)mi;
  if (patch)
    *patch = (unsigned)pa;
  return true;
}

unsigned dsnet_k8s_gate_minor(dsnet_k8s_gate gate) {
  return (unsigned)gate < DSNET_K8S_GATE_COUNT ? gates[gate].minor : 0;
}

bool dsnet_k8s_gate_open(dsnet_k8s_gate gate, unsigned minor) {
  unsigned first = dsnet_k8s_gate_minor(gate);
  return first != 0 && (minor ? minor : DSNET_K8S_NEWEST_MINOR) >= first;
}

const char *dsnet_k8s_gate_name(dsnet_k8s_gate gate) {
  return (unsigned)gate < DSNET_K8S_GATE_COUNT ? gates[gate].name : "";
}

void dsnet_k8s_rules_of(unsigned minor, dsnet_k8s_rules *out) {
  out->minor = minor ? minor : DSNET_K8S_NEWEST_MINOR;
  out->dual_stack = dsnet_k8s_gate_open(DSNET_K8S_GATE_DUAL_STACK, minor);
  out->per_family_mask_flags = dsnet_k8s_gate_open(DSNET_K8S_GATE_PER_FAMILY_MASK_FLAGS, minor);
  out->kube_proxy_iptables_dual_stack =
      dsnet_k8s_gate_open(DSNET_K8S_GATE_KUBE_PROXY_IPTABLES_DUAL_STACK, minor);
  out->dual_stack_services = dsnet_k8s_gate_open(DSNET_K8S_GATE_DUAL_STACK_SERVICES, minor);
  out->current_mask_rules = dsnet_k8s_gate_open(DSNET_K8S_GATE_CURRENT_MASK_RULES, minor);
  out->no_implied_require_dual_stack =
      dsnet_k8s_gate_open(DSNET_K8S_GATE_NO_IMPLIED_REQUIRE_DUAL_STACK, minor);
  out->service_max_host_bits =
      dsnet_k8s_gate_open(DSNET_K8S_GATE_UNCAPPED_SERVICE_RANGE, minor) ? 0 : 20;
}
