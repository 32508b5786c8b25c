/* presser.c - the child process that presses the doorbell. */
#include "presser.h"

#include <signal.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "clock.h"
#include "pinq.h"
#include "schedule.h"

#define SEND_RETRIES 1000

pin_page_t *pin_page_map(void)
{
    void *p = mmap(NULL, sizeof(pin_page_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : (pin_page_t *)p;
}

void pin_page_unmap(pin_page_t *pg)
{
    munmap(pg, sizeof *pg);
}

/* A full real-time signal queue is retried: an edge is never silently lost
 * on the way, so the parent's count can be checked exactly. */
static void send_edge(pin_page_t *pg, pid_t to, int signo, int level)
{
    union sigval v = {.sival_int = level};
    for (int i = 0; i < SEND_RETRIES; i++) {
        if (sigqueue(to, signo, v) == 0) {
            pg->edges_sent++;
            return;
        }
        if (errno != EAGAIN)
            break;
        sched_yield();
    }
    pg->send_errors++;
}

static void play(pin_page_t *pg, pid_t to, int signo, uint64_t start_ns, const transition_t *t, int to_level)
{
    for (unsigned i = 0; i < t->n; i++) {
        clock_sleep_until(start_ns + (uint64_t)t->at_us[i] * 1000u);
        int level = transition_level(to_level, i);
        atomic_store_explicit(&pg->level, (uint32_t)level, memory_order_release);
        if (signo > 0)
            send_edge(pg, to, signo, level);
    }
}

static void child(pin_page_t *pg, pid_t parent, uint64_t seed, uint32_t presses, uint64_t t0_ns, int signo)
{
    schedule_t s;
    schedule_init(&s, seed);
    for (uint32_t k = 0; k < presses; k++) {
        press_plan_t p;
        schedule_next(&s, &p);
        uint64_t down = t0_ns + p.down_us * 1000u;
        clock_sleep_until(down);
        pg->down_ns[k] = pinq_port_now(); /* the truth: taken before anyone can see the edge */
        play(pg, parent, signo, pg->down_ns[k], &p.down, 1);
        play(pg, parent, signo, t0_ns + p.up_us * 1000u, &p.up, 0);
    }
    atomic_store_explicit(&pg->done, 1, memory_order_release);
}

pid_t presser_start(pin_page_t *pg, uint64_t seed, uint32_t presses, uint64_t t0_ns, int signo)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    /* never outlive the demo, even if it is killed */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(1);
    child(pg, parent, seed, presses, t0_ns, signo);
    _exit(pg->send_errors ? 1 : 0);
}
