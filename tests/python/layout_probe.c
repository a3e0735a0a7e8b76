/* The C layout of every structure and the value of every constant that the
 * Python package copies (bindings/python/dsnet/_native.py), as JSON: what
 * bindings/python/tests/test_layout.py checks the ctypes mirrors against.
 * Built with the tests; it needs the headers only. */
#include <stddef.h>
#include <stdio.h>

#include "dsnet/dsnet.h"
#ifdef DSNET_HAVE_CONFIG
#include "dsnet/config.h"
#endif

static int first = 1;

static void sep(void) {
  fputs(first ? "\n" : ",\n", stdout);
  first = 0;
}

#define STRUCT(T) (sep(), printf("  \"%s\": {\"size\": %zu, \"fields\": {", #T, sizeof(T)))
#define FIELD(T, f, last) printf("\"%s\": %zu%s", #f, offsetof(T, f), (last) ? "" : ", ")
#define END() fputs("}}", stdout)
#define CONST(name) (sep(), printf("  \"%s\": %lld", #name, (long long)(name)))

static void structs(void) {
  STRUCT(dsnet_u128), FIELD(dsnet_u128, hi, 0), FIELD(dsnet_u128, lo, 1), END();
  STRUCT(dsnet_addr), FIELD(dsnet_addr, hi, 0), FIELD(dsnet_addr, lo, 0),
      FIELD(dsnet_addr, family, 1), END();
  STRUCT(dsnet_prefix), FIELD(dsnet_prefix, addr, 0), FIELD(dsnet_prefix, len, 1), END();
  STRUCT(dsnet_error), FIELD(dsnet_error, code, 0), FIELD(dsnet_error, offset, 0),
      FIELD(dsnet_error, message, 1), END();
  STRUCT(dsnet_dualstack_cidrs), FIELD(dsnet_dualstack_cidrs, cidr, 0),
      FIELD(dsnet_dualstack_cidrs, count, 0), FIELD(dsnet_dualstack_cidrs, offset, 1), END();
  STRUCT(dsnet_dualstack_ips), FIELD(dsnet_dualstack_ips, ip, 0),
      FIELD(dsnet_dualstack_ips, count, 0), FIELD(dsnet_dualstack_ips, offset, 1), END();
  STRUCT(dsnet_node_mask_flags), FIELD(dsnet_node_mask_flags, mask_size, 0),
      FIELD(dsnet_node_mask_flags, mask_size_ipv4, 0),
      FIELD(dsnet_node_mask_flags, mask_size_ipv6, 1), END();
  STRUCT(dsnet_node_masks), FIELD(dsnet_node_masks, mask, 0), FIELD(dsnet_node_masks, count, 1),
      END();
  STRUCT(dsnet_alloc), FIELD(dsnet_alloc, malloc_fn, 0), FIELD(dsnet_alloc, free_fn, 0),
      FIELD(dsnet_alloc, ctx, 1), END();
  STRUCT(dsnet_cidrset), END();   /* opaque to Python: its size only */
  STRUCT(dsnet_k8s_rules), END(); /* likewise */
  STRUCT(dsnet_k8s_features), FIELD(dsnet_k8s_features, set, 0), FIELD(dsnet_k8s_features, on, 1),
      END();
  STRUCT(dsnet_strview), FIELD(dsnet_strview, ptr, 0), FIELD(dsnet_strview, len, 1), END();
}

