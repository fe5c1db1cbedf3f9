/* The decoder: the shared invalid vectors (C# rejects the same files), every truncation of
 * every valid vector, Looks written by msgpack-c's own packer, and the API's argument
 * checks. Runs under ASan/UBSan: no crash, leak or undefined behaviour on any of them. */
#include <math.h>
#include <msgpack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lutbridge/look.h"
#include "vector_files.h"

static const char *dir;

static int decode(const void *bytes, size_t len, lb_look **look, lb_look_error *err) {
  *look = (lb_look *)(uintptr_t)1; /* must be reset to NULL on failure */
  memset(err, 0, sizeof *err);
  return lb_look_decode(bytes, len, look, err);
}

static void check_invalid(char **f, int count, void *user) {
  int *rows = user;
  (*rows)++;
  if (count < 3) {
    vf_fail("invalid.tsv: short row");
    return;
  }
  char file[512];
  vf_name(file, sizeof file, "invalid/%s", f[0]);
  size_t len;
  unsigned char *bytes = vf_read(dir, file, &len);
  lb_look *look;
  lb_look_error err;
  int rc = decode(bytes, len, &look, &err);
  int want = strcmp(f[1], "version") == 0 ? LB_LOOK_ERR_VERSION : LB_LOOK_ERR_FORMAT;
  if (rc != want) vf_fail("%s (%s): got %s (%s), expected a %s error", f[0], f[2], lb_look_status_name(rc), err.message, f[1]);
  if (rc != LB_LOOK_OK && (look != NULL || err.code != rc || err.message[0] == '\0'))
    vf_fail("%s: failure without NULL look, code and message", f[0]);
  if (rc == LB_LOOK_OK) lb_look_free(look);
  free(bytes);
}

static void check_truncations(char **f, int count, void *user) {
  int *cuts = user;
  if (count < 1) return;
  char file[512];
  vf_name(file, sizeof file, "%s.look", f[0]);
  size_t len;
  unsigned char *bytes = vf_read(dir, file, &len);
  lb_look *look;
  lb_look_error err;
  if (decode(bytes, len, &look, &err) != LB_LOOK_OK) vf_fail("%s: %s", file, err.message);
  else lb_look_free(look);
  for (size_t n = 0; n < len; n++) {
    /* A copy of exactly n bytes, so ASan sees any read past the end. */
    unsigned char *cut = malloc(n > 0 ? n : 1);
    if (cut == NULL) exit(2);
    memcpy(cut, bytes, n);
    int rc = decode(cut, n, &look, &err);
    if (rc != LB_LOOK_ERR_FORMAT) {
      vf_fail("%s cut to %zu bytes: %s (%s)", file, n, lb_look_status_name(rc), err.message);
      if (rc == LB_LOOK_OK) lb_look_free(look);
    }
    free(cut);
    (*cuts)++;
  }
  free(bytes);
}

/* mutations.tsv: single-byte changes of a few vectors and C#'s verdict on each (and its
 * colour at one point when it accepts). The C decoder must agree on every one. */
typedef struct mutation_run {
  int rows, accepted;
  double worst;
} mutation_run;

static void check_mutation(char **f, int count, void *user) {
  mutation_run *m = user;
  m->rows++;
  if (count < 4) {
    vf_fail("mutations.tsv: short row");
    return;
  }
  char file[512];
  vf_name(file, sizeof file, "%s.look", f[0]);
  size_t len;
  unsigned char *bytes = vf_read(dir, file, &len);
  long offset = strtol(f[1], NULL, 10), value = strtol(f[2], NULL, 10);
  if (offset < 0 || (size_t)offset >= len || value < 0 || value > 255) {
    vf_fail("mutations.tsv: %s offset %s byte %s out of range", f[0], f[1], f[2]);
    free(bytes);
    return;
  }
  bytes[offset] = (unsigned char)value;
  lb_look *look;
  lb_look_error err;
  int rc = decode(bytes, len, &look, &err);
  const char *kind = rc == LB_LOOK_OK ? "ok" : rc == LB_LOOK_ERR_VERSION ? "version" : rc == LB_LOOK_ERR_FORMAT ? "format" : "other";
  if (strcmp(kind, f[3]) != 0) {
    vf_fail("%s with byte %s = %s: C says %s (%s), C# says %s", f[0], f[1], f[2], kind, err.message, f[3]);
  } else if (rc == LB_LOOK_OK) {
    double out[3];
    lb_look_eval(look, 0.3, 0.6, 0.9, out);
    for (int c = 0; c < 3 && count >= 7; c++) {
      double d = fabs(out[c] - strtod(f[4 + c], NULL));
      if (!(d <= 1e-4)) vf_fail("%s with byte %s = %s: channel %d is %.9g, C# says %s", f[0], f[1], f[2], c, out[c], f[4 + c]);
      if (d > m->worst) m->worst = d;
    }
    m->accepted++;
  }
  if (rc == LB_LOOK_OK) lb_look_free(look);
  free(bytes);
}

