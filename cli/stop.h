/* Stopping a capture cleanly.  SIGINT and SIGTERM only raise a flag: the
 * event loop sees it, and whatever is open (trace files being written, the
 * driver) is flushed and closed on the normal path, so an interrupted
 * recording is always a complete, readable file. */
#ifndef SYSCOPE_STOP_H
#define SYSCOPE_STOP_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"

/* Catch SIGINT and SIGTERM.  The handlers are installed without SA_RESTART,
 * so a blocking poll() or read() returns EINTR and the caller can look at
 * stop_requested(). */
void stop_install_handlers(void);

/* True once a stop signal arrived or stop_request() was called. */
bool stop_requested(void);

/* Ask the loop to stop (a time limit was reached, the output failed). */
void stop_request(void);

/* The stop request as the engines ask for it (their configuration's
 * engine_stop): true once stop_requested() is. */
const struct engine_stop *stop_engine_hook(void);

/* The signal that asked for the stop, or 0. */
int stop_signal(void);

#endif
