"""ctypes view of libdsnet: the library, its structures and its functions.

The library is the one bundled with the package (dsnet/_lib/libdsnet.so),
loaded by absolute path; DSNET_LIBRARY can point at another build. Every
function gets its argtypes and restype here.
"""
import ctypes as C
import os

_HERE = os.path.dirname(os.path.abspath(__file__))
LIBRARY_PATH = os.environ.get("DSNET_LIBRARY") or os.path.join(_HERE, "_lib", "libdsnet.so")
try:
    lib = C.CDLL(LIBRARY_PATH)
except OSError as e:  # pragma: no cover - depends on the installation
    raise ImportError(f"dsnet: cannot load the C library {LIBRARY_PATH}: {e}") from e

ERROR_MESSAGE_MAX = 256
ADDR_STRLEN = 46
PREFIX_STRLEN = 50
DUALSTACK_STRLEN = 100
U128_STRLEN = 40
SERVICE_MAX_ERRORS = 16
PLAN_MAX_FINDINGS = 64
PLAN_MAX_DEFAULTS = 24
PLAN_TEXT_MAX = 2 * PREFIX_STRLEN + 512
PARSE_GO_NET = 4

PARSE_SLOPPY = 1
PARSE_MASK_HOST = 2
DUALSTACK_TRIM = 1 << 8
DUALSTACK_REQUIRE_DUAL = 1 << 9

# dsnet_family: the package compares families with these values (4 and 6)
FAMILY_IPV4 = 4
FAMILY_IPV6 = 6
PLAN_PROFILE_KUBERNETES = 0
PLAN_PROFILE_AKS_ENGINE = 1
SEVERITY_ERROR = 0
SEVERITY_WARNING = 1

# Every structure and constant here mirrors the C headers by hand; the test
# test_layout.py checks them against a probe compiled from those headers.


class U128(C.Structure):
    _fields_ = [("hi", C.c_uint64), ("lo", C.c_uint64)]


class Addr(C.Structure):
    _fields_ = [("hi", C.c_uint64), ("lo", C.c_uint64), ("family", C.c_uint8)]


class Prefix(C.Structure):
    _fields_ = [("addr", Addr), ("len", C.c_uint8)]


class Error(C.Structure):
    _fields_ = [("code", C.c_int), ("offset", C.c_size_t), ("message", C.c_char * ERROR_MESSAGE_MAX)]


class Cidrs(C.Structure):
    _fields_ = [("cidr", Prefix * 2), ("count", C.c_size_t), ("offset", C.c_size_t * 2)]


class Ips(C.Structure):
    _fields_ = [("ip", Addr * 2), ("count", C.c_size_t), ("offset", C.c_size_t * 2)]


class NodeMaskFlags(C.Structure):
    _fields_ = [("mask_size", C.c_uint), ("mask_size_ipv4", C.c_uint), ("mask_size_ipv6", C.c_uint)]


class NodeMasks(C.Structure):
    _fields_ = [("mask", C.c_uint8 * 2), ("count", C.c_size_t)]


MALLOC_FN = C.CFUNCTYPE(C.c_void_p, C.c_void_p, C.c_size_t)
FREE_FN = C.CFUNCTYPE(None, C.c_void_p, C.c_void_p)


class Alloc(C.Structure):
    _fields_ = [("malloc_fn", MALLOC_FN), ("free_fn", FREE_FN), ("ctx", C.c_void_p)]


class Cidrset(C.Structure):
    """Storage for a dsnet_cidrset: its fields are the library's own (read them
    through dsnet_cidrset_capacity/used/free_count), only its size is copied."""
    _fields_ = [("opaque_", C.c_uint64 * 13)]


class StrView(C.Structure):
    _fields_ = [("ptr", C.c_char_p), ("len", C.c_size_t)]


