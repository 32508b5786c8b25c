/* replay_clock.c - a delivery model's time rules and random draws. */
#include "replay_clock.h"

pinq_ticks_t replay_window_end(const replay_window_t *w, pinq_ticks_t t)
{
    if (w->every == 0 || t == REPLAY_NEVER)
        return t;
    pinq_ticks_t into = t % w->every;
    return into < w->len ? t - into + w->len : t;
}

/* splitmix64's finaliser: a good 64-bit mix of a counter */
static uint64_t mix(uint64_t x)
{
    x += UINT64_C(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

pinq_ticks_t replay_draw(uint64_t seed, uint64_t stream, uint64_t index, pinq_ticks_t span)
{
    if (span == 0)
        return 0;
    uint64_t x = mix(mix(seed ^ mix(stream)) ^ index);
    /* modulo bias below span / 2^64: spans are at most an hour of ns */
    return span == UINT64_MAX ? x : x % (span + 1);
}

pinq_ticks_t replay_jitter_span(const replay_jitter_t *j, pinq_ticks_t base)
{
    return j->pct ? base / 100 * j->pct + base % 100 * j->pct / 100 : j->ticks;
}

pinq_ticks_t replay_isr_entry(const replay_model_t *m, int line, uint64_t index, pinq_ticks_t t)
{
    pinq_ticks_t at = t + m->isr_latency + replay_draw(m->seed, 2 + (uint64_t)line, index,
                                                          replay_jitter_span(&m->isr_jitter, m->isr_latency));
    return replay_window_end(&m->masked, at);
}

pinq_ticks_t replay_poll_time(const replay_model_t *m, uint64_t k)
{
    return k * m->poll_period + replay_draw(m->seed, 1, k, replay_jitter_span(&m->poll_jitter, m->poll_period));
}

/* The longest from an edge to its ISR's entry. */
static pinq_ticks_t isr_delay(const replay_model_t *m)
{
    return m->isr_latency + replay_jitter_span(&m->isr_jitter, m->isr_latency) + m->masked.len;
}

pinq_ticks_t replay_tick_slack(const replay_model_t *m)
{
    return m->kind == REPLAY_IRQ && m->stamp == REPLAY_STAMP_EDGE ? isr_delay(m) : 0;
}

void replay_model_ideal(replay_model_t *m)
{
    *m = (replay_model_t){.kind = REPLAY_IRQ, .stamp = REPLAY_STAMP_ISR, .policy = PINQ_DROP_NEWEST,
                          .queue = 4096, .seed = 1};
}

pinq_ticks_t replay_model_delay(const replay_model_t *m)
{
    pinq_ticks_t d = m->stall.len;
    if (m->kind == REPLAY_POLL)
        return d + m->poll_period + replay_jitter_span(&m->poll_jitter, m->poll_period);
    return d + isr_delay(m) + m->loop;
}
