/*
 * pod_subnets: the podCIDRs kube-controller-manager gives the first nodes of
 * a (dual-stack) cluster: node i gets subnet i of each cluster CIDR.
 *
 *   ./pod_subnets 10.244.0.0/16,fc00::/48 3 [MASK_IPV4 [MASK_IPV6]]
 *   node 0: 10.244.0.0/24 fc00::/64
 *   node 1: 10.244.1.0/24 fc00:0:0:1::/64
 *   node 2: 10.244.2.0/24 fc00:0:0:2::/64
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dsnet/dsnet.h>

int main(int argc, char **argv) {
  if (argc < 3 || argc > 5) {
    fprintf(stderr, "usage: %s CLUSTER_CIDRS NODES [MASK_IPV4 [MASK_IPV6]]\n", argv[0]);
    return 2;
  }
  dsnet_error err;
  dsnet_dualstack_cidrs cluster;
  if (dsnet_dualstack_parse_cidrs(argv[1], strlen(argv[1]), 0, &cluster, &err) != DSNET_OK) {
    fprintf(stderr, "%s\n", err.message);
    return 1;
  }
  /* the flags as kube-controller-manager reads them: 0 = unset (defaults /24, /64) */
  dsnet_node_mask_flags flags = {0, argc > 3 ? (unsigned)atoi(argv[3]) : 0,
                                 argc > 4 ? (unsigned)atoi(argv[4]) : 0};
  dsnet_node_masks masks;
  uint64_t capacity;
  if (dsnet_nodeipam_resolve_masks(&cluster, &flags, DSNET_NODEIPAM_RULES_CURRENT, &masks, &err) !=
          DSNET_OK ||
      dsnet_nodeipam_capacity_all(&cluster, &masks, &capacity, &err) != DSNET_OK) {
    fprintf(stderr, "%s\n", err.message);
    return 1;
  }
  unsigned long long nodes = strtoull(argv[2], NULL, 10);
  if (nodes > capacity) {
    fprintf(stderr, "%llu nodes do not fit: room for %llu\n", nodes, (unsigned long long)capacity);
    return 1;
  }
  for (unsigned long long i = 0; i < nodes; i++) {
    dsnet_prefix pod[2];
    dsnet_nodeipam_pod_cidrs(&cluster, &masks, i, pod, NULL);
    printf("node %llu:", i);
    for (size_t f = 0; f < cluster.count; f++) {
      char text[DSNET_PREFIX_STRLEN];
      dsnet_prefix_format(&pod[f], text, sizeof text);
      printf(" %s", text);
    }
    printf("\n");
  }
  return 0;
}
