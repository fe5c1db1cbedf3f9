#include "look_bytes.h"

#include <string.h>

#include "range_coding.h"

const char *lb_look_open(const void *bytes, size_t len, msgpack_unpacked *out) {
  size_t off = 0;
  if (msgpack_unpack_next(out, bytes, len, &off) != MSGPACK_UNPACK_SUCCESS) return "not msgpack";
  if (off != len) return "trailing bytes after the Look";
  const msgpack_object *o = &out->data;
  if (o->type != MSGPACK_OBJECT_ARRAY || (o->via.array.size != 6 && o->via.array.size != 7)) return "not a 6- or 7-item Look array";
  const msgpack_object *magic = &o->via.array.ptr[0];
  if (magic->type != MSGPACK_OBJECT_STR || magic->via.str.size != strlen(LB_LOOK_FORMAT_MAGIC) ||
      memcmp(magic->via.str.ptr, LB_LOOK_FORMAT_MAGIC, magic->via.str.size) != 0)
    return "wrong magic";
  const msgpack_object *version = &o->via.array.ptr[1];
  if (version->type != MSGPACK_OBJECT_POSITIVE_INTEGER || version->via.u64 < LB_LOOK_VERSION_MIN ||
      version->via.u64 > LB_LOOK_VERSION_MAX)
    return "unsupported Look version";
  if ((o->via.array.size == 7) != (version->via.u64 == LB_LOOK_CAMERA_STAGE_VERSION))
    return "a Look has 7 items in version 6 (its camera stage) and 6 otherwise";
  const msgpack_object *map = &o->via.array.ptr[2];
  if (version->via.u64 >= 4 && map->type == MSGPACK_OBJECT_BIN) return NULL; /* range-coded steps, read by lb_look_read_params */
  if (map->type != MSGPACK_OBJECT_MAP || map->via.map.size > LB_LOOK_MAX_PARAMS) return "parameter map missing or too large";
  for (uint32_t i = 0; i < map->via.map.size; i++) {
    const msgpack_object *k = &map->via.map.ptr[i].key, *v = &map->via.map.ptr[i].val;
    if (k->type != MSGPACK_OBJECT_POSITIVE_INTEGER) return "parameter index is not a non-negative integer";
    if (v->type != MSGPACK_OBJECT_POSITIVE_INTEGER && v->type != MSGPACK_OBJECT_NEGATIVE_INTEGER) return "parameter steps are not an integer";
    if (v->type == MSGPACK_OBJECT_POSITIVE_INTEGER && v->via.u64 > (uint64_t)INT64_MAX) return "parameter steps out of range";
  }
  return NULL;
}

/* Steps per index of an {index: steps} map, or of version 4's range-coded steps, into steps[]
 * (indices checked < LB_LOOK_MAX_PARAMS). */
static const char *read_steps(const msgpack_object *map, int64_t steps[LB_LOOK_MAX_PARAMS]) {
  if (map->type == MSGPACK_OBJECT_BIN) {
    int64_t coded[LB_LOOK_PARAM_COUNT];
    if (lb_look_decode_param_steps((const uint8_t *)map->via.bin.ptr, map->via.bin.size, LB_LOOK_PARAM_COUNT, coded) != LB_DETAILS_OK)
      return "the range-coded slider steps are damaged";
    for (int i = 0; i < LB_LOOK_PARAM_COUNT; i++) steps[i] += coded[i];
    return NULL;
  }
  if (map->type != MSGPACK_OBJECT_MAP || map->via.map.size > LB_LOOK_MAX_PARAMS) return "not a map of slider steps";
  for (uint32_t i = 0; i < map->via.map.size; i++) {
    const msgpack_object *k = &map->via.map.ptr[i].key, *v = &map->via.map.ptr[i].val;
    if (k->type != MSGPACK_OBJECT_POSITIVE_INTEGER || k->via.u64 >= LB_LOOK_MAX_PARAMS) return "slider index out of range";
    if (v->type == MSGPACK_OBJECT_NEGATIVE_INTEGER) steps[k->via.u64] = v->via.i64;
    else if (v->type == MSGPACK_OBJECT_POSITIVE_INTEGER && v->via.u64 <= (uint64_t)INT32_MAX) steps[k->via.u64] = (int64_t)v->via.u64;
    else return "slider steps are not a 32-bit integer";
    if (steps[k->via.u64] < INT32_MIN) return "slider steps are not a 32-bit integer";
  }
  return NULL;
}

