/*
 * What darktable 4.2's Lua widgets cannot do, done on their GTK widgets from inside darktable's
 * process (see gtk_hooks.h). Every GTK/darktable function is looked up with dlsym in the running
 * process, so lutbridge.so links neither GTK nor libdarktable and still loads in plain lua5.4
 * (where these hooks report "not inside darktable").
 *
 * Threads: Lua code (luarc, background jobs) runs on darktable's Lua thread, GTK only on its main
 * thread. Requests are queued to the main loop with g_main_context_invoke and never waited for
 * (waiting for the main thread while Lua holds its lock is what hung darktable's quit). Slider
 * values travel back through a mutex-guarded table that the Lua side reads without touching GTK.
 */
#define _GNU_SOURCE /* pipe2 */
#include "gtk_hooks.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The GLib/GTK/darktable signatures used, as opaque pointers (ABI of GTK 3 / darktable 4.2). */
typedef unsigned long gulong_t;
typedef int (*source_fn)(void *data);
typedef void (*invoke_fn)(void *context, source_fn fn, void *data);
typedef gulong_t (*connect_fn)(void *instance, const char *signal, void (*handler)(void), void *data, void *destroy, int flags);
typedef size_t (*type_fn)(void);
typedef int (*is_a_fn)(void *instance, size_t type);
typedef float (*slider_get_fn)(void *widget);
typedef void (*slider_set_default_fn)(void *widget, float value);
typedef void (*label_wrap_fn)(void *label, int wrap);
typedef void (*label_int_fn)(void *label, int value);
typedef void (*size_request_fn)(void *widget, int width, int height);
typedef void *(*filter_new_fn)(void);
typedef void (*filter_str_fn)(void *filter, const char *text);
typedef void (*chooser_filter_fn)(void *chooser, void *filter);
typedef struct { int x, y, width, height; } gtk_rect;
typedef void *(*get_window_fn)(void *widget);
typedef int (*window_origin_fn)(void *window, int *x, int *y);
typedef void (*get_allocation_fn)(void *widget, gtk_rect *allocation);
typedef int (*get_mapped_fn)(void *widget);
typedef void *(*context_default_fn)(void);
typedef int (*context_acquire_fn)(void *context);
typedef void (*context_release_fn)(void *context);
typedef unsigned (*main_level_fn)(void);

static struct {
  int looked_up, ok;
  invoke_fn invoke;
  connect_fn connect;
  type_fn widget_type, label_type, chooser_type;
  is_a_fn is_a;
  slider_get_fn slider_get;
  slider_set_default_fn slider_set_default;
  label_wrap_fn label_wrap;
  label_int_fn label_width_chars, label_max_width_chars;
  size_request_fn size_request;
  filter_new_fn filter_new;
  filter_str_fn filter_name, filter_pattern;
  chooser_filter_fn chooser_add_filter;
  get_window_fn get_window;
  window_origin_fn window_origin;
  get_allocation_fn get_allocation;
  get_mapped_fn get_mapped, has_window;
  context_default_fn context_default;
  context_acquire_fn context_acquire;
  context_release_fn context_release;
  main_level_fn main_level;
} api;

static pthread_mutex_t lookup_lock = PTHREAD_MUTEX_INITIALIZER;

#define FIND(field, name)                                        \
  do {                                                           \
    *(void **)(&api.field) = dlsym(RTLD_DEFAULT, name);          \
    if (!api.field) return 0;                                    \
  } while (0)

static int lookup_all(void) {
  FIND(invoke, "g_main_context_invoke");
  FIND(connect, "g_signal_connect_data");
  FIND(widget_type, "gtk_widget_get_type");
  FIND(label_type, "gtk_label_get_type");
  FIND(chooser_type, "gtk_file_chooser_get_type");
  FIND(is_a, "g_type_check_instance_is_a");
  FIND(slider_get, "dt_bauhaus_slider_get");
  FIND(slider_set_default, "dt_bauhaus_slider_set_default");
  FIND(label_wrap, "gtk_label_set_line_wrap");
  FIND(label_width_chars, "gtk_label_set_width_chars");
  FIND(label_max_width_chars, "gtk_label_set_max_width_chars");
  FIND(size_request, "gtk_widget_set_size_request");
  FIND(filter_new, "gtk_file_filter_new");
  FIND(filter_name, "gtk_file_filter_set_name");
  FIND(filter_pattern, "gtk_file_filter_add_pattern");
  FIND(chooser_add_filter, "gtk_file_chooser_add_filter");
  FIND(get_window, "gtk_widget_get_window");
  FIND(window_origin, "gdk_window_get_origin");
  FIND(get_allocation, "gtk_widget_get_allocation");
  FIND(get_mapped, "gtk_widget_get_mapped");
  FIND(has_window, "gtk_widget_get_has_window");
  FIND(context_default, "g_main_context_default");
  FIND(context_acquire, "g_main_context_acquire");
  FIND(context_release, "g_main_context_release");
  FIND(main_level, "gtk_main_level");
  return 1;
}

