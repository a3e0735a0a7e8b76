"""The aks-engine profile through Python: issue #16's points 4, 6, 7 and 8.

Expected values come from AKS Engine (Azure/aks-engine f634f52ff and its last
release v0.77.0, built with Go 1.19: Azure/aks-engine#5078), as
reference/aks-engine-rules.md quotes it: Go 1.19's net.ParseCIDR/ParseIP
(src/net/ip.go at go1.19), its defaults (pkg/api/const.go, defaults.go) and
how it renders the component flags (defaults-controller-manager.go).
Each case runs as Plan(...) keywords and as the same API model through
Plan.from_config, which must agree.
"""
import json
import unittest

import dsnet
from dsnet import _plan


def model(kc, version=None, props=None):
    orch = {"orchestratorType": "Kubernetes", "kubernetesConfig": kc}
    if version:
        orch["orchestratorVersion"] = version
    p = {"orchestratorProfile": orch, "featureFlags": {"enableIPv6DualStack": True}}
    for k, v in (props or {}).items():
        if isinstance(v, dict) and isinstance(p.get(k), dict):
            p[k].update(v)
        else:
            p[k] = v
    return json.dumps({"apiVersion": "vlabs", "properties": p}) + "\n"


VNET = "/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/VNET/subnets/"
# Issue #16 points 1-3, 5, 9 and the dual-stack page: (kubernetesConfig, other properties, version,
# Plan keywords, code, AKS Engine's message or its start), as tests/cli/test_cli.py AKS_CASES
CASES = [
    ({"networkPlugin": "azure", "networkPolicy": "azure"}, {}, "1.20.15",
     dict(network_plugin="azure", network_policy="azure"), "aks_engine_network_policy",
     "Network policy azure is not supported for azure cni dualstack"),  # validate.go:1289
    ({"networkPlugin": "kubenet", "networkPolicy": "azure"}, {}, "1.20.15",
     dict(network_plugin="kubenet", network_policy="azure"), "aks_engine_network_policy_plugin",
     "networkPolicy 'azure' is not supported with networkPlugin 'kubenet'"),  # validate.go:1623
    ({"networkPlugin": "kubenet"}, {"featureFlags": {"enableIPv6Only": True}}, "1.20.15",
     dict(network_plugin="kubenet", ipv6_only=True), "aks_engine_ipv6_only_dual_stack",
     "featureFlags.EnableIPv6DualStack and featureFlags.EnableIPv6Only can't be enabled at the same time"),
    ({"networkPlugin": "kubenet"}, {"masterProfile": {"count": 1}, "agentPoolProfiles": [{"name": "big", "count": 1001}]},
     "1.20.15", dict(network_plugin="kubenet", pools=[{"name": "master", "count": 1, "control_plane": True},
                                                       {"name": "big", "count": 1001}]),
     "aks_engine_pool_count", "AgentPoolProfile count needs to be in the range [1,1000]"),  # vlabs/types.go:505
    ({"networkPlugin": "kubenet"}, {"masterProfile": {"count": 1, "vnetSubnetID": VNET + "m"},
                                    "agentPoolProfiles": [{"name": "a", "count": 2}]}, "1.20.15",
     dict(network_plugin="kubenet", pools=[{"name": "master", "count": 1, "control_plane": True, "subnet": VNET + "m"},
                                           {"name": "a", "count": 2}]),
     "aks_engine_vnet_subnet_mixed", "Multiple VNET Subnet configurations specified."),  # validate.go:873-913
    ({"networkPlugin": "kubenet", "maxPods": 4, "kubeletConfig": {"--max-pods": "110"}}, {}, "1.20.15",
     dict(network_plugin="kubenet", model_max_pods=4, max_pods=110), "aks_engine_max_pods",
     "OrchestratorProfile.KubernetesConfig.MaxPods '4' must be at least 5"),  # validate.go:1338-1340
    ({"networkPlugin": "kubenet", "kubeProxyMode": "iptables"}, {}, "1.18.0-beta.1",
     dict(network_plugin="kubenet", kube_proxy_mode="iptables"), "aks_engine_kube_proxy_mode_version",
     "KubeProxyMode iptables in dualstack not supported with 1.18.0-beta.1 version"),  # validate.go:1461
    ({"networkPlugin": "kubenet"}, {"masterProfile": {"count": 1}, "agentPoolProfiles": [{"name": "a", "count": 300}]},
     "1.20.15", dict(network_plugin="kubenet", pools=[{"name": "master", "count": 1, "control_plane": True},
                                                       {"name": "a", "count": 300}]),
     "node_capacity_exceeded", "301 nodes do not fit"),
    ({"networkPlugin": "kubenet"}, {"customCloudProfile": {}}, "1.20.15",
     dict(network_plugin="kubenet", azure_stack=True), "aks_engine_azure_stack",
     'The "dual-stack" feature is not supported on Azure Stack Hub clouds'),
]


def config_available():
    try:
        _plan._config_lib()
        return True
    except Exception:
        return False


