/*
 * lutbridge.so: the Lua C module darktable loads with `require "lutbridge"` — LutBridge's
 * thin plugin inside darktable's process. Nothing here blocks for long:
 *   lutbridge.connect{...}     starts connecting on a background thread (the host may need
 *                              seconds to start); returns a connector at once
 *   connector:poll()           -> client | nil (still connecting) | false, message
 *   client:start(method, ...)  sends a call, returns its id at once
 *   client:poll(timeout_ms)    -> list of events {kind, id, fraction, stage, result, code, message}
 *   client:cancel(id), client:pending(), client:close()
 *   client:call(method, ...)   blocking convenience for scripts and tests (never from the GUI)
 * plus pure helpers for the panel: bin, look_values, look_set, look_from_cube_text,
 * lut3d_params_hex, base64, hash; and, inside darktable only, hooks on the GTK widgets behind
 * its Lua widgets (gtk_hooks.h): watch_slider, slider_changes, wrap_label, fix_width, lut_filter,
 * and live_lut3d/live_state (the darkroom image's lut3d follows the panel).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "base64.h"
#include "gtk_hooks.h"
#include "look_bytes.h"
#include "lua_msgpack.h"
#include "lut3d_params.h"
#include "lutbridge/client.h"

#define CLIENT_MT "lutbridge.client"
#define CONNECTOR_MT "lutbridge.connector"
#define MAX_POLL_TIMEOUT_MS 60000

/* ---- connector: lb_connect on a background thread ---------------------------------- */
typedef struct connector {
  pthread_mutex_t lock;
  pthread_t thread;
  int mutex_ok, started, done, joined, rc;
  lb_options opts;
  char *socket_path, *host_cmd;
  lb_client *client; /* handed to Lua once, then NULL */
  lb_error err;
} connector;

static void *connect_main(void *arg) {
  connector *c = arg;
  lb_client *client = NULL;
  lb_error err = {0, ""};
  const int rc = lb_connect(&c->opts, &client, &err);
  pthread_mutex_lock(&c->lock);
  c->rc = rc;
  c->client = client;
  c->err = err;
  c->done = 1;
  pthread_mutex_unlock(&c->lock);
  return NULL;
}

static char *dup_opt_string(lua_State *L, int table, const char *key) {
  lua_getfield(L, table, key);
  char *copy = NULL;
  if (!lua_isnil(L, -1)) {
    size_t len;
    const char *s = luaL_checklstring(L, -1, &len);
    if (len > 4096 || memchr(s, '\0', len)) luaL_error(L, "lutbridge.connect: %s is too long or holds NUL", key);
    copy = malloc(len + 1);
    if (!copy) luaL_error(L, "lutbridge.connect: out of memory");
    memcpy(copy, s, len + 1);
  }
  lua_pop(L, 1);
  return copy;
}

static int l_connect(lua_State *L) {
  if (!lua_isnoneornil(L, 1)) luaL_checktype(L, 1, LUA_TTABLE);
  connector *c = lua_newuserdatauv(L, sizeof *c, 0);
  memset(c, 0, sizeof *c);
  luaL_setmetatable(L, CONNECTOR_MT); /* __gc joins the thread even if setup below fails */
  if (pthread_mutex_init(&c->lock, NULL) != 0) return luaL_error(L, "lutbridge.connect: mutex init failed");
  c->mutex_ok = 1;
  lb_options_init(&c->opts);
  if (lua_istable(L, 1)) {
    c->socket_path = dup_opt_string(L, 1, "socket");
    c->host_cmd = dup_opt_string(L, 1, "host_cmd");
    lua_getfield(L, 1, "autostart");
    if (!lua_isnil(L, -1)) c->opts.autostart = lua_toboolean(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, 1, "start_timeout_ms");
    if (!lua_isnil(L, -1)) {
      const lua_Integer ms = luaL_checkinteger(L, -1);
      if (ms < 0 || ms > 600000) return luaL_error(L, "lutbridge.connect: start_timeout_ms must be 0..600000");
      c->opts.start_timeout_ms = (int)ms;
    }
    lua_pop(L, 1);
  }
  c->opts.socket_path = c->socket_path;
  c->opts.host_cmd = c->host_cmd;
  const int rc = pthread_create(&c->thread, NULL, connect_main, c);
  if (rc != 0) return luaL_error(L, "lutbridge.connect: cannot start a thread: %s", strerror(rc));
  c->started = 1;
  return 1;
}

