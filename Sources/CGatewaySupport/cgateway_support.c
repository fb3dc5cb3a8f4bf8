#define _GNU_SOURCE
#include "cgateway_support.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <unistd.h>

int cgw_spawn(const char *path, char *const argv[], char *const envp[], const char *directory, const int stdio[3], int channel, pid_t *pid) {
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
    for (int fd = 0; fd < 3 && !failed; fd++) {
        failed = stdio[fd] < 0 ? posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0)
                               : posix_spawn_file_actions_adddup2(&actions, stdio[fd], fd);
    }
    if (!failed && channel >= 0) failed = posix_spawn_file_actions_adddup2(&actions, channel, 3);
    if (!failed && directory != NULL) failed = posix_spawn_file_actions_addchdir_np(&actions, directory);
    if (!failed) failed = posix_spawn_file_actions_addclosefrom_np(&actions, channel >= 0 ? 4 : 3)
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

int cgw_file_identity(const char *path, unsigned long long identity[5]) {
    struct stat status;
    if (stat(path, &status) != 0) return errno;
    identity[0] = status.st_dev;
    identity[1] = status.st_ino;
    identity[2] = (unsigned long long)status.st_size;
    identity[3] = (unsigned long long)status.st_mtim.tv_sec * 1000000000ULL + (unsigned long long)status.st_mtim.tv_nsec;
    identity[4] = (unsigned long long)status.st_ctim.tv_sec * 1000000000ULL + (unsigned long long)status.st_ctim.tv_nsec;
    return 0;
}