const char *lb_look_read_params(const msgpack_object *look, int64_t steps[LB_LOOK_MAX_PARAMS]) {
  memset(steps, 0, LB_LOOK_MAX_PARAMS * sizeof *steps);
  return read_steps(&look->via.array.ptr[2], steps);
}

const char *lb_look_repack(const msgpack_object *look, const lb_look_param *params, size_t count, msgpack_sbuffer *out) {
  int64_t before[LB_LOOK_MAX_PARAMS], after[LB_LOOK_MAX_PARAMS], anchor[LB_LOOK_MAX_PARAMS]; /* 24 KB of stack */
  const msgpack_object *residual = &look->via.array.ptr[4];
  const int anchored = residual->type == MSGPACK_OBJECT_ARRAY && residual->via.array.size == 5;
  if (anchored) {
    /* anchor = old parameters + old differences; the new differences are anchor - new parameters. */
    memset(before, 0, sizeof before);
    memset(after, 0, sizeof after);
    const char *problem = read_steps(&look->via.array.ptr[2], before);
    if (problem) return problem;
    memcpy(anchor, before, sizeof anchor);
    int64_t delta[LB_LOOK_MAX_PARAMS] = {0};
    problem = read_steps(&residual->via.array.ptr[4], delta);
    if (problem) return problem;
    for (size_t i = 0; i < LB_LOOK_MAX_PARAMS; i++) anchor[i] += delta[i];
    for (size_t i = 0; i < count; i++)
      if (params[i].index >= 0 && params[i].index < LB_LOOK_MAX_PARAMS) after[params[i].index] = params[i].steps;
  }
  msgpack_packer pk;
  msgpack_packer_init(&pk, out, msgpack_sbuffer_write);
  size_t changed = 0;
  for (size_t i = 0; i < count; i++) changed += params[i].steps != 0;
  const uint32_t items = look->via.array.size; /* 7 in version 6: the camera stage is copied as is */
  if (msgpack_pack_array(&pk, items) != 0 || msgpack_pack_object(&pk, look->via.array.ptr[0]) != 0 ||
      msgpack_pack_object(&pk, look->via.array.ptr[1]) != 0 || msgpack_pack_map(&pk, changed) != 0)
    return "out of memory";
  for (size_t i = 0; i < count; i++) {
    if (params[i].steps == 0) continue;
    if (msgpack_pack_int64(&pk, params[i].index) != 0 || msgpack_pack_int64(&pk, params[i].steps) != 0) return "out of memory";
  }
  if (!anchored) {
    if (msgpack_pack_object(&pk, look->via.array.ptr[3]) != 0 || msgpack_pack_object(&pk, *residual) != 0) return "out of memory";
  } else {
    size_t moved = 0;
    for (size_t i = 0; i < LB_LOOK_MAX_PARAMS; i++) moved += i != LB_LOOK_STRENGTH_INDEX && anchor[i] != after[i];
    if (msgpack_pack_object(&pk, look->via.array.ptr[3]) != 0 || msgpack_pack_array(&pk, 5) != 0) return "out of memory";
    for (uint32_t i = 0; i < 4; i++)
      if (msgpack_pack_object(&pk, residual->via.array.ptr[i]) != 0) return "out of memory";
    if (msgpack_pack_map(&pk, moved) != 0) return "out of memory";
    for (size_t i = 0; i < LB_LOOK_MAX_PARAMS; i++) {
      if (i == LB_LOOK_STRENGTH_INDEX || anchor[i] == after[i]) continue;
      if (msgpack_pack_int64(&pk, (int64_t)i) != 0 || msgpack_pack_int64(&pk, anchor[i] - after[i]) != 0) return "out of memory";
    }
  }
  for (uint32_t i = 5; i < items; i++)
    if (msgpack_pack_object(&pk, look->via.array.ptr[i]) != 0) return "out of memory";
  return NULL;
}
