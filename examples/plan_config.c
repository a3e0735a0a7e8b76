/*
 * plan_config: read cluster config files (kubeadm, kind, k3s/RKE2, an AKS
 * Engine model, Calico, Cilium; YAML or JSON) with libdsnet_config, then
 * check the plan they make and print every finding with its file position.
 *
 *   ./plan_config kubeadm.yaml [calico.yaml ...]
 */
#include <stdio.h>
#include <stdlib.h>

#include <dsnet/config.h>

static dsnet_config cfg;         /* large: not on the stack */
static dsnet_plan_result result; /* likewise */

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE...\n", argv[0]);
    return 2;
  }
  dsnet_config_init(&cfg);
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) {
      perror(argv[i]);
      return 2;
    }
    static char data[DSNET_CONFIG_MAX_BYTES + 1];
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    dsnet_config_read(&cfg, argv[i], data, len, DSNET_CONFIG_FORMAT_AUTO, NULL);
  }
  for (size_t i = 0; i < cfg.n_findings; i++) { /* the reader's own */
    const dsnet_config_finding *f = &cfg.findings[i];
    printf("%s:%u:%u: %s %s: %s\n", f->at.file, (unsigned)f->at.line, (unsigned)f->at.column,
           f->severity == DSNET_SEVERITY_ERROR ? "error" : "warning", f->code, f->message);
  }
  dsnet_plan_evaluate(&cfg.plan, &result, NULL);
  for (size_t i = 0; i < result.n_findings; i++) {
    const dsnet_finding *f = &result.findings[i];
    const dsnet_config_origin *o = dsnet_config_origin_of(&cfg, f->field);
    if (o)
      printf("%s:%u:%u: ", o->file, (unsigned)o->line, (unsigned)o->column);
    printf("%s %s: %s\n", f->severity == DSNET_SEVERITY_ERROR ? "error" : "warning", f->code,
           f->message);
  }
  printf("%s: room for %llu nodes\n", result.valid && cfg.n_errors == 0 ? "valid" : "INVALID",
         (unsigned long long)result.node_capacity);
  return result.valid && cfg.n_errors == 0 ? 0 : 1;
}
