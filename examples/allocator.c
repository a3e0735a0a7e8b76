/*
 * allocator: kube-controller-manager's node CIDR allocation for a stream of
 * node additions and removals, both families at once.
 *
 *   printf 'add a\nadd b\ndel a\nadd c\n' | ./allocator 10.244.0.0/16,fc00::/48
 *   add a: 10.244.0.0/24 fc00::/64
 *   add b: 10.244.1.0/24 fc00:0:0:1::/64
 *   del a: released
 *   add c: 10.244.2.0/24 fc00:0:0:2::/64
 */
#include <stdio.h>
#include <string.h>

#include <dsnet/dsnet.h>

enum { MAX_NODES = 1024 };

int main(int argc, char **argv) {
  const char *flag = argc > 1 ? argv[1] : "10.244.0.0/16,fc00::/48";
  dsnet_dualstack_cidrs cluster;
  dsnet_node_masks masks;
  dsnet_node_mask_flags defaults = {0, 0, 0};
  dsnet_error err;
  if (dsnet_dualstack_parse_cidrs(flag, strlen(flag), 0, &cluster, &err) != DSNET_OK ||
      dsnet_nodeipam_resolve_masks(&cluster, &defaults, DSNET_NODEIPAM_RULES_CURRENT, &masks,
                                   &err) != DSNET_OK) {
    fprintf(stderr, "%s\n", err.message);
    return 1;
  }
  dsnet_cidrset sets[2];
  dsnet_cidrset *ptrs[2] = {&sets[0], &sets[1]};
  for (size_t i = 0; i < cluster.count; i++)
    if (dsnet_cidrset_create(&sets[i], &cluster.cidr[i], masks.mask[i], NULL, &err) != DSNET_OK) {
      fprintf(stderr, "%s\n", err.message);
      return 1;
    }
  static char names[MAX_NODES][64];
  static dsnet_prefix pods[MAX_NODES][2];
  size_t nodes = 0;
  char line[128], op[8], name[64];
  int rc = 0;
  while (fgets(line, sizeof line, stdin)) {
    if (sscanf(line, "%7s %63s", op, name) != 2)
      continue;
    size_t i = 0;
    while (i < nodes && strcmp(names[i], name) != 0)
      i++;
    if (strcmp(op, "add") == 0 && i == nodes && nodes < MAX_NODES) {
      if (dsnet_cidrset_allocate_node(ptrs, cluster.count, pods[nodes], &err) != DSNET_OK) {
        printf("add %s: %s\n", name, err.message);
        rc = 1;
        continue;
      }
      strcpy(names[nodes], name);
      printf("add %s:", name);
      for (size_t f = 0; f < cluster.count; f++) {
        char t[DSNET_PREFIX_STRLEN];
        dsnet_prefix_format(&pods[nodes][f], t, sizeof t);
        printf(" %s", t);
      }
      printf("\n");
      nodes++;
    } else if (strcmp(op, "del") == 0 && i < nodes) {
      dsnet_cidrset_release_node(ptrs, cluster.count, pods[i], cluster.count, NULL);
      printf("del %s: released\n", name);
      names[i][0] = '\0'; /* the slot stays, unnamed */
    } else {
      printf("%s %s: ignored\n", op, name);
    }
  }
  for (size_t i = 0; i < cluster.count; i++)
    dsnet_cidrset_destroy(&sets[i]);
  return rc;
}
