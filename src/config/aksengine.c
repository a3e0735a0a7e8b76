/* dsnet config module, the AKS Engine API model (kubernetes.json, vlabs):
 * the fields AKS Engine's own validation reads for a dual-stack cluster's
 * networking (pkg/api/vlabs/types.go and validate.go), into the plan of the
 * aks-engine profile. The e2e test configuration wraps the model in
 * "apiModel". Fields of the sections read that dsnet does not know are
 * reported, the other sections (linuxProfile, servicePrincipalProfile, ...)
 * are taken as they are. */
#include <stdio.h>
#include <string.h>

#include "config_int.h"

typedef dsnet__cfg_doc doc;

static const char *at(char buf[DSNET_CONFIG_PATH_MAX], const char *rest) {
  dsnet__cfg_fmt(buf, DSNET_CONFIG_PATH_MAX, "properties.%s", rest);
  return buf;
}

static void take(doc *d, const yaml_node_t *n, const char *path, dsnet_config_field f) {
  dsnet__cfg_take(d, n, path, f, true); /* "" is AKS Engine's unset */
}

static void typed(doc *d, const yaml_node_t *m, const char *key, const char *path) {
  dsnet__cfg_typed(d, dsnet__cfg_get(d, m, key), path);
}

static bool is_true(const yaml_node_t *n) {
  return n && n->type == YAML_SCALAR_NODE && n->data.scalar.length == 4 &&
         memcmp(n->data.scalar.value, "true", 4) == 0;
}

/* A JSON boolean field into a ::dsnet_aksengine_flags field; another value is
 * config_field_invalid. */
static void boolean(doc *d, const yaml_node_t *m, const char *key, const char *path,
                    dsnet_config_field f) {
  const yaml_node_t *n = dsnet__cfg_get(d, m, key);
  size_t len;
  const char *v = n ? dsnet__cfg_scalar(d, n, path, &len) : NULL;
  if (!v)
    return;
  if ((len == 4 && memcmp(v, "true", 4) == 0) || (len == 5 && memcmp(v, "false", 5) == 0))
    dsnet__cfg_set_uint(d, f, len == 4, n, path);
  else
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", n, path,
                      "%s: \"%.*s\" is not true or false", path, (int)(len > 40 ? 40 : len), v);
}

/* A pool's string field, typed and kept. */
static void pool_text(doc *d, const yaml_node_t *m, const char *key, const char *base,
                      dsnet_strview *out) {
  char p[2 * DSNET_CONFIG_PATH_MAX]; /* (cut to the origin's size when stored) */
  dsnet__cfg_fmt(p, sizeof p, "%s.%s", base, key);
  const yaml_node_t *n = dsnet__cfg_get(d, m, key);
  size_t len;
  const char *v = n ? dsnet__cfg_scalar(d, n, p, &len) : NULL;
  if (v)
    *out = dsnet__cfg_keep(d, v, len, n, p);
}

/* masterProfile or an agentPoolProfiles entry into a node pool; its count
 * into *sum. */
static void node_pool(doc *d, const yaml_node_t *m, const char *base, bool master, uint64_t *sum) {
  dsnet_node_pool *pool = dsnet__cfg_node_pool(d, m, base);
  char p[2 * DSNET_CONFIG_PATH_MAX];
  dsnet__cfg_fmt(p, sizeof p, "%s.count", base);
  const yaml_node_t *n = dsnet__cfg_get(d, m, "count");
  uint64_t v = 0;
  if (n && dsnet__cfg_uint(d, n, p, 100000, &v))
    *sum += v;
  if (!pool)
    return;
  pool->control_plane = master;
  pool->count = v;
  if (!master)
    pool_text(d, m, "name", base, &pool->name);
  pool_text(d, m, "osType", base, &pool->os_type);
  pool_text(d, m, "distro", base, &pool->distro);
  pool_text(d, m, "vnetSubnetID", base, &pool->subnet);
  pool_text(d, m, "availabilityProfile", base, &pool->availability);
  if (master)
    pool_text(d, m, "firstConsecutiveStaticIP", base, &pool->first_ip);
}

