/* dsnet plan --config (plan_config.c): config files under the flags, and
 * their positions in the findings. Without libdsnet_config in the build,
 * --config is a usage error saying so and the rest does nothing. */
#ifndef DSNET_PLAN_CONFIG_H
#define DSNET_PLAN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

enum { PLAN_MAX_CONFIGS = 16, PLAN_MAX_POOLS = 32 };

/* The --config files in order, and --format (NULL: auto). */
typedef struct plan_configs {
  const char *paths[PLAN_MAX_CONFIGS];
  size_t n;
  const char *format;
  bool profile_given; /* --profile was given: it wins over a model's aks-engine */
} plan_configs;

/* Read the files and lay the flags in *plan over them (a flag wins);
 * *plan becomes the merged plan. CLI_OK, or CLI_USAGE (reported). */
int plan_config_read(const plan_configs *c, dsnet_plan *plan);
/* Error findings of the files. */
size_t plan_config_errors(void);
/* Findings of the files with the given severity (0 errors, 1 warnings). */
size_t plan_config_count(int severity);
/* The files' findings as JSON objects of the open array. */
void plan_config_json_findings(cli_json *j);
/* "file", "line", "column", "path" of the value behind a plan finding's field, when a file gave it.
 */
void plan_config_json_origin(cli_json *j, const char *field);
/* The files' findings of one severity, as the text output lists findings. */
void plan_config_text_findings(int severity);
/* " (file:line:col path)" for a plan finding's field a file gave, else nothing. */
void plan_config_text_origin(const char *field);

/* dsnet audit: the node list at path (- for standard input), and the Service
 * list at services (or NULL), against the evaluated plan r; prints the
 * findings; the exit status. */
int plan_config_audit(const char *path, const char *services, const dsnet_plan_result *r,
                      bool json);

#endif /* DSNET_PLAN_CONFIG_H */
