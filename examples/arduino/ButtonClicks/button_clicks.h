/* button_clicks.h - what ButtonClicks.ino sees of pinq: one button's
 * gestures, in a header C++ can include (pinq.h itself is C11 only, see
 * pinq_arduino.h). */
#ifndef BUTTON_CLICKS_H
#define BUTTON_CLICKS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum button_gesture_kind {
    BUTTON_CLICK = 1, /* value: clicks in the sequence (1 single, 2 double, ...) */
    BUTTON_LONG,      /* value: long-press level reached (1: held 1 s) */
    BUTTON_LONG_UP,   /* released after a long press */
    BUTTON_LOST       /* value: edges the queue lost (what was in progress is dropped) */
};

typedef struct button_gesture {
    uint8_t kind;   /* enum button_gesture_kind */
    int32_t value;
    uint32_t ms;    /* when it happened, from the interrupt's timestamp (ms, wraps) */
} button_gesture_t;

/* pinq and its input engine on `pin` (a button to ground, INPUT_PULLUP):
 * 0, or a negative pinq error code. */
int button_clicks_begin(uint8_t pin);

/* The next gesture, waiting up to wait_ms for the button to do something
 * (the wait returns at the pin's interrupt); false if none yet. */
bool button_clicks_next(button_gesture_t *g, uint32_t wait_ms);

#ifdef __cplusplus
}
#endif

#endif
