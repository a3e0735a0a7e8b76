/* dsnet podcidr: node podCIDRs as kube-controller-manager derives them. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char podcidr_help[] =
    "Usage: dsnet podcidr --cluster-cidr LIST [--node-cidr-mask-size N]\n"
    "                     [--node-cidr-mask-size-ipv4 N] [--node-cidr-mask-size-ipv6 N]\n"
    "                     [--index I | --nodes K | --of CIDR] [--json]\n"
    "                     [--kubernetes-version V] [--sloppy] [--mask]\n"
    "\n"
    "The podCIDRs kube-controller-manager gives nodes: node I gets subnet I of\n"
    "each cluster CIDR, in --cluster-cidr order. Flags are named and read as\n"
    "kube-controller-manager names and reads them (0 means unset; defaults /24\n"
    "for IPv4 and /64 for IPv6; --node-cidr-mask-size only for single-stack).\n"
    "  --index I     podCIDRs of node I\n"
    "                JSON: {\"index\":I,\"podCIDRs\":[...]}\n"
    "  --nodes K     podCIDRs of nodes 0..K-1, one line (one JSON object) each\n"
    "  --of CIDR     index of a podCIDR   JSON: {\"cidr\":\"...\",\"index\":I}\n"
    "  (none)        node masks and node capacity of each family\n"
    "  --kubernetes-version V  mask-flag rules of version V: 1.16 (one\n"
    "                --node-cidr-mask-size, default 24, for every family),\n"
    "                1.17-1.20, or 1.21+ (the default)\n"
    "  --sloppy, --mask  widen the CIDR grammar as in 'dsnet parse'\n"
    "\n"
    "Refused (exit 1, {\"error\":{\"code\":...,\"message\":...}} with --json): more\n"
    "than two cluster CIDRs, two of one family, IPv4-mapped entries, spaces\n"
    "inside the list, a node mask shorter than the cluster prefix or longer than\n"
    "the family, an IPv6 node mask more than 16 bits longer than the cluster\n"
    "prefix, refused flag combinations, an index past the node capacity.\n"
    "Exit status: 0 ok, 1 refused, 2 usage error.\n";

/* The mask-flag rules of a Kubernetes version; false when it is not one. */
static bool parse_rules(const char *v, dsnet_nodeipam_rules *out) {
  unsigned minor;
  if (!cli_k8s_minor(v, &minor))
    return false;
  *out = dsnet_nodeipam_rules_of(minor);
  return true;
}

static void print_node(int json, uint64_t index, const dsnet_prefix *p, size_t n) {
  char t[DSNET_PREFIX_STRLEN];
  if (!json) {
    printf("node %llu:", (unsigned long long)index);
    for (size_t i = 0; i < n; i++) {
      dsnet_prefix_format(&p[i], t, sizeof t);
      printf(" %s", t);
    }
    putchar('\n');
    return;
  }
  cli_json j;
  cli_json_init(&j, stdout);
  cli_json_object(&j);
  cli_json_key(&j, "index");
  cli_json_uint(&j, index);
  cli_json_key(&j, "podCIDRs");
  cli_json_array(&j);
  for (size_t i = 0; i < n; i++) {
    dsnet_prefix_format(&p[i], t, sizeof t);
    cli_json_string(&j, t);
  }
  cli_json_end(&j);
  cli_json_end(&j);
  cli_json_done(&j);
}

