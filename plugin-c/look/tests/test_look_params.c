/* The C parameter table against the C# one: tests/vectors/look/parameters.tsv is written
 * from C#'s LookParameters (and a C# test holds it there); every field must match here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lutbridge/look.h"
#include "vector_files.h"

typedef struct seen {
  int rows;
} seen;

static void check_number(int index, const char *what, const char *text, double c_value) {
  char *end;
  double v = strtod(text, &end);
  if (end == text || *end != '\0') vf_fail("parameter %d: %s '%s' is not a number", index, what, text);
  else if (v != c_value) vf_fail("parameter %d: %s is %.17g in C#, %.17g in C", index, what, v, c_value);
}

static void check_row(char **f, int count, void *user) {
  seen *s = user;
  int index = s->rows++;
  if (count != 8) {
    vf_fail("parameters.tsv row %d has %d fields", index, count);
    return;
  }
  if (index >= LB_LOOK_PARAM_COUNT) {
    vf_fail("C# has parameter %s (index %d) that C lacks", f[1], index);
    return;
  }
  const lb_look_param_info *p = &lb_look_params()[index];
  if (atoi(f[0]) != index || p->index != index) vf_fail("row %d: index %s in C#, %d in C", index, f[0], p->index);
  if (strcmp(f[1], p->name) != 0) vf_fail("parameter %d: name '%s' in C#, '%s' in C", index, f[1], p->name);
  if (strcmp(f[2], p->group) != 0) vf_fail("parameter %d: group '%s' in C#, '%s' in C", index, f[2], p->group);
  check_number(index, "min", f[3], p->min);
  check_number(index, "max", f[4], p->max);
  check_number(index, "neutral", f[5], p->neutral);
  if (strcmp(f[6], p->unit) != 0) vf_fail("parameter %d: unit '%s' in C#, '%s' in C", index, f[6], p->unit);
  check_number(index, "step", f[7], p->step);
  if (lb_look_param_find(p->name) != index) vf_fail("lb_look_param_find(\"%s\") != %d", p->name, index);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s VECTOR_DIR\n", argv[0]);
    return 2;
  }
  size_t len;
  char *text = (char *)vf_read(argv[1], "parameters.tsv", &len);
  seen s = {0};
  vf_rows(text, 8, check_row, &s);
  free(text);
  if (s.rows != LB_LOOK_PARAM_COUNT) vf_fail("C# has %d parameters, C has %d", s.rows, LB_LOOK_PARAM_COUNT);
  if (lb_look_param_find("Red_Hue") != 23) vf_fail("lookup by name is not case-insensitive");
  if (lb_look_param_find("red_hu") != -1 || lb_look_param_find("") != -1 || lb_look_param_find(NULL) != -1)
    vf_fail("lb_look_param_find accepts a name that is not in the table");
  printf("%d parameters: C and C# tables agree\n", s.rows);
  return vf_failures();
}
