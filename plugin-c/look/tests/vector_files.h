/* Reading tests/vectors/look/ (format: its README.md) for the C tests. */
#ifndef LUTBRIDGE_LOOK_VECTOR_FILES_H
#define LUTBRIDGE_LOOK_VECTOR_FILES_H

#include <stddef.h>

/* Reads dir/name whole (at most 64 MiB) into a malloc'd buffer (NUL-terminated, *len
 * excludes the NUL). Exits the test with a message when the file is missing or unreadable. */
unsigned char *vf_read(const char *dir, const char *name, size_t *len);

/* Splits text in place into lines, then each line into at most max_fields tab-separated
 * fields; calls fn for every line after the header. Returns the number of rows. */
typedef void (*vf_row_fn)(char **fields, int count, void *user);
int vf_rows(char *text, int max_fields, vf_row_fn fn, void *user);

/* snprintf into buf (size cap) that exits the test when the text does not fit. */
void vf_name(char *buf, size_t cap, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Little-endian float32 at b. */
float vf_float(const unsigned char *b);

/* Counts a failed check and prints it; vf_failures() is the exit status to return. */
void vf_fail(const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
int vf_failures(void);

#endif