class AksEngineProfileTest(unittest.TestCase):
    KEYS = {"networkPlugin": "network_plugin", "clusterSubnet": "cluster_cidr", "serviceCidr": "service_cidr",
            "dnsServiceIP": "dns_service_ip", "dockerBridgeSubnet": "docker_bridge_subnet"}

    def both(self, kc, version=None, props=None, kw=None):
        """The plan as keywords, checked against the same model read by from_config."""
        if kw is None:
            kw = {self.KEYS[k]: v for k, v in kc.items()}
        if version:
            kw["kubernetes_version"] = version
        p = dsnet.Plan(profile="aks-engine", **kw)
        if config_available():
            q = dsnet.Plan.from_config(model(kc, version, props), format="aks-engine")
            self.assertEqual([f.as_dict() for f in p.validate()],
                             [{k: v for k, v in f.as_dict().items() if k not in ("file", "line", "column")}
                              for f in q.validate()])
            self.assertEqual(p.defaulted(), q.defaulted())
            self.assertEqual(p.derive()["flags"], q.derive()["flags"])
        return p

    def test_checks(self):
        for kc, props, version, kw, code, message in CASES:
            p = self.both(kc, version, props, dict(kw))
            found = [f for f in p.validate() if f.code == code]
            self.assertTrue(found, (code, p.validate()))
            self.assertTrue(found[0].message.startswith(message), (found[0].message, message))

    def test_go_parsers(self):
        p = self.both({"networkPlugin": "kubenet", "clusterSubnet": "10.244.0.0/016,fc00::/48",
                       "serviceCidr": "10.0.0.0/16,fd00::/108", "dnsServiceIP": "::ffff:10.0.0.10"})
        self.assertTrue(p.valid, p.validate())
        self.assertEqual([f.code for f in p.validate()][0], "dns_service_ip_ipv4_mapped")
        self.assertEqual(p.flag("kube-proxy --cluster-cidr"), "10.244.0.0/016,fc00::/48")
        self.assertEqual(p.flag("kubelet --cluster-dns"), "::ffff:10.0.0.10")
        self.assertEqual(p.derive()["families"][0]["dnsServiceIP"], "10.0.0.10")
        # Go 1.17+ refuses a zero-padded IPv4 part (AKS Engine's E10)
        p = dsnet.Plan(profile="aks-engine", network_plugin="kubenet", cluster_cidr="010.244.0.0/16,fc00::/48")
        self.assertIn("OrchestratorProfile.KubernetesConfig.ClusterSubnet '010.244.0.0/16' is an invalid subnet",
                      [f.message for f in p.validate()][0])
        # the kubernetes profile stays strict
        self.assertEqual(dsnet.Plan(cluster_cidr="10.244.0.0/016,fc00::/48").validate()[0].code,
                         "cluster_cidr_invalid")

    def test_defaults(self):
        p = self.both({"networkPlugin": "kubenet", "serviceCidr": "10.0.0.0/16,fd00::/64",
                       "dnsServiceIP": "10.0.0.10"})
        self.assertEqual([f.code for f in p.validate() if f.severity == "error"], ["service_range_too_large"])
        d = p.defaulted()
        self.assertEqual(d[0], dsnet.Default("--kubernetes-version", "1.23.17", d[0].source))
        self.assertIn("AKS Engine", d[0].source)
        self.assertEqual([x.field for x in d], [
            "--kubernetes-version", "--cluster-cidr", "--docker-bridge-subnet", "--kube-proxy-mode",
            "--load-balancer-sku", "--node-subnet", "--vnet-cidr", "--max-pods", "--node-cidr-mask-size-ipv4",
            "--node-cidr-mask-size-ipv6"])
        self.assertEqual(p.derive()["kubernetesVersion"], "1.23")
        # no plugin: AKS Engine refuses it, then defaults Azure CNI
        p = dsnet.Plan(profile="aks-engine")
        self.assertEqual(p.validate()[0].code, "aks_engine_network_plugin")
        self.assertIn(("--network-plugin", "azure"), [(x.field, x.value) for x in p.defaulted()])
        self.assertIn(("--cluster-cidr", "10.240.0.0/12,fc00::/48"), [(x.field, x.value) for x in p.defaulted()])

    def test_azure_cni_nodes(self):
        p = self.both({"networkPlugin": "azure", "clusterSubnet": "10.100.0.0/16,fc00::/48",
                       "dockerBridgeSubnet": "10.240.0.1/16"}, version="1.20.15")
        self.assertTrue(p.valid, p.validate())
        self.assertEqual(p.flag("--cluster-cidr"), "fc00::/48")
        self.assertEqual(p.flag("kube-proxy --cluster-cidr"), "10.100.0.0/16,fc00::/48")
        self.assertEqual(p.flag("--node-cidr-mask-size"), "64")
        self.assertIsNone(p.flag("--node-cidr-mask-size-ipv4"))
        self.assertEqual(p.pod_cidrs(2), (dsnet.Prefix("fc00:0:0:2::/64"),))
        self.assertEqual(p.derive()["families"][0]["nodeSubnet"], "10.100.0.0/16")
        self.assertEqual(p.derive()["podCIDRs"][0], {"index": 0, "podCIDRs": ["fc00::/64"]})

    def test_host_bits_as_written(self):
        p = self.both({"networkPlugin": "kubenet", "clusterSubnet": "10.244.0.1/16,fc00::/48"}, version="1.20.15")
        self.assertTrue(p.valid)
        f = [f for f in p.validate() if f.code == "cidr_host_bits_masked"][0]
        self.assertTrue(f.message.endswith("passes it as written to kube-controller-manager and kube-proxy, "
                                           "which read it as 10.244.0.0/16,fc00::/48"), f.message)
        self.assertEqual(p.flag("--cluster-cidr"), "10.244.0.1/16,fc00::/48")
        self.assertEqual(str(p.pod_cidrs(0)[0]), "10.244.0.0/24")


if __name__ == "__main__":
    unittest.main()
