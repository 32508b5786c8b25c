/* Arduino.h - the part of the Arduino API that pinq's Arduino port and
 * examples/arduino/ButtonClicks use, simulated on the host for tests only
 * (arduino_shim.cpp): time that advances as the program reads it, one
 * global interrupt flag, external interrupts on pins 2 and 3 driven by a
 * scripted button, Serial into a buffer. Usable from C and C++, as the
 * real one is. */
#ifndef ARDUINO_SHIM_H
#define ARDUINO_SHIM_H

#include <stdbool.h>
#include <stdint.h>

#define LOW 0
#define HIGH 1
#define INPUT 0
#define OUTPUT 1
#define INPUT_PULLUP 2
#define CHANGE 1
#define FALLING 2
#define RISING 3
#define NOT_AN_INTERRUPT (-1)
/* as on an Uno: pins 2 and 3 are INT0 and INT1 */
#define digitalPinToInterrupt(p) ((p) == 2 ? 0 : (p) == 3 ? 1 : NOT_AN_INTERRUPT)

#ifdef __cplusplus
extern "C" {
#endif

void pinMode(uint8_t pin, uint8_t mode);
int digitalRead(uint8_t pin);
void attachInterrupt(uint8_t irq, void (*handler)(void), int mode);
void detachInterrupt(uint8_t irq);
unsigned long micros(void);
unsigned long millis(void);
void delay(unsigned long ms);
void yield(void);
void noInterrupts(void);
void interrupts(void);

/* The simulated interrupt flag, for the port's nesting-safe critical
 * sections (pinq_arduino.h: PINQ_ARDUINO_IRQ_ENABLED), as SREG or PRIMASK
 * tell on a real board. */
bool shim_irq_enabled(void);
#define PINQ_ARDUINO_IRQ_ENABLED() shim_irq_enabled()

#ifdef __cplusplus
}

class ShimSerial {
  public:
    void begin(unsigned long baud);
    void print(const char *s);
    void print(long v);
    void println(const char *s);
    void println(long v);
};
extern ShimSerial Serial;

void setup();
void loop();
#endif

#endif
