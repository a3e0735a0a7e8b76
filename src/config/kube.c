/* dsnet config module, the formats: kubeadm's configuration stream (its
 * ClusterConfiguration and InitConfiguration, and the kube-proxy and
 * kubelet configurations it carries) and kind's Cluster. Field names,
 * forms and defaults are those of kubeadm's v1beta3 and v1beta4 API
 * (cmd/kubeadm/app/apis/kubeadm), kube-proxy's and kubelet's v1alpha1 and
 * v1beta1 config APIs, and kind's v1alpha4 (pkg/apis/config/v1alpha4). */
#include <stdio.h>
#include <string.h>

#include "config_int.h"

typedef dsnet__cfg_doc doc;

#define REPORT(d, sev, code, n, path, ...) dsnet__cfg_report(d, sev, code, n, path, __VA_ARGS__)

#define at dsnet__cfg_at

static bool eq(const char *s, size_t len, const char *lit) {
  return len == strlen(lit) && memcmp(s, lit, len) == 0;
}

static void take(doc *d, const yaml_node_t *n, const char *path, dsnet_config_field f) {
  dsnet__cfg_take(d, n, path, f, false);
}

/* ---- kubeadm's extra arguments ----------------------------------------------------- */

/* What a component's extraArgs say about the plan. */
typedef struct arg_rule {
  const char *name;
  int field; /* a dsnet_config_field, or -1: read and typed only */
  bool number;
} arg_rule;

static const arg_rule controller_manager_args[] = {
    {"cluster-cidr", DSNET_CONFIG_FIELD_CLUSTER_CIDR, false},
    {"node-cidr-mask-size", DSNET_CONFIG_FIELD_NODE_MASK_SIZE, true},
    {"node-cidr-mask-size-ipv4", DSNET_CONFIG_FIELD_NODE_MASK_SIZE_IPV4, true},
    {"node-cidr-mask-size-ipv6", DSNET_CONFIG_FIELD_NODE_MASK_SIZE_IPV6, true},
    {"service-cluster-ip-range", -1, false},
    {"allocate-node-cidrs", -1, false},
    {"feature-gates", DSNET_CONFIG_FIELD_FEATURE_GATES, false},
    {NULL, -1, false}};

static const arg_rule api_server_args[] = {
    {"service-cluster-ip-range", DSNET_CONFIG_FIELD_SERVICE_CIDR, false},
    {"advertise-address", DSNET_CONFIG_FIELD_ADVERTISE_ADDRESS, false},
    {"feature-gates", DSNET_CONFIG_FIELD_FEATURE_GATES, false},
    {NULL, -1, false}};

static const arg_rule kubelet_args[] = {{"node-ip", DSNET_CONFIG_FIELD_NODE_IP, false},
                                        {"max-pods", DSNET_CONFIG_FIELD_MAX_PODS, true},
                                        {"cluster-dns", DSNET_CONFIG_FIELD_DNS_SERVICE_IP, false},
                                        {NULL, -1, false}};

static void one_arg(doc *d, const arg_rule *rules, const char *name, size_t nlen,
                    const yaml_node_t *value, const char *path) {
  for (const arg_rule *r = rules; r->name; r++) {
    if (!eq(name, nlen, r->name))
      continue;
    if (r->field < 0) {
      dsnet__cfg_typed(d, value, path);
    } else if (r->number) {
      uint64_t v;
      if (dsnet__cfg_uint(d, value, path,
                          r->field == DSNET_CONFIG_FIELD_MAX_PODS ? UINT64_MAX : 255, &v))
        dsnet__cfg_set_uint(d, (dsnet_config_field)r->field, v, value, path);
    } else {
      take(d, value, path, (dsnet_config_field)r->field);
    }
    return;
  }
  dsnet__cfg_typed(d, value, path); /* any other flag: a string, not read */
}

/* extraArgs: v1beta3's map of flag to value, v1beta4's list of {name, value}
 * (a later entry of the same name wins, as kubeadm builds the command line). */
