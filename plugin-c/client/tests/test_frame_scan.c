/* The framing scanner against msgpack-c: every message msgpack-c packs must frame to
 * exactly its packed length, byte by byte; limits must stop hostile headers early. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <msgpack.h>

#include "frame_scan.h"

static int failures = 0;
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

static lb_scan_status scan_all(const void *data, size_t len, size_t *n) {
  lb_scanner s;
  lb_scanner_reset(&s);
  return lb_scan(&s, data, len, n);
}

/* Feeds the bytes one at a time: NEED_MORE until the last byte, then DONE with len. */
static void check_incremental(const msgpack_sbuffer *sb) {
  lb_scanner s;
  lb_scanner_reset(&s);
  size_t n = 0;
  for (size_t i = 1; i <= sb->size; i++) {
    const lb_scan_status st = lb_scan(&s, (const uint8_t *)sb->data, i, &n);
    if (i < sb->size) CHECK(st == LB_SCAN_NEED_MORE);
    else { CHECK(st == LB_SCAN_DONE); CHECK(n == sb->size); }
  }
}

static void pack_sample(msgpack_packer *pk, int variant) {
  static const char bytes[300] = {1, 2, 3};
  switch (variant) {
    case 0: msgpack_pack_nil(pk); break;
    case 1: msgpack_pack_int64(pk, -5); break;
    case 2: msgpack_pack_uint64(pk, 0xffffffffffffULL); break;
    case 3: msgpack_pack_double(pk, 3.25); break;
    case 4: msgpack_pack_float(pk, 1.5f); break;
    case 5: msgpack_pack_str(pk, 300); msgpack_pack_str_body(pk, bytes, 300); break;
    case 6: msgpack_pack_bin(pk, 3); msgpack_pack_bin_body(pk, bytes, 3); break;
    case 7: msgpack_pack_ext(pk, 1, 7); msgpack_pack_ext_body(pk, bytes, 1); break;   /* fixext1 */
    case 8: msgpack_pack_ext(pk, 16, -1); msgpack_pack_ext_body(pk, bytes, 16); break; /* fixext16 */
    case 9: msgpack_pack_ext(pk, 300, 5); msgpack_pack_ext_body(pk, bytes, 300); break; /* ext16 */
    case 10: msgpack_pack_ext(pk, 3, 5); msgpack_pack_ext_body(pk, bytes, 3); break;   /* ext8 */
    case 11: /* [0, 7, "ping", []] */
      msgpack_pack_array(pk, 4); msgpack_pack_uint8(pk, 0); msgpack_pack_uint32(pk, 7);
      msgpack_pack_str(pk, 4); msgpack_pack_str_body(pk, "ping", 4); msgpack_pack_array(pk, 0); break;
    case 12: /* map16 of arrays16 */
      msgpack_pack_map(pk, 20);
      for (int k = 0; k < 20; k++) {
        msgpack_pack_int(pk, k);
        msgpack_pack_array(pk, 17);
        for (int j = 0; j < 17; j++) msgpack_pack_true(pk);
      }
      break;
    case 13: msgpack_pack_array(pk, 0); break;
    case 14: msgpack_pack_map(pk, 0); break;
    default: msgpack_pack_int8(pk, -100); break;
  }
}

static void test_against_msgpack_c(void) {
  for (int v = 0; v <= 15; v++) {
    msgpack_sbuffer sb;
    msgpack_sbuffer_init(&sb);
    msgpack_packer pk;
    msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
    pack_sample(&pk, v);
    size_t n = 0;
    CHECK(scan_all(sb.data, sb.size, &n) == LB_SCAN_DONE);
    CHECK(n == sb.size);
    check_incremental(&sb);
    /* Two messages back to back: the first frames alone. */
    const size_t first = sb.size;
    pack_sample(&pk, (v + 3) % 16);
    CHECK(scan_all(sb.data, sb.size, &n) == LB_SCAN_DONE);
    CHECK(n == first);
    msgpack_sbuffer_destroy(&sb);
  }
}

static void test_limits(void) {
  size_t n = 0;
  const uint8_t reserved[] = {0xc1};
  CHECK(scan_all(reserved, 1, &n) == LB_SCAN_PARSE);
  /* str32 claiming 4 GiB: refused from the 5-byte header alone. */
  const uint8_t huge_str[] = {0xdb, 0xff, 0xff, 0xff, 0xff};
  CHECK(scan_all(huge_str, sizeof huge_str, &n) == LB_SCAN_TOO_LARGE);
  /* bin32 one byte over the string limit. */
  const uint32_t over = LB_MAX_STRING_BYTES + 1;
  const uint8_t big_bin[] = {0xc6, (uint8_t)(over >> 24), (uint8_t)(over >> 16), (uint8_t)(over >> 8), (uint8_t)over};
  CHECK(scan_all(big_bin, sizeof big_bin, &n) == LB_SCAN_TOO_LARGE);
  /* exactly at the string limit: accepted, waits for the body. */
  const uint32_t at = LB_MAX_STRING_BYTES;
  const uint8_t max_bin[] = {0xc6, (uint8_t)(at >> 24), (uint8_t)(at >> 16), (uint8_t)(at >> 8), (uint8_t)at};
  CHECK(scan_all(max_bin, sizeof max_bin, &n) == LB_SCAN_NEED_MORE);
  /* array32 of 4 G items. */
  const uint8_t huge_array[] = {0xdd, 0xff, 0xff, 0xff, 0xff};
  CHECK(scan_all(huge_array, sizeof huge_array, &n) == LB_SCAN_TOO_LARGE);
  /* map32 whose entries fit the byte budget but exceed the item limit. */
  const uint32_t items = LB_MAX_CONTAINER_ITEMS + 1;
  const uint8_t many[] = {0xdf, (uint8_t)(items >> 24), (uint8_t)(items >> 16), (uint8_t)(items >> 8), (uint8_t)items};
  CHECK(scan_all(many, sizeof many, &n) == LB_SCAN_TOO_LARGE);
  /* Depth: LB_MAX_DEPTH nested arrays are fine (and msgpack-c decodes them), one more is not. */
  uint8_t deep[LB_MAX_DEPTH + 2];
  memset(deep, 0x91, sizeof deep);
  deep[LB_MAX_DEPTH - 1] = 0x90;
  CHECK(scan_all(deep, LB_MAX_DEPTH, &n) == LB_SCAN_DONE);
  CHECK(n == LB_MAX_DEPTH);
  msgpack_unpacked u;
  msgpack_unpacked_init(&u);
  CHECK(msgpack_unpack_next(&u, (const char *)deep, LB_MAX_DEPTH, NULL) == MSGPACK_UNPACK_SUCCESS);
  msgpack_unpacked_destroy(&u);
  memset(deep, 0x91, sizeof deep);
  deep[LB_MAX_DEPTH] = 0x90;
  CHECK(scan_all(deep, LB_MAX_DEPTH + 1, &n) == LB_SCAN_TOO_DEEP);
  /* Nothing yet. */
  CHECK(scan_all(deep, 0, &n) == LB_SCAN_NEED_MORE);
}

int main(void) {
  test_against_msgpack_c();
  test_limits();
  if (failures) { fprintf(stderr, "%d failure(s)\n", failures); return 1; }
  printf("frame_scan: ok\n");
  return 0;
}
