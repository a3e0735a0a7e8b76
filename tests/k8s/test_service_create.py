#!/usr/bin/env python3
"""dsnet's Service verdicts against kube-apiserver's create path, as
transcribed from the Kubernetes source in kube_service.py: every
combination of cluster families, ipFamilyPolicy, ipFamilies, clusterIP(s)
(unset, None, one, two, wrong family, outside the range, the API server's,
IPv4-mapped, leading zeros, past the IPv6 bitmap), type and selector, under
each StrictIPCIDRValidation setting and the allocator gates of 1.33 and 1.34,
through the C library (the Python binding); a deterministic sample of them
through the CLI too. The error list must be the same (for two allocator
refusals, kube-apiserver's map walk makes either one possible).

Usage: test_service_create.py DSNET_CLI   (env: PYTHONPATH with the binding,
DSNET_LIBRARY; DSNET_SERVICE_CLI_SAMPLE: CLI cases, default 600)
"""
import itertools
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kube_service as kube  # noqa: E402

import dsnet  # noqa: E402

RANGES = [["10.96.0.0/16"], ["fd00::/108"], ["10.96.0.0/16", "fd00::/108"], ["fd00::/108", "10.96.0.0/16"]]
POLICIES = [None, "SingleStack", "PreferDualStack", "RequireDualStack", "DualStack"]
FAMILIES = [None, ["IPv4"], ["IPv6"], ["IPv4", "IPv6"], ["IPv6", "IPv4"], ["IPv4", "IPv4"], ["IPv5"]]
# (clusterIP, clusterIPs) as the internal API object holds them
IPS = [("", []), ("None", []), ("None", ["None"]), ("10.96.0.5", ["10.96.0.5"]), ("fd00::5", ["fd00::5"]),
       ("10.96.0.5", ["10.96.0.5", "fd00::5"]), ("fd00::5", ["fd00::5", "10.96.0.5"]),
       ("10.97.0.5", ["10.97.0.5"]), ("10.96.0.1", ["10.96.0.1"]), ("10.96.0.0", ["10.96.0.0"]),
       ("10.96.255.255", ["10.96.255.255"]), ("::ffff:10.96.0.5", ["::ffff:10.96.0.5"]),
       ("10.096.0.05", ["10.096.0.05"]), ("fd00::1:0", ["fd00::1:0"]), ("fd00::ffff", ["fd00::ffff"]),
       ("10.96.0.5", ["10.96.0.5", "10.96.0.6"]), ("None", ["None", "10.96.0.5"]), ("", ["10.96.0.5"]),
       ("10.96.0.9", ["10.96.0.5"]), ("bogus", ["bogus"]), ("10.97.0.5", ["10.97.0.5", "fd01::5"]),
       ("10.96.0.5", ["10.96.0.5", "fd00::5", "10.96.0.6"])]
TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]
# (minor, --feature-gates, MultiCIDRServiceAllocator on, bitmap written): the
# defaults of pkg/features/versioned_kube_features.go (1.33: MultiCIDR GA on,
# DisableAllocatorDualWrite beta off; 1.34: both on) and one override each
GATES = [(33, "", True, True), (33, "MultiCIDRServiceAllocator=false", False, True),
         (34, "", True, False), (34, "DisableAllocatorDualWrite=false", True, True)]


def cases():
    for rng, pol, fams, (cip, cips), typ, sel, strict, gates in itertools.product(
            RANGES, POLICIES, FAMILIES, IPS, TYPES, (True, False), (False, True), GATES):
        yield rng, pol, fams, cip, cips, typ, sel, strict, gates


def expected(rng, pol, fams, cip, cips, typ, sel, strict, gates):
    minor, _, multi, bitmap = gates
    cl = kube.Cluster(rng, minor, strict, multi, bitmap)
    return kube.create(cl, typ, sel, pol, fams, cip, cips)


def gate_text(strict, gates):
    g = ["StrictIPCIDRValidation=%s" % ("true" if strict else "false")]
    if gates[1]:
        g.append(gates[1])
    return ",".join(g)


def agree(want, valid, policy, families, ips, errors):
    if want[0] == "invalid":
        return not valid and [tuple(e) for e in errors] in [[tuple(e) for e in el] for el in want[1]]
    return valid and not errors and (policy, families, ips) == (want[1], want[2], want[3])


def via_library(case):
    rng, pol, fams, cip, cips, typ, sel, strict, gates = case
    r = dsnet.resolve_service(rng, type=typ, selector=sel, ip_family_policy=pol, ip_families=fams,
                              cluster_ip=cip, cluster_ips=cips or None, kubernetes_version="1.%d" % gates[0],
                              feature_gates=gate_text(strict, gates))
    return r.valid, r.ip_family_policy, r.ip_families, r.cluster_ips, r.errors


def via_cli(cli, case):
    rng, pol, fams, cip, cips, typ, sel, strict, gates = case
    args = [cli, "service", "--service-cidr", ",".join(rng), "--type", typ, "--kubernetes-version",
            "1.%d" % gates[0], "--feature-gates", gate_text(strict, gates), "--json", "--cluster-ip", cip]
    if not sel:
        args.append("--no-selector")
    if pol is not None:
        args += ["--ip-family-policy", pol]
    if fams is not None:
        args += ["--ip-families", ",".join(fams)]
    if cips:
        args += ["--cluster-ips", ",".join(cips)]
    p = subprocess.run(args, capture_output=True, text=True)
    o = json.loads(p.stdout)
    errors = [(e["field"], e["message"]) for e in o["errors"]]
    if p.returncode != (0 if o["valid"] else 1):
        raise AssertionError("exit status %d for %s" % (p.returncode, o))
    return o["valid"], o["ipFamilyPolicy"], o["ipFamilies"], o["clusterIPs"], errors


def show(case, want, got):
    return "case %r\n  kube-apiserver: %r\n  dsnet:          %r" % (case, want, got)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    cli = sys.argv[1]
    all_cases = list(cases())
    bad, n_invalid = [], 0
    for case in all_cases:
        want = expected(*case)
        n_invalid += want[0] == "invalid"
        got = via_library(case)
        if not agree(want, *got):
            bad.append(show(case, want, got))
    sample = random.Random(14).sample(all_cases, int(os.environ.get("DSNET_SERVICE_CLI_SAMPLE", "600")))
    bad_cli = []
    for case in sample:
        want = expected(*case)
        got = via_cli(cli, case)
        if not agree(want, *got):
            bad_cli.append(show(case, want, got))
    for b in bad[:15] + bad_cli[:10]:
        print(b)
    print("service create: %d cases (%d invalid) through the library: %d differ; %d through the CLI: %d differ"
          % (len(all_cases), n_invalid, len(bad), len(sample), len(bad_cli)))
    return 1 if bad or bad_cli else 0


if __name__ == "__main__":
    sys.exit(main())
