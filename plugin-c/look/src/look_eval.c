/* The Look evaluator: docs/look.md step by step, in double precision, in the same order
 * of operations as C#'s LookProcessor so both round alike. lb_look_compile computes every
 * per-Look constant once; the per-colour path only does arithmetic. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "look_internal.h"

#define LB_PI 3.14159265358979323846

/* Curve spacing and the scales of docs/look.md. */
#define CURVE_SPACING (1.0 / 6.0)
#define TINT_SCALE 0.05
#define TEMPERATURE_A 0.01
#define TEMPERATURE_B 0.05
#define SPLIT_SCALE 0.1
#define TONE_SCALE 0.25
#define BUMP_NORM 6.75
#define VIBRANCE_CHROMA 0.25
#define GATE_CHROMA 0.02

/* Ottosson's OKLab matrices (row-major); the inverses are computed by the adjugate
 * exactly as C#'s Matrix3.Inverse does, never retyped. */
static const double RGB_TO_LMS[9] = {
    0.4122214708, 0.5363325363, 0.0514459929,
    0.2119034982, 0.6806995451, 0.1073969566,
    0.0883024619, 0.2817188376, 0.6299787005};
static const double LMS_TO_LAB[9] = {
    0.2104542553, 0.7936177850, -0.0040720468,
    1.9779984951, -2.4285922050, 0.4505937099,
    0.0259040371, 0.7827717662, -0.8086757660};

typedef struct matrices {
  double lab_to_lms[9], lms_to_rgb[9];
} matrices;

static void invert(const double m[9], double out[9]) {
  double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
               m[2] * (m[3] * m[7] - m[4] * m[6]);
  double k = 1.0 / det; /* both matrices are fixed and far from singular */
  out[0] = (m[4] * m[8] - m[5] * m[7]) * k;
  out[1] = (m[2] * m[7] - m[1] * m[8]) * k;
  out[2] = (m[1] * m[5] - m[2] * m[4]) * k;
  out[3] = (m[5] * m[6] - m[3] * m[8]) * k;
  out[4] = (m[0] * m[8] - m[2] * m[6]) * k;
  out[5] = (m[2] * m[3] - m[0] * m[5]) * k;
  out[6] = (m[3] * m[7] - m[4] * m[6]) * k;
  out[7] = (m[1] * m[6] - m[0] * m[7]) * k;
  out[8] = (m[0] * m[4] - m[1] * m[3]) * k;
}

/* The inverses are pure functions of constants: computing them per call costs ~40 flops,
 * nothing next to the pow/cbrt of one colour, and needs no shared mutable state. */
static matrices inverses(void) {
  matrices m;
  invert(LMS_TO_LAB, m.lab_to_lms);
  invert(RGB_TO_LMS, m.lms_to_rgb);
  return m;
}

static double clamp(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }
static double max0(double v) { return v > 0 ? v : 0; }

/* Input clamp that also maps NaN to 0: C's float-to-int conversion of NaN is undefined. */
static double clamp_input(double v) { return v >= 0 ? (v <= 1 ? v : 1) : 0; }

static double srgb_decode(double v) {
  double a = fabs(v);
  double l = a <= 0.04045 ? a / 12.92 : pow((a + 0.055) / 1.055, 2.4);
  return v < 0 ? -l : l;
}

static double srgb_encode(double v) {
  double a = fabs(v);
  double e = a <= 0.0031308 ? a * 12.92 : 1.055 * pow(a, 1.0 / 2.4) - 0.055;
  return v < 0 ? -e : e;
}

/* Linear sRGB -> OKLab. */
static void from_linear(double r, double g, double b, double lab[3]) {
  const double *m = RGB_TO_LMS, *q = LMS_TO_LAB;
  double l = cbrt(m[0] * r + m[1] * g + m[2] * b);
  double mm = cbrt(m[3] * r + m[4] * g + m[5] * b);
  double s = cbrt(m[6] * r + m[7] * g + m[8] * b);
  lab[0] = q[0] * l + q[1] * mm + q[2] * s;
  lab[1] = q[3] * l + q[4] * mm + q[5] * s;
  lab[2] = q[6] * l + q[7] * mm + q[8] * s;
}