/* The component flags of a *Config map dsnet reads; the rest are typed. */
static void component_config(doc *d, const yaml_node_t *m, const char *path) {
  char p[DSNET_CONFIG_PATH_MAX];
  if (!m || !dsnet__cfg_is_map(d, m, path))
    return;
  for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
    const yaml_node_t *k = yaml_document_get_node(d->doc, pr->key),
                      *v = yaml_document_get_node(d->doc, pr->value);
    size_t kl, vl;
    const char *name = dsnet__cfg_scalar(d, k, path, &kl);
    if (!name)
      continue;
    dsnet__cfg_fmt(p, sizeof p, "%s.%.*s", path, (int)(kl > 40 ? 40 : kl), name);
    static const struct {
      const char *flag;
      dsnet_config_field field;
    } flags[] = {{"--node-cidr-mask-size", DSNET_CONFIG_FIELD_NODE_MASK_SIZE},
                 {"--node-cidr-mask-size-ipv4", DSNET_CONFIG_FIELD_NODE_MASK_SIZE_IPV4},
                 {"--node-cidr-mask-size-ipv6", DSNET_CONFIG_FIELD_NODE_MASK_SIZE_IPV6},
                 {"--max-pods", DSNET_CONFIG_FIELD_MAX_PODS}};
    bool done = false;
    for (size_t i = 0; i < sizeof flags / sizeof flags[0] && !done; i++) {
      if (kl != strlen(flags[i].flag) || memcmp(name, flags[i].flag, kl) != 0)
        continue;
      uint64_t n;
      if (dsnet__cfg_uint(d, v, p, flags[i].field == DSNET_CONFIG_FIELD_MAX_PODS ? 1000000 : 255,
                          &n))
        dsnet__cfg_set_uint(d, flags[i].field, n, v, p);
      done = true;
    }
    if (!done)
      (void)dsnet__cfg_scalar(d, v, p, &vl); /* every flag value is a string */
  }
}

static const char *const kubernetes_config_fields[] = {"kubernetesImageBase",
                                                       "kubernetesImageBaseType",
                                                       "mcrKubernetesImageBase",
                                                       "clusterSubnet",
                                                       "networkPolicy",
                                                       "networkPlugin",
                                                       "networkMode",
                                                       "containerRuntime",
                                                       "maxPods",
                                                       "dockerBridgeSubnet",
                                                       "dnsServiceIP",
                                                       "serviceCidr",
                                                       "useManagedIdentity",
                                                       "userAssignedID",
                                                       "userAssignedClientID",
                                                       "customHyperkubeImage",
                                                       "customKubeAPIServerImage",
                                                       "customKubeControllerManagerImage",
                                                       "customKubeProxyImage",
                                                       "customKubeSchedulerImage",
                                                       "customKubeBinaryURL",
                                                       "dockerEngineVersion",
                                                       "mobyVersion",
                                                       "containerdVersion",
                                                       "customCcmImage",
                                                       "useCloudControllerManager",
                                                       "customWindowsPackageURL",
                                                       "windowsNodeBinariesURL",
                                                       "windowsContainerdURL",
                                                       "windowsSdnPluginURL",
                                                       "useInstanceMetadata",
                                                       "enableRbac",
                                                       "enableSecureKubelet",
                                                       "enableAggregatedAPIs",
                                                       "privateCluster",
                                                       "gchighthreshold",
                                                       "gclowthreshold",
                                                       "etcdVersion",
                                                       "etcdDiskSizeGB",
                                                       "etcdStorageLimitGB",
                                                       "etcdEncryptionKey",
                                                       "enableDataEncryptionAtRest",
                                                       "enableEncryptionWithExternalKms",
                                                       "enablePodSecurityPolicy",
                                                       "addons",
                                                       "components",
                                                       "containerRuntimeConfig",
                                                       "kubeletConfig",
                                                       "controllerManagerConfig",
                                                       "cloudControllerManagerConfig",
                                                       "apiServerConfig",
                                                       "schedulerConfig",
                                                       "podSecurityPolicyConfig",
                                                       "kubeReservedCgroup",
                                                       "cloudProviderBackoffMode",
                                                       "cloudProviderBackoff",
                                                       "cloudProviderBackoffRetries",
                                                       "cloudProviderBackoffJitter",
                                                       "cloudProviderBackoffDuration",
                                                       "cloudProviderBackoffExponent",
                                                       "cloudProviderRateLimit",
                                                       "cloudProviderRateLimitQPS",
                                                       "cloudProviderRateLimitQPSWrite",
                                                       "cloudProviderRateLimitBucket",
                                                       "cloudProviderRateLimitBucketWrite",
                                                       "cloudProviderDisableOutboundSNAT",
                                                       "nonMasqueradeCidr",
                                                       "nodeStatusUpdateFrequency",
                                                       "hardEvictionThreshold",
                                                       "ctrlMgrNodeMonitorGracePeriod",
                                                       "ctrlMgrPodEvictionTimeout",
                                                       "ctrlMgrRouteReconciliationPeriod",
                                                       "loadBalancerSku",
                                                       "excludeMasterFromStandardLB",
                                                       "loadBalancerOutboundIPs",
                                                       "azureCNIVersion",
                                                       "azureCNIURLLinux",
                                                       "azureCNIURLWindows",
                                                       "keyVaultSku",
                                                       "maximumLoadBalancerRuleCount",
                                                       "kubeProxyMode",
                                                       "privateJumpboxProvision",
                                                       "outboundRuleIdleTimeoutInMinutes",
                                                       "microsoftAptRepositoryURL",
                                                       "enableMultipleStandardLoadBalancers",
                                                       "tags",
                                                       "sysctldConfig",
                                                       "systemdConfig",
                                                       NULL};

