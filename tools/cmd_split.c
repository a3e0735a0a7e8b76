/* dsnet split: subnets of a prefix: count, n-th, first K, or all. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char split_help[] =
    "Usage: dsnet split CIDR NEWLEN [--index N | --count K | --all] [--limit L]\n"
    "                   [--json] [--sloppy] [--mask]\n"
    "\n"
    "Split CIDR into subnets of length NEWLEN (\"24\" or \"/24\").\n"
    "  (no selector)  print the number of subnets, the first and the last\n"
    "  --index N      the subnet at index N (decimal, 0 .. 2^128-1)\n"
    "  --count K      the first K subnets (from --index N when both are given)\n"
    "  --all          every subnet\n"
    "  --limit L      most subnets --all/--count may print (default 1048576 = 2^20)\n"
    "  --json         {\"prefix\":...,\"newlen\":N,\"count\":\"...\",\"subnets\":[...]}\n"
    "                 (plus \"index\" with --index; \"first\"/\"last\" with no selector)\n"
    "  --sloppy, --mask  widen the CIDR grammar as in 'dsnet parse'\n"
    "\n"
    "Exit status: 0 ok, 1 invalid input or request, 2 usage error.\n";

static int fail(int json, const char *what, const char *input, const dsnet_error *err) {
  return cli_fail(json, "split", what, input, err);
}

static int fail_limit(int json, const char *count, const char *limit) {
  dsnet_error e;
  cli_error(&e, DSNET_ERANGE, "refusing to print %s subnets: more than --limit %s", count, limit);
  return cli_fail_code(json, "split", CLI_CODE_LIMIT_EXCEEDED, &e);
}

/* One subnet: a JSON array element, or a line. */
static void put_subnet(int json, cli_json *j, const char *sub) {
  if (json)
    cli_json_string(j, sub);
  else
    printf("%s\n", sub);
}

