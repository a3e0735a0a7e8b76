/* dsnet k8s module: Kubernetes versions and the named gates of dual-stack
 * networking. Each gate's release is cited from the Kubernetes sources or
 * release notes (reference/kubernetes-rules.md); no other module writes a
 * Kubernetes version number. */
#include "dsnet/k8s.h"

#include <stdio.h>
#include <string.h>

#include "fail.h"
#include "sv.h"
#include "utf8.h"

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
    /* the Service registry's BeginCreate (normalizeClusterIPs, allocateCreate:
     * initIPFamilyFields, then the IP allocators) runs before the strategy's
     * ValidateService: the REST flattening of v1.23.0,
     * pkg/registry/core/service/storage/storage.go; 1.20-1.22 ran
     * rest.BeforeCreate first (storage/rest.go) */
    {"service_allocate_before_validate", 23},
    /* field.Error.ErrorBody renders non-string values with json.Marshal:
     * kubernetes/kubernetes#132314, apimachinery v0.34.0 */
    {"json_field_values", 34},
    /* kube-proxy --proxy-mode nftables, NFTablesProxyMode alpha: v1.29.0 */
    {"kube_proxy_nftables", 29},
    /* KEP-5495: kube-proxy warns "The ipvs proxier is now deprecated": v1.35.0
     * CHANGELOG-1.35.md (kubernetes/kubernetes#134539) */
    {"kube_proxy_ipvs_deprecated", 35},
    /* dual-stack for Windows nodes, alpha: kubernetes v1.19.0 CHANGELOG (KEP-563,
     * Windows Server 2004); AKS Engine validate.go "supported on Windows only
     * from Kubernetes version 1.19" */
    {"windows_dual_stack", 19},
};

/* The feature gates in dsnet_k8s_feature order, each with its stages as
 * pkg/features/versioned_kube_features.go of the 1.35 cycle lists them
 * (kube_features.go before 1.31 agrees): from a minor on, a default and
 * whether it is locked. A gate exists from its first stage on. */
enum { MAX_STAGES = 4 };
static const struct {
  const char *name;
  struct {
    unsigned minor;
    bool on, locked;
  } stage[MAX_STAGES];
} features[DSNET_K8S_FEATURE_COUNT] = {
    {"StrictIPCIDRValidation", {{33, false, false}}},
    {"MultiCIDRServiceAllocator",
     {{27, false, false}, {31, false, false}, {33, true, false}, {34, true, true}}},
    {"DisableAllocatorDualWrite",
     {{31, false, false}, {33, false, false}, {34, true, false}, {35, true, true}}},
    {"NFTablesProxyMode", {{29, false, false}, {31, true, false}, {33, true, true}}},
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

const char *dsnet_k8s_feature_name(dsnet_k8s_feature feature) {
  return (unsigned)feature < DSNET_K8S_FEATURE_COUNT ? features[feature].name : "";
}

/* The stage of a feature at a release, or -1 before its first. */
static int stage_of(dsnet_k8s_feature feature, unsigned minor) {
  if ((unsigned)feature >= DSNET_K8S_FEATURE_COUNT)
    return -1;
  minor = minor ? minor : DSNET_K8S_NEWEST_MINOR;
  int at = -1;
  for (int i = 0; i < MAX_STAGES && features[feature].stage[i].minor; i++)
    if (minor >= features[feature].stage[i].minor)
      at = i;
  return at;
}

bool dsnet_k8s_feature_exists(dsnet_k8s_feature feature, unsigned minor) {
  return stage_of(feature, minor) >= 0;
}

bool dsnet_k8s_feature_default(dsnet_k8s_feature feature, unsigned minor) {
  int i = stage_of(feature, minor);
  return i >= 0 && features[feature].stage[i].on;
}

bool dsnet_k8s_feature_locked(dsnet_k8s_feature feature, unsigned minor) {
  int i = stage_of(feature, minor);
  return i >= 0 && features[feature].stage[i].locked;
}

bool dsnet_k8s_feature_enabled(dsnet_k8s_feature feature, unsigned minor,
                               const dsnet_k8s_features *given) {
  uint32_t bit = (unsigned)feature < DSNET_K8S_FEATURE_COUNT ? 1u << feature : 0;
  if (given && (given->set & bit) && dsnet_k8s_feature_exists(feature, minor))
    return (given->on & bit) != 0;
  return dsnet_k8s_feature_default(feature, minor);
}

/* Go's strconv.ParseBool: 1 for true, 0 for false, -1 for anything else. */
static int parse_bool(dsnet_strview v) {
  static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
  static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    if (dsnet__sv_eq(v, yes[i]))
      return 1;
    if (dsnet__sv_eq(v, no[i]))
      return 0;
  }
  return -1;
}

