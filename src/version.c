/* dsnet version module: the run-time version string, and the sizes of the
 * public value types pinned (LP64): changing one is an ABI break. */
#include <stdint.h>

#include "dsnet/dsnet.h"

#if UINTPTR_MAX == 0xffffffffffffffffu
_Static_assert(sizeof(dsnet_u128) == 16, "ABI: dsnet_u128");
_Static_assert(sizeof(dsnet_addr) == 24, "ABI: dsnet_addr");
_Static_assert(sizeof(dsnet_prefix) == 32, "ABI: dsnet_prefix");
_Static_assert(sizeof(dsnet_error) == 272, "ABI: dsnet_error");
_Static_assert(sizeof(dsnet_dualstack_cidrs) == 88, "ABI: dsnet_dualstack_cidrs");
_Static_assert(sizeof(dsnet_dualstack_ips) == 72, "ABI: dsnet_dualstack_ips");
_Static_assert(sizeof(dsnet_node_mask_flags) == 12, "ABI: dsnet_node_mask_flags");
_Static_assert(sizeof(dsnet_node_masks) == 16, "ABI: dsnet_node_masks");
_Static_assert(sizeof(dsnet_subnet_iter) == 64, "ABI: dsnet_subnet_iter");
_Static_assert(sizeof(dsnet_parse_item) == 56, "ABI: dsnet_parse_item");
#endif

const char *dsnet_version(void) {
  return DSNET_VERSION_STRING;
}
