/**
 * @file dsnet/k8s.h
 * @brief Kubernetes releases: version parsing, the **named** version gates of
 *        dual-stack networking, and the rule set of a minor release. The only
 *        place dsnet writes a Kubernetes version number.
 * @defgroup k8s Kubernetes releases
 * @{
 * Every module that applies a rule of one release (node IPAM's mask flags,
 * the Service family defaults, the service-range cap, the plan's version
 * findings, the AKS Engine profile) asks this module instead of comparing
 * minor numbers itself.
 * @code
 * unsigned minor;
 * dsnet_k8s_version_parse("v1.20.15", 8, &minor, NULL);            // minor == 20
 * dsnet_k8s_gate_open(DSNET_K8S_GATE_DUAL_STACK_SERVICES, minor);   // true: from 1.20
 * dsnet_k8s_rules r;
 * dsnet_k8s_rules_of(33, &r);                                       // r.service_max_host_bits ==
 * 20
 * @endcode
 */
#ifndef DSNET_K8S_H
#define DSNET_K8S_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dsnet/error.h"
#include "dsnet/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Newest Kubernetes minor version whose rules dsnet has verified from its
 * source (1.x), and the version dsnet applies when none is given: every gate
 * and feature-gate default below was read from that release's tree
 * (`pkg/features/versioned_kube_features.go` of the 1.35 cycle). */
#define DSNET_K8S_NEWEST_MINOR 35

/** A change of dual-stack networking behaviour at one Kubernetes release; each
 * holds from its first minor version (dsnet_k8s_gate_minor()) on. Values are
 * stable and only ever appended. */
typedef enum dsnet_k8s_gate {
  /** 1.16: dual-stack clusters (two cluster CIDRs; IPv6DualStack, alpha). */
  DSNET_K8S_GATE_DUAL_STACK = 0,
  /** 1.17: kube-controller-manager's per-family `--node-cidr-mask-size-ipv4/-ipv6`. */
  DSNET_K8S_GATE_PER_FAMILY_MASK_FLAGS = 1,
  /** 1.18: kube-proxy in iptables mode supports dual-stack. */
  DSNET_K8S_GATE_KUBE_PROXY_IPTABLES_DUAL_STACK = 2,
  /** 1.20: dual-stack Services (`ipFamilyPolicy`, `ipFamilies`, `clusterIPs`). */
  DSNET_K8S_GATE_DUAL_STACK_SERVICES = 3,
  /** 1.21: the current mask-flag rules (`--node-cidr-mask-size` refused on a
   * dual-stack cluster). */
  DSNET_K8S_GATE_CURRENT_MASK_RULES = 4,
  /** 1.23: two cluster IPs or families no longer default `ipFamilyPolicy` to
   * RequireDualStack (SingleStack, then the validation error). */
  DSNET_K8S_GATE_NO_IMPLIED_REQUIRE_DUAL_STACK = 5,
  /** 1.34: no 20-host-bit cap on a service range by default (the feature
   * gates MultiCIDRServiceAllocator and DisableAllocatorDualWrite both on). */
  DSNET_K8S_GATE_UNCAPPED_SERVICE_RANGE = 6,
  /** 1.23: on create, kube-apiserver initializes and checks the family
   * fields and allocates the cluster IPs (the registry's BeginCreate) before
   * `ValidateService`; 1.20-1.22 validated first. */
  DSNET_K8S_GATE_SERVICE_ALLOCATE_BEFORE_VALIDATE = 7,
  /** 1.34: field errors render list and typed values as JSON (`["a"]`),
   * not Go syntax (`[]string{"a"}`); apimachinery v0.34.0. */
  DSNET_K8S_GATE_JSON_FIELD_VALUES = 8,
  /** 1.29: kube-proxy has the nftables mode (feature gate NFTablesProxyMode:
   * alpha 1.29, beta and on by default 1.31, GA 1.33). */
  DSNET_K8S_GATE_KUBE_PROXY_NFTABLES = 9,
  /** 1.35: kube-proxy's ipvs mode is deprecated (KEP-5495). */
  DSNET_K8S_GATE_KUBE_PROXY_IPVS_DEPRECATED = 10,
  /** 1.19: dual-stack on Windows nodes (alpha, Windows Server 2004 and later;
   * AKS Engine refuses Windows pools of a dual-stack model before 1.19.0). */
  DSNET_K8S_GATE_WINDOWS_DUAL_STACK = 11
} dsnet_k8s_gate;

/** Number of gates of this release of dsnet. */
#define DSNET_K8S_GATE_COUNT 12

/** A Kubernetes feature gate (`--feature-gates`) that changes a rule dsnet
 * applies. Each has a default per release (dsnet_k8s_feature_default());
 * values are stable and only ever appended. */
