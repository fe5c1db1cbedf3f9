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

#endif
