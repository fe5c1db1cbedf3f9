#include "look_bytes.h"

#include <string.h>

const char *lb_look_open(const void *bytes, size_t len, msgpack_unpacked *out) {
  size_t off = 0;
  if (msgpack_unpack_next(out, bytes, len, &off) != MSGPACK_UNPACK_SUCCESS) return "not msgpack";
  if (off != len) return "trailing bytes after the Look";
  const msgpack_object *o = &out->data;
  if (o->type != MSGPACK_OBJECT_ARRAY || o->via.array.size != 6) return "not a 6-item Look array";
  const msgpack_object *magic = &o->via.array.ptr[0];
  if (magic->type != MSGPACK_OBJECT_STR || magic->via.str.size != strlen(LB_LOOK_MAGIC) ||
      memcmp(magic->via.str.ptr, LB_LOOK_MAGIC, magic->via.str.size) != 0)
    return "wrong magic";
  const msgpack_object *version = &o->via.array.ptr[1];
  if (version->type != MSGPACK_OBJECT_POSITIVE_INTEGER || version->via.u64 < LB_LOOK_VERSION_MIN ||
      version->via.u64 > LB_LOOK_VERSION_MAX)
    return "unsupported Look version";
  const msgpack_object *map = &o->via.array.ptr[2];
  if (map->type != MSGPACK_OBJECT_MAP || map->via.map.size > LB_LOOK_MAX_PARAMS) return "parameter map missing or too large";
  for (uint32_t i = 0; i < map->via.map.size; i++) {
    const msgpack_object *k = &map->via.map.ptr[i].key, *v = &map->via.map.ptr[i].val;
    if (k->type != MSGPACK_OBJECT_POSITIVE_INTEGER) return "parameter index is not a non-negative integer";
    if (v->type != MSGPACK_OBJECT_POSITIVE_INTEGER && v->type != MSGPACK_OBJECT_NEGATIVE_INTEGER) return "parameter steps are not an integer";
    if (v->type == MSGPACK_OBJECT_POSITIVE_INTEGER && v->via.u64 > (uint64_t)INT64_MAX) return "parameter steps out of range";
  }
  return NULL;
}

const char *lb_look_repack(const msgpack_object *look, const lb_look_param *params, size_t count, msgpack_sbuffer *out) {
  msgpack_packer pk;
  msgpack_packer_init(&pk, out, msgpack_sbuffer_write);
  size_t changed = 0;
  for (size_t i = 0; i < count; i++) changed += params[i].steps != 0;
  if (msgpack_pack_array(&pk, 6) != 0 || msgpack_pack_object(&pk, look->via.array.ptr[0]) != 0 ||
      msgpack_pack_object(&pk, look->via.array.ptr[1]) != 0 || msgpack_pack_map(&pk, changed) != 0)
    return "out of memory";
  for (size_t i = 0; i < count; i++) {
    if (params[i].steps == 0) continue;
    if (msgpack_pack_int64(&pk, params[i].index) != 0 || msgpack_pack_int64(&pk, params[i].steps) != 0) return "out of memory";
  }
  for (uint32_t i = 3; i < 6; i++)
    if (msgpack_pack_object(&pk, look->via.array.ptr[i]) != 0) return "out of memory";
  return NULL;
}
