/* dsnet: command-line front end of the dsnet library. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The subcommands: dispatch, `dsnet help CMD` and the usage text all read
 * this table. */
static const struct command {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *usage; /* the usage column of the command list */
  const char *help;  /* what it does (continuation lines start with '\n') */
} commands[] = {
    {"plan", cmd_plan, "plan [FLAGS]",
     "validate a whole dual-stack network plan and derive it\n(no flags: the AKS Engine "
     "dual-stack example)"},
    {"audit", cmd_audit, "audit [FLAGS] NODES.json",
     "a live cluster's nodes (kubectl get nodes -o json)\nagainst its plan"},
    {"parse", cmd_parse, "parse ITEM...|-",
     "canonical form, family, first/last, size; errors marked"},
    {"split", cmd_split, "split CIDR NEWLEN ...", "subnets of a prefix: count, n-th, first K, all"},
    {"podcidr", cmd_podcidr, "podcidr --cluster-cidr LIST ...",
     "node podCIDRs as kube-controller-manager derives them"},
    {"service", cmd_service, "service --service-cidr LIST ...",
     "a Service's IP families as kube-apiserver resolves them"},
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

static const struct command *find(const char *name) {
  for (size_t i = 0; i < N_COMMANDS; i++)
    if (strcmp(commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

/* The usage text: the commands in two columns, the help text wrapped at its
 * newlines under the second column. */
static void usage(FILE *f) {
  fputs("Usage: dsnet COMMAND [ARGS...]\n"
        "\n"
        "Dual-stack (IPv4 + IPv6) address math as Kubernetes applies it.\n"
        "\n"
        "Commands:\n",
        f);
  for (size_t i = 0; i < N_COMMANDS; i++) {
    const char *h = commands[i].help, *nl;
    int w = (int)strlen(commands[i].usage);
    fprintf(f, "  %s%*s  ", commands[i].usage, w < 22 ? 22 - w : 0, "");
    while ((nl = strchr(h, '\n')) != NULL) {
      fprintf(f, "%.*s\n%26s", (int)(nl - h), h, "");
      h = nl + 1;
    }
    fprintf(f, "%s\n", h);
  }
  fputs("\n"
        "Every command takes --json and exits 0 (ok), 1 (invalid input), 2 (usage).\n"
        "'dsnet COMMAND --help' describes one command; 'dsnet --version' prints the version.\n",
        f);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    const struct command *c = strcmp(cmd, "help") == 0 && argc > 2 ? find(argv[2]) : NULL;
    if (c) {
      char help[] = "--help";
      char *hv[] = {help, NULL};
      return c->fn(1, hv);
    }
    usage(stdout);
    return CLI_OK;
  }
  if (strcmp(cmd, "--version") == 0) {
    printf("dsnet %s (Kubernetes rules verified through 1.%u, the default release)\n",
           dsnet_version(), DSNET_K8S_NEWEST_MINOR);
    return CLI_OK;
  }
  const struct command *c = find(cmd);
  if (c)
    return c->fn(argc - 2, argv + 2);
  fprintf(stderr, "dsnet: unknown command '%s'\n\n", cmd);
  usage(stderr);
  return CLI_USAGE;
}
