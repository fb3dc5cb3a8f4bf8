/*
 * socket_floor.c -- the floor under a provider process call on this machine: one byte to another process over a
 * socketpair and back, nothing else. A dispatched call in process mode makes this round trip plus one hop back onto
 * the caller's thread pool. Prints microseconds per round trip; asserts nothing.
 */
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) return 1;
    char byte = 0;
    const int rounds = 100000;
    pid_t echo = fork();
    if (echo == 0) {
        close(pair[0]);  /* so the parent's close ends the read loop */
        while (read(pair[1], &byte, 1) == 1) {
            if (write(pair[1], &byte, 1) != 1) break;
        }
        _exit(0);
    }
    close(pair[1]);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 0; i < rounds; i++) {
        if (write(pair[0], &byte, 1) != 1 || read(pair[0], &byte, 1) != 1) return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    close(pair[0]);
    waitpid(echo, NULL, 0);
    double ns = (end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec);
    printf("socket floor: %.0f ns per process round trip over a socketpair (%d rounds, no thread hops)\n", ns / rounds, rounds);
    return 0;
}