static void extra_args(doc *d, const yaml_node_t *n, const char *base, const arg_rule *rules) {
  char path[DSNET_CONFIG_PATH_MAX], p2[DSNET_CONFIG_PATH_MAX];
  if (!n)
    return;
  if (n->type == YAML_MAPPING_NODE) {
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
      const yaml_node_t *k = yaml_document_get_node(d->doc, p->key);
      size_t klen;
      const char *name = dsnet__cfg_scalar(d, k, at(path, d, base), &klen);
      if (!name)
        continue;
      dsnet__cfg_fmt(p2, sizeof p2, "%s.%s.%.*s", d->kind, base, (int)(klen > 40 ? 40 : klen),
                     name);
      one_arg(d, rules, name, klen, yaml_document_get_node(d->doc, p->value), p2);
    }
    return;
  }
  if (n->type != YAML_SEQUENCE_NODE) {
    REPORT(d, DSNET_SEVERITY_ERROR, "config_field_invalid", n, at(path, d, base),
           "%s: expected a mapping (v1beta3) or a list of name/value (v1beta4)", path);
    return;
  }
  static const char *const entry_fields[] = {"name", "value", NULL};
  size_t i = 0;
  for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
       it++, i++) {
    const yaml_node_t *e = yaml_document_get_node(d->doc, *it);
    dsnet__cfg_fmt(p2, sizeof p2, "%s.%s[%zu]", d->kind, base, i);
    if (!dsnet__cfg_is_map(d, e, p2))
      continue;
    dsnet__cfg_known(d, e, p2, entry_fields);
    size_t klen;
    const char *name = dsnet__cfg_scalar(d, dsnet__cfg_get(d, e, "name"), p2, &klen);
    if (!name) {
      if (!dsnet__cfg_get(d, e, "name"))
        REPORT(d, DSNET_SEVERITY_ERROR, "config_field_invalid", e, p2, "%s: no name", p2);
      continue;
    }
    const yaml_node_t *v = dsnet__cfg_get(d, e, "value");
    dsnet__cfg_fmt(path, sizeof path, "%s.%s[%zu](%.*s)", d->kind, base, i,
                   (int)(klen > 40 ? 40 : klen), name);
    if (v)
      one_arg(d, rules, name, klen, v, path);
  }
}

/* ---- kubeadm ------------------------------------------------------------------------- */

static const char *const cluster_fields[] = {"apiVersion",
                                             "kind",
                                             "etcd",
                                             "networking",
                                             "kubernetesVersion",
                                             "controlPlaneEndpoint",
                                             "apiServer",
                                             "controllerManager",
                                             "scheduler",
                                             "dns",
                                             "proxy",
                                             "certificatesDir",
                                             "imageRepository",
                                             "featureGates",
                                             "clusterName",
                                             "encryptionAlgorithm",
                                             "certificateValidityPeriod",
                                             "caCertificateValidityPeriod",
                                             NULL};
static const char *const networking_fields[] = {"serviceSubnet", "podSubnet", "dnsDomain", NULL};
static const char *const api_server_fields[] = {"extraArgs", "extraVolumes",           "extraEnvs",
                                                "certSANs",  "timeoutForControlPlane", NULL};
static const char *const component_fields[] = {"extraArgs", "extraVolumes", "extraEnvs", NULL};

static void cluster_configuration(doc *d, const yaml_node_t *root) {
  char path[DSNET_CONFIG_PATH_MAX];
  dsnet__cfg_known(d, root, d->kind, cluster_fields);
  const yaml_node_t *v = dsnet__cfg_get(d, root, "kubernetesVersion");
  if (v)
    take(d, v, at(path, d, "kubernetesVersion"), DSNET_CONFIG_FIELD_KUBERNETES_VERSION);
  const yaml_node_t *net = dsnet__cfg_get(d, root, "networking");
  if (net && dsnet__cfg_is_map(d, net, at(path, d, "networking"))) {
    dsnet__cfg_known(d, net, path, networking_fields);
    if ((v = dsnet__cfg_get(d, net, "podSubnet")))
      take(d, v, at(path, d, "networking.podSubnet"), DSNET_CONFIG_FIELD_CLUSTER_CIDR);
    if ((v = dsnet__cfg_get(d, net, "serviceSubnet")))
      take(d, v, at(path, d, "networking.serviceSubnet"), DSNET_CONFIG_FIELD_SERVICE_CIDR);
    if ((v = dsnet__cfg_get(d, net, "dnsDomain")))
      dsnet__cfg_typed(d, v, at(path, d, "networking.dnsDomain"));
  }
  const yaml_node_t *api = dsnet__cfg_get(d, root, "apiServer");
  if (api && dsnet__cfg_is_map(d, api, at(path, d, "apiServer"))) {
    dsnet__cfg_known(d, api, path, api_server_fields);
    extra_args(d, dsnet__cfg_get(d, api, "extraArgs"), "apiServer.extraArgs", api_server_args);
  }
  const yaml_node_t *cm = dsnet__cfg_get(d, root, "controllerManager");
  if (cm && dsnet__cfg_is_map(d, cm, at(path, d, "controllerManager"))) {
    dsnet__cfg_known(d, cm, path, component_fields);
    extra_args(d, dsnet__cfg_get(d, cm, "extraArgs"), "controllerManager.extraArgs",
               controller_manager_args);
  }
}

