/* button.c - the schedule player behind button.h: one one-shot timer
 * interrupt per edge, re-armed for the next edge. The truth is stamped
 * here, at the edge, before any strategy can see it. */
#include "button.h"

#include "fw_board.h"
#include "schedule.h"

static struct {
    button_truth_t *truth;
    schedule_t sched;
    press_plan_t plan;
    uint32_t presses;
    uint8_t up;     /* playing the release transition */
    uint8_t i;      /* next edge of the transition */
    bool irq;
    pinq_ticks_t t0; /* run start, port ticks */
    volatile int level;
} b;

int button_level(void)
{
    return b.level;
}

static uint64_t us_to_ticks(uint64_t us)
{
    return us * (pinq_port_ticks_per_sec() / 1000000u);
}

/* Port tick of the next edge to play. */
static pinq_ticks_t next_edge_at(void)
{
    const transition_t *t = b.up ? &b.plan.up : &b.plan.down;
    uint64_t base = b.up ? b.plan.up_us : b.plan.down_us;
    return b.t0 + us_to_ticks(base + t->at_us[b.i]);
}

static void arm_next(void)
{
    fw_board_playback_at(next_edge_at());
}

/* Advance to the edge after the one just played; false when all are played. */
static bool step(void)
{
    const transition_t *t = b.up ? &b.plan.up : &b.plan.down;
    if (++b.i < t->n)
        return true;
    b.i = 0;
    if (!b.up) {
        b.up = 1;
        return true;
    }
    b.up = 0;
    if (++b.truth->presses >= b.presses)
        return false;
    schedule_next(&b.sched, &b.plan);
    return true;
}

/* The playback timer's interrupt (fw_board.h), acknowledged by the board. */
void fw_playback_isr(void)
{
    int to = b.up ? 0 : 1;
    if (!b.up && b.i == 0)
        b.truth->down[b.truth->presses] = pinq_port_now();
    b.level = transition_level(to, b.i);
    b.truth->edges++;
    if (b.irq)
        fw_board_pin_irq_raise();
    if (step())
        arm_next();
    else
        b.truth->done = true;
}

void button_start(button_truth_t *t, uint64_t seed, uint32_t presses, bool irq)
{
    *t = (button_truth_t){0};
    b.truth = t;
    b.presses = presses < BUTTON_PRESSES_MAX ? presses : BUTTON_PRESSES_MAX;
    b.up = 0;
    b.i = 0;
    b.irq = irq;
    b.level = 0;
    schedule_init(&b.sched, seed);
    schedule_next(&b.sched, &b.plan);
    b.t0 = pinq_port_now();
    arm_next();
}
