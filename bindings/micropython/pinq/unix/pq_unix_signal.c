/* pq_unix_signal.c - pinq.Signal(signo): a POSIX signal as an interrupt.
 *
 * Each delivery is one edge, taken by a handler that runs whenever the
 * signal arrives, in the middle of whatever the main thread does. Level:
 * sival_int & 1 when sent with sigqueue() (Signal.send(level)), otherwise
 * the line toggles. The handler stamps and posts (pinq_post is
 * async-signal-safe) and kicks the queue's helper thread, which schedules
 * the Python callback (pq_unix_kick.c).
 *
 * The handler is the binding's own, not pinq_posix_bind_signal(): it must
 * notify after its push. pinq's critical sections (pinq_irq_save) do not
 * mask it; none is needed, the ring is MPSC and every line is routed
 * through the hard handler (pq_isr.c), so no line state is cached.
 *
 * Signals MicroPython uses, or that already have a handler, are refused. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "pq_obj.h"
#include "pq_unix.h"

#define PQ_NSIG 65

typedef struct pq_signal_obj {
    pq_source_t src;
    int signo;
    struct sigaction old;
} pq_signal_obj_t;

/* Read by the handler: which queue and line each signal feeds. */
static struct {
    _Atomic(pq_core_t *) core;
    _Atomic uint16_t line;
} pq_sig_lines[PQ_NSIG];

static void pq_sig_handler(int signo, siginfo_t *si, void *uc)
{
    int saved = errno;
    pq_core_t *c = atomic_load(&pq_sig_lines[signo].core);
    if (c) {
        uint16_t line = atomic_load(&pq_sig_lines[signo].line);
        int level = si->si_code == SI_QUEUE ? (si->si_value.sival_int & 1) : !pinq_line_level(&c->q, line);
        pq_isr_edge(c, line, level, PQ_FROM_SIGNAL);
    }
    errno = saved;
}

/* Why MicroPython (or the C library) needs the signal, or NULL. */
static const char *pq_sig_reserved(int signo)
{
    if (signo == SIGINT)
        return "SIGINT is MicroPython's KeyboardInterrupt";
    if (signo == SIGPIPE)
        return "SIGPIPE is ignored by MicroPython (EPIPE instead)";
    if (signo == SIGRTMIN + 5 || signo == SIGRTMIN + 6)
        return "SIGRTMIN+5 and +6 are MicroPython's thread GC and terminate signals";
    if (signo == SIGKILL || signo == SIGSTOP)
        return "SIGKILL and SIGSTOP cannot be caught";
    if (signo == SIGSEGV || signo == SIGBUS || signo == SIGILL || signo == SIGFPE || signo == SIGABRT ||
        signo == SIGTRAP || signo == SIGSYS)
        return "a fault signal is not an input";
    return NULL;
}

static void pq_signal_check(int signo)
{
    if (signo <= 0 || signo >= PQ_NSIG || signo > SIGRTMAX)
        pq_raise(PINQ_EINVAL, "no such signal");
    const char *why = pq_sig_reserved(signo);
    if (why)
        pq_raise(PINQ_EINVAL, why);
}

static void pq_signal_attach(mp_obj_t self_in, pq_queue_obj_t *q, uint16_t line)
{
    pq_signal_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (atomic_load(&pq_sig_lines[self->signo].core))
        pq_raise(PINQ_EINVAL, "the signal already feeds a line");
    struct sigaction cur;
    sigaction(self->signo, NULL, &cur);
    if ((cur.sa_flags & SA_SIGINFO) || (cur.sa_handler != SIG_DFL && cur.sa_handler != SIG_IGN))
        pq_raise(PINQ_EINVAL, "the signal already has a handler");
    if (!pq_unix_helper_start(q->core))
        pq_raise_errno("helper thread");
    atomic_store(&pq_sig_lines[self->signo].line, line);
    atomic_store(&pq_sig_lines[self->signo].core, q->core);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = pq_sig_handler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART; /* MicroPython's own calls see no EINTR */
    sigemptyset(&sa.sa_mask);
    if (sigaction(self->signo, &sa, &self->old) != 0) {
        atomic_store(&pq_sig_lines[self->signo].core, NULL);
        pq_raise_errno("sigaction");
    }
}

/* The previous disposition first, then the table: a signal that comes
 * in between finds no queue and is ignored by the handler. */
static void pq_signal_detach(mp_obj_t self_in)
{
    pq_signal_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (!self->src.core)
        return;
    sigaction(self->signo, &self->old, NULL);
    atomic_store(&pq_sig_lines[self->signo].core, NULL);
}

static const pq_source_ops_t pq_signal_ops = {PQ_SOURCE_MAGIC, pq_signal_attach, pq_signal_detach, NULL};

static mp_obj_t pq_signal_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args)
{
    mp_arg_check_num(n_args, n_kw, 1, 1, false);
    int signo = mp_obj_get_int(args[0]);
    pq_signal_check(signo);
    pq_signal_obj_t *self = mp_obj_malloc(pq_signal_obj_t, type);
    self->signo = signo;
    return MP_OBJ_FROM_PTR(self);
}

/* sig.send(level=None): raise the signal in this process (sigqueue with
 * the level, or kill to toggle). Handy for tests; any process may do it. */
static mp_obj_t pq_signal_send(size_t n_args, const mp_obj_t *args)
{
    pq_signal_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    int rc;
    if (n_args > 1 && args[1] != mp_const_none)
        rc = sigqueue(getpid(), self->signo, (union sigval){.sival_int = mp_obj_is_true(args[1])});
    else
        rc = kill(getpid(), self->signo);
    if (rc != 0)
        pq_raise_errno("sigqueue");
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pq_signal_send_obj, 1, 2, pq_signal_send);

static const mp_rom_map_elem_t pq_signal_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_send), MP_ROM_PTR(&pq_signal_send_obj)},
};
static MP_DEFINE_CONST_DICT(pq_signal_locals, pq_signal_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(pq_signal_type, MP_QSTR_Signal, MP_TYPE_FLAG_NONE, make_new, pq_signal_make_new,
                         protocol, &pq_signal_ops, locals_dict, &pq_signal_locals);

/* pinq.sigrt(n) -> SIGRTMIN + n, checked against SIGRTMAX. */
static mp_obj_t pq_sigrt(mp_obj_t n_in)
{
    mp_int_t n = mp_obj_get_int(n_in);
    if (n < 0 || n > SIGRTMAX - SIGRTMIN)
        pq_raise(PINQ_EINVAL, "SIGRTMIN + n must not pass SIGRTMAX");
    return MP_OBJ_NEW_SMALL_INT(SIGRTMIN + n);
}
MP_DEFINE_CONST_FUN_OBJ_1(pq_sigrt_obj, pq_sigrt);
