/* dsnet parse: canonical form, family, length, first/last and size of
 * addresses and prefixes; errors with the offending byte marked. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char parse_help[] =
    "Usage: dsnet parse [--json] [--sloppy|--go-net] [--mask] ITEM...\n"
    "       dsnet parse [options] -      (one item per line from standard input)\n"
    "\n"
    "Parse IPv4/IPv6 addresses and CIDR prefixes (an item with '/' is a prefix)\n"
    "and print the canonical (RFC 5952) form, family, length, first and last\n"
    "address and exact size. Parsing is strict unless widened:\n"
    "  --sloppy   Kubernetes' legacy grammar: leading zeros in IPv4 parts, IPv6\n"
    "             groups and prefix lengths (DSNET_PARSE_SLOPPY)\n"
    "  --go-net   Go 1.17-1.21's net.ParseIP/ParseCIDR (AKS Engine's parsers):\n"
    "             leading zeros in prefix lengths and IPv6 groups, not in IPv4\n"
    "             parts (DSNET_PARSE_GO_NET)\n"
    "  --mask     clear host bits of prefixes instead of rejecting them\n"
    "             (DSNET_PARSE_MASK_HOST)\n"
    "  --json     one JSON object per item per line (JSON Lines)\n"
    "\n"
    "Exit status: 0 all items valid, 1 some item invalid, 2 usage error.\n";

typedef struct item {
  char *input;
  size_t len;
  int is_prefix;
  dsnet_status st;
  dsnet_error err;
  dsnet_prefix p; /* the prefix, or the address with len = bits */
} item;

static void eval(item *it, unsigned flags) {
  it->is_prefix = memchr(it->input, '/', it->len) != NULL;
  if (it->is_prefix) {
    it->st = dsnet_prefix_parse(it->input, it->len, flags, &it->p, &it->err);
  } else {
    it->st = dsnet_addr_parse(it->input, it->len, flags, &it->p.addr, &it->err);
    it->p.len = (uint8_t)dsnet_family_bits(it->p.addr.family);
  }
}

static void size_text(const dsnet_prefix *p, char buf[DSNET_U128_STRLEN]) {
  dsnet_u128_format_pow2(dsnet_prefix_host_bits(p), buf, DSNET_U128_STRLEN);
}

static void emit_json(const item *it) {
  cli_json j;
  cli_json_init(&j, stdout);
  cli_json_object(&j);
  cli_json_key(&j, "input");
  cli_json_stringn(&j, it->input, it->len);
  if (it->st != DSNET_OK) {
    cli_json_key(&j, "error");
    cli_json_error(&j, &it->err, NULL, NULL);
  } else {
    char c[DSNET_PREFIX_STRLEN];
    cli_json_key(&j, "kind");
    cli_json_string(&j, it->is_prefix ? "prefix" : "address");
    cli_json_key(&j, "family");
    cli_json_uint(&j, it->p.addr.family);
    cli_json_key(&j, "canonical");
    if (!it->is_prefix) {
      dsnet_addr_format(&it->p.addr, c, sizeof c);
      cli_json_string(&j, c);
    } else {
      char a_text[DSNET_ADDR_STRLEN], size[DSNET_U128_STRLEN];
      dsnet_addr a;
      dsnet_prefix_format(&it->p, c, sizeof c);
      cli_json_string(&j, c);
      cli_json_key(&j, "prefixlen");
      cli_json_uint(&j, it->p.len);
      dsnet_prefix_first(&it->p, &a);
      dsnet_addr_format(&a, a_text, sizeof a_text);
      cli_json_key(&j, "first");
      cli_json_string(&j, a_text);
      dsnet_prefix_last(&it->p, &a);
      dsnet_addr_format(&a, a_text, sizeof a_text);
      cli_json_key(&j, "last");
      cli_json_string(&j, a_text);
      size_text(&it->p, size);
      cli_json_key(&j, "size");
      cli_json_string(&j, size);
    }
  }
  cli_json_end(&j);
  cli_json_done(&j);
}

/* Width on screen of input bytes [0, n) as printed by print_input(). */
static size_t shown_width(const char *s, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    w += (c < 0x20 || c > 0x7e) ? 4 : 1;
  }
  return w;
}

static void print_input(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c > 0x7e)
      printf("\\x%02x", c);
    else
      putchar(c);
  }
}

enum { COLS = 8 };