/* Step 3: shaped, input-curved sRGB -> linear, channel mixer (skipped when the identity), OKLab. */
static void to_oklab(const lb_look_compiled *c, double r, double g, double b, double lab[3]) {
  r = srgb_decode(r), g = srgb_decode(g), b = srgb_decode(b);
  if (!c->mixes) {
    from_linear(r, g, b, lab);
    return;
  }
  const double *m = c->mixer;
  from_linear(m[0] * r + m[1] * g + m[2] * b, m[3] * r + m[4] * g + m[5] * b, m[6] * r + m[7] * g + m[8] * b, lab);
}

/* Catmull-Rom tangents (per knot spacing) of a row of knots; one-sided at the ends. */
static void rgb_tangents(const double knots[LB_LOOK_RGB_CURVE_KNOTS], double tangents[LB_LOOK_RGB_CURVE_KNOTS]) {
  const int n = LB_LOOK_RGB_CURVE_KNOTS;
  for (int k = 0; k < n; k++)
    tangents[k] = k == 0 ? knots[1] - knots[0] : k == n - 1 ? knots[n - 1] - knots[n - 2] : 0.5 * (knots[k + 1] - knots[k - 1]);
}

/* v plus the curve's offset at clamp(v, 0, 1): cubic Hermite through knots at 0, 1/4, ... 1. */
static double rgb_curve(const double knots[LB_LOOK_RGB_CURVE_KNOTS], const double tangents[LB_LOOK_RGB_CURVE_KNOTS], double v) {
  double s = clamp_input(v) * (LB_LOOK_RGB_CURVE_KNOTS - 1); /* NaN counts as 0, as for inputs */
  int k = (int)s < LB_LOOK_RGB_CURVE_KNOTS - 2 ? (int)s : LB_LOOK_RGB_CURVE_KNOTS - 2;
  double f = s - k, f2 = f * f, f3 = f2 * f;
  return v + ((2 * f3 - 3 * f2 + 1) * knots[k] + (f3 - 2 * f2 + f) * tangents[k] + (-2 * f3 + 3 * f2) * knots[k + 1] +
              (f3 - f2) * tangents[k + 1]);
}

static void to_srgb(const matrices *mx, double L, double A, double B, double rgb[3]) {
  const double *q = mx->lab_to_lms, *a = mx->lms_to_rgb;
  double l = q[0] * L + q[1] * A + q[2] * B;
  double m = q[3] * L + q[4] * A + q[5] * B;
  double s = q[6] * L + q[7] * A + q[8] * B;
  l = l * l * l, m = m * m * m, s = s * s * s;
  rgb[0] = srgb_encode(a[0] * l + a[1] * m + a[2] * s);
  rgb[1] = srgb_encode(a[3] * l + a[4] * m + a[5] * s);
  rgb[2] = srgb_encode(a[6] * l + a[7] * m + a[8] * s);
}

