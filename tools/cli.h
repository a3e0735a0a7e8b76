/* Shared helpers of the dsnet command-line tool (not part of the library). */
#ifndef DSNET_CLI_H
#define DSNET_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "dsnet/dsnet.h"

/* Exit statuses of every subcommand (design section 4). */
enum { CLI_OK = 0, CLI_INVALID = 1, CLI_USAGE = 2 };

/* Write s[0..len) as a JSON string: escapes quotes, backslashes and control
 * bytes, and replaces bytes that are not valid UTF-8 with U+FFFD, so the
 * output is valid JSON whatever the input. */
void cli_json_str(FILE *f, const char *s, size_t len);

/* {"code":"...","offset":N,"message":"..."} for a library error. */
void cli_json_error_obj(FILE *f, const dsnet_error *err);

/* Report a refused input and return CLI_INVALID: with json, one line
 * {"error":{"code":...,"offset":N,"message":...[,"field":...]}} on stdout;
 * otherwise the message on stderr and, when input is given, the input with a
 * caret under err->offset. field names the flag or argument (may be NULL). */
int cli_fail(int json, const char *cmd, const char *field, const char *input,
             const dsnet_error *err);

/* Parse a decimal flag value into *out (at most max); on failure print a
 * usage error naming the flag and return false. */
bool cli_uint(const char *cmd, const char *flag, const char *value, unsigned long long max,
              unsigned long long *out);

/* Parse a Kubernetes version ("1.29", "v1.16.3"; see dsnet_k8s_version_parse())
 * into its minor number, 1.16 and later only; false when it is not one. */
bool cli_k8s_minor(const char *v, unsigned *minor);

/* Print a usage error for `cmd` to stderr and return CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Argument scanner: `--name value`, `--name=value` and bare flags. */
typedef struct cli_args {
  int argc;
  char **argv;
  int i;            /* next argument */
  const char *name; /* current option name without "--" (NULL for positionals) */
  size_t name_len;
  const char *value; /* inline `=value`, or NULL */
  bool dashdash;     /* "--" seen: the rest is positional */
} cli_args;

/* Advance; returns false at the end. Sets a->name for options ("--x"), or
 * leaves it NULL with a->value = the positional. "--" ends options. */
bool cli_next(cli_args *a);
/* Whether the current option is `name`. */
bool cli_is(const cli_args *a, const char *name);
/* The current option's value (inline or the next argument); NULL if missing. */
const char *cli_value(cli_args *a);

/* Read one line from f into *buf (growing it), without the trailing "\n" or
 * "\r\n". Returns the length, or -1 at end of input. */
long cli_getline(FILE *f, char **buf, size_t *cap);

/* Subcommands. */
int cmd_parse(int argc, char **argv);
int cmd_split(int argc, char **argv);
int cmd_podcidr(int argc, char **argv);
int cmd_service(int argc, char **argv);
int cmd_plan(int argc, char **argv);

#endif /* DSNET_CLI_H */