typedef enum dsnet_k8s_feature {
  /** StrictIPCIDRValidation: alpha 1.33 (off) through 1.35. On, Service
   * cluster IPs must be accepted by Go's netip (no leading zeros) and not be
   * IPv4-mapped IPv6. */
  DSNET_K8S_FEATURE_STRICT_IP_CIDR_VALIDATION = 0,
  /** MultiCIDRServiceAllocator: alpha 1.27, beta 1.31 (off), GA 1.33 (on),
   * locked on 1.34. */
  DSNET_K8S_FEATURE_MULTI_CIDR_SERVICE_ALLOCATOR = 1,
  /** DisableAllocatorDualWrite: alpha 1.31, beta 1.33 (off), GA 1.34 (on),
   * locked on 1.35. */
  DSNET_K8S_FEATURE_DISABLE_ALLOCATOR_DUAL_WRITE = 2,
  /** NFTablesProxyMode: alpha 1.29 (off), beta 1.31 (on), GA locked on 1.33. */
  DSNET_K8S_FEATURE_NFTABLES_PROXY_MODE = 3
} dsnet_k8s_feature;

/** Number of feature gates of this release of dsnet. */
#define DSNET_K8S_FEATURE_COUNT 4

/** Feature-gate settings given explicitly: bit f of `set` means feature f
 * was given, with its value in bit f of `on`. All zero: every default. */
typedef struct dsnet_k8s_features {
  uint32_t set; /**< the features given (bit 1u << ::dsnet_k8s_feature) */
  uint32_t on;  /**< their values (only bits of `set` count) */
} dsnet_k8s_features;

/** The rules of one Kubernetes minor release that dsnet applies. */
typedef struct dsnet_k8s_rules {
  unsigned minor;                      /**< the release: 1.minor */
  bool dual_stack;                     /**< #DSNET_K8S_GATE_DUAL_STACK */
  bool per_family_mask_flags;          /**< #DSNET_K8S_GATE_PER_FAMILY_MASK_FLAGS */
  bool kube_proxy_iptables_dual_stack; /**< #DSNET_K8S_GATE_KUBE_PROXY_IPTABLES_DUAL_STACK */
  bool dual_stack_services;            /**< #DSNET_K8S_GATE_DUAL_STACK_SERVICES */
  bool current_mask_rules;             /**< #DSNET_K8S_GATE_CURRENT_MASK_RULES */
  bool no_implied_require_dual_stack;  /**< #DSNET_K8S_GATE_NO_IMPLIED_REQUIRE_DUAL_STACK */
  /** Most host bits of a service range (`maxCIDRBits`): 20; 64 in 1.27-1.30
   * with MultiCIDRServiceAllocator on; 0 for no limit (from 1.31 with
   * MultiCIDRServiceAllocator and DisableAllocatorDualWrite both on, which
   * is the default from 1.34: #DSNET_K8S_GATE_UNCAPPED_SERVICE_RANGE). */
  unsigned service_max_host_bits;
  bool service_allocate_before_validate; /**< #DSNET_K8S_GATE_SERVICE_ALLOCATE_BEFORE_VALIDATE */
  bool json_field_values;                /**< #DSNET_K8S_GATE_JSON_FIELD_VALUES */
  bool kube_proxy_ipvs_deprecated;       /**< #DSNET_K8S_GATE_KUBE_PROXY_IPVS_DEPRECATED */
  /** kube-proxy accepts `--proxy-mode nftables`: from 1.29 with
   * NFTablesProxyMode on (the default from 1.31). */
  bool kube_proxy_nftables;
  /** StrictIPCIDRValidation is on. */
  bool strict_ip_cidr_validation;
  /** Every feature gate's effective value: bit 1u << ::dsnet_k8s_feature. */
  uint32_t features;
  /** kube-apiserver allocates Service IPs through the MetaAllocator of
   * IPAddress objects (MultiCIDRServiceAllocator on): an IP no ServiceCIDR
   * holds is ErrMismatchedNetwork ("the provided network does not match
   * the current range"). */
  bool service_ip_multi_cidr_allocator;
  /** The legacy bitmap allocator is written (MultiCIDRServiceAllocator off,
   * or on before 1.31 or with DisableAllocatorDualWrite off): it holds at
   * most 65536 addresses of an IPv6 range. */
  bool service_ip_bitmap;
} dsnet_k8s_rules;