static void compile_values(const double *v, lb_look_compiled *c) {
  c->exposure = pow(2.0, v[LB_P_EXPOSURE] / 3.0);
  c->black = v[LB_P_BLACK];
  c->range = v[LB_P_WHITE] - v[LB_P_BLACK];
  c->pivot = v[LB_P_PIVOT];
  c->contrast = 1.0 + v[LB_P_CONTRAST];
  c->shadows = TONE_SCALE * BUMP_NORM * v[LB_P_SHADOWS];
  c->highlights = TONE_SCALE * BUMP_NORM * v[LB_P_HIGHLIGHTS];
  c->knots[0] = c->knots[6] = 0;
  for (int k = 1; k <= LB_LOOK_CURVE_KNOTS; k++) c->knots[k] = v[LB_P_CURVE1 + k - 1];
  for (int k = 0; k < 7; k++)
    c->tangents[k] = k == 0 ? c->knots[1] - c->knots[0]
                   : k == 6 ? c->knots[6] - c->knots[5]
                            : 0.5 * (c->knots[k + 1] - c->knots[k - 1]);
  c->warm_a = TEMPERATURE_A * v[LB_P_TEMPERATURE] + TINT_SCALE * v[LB_P_TINT];
  c->warm_b = TEMPERATURE_B * v[LB_P_TEMPERATURE];
  c->saturation = 1.0 + v[LB_P_SATURATION];
  c->vibrance = v[LB_P_VIBRANCE];
  c->sat_shadows = v[LB_P_SAT_SHADOWS];
  c->sat_highlights = v[LB_P_SAT_HIGHLIGHTS];
  double hs = v[LB_P_SPLIT_SHADOW_HUE] * LB_PI / 180, hh = v[LB_P_SPLIT_HIGHLIGHT_HUE] * LB_PI / 180;
  c->shadow_a = SPLIT_SCALE * v[LB_P_SPLIT_SHADOW_AMOUNT] * cos(hs);
  c->shadow_b = SPLIT_SCALE * v[LB_P_SPLIT_SHADOW_AMOUNT] * sin(hs);
  c->highlight_a = SPLIT_SCALE * v[LB_P_SPLIT_HIGHLIGHT_AMOUNT] * cos(hh);
  c->highlight_b = SPLIT_SCALE * v[LB_P_SPLIT_HIGHLIGHT_AMOUNT] * sin(hh);
  c->balance = 0.5 * v[LB_P_SPLIT_BALANCE];
  for (int k = 0; k < LB_LOOK_BAND_COUNT; k++) {
    c->band_hue[k] = v[LB_P_BAND0 + 3 * k];
    c->band_chroma[k] = v[LB_P_BAND0 + 1 + 3 * k];
    c->band_light[k] = v[LB_P_BAND0 + 2 + 3 * k];
  }
  c->strength = v[LB_P_STRENGTH];
  c->rgb_curves = c->input_curves = c->mixes = 0;
  for (int ch = 0; ch < 3; ch++) {
    for (int k = 0; k < LB_LOOK_RGB_CURVE_KNOTS; k++) {
      c->rgb_knots[ch][k] = v[LB_P_RGB_CURVE0 + LB_LOOK_RGB_CURVE_KNOTS * ch + k];
      c->in_knots[ch][k] = v[LB_P_INPUT_CURVE0 + LB_LOOK_RGB_CURVE_KNOTS * ch + k];
      if (c->rgb_knots[ch][k] != 0) c->rgb_curves = 1;
      if (c->in_knots[ch][k] != 0) c->input_curves = 1;
    }
    rgb_tangents(c->rgb_knots[ch], c->rgb_tangents[ch]);
    rgb_tangents(c->in_knots[ch], c->in_tangents[ch]);
  }
  for (int i = 0; i < 9; i++) {
    c->mixer[i] = v[LB_P_MIXER0 + i];
    if (c->mixer[i] != (i % 4 == 0 ? 1.0 : 0.0)) c->mixes = 1;
  }
}

void lb_look_compile(lb_look *look) {
  compile_values(look->values, &look->c);
  look->anchor_differs = 0;
  if (!look->anchored) return;
  for (int i = 0; i < LB_LOOK_PARAM_COUNT; i++)
    if (i != LB_P_STRENGTH && look->anchor[i] != look->values[i]) look->anchor_differs = 1;
  if (look->anchor_differs) compile_values(look->anchor, &look->anchor_c);
}

/* Step 1: per-channel input curve, linear between knots. */
static double shape(const lb_look *look, int channel, double x) {
  int n = look->shaper_knots;
  double t = clamp(x, 0.0, 1.0) * (n - 1);
  int i = (int)t < n - 2 ? (int)t : n - 2;
  double f = t - i;
  const float *v = look->shaper + (size_t)channel * (size_t)n + (size_t)i;
  return v[0] + (v[1] - v[0]) * f;
}

/* Catmull-Rom (Hermite) tone curve through the knots at L = k/6. */
static double curve(const lb_look_compiled *c, double x) {
  double s = x / CURVE_SPACING;
  int k = (int)s < 5 ? (int)s : 5;
  double f = s - k, f2 = f * f, f3 = f2 * f;
  return (2 * f3 - 3 * f2 + 1) * c->knots[k] + (f3 - 2 * f2 + f) * c->tangents[k] +
         (-2 * f3 + 3 * f2) * c->knots[k + 1] + (f3 - f2) * c->tangents[k + 1];
}

static double light(const lb_look_compiled *c, double L) {
  L *= c->exposure;
  L = c->black + c->range * L;
  L = c->pivot + (L - c->pivot) * c->contrast;
  double t = clamp(L, 0, 1);
  double u = 1 - t;
  L += c->shadows * t * u * u + c->highlights * t * t * u;
  return L + curve(c, clamp(L, 0, 1));
}

