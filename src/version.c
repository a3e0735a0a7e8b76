/* dsnet version module: the run-time version string. */
#include "dsnet/version.h"

const char *dsnet_version(void) {
  return DSNET_VERSION_STRING;
}
