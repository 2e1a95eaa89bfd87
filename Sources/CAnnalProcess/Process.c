#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "CAnnalProcess.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define ANNAL_SANITIZED 1
#endif
#endif

#if defined(__linux__) && !defined(ANNAL_SANITIZED)
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/// The holder's stack, mapped for it in the memory it shares.
static const size_t holder_stack_size = 16384;

/// The holder. It shares the command's memory and even its thread
/// pointer, so it calls nothing but syscall(2), which at most sets the
/// errno of a thread that is ending: no other library state.
static int hold_memory(void *argument) {
    long pipe = (long)argument;
    // Every descriptor closed but the pipe: a reader of the command's
    // output or errors sees their end when the command ends, not when
    // the holder does.
    long closed = 0;
#ifdef SYS_close_range
    if (pipe > 0) closed |= syscall(SYS_close_range, 0, (unsigned)(pipe - 1), 0);
    closed |= syscall(SYS_close_range, (unsigned)(pipe + 1), ~0u, 0);
#else
    closed = -1;
#endif
    if (closed != 0) {
        // A kernel before 5.9: one at a time, as far as descriptors go here.
        for (long descriptor = 0; descriptor < 4096; descriptor++) {
            if (descriptor != pipe) syscall(SYS_close, descriptor);
        }
    }
    char byte;
    // 0 (end of file) once the command has exited; nothing is written.
    while (syscall(SYS_read, pipe, &byte, 1) > 0) {}
    syscall(SYS_exit, 0);
    return 0;
}

int annal_start_memory_holder(int *release) {
    int ends[2];
    char *stack = mmap(NULL, holder_stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return -1;
    if (pipe2(ends, O_CLOEXEC) != 0) {
        munmap(stack, holder_stack_size);
        return -1;
    }
    int holder = clone(hold_memory, stack + holder_stack_size, CLONE_VM | SIGCHLD, (void *)(long)ends[0]);
    close(ends[0]);
    if (holder < 0) {
        close(ends[1]);
        munmap(stack, holder_stack_size);
        return -1;
    }
    *release = ends[1];
    return holder;
}

#else

int annal_start_memory_holder(int *release) {
    (void)release;
    return -1;
}

#endif
