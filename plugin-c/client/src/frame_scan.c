#include "frame_scan.h"

#include <string.h>

void lb_scanner_reset(lb_scanner *s) { memset(s, 0, sizeof *s); }

static uint64_t read_be(const uint8_t *p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) v = (v << 8) | p[i];
  return v;
}

/* What one header says: how many bytes it occupies, how many payload bytes follow, and how
 * many child items it opens (arrays: n, maps: 2n). */
typedef struct header {
  size_t head;          /* bytes of the type byte plus its length field */
  size_t len_bytes;     /* size of the big-endian length field (0: length is fixed) */
  uint64_t payload;     /* payload bytes after the header (known once the field is read) */
  uint64_t children;    /* container items */
  int is_container;
  int is_string;        /* str/bin/ext: payload bound by LB_MAX_STRING_BYTES */
} header;

/* Fills h from the type byte; length fields are read by the caller. 0 or LB_SCAN_PARSE. */
static int classify(uint8_t t, header *h) {
  memset(h, 0, sizeof *h);
  h->head = 1;
  if (t <= 0x7f || t >= 0xe0 || t == 0xc0 || t == 0xc2 || t == 0xc3) return 0;
  if (t >= 0x80 && t <= 0x8f) { h->is_container = 1; h->children = 2u * (t & 0x0f); return 0; }
  if (t >= 0x90 && t <= 0x9f) { h->is_container = 1; h->children = t & 0x0f; return 0; }
  if (t >= 0xa0 && t <= 0xbf) { h->is_string = 1; h->payload = t & 0x1f; return 0; }
  switch (t) {
    case 0xc4: case 0xd9: h->len_bytes = 1; h->is_string = 1; break;
    case 0xc5: case 0xda: h->len_bytes = 2; h->is_string = 1; break;
    case 0xc6: case 0xdb: h->len_bytes = 4; h->is_string = 1; break;
    case 0xc7: h->len_bytes = 1; h->is_string = 1; break; /* the type byte is added later */
    case 0xc8: h->len_bytes = 2; h->is_string = 1; break;
    case 0xc9: h->len_bytes = 4; h->is_string = 1; break;
    case 0xca: h->payload = 4; break;
    case 0xcb: h->payload = 8; break;
    case 0xcc: case 0xd0: h->payload = 1; break;
    case 0xcd: case 0xd1: h->payload = 2; break;
    case 0xce: case 0xd2: h->payload = 4; break;
    case 0xcf: case 0xd3: h->payload = 8; break;
    case 0xd4: h->payload = 2; break;  /* fixext: type byte + data */
    case 0xd5: h->payload = 3; break;
    case 0xd6: h->payload = 5; break;
    case 0xd7: h->payload = 9; break;
    case 0xd8: h->payload = 17; break;
    case 0xdc: h->len_bytes = 2; h->is_container = 1; break;
    case 0xdd: h->len_bytes = 4; h->is_container = 1; break;
    case 0xde: h->len_bytes = 2; h->is_container = 1; break;
    case 0xdf: h->len_bytes = 4; h->is_container = 1; break;
    default: return LB_SCAN_PARSE; /* 0xc1: never used */
  }
  h->head = 1 + h->len_bytes;
  return 0;
}

static int is_ext_with_length(uint8_t t) { return t == 0xc7 || t == 0xc8 || t == 0xc9; }
static int is_map(uint8_t t) { return (t >= 0x80 && t <= 0x8f) || t == 0xde || t == 0xdf; }

lb_scan_status lb_scan(lb_scanner *s, const uint8_t *buf, size_t len, size_t *msg_len) {
  if (!s->started) {
    s->started = 1;
    s->level = 0;
    s->remaining[0] = 1;
    s->pos = 0;
  }
  for (;;) {
    if (s->pos >= len) return LB_SCAN_NEED_MORE;
    const uint8_t t = buf[s->pos];
    header h;
    if (classify(t, &h) != 0) return LB_SCAN_PARSE;
    if (s->pos + h.head > len) return LB_SCAN_NEED_MORE;
    if (h.len_bytes > 0) {
      const uint64_t n = read_be(buf + s->pos + 1, h.len_bytes);
      if (h.is_container) h.children = is_map(t) ? 2 * n : n;
      else h.payload = n;
      if (is_ext_with_length(t)) h.payload += 1; /* the ext type byte */
    }
    const uint64_t budget = (uint64_t)LB_MAX_MESSAGE_BYTES - s->pos;
    if (h.head > budget) return LB_SCAN_TOO_LARGE;
    if (h.is_string && h.payload - (is_ext_with_length(t) ? 1 : 0) > LB_MAX_STRING_BYTES) return LB_SCAN_TOO_LARGE;
    if (h.is_container) {
      const uint64_t entries = is_map(t) ? h.children / 2 : h.children;
      /* Every child needs at least one byte, so a count beyond the budget cannot fit. */
      if (entries > LB_MAX_CONTAINER_ITEMS || h.children > budget - h.head) return LB_SCAN_TOO_LARGE;
      if (s->level + 1 > LB_MAX_DEPTH) return LB_SCAN_TOO_DEEP;
    }
    if (h.payload > budget - h.head) return LB_SCAN_TOO_LARGE;
    if ((uint64_t)(len - s->pos) < h.head + h.payload) return LB_SCAN_NEED_MORE;
    s->pos += h.head + (size_t)h.payload;
    s->remaining[s->level]--;
    if (h.is_container && h.children > 0) {
      s->level++;
      s->remaining[s->level] = (uint32_t)h.children;
    }
    while (s->remaining[s->level] == 0) {
      if (s->level == 0) {
        *msg_len = s->pos;
        s->started = 0;
        return LB_SCAN_DONE;
      }
      s->level--;
    }
  }
}