int lb_gtk_available(void) {
  pthread_mutex_lock(&lookup_lock);
  if (!api.looked_up) {
    api.ok = lookup_all();
    api.looked_up = 1;
  }
  const int ok = api.ok;
  pthread_mutex_unlock(&lookup_lock);
  return ok;
}

/* While GTK's main loop runs, the main thread owns the default main context; before it starts
 * (darktable still in dt_init) nobody does. Then darktable's own dt_lua_gtk_wrap runs its
 * callback on the calling thread, which locks a mutex that thread already holds: a deadlock
 * (seen at start-up under load: main thread waiting for the context, a Lua job stuck in
 * dt_lua_gtk_wrap_callback; also dt_init itself waiting for the Lua lock while a Lua job was in
 * that wrap). The panel waits until this says 1 before touching any widget. */
int lb_gtk_main_loop_running(void) {
  if (!lb_gtk_available()) return 0;
  /* gtk_main has been entered (darktable's dt_init may iterate the context itself before). */
  if (api.main_level() == 0) return 0;
  void *context = api.context_default();
  if (!api.context_acquire(context)) return 1; /* owned by the running main loop */
  api.context_release(context);
  return 0;
}

/* ---- sliders: value-changed → a table the Lua thread reads --------------------------- */
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
  void *widget;
  float value, neutral;
  int changed, watched;
} slots[LB_GTK_MAX_SLIDERS];
static uint64_t change_count;

/* The panel's background job sleeps in lb_gtk_wait until a slider moves (a byte in this pipe)
 * or the host answers (its socket), instead of waking every few milliseconds to look. */
static pthread_once_t wake_once = PTHREAD_ONCE_INIT;
static int wake_fds[2] = {-1, -1};

static void wake_init(void) {
  if (pipe2(wake_fds, O_NONBLOCK | O_CLOEXEC) != 0) wake_fds[0] = wake_fds[1] = -1;
}

static void wake_waiter(void) {
  pthread_once(&wake_once, wake_init);
  if (wake_fds[1] < 0) return;
  const char byte = 1;
  ssize_t ignored = write(wake_fds[1], &byte, 1); /* full pipe (EAGAIN): a wake-up is pending anyway */
  (void)ignored;
}

/* GTK main thread: darktable's bauhaus slider moved (drag, scroll, keys, double-click reset,
 * or a value set from Lua) — whatever page is on show. */
static void on_value_changed(void *widget, void *slot_ptr) {
  const intptr_t slot = (intptr_t)slot_ptr;
  if (slot < 0 || slot >= LB_GTK_MAX_SLIDERS) return;
  const float value = api.slider_get(widget);
  pthread_mutex_lock(&slots_lock);
  if (slots[slot].widget == widget) {
    slots[slot].value = value;
    slots[slot].changed = 1;
    change_count++;
  }
  pthread_mutex_unlock(&slots_lock);
  wake_waiter();
}

static int watch_on_main(void *slot_ptr) {
  const intptr_t slot = (intptr_t)slot_ptr;
  pthread_mutex_lock(&slots_lock);
  void *widget = slots[slot].widget;
  const float neutral = slots[slot].neutral;
  pthread_mutex_unlock(&slots_lock);
  /* The default is what a double-click restores and where the slider draws its mark. */
  api.slider_set_default(widget, neutral);
  api.connect(widget, "value-changed", (void (*)(void))on_value_changed, slot_ptr, NULL, 0);
  pthread_mutex_lock(&slots_lock);
  slots[slot].watched = 1;
  pthread_mutex_unlock(&slots_lock);
  return 0; /* G_SOURCE_REMOVE */
}

const char *lb_gtk_watch_slider(void *widget, int slot, float neutral) {
  if (!lb_gtk_available()) return "not inside darktable (GTK or darktable symbols missing)";
  if (slot < 0 || slot >= LB_GTK_MAX_SLIDERS) return "slider slot out of range";
  if (!widget || !api.is_a(widget, api.widget_type())) return "not a GTK widget";
  pthread_mutex_lock(&slots_lock);
  const int busy = slots[slot].widget != NULL;
  if (!busy) {
    slots[slot].widget = widget;
    slots[slot].neutral = neutral;
  }
  pthread_mutex_unlock(&slots_lock);
  if (busy) return "slider slot already watched";
  api.invoke(NULL, watch_on_main, (void *)(intptr_t)slot);
  return NULL;
}

