/**
 * @file dsnet/pool.h
 * @brief `dsnet_node_pool`: a group of alike nodes (a control plane, an
 *        agent pool), as a cluster plan lists them.
 * @defgroup pool Node pools
 * @{
 * Installers describe a cluster's nodes as pools: AKS Engine's masterProfile
 * and agentPoolProfiles, AKS and EKS node groups. A ::dsnet_plan takes a list
 * of them: their counts are the node count, and the profiles check what a
 * pool's operating system, distribution and subnet allow (AKS Engine: no
 * Windows before 1.19 and no Flatcar with dual-stack, a custom VNet subnet on
 * all pools or none). Every text field is a ::dsnet_strview of the caller's
 * bytes; unset fields (ptr NULL) are the system's defaults.
 * @code
 * dsnet_node_pool pools[2] = {{.name = {"master", 6}, .count = 3, .control_plane = true},
 *                             {.name = {"linuxpool", 9}, .count = 10}};
 * plan.pools = pools;
 * plan.n_pools = 2;
 * @endcode
 */
#ifndef DSNET_POOL_H
#define DSNET_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "dsnet/strview.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One node pool. */
typedef struct dsnet_node_pool {
  dsnet_strview name;         /**< the pool's name (AKS Engine: agentPoolProfiles[].name) */
  uint64_t count;             /**< its number of nodes */
  bool control_plane;         /**< the control plane's nodes (AKS Engine: the masterProfile) */
  dsnet_strview os_type;      /**< "Linux" (unset) or "Windows" */
  dsnet_strview distro;       /**< the Linux distribution, e.g. "ubuntu-18.04", "flatcar" */
  dsnet_strview subnet;       /**< a custom subnet: AKS Engine's vnetSubnetID (a resource ID) */
  dsnet_strview availability; /**< AKS Engine: "AvailabilitySet" or "VirtualMachineScaleSets" */
  /** The first static IP of the control plane (AKS Engine: masterProfile.firstConsecutiveStaticIP).
   */
  dsnet_strview first_ip;
} dsnet_node_pool;

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DSNET_POOL_H */
