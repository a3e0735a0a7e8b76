/* The shared library workload of test_noalloc and test_threads. */
#ifndef DSNET_TEST_WORKLOAD_H
#define DSNET_TEST_WORKLOAD_H

/* Call every library function on a fixed set of inputs; `salt` varies the
 * inputs a little between threads. Results are checked by the callers'
 * tests elsewhere: this only has to run. */
void workload(unsigned salt);

#endif
