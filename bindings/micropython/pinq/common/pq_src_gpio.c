/* pq_src_gpio.c - pinq.GPIO(pin, pull=None): a pin interrupt as a line's
 * source. The backend installs the handler (esp32/pq_esp32_gpio.c); on a
 * port without pin interrupts attaching raises OSError PINQ_ENOTSUP. */
#include "pq_obj.h"
#include "pq_gpio.h"

typedef struct pq_gpio_obj {
    pq_source_t src;
    pq_gpio_bind_t bind;
    uint8_t pull;
} pq_gpio_obj_t;

static void pq_gpio_attach(mp_obj_t self_in, pq_queue_obj_t *q, uint16_t line)
{
    pq_gpio_obj_t *self = MP_OBJ_TO_PTR(self_in);
    self->bind.core = q->core;
    self->bind.line = line;
    int level = pq_backend_gpio_level(&self->bind);
    if (level >= 0)
        pq_line_preset(q->core, line, level);
    int err = pq_backend_gpio_attach(&self->bind, self->pull);
    if (err != PINQ_OK)
        self->bind.core = NULL;
    if (err == PINQ_ENOTSUP)
        pq_raise(err, "no pin interrupts on this port: use pinq.Signal, pinq.Sim or pinq.Poll");
    if (err != PINQ_OK)
        pq_raise(err, "GPIO interrupt");
}

static void pq_gpio_detach(mp_obj_t self_in)
{
    pq_gpio_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->bind.core)
        pq_backend_gpio_detach(&self->bind);
    self->bind.core = NULL;
}

static const pq_source_ops_t pq_gpio_ops = {PQ_SOURCE_MAGIC, pq_gpio_attach, pq_gpio_detach, NULL};

static mp_obj_t pq_gpio_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all)
{
    enum { ARG_pin, ARG_pull };
    static const mp_arg_t allowed[] = {
        {MP_QSTR_pin, MP_ARG_REQUIRED | MP_ARG_INT, {.u_int = 0}},
        {MP_QSTR_pull, MP_ARG_INT, {.u_int = PQ_PULL_NONE}},
    };
    mp_arg_val_t a[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all, MP_ARRAY_SIZE(allowed), allowed, a);
    if (a[ARG_pin].u_int < 0 || a[ARG_pin].u_int > 255)
        pq_raise(PINQ_EINVAL, "pin must be 0 to 255");
    if (a[ARG_pull].u_int < PQ_PULL_NONE || a[ARG_pull].u_int > PQ_PULL_DOWN)
        pq_raise(PINQ_EINVAL, "pull must be pinq.PULL_UP, pinq.PULL_DOWN or 0");
    pq_gpio_obj_t *self = mp_obj_malloc(pq_gpio_obj_t, type);
    self->bind.pin = (int)a[ARG_pin].u_int;
    self->pull = (uint8_t)a[ARG_pull].u_int;
    return MP_OBJ_FROM_PTR(self);
}

MP_DEFINE_CONST_OBJ_TYPE(pq_gpio_type, MP_QSTR_GPIO, MP_TYPE_FLAG_NONE, make_new, pq_gpio_make_new, protocol,
                         &pq_gpio_ops);
