/* The parameter table of a Look. Row order is the index in the .look file: rows are only
 * ever appended. tests/vectors/look/parameters.tsv (written from the C# table) keeps this
 * table and C#'s LookParameters identical. */
#include <stdarg.h>
#include <stdio.h>

#include "look_internal.h"

#define DEG "\xc2\xb0"

/* One per-hue band: hue shift, chroma scale, lightness shift. */
#define BAND(k, name)                                                     \
  {23 + 3 * (k), name "_hue", "hue bands", -60, 60, 0, DEG, 0.05},        \
  {24 + 3 * (k), name "_chroma", "hue bands", -1, 2, 0, "", 0.0005},      \
  {25 + 3 * (k), name "_lightness", "hue bands", -0.3, 0.3, 0, "L", 0.0002}

/* A per-channel curve: offsets at 0, 25, 50, 75 and 100 %. */
#define RGB_CURVE(first, prefix, channel, group)                   \
  {(first), prefix "_" channel "_0", group, -0.5, 0.5, 0, "", 0.0002},      \
  {(first) + 1, prefix "_" channel "_25", group, -0.5, 0.5, 0, "", 0.0002}, \
  {(first) + 2, prefix "_" channel "_50", group, -0.5, 0.5, 0, "", 0.0002}, \
  {(first) + 3, prefix "_" channel "_75", group, -0.5, 0.5, 0, "", 0.0002}, \
  {(first) + 4, prefix "_" channel "_100", group, -0.5, 0.5, 0, "", 0.0002}

/* One channel-mixer entry: the diagonal is neutral at 1 (range -1..3), the rest at 0 (-2..2). */
#define MIX(index, out, in, diagonal) \
  {(index), "mixer_" out "_from_" in, "channel mixer", (diagonal) ? -1 : -2, (diagonal) ? 3 : 2, (diagonal) ? 1 : 0, "", 0.0002}

static const lb_look_param_info PARAMS[LB_LOOK_PARAM_COUNT] = {
    {0, "exposure", "light", -3, 3, 0, "EV", 0.001},
    {1, "contrast", "light", -0.9, 1.5, 0, "", 0.0005},
    {2, "pivot", "light", 0.2, 0.8, 0.5, "L", 0.001},
    {3, "shadows", "light", -1, 1, 0, "", 0.0005},
    {4, "highlights", "light", -1, 1, 0, "", 0.0005},
    {5, "black", "light", -0.2, 0.4, 0, "L", 0.0002},
    {6, "white", "light", 0.6, 1.2, 1, "L", 0.0002},
    {7, "curve1", "light", -0.3, 0.3, 0, "L", 0.0002},
    {8, "curve2", "light", -0.3, 0.3, 0, "L", 0.0002},
    {9, "curve3", "light", -0.3, 0.3, 0, "L", 0.0002},
    {10, "curve4", "light", -0.3, 0.3, 0, "L", 0.0002},
    {11, "curve5", "light", -0.3, 0.3, 0, "L", 0.0002},
    {12, "temperature", "colour", -1, 1, 0, "", 0.0005},
    {13, "tint", "colour", -1, 1, 0, "", 0.0005},
    {14, "saturation", "colour", -1, 1, 0, "", 0.0005},
    {15, "vibrance", "colour", -1, 2, 0, "", 0.0005},
    {16, "saturation_shadows", "colour", -1, 1, 0, "", 0.0005},
    {17, "saturation_highlights", "colour", -1, 1, 0, "", 0.0005},
    {18, "split_shadow_hue", "colour", 0, 360, 0, DEG, 0.1},
    {19, "split_shadow_amount", "colour", 0, 1, 0, "", 0.0005},
    {20, "split_highlight_hue", "colour", 0, 360, 0, DEG, 0.1},
    {21, "split_highlight_amount", "colour", 0, 1, 0, "", 0.0005},
    {22, "split_balance", "colour", -1, 1, 0, "", 0.001},
    BAND(0, "red"),
    BAND(1, "orange"),
    BAND(2, "yellow"),
    BAND(3, "green"),
    BAND(4, "aqua"),
    BAND(5, "blue"),
    BAND(6, "purple"),
    BAND(7, "magenta"),
    {47, "strength", "mix", 0, 1, 1, "", 0.001},
    RGB_CURVE(48, "curve", "red", "rgb curves"),
    RGB_CURVE(53, "curve", "green", "rgb curves"),
    RGB_CURVE(58, "curve", "blue", "rgb curves"),
    MIX(63, "red", "red", 1), MIX(64, "red", "green", 0), MIX(65, "red", "blue", 0),
    MIX(66, "green", "red", 0), MIX(67, "green", "green", 1), MIX(68, "green", "blue", 0),
    MIX(69, "blue", "red", 0), MIX(70, "blue", "green", 0), MIX(71, "blue", "blue", 1),
    RGB_CURVE(72, "input", "red", "input curves"),
    RGB_CURVE(77, "input", "green", "input curves"),
    RGB_CURVE(82, "input", "blue", "input curves"),
};

const lb_look_param_info *lb_look_params(void) { return PARAMS; }

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

int lb_look_param_find(const char *name) {
  if (name == NULL) return -1;
  for (int i = 0; i < LB_LOOK_PARAM_COUNT; i++) {
    const char *a = PARAMS[i].name, *b = name;
    while (*a != '\0' && ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b)) a++, b++;
    if (*a == '\0' && *b == '\0') return i;
  }
  return -1;
}

const char *lb_look_status_name(int code) {
  switch (code) {
    case LB_LOOK_OK: return "ok";
    case LB_LOOK_ERR_ARGUMENT: return "argument";
    case LB_LOOK_ERR_TOO_LARGE: return "too large";
    case LB_LOOK_ERR_FORMAT: return "format";
    case LB_LOOK_ERR_VERSION: return "version";
    case LB_LOOK_ERR_MEMORY: return "memory";
    default: return "unknown";
  }
}

int lb_look_fail(lb_look_error *err, int code, const char *fmt, ...) {
  if (err != NULL) {
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    if (n < 0) err->message[0] = '\0'; /* formatting failed: the code still says what */
  }
  return code;
}
