/* test_oneshot_rv.c - the input engine's low-power mode on rv32 under
 * QEMU: a bouncy press and release (glitches posted with past ISR stamps,
 * each ended by a real edge from the machine software interrupt), the
 * engine's `arm` = pinq_rv_oneshot_arm (mtimecmp), and a main loop that
 * only sleeps in pinq_wait(PINQ_WAIT_FOREVER): the deadline's timer
 * interrupt must wake it. Exactly three timer wake-ups (press settled,
 * release settled, multi-click gap over), a bounded number in all; then
 * the machine timer is shared back: a finite pinq_wait() still borrows it
 * and honours its timeout once nothing is armed, an expiry while the loop
 * is busy is not lost. Guest time is deterministic (-icount). */
#include "check.h"
#include "pinq_input.h"
#include "oneshot_click.h"
#include "pinq_rv_oneshot.h"
#include "rv_test.h"

/* the button's final edge: a real interrupt */
static volatile int soft_level;
static void soft_handler(uint32_t mepc)
{
    (void)mepc;
    riscv_msip_set(false);
    pinq_post(&q, BTN, soft_level);
}

static void raise_edge(int level)
{
    soft_level = level;
    riscv_msip_set(true); /* taken at once: MIE is set */
}

static const oneshot_port_t port_ops = {pinq_rv_oneshot_fired, pinq_rv_oneshot_count, raise_edge,
                                        pinq_rv_oneshot_arm};

static void test_click_without_tick(void)
{
    oneshot_start();
    riscv_irq_set_handler(IRQ_M_SOFT, soft_handler);
    /* press settles at 10 ms, the release is stamped then, the 30 ms gap
     * closes at 40 ms: a sanity bound in deterministic guest time */
    pinq_ticks_t took = oneshot_click(&q, &in, &out, BTN, tps, &port_ops);
    CHECK(took >= 35u * ms && took < 200u * ms);
    CHECK(!(csr_read(mie) & MIP_MTIP)); /* idle: the timer is the port's to borrow again */
}

/* The machine timer shared with pinq_port_wait(). */
static void test_coexist(void)
{
    /* idle: a finite wait borrows the timer and returns after its timeout */
    pinq_ticks_t t0 = pinq_port_now();
    CHECK(!pinq_wait(&q, 5));
    pinq_ticks_t dt = pinq_port_now() - t0;
    CHECK(dt >= 5u * ms && dt < 50u * ms);
    CHECK_EQ(riscv_mtimecmp_get(), UINT64_MAX); /* given back */
    CHECK(!pinq_rv_oneshot_fired());            /* the borrowed expiry is not ours */

    uint32_t n0 = oneshot_edge_cases(&q, &port_ops, ms);

    /* cancelled: nothing fires */
    pinq_rv_oneshot_arm(NULL, pinq_port_now() + 1u * ms);
    pinq_rv_oneshot_cancel();
    t0 = pinq_port_now();
    CHECK(!pinq_wait(&q, 5)); /* cancelled: borrowing again */
    CHECK(pinq_port_now() - t0 >= 5u * ms);
    CHECK(!pinq_rv_oneshot_fired());
    CHECK_EQ(pinq_rv_oneshot_count(), n0);
}

int main(void)
{
    oneshot_setup(pinq_rv_oneshot_arm);
    pinq_rv_oneshot_init();
    while (pinq_port_now() < 2u * ms) /* past stamps below need some history */
        ;
    csr_set(mstatus, MSTATUS_MIE);
    test_click_without_tick();
    test_coexist();
    return check_done("rv32_test_oneshot");
}
