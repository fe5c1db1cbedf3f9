/*
 * liblutbridge_client: the thin msgpack-rpc client the editors use to talk to the host.
 *
 * One lb_client is one connection; it is not thread-safe (use it from one thread, or
 * guard it). Two ways to call:
 *   - blocking: lb_call waits for the result (with a timeout), delivering
 *     progress notifications to a callback meanwhile;
 *   - poll-friendly: lb_call_start sends the request and returns a call
 *     id at once; lb_poll(client, timeout_ms, ...) delivers progress, results and errors as
 *     events. With timeout_ms = 0 it never blocks, so a GUI thread can call it from a timer
 *     (or when lb_fd(client) is readable).
 * Every function that can fail returns LB_OK (0) or an lb_error_code (protocol.h) and
 * fills an lb_error with the code and a message; err may be NULL.
 *
 * Values: params are one msgpack array (packed bytes); results come back as msgpack_object
 * (msgpack-c). JSON belongs to the lutbridge-c command (plugin-c/cli/src/json.h).
 */
#ifndef LUTBRIDGE_CLIENT_H
#define LUTBRIDGE_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <msgpack.h>

#include "lutbridge/protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lb_client lb_client;

/* An error: code from enum lb_error_code, message one line of human-readable text. */
typedef struct lb_error {
  int code;
  char message[256];
} lb_error;

typedef struct lb_options {
  /* Socket path; NULL = lb_default_socket_path(). */
  const char *socket_path;
  /* Nonzero: when nobody listens, start the host and wait for it (LB_HOST_START_TIMEOUT_MS). */
  int autostart;
  /* Host command (whitespace-separated words, no quoting), run as CMD serve --socket PATH.
   * NULL = $LUTBRIDGE_HOST_CMD, else the compiled-in default (the repository's ./lutbridge). */
  const char *host_cmd;
  /* How long to wait for a host started on demand; 0 = LB_HOST_START_TIMEOUT_MS. */
  int start_timeout_ms;
} lb_options;

/* Defaults: socket_path NULL, autostart 1, host_cmd NULL, start_timeout_ms 0. */
void lb_options_init(lb_options *opts);

/* $XDG_RUNTIME_DIR/lutbridge/host.sock, else /tmp/lutbridge-$UID/host.sock. */
int lb_default_socket_path(char *out, size_t cap, lb_error *err);

/* Connects (starting the host if opts->autostart and nobody listens). opts may be NULL. */
int lb_connect(const lb_options *opts, lb_client **out, lb_error *err);

/* Closes the connection and frees everything; running jobs of this connection are
 * cancelled by the host. NULL is allowed. */
void lb_close(lb_client *client);

/* The socket, for the caller's own poll()/GSource: readable means lb_poll has work. */
int lb_fd(const lb_client *client);

/* ---- events ------------------------------------------------------------------------ */
typedef enum lb_event_kind {
  LB_EVENT_PROGRESS = 1, /* fraction, stage */
  LB_EVENT_RESULT = 2,   /* result (valid during the callback only) */
  LB_EVENT_ERROR = 3     /* error (code from the host or the client) */
} lb_event_kind;

typedef struct lb_event {
  lb_event_kind kind;
  uint32_t call_id;
  double fraction;              /* PROGRESS: 0..1 */
  const char *stage;            /* PROGRESS: NUL-terminated, valid during the callback */
  const msgpack_object *result; /* RESULT: valid during the callback */
  lb_error error;               /* ERROR */
} lb_event;

typedef void (*lb_event_fn)(const lb_event *event, void *user);

/* ---- blocking calls ---------------------------------------------------------------- */
/* Calls METHOD with params (one packed msgpack array, or NULL/0 for no arguments) and
 * waits up to timeout_ms (<= 0: LB_DEFAULT_CALL_TIMEOUT_MS). Progress events go to
 * on_progress (may be NULL). On success *result holds the result; release it with
 * msgpack_unpacked_destroy (initialise it with msgpack_unpacked_init first). On timeout
 * the job is cancelled and LB_ERR_CLIENT_TIMEOUT returned. */
int lb_call(lb_client *client, const char *method, const void *params, size_t params_len,
            int timeout_ms, lb_event_fn on_progress, void *user, msgpack_unpacked *result,
            lb_error *err);

/* lb_call without a result value (for pings and benchmarks: no msgpack-c types in the
 * signature, so it is easy to reach through a foreign-function interface). */
int lb_call_discard(lb_client *client, const char *method, const void *params, size_t params_len,
                    int timeout_ms, lb_error *err);

/* ---- poll-friendly calls ----------------------------------------------------------- */
/* Sends the request and returns at once with its id (also the job id for job.cancel). */
int lb_call_start(lb_client *client, const char *method, const void *params,
                  size_t params_len, uint32_t *call_id, lb_error *err);

/* Waits up to timeout_ms (0 = do not block, < 0 = forever) for input, then delivers every
 * complete event to on_event. *delivered (may be NULL) gets the number of events.
 * A connection failure is returned as an error after failing every pending call with an
 * LB_EVENT_ERROR event. */
int lb_poll(lb_client *client, int timeout_ms, lb_event_fn on_event, void *user,
            int *delivered, lb_error *err);

/* Number of calls started and not yet answered. */
size_t lb_pending(const lb_client *client);

/* Asks the host to cancel a call started on this client; the call then ends with an
 * LB_EVENT_ERROR (LB_ERR_CANCELLED) or, if it had already finished, its result. */
int lb_cancel(lb_client *client, uint32_t call_id, lb_error *err);

/* ---- helpers ------------------------------------------------------------------------ */
/* "parse_error", "wrong_type", ... for a code (never NULL). */
const char *lb_error_name(int code);

#ifdef __cplusplus
}
#endif

#endif /* LUTBRIDGE_CLIENT_H */
