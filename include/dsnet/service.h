/**
 * @file dsnet/service.h
 * @brief Kubernetes Services on a dual-stack cluster: the service IP ranges
 *        (`--service-cluster-ip-range`), the indexed service IPs (API server,
 *        DNS), and the `ipFamilyPolicy` / `ipFamilies` / `clusterIPs`
 *        validation and defaulting of kube-apiserver (1.20 and later).
 *
 * @defgroup service Services
 * @{
 * kube-apiserver accepts one service range per family; the first is the
 * primary, and a Service with no family asked for gets the primary family.
 * dsnet_service_resolve() takes a Service's family fields as a user writes
 * them and returns what kube-apiserver would store on create — the policy,
 * the families and the cluster IPs given — or every field error with its
 * path and kube-apiserver's wording, e.g.
 * `spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is
 * not configured for dual-stack services`.
 *
 * @code
 * dsnet_dualstack_cidrs ranges;
 * dsnet_service_result r;
 * const char *flag = "10.96.0.0/12,fd00:10:96::/112";
 * dsnet_dualstack_parse_cidrs(flag, strlen(flag), 0, &ranges, NULL);
 * dsnet_service_spec svc = {.type = DSNET_SERVICE_TYPE_CLUSTER_IP, .has_selector = true,
 *                           .ip_family_policy = {"PreferDualStack", 15}};
 * dsnet_service_resolve(&ranges, 0, &svc, &r, NULL);
 * // r.valid, r.policy == DSNET_SERVICE_POLICY_PREFER_DUAL_STACK,
 * // r.families == {DSNET_FAMILY_IPV4, DSNET_FAMILY_IPV6}; the DNS IP of ranges.cidr[0]
 * // (dsnet_service_dns_ip()) is 10.96.0.10
 * @endcode
 */
#ifndef DSNET_SERVICE_H
#define DSNET_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dsnet/addr.h"
#include "dsnet/dualstack.h"
#include "dsnet/error.h"
#include "dsnet/export.h"
#include "dsnet/k8s.h" /* dsnet_k8s_version_parse, DSNET_K8S_NEWEST_MINOR, once declared here */
#include "dsnet/prefix.h"
#include "dsnet/strview.h" /* dsnet_strview, once defined here */
#include "dsnet/u128.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Index of the API server's service IP in a service range (`kubernetes.default`). */
#define DSNET_SERVICE_APISERVER_INDEX 1
/** Index of the cluster DNS service IP by convention (kubeadm, AKS Engine: x.x.x.10). */
#define DSNET_SERVICE_DNS_INDEX 10
/** Most host bits kube-apiserver allows in a service range while the cap applies
 * (`maxCIDRBits`; see #DSNET_K8S_GATE_UNCAPPED_SERVICE_RANGE). */
#define DSNET_SERVICE_MAX_HOST_BITS 20
/** Most field errors a ::dsnet_service_result holds; more are counted, not stored. */
#define DSNET_SERVICE_MAX_ERRORS 16

/** `spec.type` of a Service. */
typedef enum dsnet_service_type {
  DSNET_SERVICE_TYPE_CLUSTER_IP = 0,    /**< ClusterIP (the default) */
  DSNET_SERVICE_TYPE_NODE_PORT = 1,     /**< NodePort */
  DSNET_SERVICE_TYPE_LOAD_BALANCER = 2, /**< LoadBalancer */
  DSNET_SERVICE_TYPE_EXTERNAL_NAME = 3  /**< ExternalName */
} dsnet_service_type;

/** `spec.ipFamilyPolicy`. */
typedef enum dsnet_service_policy {
  DSNET_SERVICE_POLICY_UNSET = 0,             /**< not set (defaulted by kube-apiserver) */
  DSNET_SERVICE_POLICY_SINGLE_STACK = 1,      /**< SingleStack */
  DSNET_SERVICE_POLICY_PREFER_DUAL_STACK = 2, /**< PreferDualStack */
  DSNET_SERVICE_POLICY_REQUIRE_DUAL_STACK = 3 /**< RequireDualStack */
} dsnet_service_policy;

/** The family-related fields of a Service, as written by a user (create). */
typedef struct dsnet_service_spec {
  dsnet_service_type type;        /**< spec.type */
  bool has_selector;              /**< spec.selector is not empty */
  dsnet_strview ip_family_policy; /**< spec.ipFamilyPolicy, or unset */
  const dsnet_strview
      *ip_families;         /**< spec.ipFamilies ("IPv4", "IPv6"); may be NULL when n is 0 */
  size_t n_ip_families;     /**< number of spec.ipFamilies */
  dsnet_strview cluster_ip; /**< spec.clusterIP: unset, "None" (headless) or an IP */
  const dsnet_strview *cluster_ips; /**< spec.clusterIPs; may be NULL when n is 0 */
  size_t n_cluster_ips;             /**< number of spec.clusterIPs */
} dsnet_service_spec;

