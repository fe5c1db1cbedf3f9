/* The C evaluator against the C# one: every Look in tests/vectors/look/looks.tsv is
 * decoded from its .look bytes, baked at the vector's size and evaluated at the vector's
 * points; the largest difference from the C# results must be <= 1e-4. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lutbridge/look.h"
#include "vector_files.h"

#define TOLERANCE 1e-4

typedef struct run {
  const char *dir;
  double worst;
  int vectors;
} run;

static double compare(const char *what, const float *actual, const unsigned char *expected, size_t count) {
  double worst = 0;
  size_t at = 0;
  for (size_t i = 0; i < count; i++) {
    double d = fabs((double)actual[i] - (double)vf_float(expected + 4 * i));
    if (!(d <= worst)) worst = d, at = i; /* NaN counts as the worst */
  }
  if (!(worst <= TOLERANCE))
    vf_fail("%s: value %zu is %.9g, C# says %.9g (diff %.3g)", what, at, (double)actual[at],
            (double)vf_float(expected + 4 * at), worst);
  return worst;
}

static void check_vector(char **f, int count, void *user) {
  run *r = user;
  if (count < 2) {
    vf_fail("looks.tsv: short row");
    return;
  }
  const char *name = f[0];
  int size = atoi(f[1]);
  char file[512];
  size_t len;

  vf_name(file, sizeof file, "%s.look", name);
  unsigned char *bytes = vf_read(r->dir, file, &len);
  lb_look *look = NULL;
  lb_look_error err;
  int rc = lb_look_decode(bytes, len, &look, &err);
  free(bytes);
  if (rc != LB_LOOK_OK) {
    vf_fail("%s: decode failed: %s (%s)", name, err.message, lb_look_status_name(rc));
    return;
  }

  vf_name(file, sizeof file, "%s.lattice", name);
  unsigned char *expected = vf_read(r->dir, file, &len);
  size_t floats = (size_t)size * (size_t)size * (size_t)size * 3;
  if (len != floats * 4) {
    vf_fail("%s: %zu bytes, a %d^3 lattice has %zu", file, len, size, floats * 4);
  } else {
    float *lattice = malloc(floats * sizeof *lattice);
    if (lattice == NULL) exit(2);
    rc = lb_look_bake(look, size, lattice, floats, &err);
    if (rc != LB_LOOK_OK) vf_fail("%s: bake failed: %s", name, err.message);
    else {
      double w = compare(file, lattice, expected, floats);
      if (w > r->worst) r->worst = w;
    }
    free(lattice);
  }
  free(expected);

  vf_name(file, sizeof file, "%s.points", name);
  unsigned char *points = vf_read(r->dir, file, &len);
  if (len == 0 || len % 24 != 0) vf_fail("%s: %zu bytes is not a whole number of points", file, len);
  size_t n = len / 24;
  float *out = malloc((n > 0 ? n : 1) * 3 * sizeof *out);
  unsigned char *want = malloc((n > 0 ? n : 1) * 12);
  if (out == NULL || want == NULL) exit(2);
  for (size_t i = 0; i < n; i++) {
    const unsigned char *p = points + 24 * i;
    double rgb[3];
    lb_look_eval(look, vf_float(p), vf_float(p + 4), vf_float(p + 8), rgb);
    for (int c = 0; c < 3; c++) out[3 * i + c] = (float)rgb[c];
    memcpy(want + 12 * i, p + 12, 12);
  }
  double w = compare(file, out, want, 3 * n);
  if (w > r->worst) r->worst = w;
  free(out);
  free(want);
  free(points);
  lb_look_free(look);
  r->vectors++;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s VECTOR_DIR\n", argv[0]);
    return 2;
  }
  run r = {argv[1], 0, 0};
  size_t len;
  char *manifest = (char *)vf_read(r.dir, "looks.tsv", &len);
  int rows = vf_rows(manifest, 3, check_vector, &r);
  free(manifest);
  if (rows < 10) vf_fail("looks.tsv lists only %d vectors", rows);
  printf("%d Look vectors: C vs C# max abs diff %.3g (limit %g)\n", r.vectors, r.worst, TOLERANCE);
  return vf_failures();
}