static const char *const init_fields[] = {"apiVersion",
                                          "kind",
                                          "bootstrapTokens",
                                          "nodeRegistration",
                                          "localAPIEndpoint",
                                          "certificateKey",
                                          "skipPhases",
                                          "patches",
                                          "timeouts",
                                          "dryRun",
                                          NULL};
static const char *const node_registration_fields[] = {"name",
                                                       "criSocket",
                                                       "taints",
                                                       "kubeletExtraArgs",
                                                       "ignorePreflightErrors",
                                                       "imagePullPolicy",
                                                       "imagePullSerial",
                                                       NULL};
static const char *const endpoint_fields[] = {"advertiseAddress", "bindPort", NULL};

static void init_configuration(doc *d, const yaml_node_t *root) {
  char path[DSNET_CONFIG_PATH_MAX];
  dsnet__cfg_known(d, root, d->kind, init_fields);
  const yaml_node_t *ep = dsnet__cfg_get(d, root, "localAPIEndpoint");
  if (ep && dsnet__cfg_is_map(d, ep, at(path, d, "localAPIEndpoint"))) {
    dsnet__cfg_known(d, ep, path, endpoint_fields);
    const yaml_node_t *a = dsnet__cfg_get(d, ep, "advertiseAddress");
    if (a) /* (kubeadm passes it to kube-apiserver as --advertise-address) */
      take(d, a, at(path, d, "localAPIEndpoint.advertiseAddress"),
           DSNET_CONFIG_FIELD_ADVERTISE_ADDRESS);
  }
  const yaml_node_t *nr = dsnet__cfg_get(d, root, "nodeRegistration");
  if (nr && dsnet__cfg_is_map(d, nr, at(path, d, "nodeRegistration"))) {
    dsnet__cfg_known(d, nr, path, node_registration_fields);
    extra_args(d, dsnet__cfg_get(d, nr, "kubeletExtraArgs"), "nodeRegistration.kubeletExtraArgs",
               kubelet_args);
  }
}

static const char *const kube_proxy_fields[] = {"apiVersion",
                                                "kind",
                                                "featureGates",
                                                "clientConnection",
                                                "hostnameOverride",
                                                "bindAddress",
                                                "healthzBindAddress",
                                                "metricsBindAddress",
                                                "bindAddressHardFail",
                                                "enableProfiling",
                                                "showHiddenMetricsForVersion",
                                                "mode",
                                                "iptables",
                                                "ipvs",
                                                "nftables",
                                                "winkernel",
                                                "detectLocalMode",
                                                "detectLocal",
                                                "clusterCIDR",
                                                "nodePortAddresses",
                                                "oomScoreAdj",
                                                "conntrack",
                                                "configSyncPeriod",
                                                "portRange",
                                                "logging",
                                                "linux",
                                                "windows",
                                                NULL};

