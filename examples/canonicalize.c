/*
 * canonicalize: read addresses and CIDR prefixes from standard input, one per
 * line, and print the canonical form of each, or the error with a caret under
 * the offending byte. Exit status 1 if any line was invalid.
 *
 *   printf '2001:DB8:0:0::1\n10.0.0.1/8\n' | ./canonicalize
 */
#include <stdio.h>
#include <string.h>

#include <dsnet/dsnet.h>

int main(void) {
  char line[512];
  int bad = 0;
  while (fgets(line, sizeof line, stdin)) {
    size_t len = strcspn(line, "\r\n");
    char out[DSNET_PREFIX_STRLEN];
    dsnet_error err;
    dsnet_status st;
    if (memchr(line, '/', len)) {
      dsnet_prefix p;
      st = dsnet_prefix_parse(line, len, 0, &p, &err);
      if (st == DSNET_OK)
        dsnet_prefix_format(&p, out, sizeof out);
    } else {
      dsnet_addr a;
      st = dsnet_addr_parse(line, len, 0, &a, &err);
      if (st == DSNET_OK)
        dsnet_addr_format(&a, out, sizeof out);
    }
    if (st == DSNET_OK) {
      printf("%s\n", out);
    } else {
      bad = 1;
      printf("error: %s\n  %.*s\n  %*s^\n", err.message, (int)len, line, (int)err.offset, "");
    }
  }
  return bad;
}