int lb_gtk_take_changes(int *slot_out, float *value_out, int cap) {
  int n = 0;
  pthread_mutex_lock(&slots_lock);
  for (int i = 0; i < LB_GTK_MAX_SLIDERS && n < cap; i++) {
    if (!slots[i].changed) continue;
    slots[i].changed = 0;
    slot_out[n] = i;
    value_out[n] = slots[i].value;
    n++;
  }
  pthread_mutex_unlock(&slots_lock);
  return n;
}

int lb_gtk_watched(void) {
  int n = 0;
  pthread_mutex_lock(&slots_lock);
  for (int i = 0; i < LB_GTK_MAX_SLIDERS; i++) n += slots[i].watched;
  pthread_mutex_unlock(&slots_lock);
  return n;
}

/* ---- labels: wrap at a fixed width so a long status never widens the side panel ----------- */
typedef struct label_job { void *label; int chars; } label_job;

static int wrap_on_main(void *data) {
  label_job *job = data;
  api.label_wrap(job->label, 1);
  api.label_width_chars(job->label, job->chars);
  api.label_max_width_chars(job->label, job->chars);
  free(job);
  return 0;
}

const char *lb_gtk_wrap_label(void *label, int chars) {
  if (!lb_gtk_available()) return "not inside darktable (GTK or darktable symbols missing)";
  if (!label || !api.is_a(label, api.label_type())) return "not a GTK label";
  if (chars < 1 || chars > 1000) return "width in characters must be 1..1000";
  label_job *job = malloc(sizeof *job);
  if (!job) return "out of memory";
  job->label = label;
  job->chars = chars;
  api.invoke(NULL, wrap_on_main, job);
  return NULL;
}

/* ---- widths: a fixed width request for the panel (its text never resizes the photo) ------- */
typedef struct width_job { void *widget; int width; } width_job;

static int width_on_main(void *data) {
  width_job *job = data;
  api.size_request(job->widget, job->width, -1);
  free(job);
  return 0;
}

const char *lb_gtk_fix_width(void *widget, int width) {
  if (!lb_gtk_available()) return "not inside darktable (GTK or darktable symbols missing)";
  if (!widget || !api.is_a(widget, api.widget_type())) return "not a GTK widget";
  if (width < -1 || width > 10000) return "width must be -1..10000 pixels";
  width_job *job = malloc(sizeof *job);
  if (!job) return "out of memory";
  job->widget = widget;
  job->width = width;
  api.invoke(NULL, width_on_main, job);
  return NULL;
}

/* ---- file choosers: a filter that shows LUT files only ------------------------------------ */
typedef struct filter_job {
  void *chooser;
  char *name;
  char *patterns; /* NUL-separated, ends with an empty string */
} filter_job;

static int filter_on_main(void *data) {
  filter_job *job = data;
  void *filter = api.filter_new();
  if (filter) {
    api.filter_name(filter, job->name);
    for (const char *p = job->patterns; *p; p += strlen(p) + 1) api.filter_pattern(filter, p);
    api.chooser_add_filter(job->chooser, filter); /* the chooser takes the floating reference */
  }
  free(job->name);
  free(job->patterns);
  free(job);
  return 0;
}

const char *lb_gtk_add_filter(void *chooser, const char *name, const char *const *patterns, int count) {
  if (!lb_gtk_available()) return "not inside darktable (GTK or darktable symbols missing)";
  if (!chooser || !api.is_a(chooser, api.chooser_type())) return "not a GTK file chooser";
  if (count < 1 || count > 64) return "1..64 patterns";
  if (strlen(name) > 256) return "filter name longer than 256 bytes";
  size_t total = 1;
  for (int i = 0; i < count; i++) {
    const size_t len = strlen(patterns[i]);
    if (len == 0 || len > 256) return "a pattern is empty or longer than 256 bytes";
    total += len + 1;
  }
  filter_job *job = calloc(1, sizeof *job);
  if (!job) return "out of memory";
  job->chooser = chooser;
  const size_t name_len = strlen(name);
  job->name = malloc(name_len + 1);
  if (job->name) { memcpy(job->name, name, name_len); job->name[name_len] = '\0'; }
  job->patterns = malloc(total);
  if (!job->name || !job->patterns) {
    free(job->name);
    free(job->patterns);
    free(job);
    return "out of memory";
  }
  char *w = job->patterns;
  for (int i = 0; i < count; i++) {
    const size_t len = strlen(patterns[i]);
    memcpy(w, patterns[i], len + 1);
    w += len + 1;
  }
  *w = '\0';
  api.invoke(NULL, filter_on_main, job);
  return NULL;
}

