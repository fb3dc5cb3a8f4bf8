#define _GNU_SOURCE
#include "cgateway_support.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <unistd.h>

int cgw_spawn_provider(const char *path, char *const argv[], char *const envp[], int channel, int error_output, pid_t *pid) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int failed = posix_spawn_file_actions_init(&actions);
    if (failed) return failed;
    if ((failed = posix_spawnattr_init(&attributes))) {
        posix_spawn_file_actions_destroy(&actions);
        return failed;
    }
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    failed = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        || posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        || posix_spawn_file_actions_adddup2(&actions, error_output, 2)
        || posix_spawn_file_actions_adddup2(&actions, channel, 3)
        || posix_spawn_file_actions_addclosefrom_np(&actions, 4)
        || posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP)
        || posix_spawnattr_setsigdefault(&attributes, &all)
        || posix_spawnattr_setsigmask(&attributes, &none)
        || posix_spawnattr_setpgroup(&attributes, 0);
    if (!failed) failed = posix_spawn(pid, path, &actions, &attributes, argv, envp);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return failed;
}

int cgw_die_with_parent(void) {
    return prctl(PR_SET_PDEATHSIG, SIGKILL) == 0 ? 0 : errno;
}

int cgw_limit_memory(unsigned long long bytes, int arenas) {
    mallopt(M_ARENA_MAX, arenas);
    struct rlimit limit = {.rlim_cur = bytes, .rlim_max = bytes};
    return setrlimit(RLIMIT_AS, &limit) == 0 ? 0 : errno;
}

int cgw_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno;
}