static void service_structs(void) {
  STRUCT(dsnet_service_spec), FIELD(dsnet_service_spec, type, 0),
      FIELD(dsnet_service_spec, has_selector, 0), FIELD(dsnet_service_spec, ip_family_policy, 0),
      FIELD(dsnet_service_spec, ip_families, 0), FIELD(dsnet_service_spec, n_ip_families, 0),
      FIELD(dsnet_service_spec, cluster_ip, 0), FIELD(dsnet_service_spec, cluster_ips, 0),
      FIELD(dsnet_service_spec, n_cluster_ips, 1), END();
  STRUCT(dsnet_service_error), FIELD(dsnet_service_error, field, 0),
      FIELD(dsnet_service_error, message, 1), END();
  STRUCT(dsnet_service_result), FIELD(dsnet_service_result, valid, 0),
      FIELD(dsnet_service_result, policy, 0), FIELD(dsnet_service_result, families, 0),
      FIELD(dsnet_service_result, n_families, 0), FIELD(dsnet_service_result, headless, 0),
      FIELD(dsnet_service_result, cluster_ips, 0), FIELD(dsnet_service_result, n_cluster_ips, 0),
      FIELD(dsnet_service_result, n_errors, 0), FIELD(dsnet_service_result, n_errors_total, 0),
      FIELD(dsnet_service_result, errors, 1), END();
  STRUCT(dsnet_parse_item), FIELD(dsnet_parse_item, value, 0), FIELD(dsnet_parse_item, status, 0),
      FIELD(dsnet_parse_item, offset, 0), FIELD(dsnet_parse_item, is_prefix, 1), END();
}

static void plan_structs(void) {
  STRUCT(dsnet_plan), FIELD(dsnet_plan, profile, 0), FIELD(dsnet_plan, parse_flags, 0),
      FIELD(dsnet_plan, cluster_cidr, 0), FIELD(dsnet_plan, service_cidr, 0),
      FIELD(dsnet_plan, dns_service_ip, 0), FIELD(dsnet_plan, node_subnet, 0),
      FIELD(dsnet_plan, vnet_cidr, 0), FIELD(dsnet_plan, docker_bridge_subnet, 0),
      FIELD(dsnet_plan, kubernetes_version, 0), FIELD(dsnet_plan, network_plugin, 0),
      FIELD(dsnet_plan, kube_proxy_mode, 0), FIELD(dsnet_plan, node_mask_flags, 0),
      FIELD(dsnet_plan, max_pods, 0), FIELD(dsnet_plan, nodes, 0),
      FIELD(dsnet_plan, feature_gates, 0), FIELD(dsnet_plan, network_policy, 0),
      FIELD(dsnet_plan, advertise_address, 0), FIELD(dsnet_plan, node_ip, 0),
      FIELD(dsnet_plan, pools, 0), FIELD(dsnet_plan, n_pools, 0),
      FIELD(dsnet_plan, ipv6_load_balancers, 0), FIELD(dsnet_plan, network_mode, 0),
      FIELD(dsnet_plan, load_balancer_sku, 0), FIELD(dsnet_plan, model_max_pods, 0),
      FIELD(dsnet_plan, model_flags, 0), FIELD(dsnet_plan, windows_version, 1), END();
  STRUCT(dsnet_node_pool), FIELD(dsnet_node_pool, name, 0), FIELD(dsnet_node_pool, count, 0),
      FIELD(dsnet_node_pool, control_plane, 0), FIELD(dsnet_node_pool, os_type, 0),
      FIELD(dsnet_node_pool, distro, 0), FIELD(dsnet_node_pool, subnet, 0),
      FIELD(dsnet_node_pool, availability, 0), FIELD(dsnet_node_pool, first_ip, 1), END();
  STRUCT(dsnet_finding), FIELD(dsnet_finding, severity, 0), FIELD(dsnet_finding, code, 0),
      FIELD(dsnet_finding, field, 0), FIELD(dsnet_finding, message, 1), END();
  STRUCT(dsnet_plan_family), FIELD(dsnet_plan_family, family, 0),
      FIELD(dsnet_plan_family, has_cluster_cidr, 0), FIELD(dsnet_plan_family, cluster_cidr, 0),
      FIELD(dsnet_plan_family, node_mask, 0), FIELD(dsnet_plan_family, node_ok, 0),
      FIELD(dsnet_plan_family, node_capacity, 0), FIELD(dsnet_plan_family, node_host_bits, 0),
      FIELD(dsnet_plan_family, pods_per_node, 0), FIELD(dsnet_plan_family, has_service_cidr, 0),
      FIELD(dsnet_plan_family, service_cidr, 0), FIELD(dsnet_plan_family, apiserver_ip, 0),
      FIELD(dsnet_plan_family, has_default_dns_ip, 0), FIELD(dsnet_plan_family, default_dns_ip, 0),
      FIELD(dsnet_plan_family, has_dns_ip, 0), FIELD(dsnet_plan_family, dns_ip, 0),
      FIELD(dsnet_plan_family, has_node_subnet, 0), FIELD(dsnet_plan_family, node_subnet, 0),
      FIELD(dsnet_plan_family, has_vnet, 0), FIELD(dsnet_plan_family, vnet, 1), END();
  STRUCT(dsnet_plan_result), FIELD(dsnet_plan_result, valid, 0),
      FIELD(dsnet_plan_result, n_findings, 0), FIELD(dsnet_plan_result, n_findings_total, 0),
      FIELD(dsnet_plan_result, n_errors, 0), FIELD(dsnet_plan_result, findings, 0),
      FIELD(dsnet_plan_result, k8s_minor, 0), FIELD(dsnet_plan_result, azure, 0),
      FIELD(dsnet_plan_result, ipvs, 0), FIELD(dsnet_plan_result, max_pods, 0),
      FIELD(dsnet_plan_result, nodes, 0), FIELD(dsnet_plan_result, cluster_ok, 0),
      FIELD(dsnet_plan_result, cluster, 0), FIELD(dsnet_plan_result, service_ok, 0),
      FIELD(dsnet_plan_result, service, 0), FIELD(dsnet_plan_result, dns_ok, 0),
      FIELD(dsnet_plan_result, dns, 0), FIELD(dsnet_plan_result, masks_ok, 0),
      FIELD(dsnet_plan_result, masks, 0), FIELD(dsnet_plan_result, node_capacity, 0),
      FIELD(dsnet_plan_result, n_families, 0), FIELD(dsnet_plan_result, families, 0),
      FIELD(dsnet_plan_result, kube_proxy_mode, 0), FIELD(dsnet_plan_result, profile, 0),
      FIELD(dsnet_plan_result, pod_cidr_first, 0), FIELD(dsnet_plan_result, n_pod_cidrs, 0),
      FIELD(dsnet_plan_result, n_defaults, 0), FIELD(dsnet_plan_result, defaults, 0),
      FIELD(dsnet_plan_result, cluster_cidr_text, 0),
      FIELD(dsnet_plan_result, service_cidr_text, 0),
      FIELD(dsnet_plan_result, dns_service_ip_text, 1), END();
  STRUCT(dsnet_plan_default), FIELD(dsnet_plan_default, field, 0),
      FIELD(dsnet_plan_default, value, 0), FIELD(dsnet_plan_default, source, 1), END();
}

