/*
 * heart: the test guest's only program (virtlab, see docs/virtlab.md).
 *
 * Fills part of guest RAM with a pattern that depends only on the word's index, then prints
 * "hb <counter> <monotonic-us>" every 10 ms on its standard output (the serial console). The host
 * timestamps these lines: the largest gap between two of them is the guest-visible blackout, and a
 * counter that restarts or skips tells that the guest rebooted or that output was lost.
 * A line "v" on standard input verifies the whole pattern in a thread (the heartbeat goes on) and
 * prints "verify ok=<0|1> bad=<words> mib=<n> ms=<duration>".
 *
 * The fill size comes from the kernel command line: molt.fill=<MiB> (default 64).
 * Built statically by dev/virtlab/up: cc -O2 -static -pthread -o heart heart.c
 */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static uint64_t *ram;
static size_t words;
static size_t fill_mib = 64;
static pthread_mutex_t verifying = PTHREAD_MUTEX_INITIALIZER;

static uint64_t now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000u + (uint64_t) ts.tv_nsec / 1000u;
}

static uint64_t pattern(size_t i) {
    uint64_t x = (uint64_t) i * 0x9E3779B97F4A7C15ull;
    x ^= x >> 29;
    return x ^ 0x6d6f6c7468656172ull;
}

static void say(const char *line) {
    size_t len = strlen(line);
    while (len > 0) {
        ssize_t n = write(1, line, len);
        if (n <= 0) {
            return;
        }
        line += n;
        len -= (size_t) n;
    }
}

static void read_fill_size(void) {
    FILE *f = fopen("/proc/cmdline", "r");
    char buf[2048];
    if (f == NULL) {
        return;
    }
    if (fgets(buf, sizeof buf, f) != NULL) {
        char *p = strstr(buf, "molt.fill=");
        if (p != NULL) {
            fill_mib = strtoul(p + strlen("molt.fill="), NULL, 10);
        }
    }
    fclose(f);
}

static void *verify(void *unused) {
    (void) unused;
    uint64_t start = now_us();
    size_t bad = 0;
    for (size_t i = 0; i < words; i++) {
        if (ram[i] != pattern(i)) {
            bad++;
        }
    }
    char line[128];
    snprintf(line, sizeof line, "verify ok=%d bad=%zu mib=%zu ms=%llu\n", bad == 0 && words > 0, bad, fill_mib,
             (unsigned long long) ((now_us() - start) / 1000u));
    say(line);
    pthread_mutex_unlock(&verifying);
    return NULL;
}

static void handle_input(void) {
    char buf[64];
    ssize_t n = read(0, buf, sizeof buf);
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i] == 'v' && pthread_mutex_trylock(&verifying) == 0) {
            pthread_t t;
            if (pthread_create(&t, NULL, verify, NULL) == 0) {
                pthread_detach(t);
            } else {
                pthread_mutex_unlock(&verifying);
            }
        }
    }
}

int main(void) {
    struct termios tio;
    if (tcgetattr(0, &tio) == 0) {
        tio.c_lflag &= ~(ECHO | ICANON);
        tio.c_cc[VMIN] = 0;
        tio.c_cc[VTIME] = 0;
        tcsetattr(0, TCSANOW, &tio);
    }
    read_fill_size();
    words = fill_mib * 1024 * 1024 / sizeof(uint64_t);
    uint64_t start = now_us();
    ram = mmap(NULL, words * sizeof(uint64_t), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ram == MAP_FAILED) {
        say("fill failed: mmap\n");
        words = 0;
    }
    for (size_t i = 0; i < words; i++) {
        ram[i] = pattern(i);
    }
    char line[128];
    snprintf(line, sizeof line, "fill mib=%zu ms=%llu\n", fill_mib, (unsigned long long) ((now_us() - start) / 1000u));
    say(line);

    uint64_t counter = 0;
    uint64_t next = now_us();
    for (;;) {
        snprintf(line, sizeof line, "hb %llu %llu\n", (unsigned long long) counter++, (unsigned long long) now_us());
        say(line);
        next += 10000;
        for (;;) {
            uint64_t t = now_us();
            if (t >= next) {
                break;
            }
            struct pollfd pfd = {.fd = 0, .events = POLLIN};
            if (poll(&pfd, 1, (int) ((next - t + 999) / 1000)) > 0 && (pfd.revents & POLLIN)) {
                handle_input();
            }
        }
        if (now_us() > next + 1000000) {
            next = now_us(); /* do not burst after a long stall */
        }
    }
}
