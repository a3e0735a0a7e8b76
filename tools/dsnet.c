/* dsnet: command-line front end of the dsnet library. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char main_help[] =
    "Usage: dsnet COMMAND [ARGS...]\n"
    "\n"
    "Dual-stack (IPv4 + IPv6) address math as Kubernetes applies it.\n"
    "\n"
    "Commands:\n"
    "  plan [FLAGS]            validate a whole dual-stack network plan and derive it\n"
    "                          (no flags: the AKS Engine dual-stack example)\n"
    "  parse ITEM...|-         canonical form, family, first/last, size; errors marked\n"
    "  split CIDR NEWLEN ...   subnets of a prefix: count, n-th, first K, all\n"
    "  podcidr --cluster-cidr LIST ...  node podCIDRs as kube-controller-manager derives them\n"
    "  service --service-cidr LIST ...  a Service's IP families as kube-apiserver resolves them\n"
    "\n"
    "Every command takes --json and exits 0 (ok), 1 (invalid input), 2 (usage).\n"
    "'dsnet COMMAND --help' describes one command; 'dsnet --version' prints the version.\n";

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(main_help, stderr);
    return CLI_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    if (strcmp(cmd, "help") == 0 && argc > 2) {
      char help[] = "--help";
      char *hv[] = {help, NULL};
      if (strcmp(argv[2], "parse") == 0)
        return cmd_parse(1, hv);
      if (strcmp(argv[2], "split") == 0)
        return cmd_split(1, hv);
      if (strcmp(argv[2], "podcidr") == 0)
        return cmd_podcidr(1, hv);
      if (strcmp(argv[2], "service") == 0)
        return cmd_service(1, hv);
      if (strcmp(argv[2], "plan") == 0)
        return cmd_plan(1, hv);
    }
    fputs(main_help, stdout);
    return CLI_OK;
  }
  if (strcmp(cmd, "--version") == 0) {
    printf("dsnet %s\n", dsnet_version());
    return CLI_OK;
  }
  if (strcmp(cmd, "parse") == 0)
    return cmd_parse(argc - 2, argv + 2);
  if (strcmp(cmd, "split") == 0)
    return cmd_split(argc - 2, argv + 2);
  if (strcmp(cmd, "podcidr") == 0)
    return cmd_podcidr(argc - 2, argv + 2);
  if (strcmp(cmd, "service") == 0)
    return cmd_service(argc - 2, argv + 2);
  if (strcmp(cmd, "plan") == 0)
    return cmd_plan(argc - 2, argv + 2);
  fprintf(stderr, "dsnet: unknown command '%s'\n\n%s", cmd, main_help);
  return CLI_USAGE;
}