static void push_client(lua_State *L, lb_client *client) {
  lb_client **ud = lua_newuserdatauv(L, sizeof *ud, 0);
  *ud = client;
  luaL_setmetatable(L, CLIENT_MT);
}

static int connector_poll(lua_State *L) {
  connector *c = luaL_checkudata(L, 1, CONNECTOR_MT);
  pthread_mutex_lock(&c->lock);
  const int done = c->done;
  pthread_mutex_unlock(&c->lock);
  if (!done) { lua_pushnil(L); return 1; }
  if (!c->joined) { pthread_join(c->thread, NULL); c->joined = 1; }
  if (c->rc != LB_OK) {
    lua_pushboolean(L, 0);
    lua_pushstring(L, c->err.message);
    return 2;
  }
  if (c->client == NULL) return luaL_error(L, "lutbridge: this connector's client was already taken");
  push_client(L, c->client);
  c->client = NULL;
  return 1;
}

static int connector_gc(lua_State *L) {
  connector *c = luaL_checkudata(L, 1, CONNECTOR_MT);
  if (c->started && !c->joined) { pthread_join(c->thread, NULL); c->joined = 1; }
  if (c->client) { lb_close(c->client); c->client = NULL; }
  free(c->socket_path);
  free(c->host_cmd);
  c->socket_path = c->host_cmd = NULL;
  if (c->mutex_ok) pthread_mutex_destroy(&c->lock);
  c->mutex_ok = 0;
  c->started = 0;
  return 0;
}

/* ---- client ------------------------------------------------------------------------- */
static lb_client *check_client(lua_State *L) {
  lb_client **ud = luaL_checkudata(L, 1, CLIENT_MT);
  if (*ud == NULL) luaL_error(L, "lutbridge: the client is closed");
  return *ud;
}

#define SBUFFER_MT "lutbridge.sbuffer"

static int sbuffer_gc(lua_State *L) {
  msgpack_sbuffer *buf = luaL_checkudata(L, 1, SBUFFER_MT);
  msgpack_sbuffer_destroy(buf);
  msgpack_sbuffer_init(buf);
  return 0;
}

/* A msgpack_sbuffer owned by Lua (freed by __gc even when packing raises an error). */
static msgpack_sbuffer *new_sbuffer(lua_State *L) {
  msgpack_sbuffer *buf = lua_newuserdatauv(L, sizeof *buf, 0);
  msgpack_sbuffer_init(buf);
  luaL_setmetatable(L, SBUFFER_MT);
  return buf;
}

/* Packs arguments first..last into one msgpack array. */
static void pack_params(lua_State *L, int first, int last, msgpack_sbuffer *buf) {
  msgpack_packer pk;
  msgpack_packer_init(&pk, buf, msgpack_sbuffer_write);
  const int top = last;
  msgpack_pack_array(&pk, (size_t)(top >= first ? top - first + 1 : 0));
  for (int i = first; i <= top; i++) lb_lua_pack(L, i, &pk, 2);
}

static int client_start(lua_State *L) {
  lb_client *client = check_client(L);
  const char *method = luaL_checkstring(L, 2);
  const int last = lua_gettop(L);
  msgpack_sbuffer *buf = new_sbuffer(L);
  pack_params(L, 3, last, buf);
  uint32_t id = 0;
  lb_error err;
  const int rc = lb_call_start(client, method, buf->data, buf->size, &id, &err);
  if (rc != LB_OK) { lua_pushnil(L); lua_pushstring(L, err.message); return 2; }
  lua_pushinteger(L, id);
  return 1;
}

typedef struct poll_ctx { lua_State *L; int list; int n; int failed; } poll_ctx;

static void set_str(lua_State *L, const char *key, const char *value) {
  lua_pushstring(L, value);
  lua_setfield(L, -2, key);
}

