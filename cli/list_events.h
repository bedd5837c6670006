/* syscope -L: list the event types the way sysdig -L does. */
#ifndef SYSCOPE_LIST_EVENTS_H
#define SYSCOPE_LIST_EVENTS_H

#include <stdio.h>

/* Print one line per event type, "> name(TYPE param, ...)" for enter events
 * and "< name(...)" for exits, byte-identical to sysdig 0.29.3's -L. */
void list_events(FILE *out);

#endif