int cmd_podcidr(int argc, char **argv) {
  const char *cluster_s = NULL, *index_s = NULL, *nodes_s = NULL, *of_s = NULL, *version_s = NULL;
  const char *mask_s[3] = {NULL, NULL, NULL};
  static const char *const mask_flag[3] = {"--node-cidr-mask-size", "--node-cidr-mask-size-ipv4",
                                           "--node-cidr-mask-size-ipv6"};
  int json = 0;
  unsigned flags = 0;
  cli_args a = {argc, argv, 0, NULL, 0, NULL, false};
  while (cli_next(&a)) {
    const char **slot = NULL;
    if (!a.name)
      return cli_usage_error("podcidr", "unexpected argument '%s'", a.value);
    if (cli_is(&a, "help")) {
      fputs(podcidr_help, stdout);
      return CLI_OK;
    } else if (cli_is(&a, "json")) {
      json = 1;
    } else if (cli_is(&a, "sloppy")) {
      flags |= DSNET_PARSE_SLOPPY;
    } else if (cli_is(&a, "mask")) {
      flags |= DSNET_PARSE_MASK_HOST;
    } else if (cli_is(&a, "cluster-cidr")) {
      slot = &cluster_s;
    } else if (cli_is(&a, "index")) {
      slot = &index_s;
    } else if (cli_is(&a, "nodes")) {
      slot = &nodes_s;
    } else if (cli_is(&a, "of")) {
      slot = &of_s;
    } else if (cli_is(&a, "kubernetes-version")) {
      slot = &version_s;
    } else if (cli_is(&a, "node-cidr-mask-size")) {
      slot = &mask_s[0];
    } else if (cli_is(&a, "node-cidr-mask-size-ipv4")) {
      slot = &mask_s[1];
    } else if (cli_is(&a, "node-cidr-mask-size-ipv6")) {
      slot = &mask_s[2];
    } else {
      return cli_usage_error("podcidr", "unknown option '--%.*s'", (int)a.name_len, a.name);
    }
    if (slot) {
      const char *v = cli_value(&a);
      if (!v)
        return cli_usage_error("podcidr", "option '--%.*s' needs a value", (int)a.name_len, a.name);
      *slot = v;
    }
  }
  if (!cluster_s)
    return cli_usage_error("podcidr", "--cluster-cidr is required");
  if ((index_s != NULL) + (nodes_s != NULL) + (of_s != NULL) > 1)
    return cli_usage_error("podcidr", "--index, --nodes and --of exclude each other");
  dsnet_nodeipam_rules rules = DSNET_NODEIPAM_RULES_CURRENT;
  if (version_s && !parse_rules(version_s, &rules))
    return cli_usage_error("podcidr",
                           "--kubernetes-version: '%s' is not a Kubernetes version 1.%u "
                           "or later (e.g. 1.29 or v1.16.3)",
                           version_s, dsnet_k8s_gate_minor(DSNET_K8S_GATE_DUAL_STACK));
  unsigned long long mv[3] = {0, 0, 0}, index = 0, nodes = 0;
  for (int i = 0; i < 3; i++)
    if (mask_s[i] && !cli_uint("podcidr", mask_flag[i], mask_s[i], 255, &mv[i]))
      return CLI_USAGE;
  if (nodes_s && !cli_uint("podcidr", "--nodes", nodes_s, UINT64_MAX, &nodes))
    return CLI_USAGE;

  dsnet_error err;
  dsnet_dualstack_cidrs cluster;
  if (dsnet_dualstack_parse_cidrs(cluster_s, strlen(cluster_s), flags | DSNET_DUALSTACK_TRIM,
                                  &cluster, &err) != DSNET_OK)
    return cli_fail(json, "podcidr", "--cluster-cidr", cluster_s, &err);
  dsnet_node_mask_flags mf = {(unsigned)mv[0], (unsigned)mv[1], (unsigned)mv[2]};
  dsnet_node_masks masks;
  if (dsnet_nodeipam_resolve_masks(&cluster, &mf, rules, &masks, &err) != DSNET_OK)
    return cli_fail(json, "podcidr", NULL, NULL, &err);
  uint64_t capacity;
  if (dsnet_nodeipam_capacity_all(&cluster, &masks, &capacity, &err) != DSNET_OK)
    return cli_fail(json, "podcidr", NULL, NULL, &err);

  if (index_s) {
    dsnet_u128 v;
    if (dsnet_u128_parse(index_s, strlen(index_s), &v, &err) != DSNET_OK)
      return cli_fail(json, "podcidr", "--index", index_s, &err);
    index = v.hi ? UINT64_MAX : v.lo;
    dsnet_prefix p[2];
    if (dsnet_nodeipam_pod_cidrs(&cluster, &masks, index, p, &err) != DSNET_OK)
      return cli_fail(json, "podcidr", "--index", NULL, &err);
    print_node(json, index, p, cluster.count);
    return CLI_OK;
  }
  if (nodes_s) {
    if (nodes > capacity) {
      cli_error(&err, DSNET_ERANGE,
                "%llu nodes do not fit: the cluster CIDRs have room for %llu nodes "
                "(the smallest family's 2^(node mask - cluster prefix))",
                nodes, (unsigned long long)capacity);
      return cli_fail(json, "podcidr", "--nodes", NULL, &err);
    }
    dsnet_prefix p[2];
    for (uint64_t i = 0; i < nodes; i++) {
      dsnet_nodeipam_pod_cidrs(&cluster, &masks, i, p, NULL);
      print_node(json, i, p, cluster.count);
    }
    return CLI_OK;
  }
  if (of_s) {
    dsnet_prefix c;
    if (dsnet_prefix_parse(of_s, strlen(of_s), flags, &c, &err) != DSNET_OK)
      return cli_fail(json, "podcidr", "--of", of_s, &err);
    int fi = dsnet_dualstack_cidrs_find(&cluster, c.addr.family);
    uint64_t idx;
    if (fi < 0) {
      cli_error(&err, DSNET_EFAMILY, "%s is IPv%u but no cluster CIDR is IPv%u", of_s,
                c.addr.family, c.addr.family);
      return cli_fail(json, "podcidr", "--of", NULL, &err);
    }
    if (dsnet_nodeipam_pod_cidr_index(&cluster.cidr[fi], masks.mask[fi], &c, &idx, &err) !=
        DSNET_OK)
      return cli_fail(json, "podcidr", "--of", NULL, &err);
    char t[DSNET_PREFIX_STRLEN];
    dsnet_prefix_format(&c, t, sizeof t);
    if (!json) {
      printf("%s is the podCIDR of node %llu\n", t, (unsigned long long)idx);
      return CLI_OK;
    }
    cli_json j;
    cli_json_init(&j, stdout);
    cli_json_object(&j);
    cli_json_key(&j, "cidr");
    cli_json_string(&j, t);
    cli_json_key(&j, "index");
    cli_json_uint(&j, idx);
    cli_json_end(&j);
    cli_json_done(&j);
    return CLI_OK;
  }
  /* no selector: the derived masks and capacities */
  char t[DSNET_PREFIX_STRLEN];
  cli_json j;
  cli_json_init(&j, stdout);
  if (json) {
    cli_json_object(&j);
    cli_json_key(&j, "clusterCIDRs");
    cli_json_array(&j);
  }
  for (size_t i = 0; i < cluster.count; i++) {
    uint64_t c;
    dsnet_nodeipam_capacity(&cluster.cidr[i], masks.mask[i], &c, NULL);
    dsnet_prefix_format(&cluster.cidr[i], t, sizeof t);
    if (!json) {
      printf("%-24s node mask /%-3u %llu node CIDRs\n", t, masks.mask[i], (unsigned long long)c);
      continue;
    }
    cli_json_object(&j);
    cli_json_key(&j, "cidr");
    cli_json_string(&j, t);
    cli_json_key(&j, "nodeMask");
    cli_json_uint(&j, masks.mask[i]);
    cli_json_key(&j, "capacity");
    cli_json_uint(&j, c);
    cli_json_end(&j);
  }
  if (!json) {
    printf("node capacity: %llu\n", (unsigned long long)capacity);
    return CLI_OK;
  }
  cli_json_end(&j);
  cli_json_key(&j, "capacity");
  cli_json_uint(&j, capacity);
  cli_json_end(&j);
  cli_json_done(&j);
  return CLI_OK;
}
