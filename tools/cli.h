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

/* A JSON writer of one compact document: objects, arrays, keys and values,
 * with the commas placed and strings escaped (cli_json_str) for the caller,
 * so no subcommand writes JSON punctuation by hand. Nesting is at most
 * CLI_JSON_DEPTH deep (deeper opens are a programming error: asserted). */
enum { CLI_JSON_DEPTH = 16 };
typedef struct cli_json {
  FILE *f;
  unsigned depth;   /* open objects and arrays */
  unsigned arrays;  /* bit d: the container at depth d is an array */
  unsigned members; /* bit d: the container at depth d has a member already */
  bool after_key;   /* a key was just written: its value comes next */
} cli_json;

void cli_json_init(cli_json *j, FILE *f);
void cli_json_object(cli_json *j);                /* { */
void cli_json_array(cli_json *j);                 /* [ */
void cli_json_end(cli_json *j);                   /* } or ], the innermost */
void cli_json_key(cli_json *j, const char *key);  /* "key": (key needs no escaping) */
void cli_json_string(cli_json *j, const char *s); /* a NUL-terminated string value */
void cli_json_stringn(cli_json *j, const char *s, size_t len);
void cli_json_uint(cli_json *j, unsigned long long v);
void cli_json_bool(cli_json *j, bool v);
void cli_json_null(cli_json *j);
/* The value {"code":"...","offset":N,"message":"..."[,"field":"..."]} of a
 * library error: code is err's status name, or code_name when not NULL (a
 * CLI status); field (the flag or argument) when not NULL. */
void cli_json_error(cli_json *j, const dsnet_error *err, const char *code_name, const char *field);
/* End the document: a newline (every container must be closed). */
void cli_json_done(cli_json *j);
/* The keys every finding object has: "severity" (error/warning), "code", "field", "message". */
void cli_json_finding(cli_json *j, bool error, const char *code, const char *field,
                      const char *message);

/* Fill *err as the library does for a refusal of the CLI's own (a check the
 * library has no call for): code, offset 0 and the formatted message. */
void cli_error(dsnet_error *err, dsnet_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Report a refused input and return CLI_INVALID: with json, one line
 * {"error":{"code":...,"offset":N,"message":...[,"field":...]}} on stdout;
 * otherwise the message on stderr and, when input is given, the input with a
 * caret under err->offset. field names the flag or argument (may be NULL). */
int cli_fail(int json, const char *cmd, const char *field, const char *input,
             const dsnet_error *err);

/* CLI statuses: refusals of the tool itself, not of the library, with the
 * JSON code they print instead of a status name (documented in dsnet(1)). */
#define CLI_CODE_LIMIT_EXCEEDED "limit_exceeded" /* dsnet split: more subnets than --limit */

/* cli_fail for a CLI status: code is one of the CLI_CODE_* names. */
int cli_fail_code(int json, const char *cmd, const char *code, const dsnet_error *err);

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
int cmd_audit(int argc, char **argv);

#endif /* DSNET_CLI_H */
