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

/* strings.EqualFold against an ASCII word: ASCII letters fold, and so do
 * the two non-ASCII letters Unicode folds onto ASCII ones, U+017F (long s,
 * onto s) and U+212A (Kelvin sign, onto k). */
static inline int dsnet__sv_eq_fold(dsnet_strview v, const char *lit) {
  if (!v.ptr)
    return 0;
  size_t i = 0;
  const unsigned char *p = (const unsigned char *)v.ptr;
  for (; *lit; lit++) {
    int want = *lit | 0x20, got;
    if (i < v.len && p[i] < 0x80) {
      got = (p[i] >= 'A' && p[i] <= 'Z') ? p[i] | 0x20 : p[i];
      i++;
    } else if (i + 1 < v.len && p[i] == 0xC5 && p[i + 1] == 0xBF) {
      got = 's';
      i += 2;
    } else if (i + 2 < v.len && p[i] == 0xE2 && p[i + 1] == 0x84 && p[i + 2] == 0xAA) {
      got = 'k';
      i += 3;
    } else {
      return 0;
    }
    if (got != want)
      return 0;
  }
  return i == v.len;
}

/* The view of a NUL-terminated literal. */
static inline dsnet_strview dsnet__sv_lit(const char *s) {
  dsnet_strview v = {s, strlen(s)};
  return v;
}

#endif /* DSNET_SV_H */
