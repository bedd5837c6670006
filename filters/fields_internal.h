/* Shared by the extractor files (fields_registry.c, fields_evt.c,
 * fields_proc.c, fields_fd.c): small helpers over events and state, and
 * the extractors the table in fields_registry.c names. */
#ifndef SYSCOPE_FIELDS_INTERNAL_H
#define SYSCOPE_FIELDS_INTERNAL_H

#include "event.h"
#include "fields.h"
#include "param_render.h"
#include "proc_info.h"
#include "state.h"

/* Every extractor has the field_extract_fn signature. */
#define FIELD_X(fn)                                                                         \
	bool fn(const struct field_ref *r, const struct event *ev, const struct evt_ctx *c, \
		struct state *st, struct field_value *o)
#define UNUSED_X() ((void)r, (void)ev, (void)c, (void)st, (void)o)

/* ---- helpers (fields_registry.c) ---- */
bool has_param(const struct event *ev, int idx);
uint8_t param_ptype(const struct event *ev, int idx);
void param_text(const struct event *ev, int idx, struct field_value *out);
void set_str(struct field_value *out, const char *s);
struct thread *ctx_thread(const struct evt_ctx *ctx);
struct thread *main_thread(struct state *st, struct thread *t);
struct thread *parent_of(struct state *st, struct thread *t);
struct thread *ancestor(struct state *st, struct thread *t, int64_t n);
int table_param_index(uint16_t type, const char *name);
bool bind_res(struct field_ref *ref, char *err, size_t errlen);
bool return_value(const struct event *ev, int64_t *out);
bool event_has_fd(const struct event *ev);
const struct fd_entry *event_fd(const struct event *ev, const struct evt_ctx *c);
/* fd.name of an fd-related event whose fd has no entry (a failed open, an
 * fd from before the capture), as sysdig 0.29.3 names it; false if none. */
bool null_fd_name(const struct field_ref *r, const struct event *ev, const struct evt_ctx *c,
		  struct state *st, struct field_value *o);
/* fd.name as sysdig 0.29.3 shows it, with or without an fd entry. */
bool fd_name_text(const struct field_ref *r, const struct event *ev, const struct evt_ctx *c,
		  struct state *st, struct field_value *o);
bool join_path(const struct field_ref *r, const char *dir, const char *name, uint32_t name_len,
	       struct field_value *o);
bool bind_multi(struct field_ref *ref, char *err, size_t errlen);

enum endpoint { EP_CLIENT, EP_SERVER };
bool fd_endpoint(const struct event *ev, const struct evt_ctx *c, enum endpoint which,
		 bool need_role, uint8_t *family, const uint8_t **addr, uint16_t *port);
bool endpoint_ip(const struct event *ev, const struct evt_ctx *c, enum endpoint which,
		 bool need_role, struct field_value *o);
bool endpoint_port(const struct event *ev, const struct evt_ctx *c, enum endpoint which,
		   bool need_role, struct field_value *o);

/* The output options for fields that render parameters (evt.arg,
 * evt.args, evt.info): the formatter's while it prints, else the
 * defaults (dotted buffers, nothing cut). */
const struct render_opts *fields_render_opts(void);

/* A growable buffer for values longer than a scratch (evt.info of a long
 * execve); one per kind of value, reused (one thread at a time). */
struct strbuf *fields_text_buffer(unsigned which);
enum { FTB_INFO, FTB_RES, FTB_LIST, FTB_COUNT };

/* ---- evt.* (fields_evt.c) ---- */
FIELD_X(x_evt_time);
FIELD_X(x_evt_time_s);
FIELD_X(x_evt_time_iso8601);
FIELD_X(x_evt_datetime);
FIELD_X(x_evt_datetime_s);
FIELD_X(x_evt_rawtime_s);
FIELD_X(x_evt_rawtime_ns);
FIELD_X(x_evt_reltime);
FIELD_X(x_evt_reltime_s);
FIELD_X(x_evt_reltime_ns);
FIELD_X(x_evt_outputtime);
FIELD_X(x_evt_latency_s);
FIELD_X(x_evt_latency_ns);
FIELD_X(x_evt_latency_human);
FIELD_X(x_evt_deltatime);
FIELD_X(x_evt_deltatime_s);
FIELD_X(x_evt_deltatime_ns);
bool bind_type_is(struct field_ref *ref, char *err, size_t errlen);
FIELD_X(x_evt_type_is);
bool bind_abspath(struct field_ref *ref, char *err, size_t errlen);
FIELD_X(x_syscall_type);
FIELD_X(x_evt_category);
FIELD_X(x_evt_args);
FIELD_X(x_evt_info);
FIELD_X(x_evt_buflen);
FIELD_X(x_evt_res);
FIELD_X(x_evt_is_io_read);
FIELD_X(x_evt_is_io_write);
FIELD_X(x_evt_io_dir);
FIELD_X(x_evt_is_wait);
FIELD_X(x_evt_wait_latency);
FIELD_X(x_evt_is_syslog);
FIELD_X(x_evt_count);
FIELD_X(x_evt_count_error);
FIELD_X(x_evt_count_error_file);
FIELD_X(x_evt_count_error_net);
FIELD_X(x_evt_count_error_memory);
FIELD_X(x_evt_count_error_other);
FIELD_X(x_evt_count_exit);
FIELD_X(x_evt_abspath);
FIELD_X(x_evt_is_open_read);
FIELD_X(x_evt_is_open_write);
FIELD_X(x_evt_is_open_exec);