/**
 * Parse a Kubernetes version as written in flags and API models: an optional
 * `v`, `1.` and the minor number, an optional `.patch`, and an optional
 * pre-release or build suffix starting with `-` or `+` ("1.29", "v1.20.15",
 * "1.21.0-rc.1"). Only major version 1 and minors up to 999 are accepted;
 * no whitespace or sign anywhere.
 *
 * @param s     the text, not necessarily NUL-terminated; may be NULL when len is 0.
 * @param len   its length in bytes.
 * @param minor receives the minor number (29 for "1.29"); must not be NULL.
 * @param patch receives the patch number (0 when absent); may be NULL.
 * @return true when s is such a version; false otherwise (*minor and *patch untouched).
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API bool dsnet_k8s_version_parse(const char *s, size_t len, unsigned *minor, unsigned *patch);

/**
 * The first minor release at which a gate holds.
 *
 * @param gate the gate.
 * @return its minor number (16 for #DSNET_K8S_GATE_DUAL_STACK); 0 for an unknown gate.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API unsigned dsnet_k8s_gate_minor(dsnet_k8s_gate gate);

/**
 * Whether a gate holds at a release.
 *
 * @param gate  the gate.
 * @param minor the release 1.minor; 0 means the newest (#DSNET_K8S_NEWEST_MINOR).
 * @return true from the gate's first minor on; false before it and for an unknown gate.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API bool dsnet_k8s_gate_open(dsnet_k8s_gate gate, unsigned minor);

/**
 * The stable snake_case name of a gate ("dual_stack_services", ...).
 *
 * @param gate the gate.
 * @return a static string; "" for an unknown gate.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API const char *dsnet_k8s_gate_name(dsnet_k8s_gate gate);

/**
 * The rule set of a minor release with its default feature gates: every
 * gate, and the limits that follow. Same as dsnet_k8s_rules_with() with no
 * feature given.
 *
 * @param minor the release 1.minor; 0 means the newest (#DSNET_K8S_NEWEST_MINOR).
 * @param out   receives the rules; must not be NULL.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API void dsnet_k8s_rules_of(unsigned minor, dsnet_k8s_rules *out);

/**
 * The rule set of a minor release with some feature gates set explicitly
 * (as parsed by dsnet_k8s_features_parse() for that release).
 *
 * @param minor    the release 1.minor; 0 means the newest.
 * @param features the features given, or NULL for every default.
 * @param out      receives the rules; must not be NULL.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API void dsnet_k8s_rules_with(unsigned minor, const dsnet_k8s_features *features,
                                    dsnet_k8s_rules *out);

/**
 * Kubernetes' name of a feature gate ("StrictIPCIDRValidation", ...).
 *
 * @param feature the feature.
 * @return a static string; "" for an unknown feature.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API const char *dsnet_k8s_feature_name(dsnet_k8s_feature feature);

/**
 * Whether a feature gate exists at a release (from its alpha on; dsnet does
 * not model releases after #DSNET_K8S_NEWEST_MINOR, where it keeps the
 * newest stage).
 *
 * @param feature the feature.
 * @param minor   the release 1.minor; 0 means the newest.
 * @return true when kube-apiserver or kube-proxy of that release knows the gate.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API bool dsnet_k8s_feature_exists(dsnet_k8s_feature feature, unsigned minor);

/**
 * A feature gate's default at a release, from the release's
 * `pkg/features/versioned_kube_features.go` (`kube_features.go` before 1.31).
 *
 * @param feature the feature.
 * @param minor   the release 1.minor; 0 means the newest.
 * @return its default; false where the gate does not exist.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API bool dsnet_k8s_feature_default(dsnet_k8s_feature feature, unsigned minor);

/**
 * Whether a feature gate is locked to its default at a release (GA or
 * deprecated with `LockToDefault`): setting it to the other value is refused.
 *
 * @param feature the feature.
 * @param minor   the release 1.minor; 0 means the newest.
 * @return true when locked.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API bool dsnet_k8s_feature_locked(dsnet_k8s_feature feature, unsigned minor);

/**
 * Whether a feature gate is on at a release, given the features set.
 *
 * @param feature  the feature.
 * @param minor    the release 1.minor; 0 means the newest.
 * @param features the features given, or NULL for every default.
 * @return the value given, else the release's default.
 *
 * Thread-safety: re-entrant.
 */
DSNET_API bool dsnet_k8s_feature_enabled(dsnet_k8s_feature feature, unsigned minor,
                                         const dsnet_k8s_features *features);

/**
 * Parse a `--feature-gates` value as Kubernetes' components do
 * (component-base's MapStringBool, then the feature gate's SetFromMap):
 * comma-separated `Name=bool` pairs, empty pairs skipped, name and value
 * trimmed of white space, the value one of Go's `strconv.ParseBool` words
 * (1 t T TRUE true True 0 f F FALSE false False); a later pair of the same
 * name wins. Every name must be a gate dsnet models that exists at the
 * release, and a locked gate may only be set to its locked value.
 *
 * @code
 * dsnet_k8s_features f;
 * dsnet_k8s_features_parse("StrictIPCIDRValidation=true", 27, 33, &f, NULL);
 * dsnet_k8s_feature_enabled(DSNET_K8S_FEATURE_STRICT_IP_CIDR_VALIDATION, 33, &f); // true
 * @endcode
 *
 * @param s        the text, not necessarily NUL-terminated; may be NULL when len is 0.
 * @param len      its length in bytes.
 * @param minor    the release 1.minor; 0 means the newest.
 * @param out      receives the features (all zero for an empty text); must not be NULL.
 * @param err      error record or NULL; offset is the byte offset of the bad pair.
 * @return #DSNET_OK; #DSNET_EINVAL for a pair that is not `name=value`
 *         ("malformed pair, expect string=bool"), a value that is not a bool,
 *         an unknown gate ("unrecognized feature gate: X", with the gates
 *         dsnet knows), a gate the release does not have yet, or a locked
 *         gate set to the other value ("cannot set feature gate X to false,
 *         feature is locked to true"). *out is all zero on error.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API dsnet_status dsnet_k8s_features_parse(const char *s, size_t len, unsigned minor,
                                                dsnet_k8s_features *out, dsnet_error *err);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_K8S_H */