class ServiceSpec(C.Structure):
    _fields_ = [("type", C.c_int), ("has_selector", C.c_bool), ("ip_family_policy", StrView),
                ("ip_families", C.POINTER(StrView)), ("n_ip_families", C.c_size_t),
                ("cluster_ip", StrView), ("cluster_ips", C.POINTER(StrView)), ("n_cluster_ips", C.c_size_t)]


class ServiceError(C.Structure):
    _fields_ = [("field", C.c_char * 48), ("message", C.c_char * ERROR_MESSAGE_MAX)]


class ServiceResult(C.Structure):
    _fields_ = [("valid", C.c_bool), ("policy", C.c_int), ("families", C.c_uint * 2),
                ("n_families", C.c_size_t), ("headless", C.c_bool), ("cluster_ips", Addr * 2),
                ("n_cluster_ips", C.c_size_t), ("n_errors", C.c_size_t), ("n_errors_total", C.c_size_t),
                ("errors", ServiceError * SERVICE_MAX_ERRORS)]


PLAN_STRING_FIELDS = ("cluster_cidr", "service_cidr", "dns_service_ip", "node_subnet", "vnet_cidr",
                      "docker_bridge_subnet", "kubernetes_version", "network_plugin", "kube_proxy_mode")


class K8sFeatures(C.Structure):
    _fields_ = [("set", C.c_uint32), ("on", C.c_uint32)]


class K8sRules(C.Structure):
    # Filled and read only by the library (dsnet_k8s_rules_with): storage of
    # the size test_layout.py checks.
    _fields_ = [("opaque_", C.c_uint32 * 8)]


class NodePool(C.Structure):
    _fields_ = [("name", StrView), ("count", C.c_uint64), ("control_plane", C.c_bool), ("os_type", StrView),
                ("distro", StrView), ("subnet", StrView), ("availability", StrView), ("first_ip", StrView)]


POOL_STRING_FIELDS = ("name", "os_type", "distro", "subnet", "availability", "first_ip")
# dsnet_aksengine_flags
AKSENGINE_IPV6_ONLY = 1 << 0
AKSENGINE_EXCLUDE_MASTER_FROM_STANDARD_LB = 1 << 1
AKSENGINE_LOAD_BALANCER_OUTBOUND_IPS = 1 << 2
AKSENGINE_AZURE_STACK = 1 << 3
# the plan's strings after network_policy
PLAN_MORE_STRING_FIELDS = ("advertise_address", "node_ip", "network_mode", "load_balancer_sku", "windows_version")


class Plan(C.Structure):
    _fields_ = ([("profile", C.c_int), ("parse_flags", C.c_uint)]
                + [(n, StrView) for n in PLAN_STRING_FIELDS]
                + [("node_mask_flags", NodeMaskFlags), ("max_pods", C.c_uint64), ("nodes", C.c_uint64),
                   ("feature_gates", StrView), ("network_policy", StrView),
                   ("advertise_address", StrView), ("node_ip", StrView), ("pools", C.POINTER(NodePool)),
                   ("n_pools", C.c_size_t), ("ipv6_load_balancers", C.c_uint64), ("network_mode", StrView),
                   ("load_balancer_sku", StrView), ("model_max_pods", C.c_uint64), ("model_flags", C.c_uint),
                   ("windows_version", StrView)])


class Finding(C.Structure):
    _fields_ = [("severity", C.c_int), ("code", C.c_char_p), ("field", C.c_char_p),
                ("message", C.c_char * ERROR_MESSAGE_MAX)]


class PlanFamily(C.Structure):
    _fields_ = [("family", C.c_uint), ("has_cluster_cidr", C.c_bool), ("cluster_cidr", Prefix),
                ("node_mask", C.c_uint), ("node_ok", C.c_bool), ("node_capacity", C.c_uint64),
                ("node_host_bits", C.c_uint), ("pods_per_node", U128), ("has_service_cidr", C.c_bool),
                ("service_cidr", Prefix), ("apiserver_ip", Addr), ("has_default_dns_ip", C.c_bool),
                ("default_dns_ip", Addr), ("has_dns_ip", C.c_bool), ("dns_ip", Addr),
                ("has_node_subnet", C.c_bool), ("node_subnet", Prefix), ("has_vnet", C.c_bool), ("vnet", Prefix)]