/* ---- proc.*, thread.*, user.*, group.*, container.* (fields_proc.c) ---- */
FIELD_X(x_proc_exe);
FIELD_X(x_proc_args);
FIELD_X(x_proc_env);
FIELD_X(x_proc_cmdline);
FIELD_X(x_proc_exeline);
FIELD_X(x_proc_cwd);
FIELD_X(x_proc_nthreads);
FIELD_X(x_proc_nchilds);
FIELD_X(x_proc_pname);
FIELD_X(x_proc_pcmdline);
bool bind_ancestor(struct field_ref *ref, char *err, size_t errlen);
FIELD_X(x_proc_apid);
bool xn_proc_apid(const struct field_ref *r, const struct event *ev, const struct evt_ctx *c,
		  struct state *st, unsigned n, struct field_value *o);
FIELD_X(x_proc_loginshellid);
FIELD_X(x_proc_duration);
FIELD_X(x_proc_fdopencount);
FIELD_X(x_proc_fdlimit);
FIELD_X(x_proc_fdusage);
FIELD_X(x_proc_vmsize);
FIELD_X(x_proc_vmrss);
FIELD_X(x_proc_vmswap);
FIELD_X(x_thread_pfmajor);
FIELD_X(x_thread_pfminor);
FIELD_X(x_thread_ismain);
FIELD_X(x_thread_exectime);
FIELD_X(x_thread_totexectime);
FIELD_X(x_thread_cpu);
FIELD_X(x_thread_cgroups);
FIELD_X(x_thread_vtid);
FIELD_X(x_proc_vpid);
FIELD_X(x_thread_vmsize);
FIELD_X(x_thread_vmrss);
FIELD_X(x_proc_sid);
FIELD_X(x_proc_sname);
FIELD_X(x_proc_exepath);
FIELD_X(x_proc_vpgid);
FIELD_X(x_user_name);
FIELD_X(x_user_homedir);
FIELD_X(x_user_shell);
FIELD_X(x_user_loginuid);
FIELD_X(x_user_loginname);
FIELD_X(x_group_gid);
FIELD_X(x_group_name);

/* ---- container.*, proc.is_container_* (fields_container.c) ---- */
FIELD_X(x_container_id);
FIELD_X(x_container_name);
FIELD_X(x_container_type);
FIELD_X(x_container_image);
FIELD_X(x_container_image_id);
FIELD_X(x_container_image_repo);
FIELD_X(x_container_image_tag);
FIELD_X(x_container_image_digest);
FIELD_X(x_container_privileged);
FIELD_X(x_container_mounts);
FIELD_X(x_container_mount);
FIELD_X(x_container_mount_source);
FIELD_X(x_container_mount_dest);
FIELD_X(x_container_mount_mode);
FIELD_X(x_container_mount_rdwr);
FIELD_X(x_container_mount_propagation);
FIELD_X(x_container_healthcheck);
FIELD_X(x_container_liveness);
FIELD_X(x_container_readiness);
FIELD_X(x_proc_is_healthcheck);
FIELD_X(x_proc_is_liveness);
FIELD_X(x_proc_is_readiness);

/* ---- fd.*, fdlist.* (fields_fd.c) ---- */
FIELD_X(x_fd_typechar);
FIELD_X(x_fd_directory);
FIELD_X(x_fd_filename);
FIELD_X(x_fd_lip);
FIELD_X(x_fd_rip);
FIELD_X(x_fd_lport);
FIELD_X(x_fd_rport);
FIELD_X(x_fd_l4proto);
FIELD_X(x_fd_sockfamily);
FIELD_X(x_fd_is_server);
FIELD_X(x_fd_uid);
FIELD_X(x_fd_containername);
FIELD_X(x_fd_containerdirectory);
FIELD_X(x_fd_cproto);
FIELD_X(x_fd_sproto);
FIELD_X(x_fd_lproto);
FIELD_X(x_fd_rproto);
FIELD_X(x_fd_cnet);
FIELD_X(x_fd_lnet);
FIELD_X(x_fd_rnet);
FIELD_X(x_fd_dev);
FIELD_X(x_fd_dev_major);
FIELD_X(x_fd_dev_minor);
FIELD_X(x_fdlist_nums);
FIELD_X(x_fdlist_names);
FIELD_X(x_fdlist_cips);
FIELD_X(x_fdlist_sips);
FIELD_X(x_fdlist_cports);
FIELD_X(x_fdlist_sports);

#endif