static void on_event(const lb_event *ev, void *user) {
  poll_ctx *ctx = user;
  lua_State *L = ctx->L;
  if (!lua_checkstack(L, 4)) { ctx->failed = 1; return; }
  lua_createtable(L, 0, 6);
  lua_pushinteger(L, ev->call_id);
  lua_setfield(L, -2, "id");
  switch (ev->kind) {
    case LB_EVENT_PROGRESS:
      set_str(L, "kind", "progress");
      lua_pushnumber(L, ev->fraction);
      lua_setfield(L, -2, "fraction");
      set_str(L, "stage", ev->stage ? ev->stage : "");
      break;
    case LB_EVENT_RESULT:
      set_str(L, "kind", "result");
      if (lb_lua_push_object(L, ev->result, 1) != 0) {
        set_str(L, "kind", "error");
        set_str(L, "message", "result too deep for Lua");
        break;
      }
      lua_setfield(L, -2, "result");
      break;
    case LB_EVENT_ERROR:
      set_str(L, "kind", "error");
      lua_pushinteger(L, ev->error.code);
      lua_setfield(L, -2, "code");
      set_str(L, "name", lb_error_name(ev->error.code));
      set_str(L, "message", ev->error.message);
      break;
  }
  lua_rawseti(L, ctx->list, ++ctx->n);
}

static int client_poll(lua_State *L) {
  lb_client *client = check_client(L);
  const lua_Integer timeout = luaL_optinteger(L, 2, 0);
  if (timeout < -1 || timeout > MAX_POLL_TIMEOUT_MS) return luaL_error(L, "lutbridge: poll timeout must be -1..%d ms", MAX_POLL_TIMEOUT_MS);
  lua_newtable(L);
  poll_ctx ctx = {L, lua_gettop(L), 0, 0};
  lb_error err;
  const int rc = lb_poll(client, (int)timeout, on_event, &ctx, NULL, &err);
  if (ctx.failed) return luaL_error(L, "lutbridge: Lua stack exhausted while delivering events");
  if (rc != LB_OK) { lua_pushstring(L, err.message); return 2; }
  return 1;
}

static int client_cancel(lua_State *L) {
  lb_client *client = check_client(L);
  const lua_Integer id = luaL_checkinteger(L, 2);
  if (id < 0 || id > (lua_Integer)UINT32_MAX) return luaL_error(L, "lutbridge: call id out of range");
  lb_error err;
  if (lb_cancel(client, (uint32_t)id, &err) != LB_OK) { lua_pushboolean(L, 0); lua_pushstring(L, err.message); return 2; }
  lua_pushboolean(L, 1);
  return 1;
}

static int client_pending(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)lb_pending(check_client(L)));
  return 1;
}

static int client_fd(lua_State *L) {
  lua_pushinteger(L, lb_fd(check_client(L)));
  return 1;
}

static int client_call(lua_State *L) {
  lb_client *client = check_client(L);
  const char *method = luaL_checkstring(L, 2);
  const int last = lua_gettop(L);
  msgpack_sbuffer *buf = new_sbuffer(L);
  pack_params(L, 3, last, buf);
  msgpack_unpacked result;
  msgpack_unpacked_init(&result);
  lb_error err;
  const int rc = lb_call(client, method, buf->data, buf->size, 0, NULL, NULL, &result, &err);
  if (rc != LB_OK) {
    msgpack_unpacked_destroy(&result);
    lua_pushnil(L);
    lua_pushstring(L, err.message);
    return 2;
  }
  const int pushed = lb_lua_push_object(L, &result.data, 1);
  msgpack_unpacked_destroy(&result);
  if (pushed != 0) return luaL_error(L, "lutbridge: result too deep for Lua");
  return 1;
}

static int client_close(lua_State *L) {
  lb_client **ud = luaL_checkudata(L, 1, CLIENT_MT);
  lb_close(*ud);
  *ud = NULL;
  return 0;
}

