/* The text layer's dispatcher: the out-of-line entry points over the table
 * of entry points per level (the table, the CPU check and the inline entry
 * paths are in dispatch.h).
 *
 * Every public parse reaches its level's entry point by tail calls, so no
 * function on the way saves registers; the level is recomputed on every
 * call (a few bit tests of what the compiler's CPU probe recorded at load
 * time), which keeps the library free of mutable state. */
#include "dispatch.h"

dsnet__level dsnet__best_level(void) {
  return dsnet__cpu_level(1);
}

/* ---- parsing ---- */

int dsnet__addr_parse_fast(const char *s, size_t len, int impl_cap, dsnet_addr *out) {
  return dsnet__addr_fast_inline(s, len, impl_cap, out);
}

dsnet_status dsnet__addr_parse(const char *s, size_t len, unsigned flags, dsnet_addr *out,
                               size_t offs[16], dsnet_error *err) {
  if (offs) /* byte offsets come from the reference parser only */
    return dsnet__addr_parse_ref(s, len, flags, out, offs, err);
  return dsnet__addr_parse_inline(s, len, flags, out, err);
}

int dsnet__prefix_parse_v4(const char *s, size_t len, int impl_cap, dsnet_prefix *out) {
  dsnet__level l = dsnet__level_at(impl_cap, 0);
  return DSNET__CALL(l, v4_prefix, s, len, out);
}

int dsnet__prefix_parse_fast(const char *s, size_t len, dsnet_prefix *out) {
  return (dsnet__looks_v4(s, len) && dsnet__prefix_parse_v4(s, len, DSNET__FAST_BEST, out)) ||
         dsnet__prefix_fast_any(s, len, out);
}

/* ---- formatting ---- */

/* The format calls write text and NUL in place when given the full scratch
 * size, which is exactly these functions' contract (the NUL lands inside it). */
size_t dsnet__addr_text_using(const dsnet_addr *a, int full, int impl_cap, char *p) {
  dsnet__level l = dsnet__level_at(impl_cap, 1);
  return DSNET__CALL(l, addr_format, a, full, p, DSNET_ADDR_STRLEN);
}

size_t dsnet__addr_text(const dsnet_addr *a, int full, char *p) {
  return dsnet__addr_text_using(a, full, DSNET__FAST_BEST, p);
}

size_t dsnet__prefix_text(const dsnet_prefix *pfx, char *p) {
  dsnet__level l = dsnet__cpu_level(1);
  return DSNET__CALL(l, prefix_format, pfx, p, DSNET_PREFIX_STRLEN);
}
