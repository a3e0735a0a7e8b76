"""The ctypes mirrors of _native.py against the C layout.

The package copies struct layouts and constants from the C headers by hand;
this test compares every one of them with the output of a probe compiled from
those headers (tests/python/layout_probe.c, built with the C tests: its path
is in DSNET_LAYOUT_PROBE). Without the probe (an installed package tested on
its own) the test is skipped.
"""
import ctypes
import json
import os
import subprocess
import unittest

from dsnet import _core, _k8s, _native as n

# ctypes class -> C struct name
STRUCTS = {
    n.U128: "dsnet_u128", n.Addr: "dsnet_addr", n.Prefix: "dsnet_prefix", n.Error: "dsnet_error",
    n.Cidrs: "dsnet_dualstack_cidrs", n.Ips: "dsnet_dualstack_ips",
    n.NodeMaskFlags: "dsnet_node_mask_flags", n.NodeMasks: "dsnet_node_masks", n.Alloc: "dsnet_alloc",
    n.Cidrset: "dsnet_cidrset", n.StrView: "dsnet_strview", n.ServiceSpec: "dsnet_service_spec",
    n.ServiceError: "dsnet_service_error", n.ServiceResult: "dsnet_service_result",
    n.ParseItem: "dsnet_parse_item", n.Plan: "dsnet_plan", n.Finding: "dsnet_finding",
    n.PlanFamily: "dsnet_plan_family", n.PlanResult: "dsnet_plan_result",
    n.PlanDefault: "dsnet_plan_default",
    n.K8sFeatures: "dsnet_k8s_features", n.K8sRules: "dsnet_k8s_rules", n.NodePool: "dsnet_node_pool",
}
OPAQUE = {n.Cidrset, n.K8sRules}  # storage only: its size is all Python knows
CONFIG_STRUCTS = {n.ConfigOrigin: "dsnet_config_origin", n.ConfigFinding: "dsnet_config_finding",
                  n.ConfigPool: "dsnet_config_pool", n.Config: "dsnet_config"}  # libdsnet_config's: checked when the probe has them

# Python constant -> C constant
CONSTANTS = {
    "ERROR_MESSAGE_MAX": "DSNET_ERROR_MESSAGE_MAX", "ADDR_STRLEN": "DSNET_ADDR_STRLEN",
    "PREFIX_STRLEN": "DSNET_PREFIX_STRLEN", "DUALSTACK_STRLEN": "DSNET_DUALSTACK_STRLEN",
    "U128_STRLEN": "DSNET_U128_STRLEN", "SERVICE_MAX_ERRORS": "DSNET_SERVICE_MAX_ERRORS",
    "PLAN_MAX_FINDINGS": "DSNET_PLAN_MAX_FINDINGS", "PARSE_SLOPPY": "DSNET_PARSE_SLOPPY",
    "PARSE_MASK_HOST": "DSNET_PARSE_MASK_HOST", "PARSE_GO_NET": "DSNET_PARSE_GO_NET",
    "PLAN_MAX_DEFAULTS": "DSNET_PLAN_MAX_DEFAULTS", "PLAN_TEXT_MAX": "DSNET_PLAN_TEXT_MAX", "DUALSTACK_TRIM": "DSNET_DUALSTACK_TRIM",
    "DUALSTACK_REQUIRE_DUAL": "DSNET_DUALSTACK_REQUIRE_DUAL", "FAMILY_IPV4": "DSNET_FAMILY_IPV4",
    "FAMILY_IPV6": "DSNET_FAMILY_IPV6", "PLAN_PROFILE_KUBERNETES": "DSNET_PLAN_PROFILE_KUBERNETES",
    "PLAN_PROFILE_AKS_ENGINE": "DSNET_PLAN_PROFILE_AKS_ENGINE", "SEVERITY_ERROR": "DSNET_SEVERITY_ERROR",
    "SEVERITY_WARNING": "DSNET_SEVERITY_WARNING", "AKSENGINE_IPV6_ONLY": "DSNET_AKSENGINE_IPV6_ONLY",
    "AKSENGINE_EXCLUDE_MASTER_FROM_STANDARD_LB": "DSNET_AKSENGINE_EXCLUDE_MASTER_FROM_STANDARD_LB",
    "AKSENGINE_LOAD_BALANCER_OUTBOUND_IPS": "DSNET_AKSENGINE_LOAD_BALANCER_OUTBOUND_IPS",
    "AKSENGINE_AZURE_STACK": "DSNET_AKSENGINE_AZURE_STACK",
}
CLASS_BITS = {"is_unspecified": "DSNET_ADDR_UNSPECIFIED", "is_loopback": "DSNET_ADDR_LOOPBACK",
              "is_private": "DSNET_ADDR_PRIVATE", "is_shared": "DSNET_ADDR_SHARED",
              "is_link_local": "DSNET_ADDR_LINK_LOCAL", "is_ula": "DSNET_ADDR_ULA",
              "is_multicast": "DSNET_ADDR_MULTICAST", "is_documentation": "DSNET_ADDR_DOCUMENTATION",
              "is_ipv4_mapped": "DSNET_ADDR_IPV4_MAPPED"}
