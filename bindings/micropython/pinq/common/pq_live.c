/* pq_live.c - objects an interrupt context references.
 *
 * A queue with attached sources, or a running generator, is used from
 * ISRs and threads the garbage collector cannot see: a root list keeps
 * it (and, through it, its ring and line tables) alive until closed. */
#include "py/objlist.h"

#include "pq_obj.h"

MP_REGISTER_ROOT_POINTER(mp_obj_t pinq_live);

void pq_live_add(mp_obj_t obj)
{
    if (MP_STATE_VM(pinq_live) == MP_OBJ_NULL)
        MP_STATE_VM(pinq_live) = mp_obj_new_list(0, NULL);
    mp_obj_list_append(MP_STATE_VM(pinq_live), obj);
}

void pq_live_remove(mp_obj_t obj)
{
    if (MP_STATE_VM(pinq_live) != MP_OBJ_NULL)
        mp_obj_list_remove(MP_STATE_VM(pinq_live), obj);
}
