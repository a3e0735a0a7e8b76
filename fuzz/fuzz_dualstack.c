/* Dual-stack lists: the list rules hold for everything accepted, and the
 * canonical text reads back to the same list. Byte 0: bit 0 sloppy, bit 1
 * mask host, bit 2 require dual, bit 3 trim; bit 4 parses an IP list. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 512)
    return 0;
  unsigned flags =
      (data[0] & 1 ? DSNET_PARSE_SLOPPY : 0) | (data[0] & 2 ? DSNET_PARSE_MASK_HOST : 0) |
      (data[0] & 4 ? DSNET_DUALSTACK_REQUIRE_DUAL : 0) | (data[0] & 8 ? DSNET_DUALSTACK_TRIM : 0);
  const char *s = (const char *)data + 1;
  size_t len = size - 1;
  dsnet_error err;
  char t[DSNET_DUALSTACK_STRLEN];
  if (data[0] & 16) {
    dsnet_dualstack_ips l, m;
    dsnet_status st = dsnet_dualstack_parse_ips(s, len, flags, &l, &err);
    FUZZ_CHECK(st == err.code && err.offset <= len);
    if (st != DSNET_OK)
      return 0;
    FUZZ_CHECK(l.count == 1 || l.count == 2);
    FUZZ_CHECK(!(flags & DSNET_DUALSTACK_REQUIRE_DUAL) || l.count == 2);
    FUZZ_CHECK(l.count == 1 || l.ip[0].family != l.ip[1].family);
    for (size_t i = 0; i < l.count; i++)
      FUZZ_CHECK(!dsnet_addr_is_ipv4_mapped(&l.ip[i]) && l.offset[i] < len);
    FUZZ_CHECK(dsnet_dualstack_validate_ips(&l, flags, NULL) == DSNET_OK);
    size_t n = dsnet_dualstack_format_ips(&l, t, sizeof t);
    FUZZ_CHECK(dsnet_dualstack_parse_ips(t, n, 0, &m, NULL) == DSNET_OK && m.count == l.count);
    for (size_t i = 0; i < l.count; i++)
      FUZZ_CHECK(dsnet_addr_equal(&l.ip[i], &m.ip[i]));
    return 0;
  }
  dsnet_dualstack_cidrs l, m;
  dsnet_status st = dsnet_dualstack_parse_cidrs(s, len, flags, &l, &err);
  FUZZ_CHECK(st == err.code && err.offset <= len);
  if (st != DSNET_OK) {
    FUZZ_CHECK(strlen(err.message) > 0);
    return 0;
  }
  FUZZ_CHECK(l.count == 1 || l.count == 2);
  FUZZ_CHECK(!(flags & DSNET_DUALSTACK_REQUIRE_DUAL) || l.count == 2);
  FUZZ_CHECK(l.count == 1 || l.cidr[0].addr.family != l.cidr[1].addr.family);
  for (size_t i = 0; i < l.count; i++) {
    FUZZ_CHECK(dsnet_prefix_is_valid(&l.cidr[i]) && !dsnet_addr_is_ipv4_mapped(&l.cidr[i].addr));
    FUZZ_CHECK(dsnet_dualstack_cidrs_find(&l, l.cidr[i].addr.family) == (int)i);
  }
  FUZZ_CHECK(dsnet_dualstack_validate_cidrs(&l, flags, NULL) == DSNET_OK);
  size_t n = dsnet_dualstack_format_cidrs(&l, t, sizeof t);
  FUZZ_CHECK(dsnet_dualstack_parse_cidrs(t, n, 0, &m, NULL) == DSNET_OK && m.count == l.count);
  for (size_t i = 0; i < l.count; i++)
    FUZZ_CHECK(dsnet_prefix_equal(&l.cidr[i], &m.cidr[i]));
  return 0;
}