int cmd_split(int argc, char **argv) {
  const char *pos[2] = {NULL, NULL};
  int npos = 0, json = 0, all = 0;
  unsigned flags = 0;
  const char *index_s = NULL, *count_s = NULL, *limit_s = NULL;
  cli_args a = {argc, argv, 0, NULL, 0, NULL, false};
  while (cli_next(&a)) {
    if (!a.name) {
      if (npos == 2)
        return cli_usage_error("split", "unexpected argument '%s'", a.value);
      pos[npos++] = a.value;
    } else if (cli_is(&a, "help")) {
      fputs(split_help, stdout);
      return CLI_OK;
    } else if (cli_is(&a, "json")) {
      json = 1;
    } else if (cli_is(&a, "all")) {
      all = 1;
    } else if (cli_is(&a, "sloppy")) {
      flags |= DSNET_PARSE_SLOPPY;
    } else if (cli_is(&a, "mask")) {
      flags |= DSNET_PARSE_MASK_HOST;
    } else if (cli_is(&a, "index") || cli_is(&a, "count") || cli_is(&a, "limit")) {
      const char *v = cli_value(&a);
      if (!v)
        return cli_usage_error("split", "option '--%.*s' needs a value", (int)a.name_len, a.name);
      if (cli_is(&a, "index"))
        index_s = v;
      else if (cli_is(&a, "count"))
        count_s = v;
      else
        limit_s = v;
    } else {
      return cli_usage_error("split", "unknown option '--%.*s'", (int)a.name_len, a.name);
    }
  }
  if (npos < 2)
    return cli_usage_error("split", "expected CIDR and NEWLEN");
  if (all && (index_s || count_s))
    return cli_usage_error("split", "--all cannot be combined with --index or --count");

  dsnet_error err;
  dsnet_prefix p;
  if (dsnet_prefix_parse(pos[0], strlen(pos[0]), flags, &p, &err) != DSNET_OK)
    return fail(json, "CIDR", pos[0], &err);

  const char *nl = pos[1][0] == '/' ? pos[1] + 1 : pos[1];
  dsnet_u128 v;
  if (dsnet_u128_parse(nl, strlen(nl), &v, &err) != DSNET_OK)
    return fail(json, "NEWLEN", nl, &err);
  unsigned newlen = (v.hi || v.lo > 255) ? 255u : (unsigned)v.lo;

  unsigned kbits; /* count = 2^kbits */
  dsnet_u128 count;
  dsnet_status st = dsnet_subnet_count(&p, newlen, &count, &err);
  if (st == DSNET_EOVERFLOW) {
    count.hi = count.lo = ~UINT64_C(0); /* 2^128: every u128 index is valid */
  } else if (st != DSNET_OK) {
    return fail(json, "NEWLEN", NULL, &err);
  }
  kbits = newlen - p.len;
  char count_txt[DSNET_U128_STRLEN], ptxt[DSNET_PREFIX_STRLEN], sub[DSNET_PREFIX_STRLEN];
  dsnet_u128_format_pow2(kbits, count_txt, sizeof count_txt);
  dsnet_prefix_format(&p, ptxt, sizeof ptxt);

  dsnet_u128 start = {0, 0}, k = {0, 0}, limit = {0, UINT64_C(1) << 20};
  if (limit_s && dsnet_u128_parse(limit_s, strlen(limit_s), &limit, &err) != DSNET_OK)
    return cli_usage_error("split", "--limit: %s", err.message);
  if (index_s && dsnet_u128_parse(index_s, strlen(index_s), &start, &err) != DSNET_OK)
    return fail(json, "--index", index_s, &err);
  if (count_s && dsnet_u128_parse(count_s, strlen(count_s), &k, &err) != DSNET_OK)
    return fail(json, "--count", count_s, &err);

  dsnet_prefix first;
  if (dsnet_subnet_nth(&p, newlen, &start, &first, &err) != DSNET_OK)
    return fail(json, "--index", NULL, &err);

  int listing = all || count_s;
  if (listing) {
    /* number to print: all from start, or min(K, remaining) */
    dsnet_u128 remaining;
    if (st == DSNET_EOVERFLOW) { /* 2^128 - start, saturated to 2^128 - 1 */
      dsnet_u128 maxv = {~UINT64_C(0), ~UINT64_C(0)};
      dsnet_u128_sub(&maxv, &start, &remaining, NULL);
      if (start.hi || start.lo) {
        dsnet_u128 one = {0, 1};
        dsnet_u128_add(&remaining, &one, &remaining, NULL);
      }
    } else {
      dsnet_u128_sub(&count, &start, &remaining, NULL);
    }
    if (!all && dsnet_u128_compare(&k, &remaining) < 0)
      remaining = k;
    if (dsnet_u128_compare(&remaining, &limit) > 0) {
      char r[DSNET_U128_STRLEN], l[DSNET_U128_STRLEN];
      dsnet_u128_format(&remaining, r, sizeof r);
      if (st == DSNET_EOVERFLOW && all && !start.hi && !start.lo)
        memcpy(r, count_txt, sizeof r); /* all 2^128 of them */
      dsnet_u128_format(&limit, l, sizeof l);
      return fail_limit(json, r, l);
    }
    k = remaining;
  }

  cli_json j;
  cli_json_init(&j, stdout);
  if (json) {
    cli_json_object(&j);
    cli_json_key(&j, "prefix");
    cli_json_string(&j, ptxt);
    cli_json_key(&j, "newlen");
    cli_json_uint(&j, newlen);
    cli_json_key(&j, "count");
    cli_json_string(&j, count_txt);
    if (index_s) {
      char it[DSNET_U128_STRLEN];
      dsnet_u128_format(&start, it, sizeof it);
      cli_json_key(&j, "index");
      cli_json_string(&j, it);
    }
  }
  if (!listing && !index_s) {
    dsnet_prefix last;
    dsnet_u128 li;
    if (st == DSNET_EOVERFLOW) {
      li = count; /* 2^128 - 1 */
    } else {
      dsnet_u128 one = {0, 1};
      dsnet_u128_sub(&count, &one, &li, NULL);
    }
    dsnet_subnet_nth(&p, newlen, &li, &last, NULL);
    char ft[DSNET_PREFIX_STRLEN], lt[DSNET_PREFIX_STRLEN];
    dsnet_prefix_format(&first, ft, sizeof ft);
    dsnet_prefix_format(&last, lt, sizeof lt);
    if (!json) {
      printf("count: %s\nfirst: %s\nlast:  %s\n", count_txt, ft, lt);
      return CLI_OK;
    }
    cli_json_key(&j, "first");
    cli_json_string(&j, ft);
    cli_json_key(&j, "last");
    cli_json_string(&j, lt);
    cli_json_key(&j, "subnets");
    cli_json_array(&j);
    cli_json_end(&j);
    cli_json_end(&j);
    cli_json_done(&j);
    return CLI_OK;
  }
  if (json) {
    cli_json_key(&j, "subnets");
    cli_json_array(&j);
  }
  if (!listing) {
    dsnet_prefix_format(&first, sub, sizeof sub);
    put_subnet(json, &j, sub);
  } else {
    dsnet_subnet_iter iter;
    dsnet_subnet_iter_init(&iter, &p, newlen, &start, NULL);
    uint64_t todo = k.lo; /* k <= limit, and limits past 2^64 cannot be printed anyway */
    if (k.hi)
      todo = ~UINT64_C(0);
    dsnet_prefix s;
    for (uint64_t i = 0; i < todo && dsnet_subnet_iter_next(&iter, &s); i++) {
      dsnet_prefix_format(&s, sub, sizeof sub);
      put_subnet(json, &j, sub);
    }
  }
  if (json) {
    cli_json_end(&j);
    cli_json_end(&j);
    cli_json_done(&j);
  }
  return CLI_OK;
}