/* A Look written with msgpack-c's packer, not with our C# codec. */
static void check_msgpack_c_written(void) {
  msgpack_sbuffer sb;
  msgpack_sbuffer_init(&sb);
  msgpack_packer pk;
  msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
  unsigned char shaper[12], residual[24];
  for (int i = 0; i < 6; i++) shaper[2 * i] = 0, shaper[2 * i + 1] = (unsigned char)(i % 2 ? 0xff : 0x00);
  for (int i = 0; i < 24; i++) residual[i] = (unsigned char)(int8_t)(i - 12);
  int bad = msgpack_pack_array(&pk, 6) || msgpack_pack_str_with_body(&pk, "lutbridge.look", 14) ||
            msgpack_pack_int(&pk, 1) || msgpack_pack_map(&pk, 3) ||
            msgpack_pack_int(&pk, 0) || msgpack_pack_int(&pk, 700) ||      /* exposure 0.7 */
            msgpack_pack_int(&pk, 23) || msgpack_pack_int(&pk, -200) ||    /* red_hue -10 */
            msgpack_pack_int(&pk, 47) || msgpack_pack_int(&pk, -400) ||    /* strength 0.6 */
            msgpack_pack_array(&pk, 2) || msgpack_pack_int(&pk, 2) || msgpack_pack_bin_with_body(&pk, shaper, sizeof shaper) ||
            msgpack_pack_array(&pk, 4) || msgpack_pack_int(&pk, 2) || msgpack_pack_float(&pk, 0.01f) ||
            msgpack_pack_int(&pk, 8) || msgpack_pack_bin_with_body(&pk, residual, sizeof residual) ||
            msgpack_pack_str_with_body(&pk, "t\xc3\xa9st", 5);
  if (bad) {
    vf_fail("msgpack-c could not pack");
    msgpack_sbuffer_destroy(&sb);
    return;
  }
  lb_look *look;
  lb_look_error err;
  if (decode(sb.data, sb.size, &look, &err) != LB_LOOK_OK) {
    vf_fail("msgpack-c-written Look: %s", err.message);
  } else {
    /* neutral + steps * step, in double like C#: equal to the decimal value within 1e-12 */
    if (fabs(lb_look_value(look, 0) - 0.7) > 1e-12 || fabs(lb_look_value(look, 23) + 10) > 1e-12 ||
        fabs(lb_look_value(look, 47) - 0.6) > 1e-12 ||
        lb_look_value(look, 14) != 0.0 || lb_look_value(look, 2) != 0.5)
      vf_fail("msgpack-c-written Look: values %g %g %g", lb_look_value(look, 0), lb_look_value(look, 23), lb_look_value(look, 47));
    if (lb_look_shaper_knots(look) != 2 || lb_look_residual_size(look) != 2 || strcmp(lb_look_title(look), "t\xc3\xa9st") != 0)
      vf_fail("msgpack-c-written Look: shaper %d, residual %d, title '%s'", lb_look_shaper_knots(look),
              lb_look_residual_size(look), lb_look_title(look));
    if (!isnan(lb_look_value(look, -1)) || !isnan(lb_look_value(look, LB_LOOK_PARAM_COUNT))) vf_fail("value index not checked");
    lb_look_free(look);
  }
  /* The same with a float64 scale (msgpack_pack_double) must be refused, as C# refuses it. */
  msgpack_sbuffer_clear(&sb);
  bad = msgpack_pack_array(&pk, 6) || msgpack_pack_str_with_body(&pk, "lutbridge.look", 14) || msgpack_pack_int(&pk, 1) ||
        msgpack_pack_map(&pk, 0) || msgpack_pack_nil(&pk) || msgpack_pack_array(&pk, 4) || msgpack_pack_int(&pk, 2) ||
        msgpack_pack_double(&pk, 0.01) || msgpack_pack_int(&pk, 8) || msgpack_pack_bin_with_body(&pk, residual, sizeof residual) ||
        msgpack_pack_nil(&pk);
  if (bad) vf_fail("msgpack-c could not pack");
  else if (decode(sb.data, sb.size, &look, &err) != LB_LOOK_ERR_FORMAT) vf_fail("float64 residual scale accepted");
  msgpack_sbuffer_destroy(&sb);
}