/* featureGates: a map of name to bool, into --feature-gates text. */
static void feature_gates(doc *d, const yaml_node_t *n, const char *path) {
  if (!dsnet__cfg_is_map(d, n, path))
    return;
  char text[512];
  size_t used = 0;
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
    size_t kl, vl;
    const char *k = dsnet__cfg_scalar(d, yaml_document_get_node(d->doc, p->key), path, &kl);
    const char *v = dsnet__cfg_scalar(d, yaml_document_get_node(d->doc, p->value), path, &vl);
    if (!k || !v)
      continue;
    int w = snprintf(text + used, sizeof text - used, "%s%.*s=%.*s", used ? "," : "", (int)kl, k,
                     (int)vl, v);
    if (w < 0 || (size_t)w >= sizeof text - used) {
      REPORT(d, DSNET_SEVERITY_ERROR, "config_field_invalid", n, path,
             "%s: more than %zu bytes of feature gates", path, sizeof text - 1);
      return;
    }
    used += (size_t)w;
  }
  dsnet__cfg_set(d, DSNET_CONFIG_FIELD_FEATURE_GATES, text, used, n, path);
}

static void kube_proxy_configuration(doc *d, const yaml_node_t *root) {
  char path[DSNET_CONFIG_PATH_MAX];
  dsnet__cfg_known(d, root, d->kind, kube_proxy_fields);
  const yaml_node_t *v;
  if ((v = dsnet__cfg_get(d, root, "mode"))) {
    size_t len;
    const char *s = dsnet__cfg_scalar(d, v, at(path, d, "mode"), &len);
    if (s && len) /* "" is kube-proxy's "the best available" (iptables on Linux) */
      dsnet__cfg_set(d, DSNET_CONFIG_FIELD_KUBE_PROXY_MODE, s, len, v, path);
  }
  if ((v = dsnet__cfg_get(d, root, "clusterCIDR")))
    take(d, v, at(path, d, "clusterCIDR"), DSNET_CONFIG_FIELD_CLUSTER_CIDR);
  if ((v = dsnet__cfg_get(d, root, "featureGates")))
    feature_gates(d, v, at(path, d, "featureGates"));
}

bool dsnet__cfg_kubeadm(doc *d, const char *api_version, const char *kind,
                        const yaml_node_t *root) {
  bool kubeadm = strcmp(api_version, "kubeadm.k8s.io/v1beta3") == 0 ||
                 strcmp(api_version, "kubeadm.k8s.io/v1beta4") == 0;
  if (kubeadm && strcmp(kind, "ClusterConfiguration") == 0)
    cluster_configuration(d, root);
  else if (kubeadm && strcmp(kind, "InitConfiguration") == 0)
    init_configuration(d, root);
  else if (kubeadm &&
           (strcmp(kind, "JoinConfiguration") == 0 || strcmp(kind, "ResetConfiguration") == 0 ||
            strcmp(kind, "UpgradeConfiguration") == 0))
    ; /* per-node and lifecycle settings: nothing of the cluster's networking */
  else if (strcmp(api_version, "kubeproxy.config.k8s.io/v1alpha1") == 0 &&
           strcmp(kind, "KubeProxyConfiguration") == 0)
    kube_proxy_configuration(d, root);
  else if (strcmp(api_version, "kubelet.config.k8s.io/v1beta1") == 0 &&
           strcmp(kind, "KubeletConfiguration") == 0)
    dsnet__cfg_kubelet(d, root);
  else
    return false;
  return true;
}

/* ---- kind ---------------------------------------------------------------------------- */

static const char *const kind_fields[] = {"apiVersion",
                                          "kind",
                                          "name",
                                          "featureGates",
                                          "runtimeConfig",
                                          "networking",
                                          "nodes",
                                          "kubeadmConfigPatches",
                                          "kubeadmConfigPatchesJSON6902",
                                          "containerdConfigPatches",
                                          "containerdConfigPatchesJSON6902",
                                          NULL};
static const char *const kind_networking_fields[] = {
    "ipFamily",          "apiServerPort", "apiServerAddress", "podSubnet", "serviceSubnet",
    "disableDefaultCNI", "kubeProxyMode", "dnsSearch",        NULL};

