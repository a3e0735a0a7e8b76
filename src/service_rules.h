/*
 * The Service rules that the plan and the profiles apply too, each written
 * once in service.c: the size of a service range, and where an IP sits in
 * one. Private.
 */
#ifndef DSNET_SERVICE_RULES_H
#define DSNET_SERVICE_RULES_H

#include <stddef.h>

#include "dsnet/addr.h"
#include "dsnet/k8s.h"
#include "dsnet/prefix.h"
#include "findings.h"

/* kube-apiserver's checks of one service range (index 0 is the primary):
 * at most k8s->service_max_host_bits host bits (when capped), and at least 8
 * addresses in the primary, which /0 and /1 are not (RangeSize counts 0).
 * Codes service_range_too_large (offset index) and service_range_too_small. */
void dsnet__check_service_range(dsnet__sink *s, const dsnet_prefix *r, size_t index,
                                const dsnet_k8s_rules *k8s, const char *field);

/* Where an IP sits in a service range, as bits: each system orders and
 * excuses them its own way (kube-apiserver's allocator, the plan's DNS
 * checks, AKS Engine's E21-E23), so the geometry is here once and the
 * verdicts stay with them. */
enum {
  DSNET__SERVICE_IP_OUTSIDE = 1,   /* not inside the range (or of another family) */
  DSNET__SERVICE_IP_NETWORK = 2,   /* the network address (index 0) */
  DSNET__SERVICE_IP_APISERVER = 4, /* index 1: the kubernetes Service's */
  DSNET__SERVICE_IP_LAST = 8       /* the last address of an IPv4 range */
};
unsigned dsnet__service_ip_position(const dsnet_prefix *range, const dsnet_addr *ip);

#endif /* DSNET_SERVICE_RULES_H */
