/* Tests of the text layer (src/text/), the address text hot paths: the fast parsers (the
 * SIMD code and the portable code) against the reference parser, and the
 * formatter against RFC 5952 written out here independently.
 *
 * The fast parsers may decline any input (the full parser then decides), so
 * "agrees" means: whenever a fast parser accepts, the full parser accepts
 * with the same value. That alone could pass with a fast path that never
 * accepts, so every plain valid text must also be accepted by both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/internal.h"

static uint64_t rng = 0x243f6a8885a308d3u;
static uint64_t rnd(void) { /* xorshift64*, deterministic */
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 0x2545f4914f6cdd1du;
}

/* Every fast parser (portable, SSSE3, AVX, AVX-512 and the one the library
 * picks; SIMD levels this CPU lacks fall back to a lower one) against the
 * reference on s[0..len); returns how many of them (NFAST) accepted. */
#define NFAST (DSNET__FAST_BEST + 1)
static int check_agree(const char *s, size_t len) {
  dsnet_addr ref;
  dsnet_status rst = dsnet__addr_parse_ref(s, len, 0, &ref, NULL, NULL);
  int accepted = 0;
  static const char *names[NFAST] = {"portable", "SSSE3", "AVX", "AVX-512", "best"};
  for (int impl = DSNET__FAST_PORTABLE; impl <= DSNET__FAST_BEST; impl++) {
    dsnet_addr a;
    memset(&a, 0xa5, sizeof a);
    if (dsnet__addr_parse_fast(s, len, impl, &a)) {
      if (rst != DSNET_OK || !dsnet_addr_equal(&a, &ref))
        fail_msg("fast path (%s) accepted '%.*s' which the full parser %s", names[impl], (int)len,
                 s, rst != DSNET_OK ? "refuses" : "reads differently");
      accepted++;
    }
  }
  return accepted;
}

/* RFC 5952 text of a, built the obvious way: printf per group, the longest
 * run of two or more zero groups (the first on a tie) as "::". */
