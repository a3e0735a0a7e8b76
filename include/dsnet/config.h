/**
 * @file dsnet/config.h
 * @brief Cluster config files in: the plan input of a kubeadm or kind
 *        configuration, with the file position of every value taken.
 *
 * @defgroup config Config files
 * @{
 * The config module is its own library, `libdsnet_config` (pkg-config
 * `dsnet-config`, CMake `dsnet::dsnet_config`), built when libyaml is found:
 * it reads YAML and JSON with libyaml and fills a ::dsnet_plan from the files
 * people already have, so that dsnet_plan_evaluate() checks them. libdsnet
 * itself stays libc-only. Formats, from each document's `apiVersion` and
 * `kind` (several documents per file, several files per config):
 * - kubeadm (`kubeadm.k8s.io/v1beta3`, `v1beta4`): `ClusterConfiguration`
 *   (`kubernetesVersion`, `networking.podSubnet`, `serviceSubnet`,
 *   `dnsDomain`, `controllerManager.extraArgs` node masks and
 *   `cluster-cidr`, `apiServer.extraArgs` `service-cluster-ip-range`,
 *   `advertise-address` and `feature-gates`; extraArgs as v1beta3's map or
 *   v1beta4's list of name/value), `InitConfiguration`
 *   (`localAPIEndpoint.advertiseAddress`, `nodeRegistration.kubeletExtraArgs`),
 *   `JoinConfiguration` (taken as known, nothing read);
 * - `KubeProxyConfiguration` (`kubeproxy.config.k8s.io/v1alpha1`: `mode`,
 *   `clusterCIDR`, `featureGates`) and `KubeletConfiguration`
 *   (`kubelet.config.k8s.io/v1beta1`: `clusterDNS`, `maxPods`), as kubeadm
 *   streams carry them;
 * - kind `Cluster` (`kind.x-k8s.io/v1alpha4`: `networking.ipFamily`,
 *   `podSubnet`, `serviceSubnet`, `kubeProxyMode`, the node count from
 *   `nodes`), with kind's defaults for what the file leaves out;
 * - an AKS Engine API model (`kubernetes.json`: `apiVersion` and
 *   `properties`, or the e2e wrapper's `apiModel`): `orchestratorProfile`
 *   (`orchestratorVersion`, else `orchestratorRelease`), its
 *   `kubernetesConfig` (`clusterSubnet`, `serviceCidr`, `dnsServiceIP`,
 *   `dockerBridgeSubnet`, `networkPlugin`, `kubeProxyMode`, `maxPods`, and
 *   the `--max-pods` and node-mask entries of its `kubeletConfig`,
 *   `controllerManagerConfig` and `apiServerConfig`; their other entries,
 *   `--feature-gates` with AKS Engine's own `IPv6DualStack` among them, and
 *   the other networking fields typed), `featureFlags.enableIPv6DualStack`
 *   (dsnet plans dual-stack models only), `masterProfile` (`count`,
 *   `vnetCidr`), every `agentPoolProfiles` entry (their counts and the
 *   master count are the node count), `windowsProfile` and
 *   `customCloudProfile` (typed); the plan's profile becomes aks-engine;
 * - a k3s or RKE2 `config.yaml` (a flat mapping of server flags, known by
 *   its keys: `cluster-cidr`, `service-cidr`, `cluster-dns`, `node-ip`, and
 *   the node masks, `max-pods`, `proxy-mode` and `feature-gates` of the
 *   `kube-controller-manager-arg`, `kubelet-arg`, `kube-proxy-arg` and
 *   `kube-apiserver-arg` lists), with their defaults 10.42.0.0/16,
 *   10.43.0.0/16 and 10.43.0.10; its other keys are not reported;
 * - Calico: `IPPool` (`projectcalico.org/v3` or `crd.projectcalico.org/v1`:
 *   `cidr`, `blockSize`, `ipipMode`, `vxlanMode`, `natOutgoing`, `disabled`,
 *   `nodeSelector`) and the operator's `Installation` (`operator.tigera.io/v1`:
 *   `calicoNetwork.ipPools`), into ::dsnet_config_pool entries;
 * - Cilium's Helm values (`ipam.mode`, `ipam.operator.clusterPoolIPv4PodCIDRList`,
 *   `clusterPoolIPv6PodCIDRList`, `clusterPoolIPv4MaskSize`,
 *   `clusterPoolIPv6MaskSize`, `ipv4.enabled`, `ipv6.enabled`), known by their
 *   `ipam` key, into ::dsnet_config_pool entries.
 *
 * Every field of a known section is read and typed: an unknown one is the
 * finding `config_field_unknown` (warning), a value of the wrong type
 * `config_field_invalid` (error), each with its file, line and column. A
 * value given twice with different text (two files, or kubeadm's
 * `podSubnet` and its `cluster-cidr` extra argument) is
 * `config_field_conflict`, the later one kept as kubeadm keeps its extra
 * arguments. The codes are listed in docs/plan-findings.md.
 *
 * Limits, each refused with the file and position: a file of more than
 * #DSNET_CONFIG_MAX_BYTES, nesting deeper than #DSNET_CONFIG_MAX_DEPTH,
 * more than #DSNET_CONFIG_MAX_NODES YAML nodes; YAML aliases are refused
 * (no Kubernetes config needs them, and they are what an expansion bomb is
 * made of). libyaml allocates with malloc while it parses; dsnet's own data
 * live in the ::dsnet_config.
 *
 * @code
 * static dsnet_config cfg;  // large: keep it off small stacks
 * dsnet_config_init(&cfg);
 * if (dsnet_config_read(&cfg, "kubeadm.yaml", text, len, DSNET_CONFIG_FORMAT_AUTO, &err) ==
 *     DSNET_OK) {
 *   static dsnet_plan_result r;
 *   dsnet_plan_evaluate(&cfg.plan, &r, NULL);
 * }
 * @endcode
 */
