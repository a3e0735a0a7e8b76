#!/usr/bin/env python3
"""dsnet's Python package against the standard library's ipaddress, in one run.

    PYTHONPATH=bindings/python DSNET_LIBRARY=build/.../libdsnet.so python3 bench/python/bench.py
or with the package installed: python3 bench/python/bench.py [--json]
Best of 5 runs; the ratio is ipaddress time / dsnet time.
"""
import ipaddress
import json
import random
import sys
import time

import dsnet


def best(fn, runs=5):
    t = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - t0)
    return t


def main():
    r = random.Random(1)
    texts = []
    for _ in range(100_000):
        if r.random() < 0.5:
            n = r.randint(8, 32)
            v = r.getrandbits(32) & (((1 << 32) - 1) ^ ((1 << (32 - n)) - 1))
            texts.append(str(ipaddress.IPv4Network((v, n))))
        else:
            n = r.randint(16, 128)
            v = r.getrandbits(128) & (((1 << 128) - 1) ^ ((1 << (128 - n)) - 1))
            texts.append(str(ipaddress.IPv6Network((v, n))))
    one = texts[:2000]
    results = []

    def add(name, ours, theirs, target):
        results.append({"op": name, "dsnet_s": ours, "ipaddress_s": theirs, "ratio": theirs / ours,
                        "target_ratio": target})

    add("Prefix(text) x2000", best(lambda: [dsnet.Prefix(t) for t in one]),
        best(lambda: [ipaddress.ip_network(t) for t in one]), 2)

    base4, base6 = int(ipaddress.IPv4Address("10.244.0.0")), int(ipaddress.IPv6Address("fc00::"))

    def ip_loop():
        out = []
        for i in range(100_000):
            out.append((ipaddress.IPv4Network((base4 + (i << 8), 24)), ipaddress.IPv6Network((base6 + (i << 64), 64))))
        return out

    # An IPv6 cluster CIDR holds at most 65 536 /64 nodes (the 16-bit limit):
    # 100 000 dual-stack nodes take two clusters.
    a, b = "10.0.0.0/8,fc00::/48", "11.0.0.0/8,fc00:0:1::/48"

    def ranges():
        return dsnet.pod_cidrs_range(a, 0, 65_536), dsnet.pod_cidrs_range(b, 0, 34_464)
    t_ip = best(ip_loop, 3)
    add("podCIDRs, 100 000 nodes: pod_cidrs_range", best(ranges, 3), t_ip, 50)
    add("  ... every item as Prefix objects", best(lambda: [list(r) for r in ranges()], 3), t_ip, 50)
    add("  ... every item as text (.texts())", best(lambda: [r.texts() for r in ranges()], 3), t_ip, 50)
    t_ip = best(lambda: [ipaddress.ip_network(t) for t in texts], 3)
    add("parse 100 000 CIDRs (bulk): parse_many", best(lambda: dsnet.parse_many(texts), 3), t_ip, 20)
    add("  ... every item as Prefix objects", best(lambda: list(dsnet.parse_many(texts)), 3), t_ip, 20)

    if "--json" in sys.argv:
        print(json.dumps({"python": sys.version.split()[0], "results": results}))
        return
    print(f"dsnet {dsnet.__version__} (C library {dsnet.library_version()}) vs ipaddress, Python "
          f"{sys.version.split()[0]}, best of runs\n")
    print(f"{'operation':40} {'dsnet':>10} {'ipaddress':>10} {'ratio':>8}  target")
    for x in results:
        ok = "ok" if x["ratio"] >= x["target_ratio"] else "MISSED"
        print(f"{x['op']:40} {x['dsnet_s'] * 1e3:8.1f}ms {x['ipaddress_s'] * 1e3:8.1f}ms {x['ratio']:7.1f}x"
              f"  >= {x['target_ratio']}x {ok}")


if __name__ == "__main__":
    main()