/* ---- pure helpers -------------------------------------------------------------------- */
static int l_bin(lua_State *L) {
  luaL_checktype(L, 1, LUA_TSTRING);
  lua_createtable(L, 1, 0);
  lua_pushvalue(L, 1);
  lua_rawseti(L, -2, 1);
  luaL_setmetatable(L, LB_LUA_BIN_MT);
  return 1;
}

static int l_look_values(lua_State *L) {
  size_t len;
  const char *bytes = luaL_checklstring(L, 1, &len);
  msgpack_unpacked look;
  msgpack_unpacked_init(&look);
  const char *problem = lb_look_open(bytes, len, &look);
  if (problem) { msgpack_unpacked_destroy(&look); return luaL_error(L, "lutbridge: not a Look: %s", problem); }
  static int64_t steps[LB_LOOK_MAX_PARAMS]; /* the Lua state is single-threaded; keeps 8 KB off the stack */
  problem = lb_look_read_params(&look.data, steps);
  if (problem) { msgpack_unpacked_destroy(&look); return luaL_error(L, "lutbridge: not a Look: %s", problem); }
  lua_createtable(L, 0, 0);
  for (int i = 0; i < LB_LOOK_MAX_PARAMS; i++) {
    if (steps[i] == 0) continue;
    lua_pushinteger(L, (lua_Integer)i);
    lua_pushinteger(L, (lua_Integer)steps[i]);
    lua_rawset(L, -3);
  }
  msgpack_unpacked_destroy(&look);
  return 1;
}

/* look_set(bytes, {[index] = steps}) -> bytes with exactly those non-zero steps. */
static int l_look_set(lua_State *L) {
  size_t len;
  const char *bytes = luaL_checklstring(L, 1, &len);
  luaL_checktype(L, 2, LUA_TTABLE);
  lb_look_param params[LB_LOOK_MAX_PARAMS];
  size_t count = 0;
  lua_pushnil(L);
  while (lua_next(L, 2) != 0) {
    if (!lua_isinteger(L, -2) || !lua_isinteger(L, -1)) return luaL_error(L, "lutbridge.look_set: keys and values must be integers");
    const lua_Integer index = lua_tointeger(L, -2);
    if (index < 0 || index >= LB_LOOK_MAX_PARAMS) return luaL_error(L, "lutbridge.look_set: index %d out of range", (int)index);
    if (count >= LB_LOOK_MAX_PARAMS) return luaL_error(L, "lutbridge.look_set: too many parameters");
    params[count].index = (int64_t)index;
    params[count].steps = (int64_t)lua_tointeger(L, -1);
    count++;
    lua_pop(L, 1);
  }
  msgpack_unpacked look;
  msgpack_unpacked_init(&look);
  const char *problem = lb_look_open(bytes, len, &look);
  if (problem) { msgpack_unpacked_destroy(&look); return luaL_error(L, "lutbridge: not a Look: %s", problem); }
  msgpack_sbuffer out;
  msgpack_sbuffer_init(&out);
  problem = lb_look_repack(&look.data, params, count, &out);
  msgpack_unpacked_destroy(&look);
  if (problem) { msgpack_sbuffer_destroy(&out); return luaL_error(L, "lutbridge.look_set: %s", problem); }
  lua_pushlstring(L, out.data, out.size);
  msgpack_sbuffer_destroy(&out);
  return 1;
}

/* The Look bytes embedded in .cube text by LutBridge ("# LUTBRIDGE-LOOK v1 <base64>"), or nil. */
static int l_look_from_cube_text(lua_State *L) {
  static const char prefix[] = "# LUTBRIDGE-LOOK v1 ";
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  const char *line = text, *end = text + len;
  while (line < end) {
    const char *nl = memchr(line, '\n', (size_t)(end - line));
    const char *stop = nl ? nl : end;
    const size_t plen = sizeof prefix - 1;
    if ((size_t)(stop - line) > plen && memcmp(line, prefix, plen) == 0) {
      const char *b64 = line + plen;
      size_t blen = (size_t)(stop - b64);
      while (blen > 0 && (b64[blen - 1] == '\r' || b64[blen - 1] == ' ')) blen--;
      const size_t cap = blen / 4 * 3 + 3;
      unsigned char *buf = malloc(cap);
      if (!buf) return luaL_error(L, "lutbridge: out of memory");
      const long n = lb_base64_decode(buf, cap, b64, blen);
      if (n < 0) { free(buf); lua_pushnil(L); lua_pushstring(L, "the LUTBRIDGE-LOOK comment is not valid base64"); return 2; }
      lua_pushlstring(L, (const char *)buf, (size_t)n);
      free(buf);
      return 1;
    }
    line = stop + 1;
  }
  lua_pushnil(L);
  return 1;
}

