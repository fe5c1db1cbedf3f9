/* lb_protocol_dump: protocol.h as the C compiler sees it, printed as JSON (limits, error
 * codes, methods, notifications). The C# agreement test compares it with its mirror, so a
 * header the regular expressions misread still cannot hide a disagreement. */
#include <stdio.h>

#include "lutbridge/protocol.h"

static void print_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') printf("\\%c", *s);
    else if ((unsigned char)*s < 0x20) printf("\\u%04x", (unsigned char)*s);
    else putchar(*s);
  }
  putchar('"');
}

#define LIMIT(name) printf("%s\"" #name "\":%ld", first ? "" : ",", (long)LB_##name), first = 0;

int main(void) {
  int first = 1;
  printf("{\"protocol\":");
  print_string(LB_PROTOCOL_NAME);
  printf(",\"limits\":{");
  LIMIT(API_LEVEL) LIMIT(API_LEVEL_COMPATIBLE) LIMIT(MSG_REQUEST) LIMIT(MSG_RESPONSE) LIMIT(MSG_NOTIFICATION)
  LIMIT(MAX_MESSAGE_BYTES) LIMIT(MAX_STRING_BYTES) LIMIT(MAX_CONTAINER_ITEMS) LIMIT(MAX_DEPTH) LIMIT(MAX_METHOD_BYTES)
  LIMIT(MAX_ERROR_MESSAGE_BYTES) LIMIT(MAX_CONCURRENT_JOBS) LIMIT(MAX_QUEUED_JOBS) LIMIT(MAX_PENDING_PER_CONNECTION)
  LIMIT(MAX_CONNECTIONS) LIMIT(FRAME_TIMEOUT_MS) LIMIT(DEFAULT_CALL_TIMEOUT_MS) LIMIT(HOST_START_TIMEOUT_MS)
  LIMIT(PROGRESS_INTERVAL_MS)
  printf("},\"errors\":[");
  first = 1;
#define ERROR_ROW(id, code, name, doc) \
  printf("%s{\"id\":\"" #id "\",\"code\":%d,\"name\":", first ? "" : ",", (int)LB_ERR_##id), first = 0, \
  print_string(name), printf("}");
  LB_ERRORS(ERROR_ROW)
  printf("],\"methods\":[");
  first = 1;
#define METHOD_ROW(id, name, since, kind, params, result, doc) \
  printf("%s{\"id\":\"" #id "\",\"name\":", first ? "" : ","), first = 0, print_string(name), \
  printf(",\"since\":%d,\"kind\":\"%s\",\"params\":", since, kind == LB_KIND_JOB ? "job" : "call"), print_string(params), \
  printf(",\"result\":"), print_string(result), printf(",\"summary\":"), print_string(doc), printf("}");
  LB_METHODS(METHOD_ROW)
  printf("],\"notifications\":[");
  first = 1;
#define NOTIFICATION_ROW(id, name, params) \
  printf("%s{\"name\":", first ? "" : ","), first = 0, print_string(name), printf(",\"params\":"), print_string(params), printf("}");
  LB_NOTIFICATIONS(NOTIFICATION_ROW)
  printf("]}\n");
  return ferror(stdout) ? 1 : 0;
}
