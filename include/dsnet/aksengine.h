/**
 * @file dsnet/aksengine.h
 * @brief AKS Engine's dual-stack networking rules: its validation of
 *        `orchestratorProfile.kubernetesConfig` (with its messages) and its
 *        defaults, including the fill-in of a single-family list.
 *
 * @defgroup aksengine AKS Engine
 * @{
 * AKS Engine (the tool the dual-stack page this project grew from documents)
 * validates the raw API model before defaulting it, and checks much less than
 * Kubernetes needs: no family check of the lists, no overlap, no node count
 * or max-pods check. This module reproduces what it does check, in its
 * order and words (`pkg/api/vlabs/validate.go`: the `KubernetesConfig.Validate`
 * checks numbered E1-E30 in reference/aks-engine-rules.md, and E31-E45, its
 * checks of the node pools, the load balancer, a custom VNet and Azure Stack
 * Hub, sections 2.3-2.6), with `enableIPv6DualStack` on, and its defaults
 * (`pkg/api/defaults.go`). Versions compare as semantic versions, as AKS
 * Engine's do: a pre-release sorts below its release.
 * Unlike AKS Engine, which stops at the first failing check, every failing
 * check is reported.
 *
 * @code
 * dsnet_aksengine_config cfg = {
 *     .orchestrator_version = {"1.20.15", 7}, .network_plugin = {"kubenet", 7},
 *     .cluster_subnet = {"10.244.0.0/16,fc00::/48", 23},
 *     .service_cidr = {"10.0.0.0/16,fd00::/108", 22}, .dns_service_ip = {"10.0.0.10", 9}};
 * dsnet_aksengine_error errs[DSNET_AKSENGINE_MAX_ERRORS];
 * size_t n;
 * dsnet_aksengine_validate(&cfg, errs, &n, NULL);   // n == 0: AKS Engine accepts it
 * @endcode
 */
#ifndef DSNET_AKSENGINE_H
#define DSNET_AKSENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "dsnet/error.h"
#include "dsnet/export.h"
#include "dsnet/pool.h"
#include "dsnet/service.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The Kubernetes version AKS Engine resolves for a model that names none:
 * its default release 1.23 (pkg/api/common/const.go KubernetesDefaultRelease)
 * at its newest patch in AKS Engine's last release, v0.77.0 (versions.go;
 * CHANGELOG "add support for Kubernetes v1.23.17", Azure/aks-engine#5081).
 */
#define DSNET_AKSENGINE_DEFAULT_VERSION "1.23.17"

/** Most errors dsnet_aksengine_validate() reports. */
#define DSNET_AKSENGINE_MAX_ERRORS 16

/** The networking fields of an AKS Engine API model, raw (unset = ptr NULL or ""). */
typedef struct dsnet_aksengine_config {
  dsnet_strview orchestrator_version; /**< orchestratorProfile.orchestratorVersion, e.g. "1.20.15"
                                         (unset: #DSNET_AKSENGINE_DEFAULT_VERSION) */
  dsnet_strview network_plugin;       /**< kubernetesConfig.networkPlugin */
  dsnet_strview network_policy;       /**< kubernetesConfig.networkPolicy */
  dsnet_strview cluster_subnet;       /**< kubernetesConfig.clusterSubnet */
  dsnet_strview service_cidr;         /**< kubernetesConfig.serviceCidr */
  dsnet_strview dns_service_ip;       /**< kubernetesConfig.dnsServiceIP */
  dsnet_strview docker_bridge_subnet; /**< kubernetesConfig.dockerBridgeSubnet */
  dsnet_strview kube_proxy_mode;      /**< kubernetesConfig.kubeProxyMode */
  uint64_t max_pods;                  /**< kubernetesConfig.maxPods (0 = unset) */
  dsnet_strview network_mode;         /**< kubernetesConfig.networkMode */
  dsnet_strview load_balancer_sku;    /**< kubernetesConfig.loadBalancerSku */
  unsigned flags;                     /**< ::dsnet_aksengine_flags */
  const dsnet_node_pool *pools;       /**< masterProfile (control_plane) and agentPoolProfiles */
  size_t n_pools;                     /**< number of pools */
} dsnet_aksengine_config;