static int l_lut3d_params_hex(lua_State *L) {
  size_t len;
  const char *path = luaL_checklstring(L, 1, &len);
  const lua_Integer colorspace = luaL_optinteger(L, 2, 0), interpolation = luaL_optinteger(L, 3, 0);
  if (colorspace < 0 || colorspace > 4) return luaL_error(L, "lutbridge: lut3d colorspace must be 0..4");
  if (interpolation < 0 || interpolation > 2) return luaL_error(L, "lutbridge: lut3d interpolation must be 0..2");
  unsigned char params[LB_LUT3D_PARAMS_BYTES];
  if (lb_lut3d_params(params, path, len, (int)colorspace, (int)interpolation) != 0)
    return luaL_error(L, "lutbridge: LUT path longer than %d bytes: %s", LB_LUT3D_FILEPATH_BYTES - 1, path);
  static char hex[2 * LB_LUT3D_PARAMS_BYTES + 1];
  lb_hex(hex, params, sizeof params);
  lua_pushlstring(L, hex, 2 * sizeof params);
  return 1;
}

static int l_base64(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  if (len > LB_MAX_STRING_BYTES) return luaL_error(L, "lutbridge.base64: input too large");
  luaL_Buffer b;
  char *out = luaL_buffinitsize(L, &b, 4 * ((len + 2) / 3) + 1);
  lb_base64_encode(out, (const unsigned char *)s, len);
  luaL_pushresultsize(&b, 4 * ((len + 2) / 3));
  return 1;
}

static int l_hash(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  char out[17];
  static const char digits[] = "0123456789abcdef";
  unsigned long long h = lb_fnv1a64(s, len);
  for (int i = 15; i >= 0; i--) { out[i] = digits[h & 15]; h >>= 4; }
  out[16] = '\0';
  lua_pushstring(L, out);
  return 1;
}

/* ---- GTK hooks (inside darktable) -------------------------------------------------------- */
/* The GtkWidget behind a darktable Lua widget of one of the given types: darktable keeps a
 * pointer to {GtkWidget *widget; type} in a userdata whose metatable is named after the type. */
static void *dt_widget_arg(lua_State *L, int idx, const char *const *types) {
  for (const char *const *t = types; *t; t++) {
    void **ud = luaL_testudata(L, idx, *t);
    if (ud && *ud) return *(void **)*ud;
  }
  return NULL;
}

static int hook_result(lua_State *L, const char *problem) {
  if (problem) { lua_pushnil(L); lua_pushstring(L, problem); return 2; }
  lua_pushboolean(L, 1);
  return 1;
}

static int l_ui_hooks(lua_State *L) {
  lua_pushboolean(L, lb_gtk_available());
  return 1;
}

static int l_main_loop_running(lua_State *L) {
  lua_pushboolean(L, lb_gtk_main_loop_running());
  return 1;
}

/* watch_slider(slider, slot, neutral) -> true | nil, message */
static int l_watch_slider(lua_State *L) {
  static const char *const types[] = {"lua_slider", NULL};
  void *widget = dt_widget_arg(L, 1, types);
  const lua_Integer slot = luaL_checkinteger(L, 2);
  const lua_Number neutral = luaL_checknumber(L, 3);
  if (!widget) return hook_result(L, "not a darktable slider");
  if (slot < 0 || slot >= LB_GTK_MAX_SLIDERS) return hook_result(L, "slider slot out of range");
  return hook_result(L, lb_gtk_watch_slider(widget, (int)slot, (float)neutral));
}

