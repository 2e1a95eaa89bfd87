// Letting a command's process end before its memory is given back.
//
// When a process exits, the kernel frees every page it used before its
// parent hears of the exit: about 0.55 µs a page here, 1.2 to 1.7 ms after
// a check of 5 MB and some 9 ms after 50 MB (docs/performance.md). A
// second process that shares the memory (clone with CLONE_VM) and waits
// for the first to end makes it the last user of that memory: the command
// ends, its status reaches its parent, and the pages are freed by the
// second process once the command is gone. The linker mold does the same
// for the same reason. The work is the same; the wait is not.

#ifndef CANNAL_PROCESS_H
#define CANNAL_PROCESS_H

/// Starts the holder: a process sharing this one's memory that closes
/// every descriptor it inherited but the read end of a pipe, waits until
/// the write end is closed (when this process exits), then exits itself.
/// Returns the holder's process id and sets `*release` to the write end
/// (leave it open: it closes at exit), or returns -1 where it cannot be
/// done (not Linux, a build under a sanitizer, no process left to start).
int annal_start_memory_holder(int *release);

#endif