class PlanDefault(C.Structure):
    _fields_ = [("field", C.c_char_p), ("value", C.c_char * DUALSTACK_STRLEN), ("source", C.c_char_p)]


class PlanResult(C.Structure):
    _fields_ = [("valid", C.c_bool), ("n_findings", C.c_size_t), ("n_findings_total", C.c_size_t),
                ("n_errors", C.c_size_t), ("findings", Finding * PLAN_MAX_FINDINGS), ("k8s_minor", C.c_uint),
                ("azure", C.c_bool), ("ipvs", C.c_bool), ("max_pods", C.c_uint64), ("nodes", C.c_uint64),
                ("cluster_ok", C.c_bool), ("cluster", Cidrs), ("service_ok", C.c_bool), ("service", Cidrs),
                ("dns_ok", C.c_bool), ("dns", Ips), ("masks_ok", C.c_bool), ("masks", NodeMasks),
                ("node_capacity", C.c_uint64), ("n_families", C.c_size_t), ("families", PlanFamily * 2),
                ("kube_proxy_mode", C.c_char_p), ("profile", C.c_int), ("pod_cidr_first", C.c_size_t),
                ("n_pod_cidrs", C.c_size_t), ("n_defaults", C.c_size_t),
                ("defaults", PlanDefault * PLAN_MAX_DEFAULTS), ("cluster_cidr_text", C.c_char * PLAN_TEXT_MAX),
                ("service_cidr_text", C.c_char * PLAN_TEXT_MAX), ("dns_service_ip_text", C.c_char * PLAN_TEXT_MAX)]


class ParseItem(C.Structure):
    _fields_ = [("value", Prefix), ("status", C.c_int), ("offset", C.c_size_t), ("is_prefix", C.c_uint8)]


P = C.POINTER
_sz, _u, _u64, _st, _cp, _vp = C.c_size_t, C.c_uint, C.c_uint64, C.c_int, C.c_char_p, C.c_void_p
_E = P(Error)

# ---- libdsnet_config (dsnet/config.h): loaded on first use, when there is one ----

CONFIG_MAX_FINDINGS = 64
CONFIG_TEXT_MAX = 8192
CONFIG_PATH_MAX = 96
CONFIG_FIELD_COUNT = 27
CONFIG_FORMATS = {None: 0, "auto": 0, "kubeadm": 1, "kind": 2, "aks-engine": 3, "k3s": 4, "calico": 5, "cilium": 6}
CONFIG_MAX_POOLS = 16
CONFIG_MAX_NODE_POOLS = 32


class ConfigOrigin(C.Structure):
    _fields_ = [("set", C.c_bool), ("file", C.c_char_p), ("line", C.c_uint32), ("column", C.c_uint32),
                ("path", C.c_char * CONFIG_PATH_MAX)]


class ConfigFinding(C.Structure):
    _fields_ = [("severity", C.c_int), ("code", C.c_char_p), ("at", ConfigOrigin),
                ("message", C.c_char * ERROR_MESSAGE_MAX)]


class ConfigPool(C.Structure):
    _fields_ = [("kind", C.c_int), ("cidr", StrView), ("block_size", C.c_uint), ("disabled", C.c_bool),
                ("nat_outgoing", C.c_bool), ("mode", StrView), ("node_selector", StrView), ("at", ConfigOrigin)]


