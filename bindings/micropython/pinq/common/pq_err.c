/* pq_err.c - pinq error codes as Python exceptions.
 *
 * Every refusal names the pinq code it stands for, so a Python user can
 * find it in include/pinq.h: an argument pinq rejects is a ValueError, a
 * refusal of the system or of this build an OSError. */
#include <errno.h>
#include <string.h>

#include "pq_obj.h"

static const char *pq_err_name(int err)
{
    switch (err) {
    case PINQ_EINVAL: return "PINQ_EINVAL";
    case PINQ_EFULL: return "PINQ_EFULL";
    case PINQ_EDISABLED: return "PINQ_EDISABLED";
    case PINQ_ENOTSUP: return "PINQ_ENOTSUP";
    case PINQ_ESYS: return "PINQ_ESYS";
    default: return "PINQ_E?";
    }
}

MP_NORETURN void pq_raise(int err, const char *what)
{
    const mp_obj_type_t *type = err == PINQ_EINVAL ? &mp_type_ValueError : &mp_type_OSError;
    mp_raise_msg_varg(type, MP_ERROR_TEXT("%s (%s): %s"), pq_err_name(err), pinq_strerror(err), what);
}

MP_NORETURN void pq_raise_errno(const char *what)
{
    int e = errno;
    mp_raise_msg_varg(&mp_type_OSError, MP_ERROR_TEXT("PINQ_ESYS (%s): %s: %s"), pinq_strerror(PINQ_ESYS), what,
                      strerror(e));
}
