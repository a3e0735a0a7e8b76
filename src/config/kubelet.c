/* dsnet config module, KubeletConfiguration (kubelet.config.k8s.io/v1beta1,
 * as kubeadm streams carry it): clusterDNS and maxPods are read; every other
 * field of the type is known, so a misspelt one is reported. */
#include <stdio.h>
#include <string.h>

#include "config_int.h"

typedef dsnet__cfg_doc doc;

#define REPORT(d, sev, code, n, path, ...) dsnet__cfg_report(d, sev, code, n, path, __VA_ARGS__)

#define at dsnet__cfg_at

/* The JSON names of KubeletConfiguration's fields:
 * staging/src/k8s.io/kubelet/config/v1beta1/types.go (kubernetes master,
 * 2026-11; a superset of v1.35.0's). Fields of older releases that are gone
 * are reported: kubelet refuses them too (strict decoding). */
static const char *const kubelet_fields[] = {"apiVersion",
                                             "kind",
                                             "enableServer",
                                             "staticPodPath",
                                             "podLogsDir",
                                             "syncFrequency",
                                             "fileCheckFrequency",
                                             "httpCheckFrequency",
                                             "staticPodURL",
                                             "staticPodURLHeader",
                                             "address",
                                             "port",
                                             "readOnlyPort",
                                             "tlsCertFile",
                                             "tlsPrivateKeyFile",
                                             "tlsCipherSuites",
                                             "tlsCurvePreferences",
                                             "tlsMinVersion",
                                             "rotateCertificates",
                                             "serverTLSBootstrap",
                                             "authentication",
                                             "authorization",
                                             "registryPullQPS",
                                             "registryBurst",
                                             "imagePullCredentialsVerificationPolicy",
                                             "preloadedImagesVerificationAllowlist",
                                             "eventRecordQPS",
                                             "eventBurst",
                                             "enableDebuggingHandlers",
                                             "enableContentionProfiling",
                                             "healthzPort",
                                             "healthzBindAddress",
                                             "oomScoreAdj",
                                             "clusterDomain",
                                             "clusterDNS",
                                             "streamingConnectionIdleTimeout",
                                             "nodeStatusUpdateFrequency",
                                             "nodeStatusReportFrequency",
                                             "nodeLeaseDurationSeconds",
                                             "imageMinimumGCAge",
                                             "imageMaximumGCAge",
                                             "imageGCHighThresholdPercent",
                                             "imageGCLowThresholdPercent",
                                             "volumeStatsAggPeriod",
                                             "kubeletCgroups",
                                             "systemCgroups",
                                             "cgroupRoot",
                                             "cgroupsPerQOS",
                                             "cgroupDriver",
                                             "cpuManagerPolicy",
                                             "singleProcessOOMKill",
                                             "cpuManagerPolicyOptions",
                                             "cpuManagerReconcilePeriod",
                                             "draManagerReconcilePeriod",
                                             "memoryManagerPolicy",
                                             "topologyManagerPolicy",
                                             "topologyManagerScope",
                                             "topologyManagerPolicyOptions",
                                             "qosReserved",
                                             "runtimeRequestTimeout",
                                             "hairpinMode",
                                             "maxPods",
                                             "podCIDR",
                                             "podPidsLimit",
                                             "resolvConf",
                                             "runOnce",
                                             "cpuCFSQuota",
                                             "cpuCFSQuotaPeriod",
                                             "nodeStatusMaxImages",
                                             "maxOpenFiles",
                                             "contentType",
                                             "kubeAPIQPS",
                                             "kubeAPIBurst",
                                             "serializeImagePulls",
                                             "maxParallelImagePulls",
                                             "evictionHard",
                                             "evictionSoft",
                                             "evictionSoftGracePeriod",
                                             "evictionPressureTransitionPeriod",
                                             "evictionMaxPodGracePeriod",
                                             "evictionMinimumReclaim",
                                             "mergeDefaultEvictionSettings",
                                             "podsPerCore",
                                             "enableControllerAttachDetach",
                                             "protectKernelDefaults",
                                             "makeIPTablesUtilChains",
                                             "iptablesMasqueradeBit",
                                             "iptablesDropBit",
                                             "featureGates",
                                             "failSwapOn",
                                             "memorySwap",
                                             "containerLogMaxSize",
                                             "containerLogMaxFiles",
                                             "containerLogMaxWorkers",
                                             "containerLogMonitorInterval",
                                             "configMapAndSecretChangeDetectionStrategy",
                                             "systemReserved",
                                             "kubeReserved",
                                             "reservedSystemCPUs",
                                             "showHiddenMetricsForVersion",
                                             "systemReservedCgroup",
                                             "kubeReservedCgroup",
                                             "enforceNodeAllocatable",
                                             "allowedUnsafeSysctls",
                                             "volumePluginDir",
                                             "providerID",
                                             "kernelMemcgNotification",
                                             "logging",
                                             "enableSystemLogHandler",
                                             "enableSystemLogQuery",
                                             "shutdownGracePeriod",
                                             "shutdownGracePeriodCriticalPods",
                                             "shutdownGracePeriodByPodPriority",
                                             "crashLoopBackOff",
                                             "reservedMemory",
                                             "enableProfilingHandler",
                                             "enableDebugFlagsHandler",
                                             "seccompDefault",
                                             "memoryThrottlingFactor",
                                             "memoryReservationPolicy",
                                             "registerWithTaints",
                                             "registerNode",
                                             "tracing",
                                             "localStorageCapacityIsolation",
                                             "containerRuntimeEndpoint",
                                             "imageServiceEndpoint",
                                             "failCgroupV1",
                                             "userNamespaces",
                                             NULL};

void dsnet__cfg_kubelet(doc *d, const yaml_node_t *root) {
  char path[DSNET_CONFIG_PATH_MAX];
  dsnet__cfg_known(d, root, d->kind, kubelet_fields);
  const yaml_node_t *v;
  if ((v = dsnet__cfg_get(d, root, "maxPods"))) {
    uint64_t n;
    if (dsnet__cfg_uint(d, v, at(path, d, "maxPods"), UINT64_MAX, &n))
      dsnet__cfg_set_uint(d, DSNET_CONFIG_FIELD_MAX_PODS, n, v, path);
  }
  if ((v = dsnet__cfg_get(d, root, "clusterDNS"))) {
    at(path, d, "clusterDNS");
    if (v->type != YAML_SEQUENCE_NODE) {
      REPORT(d, DSNET_SEVERITY_ERROR, "config_field_invalid", v, path, "%s: expected a list of IPs",
             path);
      return;
    }
    char text[256];
    size_t used = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
      size_t len;
      const char *s = dsnet__cfg_scalar(d, yaml_document_get_node(d->doc, *it), path, &len);
      if (!s)
        return;
      int w = snprintf(text + used, sizeof text - used, "%s%.*s", used ? "," : "", (int)len, s);
      if (w < 0 || (size_t)w >= sizeof text - used) {
        REPORT(d, DSNET_SEVERITY_ERROR, "config_field_invalid", v, path, "%s: too long", path);
        return;
      }
      used += (size_t)w;
    }
    if (used) /* (more than two entries: the plan's list rules say so) */
      dsnet__cfg_set(d, DSNET_CONFIG_FIELD_DNS_SERVICE_IP, text, used, v, path);
  }
}
