# pinq/micropython.cmake - pinq as a user C module of MicroPython's
# CMake-based ports. Only ESP32 (ESP-IDF) has a backend: GPIO interrupts
# through the ISR service, esp_timer time (pinq/esp32/). It is compiled in
# pinq's CI only as a syntax check against ESP-IDF's headers; see
# docs/micropython.md, "ESP32", for what has and has not been run.
set(PINQ_MOD_DIR ${CMAKE_CURRENT_LIST_DIR})
get_filename_component(PINQ_ROOT ${CMAKE_CURRENT_LIST_DIR}/../../.. ABSOLUTE)

if(NOT IDF_TARGET)
  message(FATAL_ERROR "pinq: no MicroPython backend for this port (ESP32 only among CMake ports; "
                      "make-based: unix, see pinq/micropython.mk)")
endif()

add_library(usermod_pinq INTERFACE)

target_sources(usermod_pinq INTERFACE
  ${PINQ_MOD_DIR}/common/modpinq.c ${PINQ_MOD_DIR}/common/pq_queue.c ${PINQ_MOD_DIR}/common/pq_lines.c
  ${PINQ_MOD_DIR}/common/pq_input.c ${PINQ_MOD_DIR}/common/pq_drain.c ${PINQ_MOD_DIR}/common/pq_event.c
  ${PINQ_MOD_DIR}/common/pq_stats.c ${PINQ_MOD_DIR}/common/pq_aio.c ${PINQ_MOD_DIR}/common/pq_isr.c
  ${PINQ_MOD_DIR}/common/pq_err.c ${PINQ_MOD_DIR}/common/pq_time.c ${PINQ_MOD_DIR}/common/pq_live.c
  ${PINQ_MOD_DIR}/common/pq_busy.c ${PINQ_MOD_DIR}/common/pq_src_manual.c ${PINQ_MOD_DIR}/common/pq_src_poll.c
  ${PINQ_MOD_DIR}/common/pq_src_gpio.c
  ${PINQ_MOD_DIR}/esp32/pq_esp32_gpio.c ${PINQ_MOD_DIR}/esp32/pinq_port_esp32.c
  ${PINQ_ROOT}/src/pinq_ring.c ${PINQ_ROOT}/src/pinq_line.c ${PINQ_ROOT}/src/pinq_dispatch.c
  ${PINQ_ROOT}/src/input/pinq_debounce.c ${PINQ_ROOT}/src/input/pinq_gesture.c ${PINQ_ROOT}/src/input/pinq_chord.c
  ${PINQ_ROOT}/src/input/pinq_encoder.c ${PINQ_ROOT}/src/input/pinq_guard.c ${PINQ_ROOT}/src/input/pinq_input.c
  ${PINQ_ROOT}/src/input/pinq_input_init.c)

# esp32/ first: its pinq_port_stamp.h is the one pinq's core inlines.
target_include_directories(usermod_pinq INTERFACE
  ${PINQ_MOD_DIR}/esp32 ${PINQ_MOD_DIR}/common ${PINQ_ROOT}/include ${PINQ_ROOT}/src)

target_link_libraries(usermod INTERFACE usermod_pinq)
