/* Test helpers: tab-separated vector files and cmocka includes. */
#ifndef DSNET_TESTUTIL_H
#define DSNET_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dsnet/dsnet.h"

#ifndef DSNET_VECTOR_DIR
#error "DSNET_VECTOR_DIR must name tests/vectors"
#endif

enum { VEC_MAX_FIELDS = 8 };

typedef struct vec_reader {
  char *buf;
  size_t len, pos;
  unsigned line; /* line number of the current case */
  char path[1024];
} vec_reader;

/* Open DSNET_VECTOR_DIR/rel; fails the test when it cannot be read. */
void vec_open(vec_reader *r, const char *rel);
/* Next case: splits the line at tabs into f[] and returns the field count,
 * 0 at the end. Lines starting with '#' and empty lines are skipped. */
int vec_next(vec_reader *r, char **f);
void vec_close(vec_reader *r);
/* Decode \xNN escapes in place; returns the decoded length. */
size_t vec_unescape(char *s);
/* Parse "ERR code offset": returns 1 and fills code/offset, or 0 if f is not an ERR field. */
int vec_err(const char *f, char *code, size_t codecap, size_t *offset);

/*
 * Parse callback for vec_run(): parse input[0..len) (fields f[0..nf) of the
 * case are available too), and on success write the canonical text to out.
 * Returns the status; e is filled by the function under test.
 */
typedef dsnet_status (*vec_parse_fn)(const char *input, size_t len, char **f, int nf, char *out,
                                     size_t cap, dsnet_error *e);

/* Run a file of cases "input ... expected", the expected field at index
 * `want` being the canonical text or "ERR code offset": checks the status
 * name, offset, non-empty message, cleared error on success, and the text. */
void vec_run(const char *rel, int want, unsigned min_cases, vec_parse_fn fn);

/* Error record filled with 0xff bytes, to catch fields not written. */
#define POISON(e) memset(&(e), 0xff, sizeof(e))

/* Shorthands for tests. */
dsnet_addr A(const char *s);
dsnet_prefix P(const char *s);
dsnet_u128 U(const char *decimal);
/* Format helpers returning a static buffer per call slot (0..3). */
const char *fmt_addr(const dsnet_addr *a, int slot);
const char *fmt_prefix(const dsnet_prefix *p, int slot);
const char *fmt_u128(const dsnet_u128 *v, int slot);

/* A plan's finding of that code (the first), or NULL; print every finding. */
const dsnet_finding *plan_finding(const dsnet_plan_result *r, const char *code);
void plan_dump(const dsnet_plan_result *r);

#endif