static void colour(const lb_look_compiled *c, double L, double *A, double *B, double c0) {
  double t = clamp(L, 0, 1);
  double u = 1 - t;
  double vib = max0(1 - c0 / VIBRANCE_CHROMA);
  double k = c->saturation * (1 + c->vibrance * vib * vib) * (1 + c->sat_shadows * u * u + c->sat_highlights * t * t);
  k = max0(k);
  double ts = clamp(t + c->balance, 0, 1);
  double ws = (1 - ts) * (1 - ts), wh = ts * ts;
  *A = *A * k + t * c->warm_a + ws * c->shadow_a + wh * c->highlight_a;
  *B = *B * k + t * c->warm_b + ws * c->shadow_b + wh * c->highlight_b;
}

/* Per-hue bands: raised-cosine blend of the two bands around the input hue h0. */
static void bands(const lb_look_compiled *c, double lab[3], double c0, double h0) {
  double u = (h0 - LB_LOOK_FIRST_BAND_HUE) / LB_LOOK_BAND_SPACING;
  u -= LB_LOOK_BAND_COUNT * floor(u / LB_LOOK_BAND_COUNT);
  int i = (int)u < LB_LOOK_BAND_COUNT - 1 ? (int)u : LB_LOOK_BAND_COUNT - 1;
  int j = (i + 1) % LB_LOOK_BAND_COUNT;
  double w = 0.5 * (1 + cos(LB_PI * (u - i)));
  double hue = (w * c->band_hue[i] + (1 - w) * c->band_hue[j]) * (LB_PI / 180.0);
  double chroma = max0(1 + w * c->band_chroma[i] + (1 - w) * c->band_chroma[j]);
  double gate = c0 * c0 / (c0 * c0 + GATE_CHROMA * GATE_CHROMA);
  double co = cos(hue), si = sin(hue);
  double A = lab[1], B = lab[2];
  lab[0] = lab[0] + gate * (w * c->band_light[i] + (1 - w) * c->band_light[j]);
  lab[1] = (A * co - B * si) * chroma;
  lab[2] = (A * si + B * co) * chroma;
}

/* The residual cell holding (r, g, b) (clamped to the cube; the last cell holds 1): its first node,
 * the three axis strides and the fractions within it. Shared by both readers, as C#'s
 * LookResidual.Cell. */
typedef struct {
  const float *node;
  size_t sr, sg, sb;
  double dr, dg, db;
} residual_cell;

static residual_cell cell_of(const lb_look *look, double r, double g, double b) {
  int size = look->residual_size, n = size - 1;
  double fr = clamp(r, 0, 1) * n, fg = clamp(g, 0, 1) * n, fb = clamp(b, 0, 1) * n;
  int ir = (int)fr < n - 1 ? (int)fr : n - 1;
  int ig = (int)fg < n - 1 ? (int)fg : n - 1;
  int ib = (int)fb < n - 1 ? (int)fb : n - 1;
  residual_cell c;
  c.sr = 3;
  c.sg = 3 * (size_t)size;
  c.sb = 3 * (size_t)size * (size_t)size;
  c.node = look->residual + (size_t)ib * c.sb + (size_t)ig * c.sg + (size_t)ir * c.sr;
  c.dr = fr - ir;
  c.dg = fg - ig;
  c.db = fb - ib;
  return c;
}

/* Trilinear residual at the shaped input, added into rgb (versions 1 to 3). */
static void add_trilinear(const lb_look *look, double r, double g, double b, double rgb[3]) {
  residual_cell c = cell_of(look, r, g, b);
  size_t sx = c.sr, sy = c.sg, sz = c.sb;
  double dr = c.dr, dg = c.dg, db = c.db;
  const float *d = c.node;
  for (int ch = 0; ch < 3; ch++) {
    const float *p = d + ch;
    double c00 = p[0] + (p[sx] - p[0]) * dr;
    double c10 = p[sy] + (p[sy + sx] - p[sy]) * dr;
    double c01 = p[sz] + (p[sz + sx] - p[sz]) * dr;
    double c11 = p[sz + sy] + (p[sz + sy + sx] - p[sz + sy]) * dr;
    double e0 = c00 + (c10 - c00) * dg;
    double e1 = c01 + (c11 - c01) * dg;
    rgb[ch] += e0 + (e1 - e0) * db;
  }
}

