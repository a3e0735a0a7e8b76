/*
 * The library's text-output contract for caller buffers (design.md section
 * 2): the whole NUL-terminated text if it fits, else "" and never a cut
 * value; the length needed is returned either way. Private.
 */
#ifndef DSNET_OUTBUF_H
#define DSNET_OUTBUF_H

#include <stddef.h>
#include <string.h>

/* Copy text tmp[0..n) to the caller's (buf, cap) under that contract.
 * Returns n, the length needed without the NUL. */
static inline size_t dsnet__emit(const char *tmp, size_t n, char *buf, size_t cap) {
  if (n >= cap) {
    if (cap > 0)
      buf[0] = '\0';
    return n;
  }
  memcpy(buf, tmp, n);
  buf[n] = '\0';
  return n;
}

#endif /* DSNET_OUTBUF_H */