static void check_arguments(void) {
  lb_look *look;
  lb_look_error err;
  if (lb_look_decode("x", 1, NULL, &err) != LB_LOOK_ERR_ARGUMENT) vf_fail("NULL out accepted");
  if (lb_look_decode(NULL, 3, &look, &err) != LB_LOOK_ERR_ARGUMENT || look != NULL) vf_fail("NULL bytes accepted");
  size_t big = (size_t)LB_LOOK_MAX_BYTES + 1;
  unsigned char *huge = calloc(big, 1);
  if (huge == NULL) exit(2);
  huge[0] = 0x96;
  if (lb_look_decode(huge, big, &look, &err) != LB_LOOK_ERR_TOO_LARGE) vf_fail("oversized input: %s", err.message);
  free(huge);
  if (lb_look_decode(NULL, 0, &look, NULL) != LB_LOOK_ERR_FORMAT) vf_fail("empty input accepted (err NULL)");

  double values[LB_LOOK_PARAM_COUNT];
  for (int i = 0; i < LB_LOOK_PARAM_COUNT; i++) values[i] = lb_look_params()[i].neutral;
  values[14] = 1.5; /* saturation max is 1 */
  if (lb_look_from_values(values, &look, &err) != LB_LOOK_ERR_ARGUMENT || look != NULL) vf_fail("out-of-range value accepted");
  values[14] = NAN;
  if (lb_look_from_values(values, &look, &err) != LB_LOOK_ERR_ARGUMENT) vf_fail("NaN value accepted");
  if (lb_look_from_values(NULL, &look, &err) != LB_LOOK_OK) {
    vf_fail("neutral Look: %s", err.message);
    return;
  }
  float lattice[3 * 27];
  if (lb_look_bake(look, 1, lattice, 81, &err) != LB_LOOK_ERR_ARGUMENT) vf_fail("bake size 1 accepted");
  if (lb_look_bake(look, 257, lattice, 81, &err) != LB_LOOK_ERR_ARGUMENT) vf_fail("bake size 257 accepted");
  if (lb_look_bake(look, 3, lattice, 80, &err) != LB_LOOK_ERR_ARGUMENT) vf_fail("small bake buffer accepted");
  if (lb_look_bake(NULL, 3, lattice, 81, &err) != LB_LOOK_ERR_ARGUMENT) vf_fail("NULL look baked");
  if (lb_look_bake(look, 3, lattice, 81, &err) != LB_LOOK_OK) vf_fail("bake 3: %s", err.message);
  /* The neutral Look is the identity: lattice point i of 3 is i / 2. */
  for (int i = 0; i < 81; i++) {
    int node = i / 3, c = i % 3;
    int k = c == 0 ? node % 3 : c == 1 ? node / 3 % 3 : node / 9;
    if (fabsf(lattice[i] - 0.5f * (float)k) > 1e-6f) vf_fail("neutral bake: entry %d is %g", i, (double)lattice[i]);
  }
  double out[3];
  lb_look_eval(look, NAN, -2.0, INFINITY, out);
  if (fabs(out[0]) > 1e-9 || fabs(out[1]) > 1e-9 || fabs(out[2] - 1) > 1e-9) vf_fail("NaN/-2/inf gave %g %g %g", out[0], out[1], out[2]);
  lb_look_eval(NULL, 0.25, 0.5, 2, out);
  if (out[0] != 0.25 || out[1] != 0.5 || out[2] != 1) vf_fail("NULL look is not the identity");
  lb_look_free(look);
  lb_look_free(NULL);
  if (lb_look_title(NULL) != NULL || lb_look_shaper_knots(NULL) != 0 || lb_look_residual_size(NULL) != 0) vf_fail("NULL accessors");
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s VECTOR_DIR\n", argv[0]);
    return 2;
  }
  dir = argv[1];
  size_t len;
  int invalid = 0, cuts = 0;
  char *text = (char *)vf_read(dir, "invalid.tsv", &len);
  vf_rows(text, 3, check_invalid, &invalid);
  free(text);
  if (invalid < 20) vf_fail("invalid.tsv lists only %d files", invalid);
  text = (char *)vf_read(dir, "looks.tsv", &len);
  vf_rows(text, 1, check_truncations, &cuts);
  free(text);
  mutation_run m = {0, 0, 0};
  text = (char *)vf_read(dir, "mutations.tsv", &len);
  vf_rows(text, 7, check_mutation, &m);
  free(text);
  if (m.rows < 1000 || m.accepted < 100) vf_fail("mutations.tsv: %d rows, %d accepted: too few", m.rows, m.accepted);
  check_msgpack_c_written();
  check_arguments();
  printf("%d invalid files rejected with the right kind, %d truncations rejected\n", invalid, cuts);
  printf("%d single-byte mutations: same verdict as C# (%d accepted, colours within %.3g)\n", m.rows, m.accepted, m.worst);
  return vf_failures();
}