#ifndef DSNET_CONFIG_H
#define DSNET_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dsnet/config_export.h"
#include "dsnet/error.h"
#include "dsnet/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest file dsnet_config_read() takes, in bytes. */
#define DSNET_CONFIG_MAX_BYTES (4u << 20)
/** Deepest nesting of mappings and sequences it takes. */
#define DSNET_CONFIG_MAX_DEPTH 64
/** Most YAML nodes (scalars, mappings, sequences) in one file. */
#define DSNET_CONFIG_MAX_NODES 200000
/** Most findings a ::dsnet_config stores (more are counted). */
#define DSNET_CONFIG_MAX_FINDINGS 64
/** Room for the text of the values taken, over every file read. */
#define DSNET_CONFIG_TEXT_MAX 8192
/** Longest field path kept in a ::dsnet_config_origin, with its NUL. */
#define DSNET_CONFIG_PATH_MAX 96

/** What a file holds; AUTO reads it from each document's apiVersion and kind. */
typedef enum dsnet_config_format {
  DSNET_CONFIG_FORMAT_AUTO = 0,       /**< from apiVersion/kind */
  DSNET_CONFIG_FORMAT_KUBEADM = 1,    /**< kubeadm's stream (and kube-proxy/kubelet configs) */
  DSNET_CONFIG_FORMAT_KIND = 2,       /**< a kind Cluster */
  DSNET_CONFIG_FORMAT_AKS_ENGINE = 3, /**< an AKS Engine API model (kubernetes.json) */
  DSNET_CONFIG_FORMAT_K3S = 4,        /**< a k3s or RKE2 config.yaml */
  DSNET_CONFIG_FORMAT_CALICO = 5,     /**< Calico IPPools and the operator's Installation */
  DSNET_CONFIG_FORMAT_CILIUM = 6      /**< Cilium's Helm values */
} dsnet_config_format;

