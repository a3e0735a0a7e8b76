/* dsnet CLI helpers: JSON output, argument scanning, line input. */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Length of the valid UTF-8 sequence at s (max n bytes), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  size_t len;
  uint32_t cp;
  if (c < 0x80)
    return 1;
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    cp = c & 0x0f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (len > n)
    return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xc0) != 0x80)
      return 0;
    cp = (cp << 6) | (s[i] & 0x3f);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
      (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return len;
}

void cli_json_str(FILE *f, const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  fputc('"', f);
  for (size_t i = 0; i < len;) {
    unsigned char c = u[i];
    if (c == '"' || c == '\\') {
      fputc('\\', f);
      fputc(c, f);
      i++;
    } else if (c < 0x20 || c == 0x7f) {
      fprintf(f, "\\u%04x", c);
      i++;
    } else if (c < 0x80) {
      fputc(c, f);
      i++;
    } else {
      size_t n = utf8_len(u + i, len - i);
      if (n == 0) {
        fputs("\\ufffd", f);
        i++;
      } else {
        fwrite(u + i, 1, n, f);
        i += n;
      }
    }
  }
  fputc('"', f);
}

/* ---- the JSON writer ---------------------------------------------------------- */

void cli_json_init(cli_json *j, FILE *f) {
  j->f = f;
  j->depth = 0;
  j->arrays = j->members = 0;
  j->after_key = false;
}

/* Before a value or a key: the comma, unless it is a key's value or the
 * container's first member. */
static void before(cli_json *j) {
  unsigned bit = 1u << j->depth;
  if (!j->after_key && (j->members & bit))
    fputc(',', j->f);
  j->members |= bit;
  j->after_key = false;
}

static void open_container(cli_json *j, char c) {
  before(j);
  assert(j->depth + 1 < CLI_JSON_DEPTH);
  fputc(c, j->f);
  j->depth++;
  j->members &= ~(1u << j->depth);
  j->arrays = c == '[' ? j->arrays | 1u << j->depth : j->arrays & ~(1u << j->depth);
}

void cli_json_object(cli_json *j) {
  open_container(j, '{');
}

void cli_json_array(cli_json *j) {
  open_container(j, '[');
}

void cli_json_end(cli_json *j) {
  assert(j->depth > 0);
  fputc(j->arrays & (1u << j->depth) ? ']' : '}', j->f);
  j->depth--;
}

void cli_json_key(cli_json *j, const char *key) {
  before(j);
  fprintf(j->f, "\"%s\":", key);
  j->after_key = true;
}

void cli_json_stringn(cli_json *j, const char *s, size_t len) {
  before(j);
  cli_json_str(j->f, s, len);
}

void cli_json_string(cli_json *j, const char *s) {
  cli_json_stringn(j, s, strlen(s));
}

void cli_json_uint(cli_json *j, unsigned long long v) {
  before(j);
  fprintf(j->f, "%llu", v);
}

void cli_json_bool(cli_json *j, bool v) {
  before(j);
  fputs(v ? "true" : "false", j->f);
}

void cli_json_null(cli_json *j) {
  before(j);
  fputs("null", j->f);
}

void cli_json_error(cli_json *j, const dsnet_error *err, const char *code_name, const char *field) {
  cli_json_object(j);
  cli_json_key(j, "code");
  cli_json_string(j, code_name ? code_name : dsnet_status_name(err->code));
  cli_json_key(j, "offset");
  cli_json_uint(j, err->offset);
  cli_json_key(j, "message");
  cli_json_string(j, err->message);
  if (field) {
    cli_json_key(j, "field");
    cli_json_string(j, field);
  }
  cli_json_end(j);
}

void cli_json_done(cli_json *j) {
  assert(j->depth == 0);
  fputc('\n', j->f);
}

void cli_error(dsnet_error *err, dsnet_status code, const char *fmt, ...) {
  va_list ap;
  err->code = code;
  err->offset = 0;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "dsnet %s: ", cmd);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'dsnet %s --help'.\n", cmd);
  return CLI_USAGE;
}