/* libdsnet_config's, when this build has it (the package loads it apart) */
static void config_structs(void) {
#ifdef DSNET_HAVE_CONFIG
  STRUCT(dsnet_config_origin), FIELD(dsnet_config_origin, set, 0),
      FIELD(dsnet_config_origin, file, 0), FIELD(dsnet_config_origin, line, 0),
      FIELD(dsnet_config_origin, column, 0), FIELD(dsnet_config_origin, path, 1), END();
  STRUCT(dsnet_config_finding), FIELD(dsnet_config_finding, severity, 0),
      FIELD(dsnet_config_finding, code, 0), FIELD(dsnet_config_finding, at, 0),
      FIELD(dsnet_config_finding, message, 1), END();
  STRUCT(dsnet_config_pool), FIELD(dsnet_config_pool, kind, 0), FIELD(dsnet_config_pool, cidr, 0),
      FIELD(dsnet_config_pool, block_size, 0), FIELD(dsnet_config_pool, disabled, 0),
      FIELD(dsnet_config_pool, nat_outgoing, 0), FIELD(dsnet_config_pool, mode, 0),
      FIELD(dsnet_config_pool, node_selector, 0), FIELD(dsnet_config_pool, at, 1), END();
  STRUCT(dsnet_config), FIELD(dsnet_config, plan, 0), FIELD(dsnet_config, origin, 0),
      FIELD(dsnet_config, n_documents, 0), FIELD(dsnet_config, n_findings, 0),
      FIELD(dsnet_config, n_findings_total, 0), FIELD(dsnet_config, n_errors, 0),
      FIELD(dsnet_config, findings, 0), FIELD(dsnet_config, n_pools, 0),
      FIELD(dsnet_config, pools, 0), FIELD(dsnet_config, n_node_pools, 0),
      FIELD(dsnet_config, node_pools, 0), FIELD(dsnet_config, text_used_, 0),
      FIELD(dsnet_config, text_, 1), END();
#endif
}

