#!/usr/bin/env python3
"""podCIDRs for a dual-stack node pool, as kube-controller-manager hands them out.

    python3 pod_cidrs.py 10.244.0.0/16,fc00::/48 5
"""
import sys

import dsnet

cluster = dsnet.parse_cidrs(sys.argv[1] if len(sys.argv) > 1 else "10.244.0.0/16,fc00::/48")
nodes = int(sys.argv[2]) if len(sys.argv) > 2 else 3
masks = dsnet.resolve_node_masks(cluster)  # kube-controller-manager's defaults: /24 and /64
capacity = min(dsnet.node_capacity(c, m) for c, m in zip(cluster, masks))
print(f"cluster {cluster} (primary IPv{cluster.primary_family}), node masks {masks}, room for {capacity} nodes")
for i, pods in enumerate(dsnet.pod_cidrs_range(cluster, 0, min(nodes, capacity))):
    print(f"node {i}: " + ",".join(str(p) for p in pods))

# the allocator, as nodes come and go
v4 = dsnet.CIDRSet(cluster.ipv4, 24)
first, second = v4.allocate(), v4.allocate()
v4.release(first)
print(f"allocated {first} and {second}, released {first}; next: {v4.allocate()} (rotates: {v4.used} used)")
