/* Decoding of the host's messages into lb_message: shape checks only, no allocation. */
#include <string.h>

#include "frame_scan.h"
#include "internal.h"

static int is_uint(const msgpack_object *o) { return o->type == MSGPACK_OBJECT_POSITIVE_INTEGER; }
static int is_int(const msgpack_object *o) {
  return o->type == MSGPACK_OBJECT_POSITIVE_INTEGER || o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER;
}
static int str_eq(const msgpack_object *o, const char *s) {
  const size_t n = strlen(s);
  return o->type == MSGPACK_OBJECT_STR && o->via.str.size == n && memcmp(o->via.str.ptr, s, n) == 0;
}

/* The value under key in a map with string keys, or NULL. */
static const msgpack_object *map_get(const msgpack_object *map, const char *key) {
  for (uint32_t i = 0; i < map->via.map.size; i++)
    if (str_eq(&map->via.map.ptr[i].key, key)) return &map->via.map.ptr[i].val;
  return NULL;
}

static int as_double(const msgpack_object *o, double *out) {
  switch (o->type) {
    case MSGPACK_OBJECT_FLOAT32:
    case MSGPACK_OBJECT_FLOAT64: *out = o->via.f64; return 1;
    case MSGPACK_OBJECT_POSITIVE_INTEGER: *out = (double)o->via.u64; return 1;
    case MSGPACK_OBJECT_NEGATIVE_INTEGER: *out = (double)o->via.i64; return 1;
    default: return 0;
  }
}

static int decode_error(const msgpack_object *e, lb_message *out, lb_error *err) {
  if (e->type != MSGPACK_OBJECT_MAP) return lb_fail(err, LB_ERR_CLIENT_PROTOCOL, "response error is not a map");
  const msgpack_object *code = map_get(e, "code");
  const msgpack_object *message = map_get(e, "message");
  if (code == NULL || !is_int(code)) return lb_fail(err, LB_ERR_CLIENT_PROTOCOL, "response error has no integer code");
  if (message == NULL || message->type != MSGPACK_OBJECT_STR)
    return lb_fail(err, LB_ERR_CLIENT_PROTOCOL, "response error has no message string");
  const int64_t c = code->type == MSGPACK_OBJECT_POSITIVE_INTEGER ? (code->via.u64 > 1000000 ? -1 : (int64_t)code->via.u64)
                                                                  : code->via.i64;
  /* A host never sends 0 or a client-side code; keep whatever it sent visible but nonzero. */
  out->error_code = (c <= 0 || c > 1000000) ? LB_ERR_INTERNAL : (int)c;
  out->error_message = message->via.str.ptr;
  out->error_message_len = message->via.str.size;
  return LB_OK;
}

static int decode_progress(const msgpack_object *params, lb_message *out, lb_error *err) {
  /* The params are the map itself; a one-element array around it is accepted too. */
  const msgpack_object *p = params;
  if (p->type == MSGPACK_OBJECT_ARRAY && p->via.array.size == 1) p = &p->via.array.ptr[0];
  if (p->type != MSGPACK_OBJECT_MAP) return lb_fail(err, LB_ERR_CLIENT_PROTOCOL, "progress params are not a map");
  const msgpack_object *job = map_get(p, "job");
  const msgpack_object *fraction = map_get(p, "fraction");
  const msgpack_object *stage = map_get(p, "stage");
  if (job == NULL || !is_uint(job) || job->via.u64 > UINT32_MAX)
    return lb_fail(err, LB_ERR_CLIENT_PROTOCOL, "progress has no valid job id");
  double f = 0;
  if (fraction == NULL || !as_double(fraction, &f) || !(f >= 0.0 && f <= 1.0))
    return lb_fail(err, LB_ERR_CLIENT_PROTOCOL, "progress fraction is not a number in [0, 1]");
  out->kind = LB_MSG_KIND_PROGRESS;
  out->msgid = (uint32_t)job->via.u64;
  out->fraction = f;
  if (stage != NULL && stage->type == MSGPACK_OBJECT_STR) {
    out->stage = stage->via.str.ptr;
    out->stage_len = stage->via.str.size;
  } else {
    out->stage = "";
    out->stage_len = 0;
  }
  return LB_OK;
}

int lb_decode_message(const msgpack_object *obj, lb_message *out, lb_error *err) {
  memset(out, 0, sizeof *out);
  if (obj->type != MSGPACK_OBJECT_ARRAY || obj->via.array.size < 3)
    return lb_fail(err, LB_ERR_CLIENT_PROTOCOL, "message is not a msgpack-rpc array");
  const msgpack_object *a = obj->via.array.ptr;
  const uint32_t n = obj->via.array.size;
  if (!is_uint(&a[0])) return lb_fail(err, LB_ERR_CLIENT_PROTOCOL, "message type is not an integer");
  if (a[0].via.u64 == LB_MSG_RESPONSE) {
    if (n != 4) return lb_fail(err, LB_ERR_CLIENT_PROTOCOL, "response is not a 4-element array");
    if (!is_uint(&a[1]) || a[1].via.u64 > UINT32_MAX)
      return lb_fail(err, LB_ERR_CLIENT_PROTOCOL, "response msgid is not a 32-bit unsigned integer");
    out->kind = LB_MSG_KIND_RESPONSE;
    out->msgid = (uint32_t)a[1].via.u64;
    if (a[2].type != MSGPACK_OBJECT_NIL) return decode_error(&a[2], out, err);
    out->result = &a[3];
    return LB_OK;
  }
  if (a[0].via.u64 == LB_MSG_NOTIFICATION) {
    if (n != 3) return lb_fail(err, LB_ERR_CLIENT_PROTOCOL, "notification is not a 3-element array");
    if (a[1].type != MSGPACK_OBJECT_STR) return lb_fail(err, LB_ERR_CLIENT_PROTOCOL, "notification method is not a string");
    if (str_eq(&a[1], "progress")) return decode_progress(&a[2], out, err);
    out->kind = LB_MSG_KIND_OTHER;
    return LB_OK;
  }
  return lb_fail(err, LB_ERR_CLIENT_PROTOCOL, "unexpected message type %llu from the host",
                 (unsigned long long)a[0].via.u64);
}

int lb_check_params(const void *params, size_t len, lb_error *err) {
  const uint8_t *p = params;
  if (len == 0 || p == NULL) return lb_fail(err, LB_ERR_CLIENT_USAGE, "params are empty");
  if (!((p[0] >= 0x90 && p[0] <= 0x9f) || p[0] == 0xdc || p[0] == 0xdd))
    return lb_fail(err, LB_ERR_CLIENT_USAGE, "params must be one msgpack array");
  lb_scanner s;
  lb_scanner_reset(&s);
  size_t n = 0;
  switch (lb_scan(&s, p, len, &n)) {
    case LB_SCAN_DONE:
      if (n != len) return lb_fail(err, LB_ERR_CLIENT_USAGE, "params hold more than one msgpack value");
      return LB_OK;
    case LB_SCAN_NEED_MORE: return lb_fail(err, LB_ERR_CLIENT_USAGE, "params are truncated msgpack");
    case LB_SCAN_TOO_LARGE: return lb_fail(err, LB_ERR_TOO_LARGE, "params exceed the protocol limits");
    case LB_SCAN_TOO_DEEP: return lb_fail(err, LB_ERR_TOO_DEEP, "params nest deeper than %d", LB_MAX_DEPTH);
    default: return lb_fail(err, LB_ERR_CLIENT_USAGE, "params are not valid msgpack");
  }
}