/* MapStringBool trims names and values with Go's strings.TrimSpace. */
static dsnet_strview go_trim(const char *p, size_t n) {
  size_t start = dsnet__go_trim_space(p, &n);
  dsnet_strview v = {p + start, n};
  return v;
}

static dsnet_status feature_fail(dsnet_error *err, dsnet_k8s_features *out, size_t at,
                                 const char *fmt, dsnet_strview name, const char *extra) {
  memset(out, 0, sizeof *out);
  return dsnet__fail(err, DSNET_EINVAL, at, fmt, (int)(name.len > 64 ? 64 : name.len),
                     name.ptr ? name.ptr : "", extra);
}

dsnet_status dsnet_k8s_features_parse(const char *s, size_t len, unsigned minor,
                                      dsnet_k8s_features *out, dsnet_error *err) {
  if (!out || (!s && len))
    return dsnet__fail(err, DSNET_EINVAL, 0, "feature gates: NULL argument");
  memset(out, 0, sizeof *out);
  unsigned m = minor ? minor : DSNET_K8S_NEWEST_MINOR;
  for (size_t i = 0; i < len;) {
    size_t end = i;
    while (end < len && s[end] != ',')
      end++;
    const char *eq = memchr(s + i, '=', end - i);
    dsnet_strview pair = {s + i, end - i};
    if (end > i && !eq)
      return feature_fail(err, out, i, "feature gates: malformed pair '%.*s', expect string=bool%s",
                          pair, "");
    if (end > i) {
      dsnet_strview name = go_trim(s + i, (size_t)(eq - (s + i)));
      dsnet_strview val = go_trim(eq + 1, (size_t)(s + end - eq - 1));
      int b = parse_bool(val);
      if (b < 0)
        return feature_fail(err, out, i, "feature gates: invalid value of '%.*s': %s", pair,
                            "not one of true, false, 1, 0, t, f");
      int f = -1;
      for (int k = 0; k < DSNET_K8S_FEATURE_COUNT; k++)
        if (dsnet__sv_eq(name, features[k].name))
          f = k;
      if (f < 0)
        return feature_fail(err, out, i, "unrecognized feature gate: %.*s (dsnet models %s)", name,
                            "StrictIPCIDRValidation, MultiCIDRServiceAllocator, "
                            "DisableAllocatorDualWrite, NFTablesProxyMode");
      if (!dsnet_k8s_feature_exists((dsnet_k8s_feature)f, m)) {
        char why[64];
        snprintf(why, sizeof why, "1.%u; it exists from 1.%u", m, features[f].stage[0].minor);
        return feature_fail(err, out, i, "unrecognized feature gate: %.*s (not in Kubernetes %s)",
                            name, why);
      }
      bool def = dsnet_k8s_feature_default((dsnet_k8s_feature)f, m);
      if (dsnet_k8s_feature_locked((dsnet_k8s_feature)f, m) && (b != 0) != def) {
        char why[64];
        snprintf(why, sizeof why, "%s, feature is locked to %s in Kubernetes 1.%u",
                 b ? "true" : "false", def ? "true" : "false", m);
        return feature_fail(err, out, i, "cannot set feature gate %.*s to %s", name, why);
      }
      out->set |= 1u << f;
      out->on = b ? out->on | 1u << f : out->on & ~(1u << f);
    }
    i = end + 1;
  }
  return dsnet__ok(err);
}