/** The plan inputs a config file can set; each has a flag name (dsnet_config_field_flag()). */
typedef enum dsnet_config_field {
  DSNET_CONFIG_FIELD_CLUSTER_CIDR = 0,          /**< --cluster-cidr */
  DSNET_CONFIG_FIELD_SERVICE_CIDR = 1,          /**< --service-cidr */
  DSNET_CONFIG_FIELD_DNS_SERVICE_IP = 2,        /**< --dns-service-ip */
  DSNET_CONFIG_FIELD_KUBERNETES_VERSION = 3,    /**< --kubernetes-version */
  DSNET_CONFIG_FIELD_KUBE_PROXY_MODE = 4,       /**< --kube-proxy-mode */
  DSNET_CONFIG_FIELD_FEATURE_GATES = 5,         /**< --feature-gates */
  DSNET_CONFIG_FIELD_NODE_MASK_SIZE = 6,        /**< --node-cidr-mask-size */
  DSNET_CONFIG_FIELD_NODE_MASK_SIZE_IPV4 = 7,   /**< --node-cidr-mask-size-ipv4 */
  DSNET_CONFIG_FIELD_NODE_MASK_SIZE_IPV6 = 8,   /**< --node-cidr-mask-size-ipv6 */
  DSNET_CONFIG_FIELD_MAX_PODS = 9,              /**< --max-pods */
  DSNET_CONFIG_FIELD_NODES = 10,                /**< --nodes */
  DSNET_CONFIG_FIELD_NETWORK_PLUGIN = 11,       /**< --network-plugin */
  DSNET_CONFIG_FIELD_VNET_CIDR = 12,            /**< --vnet-cidr */
  DSNET_CONFIG_FIELD_DOCKER_BRIDGE_SUBNET = 13, /**< --docker-bridge-subnet */
  DSNET_CONFIG_FIELD_PROFILE = 14,              /**< --profile (an AKS Engine model: aks-engine) */
  DSNET_CONFIG_FIELD_NETWORK_POLICY = 15,       /**< --network-policy */
  DSNET_CONFIG_FIELD_ADVERTISE_ADDRESS = 16,    /**< --advertise-address */
  DSNET_CONFIG_FIELD_NODE_IP = 17,              /**< --node-ip */
  DSNET_CONFIG_FIELD_NETWORK_MODE = 18,         /**< --network-mode */
  DSNET_CONFIG_FIELD_LOAD_BALANCER_SKU = 19,    /**< --load-balancer-sku */
  DSNET_CONFIG_FIELD_MODEL_MAX_PODS = 20,       /**< --model-max-pods */
  DSNET_CONFIG_FIELD_IPV6_ONLY = 21,            /**< --ipv6-only (a ::dsnet_aksengine_flags bit) */
  DSNET_CONFIG_FIELD_EXCLUDE_MASTER_FROM_STANDARD_LB = 22, /**< --exclude-master-from-standard-lb */
  DSNET_CONFIG_FIELD_LOAD_BALANCER_OUTBOUND_IPS = 23,      /**< --load-balancer-outbound-ips */
  DSNET_CONFIG_FIELD_AZURE_STACK = 24,                     /**< --azure-stack */
  DSNET_CONFIG_FIELD_WINDOWS_VERSION = 25,                 /**< --windows-version */
  DSNET_CONFIG_FIELD_POOLS = 26 /**< --pool (where the first pool was read) */
} dsnet_config_field;

/** Number of ::dsnet_config_field values. */
#define DSNET_CONFIG_FIELD_COUNT 27

/** Where a value was read. */
typedef struct dsnet_config_origin {
  bool set;                         /**< a file gave this value */
  const char *file;                 /**< the name given to dsnet_config_read() */
  uint32_t line;                    /**< 1-based line */
  uint32_t column;                  /**< 1-based column */
  char path[DSNET_CONFIG_PATH_MAX]; /**< e.g. "ClusterConfiguration.networking.podSubnet" */
} dsnet_config_origin;

/** Most CNI pools a ::dsnet_config holds (more are a finding). */
#define DSNET_CONFIG_MAX_POOLS 16
/** Most node pools a ::dsnet_config holds (more are a finding). */
#define DSNET_CONFIG_MAX_NODE_POOLS 32

/** Whose pod address pool a ::dsnet_config_pool is. */
typedef enum dsnet_config_pool_kind {
  DSNET_CONFIG_POOL_CALICO =
      0, /**< a Calico IPPool, or an entry of Installation.calicoNetwork.ipPools */
  DSNET_CONFIG_POOL_CILIUM = 1 /**< a CIDR of Cilium's cluster-pool IPAM */
} dsnet_config_pool_kind;

/** A CNI's pod address pool, as its file gives it (the rules that apply to
 * it are the CNI profile's). Strings live in the ::dsnet_config. */
