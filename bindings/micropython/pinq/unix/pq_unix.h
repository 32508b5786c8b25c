/* pq_unix.h - shared by the files of the unix backend. */
#ifndef PQ_UNIX_H
#define PQ_UNIX_H

#include "pq_core.h"

/* Start the queue's helper thread if it is not running (main loop); false
 * if the system refused. A signal source needs it before its handler is
 * installed. */
bool pq_unix_helper_start(pq_core_t *c);
/* Create a thread with every signal blocked: signals bound to lines are
 * then taken by the main thread, never by pinq's own threads. */
int pq_unix_thread(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
