/*
 * JSON for the lutbridge-c command: its params and results are JSON text on the command line
 * and stdout. msgpack bin maps to {"$base64": "..."} and ext to {"$ext": type, "$base64": "..."},
 * both ways; everything is bounded by the limits in protocol.h. The client library itself
 * speaks msgpack only.
 */
#ifndef LUTBRIDGE_CLI_JSON_H
#define LUTBRIDGE_CLI_JSON_H

#include <msgpack.h>

#include "lutbridge/client.h"

/* Packs one JSON value (the whole text, surrounding whitespace allowed) into *out
 * (an initialised msgpack_sbuffer; bytes are appended). */
int lb_json_to_msgpack(const char *json, size_t len, msgpack_sbuffer *out, lb_error *err);

/* Renders a msgpack object as JSON; *json is malloc'd and NUL-terminated. Map keys must
 * be strings; NaN and infinities become null. */
int lb_msgpack_to_json(const msgpack_object *obj, char **json, lb_error *err);

/* lb_call with JSON: params_json is a JSON array (NULL = []); *result_json is a malloc'd
 * NUL-terminated JSON text the caller frees. */
int lb_call_json(lb_client *client, const char *method, const char *params_json,
                 int timeout_ms, lb_event_fn on_progress, void *user, char **result_json,
                 lb_error *err);

#endif