typedef struct dsnet_config_pool {
  dsnet_config_pool_kind kind; /**< Calico or Cilium */
  dsnet_strview cidr;          /**< the pool's CIDR, as written */
  unsigned block_size; /**< Calico blockSize, Cilium clusterPoolIPv4/6MaskSize; 0: not given */
  bool disabled;       /**< Calico `disabled`; Cilium: the family's ipvN.enabled is false */
  bool nat_outgoing;   /**< Calico `natOutgoing` */
  dsnet_strview mode;  /**< Calico ipipMode/vxlanMode/encapsulation, Cilium ipam.mode */
  dsnet_strview node_selector; /**< Calico `nodeSelector` */
  dsnet_config_origin at;      /**< where the CIDR was read */
} dsnet_config_pool;

/** One finding of the reader. */
typedef struct dsnet_config_finding {
  dsnet_severity severity;               /**< error or warning */
  const char *code;                      /**< stable snake_case code (static string) */
  dsnet_config_origin at;                /**< where */
  char message[DSNET_ERROR_MESSAGE_MAX]; /**< one line naming the value */
} dsnet_config_finding;

/** A config being read: the plan it builds, where each value came from,
 * and the reader's findings. About 40 KiB. Fields ending in `_` are private. */
typedef struct dsnet_config {
  dsnet_plan plan; /**< the plan input; its strings live in this struct */
  dsnet_config_origin origin[DSNET_CONFIG_FIELD_COUNT];     /**< per ::dsnet_config_field */
  size_t n_documents;                                       /**< documents read, over every file */
  size_t n_findings;                                        /**< findings stored */
  size_t n_findings_total;                                  /**< findings found */
  size_t n_errors;                                          /**< of them, errors */
  dsnet_config_finding findings[DSNET_CONFIG_MAX_FINDINGS]; /**< in the order found */
  size_t n_pools;                                           /**< CNI pools read */
  dsnet_config_pool pools[DSNET_CONFIG_MAX_POOLS];          /**< in the order read */
  size_t n_node_pools;                                      /**< node pools read */
  /** the node pools (an AKS Engine model's masterProfile and agentPoolProfiles), in the
   * order read; plan.pools points here */
  dsnet_node_pool node_pools[DSNET_CONFIG_MAX_NODE_POOLS];
  size_t text_used_;                 /**< private */
  char text_[DSNET_CONFIG_TEXT_MAX]; /**< private: the values' text */
} dsnet_config;

/**
 * Start an empty config: no field set, every plan default.
 *
 * @param cfg the config; must not be NULL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_CONFIG_API void dsnet_config_init(dsnet_config *cfg);

/**
 * Read one file (YAML or JSON, one or more documents) into a config.
 *
 * @param cfg    an initialised config; must not be NULL. Values of earlier
 *               files stay unless this one sets them again.
 * @param file   the name findings give (kept by pointer: it must outlive cfg's use);
 *               must not be NULL.
 * @param data   the file's bytes, not necessarily NUL-terminated; may be NULL when len is 0.
 * @param len    their length.
 * @param format the format, or #DSNET_CONFIG_FORMAT_AUTO.
 * @param err    error record or NULL: the first error finding, its offset the byte
 *               offset in data.
 * @return #DSNET_OK when the file gave no error finding (warnings allowed);
 *         #DSNET_ECONFIG_SYNTAX (not YAML or JSON), #DSNET_ECONFIG_LIMIT (size, depth,
 *         node count, an alias), #DSNET_ECONFIG_KIND (a document dsnet does not read)
 *         or #DSNET_ECONFIG_INVALID (a field of the wrong type, a conflict, a full
 *         text store): the first such finding; the findings are in cfg either way;
 *         #DSNET_EINVAL for NULL arguments.
 *
 * Thread-safety: re-entrant; allocates through libyaml (malloc) while parsing.
 */
DSNET_CONFIG_API dsnet_status dsnet_config_read(dsnet_config *cfg, const char *file,
                                                const char *data, size_t len,
                                                dsnet_config_format format, dsnet_error *err);