/* ---- where a widget is on screen (tests move the real mouse there) ----------------------- */
static pthread_mutex_t place_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { void *widget; int x, y, width, height, state; } place; /* state 0 none, 1 asked, 2 known, 3 not shown */

static int place_on_main(void *widget) {
  int x = 0, y = 0, state = 3;
  gtk_rect a = {0, 0, 0, 0};
  void *window = api.get_mapped(widget) ? api.get_window(widget) : NULL;
  if (window) {
    api.get_allocation(widget, &a);
    api.window_origin(window, &x, &y);
    /* A widget with its own GdkWindow (darktable's sliders are drawing areas) sits at that
     * window's origin; a windowless one at its allocation inside its parent's window. */
    if (api.has_window(widget)) a.x = a.y = 0;
    state = 2;
  }
  pthread_mutex_lock(&place_lock);
  if (place.widget == widget) {
    place.x = x + a.x;
    place.y = y + a.y;
    place.width = a.width;
    place.height = a.height;
    place.state = state;
  }
  pthread_mutex_unlock(&place_lock);
  return 0;
}

int lb_gtk_place(void *widget, int *rect) {
  if (!lb_gtk_available() || !widget || !api.is_a(widget, api.widget_type())) return -1;
  pthread_mutex_lock(&place_lock);
  int state = place.widget == widget ? place.state : 0;
  if (state == 2) { rect[0] = place.x; rect[1] = place.y; rect[2] = place.width; rect[3] = place.height; }
  if (state == 0 || state == 2 || state == 3) { place.widget = widget; place.state = 1; } /* ask again next time */
  pthread_mutex_unlock(&place_lock);
  if (state != 1) api.invoke(NULL, place_on_main, widget);
  return state == 2 ? 1 : 0;
}

/* ---- darkroom: the image's lut3d follows the panel ---------------------------------------
 * A style applied in darkroom (what the panel did before) makes darktable 4.2 reload the whole
 * image: dt_styles_apply_to_dev writes the history, applies the style in the database and calls
 * dt_dev_reload_image, so both pipes start again from the input with their caches flushed, and a
 * "compress history" (a second reload) was needed to keep one history item. darktable's own
 * presets take the path of a slider instead: dt_gui_presets_apply_preset copies the parameters
 * into the module and calls dt_dev_add_history_item, which replaces the top history item when it
 * is the same module instance and reprocesses only from that module on. So each settled move is
 * written as one write-protected lut3d preset (darktable deletes those at its next start and
 * re-creates its own) and applied to the image's first lut3d instance. Functions only, looked up
 * with dlsym: nothing here depends on darktable's struct layouts. */
typedef void *(*iop_get_module_fn)(const char *op);
typedef void (*presets_add_generic_fn)(const char *name, const char *op, int32_t version, const void *params,
                                       int32_t params_size, int32_t enabled, int blend_colorspace);
typedef void (*presets_apply_fn)(const char *name, void *module);

#define LB_DT_BLEND_CS_RGB_DISPLAY 3 /* dt_develop_blend_colorspace_t: lut3d's default (an RGB module) */

static struct {
  int looked_up, ok;
  iop_get_module_fn get_module;
  presets_add_generic_fn add_preset;
  presets_apply_fn apply_preset;
} live_api;

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { uint64_t asked, done, failed; char error[128]; } live;

typedef struct live_job {
  uint64_t seq;
  int32_t version, params_size;
  char preset[64];
  unsigned char params[];
} live_job;

static int live_lookup(void) {
  *(void **)(&live_api.get_module) = dlsym(RTLD_DEFAULT, "dt_iop_get_module");
  *(void **)(&live_api.add_preset) = dlsym(RTLD_DEFAULT, "dt_gui_presets_add_generic");
  *(void **)(&live_api.apply_preset) = dlsym(RTLD_DEFAULT, "dt_gui_presets_apply_preset");
  return live_api.get_module && live_api.add_preset && live_api.apply_preset;
}

int lb_gtk_live_available(void) {
  if (!lb_gtk_available()) return 0;
  pthread_mutex_lock(&lookup_lock);
  if (!live_api.looked_up) {
    live_api.ok = live_lookup();
    live_api.looked_up = 1;
  }
  const int ok = live_api.ok;
  pthread_mutex_unlock(&lookup_lock);
  return ok;
}

