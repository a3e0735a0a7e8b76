/* Proof that parsing, formatting and math never touch the heap: malloc and
 * friends are interposed (glibc's __libc_* allocator underneath) and counted
 * while a workload covering every core function runs, error paths included.
 * A positive control checks that the counter does see allocations. */
#define _GNU_SOURCE
#include "testutil.h"
#include "workload.h"

#include <stdlib.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static int counting;
static unsigned long allocations;

void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);
void free(void *p);

void *malloc(size_t n) {
  allocations += (unsigned long)counting;
  return __libc_malloc(n);
}
void *calloc(size_t n, size_t m) {
  allocations += (unsigned long)counting;
  return __libc_calloc(n, m);
}
void *realloc(void *p, size_t n) {
  allocations += (unsigned long)counting;
  return __libc_realloc(p, n);
}
void free(void *p) {
  __libc_free(p);
}

static void test_no_allocation(void **state) {
  (void)state;
  allocations = 0;
  counting = 1;
  workload(0);
  counting = 0;
  assert_int_equal(allocations, 0);
}

static void test_counter_sees_allocations(void **state) {
  (void)state;
  allocations = 0;
  counting = 1;
  /* through a volatile pointer: compilers may elide a plain malloc/free pair */
  void *(*volatile alloc)(size_t) = malloc;
  char *p = alloc(16);
  counting = 0;
  free(p);
  assert_int_equal(allocations, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_counter_sees_allocations),
      cmocka_unit_test(test_no_allocation),
  };
  return cmocka_run_group_tests_name("noalloc", tests, NULL, NULL);
}
