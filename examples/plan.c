/*
 * plan: validate a dual-stack cluster network plan and print every finding,
 * then the node capacity.
 *
 *   ./plan                                   # AKS Engine's dual-stack example
 *   ./plan 10.244.0.0/16,fc00::/48 10.0.0.0/16,fd00::/108 300
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dsnet/dsnet.h>

int main(int argc, char **argv) {
  dsnet_plan plan;
  dsnet_plan_init(&plan); /* unset fields: AKS Engine's dual-stack defaults */
  if (argc > 1) {
    plan.cluster_cidr.ptr = argv[1];
    plan.cluster_cidr.len = strlen(argv[1]);
  }
  if (argc > 2) {
    plan.service_cidr.ptr = argv[2];
    plan.service_cidr.len = strlen(argv[2]);
  }
  if (argc > 3)
    plan.nodes = strtoull(argv[3], NULL, 10);
  static dsnet_plan_result r; /* about 30 KiB */
  dsnet_plan_evaluate(&plan, &r, NULL);
  for (size_t i = 0; i < r.n_findings; i++)
    printf("%-7s %-34s %s\n", r.findings[i].severity == DSNET_SEVERITY_ERROR ? "error" : "warning",
           r.findings[i].code, r.findings[i].message);
  printf("%s: room for %llu nodes\n", r.valid ? "valid" : "INVALID",
         (unsigned long long)r.node_capacity);
  return r.valid ? 0 : 1;
}
