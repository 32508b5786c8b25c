/* arduino_shim.cpp - runs an Arduino sketch on the host against a
 * scripted push button, and checks what it printed.
 *
 *   sketch <expected output file>
 *
 * Time is simulated: every micros() advances it by 1 us and every yield()
 * by 50 us, and it starts 1.5 s before micros() wraps, so the run crosses
 * the 32-bit wrap that the port extends to 64 bits. A button on pin 2
 * (active low, idle high) bounces through a click, a double click and a
 * long press. Each edge sets the pin and, while the pin's interrupt is
 * attached, latches it pending; a pending interrupt runs as soon as
 * interrupts are on, with them off while it runs (as on an AVR, where
 * edges while it is latched merge into one). */
#include "Arduino.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

const uint64_t START = (uint64_t(1) << 32) - 1500000; /* micros() wraps 1.5 s in */
const int PIN = 2;

struct edge {
    uint64_t at; /* us from the start */
    int level;
};

/* press = LOW; each press and release bounces twice within 1 ms */
std::vector<edge> script()
{
    std::vector<edge> s;
    auto bouncy = [&s](uint64_t at, int level) {
        s.push_back({at, level});
        s.push_back({at + 300, !level});
        s.push_back({at + 700, level});
    };
    auto press = [&](uint64_t down_ms, uint64_t up_ms) {
        bouncy(down_ms * 1000, LOW);
        bouncy(up_ms * 1000, HIGH);
    };
    press(200, 300);   /* a click: 100 ms, then the 300 ms multi-click gap passes */
    press(1200, 1280); /* a double click, across micros()' wrap at 1500 ms */
    press(1450, 1530);
    press(2500, 4000); /* a long press: LONG at 1 s held, then its release */
    return s;
}

const uint64_t END_MS = 5000;

std::vector<edge> edges = script();
size_t next_edge;
uint64_t now_us = START;
int level = HIGH;
bool irq_on = true, in_isr, pending;
void (*handler)(void);
std::string out;

void run_pending()
{
    while (pending && irq_on && handler && !in_isr) {
        pending = false;
        in_isr = true;
        irq_on = false;
        handler();
        irq_on = true;
        in_isr = false;
    }
}

void advance(uint64_t us)
{
    now_us += us;
    for (; next_edge < edges.size() && START + edges[next_edge].at <= now_us; next_edge++) {
        level = edges[next_edge].level;
        if (handler)
            pending = true;
    }
    run_pending();
}

} // namespace

extern "C" {

void pinMode(uint8_t, uint8_t) {}

int digitalRead(uint8_t pin)
{
    return pin == PIN ? level : HIGH;
}

void attachInterrupt(uint8_t irq, void (*fn)(void), int mode)
{
    if (irq == digitalPinToInterrupt(PIN) && mode == CHANGE)
        handler = fn;
}

void detachInterrupt(uint8_t irq)
{
    if (irq == digitalPinToInterrupt(PIN))
        handler = nullptr;
}

unsigned long micros(void)
{
    advance(1);
    return (unsigned long)(uint32_t)now_us; /* 32 bits, as on a board */
}

unsigned long millis(void)
{
    advance(1);
    return (unsigned long)(uint32_t)(now_us / 1000);
}

void delay(unsigned long ms)
{
    advance(uint64_t(ms) * 1000);
}

void yield(void)
{
    advance(50);
}

void noInterrupts(void)
{
    irq_on = false;
}

void interrupts(void)
{
    irq_on = true;
    run_pending();
}

bool shim_irq_enabled(void)
{
    return irq_on;
}

} // extern "C"

ShimSerial Serial;

void ShimSerial::begin(unsigned long) {}
void ShimSerial::print(const char *s) { out += s; }
void ShimSerial::print(long v) { out += std::to_string(v); }
void ShimSerial::println(const char *s) { out += s; out += '\n'; }
void ShimSerial::println(long v) { out += std::to_string(v); out += '\n'; }

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <expected output>\n", argv[0]);
        return 2;
    }
    setup();
    while (now_us - START < END_MS * 1000) {
        if (!irq_on) {
            std::printf("arduino_sketch: loop() entered with interrupts off\n");
            return 1;
        }
        loop();
    }
    std::fputs(out.c_str(), stdout);
    std::ifstream f(argv[1]);
    std::stringstream want_s, got_s(out);
    want_s << f.rdbuf();
    int passed = 0, failed = 0;
    std::string want, got;
    while (true) {
        bool w = bool(std::getline(want_s, want)), g = bool(std::getline(got_s, got));
        if (!w && !g)
            break;
        if (w && g && want == got) {
            passed++;
        } else {
            failed++;
            std::printf("FAILED: expected \"%s\", printed \"%s\"\n", w ? want.c_str() : "(nothing)",
                        g ? got.c_str() : "(nothing)");
        }
    }
    if (!f)
        failed++;
    std::printf("arduino_sketch: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