SERVICE_TYPES = {"ClusterIP": "DSNET_SERVICE_TYPE_CLUSTER_IP", "NodePort": "DSNET_SERVICE_TYPE_NODE_PORT",
                 "LoadBalancer": "DSNET_SERVICE_TYPE_LOAD_BALANCER",
                 "ExternalName": "DSNET_SERVICE_TYPE_EXTERNAL_NAME"}
POLICIES = {None: "DSNET_SERVICE_POLICY_UNSET", "SingleStack": "DSNET_SERVICE_POLICY_SINGLE_STACK",
            "PreferDualStack": "DSNET_SERVICE_POLICY_PREFER_DUAL_STACK",
            "RequireDualStack": "DSNET_SERVICE_POLICY_REQUIRE_DUAL_STACK"}


def probe():
    path = os.environ.get("DSNET_LAYOUT_PROBE")
    if not path:
        raise unittest.SkipTest("DSNET_LAYOUT_PROBE is not set (the C test build provides it)")
    return json.loads(subprocess.run([path], capture_output=True, check=True, text=True).stdout)


class LayoutTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = probe()

    def test_every_structure(self):
        mirrored = {v for v in vars(n).values() if isinstance(v, type) and issubclass(v, ctypes.Structure)}
        self.assertEqual(mirrored, set(STRUCTS) | set(CONFIG_STRUCTS),
                         "a Structure of _native.py is not checked here")
        checked = dict(STRUCTS)
        if "dsnet_config" in self.c["structs"]:
            checked.update(CONFIG_STRUCTS)
        for cls, name in checked.items():
            with self.subTest(struct=name):
                c = self.c["structs"][name]
                self.assertEqual(ctypes.sizeof(cls), c["size"], f"sizeof({name})")
                self.assertEqual(ctypes.alignment(cls), max(ctypes.alignment(t) for _, t in cls._fields_))
                if cls in OPAQUE:
                    continue
                py = {f: getattr(cls, f).offset for f, _ in cls._fields_}
                self.assertEqual(py, c["fields"], f"fields and offsets of {name}")

    def test_constants(self):
        for py, cname in CONSTANTS.items():
            self.assertEqual(getattr(n, py), self.c["constants"][cname], py)
        if "DSNET_CONFIG_TEXT_MAX" in self.c["constants"]:
            for py in ("CONFIG_MAX_FINDINGS", "CONFIG_TEXT_MAX", "CONFIG_PATH_MAX", "CONFIG_FIELD_COUNT",
                       "CONFIG_MAX_POOLS", "CONFIG_MAX_NODE_POOLS"):
                self.assertEqual(getattr(n, py), self.c["constants"]["DSNET_" + py], py)
            self.assertEqual(n.CONFIG_FORMATS["aks-engine"], self.c["constants"]["DSNET_CONFIG_FORMAT_AKS_ENGINE"])
            for name in ("k3s", "calico", "cilium"):
                self.assertEqual(n.CONFIG_FORMATS[name], self.c["constants"]["DSNET_CONFIG_FORMAT_" + name.upper()])

    def test_copied_tables(self):
        for name, cname in CLASS_BITS.items():
            self.assertEqual(_core._CLASS_BITS[name], self.c["constants"][cname], name)
        self.assertEqual(set(_core._CLASS_BITS), set(CLASS_BITS))
        for name, cname in SERVICE_TYPES.items():
            self.assertEqual(_k8s._TYPES[name], self.c["constants"][cname], name)
        self.assertEqual(set(_k8s._TYPES), set(SERVICE_TYPES))
        for name, cname in POLICIES.items():
            self.assertEqual(_k8s._POLICIES[self.c["constants"][cname]], name, cname)


if __name__ == "__main__":
    unittest.main()