void dsnet_k8s_rules_of(unsigned minor, dsnet_k8s_rules *out) {
  dsnet_k8s_rules_with(minor, NULL, out);
}

void dsnet_k8s_rules_with(unsigned minor, const dsnet_k8s_features *given, dsnet_k8s_rules *out) {
  out->minor = minor ? minor : DSNET_K8S_NEWEST_MINOR;
  out->dual_stack = dsnet_k8s_gate_open(DSNET_K8S_GATE_DUAL_STACK, minor);
  out->per_family_mask_flags = dsnet_k8s_gate_open(DSNET_K8S_GATE_PER_FAMILY_MASK_FLAGS, minor);
  out->kube_proxy_iptables_dual_stack =
      dsnet_k8s_gate_open(DSNET_K8S_GATE_KUBE_PROXY_IPTABLES_DUAL_STACK, minor);
  out->dual_stack_services = dsnet_k8s_gate_open(DSNET_K8S_GATE_DUAL_STACK_SERVICES, minor);
  out->current_mask_rules = dsnet_k8s_gate_open(DSNET_K8S_GATE_CURRENT_MASK_RULES, minor);
  out->no_implied_require_dual_stack =
      dsnet_k8s_gate_open(DSNET_K8S_GATE_NO_IMPLIED_REQUIRE_DUAL_STACK, minor);
  out->features = 0;
  for (int f = 0; f < DSNET_K8S_FEATURE_COUNT; f++)
    if (dsnet_k8s_feature_enabled((dsnet_k8s_feature)f, minor, given))
      out->features |= 1u << f;
  bool multi = out->features & 1u << DSNET_K8S_FEATURE_MULTI_CIDR_SERVICE_ALLOCATOR;
  bool no_dual_write = out->features & 1u << DSNET_K8S_FEATURE_DISABLE_ALLOCATOR_DUAL_WRITE;
  /* cmd/kube-apiserver/app/options/validation.go validateMaxCIDRRange:
   * maxCIDRBits 20; 1.27-1.30 with MultiCIDRServiceAllocator 64; from 1.31
   * no check when both gates are on (UNCAPPED_SERVICE_RANGE is the release
   * where both default on) */
  bool dual_write_era =
      dsnet_k8s_feature_exists(DSNET_K8S_FEATURE_DISABLE_ALLOCATOR_DUAL_WRITE, minor);
  out->service_max_host_bits = dual_write_era ? (multi && no_dual_write ? 0 : 20) : multi ? 64 : 20;
  out->service_allocate_before_validate =
      dsnet_k8s_gate_open(DSNET_K8S_GATE_SERVICE_ALLOCATE_BEFORE_VALIDATE, minor);
  out->json_field_values = dsnet_k8s_gate_open(DSNET_K8S_GATE_JSON_FIELD_VALUES, minor);
  out->kube_proxy_ipvs_deprecated =
      dsnet_k8s_gate_open(DSNET_K8S_GATE_KUBE_PROXY_IPVS_DEPRECATED, minor);
  out->kube_proxy_nftables = out->features & 1u << DSNET_K8S_FEATURE_NFTABLES_PROXY_MODE;
  out->strict_ip_cidr_validation =
      out->features & 1u << DSNET_K8S_FEATURE_STRICT_IP_CIDR_VALIDATION;
  /* pkg/registry/core/service/ipallocator: MultiCIDRServiceAllocator puts the
   * MetaAllocator (IPAddress objects) in front; it keeps writing the bitmap
   * until DisableAllocatorDualWrite, which exists from 1.31 (before it, the
   * dual write was unconditional) */
  out->service_ip_multi_cidr_allocator = multi;
  out->service_ip_bitmap = !multi || !dual_write_era || !no_dual_write;
}
