/*
 * Tests on borrowed strings (dsnet_strview), as the list and settings
 * fields of the higher modules use them. Private.
 */
#ifndef DSNET_SV_H
#define DSNET_SV_H

#include <string.h>

#include "dsnet/strview.h"

/* A string view holds text: set and not empty. */
static inline int dsnet__sv_set(dsnet_strview v) {
  return v.ptr != NULL && v.len > 0;
}

/* A string view equals the NUL-terminated literal lit. */
static inline int dsnet__sv_eq(dsnet_strview v, const char *lit) {
  size_t n = strlen(lit);
  return v.ptr != NULL && v.len == n && memcmp(v.ptr, lit, n) == 0;
}

/* The view of a NUL-terminated literal. */
static inline dsnet_strview dsnet__sv_lit(const char *s) {
  dsnet_strview v = {s, strlen(s)};
  return v;
}

#endif /* DSNET_SV_H */
