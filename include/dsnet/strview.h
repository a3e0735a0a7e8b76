/**
 * @file dsnet/strview.h
 * @brief `dsnet_strview`: a borrowed string (pointer + length), the one
 *        string type of dsnet's list and settings inputs.
 * @defgroup strview String views
 * @{
 * Structs that carry several text fields (a Service spec, a cluster plan, an
 * AKS Engine configuration) hold them as views of the caller's bytes: no
 * copy, no NUL needed, and "unset" is distinct from "".
 * @code
 * dsnet_strview v = {"10.244.0.0/16,fc00::/48", 23};
 * @endcode
 */
#ifndef DSNET_STRVIEW_H
#define DSNET_STRVIEW_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A borrowed string: ptr NULL means "unset", ptr non-NULL with len 0 is "". */
typedef struct dsnet_strview {
  const char *ptr; /**< the bytes, not necessarily NUL-terminated, or NULL */
  size_t len;      /**< their number */
} dsnet_strview;

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_STRVIEW_H */