/* kind's defaults (v1alpha4 SetDefaultsCluster): by ipFamily, IPv4 first for dual. */
static void kind_defaults(doc *d, const char *family, size_t flen, const yaml_node_t *n,
                          const char *path, bool pods, bool services) {
  static const char *const v4[2] = {"10.244.0.0/16", "10.96.0.0/16"};
  static const char *const v6[2] = {"fd00:10:244::/56", "fd00:10:96::/112"};
  static const char *const dual[2] = {"10.244.0.0/16,fd00:10:244::/56",
                                      "10.96.0.0/16,fd00:10:96::/112"};
  const char *const *set = eq(family, flen, "ipv6") ? v6 : eq(family, flen, "dual") ? dual : v4;
  dsnet_config *cfg = d->cfg;
  /* a default never overrides another file's value */
  if (pods && !cfg->origin[DSNET_CONFIG_FIELD_CLUSTER_CIDR].set)
    dsnet__cfg_set(d, DSNET_CONFIG_FIELD_CLUSTER_CIDR, set[0], strlen(set[0]), n, path);
  if (services && !cfg->origin[DSNET_CONFIG_FIELD_SERVICE_CIDR].set)
    dsnet__cfg_set(d, DSNET_CONFIG_FIELD_SERVICE_CIDR, set[1], strlen(set[1]), n, path);
}

static void kind_cluster(doc *d, const yaml_node_t *root) {
  char path[DSNET_CONFIG_PATH_MAX];
  dsnet__cfg_known(d, root, d->kind, kind_fields);
  const yaml_node_t *net = dsnet__cfg_get(d, root, "networking"), *v;
  const char *family = "ipv4";
  size_t flen = 4;
  bool pods = true, services = true;
  if (net && dsnet__cfg_is_map(d, net, at(path, d, "networking"))) {
    dsnet__cfg_known(d, net, path, kind_networking_fields);
    if ((v = dsnet__cfg_get(d, net, "ipFamily"))) {
      const char *f = dsnet__cfg_scalar(d, v, at(path, d, "networking.ipFamily"), &flen);
      if (f && (eq(f, flen, "ipv4") || eq(f, flen, "ipv6") || eq(f, flen, "dual"))) {
        family = f;
      } else if (f) {
        REPORT(d, DSNET_SEVERITY_ERROR, "config_field_invalid", v, path,
               "%s: \"%.*s\" is not ipv4, ipv6 or dual", path, (int)(flen > 40 ? 40 : flen), f);
        flen = 4;
      }
    }
    if ((v = dsnet__cfg_get(d, net, "podSubnet"))) {
      take(d, v, at(path, d, "networking.podSubnet"), DSNET_CONFIG_FIELD_CLUSTER_CIDR);
      pods = false;
    }
    if ((v = dsnet__cfg_get(d, net, "serviceSubnet"))) {
      take(d, v, at(path, d, "networking.serviceSubnet"), DSNET_CONFIG_FIELD_SERVICE_CIDR);
      services = false;
    }
    if ((v = dsnet__cfg_get(d, net, "kubeProxyMode")))
      take(d, v, at(path, d, "networking.kubeProxyMode"), DSNET_CONFIG_FIELD_KUBE_PROXY_MODE);
  }
  kind_defaults(d, family, flen, net ? net : root, at(path, d, "networking (kind's default)"), pods,
                services);
  /* nodes: one control plane when absent */
  const yaml_node_t *nodes = dsnet__cfg_get(d, root, "nodes");
  uint64_t count = 1;
  if (nodes) {
    if (nodes->type != YAML_SEQUENCE_NODE) {
      REPORT(d, DSNET_SEVERITY_ERROR, "config_field_invalid", nodes, at(path, d, "nodes"),
             "%s: expected a list of nodes", path);
      return;
    }
    count = (uint64_t)(nodes->data.sequence.items.top - nodes->data.sequence.items.start);
  }
  dsnet__cfg_set_uint(d, DSNET_CONFIG_FIELD_NODES, count, nodes ? nodes : root,
                      at(path, d, nodes ? "nodes" : "nodes (kind's default: one)"));
}

bool dsnet__cfg_kind(doc *d, const char *api_version, const char *kind, const yaml_node_t *root) {
  if (strcmp(api_version, "kind.x-k8s.io/v1alpha4") != 0 || strcmp(kind, "Cluster") != 0)
    return false;
  kind_cluster(d, root);
  return true;
}
