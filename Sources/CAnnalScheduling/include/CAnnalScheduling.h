// What AnnalConcurrency needs below Swift: the Linux calls glibc declares
// only for _GNU_SOURCE, which Swift's view of glibc leaves out (and a
// static executable cannot look them up with dlsym) — the processor a
// thread runs on, a move to another, a thread's name — and a word read and
// written atomically (Swift's Synchronization module offers one only from
// macOS 15). Off Linux the scheduling functions answer -1.

#ifndef CANNAL_SCHEDULING_H
#define CANNAL_SCHEDULING_H

#include <stdint.h>

/// The processor the calling thread is running on, or -1.
int annal_current_processor(void);

/// The processors the calling thread may run on (its affinity), in
/// increasing order: at most `capacity` of them written to `processors`;
/// returns how many there are, or -1.
int annal_allowed_processors(int *processors, int capacity);

/// Moves the calling thread to `processor` now, then lets it run again on
/// every processor it was allowed before. 0; -1 when it was not moved;
/// -2 when it was moved but could not be given its processors back (it
/// then runs on `processor` only).
int annal_move_to_processor(int processor);

/// Names the calling thread (at most 15 bytes of `name` are kept on
/// Linux). 0, or -1.
int annal_name_current_thread(const char *name);

/// `*word`, read with acquire ordering.
int64_t annal_load_acquire(const int64_t *word);

/// Writes `value` to `*word` with release ordering.
void annal_store_release(int64_t *word, int64_t value);

#endif