static void kubernetes_config(doc *d, const yaml_node_t *kc) {
  char p[DSNET_CONFIG_PATH_MAX];
  const char *base = "orchestratorProfile.kubernetesConfig";
  if (!dsnet__cfg_is_map(d, kc, at(p, base)))
    return;
  dsnet__cfg_known(d, kc, p, kubernetes_config_fields);
  static const struct {
    const char *key;
    int field; /* -1: typed only */
  } strings[] = {{"clusterSubnet", DSNET_CONFIG_FIELD_CLUSTER_CIDR},
                 {"serviceCidr", DSNET_CONFIG_FIELD_SERVICE_CIDR},
                 {"dnsServiceIP", DSNET_CONFIG_FIELD_DNS_SERVICE_IP},
                 {"dockerBridgeSubnet", DSNET_CONFIG_FIELD_DOCKER_BRIDGE_SUBNET},
                 {"networkPlugin", DSNET_CONFIG_FIELD_NETWORK_PLUGIN},
                 {"kubeProxyMode", DSNET_CONFIG_FIELD_KUBE_PROXY_MODE},
                 {"networkPolicy", DSNET_CONFIG_FIELD_NETWORK_POLICY},
                 {"networkMode", DSNET_CONFIG_FIELD_NETWORK_MODE},
                 {"loadBalancerSku", DSNET_CONFIG_FIELD_LOAD_BALANCER_SKU},
                 {"nonMasqueradeCidr", -1}};
  char sub[DSNET_CONFIG_PATH_MAX];
  for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
    const yaml_node_t *n = dsnet__cfg_get(d, kc, strings[i].key);
    dsnet__cfg_fmt(sub, sizeof sub, "%s.%s", base, strings[i].key);
    if (n && strings[i].field >= 0)
      take(d, n, at(p, sub), (dsnet_config_field)strings[i].field);
    else if (n)
      typed(d, kc, strings[i].key, at(p, sub));
  }
  boolean(d, kc, "excludeMasterFromStandardLB",
          at(p, "orchestratorProfile.kubernetesConfig.excludeMasterFromStandardLB"),
          DSNET_CONFIG_FIELD_EXCLUDE_MASTER_FROM_STANDARD_LB);
  const yaml_node_t *n = dsnet__cfg_get(d, kc, "loadBalancerOutboundIPs");
  uint64_t v;
  if (n &&
      !(n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
        n->data.scalar.length == 4 && memcmp(n->data.scalar.value, "null", 4) == 0) &&
      dsnet__cfg_uint(d, n, at(p, "orchestratorProfile.kubernetesConfig.loadBalancerOutboundIPs"),
                      1000000, &v))
    dsnet__cfg_set_uint(d, DSNET_CONFIG_FIELD_LOAD_BALANCER_OUTBOUND_IPS, 1, n, p);
  /* maxPods is the model's own field (AKS Engine checks it, E13) and the
   * default of kubelet's --max-pods: an explicit kubeletConfig entry, read
   * below, takes its place (AKS Engine's defaults), no conflict */
  n = dsnet__cfg_get(d, kc, "maxPods");
  if (n &&
      dsnet__cfg_uint(d, n, at(p, "orchestratorProfile.kubernetesConfig.maxPods"), 1000000, &v) &&
      v) {
    dsnet__cfg_set_uint(d, DSNET_CONFIG_FIELD_MODEL_MAX_PODS, v, n, p);
    if (!dsnet__cfg_get(d, dsnet__cfg_get(d, kc, "kubeletConfig"), "--max-pods"))
      dsnet__cfg_set_uint(d, DSNET_CONFIG_FIELD_MAX_PODS, v, n, p);
  }
  static const char *const components[] = {"kubeletConfig", "controllerManagerConfig",
                                           "apiServerConfig"};
  for (size_t i = 0; i < 3; i++) {
    dsnet__cfg_fmt(sub, sizeof sub, "%s.%s", base, components[i]);
    component_config(d, dsnet__cfg_get(d, kc, components[i]), at(p, sub));
  }
}

