/* libFuzzer harness for the client's decoding paths (plugin-c/client): the incremental
 * framing scanner, msgpack-c unpacking of framed messages, the host-message decoder
 * (lb_decode_message), the params check, msgpack -> JSON and JSON -> msgpack.
 * Besides "no crash, leak or undefined behaviour" it checks two properties:
 *   - the scanner agrees with msgpack-c: a message it frames as complete unpacks with
 *     msgpack-c to exactly that length, and fed in pieces it frames the same as at once;
 *   - JSON written by lb_msgpack_to_json parses back with lb_json_to_msgpack. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frame_scan.h"
#include "internal.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_json_round_trip(const msgpack_object *obj) {
  char *json = NULL;
  lb_error err;
  if (lb_msgpack_to_json(obj, &json, &err) != LB_OK) {
    if (json != NULL || err.code == LB_OK || err.message[0] == '\0') __builtin_trap();
    return;
  }
  msgpack_sbuffer sb;
  msgpack_sbuffer_init(&sb);
  if (lb_json_to_msgpack(json, strlen(json), &sb, &err) != LB_OK) __builtin_trap(); /* our own JSON must parse */
  msgpack_sbuffer_destroy(&sb);
  free(json);
}

static void decode_stream(const uint8_t *data, size_t size) {
  size_t off = 0;
  /* Split points for piecewise feeding come from the data itself. */
  const size_t step = size > 0 ? 1 + data[0] % 7 : 1;
  while (off < size) {
    lb_scanner whole, pieces;
    lb_scanner_reset(&whole);
    lb_scanner_reset(&pieces);
    size_t n_whole = 0, n_pieces = 0;
    const lb_scan_status st = lb_scan(&whole, data + off, size - off, &n_whole);
    lb_scan_status sp = LB_SCAN_NEED_MORE;
    for (size_t have = step < size - off ? step : size - off;; have = have + step < size - off ? have + step : size - off) {
      sp = lb_scan(&pieces, data + off, have, &n_pieces);
      if (sp != LB_SCAN_NEED_MORE || have == size - off) break;
    }
    if (sp != st || (st == LB_SCAN_DONE && n_pieces != n_whole)) __builtin_trap();
    if (st != LB_SCAN_DONE) {
      if (st == LB_SCAN_NEED_MORE) {
        /* msgpack-c must not find a complete value in an unfinished message either. */
        msgpack_unpacked msg;
        msgpack_unpacked_init(&msg);
        size_t used = 0;
        if (msgpack_unpack_next(&msg, (const char *)data + off, size - off, &used) == MSGPACK_UNPACK_SUCCESS) __builtin_trap();
        msgpack_unpacked_destroy(&msg);
      }
      return;
    }
    if (n_whole == 0 || n_whole > LB_MAX_MESSAGE_BYTES || n_whole > size - off) __builtin_trap();
    msgpack_unpacked msg;
    msgpack_unpacked_init(&msg);
    size_t used = 0;
    const msgpack_unpack_return r = msgpack_unpack_next(&msg, (const char *)data + off, n_whole, &used);
    if (r != MSGPACK_UNPACK_SUCCESS || used != n_whole) __builtin_trap();
    lb_message m;
    lb_error err;
    if (lb_decode_message(&msg.data, &m, &err) == LB_OK) {
      if (m.kind == LB_MSG_KIND_PROGRESS && !(m.fraction >= 0 && m.fraction <= 1)) __builtin_trap();
      if (m.kind == LB_MSG_KIND_RESPONSE && m.error_code == 0 && m.result == NULL) __builtin_trap();
      if (m.kind == LB_MSG_KIND_RESPONSE && m.error_code < 0) __builtin_trap();
    } else if (err.code != LB_ERR_CLIENT_PROTOCOL) {
      __builtin_trap();
    }
    check_json_round_trip(&msg.data);
    msgpack_unpacked_destroy(&msg);
    (void)lb_check_params(data + off, n_whole, &err);
    off += n_whole;
  }
}

static void decode_json(const uint8_t *data, size_t size) {
  msgpack_sbuffer sb;
  msgpack_sbuffer_init(&sb);
  lb_error err;
  if (lb_json_to_msgpack((const char *)data, size, &sb, &err) == LB_OK) {
    /* What the JSON parser packs must frame as exactly one message. */
    lb_scanner s;
    lb_scanner_reset(&s);
    size_t n = 0;
    const lb_scan_status st = lb_scan(&s, (const uint8_t *)sb.data, sb.size, &n);
    if (st == LB_SCAN_DONE && n != sb.size) __builtin_trap();
    if (st == LB_SCAN_NEED_MORE || st == LB_SCAN_PARSE) __builtin_trap();
  } else if (err.code == LB_OK || err.message[0] == '\0') {
    __builtin_trap();
  }
  msgpack_sbuffer_destroy(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  /* The first byte picks the path so each corpus entry stays meaningful to one decoder. */
  if (data[0] & 1) decode_stream(data + 1, size - 1);
  else decode_json(data + 1, size - 1);
  return 0;
}
