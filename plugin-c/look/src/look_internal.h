/* The Look's in-memory form, shared by the decoder, the evaluator and the tests. */
#ifndef LUTBRIDGE_LOOK_INTERNAL_H
#define LUTBRIDGE_LOOK_INTERNAL_H

#include "lutbridge/look.h"

/* Indices the evaluator reads (fixed by the table order in look_params.c). */
enum {
  LB_P_EXPOSURE = 0, LB_P_CONTRAST = 1, LB_P_PIVOT = 2, LB_P_SHADOWS = 3, LB_P_HIGHLIGHTS = 4,
  LB_P_BLACK = 5, LB_P_WHITE = 6, LB_P_CURVE1 = 7, /* curve1..curve5 = 7..11 */
  LB_P_TEMPERATURE = 12, LB_P_TINT = 13, LB_P_SATURATION = 14, LB_P_VIBRANCE = 15,
  LB_P_SAT_SHADOWS = 16, LB_P_SAT_HIGHLIGHTS = 17,
  LB_P_SPLIT_SHADOW_HUE = 18, LB_P_SPLIT_SHADOW_AMOUNT = 19, LB_P_SPLIT_HIGHLIGHT_HUE = 20,
  LB_P_SPLIT_HIGHLIGHT_AMOUNT = 21, LB_P_SPLIT_BALANCE = 22,
  LB_P_BAND0 = 23, /* band k: hue shift 23 + 3k, chroma 24 + 3k, lightness 25 + 3k */
  LB_P_STRENGTH = 47,
  LB_P_RGB_CURVE0 = 48, /* output curve of channel c, knot k at 48 + 5c + k */
  LB_P_MIXER0 = 63,     /* output channel o's share of input channel i at 63 + 3o + i */
  LB_P_INPUT_CURVE0 = 72 /* input curve of channel c, knot k at 72 + 5c + k */
};

#define LB_LOOK_CURVE_KNOTS 5
#define LB_LOOK_FIRST_BAND_HUE 20.0
#define LB_LOOK_BAND_SPACING 45.0

/* Per-Look constants of the evaluator, computed once (see look_eval.c). */
typedef struct lb_look_compiled {
  double exposure, black, range, pivot, contrast, shadows, highlights;
  double knots[7], tangents[7];
  double warm_a, warm_b, saturation, vibrance, sat_shadows, sat_highlights;
  double shadow_a, shadow_b, highlight_a, highlight_b, balance, strength;
  double band_hue[LB_LOOK_BAND_COUNT], band_chroma[LB_LOOK_BAND_COUNT], band_light[LB_LOOK_BAND_COUNT];
  int rgb_curves, input_curves, mixes; /* 0 when the step is the identity (skipped) */
  double rgb_knots[3][LB_LOOK_RGB_CURVE_KNOTS], rgb_tangents[3][LB_LOOK_RGB_CURVE_KNOTS];
  double in_knots[3][LB_LOOK_RGB_CURVE_KNOTS], in_tangents[3][LB_LOOK_RGB_CURVE_KNOTS];
  double mixer[9];
} lb_look_compiled;

struct lb_look {
  double values[LB_LOOK_PARAM_COUNT];
  int shaper_knots;     /* 0 = no shaper */
  float *shaper;        /* 3 * shaper_knots, channel-major */
  int residual_size;    /* 0 = no residual */
  float *residual;      /* residual_size^3 * 3, red fastest */
  int residual_cubic;   /* 1: cubic B-spline control points (version 4), 0: nodes */
  int residual_tetrahedral; /* 1: nodes interpolated tetrahedrally (version 5), 0: trilinearly (1 to 3) */
  int anchored;         /* 1: the residual is anchored (docs/look.md, step 8) */
  int anchor_differs;   /* 1: some slider (strength aside) is away from the anchor */
  double anchor[LB_LOOK_PARAM_COUNT];
  lb_look_compiled anchor_c; /* the parametric part at the anchor, when anchor_differs */
  char *title;          /* NULL = none */
  int stage_size;       /* 0 = no camera stage (version 6, docs/look.md step 0) */
  int stage_shared;     /* 1: one curve for the three channels */
  float *stage_curves;  /* stage_size (shared) or 3 * stage_size values, channel-major */
  double stage_matrix[9];
  int stage_shoulder;   /* 1: v <- gain * v (1 + v / white^2) / (1 + v) before the clip at 1 */
  double stage_white, stage_gain;
  lb_look_compiled c;
};

/* Fills look->c from look->values (and look->anchor_c from look->anchor when anchored). */
void lb_look_compile(lb_look *look);

/* Formats a message into err (if not NULL) and returns code. */
int lb_look_fail(lb_look_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
