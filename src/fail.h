/*
 * Filling error records: every module reports failures through
 * dsnet__fail(), so that records are filled the same way everywhere (code,
 * offset, message), and quotes offending values with dsnet__quote().
 * Private: not installed, not exported (implemented in error.c).
 */
#ifndef DSNET_FAIL_H
#define DSNET_FAIL_H

#include <stddef.h>

#include "compiler.h"
#include "dsnet/error.h"
#include "dsnet/prefix.h"

/* Room for one quoted value: 4 output bytes per input byte (\xNN), the cut
 * marker, the quotes and the NUL. */
#define DSNET__QUOTE_CAP (DSNET_ERROR_QUOTE_MAX * 4 + 8)

/*
 * Fill *err (if not NULL) with code, offset and a printf-formatted message,
 * and return code. Messages longer than the record are cut at a byte
 * boundary that keeps them NUL-terminated.
 */
dsnet_status dsnet__fail(dsnet_error *err, dsnet_status code, size_t offset, const char *fmt, ...)
    DSNET_PRINTF(4, 5);

/* Return DSNET_OK after resetting *err (if not NULL). */
dsnet_status dsnet__ok(dsnet_error *err);

/* dsnet_error_clear() inline, for the hot paths; err is not NULL. */
static inline void dsnet__clear(dsnet_error *err) {
  err->code = DSNET_OK;
  err->offset = 0;
  err->message[0] = '\0';
}

/*
 * Write s[0..len) as a double-quoted, printable string into dst (capacity
 * DSNET__QUOTE_CAP): bytes outside 0x20..0x7e and the quote and backslash
 * are escaped, and inputs longer than DSNET_ERROR_QUOTE_MAX are cut and
 * marked with "...". Returns dst.
 */
const char *dsnet__quote(char dst[DSNET__QUOTE_CAP], const char *s, size_t len);

/* Room for one JSON-quoted value: 6 output bytes per input byte (\u00XX). */
#define DSNET__JSON_QUOTE_CAP (DSNET_ERROR_QUOTE_MAX * 6 + 8)

/*
 * Write s[0..len) quoted as Go's encoding/json quotes a string (json.Marshal,
 * HTML-safe) into dst: as apimachinery renders typed and list values in
 * field errors from Kubernetes 1.34. Cut like dsnet__quote(). Returns dst.
 */
const char *dsnet__json_quote(char dst[DSNET__JSON_QUOTE_CAP], const char *s, size_t len);

/* A prefix's canonical text for a message, in buf (DSNET_PREFIX_STRLEN
 * bytes), or "" when err is NULL and no message is written: the failure
 * paths format only what a caller reads, and the success paths nothing. */
static inline const char *dsnet__msg_prefix(const dsnet_error *err, const dsnet_prefix *p,
                                            char *buf) {
  buf[0] = '\0';
  if (err)
    dsnet_prefix_format(p, buf, DSNET_PREFIX_STRLEN);
  return buf;
}

#endif /* DSNET_FAIL_H */
