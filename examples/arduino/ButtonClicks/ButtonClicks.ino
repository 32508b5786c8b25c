/* ButtonClicks.ino - pinq on an Arduino: a push button from pin 2 to
 * ground; its clicks, double clicks and long presses, decided from the
 * interrupt's timestamps by pinq's input engine, printed on Serial.
 *
 * The pinq side is C (button_clicks.c, beside this file): pinq.h uses
 * C11 atomics, which a C++ sketch cannot include. docs/packaging.md says
 * how this was compiled and run. */
#include "button_clicks.h"

static const uint8_t BUTTON_PIN = 2; /* an external-interrupt pin on an Uno */

void setup()
{
    Serial.begin(115200);
    pinMode(BUTTON_PIN, INPUT_PULLUP);
    int err = button_clicks_begin(BUTTON_PIN);
    if (err != 0) {
        Serial.print("ButtonClicks: pinq error ");
        Serial.println(err);
        return;
    }
    Serial.println("ButtonClicks: ready");
}

void loop()
{
    button_gesture_t g;
    while (button_clicks_next(&g, 10)) { /* waits at most 10 ms */
        switch (g.kind) {
        case BUTTON_CLICK:
            Serial.print("click x");
            Serial.println(g.value);
            break;
        case BUTTON_LONG:
            Serial.print("long press ");
            Serial.println(g.value);
            break;
        case BUTTON_LONG_UP:
            Serial.println("long press released");
            break;
        case BUTTON_LOST:
            Serial.print("edges lost: ");
            Serial.println(g.value);
            break;
        }
    }
}
