/* Shared by the client's source files; not installed. */
#ifndef LUTBRIDGE_CLIENT_INTERNAL_H
#define LUTBRIDGE_CLIENT_INTERNAL_H

#include <stdarg.h>

#include "lutbridge/client.h"

/* Fills err (when not NULL) and returns code. */
int lb_fail(lb_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* One decoded incoming message. Pointers refer into the msgpack object it came from. */
typedef enum lb_msg_kind { LB_MSG_KIND_RESPONSE = 1, LB_MSG_KIND_PROGRESS = 2, LB_MSG_KIND_OTHER = 3 } lb_msg_kind;

typedef struct lb_message {
  lb_msg_kind kind;
  uint32_t msgid;                /* RESPONSE; PROGRESS: the job */
  int error_code;                /* RESPONSE: 0 or the error code */
  const char *error_message;     /* RESPONSE with error: not NUL-terminated */
  uint32_t error_message_len;
  const msgpack_object *result;  /* RESPONSE without error */
  double fraction;               /* PROGRESS */
  const char *stage;             /* PROGRESS: not NUL-terminated */
  uint32_t stage_len;
} lb_message;

/* Classifies one message from the host: a response, a progress notification, or another
 * notification (ignored). Anything else: LB_ERR_CLIENT_PROTOCOL with a reason. */
int lb_decode_message(const msgpack_object *obj, lb_message *out, lb_error *err);

/* Checks that bytes hold exactly one msgpack array (the params of a call). */
int lb_check_params(const void *params, size_t len, lb_error *err);

/* Starts `host_cmd serve --socket path` detached from the caller (its own session, output
 * to path + ".log"); fails when the command cannot be executed. */
int lb_spawn_host(const char *host_cmd, const char *socket_path, lb_error *err);

#endif
