# micropython.mk - pinq as a MicroPython user C module, make-based ports
# (unix). Build from a MicroPython port directory with
#   make USER_C_MODULES=<pinq>/bindings/micropython (this file is found
# as */micropython.mk there; the object directory is named after pinq/)
# (docs/micropython.md). pinq's own sources are compiled into the module;
# on unix its POSIX port (port/posix/pinq_port_posix.c) supplies the clock
# and critical sections and binds no signal by itself.
PINQ_MOD_DIR := $(USERMOD_DIR)
PINQ_ROOT := $(abspath $(USERMOD_DIR)/../../..)

# The binding: scanned for qstrs and root pointers.
SRC_USERMOD_C += $(addprefix $(PINQ_MOD_DIR)/common/, \
	modpinq.c pq_queue.c pq_lines.c pq_input.c pq_drain.c pq_event.c pq_stats.c pq_aio.c \
	pq_isr.c pq_err.c pq_time.c pq_live.c pq_busy.c pq_src_manual.c pq_src_poll.c pq_src_gpio.c)
SRC_USERMOD_C += $(addprefix $(PINQ_MOD_DIR)/unix/, pq_unix_kick.c pq_unix_signal.c pq_unix_sim.c pq_unix_gpio.c)

# pinq itself: core, input engine, POSIX port.
SRC_USERMOD_LIB_C += $(addprefix $(PINQ_ROOT)/src/, pinq_ring.c pinq_line.c pinq_dispatch.c)
SRC_USERMOD_LIB_C += $(addprefix $(PINQ_ROOT)/src/input/, \
	pinq_debounce.c pinq_gesture.c pinq_chord.c pinq_encoder.c pinq_guard.c pinq_input.c pinq_input_init.c)
SRC_USERMOD_LIB_C += $(PINQ_ROOT)/port/posix/pinq_port_posix.c

CFLAGS_USERMOD += -I$(PINQ_ROOT)/include -I$(PINQ_ROOT)/src -I$(PINQ_ROOT)/port/posix \
	-I$(PINQ_MOD_DIR)/common -I$(PINQ_MOD_DIR)/unix
LDFLAGS_USERMOD += -lpthread

# pinq is C11 (atomics, _Alignas): its files and the module's are compiled
# as such; MicroPython's own stay gnu99, its warning flags apply to all.
$(BUILD)/pinq/%.o: CFLAGS += -std=gnu11
$(BUILD)/$(PINQ_ROOT)/%.o: CFLAGS += -std=gnu11