/* A control point's weight into w (nodes first, first + 1, ...); a point past an end is
 * the linear continuation c[-1] = 2 c[0] - c[1], c[n+1] = 2 c[n] - c[n-1]. */
static void add_weight(double w[4], int first, int n, int node, double weight) {
  if (node < 0) {
    w[-first] += 2 * weight;
    w[1 - first] -= weight;
  } else if (node > n) {
    w[n - first] += 2 * weight;
    w[n - 1 - first] -= weight;
  } else {
    w[node - first] += weight;
  }
}

/* One axis of the uniform cubic B-spline at x (docs/look.md, step 9): the weights of the nodes
 * *first, *first + 1, ...; returns how many (4, or the size when smaller). */
static int bspline_axis(int size, double x, int *first, double w[4]) {
  int n = size - 1;
  double f = clamp(x, 0, 1) * n;
  int i = (int)f < n - 1 ? (int)f : n - 1;
  double t = f - i, s = 1 - t, t2 = t * t, t3 = t2 * t;
  int count = size < 4 ? size : 4;
  int lo = i - 1 < size - count ? i - 1 : size - count;
  *first = lo > 0 ? lo : 0;
  for (int k = 0; k < 4; k++) w[k] = 0;
  add_weight(w, *first, n, i - 1, s * s * s / 6);
  add_weight(w, *first, n, i, (3 * t3 - 6 * t2 + 4) / 6);
  add_weight(w, *first, n, i + 1, (-3 * t3 + 3 * t2 + 3 * t + 1) / 6);
  add_weight(w, *first, n, i + 2, t3 / 6);
  return count;
}

/* Cubic B-spline residual (version 4), summed in C#'s order: blue outermost, red innermost. */
static void add_bspline(const lb_look *look, double r, double g, double b, double rgb[3]) {
  int size = look->residual_size;
  double wr[4], wg[4], wb[4];
  int fr, fg, fb;
  int nr = bspline_axis(size, r, &fr, wr), ng = bspline_axis(size, g, &fg, wg), nb = bspline_axis(size, b, &fb, wb);
  for (int ch = 0; ch < 3; ch++) {
    double sum_b = 0;
    for (int kb = 0; kb < nb; kb++) {
      double sum_g = 0;
      for (int kg = 0; kg < ng; kg++) {
        size_t row = 3 * (((size_t)(fb + kb) * (size_t)size + (size_t)(fg + kg)) * (size_t)size + (size_t)fr) + (size_t)ch;
        double sum_r = 0;
        for (int kr = 0; kr < nr; kr++) sum_r += wr[kr] * look->residual[row + 3 * (size_t)kr];
        sum_g += wg[kg] * sum_r;
      }
      sum_b += wb[kb] * sum_g;
    }
    rgb[ch] += sum_b;
  }
}

/* Tetrahedral residual (version 5), as C#'s LookResidual: from node (0,0,0) to (1,1,1) along the axes
 * in decreasing order of fraction (ties: red, green, blue), the four nodes weighted 1 - f1, f1 - f2,
 * f2 - f3 and f3. */
static void add_tetrahedral(const lb_look *look, double r, double g, double b, double rgb[3]) {
  residual_cell c = cell_of(look, r, g, b);
  size_t sr = c.sr, sg = c.sg, sb = c.sb;
  double dr = c.dr, dg = c.dg, db = c.db;
  size_t s1, s2;
  double f1, f2, f3;
  if (dr >= dg) {
    if (dg >= db) { s1 = sr; s2 = sg; f1 = dr; f2 = dg; f3 = db; }
    else if (dr >= db) { s1 = sr; s2 = sb; f1 = dr; f2 = db; f3 = dg; }
    else { s1 = sb; s2 = sr; f1 = db; f2 = dr; f3 = dg; }
  } else {
    if (db > dg) { s1 = sb; s2 = sg; f1 = db; f2 = dg; f3 = dr; }
    else if (db > dr) { s1 = sg; s2 = sb; f1 = dg; f2 = db; f3 = dr; }
    else { s1 = sg; s2 = sr; f1 = dg; f2 = dr; f3 = db; }
  }
  double w0 = 1 - f1, w1 = f1 - f2, w2 = f2 - f3;
  const float *d0 = c.node;
  const float *d1 = d0 + s1, *d2 = d1 + s2, *d3 = d0 + sr + sg + sb;
  for (int ch = 0; ch < 3; ch++) rgb[ch] += w0 * d0[ch] + w1 * d1[ch] + w2 * d2[ch] + f3 * d3[ch];
}

