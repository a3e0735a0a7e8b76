#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

void vec_open(vec_reader *r, const char *rel) {
  memset(r, 0, sizeof *r);
  snprintf(r->path, sizeof r->path, "%s/%s", DSNET_VECTOR_DIR, rel);
  FILE *f = fopen(r->path, "rb");
  if (!f)
    fail_msg("cannot open %s", r->path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  r->buf = malloc((size_t)n + 1);
  assert_non_null(r->buf);
  assert_int_equal(fread(r->buf, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  r->buf[n] = '\0';
  r->len = (size_t)n;
}

int vec_next(vec_reader *r, char **f) {
  while (r->pos < r->len) {
    char *line = r->buf + r->pos;
    char *nl = memchr(line, '\n', r->len - r->pos);
    size_t ll = nl ? (size_t)(nl - line) : r->len - r->pos;
    r->pos += ll + (nl ? 1 : 0);
    r->line++;
    line[ll] = '\0';
    if (ll == 0 || line[0] == '#')
      continue;
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p; p++) {
      if (*p == '\t' && n < VEC_MAX_FIELDS) {
        *p = '\0';
        f[n++] = p + 1;
      }
    }
    return n;
  }
  return 0;
}

void vec_close(vec_reader *r) {
  free(r->buf);
}

static int hexv(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

size_t vec_unescape(char *s) {
  char *o = s;
  for (char *p = s; *p;) {
    if (p[0] == '\\' && p[1] == 'x' && hexv(p[2]) >= 0 && hexv(p[3]) >= 0) {
      *o++ = (char)(hexv(p[2]) * 16 + hexv(p[3]));
      p += 4;
    } else {
      *o++ = *p++;
    }
  }
  size_t n = (size_t)(o - s);
  /* keep a NUL after the data; decoded NULs inside are part of the input */
  *o = '\0';
  return n;
}

int vec_err(const char *f, char *code, size_t codecap, size_t *offset) {
  if (strncmp(f, "ERR", 3) != 0)
    return 0;
  char fmt[32];
  snprintf(fmt, sizeof fmt, "ERR %%%zus %%zu", codecap - 1);
  if (sscanf(f, fmt, code, offset) != 2)
    fail_msg("bad ERR field '%s'", f);
  return 1;
}

dsnet_addr A(const char *s) {
  dsnet_addr a;
  dsnet_error e;
  if (dsnet_addr_parse(s, strlen(s), 0, &a, &e) != DSNET_OK)
    fail_msg("A(%s): %s", s, e.message);
  return a;
}

dsnet_prefix P(const char *s) {
  dsnet_prefix p;
  dsnet_error e;
  if (dsnet_prefix_parse(s, strlen(s), 0, &p, &e) != DSNET_OK)
    fail_msg("P(%s): %s", s, e.message);
  return p;
}

dsnet_u128 U(const char *s) {
  dsnet_u128 v;
  dsnet_error e;
  if (dsnet_u128_parse(s, strlen(s), &v, &e) != DSNET_OK)
    fail_msg("U(%s): %s", s, e.message);
  return v;
}

static char slots[4][64];

const char *fmt_addr(const dsnet_addr *a, int slot) {
  dsnet_addr_format(a, slots[slot], sizeof slots[slot]);
  return slots[slot];
}

const char *fmt_prefix(const dsnet_prefix *p, int slot) {
  dsnet_prefix_format(p, slots[slot], sizeof slots[slot]);
  return slots[slot];
}

const char *fmt_u128(const dsnet_u128 *v, int slot) {
  dsnet_u128_format(v, slots[slot], sizeof slots[slot]);
  return slots[slot];
}

void vec_run(const char *rel, int want, unsigned min_cases, vec_parse_fn fn) {
  vec_reader r;
  char *f[VEC_MAX_FIELDS];
  unsigned n = 0;
  int nf;
  vec_open(&r, rel);
  while ((nf = vec_next(&r, f)) > 0) {
    if (nf <= want)
      fail_msg("%s:%u: %d fields, need %d", rel, r.line, nf, want + 1);
    size_t len = vec_unescape(f[0]);
    char out[256], code[64];
    size_t off;
    dsnet_error e;
    POISON(e);
    dsnet_status st = fn(f[0], len, f, nf, out, sizeof out, &e);
    if (vec_err(f[want], code, sizeof code, &off)) {
      if (st == DSNET_OK)
        fail_msg("%s:%u: accepted as %s, expected %s", rel, r.line, out, code);
      if (strcmp(dsnet_status_name(st), code) != 0 || e.offset != off)
        fail_msg("%s:%u: got %s at %zu (%s), expected %s at %zu", rel, r.line,
                 dsnet_status_name(st), e.offset, e.message, code, off);
      assert_int_equal(e.code, st);
      assert_true(strlen(e.message) > 0);
    } else {
      if (st != DSNET_OK)
        fail_msg("%s:%u: rejected: %s", rel, r.line, e.message);
      if (strcmp(out, f[want]) != 0)
        fail_msg("%s:%u: got %s, expected %s", rel, r.line, out, f[want]);
      assert_int_equal(e.code, DSNET_OK);
      assert_int_equal(e.offset, 0);
      assert_string_equal(e.message, "");
    }
    n++;
  }
  vec_close(&r);
  assert_true(n >= min_cases);
}

const dsnet_finding *plan_finding(const dsnet_plan_result *r, const char *code) {
  for (size_t i = 0; i < r->n_findings; i++)
    if (strcmp(r->findings[i].code, code) == 0)
      return &r->findings[i];
  return NULL;
}

void plan_dump(const dsnet_plan_result *r) {
  for (size_t i = 0; i < r->n_findings; i++)
    print_message("  %s %s: %s\n", r->findings[i].severity ? "W" : "E", r->findings[i].code,
                  r->findings[i].message);
}
