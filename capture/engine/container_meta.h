/* Live container metadata from the container runtimes (Docker, podman,
 * CRI-O: container_runtime.h), off the hot path.  The live engines tell it
 * the cgroups of every process they see (the /proc scan's, and those of
 * clone and execve exits); the first time a container id shows up, a
 * worker thread asks the runtimes that may know it (by the naming of the
 * cgroup path the id was in) over their unix sockets, with a short
 * timeout each, and turns the first answer into a `container json` event
 * (type 324, the JSON sysdig writes), which the engine delivers between
 * two events: the state takes the name and image from it, and -w files
 * carry it as sysdig's do.
 *
 * Without a runtime socket there is no worker and nothing happens: the id
 * alone, never an error or a wait.  A runtime that does not answer, or
 * answers with something unusable, gives no event either. */
#ifndef SYSCOPE_CONTAINER_META_H
#define SYSCOPE_CONTAINER_META_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "scap_reader.h"

struct container_meta;

/* NULL when no runtime socket is there (or out of memory): callers then
 * skip every call below, which all accept NULL. */
struct container_meta *container_meta_open(void);
void container_meta_close(struct container_meta *m);

/* A process's cgroups (NUL-separated subsys=path): asks for its container
 * the first time the id is seen.  Never blocks on the runtime. */
void container_meta_note(struct container_meta *m, const char *cgroups, size_t len);

/* The cgroups of an event, when it is the exit of clone, fork, vfork,
 * clone3, execve or execveat: container_meta_note on them. */
void container_meta_note_event(struct container_meta *m, const struct event *ev);

/* A sink that passes everything to inner and notes the threads' cgroups
 * (the /proc scan's processes).  inner must outlive the capture. */
struct scap_sink container_meta_sink(struct container_meta *m, const struct scap_sink *inner);

/* A container json event the worker finished, parsed into ev with the
 * timestamp ts: 1, or 0 when none is ready.  The record stays valid until
 * the next call. */
int container_meta_next(struct container_meta *m, uint64_t ts, struct event *ev);

#endif