bool cli_next(cli_args *a) {
  a->name = NULL;
  a->value = NULL;
  if (a->i >= a->argc)
    return false;
  char *s = a->argv[a->i++];
  if (!a->dashdash && strcmp(s, "--") == 0) {
    a->dashdash = true;
    if (a->i >= a->argc)
      return false;
    s = a->argv[a->i++];
  }
  if (a->dashdash) {
    a->value = s;
    return true;
  }
  if (s[0] == '-' && s[1] == '-' && s[2] != '\0') {
    char *eq = strchr(s + 2, '=');
    a->name = s + 2;
    a->name_len = eq ? (size_t)(eq - (s + 2)) : strlen(s + 2);
    a->value = eq ? eq + 1 : NULL;
    return true;
  }
  if (s[0] == '-' && s[1] == 'h' && s[2] == '\0') {
    a->name = "help";
    a->name_len = 4;
    return true;
  }
  a->value = s; /* positional (including "-" for standard input) */
  return true;
}

bool cli_is(const cli_args *a, const char *name) {
  return a->name && strlen(name) == a->name_len && memcmp(a->name, name, a->name_len) == 0;
}

const char *cli_value(cli_args *a) {
  if (a->value)
    return a->value;
  if (a->i >= a->argc)
    return NULL;
  return a->argv[a->i++];
}

long cli_getline(FILE *f, char **buf, size_t *cap) {
  ssize_t n = getline(buf, cap, f);
  if (n < 0)
    return -1;
  if (n > 0 && (*buf)[n - 1] == '\n') {
    n--;
    if (n > 0 && (*buf)[n - 1] == '\r')
      n--;
  }
  return (long)n;
}

/* The refusal: JSON on stdout, or the message (and a caret under the input)
 * on stderr. */
static int fail(int json, const char *cmd, const char *field, const char *input,
                const dsnet_error *err, const char *code_name) {
  if (json) {
    cli_json j;
    cli_json_init(&j, stdout);
    cli_json_object(&j);
    cli_json_key(&j, "error");
    cli_json_error(&j, err, code_name, field);
    cli_json_end(&j);
    cli_json_done(&j);
  } else {
    fprintf(stderr, "dsnet %s: %s%s%s\n", cmd, field ? field : "", field ? ": " : "", err->message);
    if (input && err->offset <= strlen(input)) {
      size_t w = field ? strlen(field) + 1 : 0;
      fprintf(stderr, "  %s%s%s\n  %*s^\n", field ? field : "", field ? " " : "", input,
              (int)(w + err->offset), "");
    }
  }
  return CLI_INVALID;
}

int cli_fail(int json, const char *cmd, const char *field, const char *input,
             const dsnet_error *err) {
  return fail(json, cmd, field, input, err, NULL);
}

int cli_fail_code(int json, const char *cmd, const char *code, const dsnet_error *err) {
  return fail(json, cmd, NULL, NULL, err, code);
}

bool cli_uint(const char *cmd, const char *flag, const char *value, unsigned long long max,
              unsigned long long *out) {
  dsnet_u128 v;
  dsnet_error e;
  if (dsnet_u128_parse(value, strlen(value), &v, &e) != DSNET_OK || v.hi != 0 || v.lo > max) {
    cli_usage_error(cmd, "%s: '%s' is not a decimal number from 0 to %llu", flag, value, max);
    return false;
  }
  *out = v.lo;
  return true;
}

bool cli_k8s_minor(const char *v, unsigned *minor) {
  unsigned m;
  if (!dsnet_k8s_version_parse(v, strlen(v), &m, NULL) ||
      !dsnet_k8s_gate_open(DSNET_K8S_GATE_DUAL_STACK, m))
    return false;
  *minor = m;
  return true;
}

void cli_json_finding(cli_json *j, bool error, const char *code, const char *field,
                      const char *message) {
  cli_json_key(j, "severity");
  cli_json_string(j, error ? "error" : "warning");
  cli_json_key(j, "code");
  cli_json_string(j, code);
  cli_json_key(j, "field");
  cli_json_string(j, field);
  cli_json_key(j, "message");
  cli_json_string(j, message);
}
