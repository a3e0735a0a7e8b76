/* Re-entrancy: several threads call every library function at once (run
 * under ThreadSanitizer by scripts/test), and each thread's results equal a
 * sequential run's: there is no shared mutable state in the library. */
#include "testutil.h"
#include "workload.h"

#include <pthread.h>
#include <stdio.h>

enum { THREADS = 4, ROUNDS = 60 };

/* Deterministic results of one thread: a hash of formatted outputs. */
static unsigned long compute(unsigned salt) {
  unsigned long h = 5381;
  char buf[DSNET_DUALSTACK_STRLEN];
  for (unsigned i = 0; i < 400; i++) {
    dsnet_addr a;
    dsnet_prefix p;
    dsnet_dualstack_cidrs l;
    dsnet_node_masks m = {{24, 64}, 2};
    int n = snprintf(buf, sizeof buf, "10.%u.%u.0/24,fc00:%x::/48", (i + salt) % 256, i % 256, i);
    if (dsnet_dualstack_parse_cidrs(buf, (size_t)n, 0, &l, NULL) == DSNET_OK) {
      dsnet_prefix pods[2];
      m.mask[0] = 28;
      if (dsnet_nodeipam_pod_cidrs(&l, &m, i % 16, pods, NULL) == DSNET_OK) {
        dsnet_prefix_format(&pods[0], buf, sizeof buf); /* depends on salt */
        for (const char *c = buf; *c; c++)
          h = h * 33 + (unsigned char)*c;
        dsnet_prefix_format(&pods[1], buf, sizeof buf);
      }
    }
    for (const char *c = buf; *c; c++)
      h = h * 33 + (unsigned char)*c;
    n = snprintf(buf, sizeof buf, "2001:db8::%x:%x", i, salt);
    if (dsnet_addr_parse(buf, (size_t)n, 0, &a, NULL) == DSNET_OK &&
        dsnet_prefix_from_addr(&a, 64 + i % 64, DSNET_PARSE_MASK_HOST, &p, NULL) == DSNET_OK)
      dsnet_prefix_format(&p, buf, sizeof buf);
    for (const char *c = buf; *c; c++)
      h = h * 33 + (unsigned char)*c;
  }
  return h;
}

/* A set filled before the threads start: concurrent readers only. */
static dsnet_cidrset shared;

typedef struct job {
  unsigned salt;
  unsigned long result;
  int reads_ok;
} job;

static void *run(void *arg) {
  job *j = arg;
  j->reads_ok = 1;
  for (unsigned r = 0; r < ROUNDS; r++) {
    workload(j->salt + r);
    bool on;
    dsnet_prefix q = P("10.244.7.0/24");
    j->reads_ok &= dsnet_cidrset_is_allocated(&shared, &q, &on, NULL) == DSNET_OK && on;
    j->reads_ok &= dsnet_cidrset_used(&shared) == 16;
  }
  j->result = compute(j->salt);
  return NULL;
}

static void test_concurrent(void **state) {
  (void)state;
  dsnet_prefix c = P("10.244.0.0/16"), p;
  assert_int_equal(dsnet_cidrset_create(&shared, &c, 24, NULL, NULL), DSNET_OK);
  for (int i = 0; i < 16; i++)
    assert_int_equal(dsnet_cidrset_allocate(&shared, &p, NULL), DSNET_OK);
  pthread_t t[THREADS];
  job jobs[THREADS];
  for (unsigned i = 0; i < THREADS; i++) {
    jobs[i].salt = i;
    assert_int_equal(pthread_create(&t[i], NULL, run, &jobs[i]), 0);
  }
  for (unsigned i = 0; i < THREADS; i++)
    assert_int_equal(pthread_join(t[i], NULL), 0);
  for (unsigned i = 0; i < THREADS; i++) {
    assert_true(jobs[i].reads_ok);
    assert_true(jobs[i].result == compute(i)); /* equal to a sequential run */
  }
  assert_true(compute(0) != compute(1));
  dsnet_cidrset_destroy(&shared);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_concurrent)};
  return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}
