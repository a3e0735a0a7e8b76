/* dsnet plan's output (plan_print.c): the findings, the derived values, the
 * first nodes' podCIDRs and the component flags of an evaluated plan. */
#ifndef DSNET_PLAN_PRINT_H
#define DSNET_PLAN_PRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"

/* As JSON: {"valid":...,"findings":[...],"derived":{...}}; show: podCIDRs of the
 * first show nodes; version_given: the plan named its Kubernetes version. */
void plan_print_json(const dsnet_plan_result *r, uint64_t show, bool version_given);
/* As text, the same. */
void plan_print_text(const dsnet_plan_result *r, uint64_t show, bool version_given);

#endif /* DSNET_PLAN_PRINT_H */
