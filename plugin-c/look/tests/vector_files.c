#include "vector_files.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VF_MAX_BYTES (64u << 20)

static int failures;

void vf_fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("FAIL: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  failures++;
}

void vf_name(char *buf, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= cap) {
    fprintf(stderr, "name too long for its buffer: %s\n", fmt);
    exit(2);
  }
}

int vf_failures(void) { return failures == 0 ? 0 : 1; }

unsigned char *vf_read(const char *dir, const char *name, size_t *len) {
  char path[4096];
  int n = snprintf(path, sizeof path, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= sizeof path) {
    fprintf(stderr, "path too long: %s/%s\n", dir, name);
    exit(2);
  }
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "cannot open %s (run tests/vectors/look/regenerate.sh?)\n", path);
    exit(2);
  }
  unsigned char *buf = NULL;
  size_t used = 0, cap = 0;
  for (;;) {
    if (used == cap) {
      if (cap >= VF_MAX_BYTES) {
        fprintf(stderr, "%s is larger than %u bytes\n", path, VF_MAX_BYTES);
        exit(2);
      }
      cap = cap == 0 ? 65536 : cap * 2;
      unsigned char *grown = realloc(buf, cap + 1);
      if (grown == NULL) {
        fprintf(stderr, "out of memory reading %s\n", path);
        exit(2);
      }
      buf = grown;
    }
    size_t got = fread(buf + used, 1, cap - used, f);
    used += got;
    if (got == 0) break;
  }
  int bad = ferror(f);
  if (fclose(f) != 0 || bad) {
    fprintf(stderr, "error reading %s\n", path);
    exit(2);
  }
  if (buf == NULL) {
    buf = malloc(1);
    if (buf == NULL) exit(2);
  }
  buf[used] = '\0';
  *len = used;
  return buf;
}

int vf_rows(char *text, int max_fields, vf_row_fn fn, void *user) {
  int rows = 0, line = 0;
  char *p = text;
  char *fields[16];
  if (max_fields > 16) max_fields = 16;
  while (*p != '\0') {
    char *end = strchr(p, '\n');
    if (end != NULL) *end = '\0';
    if (line++ > 0 && *p != '\0') {
      int count = 0;
      char *f = p;
      while (count < max_fields) {
        fields[count++] = f;
        char *tab = strchr(f, '\t');
        if (tab == NULL) break;
        *tab = '\0';
        f = tab + 1;
      }
      fn(fields, count, user);
      rows++;
    }
    if (end == NULL) break;
    p = end + 1;
  }
  return rows;
}

float vf_float(const unsigned char *b) {
  uint32_t u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
  float v;
  memcpy(&v, &u, sizeof v);
  return v;
}