/**
 * Audit a live cluster's nodes against an evaluated plan: `kubectl get nodes
 * -o json` (a `NodeList`, JSON or YAML). kube-controller-manager gives each
 * node one node CIDR of each cluster CIDR, in `--cluster-cidr` order, and no
 * two nodes the same one; the findings, into report's list with the node's
 * position and name, are:
 * - `audit_pod_cidr_missing` (no podCIDR), `audit_pod_cidr_invalid` (not a
 *   valid CIDR), `audit_pod_cidr_mismatch` (spec.podCIDR is not
 *   spec.podCIDRs[0]), `audit_pod_cidr_count` (more podCIDRs than cluster
 *   CIDRs);
 * - `audit_pod_cidr_family_order`, `audit_pod_cidr_outside` (of no cluster
 *   CIDR), `audit_pod_cidr_mask` (not the node mask),
 *   `audit_pod_cidr_family_missing` (one family of a dual-stack cluster);
 * - `audit_pod_cidr_duplicate`, `audit_pod_cidr_overlap` (between nodes);
 * - `audit_internal_ip_family_missing` (warning: a dual-stack cluster's node
 *   without an InternalIP of a family).
 *
 * @param report  an initialised config, used as the findings list; must not be NULL.
 * @param plan    an evaluated plan with valid cluster CIDRs and node masks; must not be NULL.
 * @param file    the name findings give; must not be NULL.
 * @param data    the node list's bytes; may be NULL when len is 0.
 * @param len     their length (at most #DSNET_CONFIG_MAX_BYTES).
 * @param n_nodes receives the number of nodes read; may be NULL.
 * @param err     error record or NULL: the first error finding.
 * @return #DSNET_OK when no node breaks a rule (warnings allowed); the
 *         reader's statuses of dsnet_config_read(), #DSNET_ECONFIG_INVALID for a
 *         node that breaks one; #DSNET_EINVAL for NULL arguments or a plan
 *         without valid cluster CIDRs and node masks.
 *
 * Thread-safety: re-entrant; allocates (malloc) a list of the podCIDRs seen.
 */
DSNET_CONFIG_API dsnet_status dsnet_config_audit_nodes(dsnet_config *report,
                                                       const dsnet_plan_result *plan,
                                                       const char *file, const char *data,
                                                       size_t len, size_t *n_nodes,
                                                       dsnet_error *err);

/**
 * Audit a live cluster's Services (`kubectl get services -A -o json`)
 * against an evaluated plan's service ranges: findings
 * `audit_service_family_not_configured` (an ipFamilies entry without a
 * service range), `audit_service_policy` (SingleStack with two families or
 * IPs; RequireDualStack on one range), `audit_service_family_mismatch` (a
 * cluster IP not of its ipFamilies entry), `audit_service_ip_outside` (a
 * cluster IP outside its family's range), `audit_service_ip_duplicate` (two
 * Services with one IP). ExternalName Services and `None` are skipped.
 *
 * @param report     an initialised config, used as the findings list; must not be NULL.
 * @param plan       an evaluated plan with valid service ranges; must not be NULL.
 * @param file       the name findings give; must not be NULL.
 * @param data       the Service list's bytes; may be NULL when len is 0.
 * @param len        their length.
 * @param n_services receives the number of Services read; may be NULL.
 * @param err        error record or NULL.
 * @return as dsnet_config_audit_nodes(); #DSNET_EINVAL for a plan without valid
 *         service ranges.
 *
 * Thread-safety: re-entrant; allocates (malloc) a list of the IPs seen.
 */
DSNET_CONFIG_API dsnet_status dsnet_config_audit_services(dsnet_config *report,
                                                          const dsnet_plan_result *plan,
                                                          const char *file, const char *data,
                                                          size_t len, size_t *n_services,
                                                          dsnet_error *err);

/**
 * The flag a config field stands for, as dsnet_plan's findings name it.
 *
 * @param field the field.
 * @return "--cluster-cidr" and so on (static); "" for an unknown field.
 *
 * Thread-safety: re-entrant.
 */
DSNET_CONFIG_API const char *dsnet_config_field_flag(dsnet_config_field field);

/**
 * Where the value behind a plan finding's field came from.
 *
 * @param cfg  a config; must not be NULL.
 * @param flag a ::dsnet_finding field, e.g. "--service-cidr"; NULL gives NULL.
 * @return the origin, or NULL when no file set that field.
 *
 * Thread-safety: re-entrant.
 */
DSNET_CONFIG_API const dsnet_config_origin *dsnet_config_origin_of(const dsnet_config *cfg,
                                                                   const char *flag);

/**
 * The name of a format ("kubeadm", "kind"; "auto").
 *
 * @param format the format.
 * @return a static string; "" for an unknown format.
 *
 * Thread-safety: re-entrant.
 */
DSNET_CONFIG_API const char *dsnet_config_format_name(dsnet_config_format format);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_CONFIG_H */