static int live_on_main(void *data) {
  live_job *job = data;
  void *module = live_api.get_module("lut3d");
  if (module) {
    live_api.add_preset(job->preset, "lut3d", job->version, job->params, job->params_size, 1, LB_DT_BLEND_CS_RGB_DISPLAY);
    live_api.apply_preset(job->preset, module);
  }
  pthread_mutex_lock(&live_lock);
  if (job->seq > live.done) live.done = job->seq;
  if (!module) {
    live.failed++;
    snprintf(live.error, sizeof live.error, "%s", "darkroom has no lut3d module (no image loaded?)");
  }
  pthread_mutex_unlock(&live_lock);
  free(job);
  return 0;
}

const char *lb_gtk_live_apply(const char *preset, int version, const unsigned char *params, size_t params_size, uint64_t *seq) {
  if (!lb_gtk_live_available()) return "not inside darktable 4.2 (its preset functions are missing)";
  if (!preset || strlen(preset) >= sizeof(((live_job *)0)->preset)) return "preset name empty or longer than 63 bytes";
  if (!params || params_size == 0 || params_size > 65536) return "module parameters empty or larger than 64 KiB";
  live_job *job = malloc(sizeof *job + params_size);
  if (!job) return "out of memory";
  memcpy(job->preset, preset, strlen(preset) + 1);
  job->version = version;
  job->params_size = (int32_t)params_size;
  memcpy(job->params, params, params_size);
  pthread_mutex_lock(&live_lock);
  job->seq = ++live.asked;
  pthread_mutex_unlock(&live_lock);
  *seq = job->seq;
  api.invoke(NULL, live_on_main, job);
  return NULL;
}

void lb_gtk_live_state(uint64_t *asked, uint64_t *done, uint64_t *failed, char *error, size_t error_size) {
  pthread_mutex_lock(&live_lock);
  *asked = live.asked;
  *done = live.done;
  *failed = live.failed;
  if (error_size) snprintf(error, error_size, "%s", live.error);
  pthread_mutex_unlock(&live_lock);
}

/* ---- the background job's sleep: until a slider moves, the host answers, or the timeout ----
 * Like darktable's dt.control.sleep it lets go of darktable's Lua lock while it waits (other Lua
 * code and darktable's own Lua events run meanwhile) and takes it back before returning. */
typedef void (*lua_lock_fn)(const char *function, const char *file, int line, int silent);
typedef void (*lua_unlock_fn)(const char *function, int line);
static struct { int looked_up; lua_lock_fn lock; lua_unlock_fn unlock; } lua_api;

static int slider_change_pending(void) {
  int pending = 0;
  pthread_mutex_lock(&slots_lock);
  for (int i = 0; i < LB_GTK_MAX_SLIDERS && !pending; i++) pending = slots[i].changed;
  pthread_mutex_unlock(&slots_lock);
  return pending;
}

int lb_gtk_wait_available(void) {
  if (!lb_gtk_available()) return 0;
  pthread_mutex_lock(&lookup_lock);
  if (!lua_api.looked_up) {
    *(void **)(&lua_api.lock) = dlsym(RTLD_DEFAULT, "dt_lua_lock_internal");
    *(void **)(&lua_api.unlock) = dlsym(RTLD_DEFAULT, "dt_lua_unlock_internal");
    lua_api.looked_up = 1;
  }
  const int ok = lua_api.lock && lua_api.unlock;
  pthread_mutex_unlock(&lookup_lock);
  if (!ok) return 0;
  pthread_once(&wake_once, wake_init);
  return wake_fds[0] >= 0;
}

int lb_gtk_wait(int timeout_ms, int host_fd) {
  if (!lb_gtk_wait_available()) return -1;
  if (timeout_ms < 0) timeout_ms = 0;
  if (timeout_ms > 60000) timeout_ms = 60000;
  if (slider_change_pending()) return 1;
  struct pollfd fds[2] = {{wake_fds[0], POLLIN, 0}, {host_fd, POLLIN, 0}};
  const nfds_t n = host_fd >= 0 ? 2 : 1;
  lua_api.unlock(__func__, __LINE__);
  int r;
  do r = poll(fds, n, timeout_ms); while (r < 0 && errno == EINTR);
  lua_api.lock(__func__, __FILE__, __LINE__, 1);
  char drain[64];
  while (read(wake_fds[0], drain, sizeof drain) > 0) {}
  return r > 0 ? 1 : 0;
}
