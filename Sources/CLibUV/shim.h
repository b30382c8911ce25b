#ifndef GROVE_CLIBUV_SHIM_H
#define GROVE_CLIBUV_SHIM_H
#include <uv.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/un.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

/* prctl is variadic in C and so not callable from Swift: these wrap the uses Grove has. */

/** Names the calling thread (as shown by ps, top and /proc). */
static inline int grove_set_thread_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}

/** Asks the kernel to send `signal` to the calling process when its parent dies. */
static inline int grove_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0, 0, 0);
}

/*
 * write(2) and writev(2) as plain system calls. glibc's wrappers are pthread cancellation
 * points and switch asynchronous cancellation on and off around every call; Grove never
 * cancels threads, and a server writes a response per request.
 */
static inline ssize_t grove_write(int fd, const void *bytes, size_t count) {
    return syscall(SYS_write, fd, bytes, count);
}

static inline ssize_t grove_writev(int fd, const struct iovec *buffers, int count) {
    return syscall(SYS_writev, fd, buffers, count);
}
#endif
