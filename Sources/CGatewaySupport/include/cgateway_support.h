/*
 * cgateway_support.h -- process plumbing that Swift cannot call directly (variadic prctl, posix_spawn's attribute and
 * file-action structs, glibc's _np extensions, struct stat's fields, which Swift sees through different modules in
 * different builds): for provider processes, and for the programs the tests run.
 */
#ifndef CGATEWAY_SUPPORT_H
#define CGATEWAY_SUPPORT_H

#include <sys/types.h>

/*
 * Starts `path` with `argv` and `envp` (both NULL-terminated) in `directory` (NULL: this one). Its fds 0, 1 and 2 are
 * `stdio`'s (-1: /dev/null), its fd 3 is `channel` unless that is -1, and no other descriptor is inherited. It gets its
 * own process group (a terminal's Ctrl-C reaches only the parent, which stops it in order), every signal at its
 * default action and none blocked. Returns 0 and sets *pid, or an errno value.
 */
int cgw_spawn(const char *path, char *const argv[], char *const envp[], const char *directory, const int stdio[3], int channel, pid_t *pid);

/* Asks the kernel to SIGKILL this process when its parent dies. Returns 0, or an errno value. */
int cgw_die_with_parent(void);

/* Caps this process's address space at `bytes` (RLIMIT_AS) and its malloc arenas at `arenas` (each
 * arena reserves 64 MiB of address space). Returns 0, or an errno value. */
int cgw_limit_memory(unsigned long long bytes, int arenas);

/* pipe2(fds, O_CLOEXEC). Returns 0, or an errno value. */
int cgw_pipe_cloexec(int fds[2]);

/* What tells the file at `path` apart from any other or from itself rewritten: device, inode, size, and modification
 * and change times in nanoseconds, in that order. Returns 0, or an errno value. */
int cgw_file_identity(const char *path, unsigned long long identity[5]);

#endif