/* slider_changes() -> {[slot] = value, ...} for the sliders moved since the last call; watched count */
static int l_slider_changes(lua_State *L) {
  int slot[LB_GTK_MAX_SLIDERS];
  float value[LB_GTK_MAX_SLIDERS];
  const int n = lb_gtk_take_changes(slot, value, LB_GTK_MAX_SLIDERS);
  lua_createtable(L, 0, n);
  for (int i = 0; i < n; i++) {
    lua_pushnumber(L, (lua_Number)value[i]);
    lua_rawseti(L, -2, slot[i]);
  }
  lua_pushinteger(L, lb_gtk_watched());
  return 2;
}

static int l_wrap_label(lua_State *L) {
  static const char *const types[] = {"lua_label", NULL};
  void *widget = dt_widget_arg(L, 1, types);
  const lua_Integer chars = luaL_checkinteger(L, 2);
  if (!widget) return hook_result(L, "not a darktable label");
  if (chars < 1 || chars > 1000) return hook_result(L, "width in characters must be 1..1000");
  return hook_result(L, lb_gtk_wrap_label(widget, (int)chars));
}

static int l_fix_width(lua_State *L) {
  static const char *const types[] = {"lua_box", "lua_stack", "lua_label", "lua_button", NULL};
  void *widget = dt_widget_arg(L, 1, types);
  const lua_Integer width = luaL_checkinteger(L, 2);
  if (!widget) return hook_result(L, "not a darktable box, stack, label or button");
  if (width < -1 || width > 10000) return hook_result(L, "width must be -1..10000 pixels");
  return hook_result(L, lb_gtk_fix_width(widget, (int)width));
}

/* place(widget) -> x, y, width, height on screen, or nil while it is being measured (call again). */
static int l_place(lua_State *L) {
  static const char *const types[] = {"lua_slider", "lua_button", "lua_label", "lua_box", "lua_combobox", "lua_stack",
                                      "lua_entry", "lua_file_chooser_button", NULL};
  void *widget = dt_widget_arg(L, 1, types);
  if (!widget) return hook_result(L, "not a darktable widget");
  int rect[4];
  const int known = lb_gtk_place(widget, rect);
  if (known < 0) return hook_result(L, "not inside darktable");
  if (known == 0) { lua_pushnil(L); return 1; }
  for (int i = 0; i < 4; i++) lua_pushinteger(L, rect[i]);
  return 4;
}

/* live_lut3d(lut_relpath, preset_name) -> request number | nil, message: the image in darkroom
 * gets a lut3d (sRGB, tetrahedral) on that LUT, the way a darktable preset is applied. */
static int l_live_lut3d(lua_State *L) {
  size_t len;
  const char *path = luaL_checklstring(L, 1, &len);
  const char *preset = luaL_checkstring(L, 2);
  unsigned char params[LB_LUT3D_PARAMS_BYTES];
  if (lb_lut3d_params(params, path, len, 0, 0) != 0) return hook_result(L, "LUT path too long for darktable's lut3d");
  uint64_t seq = 0;
  const char *problem = lb_gtk_live_apply(preset, LB_LUT3D_VERSION, params, sizeof params, &seq);
  if (problem) return hook_result(L, problem);
  lua_pushinteger(L, (lua_Integer)seq);
  return 1;
}

/* live_state() -> {available, asked, done, failed, error} */
static int l_live_state(lua_State *L) {
  uint64_t asked = 0, done = 0, failed = 0;
  char error[128] = "";
  const int available = lb_gtk_live_available();
  if (available) lb_gtk_live_state(&asked, &done, &failed, error, sizeof error);
  lua_createtable(L, 0, 5);
  lua_pushboolean(L, available);
  lua_setfield(L, -2, "available");
  lua_pushinteger(L, (lua_Integer)asked);
  lua_setfield(L, -2, "asked");
  lua_pushinteger(L, (lua_Integer)done);
  lua_setfield(L, -2, "done");
  lua_pushinteger(L, (lua_Integer)failed);
  lua_setfield(L, -2, "failed");
  lua_pushstring(L, error);
  lua_setfield(L, -2, "error");
  return 1;
}

