/**
 * @file dsnet/dsnet.h
 * @brief Umbrella header: includes every public dsnet header.
 *
 * dsnet is a C11 library for dual-stack (IPv4 + IPv6) address math as
 * Kubernetes applies it: strict parsing with exact errors, RFC 5952
 * formatting, exact 128-bit subnet math.
 */
#ifndef DSNET_DSNET_H
#define DSNET_DSNET_H

#include "dsnet/export.h"
#include "dsnet/version.h"
#include "dsnet/error.h"
#include "dsnet/strview.h"
#include "dsnet/u128.h"
#include "dsnet/addr.h"
#include "dsnet/prefix.h"
#include "dsnet/subnet.h"
#include "dsnet/dualstack.h"
#include "dsnet/k8s.h"
#include "dsnet/nodeipam.h"
#include "dsnet/cidrset.h"
#include "dsnet/service.h"
#include "dsnet/pool.h"
#include "dsnet/aksengine.h"
#include "dsnet/plan.h"

#endif /* DSNET_DSNET_H */
