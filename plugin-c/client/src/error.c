#include <stdio.h>

#include "internal.h"

int lb_fail(lb_error *err, int code, const char *fmt, ...) {
  if (err != NULL) {
    va_list ap;
    va_start(ap, fmt);
    err->code = code;
    if (vsnprintf(err->message, sizeof err->message, fmt, ap) < 0) err->message[0] = '\0';
    va_end(ap);
  }
  return code;
}

const char *lb_error_name(int code) {
  switch (code) {
    case LB_OK: return "ok";
#define LB_NAME_ROW_(id, c, name, doc) case c: return name;
    LB_ERRORS(LB_NAME_ROW_)
#undef LB_NAME_ROW_
    default: return "unknown_error";
  }
}
