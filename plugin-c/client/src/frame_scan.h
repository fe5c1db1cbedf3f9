/* Incremental framing of msgpack messages on a byte stream, bounded by protocol.h limits.
 * The scanner walks headers only (string bodies are skipped, never read), resumes where it
 * stopped when more bytes arrive, and stops at the first limit a message breaks, so a
 * hostile length never makes anyone allocate. */
#ifndef LUTBRIDGE_FRAME_SCAN_H
#define LUTBRIDGE_FRAME_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "lutbridge/protocol.h"

typedef enum lb_scan_status {
  LB_SCAN_NEED_MORE = 0, /* the message is not complete yet */
  LB_SCAN_DONE = 1,      /* one complete message of *msg_len bytes */
  LB_SCAN_PARSE = -1,    /* not msgpack (reserved byte 0xc1) */
  LB_SCAN_TOO_LARGE = -2,
  LB_SCAN_TOO_DEEP = -3
} lb_scan_status;

typedef struct lb_scanner {
  size_t pos;                              /* bytes of the current message walked so far */
  uint32_t level;                          /* open containers */
  uint32_t remaining[LB_MAX_DEPTH + 1];    /* items still expected at each level (0 = top) */
  int started;
} lb_scanner;

void lb_scanner_reset(lb_scanner *s);

/* buf/len: the bytes of the current message received so far (always from its first byte;
 * len only grows between calls until DONE). */
lb_scan_status lb_scan(lb_scanner *s, const uint8_t *buf, size_t len, size_t *msg_len);

#endif
