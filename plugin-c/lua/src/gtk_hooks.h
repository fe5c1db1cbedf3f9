/*
 * GTK hooks for the darktable panel: what darktable 4.2's Lua widgets lack.
 *   - sliders: a "value-changed" handler records every move (any page, drags, double-click
 *     resets, values set from Lua) so the panel never has to read sliders through the GUI
 *     thread, and the slider's default (double-click, the mark) becomes the Look's neutral;
 *   - labels that wrap at a fixed width; a fixed width request; a LUT filter on a file chooser.
 * Widgets are the GtkWidget pointers behind darktable's Lua widgets. Requests run on GTK's main
 * thread later (never waited for). Each function returns NULL or a short message.
 */
#ifndef LUTBRIDGE_GTK_HOOKS_H
#define LUTBRIDGE_GTK_HOOKS_H

#include <stddef.h>
#include <stdint.h>

#define LB_GTK_MAX_SLIDERS 256

/* 1 inside darktable's process (GTK and darktable's bauhaus found by dlsym), else 0. */
int lb_gtk_available(void);
/* 1 while GTK's main loop runs (another thread owns the default main context), else 0. */
int lb_gtk_main_loop_running(void);
const char *lb_gtk_watch_slider(void *widget, int slot, float neutral);
/* Moves since the last call, at most cap: slot and value, in slot order. */
int lb_gtk_take_changes(int *slot_out, float *value_out, int cap);
/* How many sliders have their handler connected (the main loop has run the requests). */
int lb_gtk_watched(void);
const char *lb_gtk_wrap_label(void *label, int chars);
const char *lb_gtk_fix_width(void *widget, int width);
const char *lb_gtk_add_filter(void *chooser, const char *name, const char *const *patterns, int count);

/* The widget's rectangle on screen (x, y, width, height) as last measured on the main thread:
 * 1 and rect filled when known, 0 when not yet (asked now: call again), -1 when not a widget. */
int lb_gtk_place(void *widget, int *rect);

/* darkroom: the image's lut3d follows the panel. 1 when darktable's preset functions were found. */
int lb_gtk_live_available(void);
/* Writes params (a lut3d parameter block of module version `version`) as darktable's preset
 * `preset` and applies it to the first lut3d instance of the image in darkroom, on the main
 * thread later; *seq numbers the request (lb_gtk_live_state's done reaches it once it ran). */
const char *lb_gtk_live_apply(const char *preset, int version, const unsigned char *params, size_t params_size, uint64_t *seq);
/* Requests made, the last one run, how many failed and the last failure (NUL-terminated). */
void lb_gtk_live_state(uint64_t *asked, uint64_t *done, uint64_t *failed, char *error, size_t error_size);

/* The panel's background job's sleep, inside darktable 4.2 only: darktable's Lua lock is let go
 * while it waits for a slider move, something to read on host_fd (-1: none) or timeout_ms.
 * 1 woken by an event, 0 timed out, -1 not available (use dt.control.sleep). */
int lb_gtk_wait_available(void);
int lb_gtk_wait(int timeout_ms, int host_fd);

#endif
