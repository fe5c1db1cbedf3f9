/* Converts between Lua values and msgpack for the Lua module. */
#ifndef LUTBRIDGE_LUA_MSGPACK_H
#define LUTBRIDGE_LUA_MSGPACK_H

#include <lua.h>
#include <msgpack.h>

/* Registry name of the metatable that marks a table {bytes} as msgpack bin (lutbridge.bin). */
#define LB_LUA_BIN_MT "lutbridge.bin"

/* Packs the Lua value at idx. Tables with keys 1..n only become arrays, others maps (empty
 * tables are maps); strings are str unless wrapped by lutbridge.bin. Raises a Lua error on
 * values msgpack cannot carry (functions, userdata, nesting deeper than LB_MAX_DEPTH). */
void lb_lua_pack(lua_State *L, int idx, msgpack_packer *pk, int depth);

/* Pushes obj as a Lua value: str and bin become strings, arrays 1-based tables, nil nil.
 * Returns 0, or -1 (nothing pushed) when the Lua stack cannot grow or nesting is too deep. */
int lb_lua_push_object(lua_State *L, const msgpack_object *obj, int depth);

#endif