static void constants(void) {
  CONST(DSNET_ERROR_MESSAGE_MAX), CONST(DSNET_ADDR_STRLEN), CONST(DSNET_PREFIX_STRLEN);
  CONST(DSNET_DUALSTACK_STRLEN), CONST(DSNET_U128_STRLEN), CONST(DSNET_SERVICE_MAX_ERRORS);
  CONST(DSNET_PLAN_MAX_FINDINGS), CONST(DSNET_PARSE_SLOPPY), CONST(DSNET_PARSE_MASK_HOST);
  CONST(DSNET_PARSE_GO_NET), CONST(DSNET_PLAN_MAX_DEFAULTS), CONST(DSNET_PLAN_TEXT_MAX);
  CONST(DSNET_DUALSTACK_TRIM), CONST(DSNET_DUALSTACK_REQUIRE_DUAL), CONST(DSNET_FAMILY_IPV4);
  CONST(DSNET_FAMILY_IPV6), CONST(DSNET_ADDR_UNSPECIFIED), CONST(DSNET_ADDR_LOOPBACK);
  CONST(DSNET_ADDR_PRIVATE), CONST(DSNET_ADDR_SHARED), CONST(DSNET_ADDR_LINK_LOCAL);
  CONST(DSNET_ADDR_ULA), CONST(DSNET_ADDR_MULTICAST), CONST(DSNET_ADDR_DOCUMENTATION);
  CONST(DSNET_ADDR_IPV4_MAPPED), CONST(DSNET_SERVICE_TYPE_CLUSTER_IP);
  CONST(DSNET_SERVICE_TYPE_NODE_PORT), CONST(DSNET_SERVICE_TYPE_LOAD_BALANCER);
  CONST(DSNET_SERVICE_TYPE_EXTERNAL_NAME), CONST(DSNET_SERVICE_POLICY_UNSET);
  CONST(DSNET_SERVICE_POLICY_SINGLE_STACK), CONST(DSNET_SERVICE_POLICY_PREFER_DUAL_STACK);
  CONST(DSNET_SERVICE_POLICY_REQUIRE_DUAL_STACK), CONST(DSNET_PLAN_PROFILE_KUBERNETES);
  CONST(DSNET_PLAN_PROFILE_AKS_ENGINE), CONST(DSNET_SEVERITY_ERROR), CONST(DSNET_SEVERITY_WARNING);
  CONST(DSNET_AKSENGINE_IPV6_ONLY), CONST(DSNET_AKSENGINE_EXCLUDE_MASTER_FROM_STANDARD_LB);
  CONST(DSNET_AKSENGINE_LOAD_BALANCER_OUTBOUND_IPS), CONST(DSNET_AKSENGINE_AZURE_STACK);
#ifdef DSNET_HAVE_CONFIG
  CONST(DSNET_CONFIG_MAX_FINDINGS), CONST(DSNET_CONFIG_TEXT_MAX), CONST(DSNET_CONFIG_PATH_MAX);
  CONST(DSNET_CONFIG_FIELD_COUNT), CONST(DSNET_CONFIG_FORMAT_AKS_ENGINE);
  CONST(DSNET_CONFIG_FORMAT_K3S), CONST(DSNET_CONFIG_FORMAT_CALICO),
      CONST(DSNET_CONFIG_FORMAT_CILIUM);
  CONST(DSNET_CONFIG_MAX_POOLS), CONST(DSNET_CONFIG_MAX_NODE_POOLS);
#endif
}

int main(void) {
  fputs("{\"structs\": {", stdout);
  structs();
  service_structs();
  plan_structs();
  config_structs();
  fputs("\n},\n\"constants\": {", stdout);
  first = 1;
  constants();
  fputs("\n}}\n", stdout);
  return 0;
}
