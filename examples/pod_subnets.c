/*
 * pod_subnets: the per-node subnets of a dual-stack cluster, as node IPAM
 * carves them: node i gets subnet i of each cluster CIDR.
 *
 *   ./pod_subnets 10.244.0.0/16 24 fc00::/48 64 3
 *   node 0: 10.244.0.0/24 fc00::/64
 *   node 1: 10.244.1.0/24 fc00:0:0:1::/64
 *   node 2: 10.244.2.0/24 fc00:0:0:2::/64
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dsnet/dsnet.h>

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s CIDR4 MASK4 CIDR6 MASK6 NODES\n", argv[0]);
    return 2;
  }
  dsnet_prefix cluster[2];
  unsigned mask[2] = {(unsigned)atoi(argv[2]), (unsigned)atoi(argv[4])};
  dsnet_error err;
  for (int f = 0; f < 2; f++) {
    const char *s = argv[1 + 2 * f];
    if (dsnet_prefix_parse(s, strlen(s), 0, &cluster[f], &err) != DSNET_OK) {
      fprintf(stderr, "%s\n", err.message);
      return 1;
    }
  }
  unsigned long nodes = strtoul(argv[5], NULL, 10);
  for (unsigned long i = 0; i < nodes; i++) {
    dsnet_u128 index;
    dsnet_u128_from_u64(i, &index);
    printf("node %lu:", i);
    for (int f = 0; f < 2; f++) {
      dsnet_prefix sub;
      char text[DSNET_PREFIX_STRLEN];
      if (dsnet_subnet_nth(&cluster[f], mask[f], &index, &sub, &err) != DSNET_OK) {
        fprintf(stderr, "\n%s\n", err.message);
        return 1;
      }
      dsnet_prefix_format(&sub, text, sizeof text);
      printf(" %s", text);
    }
    printf("\n");
  }
  return 0;
}