static void rfc5952(const dsnet_addr *a, char *out) {
  unsigned g[8];
  for (int i = 0; i < 4; i++) {
    g[i] = (unsigned)(a->hi >> (48 - 16 * i)) & 0xffff;
    g[4 + i] = (unsigned)(a->lo >> (48 - 16 * i)) & 0xffff;
  }
  if (a->family == DSNET_FAMILY_IPV4) {
    unsigned v = (unsigned)a->lo;
    sprintf(out, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
    return;
  }
  if (a->hi == 0 && (a->lo >> 32) == 0xffff) {
    unsigned v = (unsigned)a->lo;
    sprintf(out, "::ffff:%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
    return;
  }
  int best = -1, bestlen = 1;
  for (int i = 0; i < 8; i++) {
    int j = i;
    while (j < 8 && g[j] == 0)
      j++;
    if (j - i > bestlen) {
      best = i;
      bestlen = j - i;
    }
  }
  char *p = out;
  for (int i = 0; i < 8; i++) {
    if (i == best) {
      p += sprintf(p, "::");
      i += bestlen - 1;
      continue;
    }
    p += sprintf(p, "%s%x", (i > 0 && i != best + bestlen) ? ":" : "", g[i]);
  }
  *p = '\0';
}

static void random_v6(dsnet_addr *a) {
  a->family = DSNET_FAMILY_IPV6;
  a->hi = a->lo = 0;
  for (int i = 0; i < 8; i++) {
    unsigned k = (unsigned)(rnd() % 8);
    uint64_t g = k < 3 ? 0 : k < 5 ? rnd() % 16 : k < 6 ? 0xffff : rnd() & 0xffff;
    if (i < 4)
      a->hi |= g << (48 - 16 * i);
    else
      a->lo |= g << (48 - 16 * (i - 4));
  }
}

/* A random IPv4 address (v4) or IPv6 one (random_v6). */
static void random_addr(dsnet_addr *a, int v4) {
  if (v4) {
    a->family = DSNET_FAMILY_IPV4;
    a->hi = 0;
    a->lo = rnd() & 0xffffffffu;
  } else {
    random_v6(a);
  }
}

/* Every dotted quad shape (81 of them, each part 1-3 digits) with random
 * values, plus the edges: all accepted by both fast parsers, same value. */
static void test_v4_valid_accepted(void **state) {
  (void)state;
  static const unsigned edges[] = {0, 1, 9, 10, 99, 100, 199, 200, 249, 250, 255};
  char s[32];
  for (int i = 0; i < 200000; i++) {
    unsigned p[4];
    for (int k = 0; k < 4; k++)
      p[k] = i < 11 * 11 * 11 * 11 ? edges[(i / (k == 0   ? 1
                                                 : k == 1 ? 11
                                                 : k == 2 ? 121
                                                          : 1331)) %
                                           11]
                                   : (unsigned)(rnd() % 256);
    int n = sprintf(s, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
    assert_int_equal(check_agree(s, (size_t)n), NFAST);
  }
}

/* Canonical, fully expanded and upper-case IPv6 without embedded IPv4:
 * accepted by both fast parsers whenever 4 <= length <= 39. */
static void test_v6_valid_accepted(void **state) {
  (void)state;
  char s[64];
  for (int i = 0; i < 100000; i++) {
    dsnet_addr a;
    random_v6(&a);
    if (dsnet_addr_is_ipv4_mapped(&a))
      continue;
    size_t n =
        i % 3 == 0 ? dsnet_addr_format_full(&a, s, sizeof s) : dsnet_addr_format(&a, s, sizeof s);
    if (i % 5 == 0)
      for (size_t k = 0; k < n; k++)
        if (s[k] >= 'a' && s[k] <= 'f')
          s[k] = (char)(s[k] - 32);
    int want = n >= 4 ? NFAST : 0;
    if (check_agree(s, n) != want)
      fail_msg("'%s' accepted by %d fast parsers, expected %d", s, check_agree(s, n), want);
  }
  /* "::" standing for one group, at the start, the middle and the end */
  const char *one[] = {"::2:3:4:5:6:7:8", "1:2:3::5:6:7:8", "1:2:3:4:5:6:7::", "0:0::0:0:0:0"};
  for (size_t i = 0; i < sizeof one / sizeof *one; i++)
    assert_int_equal(check_agree(one[i], strlen(one[i])), NFAST);
}

/* s[0..n) (n > 0, room for one more byte) with one byte replaced, inserted
 * or dropped, the new byte from alphabet; returns the new length. */
static size_t mutate(char *s, size_t n, const char *alphabet) {
  size_t at = (size_t)(rnd() % n);
  char c = alphabet[rnd() % strlen(alphabet)];
  switch (rnd() % 3) {
  case 0:
    s[at] = c;
    return n;
  case 1:
    memmove(s + at + 1, s + at, n - at);
    s[at] = c;
    return n + 1;
  default:
    memmove(s + at, s + at + 1, n - at - 1);
    return n - 1;
  }
}

/* Near-misses: mutated valid texts and random strings over the address
 * alphabet. The fast parsers must never accept what the full parser
 * refuses or reads differently (check_agree fails the test if they do). */
static void test_mutations_agree(void **state) {
  (void)state;
  static const char alphabet[] = "0123456789abcdefABCDEF::::....gG /%\t";
  char s[64];
  long accepted = 0;
  for (int i = 0; i < 400000; i++) {
    size_t n;
    if (i % 2 == 0) { /* a valid text with 1-3 bytes replaced, inserted or removed */
      dsnet_addr a;
      random_addr(&a, i % 4 == 0);
      n = rnd() % 3 == 0 ? dsnet_addr_format_full(&a, s, sizeof s)
                         : dsnet_addr_format(&a, s, sizeof s);
      for (unsigned k = 1 + (unsigned)(rnd() % 3); k > 0 && n > 0; k--)
        n = mutate(s, n, alphabet); /* (at most 45 + 3 bytes: s has room) */
    } else {                        /* random text over the alphabet */
      n = (size_t)(rnd() % 42);
      for (size_t k = 0; k < n; k++)
        s[k] = alphabet[rnd() % (sizeof alphabet - 1)];
    }
    accepted += check_agree(s, n);
  }
  assert_true(accepted > 1000); /* the mutations do reach the accepting paths */
}

/* The fast parsers read only s[0..len): a text cut out of a longer buffer
 * parses by its length alone. */
static void test_length_not_nul(void **state) {
  (void)state;
  const char *buf = "10.1.2.3456789abcdef::1:2:3:4:5:6:7:8:9";
  dsnet_addr a;
  assert_int_equal(dsnet__addr_parse_fast(buf, 8, DSNET__FAST_BEST, &a), 1); /* "10.1.2.3" */
  assert_int_equal(a.lo, 0x0a010203u);
  assert_int_equal(dsnet__addr_parse_fast(buf + 22, 15, DSNET__FAST_PORTABLE, &a),
                   1); /* "1:2:3:4:5:6:7:8" */
  assert_int_equal(a.lo, 0x0005000600070008u);
  assert_int_equal(dsnet__addr_parse_fast(buf + 22, 16, DSNET__FAST_BEST, &a), 0); /* "...:8:" */
}

/* The formatter against rfc5952() on random addresses, through both ways
 * of writing (in place when cap >= DSNET_ADDR_STRLEN, else via a copy),
 * and the full form against printf. */
static void test_format(void **state) {
  (void)state;
  for (int i = 0; i < 200000; i++) {
    dsnet_addr a;
    random_addr(&a, i % 3 == 0);
    if (a.family == DSNET_FAMILY_IPV6) {
      if (i % 97 == 0) { /* IPv4-mapped */
        a.hi = 0;
        a.lo = (UINT64_C(0xffff) << 32) | (rnd() & 0xffffffffu);
      }
    }
    char want[64], big[64], exact[64];
    rfc5952(&a, want);
    size_t n = strlen(want);
    assert_int_equal(dsnet_addr_format(&a, big, sizeof big), n);
    assert_string_equal(big, want);
    /* exactly n + 1 bytes: the text and nothing written past them */
    memset(exact, '#', sizeof exact);
    assert_int_equal(dsnet_addr_format(&a, exact, n + 1), n);
    assert_string_equal(exact, want);
    assert_int_equal(exact[n + 1], '#');
    /* one byte short: "" and the length needed */
    assert_int_equal(dsnet_addr_format(&a, exact, n), n);
    assert_string_equal(exact, "");
    if (a.family == DSNET_FAMILY_IPV6) {
      char full[64];
      sprintf(want, "%04x:%04x:%04x:%04x:%04x:%04x:%04x:%04x", (unsigned)(a.hi >> 48),
              (unsigned)(a.hi >> 32) & 0xffff, (unsigned)(a.hi >> 16) & 0xffff,
              (unsigned)a.hi & 0xffff, (unsigned)(a.lo >> 48), (unsigned)(a.lo >> 32) & 0xffff,
              (unsigned)(a.lo >> 16) & 0xffff, (unsigned)a.lo & 0xffff);
      assert_int_equal(dsnet_addr_format_full(&a, full, sizeof full), 39);
      assert_string_equal(full, want);
    }
  }
}

/* Both writers (table-driven, and AVX-512 where the CPU has it) against
 * printf: IPv4 with every octet width in every place, plus random ones;
 * IPv6 against rfc5952() on every pattern of zero groups (all 256, so
 * every "::" run and tie), each nonzero group of 1-4 digits, and in the
 * full form against each other. */
static void test_format_writers_agree(void **state) {
  (void)state;
  static const unsigned edge[] = {0, 9, 10, 99, 100, 255};
  for (int i = 0; i < 6 * 6 * 6 * 6 + 100000; i++) {
    uint32_t v = (uint32_t)rnd();
    if (i < 6 * 6 * 6 * 6)
      v = edge[i % 6] << 24 | edge[i / 6 % 6] << 16 | edge[i / 36 % 6] << 8 | edge[i / 216];
    dsnet_addr a = {0, v, DSNET_FAMILY_IPV4};
    char want[20], got[2][64];
    sprintf(want, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
    for (int k = 0; k < 2; k++) {
      memset(got[k], '#', sizeof got[k]);
      size_t n = dsnet__addr_text_using(&a, 0, k ? DSNET__FAST_BEST : DSNET__FAST_PORTABLE, got[k]);
      got[k][n] = '\0';
      assert_string_equal(got[k], want);
    }
  }
  for (int i = 0; i < 256 * 64; i++) {
    unsigned zm = (unsigned)i & 255u;
    dsnet_addr a = {0, 0, DSNET_FAMILY_IPV6};
    for (int g = 0; g < 8; g++) {
      uint64_t v = (zm >> g) & 1u ? 0 : 1 + rnd() % (UINT64_C(0xffff) >> (4 * (rnd() % 4)));
      if (g < 4)
        a.hi |= v << (48 - 16 * g);
      else
        a.lo |= v << (48 - 16 * (g - 4));
    }
    if (dsnet_addr_is_ipv4_mapped(&a))
      continue;
    char want[64], got[2][64];
    rfc5952(&a, want);
    for (int full = 0; full <= 1; full++) {
      for (int k = 0; k < 2; k++) {
        memset(got[k], '#', sizeof got[k]);
        size_t n =
            dsnet__addr_text_using(&a, full, k ? DSNET__FAST_BEST : DSNET__FAST_PORTABLE, got[k]);
        got[k][n] = '\0';
      }
      assert_string_equal(got[0], got[1]);
      if (!full)
        assert_string_equal(got[0], want);
      else
        assert_int_equal(strlen(got[0]), 39);
    }
  }
}

/* Prefix text: every length of both families, against printf. */
static void test_prefix_format(void **state) {
  (void)state;
  for (unsigned len = 0; len <= 128; len++) {
    dsnet_prefix p = {{0, 0, DSNET_FAMILY_IPV6}, (uint8_t)len};
    char want[96], got[64], small[64];
    dsnet__mask(DSNET_FAMILY_IPV6, len, &p.addr.hi, &p.addr.lo);
    p.addr.hi &= 0x20010db8ffff0000u;
    p.addr.lo = 0;
    char at[DSNET_ADDR_STRLEN];
    dsnet_addr_format(&p.addr, at, sizeof at);
    sprintf(want, "%s/%u", at, len);
    assert_int_equal(dsnet_prefix_format(&p, got, sizeof got), strlen(want));
    assert_string_equal(got, want);
    assert_int_equal(dsnet_prefix_format(&p, small, strlen(want) + 1), strlen(want));
    assert_string_equal(small, want);
    if (len <= 32) {
      dsnet_prefix q = {{0, 0xc0a80000u, DSNET_FAMILY_IPV4}, (uint8_t)len};
      uint64_t mh, ml;
      dsnet__mask(DSNET_FAMILY_IPV4, len, &mh, &ml);
      q.addr.lo &= ml;
      sprintf(want, "%u.%u.%u.%u/%u", (unsigned)(q.addr.lo >> 24),
              (unsigned)(q.addr.lo >> 16) & 255, (unsigned)(q.addr.lo >> 8) & 255,
              (unsigned)q.addr.lo & 255, len);
      assert_int_equal(dsnet_prefix_format(&q, got, sizeof got), strlen(want));
      assert_string_equal(got, want);
    }
  }
}

/* A random prefix of family IPv4 (v4) or IPv6 and of random length, host
 * bits cleared, in *p and as text in s; returns the text's length. */
static size_t random_prefix_text(int v4, dsnet_prefix *p, char *s, size_t cap) {
  dsnet_addr a;
  random_addr(&a, v4);
  unsigned bits = a.family == DSNET_FAMILY_IPV4 ? 32 : 128, plen = (unsigned)(rnd() % (bits + 1));
  assert_int_equal(dsnet_prefix_from_addr(&a, plen, DSNET_PARSE_MASK_HOST, p, NULL), DSNET_OK);
  return dsnet_prefix_format(p, s, cap);
}

/* The prefix parser's fast path against its full path, on valid prefixes
 * of every length (all accepted, same value) and on mutations of them
 * (never accepted where the full path refuses or reads differently). */
static void test_prefix_fast_agrees(void **state) {
  (void)state;
  static const char alphabet[] = "0123456789abcdef:./ 0/";
  char s[80];
  long fast = 0;
  for (int i = 0; i < 300000; i++) {
    dsnet_prefix p;
    size_t n = random_prefix_text(i % 2 == 0, &p, s, sizeof s);
    if (i % 3 == 0 && n > 0)
      n = mutate(s, n, alphabet);
    dsnet_prefix f, r;
    dsnet_status rst = dsnet__prefix_parse_ref(s, n, 0, &r, NULL);
    if (dsnet__prefix_parse_fast(s, n, &f)) {
      if (rst != DSNET_OK || !dsnet_prefix_equal(&f, &r))
        fail_msg("prefix fast path accepted '%.*s' which the full path %s", (int)n, s,
                 rst != DSNET_OK ? "refuses" : "reads differently");
      fast++;
    } else if (i % 3 != 0 && !dsnet_addr_is_ipv4_mapped(&p.addr) &&
               (size_t)(strchr(s, '/') - s) >= 4) {
      /* unmutated: only IPv4-mapped and the shortest IPv6 texts may be declined */
      fail_msg("prefix fast path declined the valid '%.*s'", (int)n, s);
    }
  }
  assert_true(fast > 100000);
}

/* The one-pass IPv4 prefix path at every level against the full path:
 * valid prefixes of every length (accepted wherever the CPU has the SIMD
 * code, same value) and mutations (never accepted where the full path
 * refuses or reads differently). Each text is an exact-size heap copy, so
 * that the sanitizer builds catch a read past its end. */
static void test_prefix_v4_agrees(void **state) {
  (void)state;
  static const char alphabet[] = "0123456789./ /x";
  dsnet_prefix f, r;
  int simd = dsnet__prefix_parse_v4("10.0.0.0/8", 10, DSNET__FAST_BEST, &f);
  long accepted[NFAST] = {0};
  char s[40];
  for (int i = 0; i < 200000; i++) {
    dsnet_prefix p;
    size_t n = random_prefix_text(1, &p, s, sizeof s);
    int mutated = i % 2 == 0;
    if (mutated)
      n = mutate(s, n, alphabet);
    char *heap = malloc(n ? n : 1);
    assert_non_null(heap);
    memcpy(heap, s, n);
    dsnet_status rst = dsnet__prefix_parse_ref(heap, n, 0, &r, NULL);
    for (int impl = DSNET__FAST_PORTABLE; impl <= DSNET__FAST_BEST; impl++) {
      if (dsnet__prefix_parse_v4(heap, n, impl, &f)) {
        if (rst != DSNET_OK || !dsnet_prefix_equal(&f, &r))
          fail_msg("IPv4 prefix path (level %d) accepted '%.*s' which the full path %s", impl,
                   (int)n, s, rst != DSNET_OK ? "refuses" : "reads differently");
        accepted[impl]++;
      } else if (!mutated && simd && impl > DSNET__FAST_PORTABLE) {
        fail_msg("IPv4 prefix path (level %d) declined the valid '%.*s'", impl, (int)n, s);
      }
    }
    free(heap);
  }
  assert_int_equal(accepted[DSNET__FAST_PORTABLE], 0); /* SIMD only: the portable level declines */
  if (simd)
    assert_true(accepted[DSNET__FAST_BEST] > 100000);
}

/* The dispatch takes the portable code on every CPU but x86-64 (aarch64,
 * s390x and i686 under qemu in scripts/test) and in a DSNET_NO_SIMD build;
 * on x86-64 at least the level of the instruction sets the CPU reports. */
static void test_level_of_this_cpu(void **state) {
  (void)state;
  dsnet__level l = dsnet__best_level();
  static const char *names[] = {"portable", "SSSE3", "AVX", "AVX-512"};
  assert_true(l < DSNET__FAST_BEST);
  print_message("text layer level on this CPU: %s\n", names[l]);
#if defined(__x86_64__) && !defined(DSNET_NO_SIMD)
  if (__builtin_cpu_supports("ssse3"))
    assert_true(l >= DSNET__FAST_SSSE3);
  if (__builtin_cpu_supports("avx"))
    assert_true(l >= DSNET__FAST_AVX);
  if (!__builtin_cpu_supports("ssse3"))
    assert_int_equal(l, DSNET__FAST_PORTABLE);
#else
  assert_int_equal(l, DSNET__FAST_PORTABLE);
#endif
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_level_of_this_cpu),    cmocka_unit_test(test_v4_valid_accepted),
      cmocka_unit_test(test_v6_valid_accepted),    cmocka_unit_test(test_mutations_agree),
      cmocka_unit_test(test_length_not_nul),       cmocka_unit_test(test_format),
      cmocka_unit_test(test_format_writers_agree), cmocka_unit_test(test_prefix_format),
      cmocka_unit_test(test_prefix_fast_agrees),   cmocka_unit_test(test_prefix_v4_agrees),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