/* wait(timeout_ms[, host_fd]) -> true (a slider moved or the host wrote) | false (timed out) |
 * nil, message (not inside darktable: sleep with dt.control.sleep). Lets go of darktable's Lua
 * lock while waiting, as dt.control.sleep does; call it only from a darktable background job. */
static int l_wait(lua_State *L) {
  const lua_Integer timeout = luaL_checkinteger(L, 1);
  const lua_Integer fd = luaL_optinteger(L, 2, -1);
  if (timeout < 0 || timeout > 60000) return luaL_error(L, "lutbridge.wait: timeout must be 0..60000 ms");
  if (fd < -1 || fd > 1 << 20) return luaL_error(L, "lutbridge.wait: bad file descriptor");
  const int r = lb_gtk_wait((int)timeout, (int)fd);
  if (r < 0) return hook_result(L, "not inside darktable 4.2 (its Lua lock functions are missing)");
  lua_pushboolean(L, r);
  return 1;
}

/* lut_filter(file_chooser_button, name, {"*.cube", ...}) */
static int l_lut_filter(lua_State *L) {
  static const char *const types[] = {"lua_file_chooser_button", NULL};
  void *widget = dt_widget_arg(L, 1, types);
  const char *name = luaL_checkstring(L, 2);
  luaL_checktype(L, 3, LUA_TTABLE);
  if (!widget) return hook_result(L, "not a darktable file chooser button");
  const lua_Integer count = (lua_Integer)lua_rawlen(L, 3);
  if (count < 1 || count > 64) return hook_result(L, "1..64 patterns");
  const char *patterns[64];
  for (lua_Integer i = 1; i <= count; i++) {
    lua_rawgeti(L, 3, i);
    patterns[i - 1] = luaL_checkstring(L, -1); /* stays alive: the table holds it */
    lua_pop(L, 1);
  }
  return hook_result(L, lb_gtk_add_filter(widget, name, patterns, (int)count));
}

__attribute__((visibility("default"))) int luaopen_lutbridge(lua_State *L);

int luaopen_lutbridge(lua_State *L) {
  static const luaL_Reg client_methods[] = {
      {"start", client_start}, {"poll", client_poll}, {"cancel", client_cancel}, {"pending", client_pending},
      {"fd", client_fd}, {"call", client_call}, {"close", client_close}, {NULL, NULL}};
  static const luaL_Reg connector_methods[] = {{"poll", connector_poll}, {NULL, NULL}};
  static const luaL_Reg functions[] = {
      {"connect", l_connect}, {"bin", l_bin}, {"look_values", l_look_values}, {"look_set", l_look_set},
      {"look_from_cube_text", l_look_from_cube_text}, {"lut3d_params_hex", l_lut3d_params_hex}, {"hash", l_hash}, {"base64", l_base64},
      {"ui_hooks", l_ui_hooks}, {"main_loop_running", l_main_loop_running}, {"watch_slider", l_watch_slider}, {"slider_changes", l_slider_changes},
      {"wrap_label", l_wrap_label}, {"place", l_place}, {"fix_width", l_fix_width}, {"lut_filter", l_lut_filter},
      {"live_lut3d", l_live_lut3d}, {"live_state", l_live_state}, {"wait", l_wait},
      {NULL, NULL}};

  luaL_newmetatable(L, CLIENT_MT);
  luaL_newlib(L, client_methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, client_close);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);

  luaL_newmetatable(L, CONNECTOR_MT);
  luaL_newlib(L, connector_methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, connector_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);

  luaL_newmetatable(L, LB_LUA_BIN_MT);
  lua_pop(L, 1);

  luaL_newmetatable(L, SBUFFER_MT);
  lua_pushcfunction(L, sbuffer_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);

  luaL_newlib(L, functions);
  lua_pushinteger(L, LB_LUT3D_PARAMS_BYTES);
  lua_setfield(L, -2, "LUT3D_PARAMS_BYTES");
  lua_pushinteger(L, LB_LUT3D_VERSION);
  lua_setfield(L, -2, "LUT3D_VERSION");
  lua_pushinteger(L, LB_API_LEVEL);
  lua_setfield(L, -2, "API_LEVEL");
  return 1;
}