/* Text table for a batch of items; columns sized to the batch. */
static void emit_table(item *items, size_t n, int header) {
  static const char *head[COLS] = {"INPUT",  "KIND",  "FAMILY", "CANONICAL",
                                   "LENGTH", "FIRST", "LAST",   "SIZE"};
  char(*cell)[COLS][DSNET_U128_STRLEN + 8] = calloc(n ? n : 1, sizeof *cell);
  size_t w[COLS];
  if (!cell) {
    fputs("dsnet parse: out of memory\n", stderr);
    exit(CLI_USAGE);
  }
  for (int c = 0; c < COLS; c++)
    w[c] = strlen(head[c]);
  for (size_t i = 0; i < n; i++) {
    size_t iw = shown_width(items[i].input, items[i].len);
    if (iw > w[0])
      w[0] = iw;
    if (items[i].st != DSNET_OK)
      continue;
    const dsnet_prefix *p = &items[i].p;
    dsnet_addr a;
    snprintf(cell[i][1], sizeof cell[i][1], "%s", items[i].is_prefix ? "prefix" : "address");
    snprintf(cell[i][2], sizeof cell[i][2], "IPv%u", p->addr.family);
    if (items[i].is_prefix) {
      dsnet_prefix_format(p, cell[i][3], sizeof cell[i][3]);
      snprintf(cell[i][4], sizeof cell[i][4], "%u", p->len);
      dsnet_prefix_first(p, &a);
      dsnet_addr_format(&a, cell[i][5], sizeof cell[i][5]);
      dsnet_prefix_last(p, &a);
      dsnet_addr_format(&a, cell[i][6], sizeof cell[i][6]);
      size_text(p, cell[i][7]);
    } else {
      dsnet_addr_format(&p->addr, cell[i][3], sizeof cell[i][3]);
    }
    for (int c = 1; c < COLS; c++)
      if (strlen(cell[i][c]) > w[c])
        w[c] = strlen(cell[i][c]);
  }
  int any_ok = 0;
  for (size_t i = 0; i < n; i++)
    any_ok |= items[i].st == DSNET_OK;
  if (header && any_ok) {
    for (int c = 0; c < COLS; c++)
      printf("%-*s%s", c + 1 < COLS ? (int)w[c] : 0, head[c], c + 1 < COLS ? "  " : "\n");
  }
  for (size_t i = 0; i < n; i++) {
    const item *it = &items[i];
    print_input(it->input, it->len);
    size_t iw = shown_width(it->input, it->len);
    if (it->st != DSNET_OK) {
      printf("%*s  error: %s\n", (int)(w[0] - iw), "", it->err.message);
      size_t off = it->err.offset <= it->len ? it->err.offset : it->len;
      printf("%*s^ %s\n", (int)shown_width(it->input, off), "", dsnet_status_name(it->err.code));
      continue;
    }
    printf("%*s", (int)(w[0] - iw + 2), "");
    int last = it->is_prefix ? COLS : 4;
    for (int c = 1; c < last; c++)
      printf("%-*s%s", c + 1 < last ? (int)w[c] : 0, cell[i][c], c + 1 < last ? "  " : "");
    putchar('\n');
  }
  free(cell);
}

int cmd_parse(int argc, char **argv) {
  unsigned flags = 0;
  int json = 0;
  char **pos = calloc((size_t)argc + 1, sizeof *pos);
  size_t npos = 0;
  cli_args a = {argc, argv, 0, NULL, 0, NULL, false};
  if (!pos)
    return CLI_USAGE;
  while (cli_next(&a)) {
    if (!a.name) {
      pos[npos++] = (char *)a.value;
    } else if (cli_is(&a, "help")) {
      fputs(parse_help, stdout);
      free(pos);
      return CLI_OK;
    } else if (cli_is(&a, "json")) {
      json = 1;
    } else if (cli_is(&a, "sloppy")) {
      flags |= DSNET_PARSE_SLOPPY;
    } else if (cli_is(&a, "go-net")) {
      flags |= DSNET_PARSE_GO_NET;
    } else if (cli_is(&a, "mask")) {
      flags |= DSNET_PARSE_MASK_HOST;
    } else {
      free(pos);
      return cli_usage_error("parse", "unknown option '--%.*s'", (int)a.name_len, a.name);
    }
  }
  if (npos == 0) {
    free(pos);
    return cli_usage_error("parse", "no address or prefix given (use '-' to read standard input)");
  }
  int bad = 0;
  if (npos == 1 && strcmp(pos[0], "-") == 0) {
    enum { BATCH = 512 };
    item *items = calloc(BATCH, sizeof *items);
    char *line = NULL;
    size_t cap = 0;
    long len;
    size_t n = 0;
    int header = 1;
    if (!items) {
      free(pos);
      return CLI_USAGE;
    }
    for (;;) {
      len = cli_getline(stdin, &line, &cap);
      if (len >= 0) {
        item *it = &items[n++];
        it->input = malloc((size_t)len + 1);
        if (!it->input) {
          fputs("dsnet parse: out of memory\n", stderr);
          for (size_t i = 0; i + 1 < n; i++)
            free(items[i].input);
          free(items);
          free(line);
          free(pos);
          return CLI_USAGE;
        }
        memcpy(it->input, line, (size_t)len);
        it->len = (size_t)len;
        eval(it, flags);
        bad |= it->st != DSNET_OK;
      }
      if (n == BATCH || (len < 0 && n > 0)) {
        if (json)
          for (size_t i = 0; i < n; i++)
            emit_json(&items[i]);
        else
          emit_table(items, n, header);
        header = 0;
        for (size_t i = 0; i < n; i++)
          free(items[i].input);
        n = 0;
      }
      if (len < 0)
        break;
    }
    free(line);
    free(items);
  } else {
    item *items = calloc(npos, sizeof *items);
    if (!items) {
      free(pos);
      return CLI_USAGE;
    }
    for (size_t i = 0; i < npos; i++) {
      items[i].input = pos[i];
      items[i].len = strlen(pos[i]);
      eval(&items[i], flags);
      bad |= items[i].st != DSNET_OK;
      if (json)
        emit_json(&items[i]);
    }
    if (!json)
      emit_table(items, npos, 1);
    free(items);
  }
  free(pos);
  fflush(stdout);
  return bad ? CLI_INVALID : CLI_OK;
}