class Config(C.Structure):
    _fields_ = [("plan", Plan), ("origin", ConfigOrigin * CONFIG_FIELD_COUNT), ("n_documents", C.c_size_t),
                ("n_findings", C.c_size_t), ("n_findings_total", C.c_size_t), ("n_errors", C.c_size_t),
                ("findings", ConfigFinding * CONFIG_MAX_FINDINGS), ("n_pools", C.c_size_t),
                ("pools", ConfigPool * CONFIG_MAX_POOLS), ("n_node_pools", C.c_size_t),
                ("node_pools", NodePool * CONFIG_MAX_NODE_POOLS), ("text_used_", C.c_size_t),
                ("text_", C.c_char * CONFIG_TEXT_MAX)]


CONFIG_LIBRARY_PATH = os.environ.get("DSNET_CONFIG_LIBRARY") or os.path.join(_HERE, "_lib", "libdsnet_config.so")
_config = []


def config_lib():
    """libdsnet_config, or None when this installation has none (built without libyaml)."""
    if not _config:
        try:
            cl = C.CDLL(CONFIG_LIBRARY_PATH) if CONFIG_LIBRARY_PATH and os.path.exists(CONFIG_LIBRARY_PATH) else None
        except OSError:  # pragma: no cover - depends on the installation
            cl = None
        if cl is not None:
            cl.dsnet_config_init.restype, cl.dsnet_config_init.argtypes = None, [C.POINTER(Config)]
            cl.dsnet_config_read.restype = C.c_int
            cl.dsnet_config_read.argtypes = [C.POINTER(Config), C.c_char_p, C.c_char_p, C.c_size_t, C.c_int,
                                             C.POINTER(Error)]
            cl.dsnet_config_field_flag.restype, cl.dsnet_config_field_flag.argtypes = C.c_char_p, [C.c_int]
            cl.dsnet_config_audit_services.restype = C.c_int
            cl.dsnet_config_audit_services.argtypes = [C.POINTER(Config), C.POINTER(PlanResult), C.c_char_p,
                                                       C.c_char_p, C.c_size_t, C.POINTER(C.c_size_t),
                                                       C.POINTER(Error)]
            cl.dsnet_config_audit_nodes.restype = C.c_int
            cl.dsnet_config_audit_nodes.argtypes = [C.POINTER(Config), C.POINTER(PlanResult), C.c_char_p,
                                                    C.c_char_p, C.c_size_t, C.POINTER(C.c_size_t),
                                                    C.POINTER(Error)]
        _config.append(cl)
    return _config[0]


