/*
 * subreaper: runs a command as a child subreaper (prctl PR_SET_CHILD_SUBREAPER) and reaps every
 * descendant that is orphaned to it, until none is left.
 *
 * Why: without systemd, PID 1 on these machines reaps orphans only about every 1.6 s. libvirtd
 * daemonizes QEMU and then waits for a stopped QEMU to vanish, so every save, restore or destroy
 * would lose seconds. Under this wrapper the orphaned QEMU processes are reaped at once.
 * It outlives the command while QEMU processes it adopted still run (a libvirtd restart keeps them).
 *
 * Usage: subreaper <pidfile-or-dash> <command> [args...]   (writes the command's pid to pidfile)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: subreaper <pidfile|-> <command> [args...]\n");
        return 2;
    }
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
        perror("prctl(PR_SET_CHILD_SUBREAPER)");
        return 1;
    }
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0) {
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    if (argv[1][0] != '-') {
        FILE *f = fopen(argv[1], "w");
        if (f != NULL) {
            fprintf(f, "%d\n", (int) child);
            fclose(f);
        }
    }
    signal(SIGTERM, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    int status = 0;
    for (;;) {
        int st;
        pid_t pid = wait(&st);
        if (pid == child) {
            status = st;
        }
        if (pid < 0 && errno == ECHILD) {
            break;
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
