// Which processor a thread runs on, and a move to another: the Linux calls
// glibc declares only for _GNU_SOURCE, which Swift's view of glibc leaves
// out (and a static executable cannot look them up with dlsym). Used by
// AnnalConcurrency's WorkerPool. Elsewhere each function answers -1.

#ifndef CANNAL_SCHEDULING_H
#define CANNAL_SCHEDULING_H

/// The processor the calling thread is running on, or -1.
int annal_current_processor(void);

/// The processors the calling thread may run on (its affinity), in
/// increasing order: at most `capacity` of them written to `processors`;
/// returns how many there are, or -1.
int annal_allowed_processors(int *processors, int capacity);

/// Moves the calling thread to `processor` now, then lets it run again on
/// every processor it was allowed before. 0, or -1 (nothing changed).
int annal_move_to_processor(int processor);

#endif