_PROTOTYPES = {
    "dsnet_version": (C.c_char_p, []),
    "dsnet_status_name": (C.c_char_p, [_st]),
    "dsnet_strerror": (C.c_char_p, [_st]),
    "dsnet_addr_parse": (_st, [_cp, _sz, _u, P(Addr), _E]),
    "dsnet_addr_format": (_sz, [P(Addr), _cp, _sz]),
    "dsnet_addr_format_full": (_sz, [P(Addr), _cp, _sz]),
    "dsnet_addr_classify": (_u, [P(Addr)]),
    "dsnet_addr_add": (_st, [P(Addr), P(U128), P(Addr), _E]),
    "dsnet_addr_sub": (_st, [P(Addr), P(U128), P(Addr), _E]),
    "dsnet_prefix_parse": (_st, [_cp, _sz, _u, P(Prefix), _E]),
    "dsnet_prefix_format": (_sz, [P(Prefix), _cp, _sz]),
    "dsnet_prefix_nth": (_st, [P(Prefix), P(U128), P(Addr), _E]),
    "dsnet_prefix_parse_many": (_st, [_vp, P(_sz), _sz, _u, P(ParseItem), _E]),
    "dsnet_prefix_format_many": (_sz, [P(Prefix), _sz, C.c_char, _cp, _sz]),
    "dsnet_subnet_nth": (_st, [P(Prefix), _u, P(U128), P(Prefix), _E]),
    "dsnet_subnet_index": (_st, [P(Prefix), P(Prefix), P(U128), _E]),
    "dsnet_subnet_supernet": (_st, [P(Prefix), _u, P(Prefix), _E]),
    "dsnet_subnet_summarize": (_st, [P(Addr), P(Addr), P(Prefix), _sz, P(_sz), _E]),
    "dsnet_subnet_exclude": (_st, [P(Prefix), P(Prefix), P(Prefix), _sz, P(_sz), _E]),
    "dsnet_subnet_collapse": (_st, [P(Prefix), _sz, P(_sz), _E]),
    "dsnet_dualstack_parse_cidrs": (_st, [_cp, _sz, _u, P(Cidrs), _E]),
    "dsnet_dualstack_parse_ips": (_st, [_cp, _sz, _u, P(Ips), _E]),
    "dsnet_nodeipam_resolve_masks": (_st, [P(Cidrs), P(NodeMaskFlags), _st, P(NodeMasks), _E]),
    "dsnet_nodeipam_validate_mask": (_st, [P(Prefix), _u, _E]),
    "dsnet_nodeipam_capacity": (_st, [P(Prefix), _u, P(_u64), _E]),
    "dsnet_nodeipam_pod_cidr": (_st, [P(Prefix), _u, _u64, P(Prefix), _E]),
    "dsnet_nodeipam_pod_cidrs": (_st, [P(Cidrs), P(NodeMasks), _u64, P(Prefix), _E]),
    "dsnet_nodeipam_pod_cidrs_range": (_st, [P(Cidrs), P(NodeMasks), _u64, _u64, _vp, _E]),
    "dsnet_nodeipam_pod_cidr_index": (_st, [P(Prefix), _u, P(Prefix), P(_u64), _E]),
    "dsnet_nodeipam_pod_addresses": (_st, [_u, _u, P(U128), _E]),
    "dsnet_cidrset_create": (_st, [P(Cidrset), P(Prefix), _u, P(Alloc), _E]),
    "dsnet_cidrset_destroy": (None, [P(Cidrset)]),
    "dsnet_cidrset_allocate": (_st, [P(Cidrset), P(Prefix), _E]),
    "dsnet_cidrset_allocate_many": (_st, [P(Cidrset), P(Prefix), _sz, P(_sz), _E]),
    "dsnet_cidrset_occupy": (_st, [P(Cidrset), P(Prefix), _E]),
    "dsnet_cidrset_release": (_st, [P(Cidrset), P(Prefix), _E]),
    "dsnet_cidrset_is_allocated": (_st, [P(Cidrset), P(Prefix), P(C.c_bool), _E]),
    "dsnet_cidrset_capacity": (_u64, [P(Cidrset)]),
    "dsnet_cidrset_used": (_u64, [P(Cidrset)]),
    "dsnet_cidrset_free_count": (_u64, [P(Cidrset)]),
    "dsnet_k8s_version_parse": (C.c_bool, [_cp, _sz, P(_u), P(_u)]),
    "dsnet_nodeipam_rules_of": (C.c_int, [_u]),
    "dsnet_service_resolve": (_st, [P(Cidrs), _u, P(ServiceSpec), P(ServiceResult), _E]),
    "dsnet_service_resolve_with": (_st, [P(Cidrs), P(K8sRules), P(ServiceSpec), P(ServiceResult), _E]),
    "dsnet_k8s_features_parse": (_st, [_cp, _sz, _u, P(K8sFeatures), _E]),
    "dsnet_k8s_rules_with": (None, [_u, P(K8sFeatures), P(K8sRules)]),
    "dsnet_service_validate_ranges": (_st, [P(Cidrs), _u, _E]),
    "dsnet_plan_evaluate": (_st, [P(Plan), P(PlanResult), _E]),
    "dsnet_plan_pod_cidrs": (_st, [P(PlanResult), _u64, P(Prefix), _E]),
    "dsnet_plan_flag": (_sz, [P(PlanResult), _cp, _cp, _sz]),
}

for _name, (_res, _args) in _PROTOTYPES.items():
    _f = getattr(lib, _name)
    _f.restype = _res
    _f.argtypes = _args

VERSION = lib.dsnet_version().decode()