static void add_residual(const lb_look *look, double r, double g, double b, double rgb[3]) {
  if (look->residual_tetrahedral) add_tetrahedral(look, r, g, b, rgb);
  else if (look->residual_cubic) add_bspline(look, r, g, b, rgb);
  else add_trilinear(look, r, g, b, rgb);
}

/* Steps 2-7 on a shaped colour s: input curves, OKLab operations, sRGB, RGB curves (unclipped). */
static void parametric(const lb_look_compiled *c, const matrices *mx, const double s[3], double p[3]) {
  double u[3] = {s[0], s[1], s[2]};
  if (c->input_curves)
    for (int ch = 0; ch < 3; ch++) u[ch] = rgb_curve(c->in_knots[ch], c->in_tangents[ch], s[ch]);
  double lab[3];
  to_oklab(c, u[0], u[1], u[2], lab);
  lab[0] = light(c, lab[0]);
  double c0 = sqrt(lab[1] * lab[1] + lab[2] * lab[2]);
  double h0 = atan2(lab[2], lab[1]) * (180.0 / LB_PI);
  colour(c, lab[0], &lab[1], &lab[2], c0);
  bands(c, lab, c0, h0);
  to_srgb(mx, lab[0], lab[1], lab[2], p);
  if (c->rgb_curves)
    for (int ch = 0; ch < 3; ch++) p[ch] = rgb_curve(c->rgb_knots[ch], c->rgb_tangents[ch], p[ch]);
}

static void eval_display(const lb_look *look, const matrices *mx, double r, double g, double b, double out[3]) {
  const lb_look_compiled *c = &look->c;
  double x[3] = {clamp_input(r), clamp_input(g), clamp_input(b)};
  double s[3] = {x[0], x[1], x[2]};
  if (look->shaper_knots > 0)
    for (int ch = 0; ch < 3; ch++) s[ch] = shape(look, ch, x[ch]);
  double p[3];
  if (look->anchored) {
    /* The residual makes the Look at the anchor; moved sliders add their change. */
    double q[3] = {s[0], s[1], s[2]};
    add_residual(look, s[0], s[1], s[2], q);
    if (look->anchor_differs) {
      double a[3];
      parametric(c, mx, s, p);
      parametric(&look->anchor_c, mx, s, a);
      for (int ch = 0; ch < 3; ch++) q[ch] += p[ch] - a[ch];
    }
    for (int ch = 0; ch < 3; ch++) p[ch] = q[ch];
  } else {
    parametric(c, mx, s, p);
    if (look->residual_size > 0) add_residual(look, s[0], s[1], s[2], p);
  }
  for (int ch = 0; ch < 3; ch++) out[ch] = clamp(x[ch] + c->strength * (p[ch] - x[ch]), 0, 1);
}

/* The camera stage's display value of one linear Rec. 709 channel: clip at 0, shoulder, clip at 1, encode. */
static double stage_display(const lb_look *look, double v) {
  v = max0(v);
  if (look->stage_shoulder) {
    double white = look->stage_white;
    v = look->stage_gain * (v * (1 + v / (white * white)) / (1 + v));
  }
  return srgb_encode(v < 1 ? v : 1);
}

/* Node (r, g, b) of the stage through the rest of the Look; 0 when its weight is 0 (not evaluated). */
static void stage_corner(const lb_look *look, const matrices *mx, double weight, int r, int g, int b, double y[3]) {
  if (weight == 0) {
    y[0] = y[1] = y[2] = 0;
    return;
  }
  int n = look->stage_size, shared = look->stage_shared;
  const float *cv = look->stage_curves;
  double lr = cv[r], lg = cv[shared ? g : n + g], lb = cv[shared ? b : 2 * n + b];
  const double *m = look->stage_matrix;
  eval_display(look, mx, stage_display(look, m[0] * lr + m[1] * lg + m[2] * lb), stage_display(look, m[3] * lr + m[4] * lg + m[5] * lb),
               stage_display(look, m[6] * lr + m[7] * lg + m[8] * lb), y);
}

