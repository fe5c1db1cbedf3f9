#define _POSIX_C_SOURCE 199309L /* clock_gettime */
/* Speed of the C evaluator (not a test): bakes a Look at 17^3, 33^3 and 65^3 on one thread
 * and prints milliseconds and lattice points per second. tests/bench/look-c-vs-cs.sh runs
 * it beside the C# evaluator. Usage: look_bench [LOOK_FILE] (default: every slider moved
 * 30% of the way to its maximum, no shaper or residual). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lutbridge/look.h"

static double now(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return 0;
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static lb_look *load(const char *path) {
  lb_look *look = NULL;
  lb_look_error err;
  if (path == NULL) {
    double v[LB_LOOK_PARAM_COUNT];
    for (int i = 0; i < LB_LOOK_PARAM_COUNT; i++) {
      const lb_look_param_info *p = &lb_look_params()[i];
      v[i] = p->neutral + 0.3 * (p->max - p->neutral);
    }
    if (lb_look_from_values(v, &look, &err) != LB_LOOK_OK) fprintf(stderr, "look_bench: %s\n", err.message);
    return look;
  }
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return NULL;
  }
  static unsigned char buf[LB_LOOK_MAX_BYTES];
  size_t len = fread(buf, 1, sizeof buf, f);
  if (ferror(f) || fclose(f) != 0) {
    fprintf(stderr, "look_bench: cannot read %s\n", path);
    return NULL;
  }
  if (lb_look_decode(buf, len, &look, &err) != LB_LOOK_OK) fprintf(stderr, "look_bench: %s: %s\n", path, err.message);
  return look;
}

int main(int argc, char **argv) {
  lb_look *look = load(argc > 1 ? argv[1] : NULL);
  if (look == NULL) return 2;
  static const int sizes[] = {17, 33, 65};
  for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
    int n = sizes[s];
    size_t floats = (size_t)n * (size_t)n * (size_t)n * 3;
    float *lattice = malloc(floats * sizeof *lattice);
    if (lattice == NULL) return 2;
    lb_look_error err;
    int reps = n <= 17 ? 20 : n <= 33 ? 4 : 1;
    double t0 = now();
    for (int r = 0; r < reps; r++)
      if (lb_look_bake(look, n, lattice, floats, &err) != LB_LOOK_OK) {
        fprintf(stderr, "look_bench: %s\n", err.message);
        return 2;
      }
    double seconds = (now() - t0) / reps;
    printf("bake %3d^3: %8.2f ms  %6.2f M points/s (one thread)\n", n, 1e3 * seconds, (double)floats / 3 / seconds / 1e6);
    free(lattice);
  }
  lb_look_free(look);
  return 0;
}
