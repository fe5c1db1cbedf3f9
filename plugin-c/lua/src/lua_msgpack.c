#include "lua_msgpack.h"

#include <lauxlib.h>

#include "lutbridge/protocol.h"

/* Counts the entries of the table at idx into *len; true when its keys are exactly 1..n. */
static int is_sequence(lua_State *L, int idx, size_t *len) {
  const lua_Unsigned n = lua_rawlen(L, idx);
  size_t count = 0;
  int sequence = 1;
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    lua_pop(L, 1);
    count++;
    if (!lua_isinteger(L, -1)) { sequence = 0; continue; }
    const lua_Integer k = lua_tointeger(L, -1);
    if (k < 1 || (lua_Unsigned)k > n) sequence = 0;
  }
  *len = count;
  return sequence && n > 0 && count == n;
}

void lb_lua_pack(lua_State *L, int idx, msgpack_packer *pk, int depth) {
  idx = lua_absindex(L, idx);
  if (depth > LB_MAX_DEPTH) luaL_error(L, "lutbridge: value nested deeper than %d", LB_MAX_DEPTH);
  luaL_checkstack(L, 4, "lutbridge: value too deep");
  switch (lua_type(L, idx)) {
    case LUA_TNIL: msgpack_pack_nil(pk); return;
    case LUA_TBOOLEAN:
      if (lua_toboolean(L, idx)) msgpack_pack_true(pk); else msgpack_pack_false(pk);
      return;
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) msgpack_pack_int64(pk, (int64_t)lua_tointeger(L, idx));
      else msgpack_pack_double(pk, (double)lua_tonumber(L, idx));
      return;
    case LUA_TSTRING: {
      size_t len;
      const char *s = lua_tolstring(L, idx, &len);
      if (len > LB_MAX_STRING_BYTES) luaL_error(L, "lutbridge: string of %d bytes exceeds the limit", (int)len);
      msgpack_pack_str(pk, len);
      msgpack_pack_str_body(pk, s, len);
      return;
    }
    case LUA_TTABLE: {
      if (lua_getmetatable(L, idx)) {
        luaL_getmetatable(L, LB_LUA_BIN_MT);
        const int bin = lua_rawequal(L, -1, -2);
        lua_pop(L, 2);
        if (bin) {
          lua_rawgeti(L, idx, 1);
          size_t len;
          const char *s = lua_tolstring(L, -1, &len);
          if (s == NULL) luaL_error(L, "lutbridge: bin value holds no string");
          if (len > LB_MAX_STRING_BYTES) luaL_error(L, "lutbridge: bin of %d bytes exceeds the limit", (int)len);
          msgpack_pack_bin(pk, len);
          msgpack_pack_bin_body(pk, s, len);
          lua_pop(L, 1);
          return;
        }
      }
      size_t n = 0;
      if (is_sequence(L, idx, &n)) {
        msgpack_pack_array(pk, n);
        for (size_t i = 1; i <= n; i++) {
          lua_rawgeti(L, idx, (lua_Integer)i);
          lb_lua_pack(L, -1, pk, depth + 1);
          lua_pop(L, 1);
        }
        return;
      }
      if (n > LB_MAX_CONTAINER_ITEMS) luaL_error(L, "lutbridge: table too large");
      msgpack_pack_map(pk, n);
      lua_pushnil(L);
      while (lua_next(L, idx) != 0) {
        lb_lua_pack(L, -2, pk, depth + 1);
        lb_lua_pack(L, -1, pk, depth + 1);
        lua_pop(L, 1);
      }
      return;
    }
    default:
      luaL_error(L, "lutbridge: cannot send a %s to the host", luaL_typename(L, idx));
  }
}

int lb_lua_push_object(lua_State *L, const msgpack_object *o, int depth) {
  if (depth > LB_MAX_DEPTH || !lua_checkstack(L, 3)) return -1;
  switch (o->type) {
    case MSGPACK_OBJECT_NIL: lua_pushnil(L); return 0;
    case MSGPACK_OBJECT_BOOLEAN: lua_pushboolean(L, o->via.boolean); return 0;
    case MSGPACK_OBJECT_POSITIVE_INTEGER:
      if (o->via.u64 > (uint64_t)LUA_MAXINTEGER) lua_pushnumber(L, (lua_Number)o->via.u64);
      else lua_pushinteger(L, (lua_Integer)o->via.u64);
      return 0;
    case MSGPACK_OBJECT_NEGATIVE_INTEGER: lua_pushinteger(L, (lua_Integer)o->via.i64); return 0;
    case MSGPACK_OBJECT_FLOAT32:
    case MSGPACK_OBJECT_FLOAT64: lua_pushnumber(L, (lua_Number)o->via.f64); return 0;
    case MSGPACK_OBJECT_STR: lua_pushlstring(L, o->via.str.ptr, o->via.str.size); return 0;
    case MSGPACK_OBJECT_BIN: lua_pushlstring(L, o->via.bin.ptr, o->via.bin.size); return 0;
    case MSGPACK_OBJECT_EXT: lua_pushlstring(L, o->via.ext.ptr, o->via.ext.size); return 0;
    case MSGPACK_OBJECT_ARRAY:
      lua_createtable(L, (int)(o->via.array.size > 1024 ? 1024 : o->via.array.size), 0);
      for (uint32_t i = 0; i < o->via.array.size; i++) {
        if (lb_lua_push_object(L, &o->via.array.ptr[i], depth + 1) != 0) { lua_pop(L, 1); return -1; }
        lua_rawseti(L, -2, (lua_Integer)i + 1);
      }
      return 0;
    case MSGPACK_OBJECT_MAP:
      lua_createtable(L, 0, (int)(o->via.map.size > 1024 ? 1024 : o->via.map.size));
      for (uint32_t i = 0; i < o->via.map.size; i++) {
        if (lb_lua_push_object(L, &o->via.map.ptr[i].key, depth + 1) != 0) { lua_pop(L, 1); return -1; }
        if (lua_isnil(L, -1) || (lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) != lua_tonumber(L, -1))) {
          lua_pop(L, 1); /* nil and NaN keys cannot exist in Lua */
          continue;
        }
        if (lb_lua_push_object(L, &o->via.map.ptr[i].val, depth + 1) != 0) { lua_pop(L, 2); return -1; }
        lua_rawset(L, -3);
      }
      return 0;
  }
  return -1;
}
