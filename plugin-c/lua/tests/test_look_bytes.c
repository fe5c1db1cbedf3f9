/*
 * The panel's slider edits (look_bytes.c) on real Look bytes written by C#: moving sliders of
 * an anchored Look must keep its anchor. tests/vectors/look/anchored_moved.look is C#'s own
 * encoding of anchored.look (version 3) with three sliders moved and strength 0.8, so applying
 * its parameters to anchored.look must give the same bytes, and the same colours. The same for
 * a fitted version 4 Look (range-coded sliders; the panel writes them back as a map, so there
 * the colours and slider values must agree, not the bytes), and for a version 6 Look, whose
 * camera stage (the seventh item) must come through the edit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "look_bytes.h"
#include "lutbridge/look.h"

static unsigned char *read_file(const char *dir, const char *name, size_t *len) {
  char path[4096];
  if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) return NULL;
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  unsigned char *buf = malloc(1 << 20);
  size_t n = buf ? fread(buf, 1, 1 << 20, f) : 0;
  fclose(f);
  if (buf == NULL || n == 0 || n == 1 << 20) { free(buf); return NULL; }
  *len = n;
  return buf;
}

static int fail(const char *what) {
  fprintf(stderr, "test_look_bytes: %s\n", what);
  return 1;
}

/* Parameters of a Look as lb_look_param entries, by index (a map or range-coded steps). */
static size_t params_of(const unsigned char *bytes, size_t len, lb_look_param *out) {
  msgpack_unpacked u;
  msgpack_unpacked_init(&u);
  size_t n = 0;
  static int64_t steps[LB_LOOK_MAX_PARAMS];
  if (lb_look_open(bytes, len, &u) == NULL && lb_look_read_params(&u.data, steps) == NULL)
    for (int i = 0; i < LB_LOOK_MAX_PARAMS; i++)
      if (steps[i] != 0) out[n].index = i, out[n].steps = steps[i], n++;
  msgpack_unpacked_destroy(&u);
  return n;
}

/* look_set(base, parameters of moved) must reproduce moved: its colours always, its bytes when same_bytes. */
static int check_edit(const char *dir, const char *base_name, const char *moved_name, int same_bytes) {
  size_t alen = 0, mlen = 0;
  unsigned char *anchored = read_file(dir, base_name, &alen), *moved = read_file(dir, moved_name, &mlen);
  if (anchored == NULL || moved == NULL) return fail("cannot read a vector");
  static lb_look_param params[LB_LOOK_MAX_PARAMS];
  size_t count = params_of(moved, mlen, params);
  if (count == 0) return fail("the moved vector has no parameters");

  msgpack_unpacked look;
  msgpack_unpacked_init(&look);
  if (lb_look_open(anchored, alen, &look) != NULL) return fail("the base vector does not open");
  msgpack_sbuffer out;
  msgpack_sbuffer_init(&out);
  const char *problem = lb_look_repack(&look.data, params, count, &out);
  msgpack_unpacked_destroy(&look);
  if (problem) return fail(problem);
  int failures = 0;
  if (same_bytes && (out.size != mlen || memcmp(out.data, moved, mlen) != 0)) {
    fprintf(stderr, "test_look_bytes: repacked %zu bytes differ from C#'s %zu bytes\n", out.size, mlen);
    failures++;
  }
  static lb_look_param again[LB_LOOK_MAX_PARAMS];
  size_t count_again = params_of((const unsigned char *)out.data, out.size, again);
  if (count_again != count || memcmp(again, params, count * sizeof *params) != 0) {
    fprintf(stderr, "test_look_bytes: %s: the edited Look's sliders differ from C#'s\n", moved_name);
    failures++;
  }
  /* The colours too, through the C evaluator: the moved sliders change them, the anchor stays. */
  lb_look *a = NULL, *b = NULL, *base = NULL;
  lb_look_error err;
  if (lb_look_decode(out.data, out.size, &a, &err) != LB_LOOK_OK) return fail(err.message);
  if (lb_look_decode(moved, mlen, &b, &err) != LB_LOOK_OK) return fail(err.message);
  if (lb_look_decode(anchored, alen, &base, &err) != LB_LOOK_OK) return fail(err.message);
  double changed = 0;
  for (int i = 0; i < 64; i++) {
    double r = (i & 3) / 3.0, g = ((i >> 2) & 3) / 3.0, bl = (i >> 4) / 3.0, x[3], y[3], z[3];
    lb_look_eval(a, r, g, bl, x);
    lb_look_eval(b, r, g, bl, y);
    lb_look_eval(base, r, g, bl, z);
    for (int c = 0; c < 3; c++) {
      if (x[c] != y[c]) failures++;
      changed += (x[c] - z[c]) * (x[c] - z[c]);
    }
  }
  if (changed < 1e-4) { fprintf(stderr, "test_look_bytes: moving sliders did not change the colours (%g)\n", changed); failures++; }
  lb_look_free(a);
  lb_look_free(b);
  lb_look_free(base);
  msgpack_sbuffer_destroy(&out);
  free(anchored);
  free(moved);
  if (failures) return fail(moved_name);
  printf("look_set on %s: same %s as C#'s edit (%zu parameters)\n", base_name, same_bytes ? "bytes and colours" : "sliders and colours", count);
  return 0;
}

/* Version 4 sliders whose range-coded stream is damaged (the shared invalid vectors): the panel
 * must refuse to read them rather than show made-up values. */
static int check_damaged(const char *dir, const char *name) {
  size_t len = 0;
  unsigned char *bytes = read_file(dir, name, &len);
  if (bytes == NULL) return fail("cannot read an invalid vector");
  msgpack_unpacked u;
  msgpack_unpacked_init(&u);
  static int64_t steps[LB_LOOK_MAX_PARAMS];
  const char *problem = lb_look_open(bytes, len, &u);
  if (problem == NULL) problem = lb_look_read_params(&u.data, steps);
  msgpack_unpacked_destroy(&u);
  free(bytes);
  if (problem == NULL) return fail(name);
  printf("%s refused: %s\n", name, problem);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) return fail("usage: test_look_bytes VECTOR_DIR");
  int failures = check_edit(argv[1], "anchored.look", "anchored_moved.look", 1);
  failures += check_edit(argv[1], "fit_kodak_kodachrome_64.look", "fit_kodak_kodachrome_64_moved.look", 0);
  failures += check_edit(argv[1], "camera_anchored.look", "camera_shoulder.look", 0); /* version 6: the stage is kept */
  failures += check_damaged(argv[1], "invalid/params_v4_trailing.look");
  failures += check_damaged(argv[1], "invalid/params_v4_short.look");
  return failures ? 1 : 0;
}