static const char *const properties_fields[] = {
    "provisioningState",  "orchestratorProfile", "masterProfile",  "agentPoolProfiles",
    "linuxProfile",       "extensionProfiles",   "windowsProfile", "servicePrincipalProfile",
    "certificateProfile", "aadProfile",          "azProfile",      "featureFlags",
    "customCloudProfile", "telemetryProfile",    "jumpboxProfile", NULL};
static const char *const orchestrator_fields[] = {"orchestratorType",    "orchestratorRelease",
                                                  "orchestratorVersion", "kubernetesConfig",
                                                  "featureFlags",        NULL};

bool dsnet__cfg_aks_engine(doc *d, const char *kind, const yaml_node_t *root) {
  const yaml_node_t *wrapped = dsnet__cfg_get(d, root, "apiModel");
  if (wrapped)
    root = wrapped;
  const yaml_node_t *props = dsnet__cfg_get(d, root, "properties");
  if (kind[0] || !props)
    return false; /* (a Kubernetes object has a kind; a model has properties) */
  d->kind = "properties";
  d->fold_keys = true; /* AKS Engine reads the model with encoding/json */
  char p[DSNET_CONFIG_PATH_MAX];
  if (!dsnet__cfg_is_map(d, props, "properties"))
    return true;
  dsnet__cfg_known(d, props, "properties", properties_fields);
  dsnet__cfg_set_uint(d, DSNET_CONFIG_FIELD_PROFILE, DSNET_PLAN_PROFILE_AKS_ENGINE, props,
                      "properties");
  const yaml_node_t *orch = dsnet__cfg_get(d, props, "orchestratorProfile");
  bool dual = false;
  if (orch && dsnet__cfg_is_map(d, orch, at(p, "orchestratorProfile"))) {
    dsnet__cfg_known(d, orch, p, orchestrator_fields);
    const yaml_node_t *v = dsnet__cfg_get(d, orch, "orchestratorVersion");
    size_t len;
    if (!v || !dsnet__cfg_scalar(d, v, "", &len) || len == 0)
      v = dsnet__cfg_get(d, orch, "orchestratorRelease");
    if (v)
      take(d, v,
           at(p, v == dsnet__cfg_get(d, orch, "orchestratorVersion")
                     ? "orchestratorProfile.orchestratorVersion"
                     : "orchestratorProfile.orchestratorRelease"),
           DSNET_CONFIG_FIELD_KUBERNETES_VERSION);
    typed(d, orch, "orchestratorType", at(p, "orchestratorProfile.orchestratorType"));
    const yaml_node_t *kc = dsnet__cfg_get(d, orch, "kubernetesConfig");
    if (kc)
      kubernetes_config(d, kc);
    /* the early models (2019) put the feature flag here */
    dual =
        is_true(dsnet__cfg_get(d, dsnet__cfg_get(d, orch, "featureFlags"), "enableIPv6DualStack"));
  }
  const yaml_node_t *ff = dsnet__cfg_get(d, props, "featureFlags");
  if (ff && dsnet__cfg_is_map(d, ff, at(p, "featureFlags"))) {
    dual = dual || is_true(dsnet__cfg_get(d, ff, "enableIPv6DualStack"));
    boolean(d, ff, "enableIPv6Only", at(p, "featureFlags.enableIPv6Only"),
            DSNET_CONFIG_FIELD_IPV6_ONLY);
  }
  if (!dual)
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", ff ? ff : props,
                      "properties.featureFlags.enableIPv6DualStack",
                      "featureFlags.enableIPv6DualStack is not true: not a dual-stack cluster "
                      "(dsnet plans dual-stack models)");
  uint64_t nodes = 0;
  const yaml_node_t *master = dsnet__cfg_get(d, props, "masterProfile");
  if (master && dsnet__cfg_is_map(d, master, at(p, "masterProfile"))) {
    node_pool(d, master, "properties.masterProfile", true, &nodes);
    const yaml_node_t *vnet = dsnet__cfg_get(d, master, "vnetCidr");
    if (vnet)
      take(d, vnet, at(p, "masterProfile.vnetCidr"), DSNET_CONFIG_FIELD_VNET_CIDR);
  }
  const yaml_node_t *pools = dsnet__cfg_get(d, props, "agentPoolProfiles");
  if (pools && pools->type != YAML_SEQUENCE_NODE) {
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", pools,
                      "properties.agentPoolProfiles", "agentPoolProfiles: expected a list");
  } else if (pools) {
    size_t i = 0;
    for (yaml_node_item_t *it = pools->data.sequence.items.start;
         it < pools->data.sequence.items.top; it++, i++) {
      const yaml_node_t *e = yaml_document_get_node(d->doc, *it);
      char ep[DSNET_CONFIG_PATH_MAX];
      dsnet__cfg_fmt(ep, sizeof ep, "properties.agentPoolProfiles[%zu]", i);
      if (dsnet__cfg_is_map(d, e, ep))
        node_pool(d, e, ep, false, &nodes);
    }
  }
  if (nodes)
    dsnet__cfg_set_uint(d, DSNET_CONFIG_FIELD_NODES, nodes, pools ? pools : props,
                        "properties.masterProfile.count + agentPoolProfiles[].count");
  const yaml_node_t *win = dsnet__cfg_get(d, props, "windowsProfile");
  if (win && dsnet__cfg_is_map(d, win, at(p, "windowsProfile"))) {
    /* the image's version names its build; "latest" says nothing, the SKU does */
    const yaml_node_t *iv = dsnet__cfg_get(d, win, "imageVersion");
    size_t len = 0;
    const char *v =
        iv ? dsnet__cfg_scalar(d, iv, at(p, "windowsProfile.imageVersion"), &len) : NULL;
    if (v && len && !(len == 6 && memcmp(v, "latest", 6) == 0))
      take(d, iv, at(p, "windowsProfile.imageVersion"), DSNET_CONFIG_FIELD_WINDOWS_VERSION);
    else if (dsnet__cfg_get(d, win, "windowsSku"))
      take(d, dsnet__cfg_get(d, win, "windowsSku"), at(p, "windowsProfile.windowsSku"),
           DSNET_CONFIG_FIELD_WINDOWS_VERSION);
  }
  const yaml_node_t *cc = dsnet__cfg_get(d, props, "customCloudProfile");
  if (cc && dsnet__cfg_is_map(d, cc, at(p, "customCloudProfile")))
    dsnet__cfg_set_uint(d, DSNET_CONFIG_FIELD_AZURE_STACK, 1, cc, p);
  return true;
}
