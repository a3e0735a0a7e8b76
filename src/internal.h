/*
 * The private interface that the white-box tests (tests/test_addrtext.c)
 * and the fuzzers reach: the text layer's contract and the value helpers.
 * No library source includes this header; each includes the one-concern
 * headers it needs.
 */
#ifndef DSNET_INTERNAL_H
#define DSNET_INTERNAL_H

#include "bits.h"
#include "text/text.h"
#include "values.h"

#endif /* DSNET_INTERNAL_H */
