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

#include "dsnet/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Newest Kubernetes minor version whose rules dsnet knows (1.x). */
#define DSNET_K8S_NEWEST_MINOR 34

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
  /** 1.34: no 20-host-bit cap on a service range. */
  DSNET_K8S_GATE_UNCAPPED_SERVICE_RANGE = 6
} dsnet_k8s_gate;

/** Number of gates of this release of dsnet. */
#define DSNET_K8S_GATE_COUNT 7

/** The rules of one Kubernetes minor release that dsnet applies. */
typedef struct dsnet_k8s_rules {
  unsigned minor;                      /**< the release: 1.minor */
  bool dual_stack;                     /**< #DSNET_K8S_GATE_DUAL_STACK */
  bool per_family_mask_flags;          /**< #DSNET_K8S_GATE_PER_FAMILY_MASK_FLAGS */
  bool kube_proxy_iptables_dual_stack; /**< #DSNET_K8S_GATE_KUBE_PROXY_IPTABLES_DUAL_STACK */
  bool dual_stack_services;            /**< #DSNET_K8S_GATE_DUAL_STACK_SERVICES */
  bool current_mask_rules;             /**< #DSNET_K8S_GATE_CURRENT_MASK_RULES */
  bool no_implied_require_dual_stack;  /**< #DSNET_K8S_GATE_NO_IMPLIED_REQUIRE_DUAL_STACK */
  /** Most host bits of a service range (`maxCIDRBits`, 20), or 0 for no limit
   * (#DSNET_K8S_GATE_UNCAPPED_SERVICE_RANGE). */
  unsigned service_max_host_bits;
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
 * The rule set of a minor release: every gate, and the limits that follow.
 *
 * @param minor the release 1.minor; 0 means the newest (#DSNET_K8S_NEWEST_MINOR).
 * @param out   receives the rules; must not be NULL.
 *
 * Thread-safety: re-entrant; no allocation.
 */
DSNET_API void dsnet_k8s_rules_of(unsigned minor, dsnet_k8s_rules *out);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_K8S_H */