/** The boolean fields of an AKS Engine model (::dsnet_aksengine_config flags,
 * ::dsnet_plan model_flags). */
typedef enum dsnet_aksengine_flags {
  DSNET_AKSENGINE_IPV6_ONLY = 1u << 0, /**< featureFlags.enableIPv6Only */
  /** kubernetesConfig.excludeMasterFromStandardLB is true */
  DSNET_AKSENGINE_EXCLUDE_MASTER_FROM_STANDARD_LB = 1u << 1,
  DSNET_AKSENGINE_LOAD_BALANCER_OUTBOUND_IPS =
      1u << 2,                           /**< kubernetesConfig.loadBalancerOutboundIPs is set */
  DSNET_AKSENGINE_AZURE_STACK = 1u << 3, /**< a customCloudProfile: Azure Stack Hub */
  /** orchestrator_version is the caller's resolved default: the model has none (AKS Engine's
   * Windows check reads the raw field, and fails on an empty one) */
  DSNET_AKSENGINE_VERSION_RESOLVED = 1u << 4
} dsnet_aksengine_flags;

/** One AKS Engine validation error. */
typedef struct dsnet_aksengine_error {
  unsigned check;    /**< the check number: E1-E30 of the reference's KubernetesConfig.Validate
                        table, E31-E45 its pool, load-balancer, VNet and Azure Stack checks
                        (docs/plan-findings.md) */
  const char *code;  /**< stable snake_case code, e.g. "aks_engine_dns_ip_broadcast" */
  const char *field; /**< API model field, e.g. "kubernetesConfig.dnsServiceIP" */
  char message[DSNET_ERROR_MESSAGE_MAX]; /**< AKS Engine's message */
} dsnet_aksengine_error;

/**
 * AKS Engine's validation of a dual-stack kubernetesConfig (create), every
 * failing check, in AKS Engine's order.
 *
 * @param cfg   the raw configuration; must not be NULL.
 * @param out   receives the errors; must have room for #DSNET_AKSENGINE_MAX_ERRORS.
 * @param n_out receives their number (0: AKS Engine accepts it); must not be NULL.
 * @param err   error record or NULL (reset on #DSNET_OK: the verdict is in out and n_out).
 * @return #DSNET_OK (whatever the verdict); #DSNET_EINVAL for NULL arguments.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API dsnet_status dsnet_aksengine_validate(const dsnet_aksengine_config *cfg,
                                                dsnet_aksengine_error *out, size_t *n_out,
                                                dsnet_error *err);

/**
 * AKS Engine's default for a list field with dual-stack on: an empty field
 * gets both defaults; a single entry gets the other family's default (an
 * IPv4 entry is followed by the IPv6 default, an IPv6 entry is preceded by
 * the IPv4 default); two entries, or an entry that does not parse, are kept.
 * Entries are read with Go 1.19's net package (#DSNET_PARSE_GO_NET), and an
 * IPv4-mapped IPv6 entry counts as IPv4 as Go's To4() has it.
 *
 * @param value   the raw value.
 * @param def_v4  the IPv4 default (e.g. "10.244.0.0/16").
 * @param def_v6  the IPv6 default (e.g. "fc00::/48").
 * @param buf     receives the defaulted text; may be NULL when cap is 0.
 * @param cap     its capacity; the lengths of value and of both defaults, plus 2, always fit.
 * @return the length of the defaulted text without its NUL; when >= cap, buf gets "".
 *
 * Thread-safety: re-entrant.
 */
DSNET_API size_t dsnet_aksengine_fill_list(dsnet_strview value, const char *def_v4,
                                           const char *def_v6, char *buf, size_t cap);

/**
 * AKS Engine's IPv6 cluster subnet default: `fc00::/48` from Kubernetes 1.17,
 * `fc00::/8` for 1.16 (whose single node mask default, /24, needs a /8).
 *
 * @param k8s_minor the Kubernetes minor version (0 = newest).
 * @return a static string.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API const char *dsnet_aksengine_default_cluster_subnet_ipv6(unsigned k8s_minor);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_AKSENGINE_H */