/** One field error, as kube-apiserver reports it. */
typedef struct dsnet_service_error {
  char field[48];                        /**< field path, e.g. "spec.clusterIPs[1]" */
  char message[DSNET_ERROR_MESSAGE_MAX]; /**< e.g. "Invalid value: \"x\": must be ..." */
} dsnet_service_error;

/** What kube-apiserver makes of a Service's family fields. */
typedef struct dsnet_service_result {
  bool valid;                  /**< no field error */
  dsnet_service_policy policy; /**< resolved spec.ipFamilyPolicy (UNSET for ExternalName or when
                                  validation stopped first) */
  unsigned families[2];      /**< resolved spec.ipFamilies (::dsnet_family values), primary first */
  size_t n_families;         /**< their number */
  bool headless;             /**< spec.clusterIP is "None" */
  dsnet_addr cluster_ips[2]; /**< the cluster IPs given, canonical, in order ("None" excluded) */
  size_t n_cluster_ips;      /**< their number; families past it get an allocated IP */
  size_t n_errors;           /**< number of errors stored */
  size_t n_errors_total;     /**< number of errors found (may exceed #DSNET_SERVICE_MAX_ERRORS) */
  dsnet_service_error
      errors[DSNET_SERVICE_MAX_ERRORS]; /**< the errors, in kube-apiserver's order */
} dsnet_service_result;