/* Step 0 (docs/look.md): with a camera stage the input is code values; the rest of the Look runs at
 * the display colours of the stage's nodes around it, interpolated tetrahedrally (the walk and tie
 * order of add_tetrahedral). Without one, steps 1-10 on the input. */
static void eval_point(const lb_look *look, const matrices *mx, double r, double g, double b, double out[3]) {
  if (look->stage_size == 0) {
    eval_display(look, mx, r, g, b, out);
    return;
  }
  int n = look->stage_size - 1;
  double fr = clamp_input(r) * n, fg = clamp_input(g) * n, fb = clamp_input(b) * n;
  int ir = (int)fr, ig = (int)fg, ib = (int)fb;
  if (ir > n - 1) ir = n - 1;
  if (ig > n - 1) ig = n - 1;
  if (ib > n - 1) ib = n - 1;
  double dr = fr - ir, dg = fg - ig, db = fb - ib;
  int a1, a2; /* axes of the first two steps: 0 red, 1 green, 2 blue */
  double f1, f2, f3;
  if (dr >= dg) {
    if (dg >= db) { a1 = 0; a2 = 1; f1 = dr; f2 = dg; f3 = db; }
    else if (dr >= db) { a1 = 0; a2 = 2; f1 = dr; f2 = db; f3 = dg; }
    else { a1 = 2; a2 = 0; f1 = db; f2 = dr; f3 = dg; }
  } else {
    if (db > dg) { a1 = 2; a2 = 1; f1 = db; f2 = dg; f3 = dr; }
    else if (db > dr) { a1 = 1; a2 = 2; f1 = dg; f2 = db; f3 = dr; }
    else { a1 = 1; a2 = 0; f1 = dg; f2 = dr; f3 = db; }
  }
  double w0 = 1 - f1, w1 = f1 - f2, w2 = f2 - f3;
  double y0[3], y1[3], y2[3], y3[3];
  stage_corner(look, mx, w0, ir, ig, ib, y0);
  stage_corner(look, mx, w1, ir + (a1 == 0), ig + (a1 == 1), ib + (a1 == 2), y1);
  stage_corner(look, mx, w2, ir + (a1 == 0 || a2 == 0), ig + (a1 == 1 || a2 == 1), ib + (a1 == 2 || a2 == 2), y2);
  stage_corner(look, mx, f3, ir + 1, ig + 1, ib + 1, y3);
  for (int ch = 0; ch < 3; ch++) out[ch] = clamp(w0 * y0[ch] + w1 * y1[ch] + w2 * y2[ch] + f3 * y3[ch], 0, 1);
}

void lb_look_eval(const lb_look *look, double r, double g, double b, double out[3]) {
  if (out == NULL) return;
  if (look == NULL) { /* no Look changes nothing */
    out[0] = clamp_input(r), out[1] = clamp_input(g), out[2] = clamp_input(b);
    return;
  }
  matrices mx = inverses();
  eval_point(look, &mx, r, g, b, out);
}

int lb_look_bake(const lb_look *look, int size, float *out, size_t out_floats, lb_look_error *err) {
  if (look == NULL || out == NULL) return lb_look_fail(err, LB_LOOK_ERR_ARGUMENT, "bake: NULL look or output");
  if (size < LB_LOOK_BAKE_MIN_SIZE || size > LB_LOOK_BAKE_MAX_SIZE)
    return lb_look_fail(err, LB_LOOK_ERR_ARGUMENT, "bake: size %d is outside %d..%d", size, LB_LOOK_BAKE_MIN_SIZE,
                        LB_LOOK_BAKE_MAX_SIZE);
  size_t n = (size_t)size, need = n * n * n * 3; /* <= 256^3 * 3: no overflow */
  if (out_floats < need)
    return lb_look_fail(err, LB_LOOK_ERR_ARGUMENT, "bake: output holds %zu floats, a %d^3 lattice needs %zu", out_floats,
                        size, need);
  matrices mx = inverses();
  double step = 1.0 / (size - 1);
  float *o = out;
  for (int b = 0; b < size; b++)
    for (int g = 0; g < size; g++)
      for (int r = 0; r < size; r++) {
        double rgb[3];
        eval_point(look, &mx, r * step, g * step, b * step, rgb);
        *o++ = (float)rgb[0];
        *o++ = (float)rgb[1];
        *o++ = (float)rgb[2];
      }
  return LB_LOOK_OK;
}
