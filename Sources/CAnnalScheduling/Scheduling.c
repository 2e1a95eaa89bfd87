#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "CAnnalScheduling.h"
#include <stdatomic.h>

int64_t annal_load_acquire(const int64_t *word) {
    return atomic_load_explicit((const _Atomic int64_t *)word, memory_order_acquire);
}

void annal_store_release(int64_t *word, int64_t value) {
    atomic_store_explicit((_Atomic int64_t *)word, value, memory_order_release);
}

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>

int annal_name_current_thread(const char *name) {
    return pthread_setname_np(pthread_self(), name) == 0 ? 0 : -1;
}

int annal_current_processor(void) {
    return sched_getcpu();
}

int annal_allowed_processors(int *processors, int capacity) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    int count = 0;
    for (int processor = 0; processor < CPU_SETSIZE; processor++) {
        if (!CPU_ISSET(processor, &set)) continue;
        if (count < capacity) processors[count] = processor;
        count++;
    }
    return count;
}

int annal_move_to_processor(int processor) {
    cpu_set_t allowed, one;
    if (processor < 0 || processor >= CPU_SETSIZE) return -1;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return -1;
    if (!CPU_ISSET(processor, &allowed)) return -1;
    CPU_ZERO(&one);
    CPU_SET(processor, &one);
    // The kernel moves the thread before this call returns.
    if (sched_setaffinity(0, sizeof one, &one) != 0) return -1;
    for (int attempt = 0; attempt < 3; attempt++) {
        if (sched_setaffinity(0, sizeof allowed, &allowed) == 0) return 0;
    }
    return -2;
}

#else

int annal_name_current_thread(const char *name) { (void)name; return -1; }
int annal_current_processor(void) { return -1; }
int annal_allowed_processors(int *processors, int capacity) { (void)processors; (void)capacity; return -1; }
int annal_move_to_processor(int processor) { (void)processor; return -1; }

#endif