/**
 * The address at `index` of a service range, as kube-apiserver's
 * `GetIndexedIP` computes it (index 0 is the network address).
 *
 * @param range a valid prefix; must not be NULL.
 * @param index the index.
 * @param out   receives the address; must not be NULL.
 * @param err   error record or NULL.
 * @return #DSNET_OK, or #DSNET_ERANGE when the range is too small for the
 *         index ("can't generate IP with index %d from subnet").
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_service_indexed_ip(const dsnet_prefix *range, uint64_t index,
                                                dsnet_addr *out, dsnet_error *err);

/**
 * The API server's service IP of a range (`kubernetes.default`): index 1.
 *
 * @param range a valid prefix; must not be NULL.
 * @param out   receives the address; must not be NULL.
 * @param err   error record or NULL.
 * @return as dsnet_service_indexed_ip().
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_service_apiserver_ip(const dsnet_prefix *range, dsnet_addr *out,
                                                  dsnet_error *err);

/**
 * The conventional cluster DNS service IP of a range: index 10.
 *
 * @param range a valid prefix; must not be NULL.
 * @param out   receives the address; must not be NULL.
 * @param err   error record or NULL.
 * @return as dsnet_service_indexed_ip().
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_service_dns_ip(const dsnet_prefix *range, dsnet_addr *out,
                                            dsnet_error *err);

/**
 * Check service ranges as kube-apiserver checks `--service-cluster-ip-range`:
 * one or two ranges of different families (see dsnet_dualstack_parse_cidrs()),
 * at most #DSNET_SERVICE_MAX_HOST_BITS host bits per range for Kubernetes
 * 1.33 and older (IPv4 /12 or longer, IPv6 /108 or longer; no limit by
 * default from 1.34), and at least 8 addresses in the primary range.
 *
 * @param ranges    the ranges; must not be NULL.
 * @param k8s_minor the Kubernetes minor version (29 for 1.29), 0 for the newest.
 * @param err       error record or NULL; offset is the index of the range.
 * @return #DSNET_OK; the errors of dsnet_dualstack_validate_cidrs();
 *         #DSNET_ESERVICE_RANGE_LARGE ("specified %s is too large; for %d-bit
 *         addresses, the mask must be >= %d"); #DSNET_ESERVICE_RANGE_SMALL.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_service_validate_ranges(const dsnet_dualstack_cidrs *ranges,
                                                     unsigned k8s_minor, dsnet_error *err);

/**
 * Validate and default a Service's family fields as kube-apiserver does on
 * create (Kubernetes 1.20 and later), against the cluster's service ranges,
 * with the release's default feature gates (dsnet_service_resolve_with()
 * takes others). The stages run in kube-apiserver's order and, as there,
 * the first stage that finds errors ends the request with its errors only:
 *
 * 1. From 1.23, the registry's BeginCreate: the policy default
 *    (SingleStack; RequireDualStack for headless Services without selector;
 *    for 1.20-1.22 also when two IPs or families are given), the
 *    pre-validation `ValidateServiceClusterIPsRelatedFields`
 *    (clusterIP/clusterIPs in sync, supported and unique families, a
 *    supported policy, valid IPs, "None" alone and first, at most two IPs,
 *    one per family, IPs matching ipFamilies), then SingleStack with two
 *    IPs or families, family inference from the IPs, the
 *    headless-selectorless special case, RequireDualStack on a single-stack
 *    cluster, families not configured on the cluster, the primary family
 *    default and the second family of dual-stack policies;
 * 2. the IP allocators: an IP given must be inside its family's range, not
 *    its network or IPv4 broadcast address (nor, while the legacy bitmap is
 *    written, past its 65535 IPv6 addresses), and not the API server's IP;
 *    one error only, on `spec.clusterIPs`;
 * 3. `ValidateService`: no headless NodePort or LoadBalancer. ExternalName
 *    Services go straight here: no family field may be set.
 *
 * For 1.20-1.22 `ValidateService` (3, then the pre-validation) ran first.
 * IPs are parsed as kube-apiserver parses these legacy fields: leading zeros
 * allowed and an IPv4-mapped IPv6 IP taken as its IPv4 (the family, range
 * and stored IP are IPv4), unless StrictIPCIDRValidation is on ("must not
 * have leading 0s", "must not be an IPv4-mapped IPv6 address"; alpha and
 * off by default from 1.33). Values in messages are rendered as
 * apimachinery renders them: Go syntax (`[]string{"a"}`) up to 1.33, JSON
 * (`["a"]`) from 1.34.
 *
 * @param ranges    the cluster's service ranges (1 or 2); must not be NULL.
 * @param k8s_minor the Kubernetes minor version, 0 for the newest.
 * @param spec      the Service; must not be NULL.
 * @param out       receives the result, valid or not; must not be NULL.
 * @param err       error record or NULL.
 * @return #DSNET_OK for a valid Service; #DSNET_ESERVICE_INVALID when out
 *         holds field errors; #DSNET_EINVAL for an invalid ranges list or spec.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API dsnet_status dsnet_service_resolve(const dsnet_dualstack_cidrs *ranges,
                                             unsigned k8s_minor, const dsnet_service_spec *spec,
                                             dsnet_service_result *out, dsnet_error *err);

/**
 * dsnet_service_resolve() for a rule set with feature gates
 * (dsnet_k8s_rules_with()): StrictIPCIDRValidation decides the IP grammar,
 * MultiCIDRServiceAllocator and DisableAllocatorDualWrite the allocator's
 * verdicts, the release the order and the message format.
 *
 * @code
 * dsnet_k8s_features f;
 * dsnet_k8s_rules k8s;
 * dsnet_k8s_features_parse("StrictIPCIDRValidation=true", 27, 33, &f, NULL);
 * dsnet_k8s_rules_with(33, &f, &k8s);
 * dsnet_service_resolve_with(&ranges, &k8s, &svc, &r, NULL);
 * @endcode
 *
 * @param ranges the cluster's service ranges (1 or 2); must not be NULL.
 * @param k8s    the rules of the release and its gates; must not be NULL.
 * @param spec   the Service; must not be NULL.
 * @param out    receives the result, valid or not; must not be NULL.
 * @param err    error record or NULL.
 * @return as dsnet_service_resolve(); #DSNET_EINVAL for a NULL argument.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API dsnet_status dsnet_service_resolve_with(const dsnet_dualstack_cidrs *ranges,
                                                  const dsnet_k8s_rules *k8s,
                                                  const dsnet_service_spec *spec,
                                                  dsnet_service_result *out, dsnet_error *err);

/**
 * dsnet_service_validate_ranges() for a rule set with feature gates: the
 * size cap is `k8s->service_max_host_bits`.
 *
 * @param ranges the ranges; must not be NULL.
 * @param k8s    the rules (dsnet_k8s_rules_with()); must not be NULL.
 * @param err    error record or NULL.
 * @return as dsnet_service_validate_ranges().
 *
 * Thread-safety: re-entrant.
 */
DSNET_API dsnet_status dsnet_service_validate_ranges_with(const dsnet_dualstack_cidrs *ranges,
                                                          const dsnet_k8s_rules *k8s,
                                                          dsnet_error *err);

/**
 * Name of a policy as Kubernetes writes it ("SingleStack", ...).
 *
 * @param policy the policy.
 * @return a static string; "" for #DSNET_SERVICE_POLICY_UNSET and unknown values.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API const char *dsnet_service_policy_name(dsnet_service_policy policy);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_SERVICE_H */
