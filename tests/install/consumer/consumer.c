/* consumer.c - a program outside pinq's tree, built against an installed
 * pinq only (tests/install/check-install.sh): the headers from the install
 * prefix, the library as the package describes it. One edge goes through
 * the inlined ISR entry, the ring and the dispatcher; the input engine and
 * a decoder are called so that their libraries must link too. Exit status
 * 0 only if everything arrived. */
#include "check.h" /* tests/: the suite's CHECK and closing line, not pinq */
#include "pinq_decode.h"
#include "pinq_input.h"
#include "pinq_isr.h"

enum { BUTTON, NLINES };

static pinq_event_t got;
static int deliveries;

static void on_button(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    got = *ev;
    deliveries++;
}

static const pinq_line_cfg_t lines[NLINES] = {[BUTTON] = {.trigger = PINQ_TRIG_BOTH, .deferred = on_button}};

int main(void)
{
    PINQ_DEFINE(q, lines, NLINES, 8, PINQ_SPSC, PINQ_DROP_NEWEST);
    CHECK(pinq_init(&q, &q_cfg) == PINQ_OK);
    pinq_ticks_t before = pinq_port_now();
    CHECK(pinq_isr_post(&q, BUTTON, 1) == PINQ_OK); /* the header-inlined path, port stamp included */
    CHECK(pinq_dispatch(&q, 8) == 1);
    CHECK(deliveries == 1);
    CHECK(got.line == BUTTON && got.kind == PINQ_EV_RISE && PINQ_LEVEL(&got) == 1);
    CHECK(got.ts >= before && got.ts <= pinq_port_now());
    CHECK(pinq_dispatch(&q, 8) == 0);

    pinq_debounce_t db; /* libpinq_input */
    pinq_debounce_init(&db, BUTTON, 1);
    CHECK(db.stable == 1);
    pinq_nec_t nec; /* libpinq_decode: a NULL configuration is refused */
    CHECK(pinq_nec_init(&nec, NULL) == PINQ_EINVAL);
    CHECK(pinq_strerror(PINQ_EFULL) != NULL);

    printf("consumer: pinq %s\n", PINQ_VERSION_STRING);
    return check_done("consumer");
}
