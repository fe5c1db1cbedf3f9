/* JSON <-> msgpack: JSON text must pack to exactly what msgpack-c's own packer produces for
 * the same values; msgpack-c's objects must render to the expected JSON; malformed,
 * oversized and too-deep inputs fail with the right code. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "lutbridge/client.h"

static int failures = 0;
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

/* Packs json with our converter and compares with bytes packed by msgpack-c. */
static void expect_pack(const char *json, const msgpack_sbuffer *want) {
  msgpack_sbuffer got;
  msgpack_sbuffer_init(&got);
  lb_error err = {0, ""};
  const int rc = lb_json_to_msgpack(json, strlen(json), &got, &err);
  if (rc != LB_OK) fprintf(stderr, "json %s: %s\n", json, err.message);
  CHECK(rc == LB_OK);
  const int same = got.size == want->size && memcmp(got.data, want->data, got.size) == 0;
  if (!same) fprintf(stderr, "json %s: bytes differ from msgpack-c (%zu vs %zu)\n", json, got.size, want->size);
  CHECK(same);
  msgpack_sbuffer_destroy(&got);
}

static void test_pack_matches_msgpack_c(void) {
  msgpack_sbuffer sb;
  msgpack_packer pk;
#define WITH(json, packing) do { msgpack_sbuffer_init(&sb); msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write); packing; expect_pack(json, &sb); msgpack_sbuffer_destroy(&sb); } while (0)
  WITH("null", msgpack_pack_nil(&pk));
  WITH(" true ", msgpack_pack_true(&pk));
  WITH("false", msgpack_pack_false(&pk));
  WITH("0", msgpack_pack_uint64(&pk, 0));
  WITH("-1", msgpack_pack_int64(&pk, -1));
  WITH("127", msgpack_pack_uint64(&pk, 127));
  WITH("-33", msgpack_pack_int64(&pk, -33));
  WITH("65536", msgpack_pack_uint64(&pk, 65536));
  WITH("18446744073709551615", msgpack_pack_uint64(&pk, 18446744073709551615ULL));
  WITH("-9223372036854775808", msgpack_pack_int64(&pk, INT64_MIN));
  WITH("18446744073709551616", msgpack_pack_double(&pk, 18446744073709551616.0));
  WITH("1.5", msgpack_pack_double(&pk, 1.5));
  WITH("-0.0", msgpack_pack_double(&pk, -0.0));
  WITH("2.5e-3", msgpack_pack_double(&pk, 2.5e-3));
  WITH("1E2", msgpack_pack_double(&pk, 100.0));
  WITH("\"a\\\"b\\\\c\\/\\n\"", { msgpack_pack_str(&pk, 7); msgpack_pack_str_body(&pk, "a\"b\\c/\n", 7); });
  WITH("\"\\u00e9\\u20ac\\ud83d\\ude00\"", { msgpack_pack_str(&pk, 9); msgpack_pack_str_body(&pk, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9); });
  WITH("\"\xc3\xa9\"", { msgpack_pack_str(&pk, 2); msgpack_pack_str_body(&pk, "\xc3\xa9", 2); });
  WITH("[]", msgpack_pack_array(&pk, 0));
  WITH("{}", msgpack_pack_map(&pk, 0));
  WITH("[1, [2, {\"k\": \"v\"}], null]", {
    msgpack_pack_array(&pk, 3); msgpack_pack_uint64(&pk, 1); msgpack_pack_array(&pk, 2); msgpack_pack_uint64(&pk, 2);
    msgpack_pack_map(&pk, 1); msgpack_pack_str(&pk, 1); msgpack_pack_str_body(&pk, "k", 1);
    msgpack_pack_str(&pk, 1); msgpack_pack_str_body(&pk, "v", 1); msgpack_pack_nil(&pk); });
  WITH("{\"$base64\": \"AAEC/w==\"}", { msgpack_pack_bin(&pk, 4); msgpack_pack_bin_body(&pk, "\x00\x01\x02\xff", 4); });
  WITH("{\"$ext\": -3, \"$base64\": \"aGk=\"}", { msgpack_pack_ext(&pk, 2, -3); msgpack_pack_ext_body(&pk, "hi", 2); });
  WITH("{\"$base64\": \"aGk=\", \"x\": 1}", {
    msgpack_pack_map(&pk, 2); msgpack_pack_str(&pk, 7); msgpack_pack_str_body(&pk, "$base64", 7);
    msgpack_pack_str(&pk, 4); msgpack_pack_str_body(&pk, "aGk=", 4); msgpack_pack_str(&pk, 1);
    msgpack_pack_str_body(&pk, "x", 1); msgpack_pack_uint64(&pk, 1); });
#undef WITH
}

static void expect_error(const char *json, int code) {
  msgpack_sbuffer sb;
  msgpack_sbuffer_init(&sb);
  lb_error err = {0, ""};
  const int rc = lb_json_to_msgpack(json, strlen(json), &sb, &err);
  if (rc != code) fprintf(stderr, "json %.60s: got %d (%s), want %d\n", json, rc, err.message, code);
  CHECK(rc == code);
  CHECK(rc == LB_OK || sb.size == 0); /* nothing appended on failure */
  msgpack_sbuffer_destroy(&sb);
}

static void test_errors(void) {
  const char *bad[] = {"", " ", "nul", "tru", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "{1:2}", "01", "1.", ".5", "-",
                       "1e", "+1", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
                       "\"\x01\"", "\"\xff\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "[1] x", "1e999", "NaN",
                       "{\"$base64\": \"abc\"}", "{\"$base64\": \"ab=c\"}", "{\"$base64\": \"aGl=\"}", "{\"$base64\": 5}",
                       "{\"$ext\": 300, \"$base64\": \"aGk=\"}", "{\"$ext\": \"x\", \"$base64\": \"aGk=\"}"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) expect_error(bad[i], LB_ERR_CLIENT_JSON);
  /* Depth: LB_MAX_DEPTH nested arrays pass, one more fails. */
  char deep[2 * LB_MAX_DEPTH + 8];
  memset(deep, '[', LB_MAX_DEPTH);
  memset(deep + LB_MAX_DEPTH, ']', LB_MAX_DEPTH);
  deep[2 * LB_MAX_DEPTH] = '\0';
  expect_error(deep, LB_OK);
  memset(deep, '[', LB_MAX_DEPTH + 1);
  memset(deep + LB_MAX_DEPTH + 1, ']', LB_MAX_DEPTH + 1);
  deep[2 * LB_MAX_DEPTH + 2] = '\0';
  expect_error(deep, LB_ERR_TOO_DEEP);
  /* A string one byte over the limit. */
  const size_t n = (size_t)LB_MAX_STRING_BYTES + 1;
  char *big = malloc(n + 3);
  big[0] = '"';
  memset(big + 1, 'a', n);
  big[n + 1] = '"';
  big[n + 2] = '\0';
  expect_error(big, LB_ERR_TOO_LARGE);
  big[n] = '"';
  big[n + 1] = '\0';
  expect_error(big, LB_OK);
  free(big);
}

/* msgpack-c objects -> JSON text. */
static void expect_json(const msgpack_sbuffer *sb, const char *want) {
  msgpack_unpacked u;
  msgpack_unpacked_init(&u);
  CHECK(msgpack_unpack_next(&u, sb->data, sb->size, NULL) == MSGPACK_UNPACK_SUCCESS);
  char *json = NULL;
  lb_error err = {0, ""};
  CHECK(lb_msgpack_to_json(&u.data, &json, &err) == LB_OK);
  if (!json || strcmp(json, want) != 0) fprintf(stderr, "want %s got %s\n", want, json ? json : "(null)");
  CHECK(json && strcmp(json, want) == 0);
  free(json);
  msgpack_unpacked_destroy(&u);
}

static void test_render(void) {
  msgpack_sbuffer sb;
  msgpack_packer pk;
#define RENDER(packing, want) do { msgpack_sbuffer_init(&sb); msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write); packing; expect_json(&sb, want); msgpack_sbuffer_destroy(&sb); } while (0)
  RENDER(msgpack_pack_double(&pk, 0.1), "0.10000000000000001");
  RENDER(msgpack_pack_double(&pk, 2.0), "2.0");
  RENDER(msgpack_pack_double(&pk, 1e300), "1.0000000000000001e+300");
  RENDER(msgpack_pack_float(&pk, 0.5f), "0.5");
  RENDER(msgpack_pack_double(&pk, (double)NAN), "null");
  RENDER(msgpack_pack_int64(&pk, INT64_MIN), "-9223372036854775808");
  RENDER(msgpack_pack_uint64(&pk, UINT64_MAX), "18446744073709551615");
  RENDER({ msgpack_pack_str(&pk, 5); msgpack_pack_str_body(&pk, "a\x01\"\xff\n", 5); }, "\"a\\u0001\\\"\\ufffd\\u000a\"");
  RENDER({ msgpack_pack_bin(&pk, 5); msgpack_pack_bin_body(&pk, "hello", 5); }, "{\"$base64\":\"aGVsbG8=\"}");
  RENDER({ msgpack_pack_ext(&pk, 1, 9); msgpack_pack_ext_body(&pk, "x", 1); }, "{\"$ext\":9,\"$base64\":\"eA==\"}");
  RENDER({ msgpack_pack_map(&pk, 2); msgpack_pack_str(&pk, 1); msgpack_pack_str_body(&pk, "a", 1); msgpack_pack_array(&pk, 2);
           msgpack_pack_true(&pk); msgpack_pack_nil(&pk); msgpack_pack_str(&pk, 1); msgpack_pack_str_body(&pk, "b", 1);
           msgpack_pack_map(&pk, 0); }, "{\"a\":[true,null],\"b\":{}}");
#undef RENDER
  /* A map with an integer key cannot become JSON. */
  msgpack_sbuffer_init(&sb);
  msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
  msgpack_pack_map(&pk, 1); msgpack_pack_int(&pk, 1); msgpack_pack_int(&pk, 2);
  msgpack_unpacked u;
  msgpack_unpacked_init(&u);
  CHECK(msgpack_unpack_next(&u, sb.data, sb.size, NULL) == MSGPACK_UNPACK_SUCCESS);
  char *json = NULL;
  lb_error err;
  CHECK(lb_msgpack_to_json(&u.data, &json, &err) == LB_ERR_CLIENT_JSON);
  CHECK(json == NULL);
  msgpack_unpacked_destroy(&u);
  msgpack_sbuffer_destroy(&sb);
}

/* A host application's numeric locale must not change what numbers mean. */
static void test_locale(void) {
  const char *locales[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", NULL};
  const char *set = NULL;
  for (int i = 0; locales[i] && !set; i++) set = setlocale(LC_NUMERIC, locales[i]);
  if (!set) { printf("json: no comma-decimal locale installed; checked the C locale only\n"); return; }
  msgpack_sbuffer sb, want;
  msgpack_sbuffer_init(&want);
  msgpack_packer pk;
  msgpack_packer_init(&pk, &want, msgpack_sbuffer_write);
  msgpack_pack_double(&pk, 1.25);
  expect_pack("1.25", &want);
  msgpack_sbuffer_init(&sb);
  expect_json(&want, "1.25");
  msgpack_sbuffer_destroy(&sb);
  msgpack_sbuffer_destroy(&want);
  setlocale(LC_NUMERIC, "C");
}

/* Bin and ext inside the deepest array render as {"$base64"} / {"$ext"} objects one level
 * deeper; that JSON must pack back to the same bytes (found by fuzz_rpc_decode). */
static void test_deepest_bin_and_ext_round_trip(void) {
  for (int ext = 0; ext < 2; ext++) {
    msgpack_sbuffer sb;
    msgpack_packer pk;
    msgpack_sbuffer_init(&sb);
    msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
    for (int d = 0; d < LB_MAX_DEPTH; d++) CHECK(msgpack_pack_array(&pk, 1) == 0);
    if (ext) CHECK(msgpack_pack_ext(&pk, 4, -42) == 0 && msgpack_pack_ext_body(&pk, "abcd", 4) == 0);
    else CHECK(msgpack_pack_bin(&pk, 3) == 0 && msgpack_pack_bin_body(&pk, "xyz", 3) == 0);
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    CHECK(msgpack_unpack_next(&u, sb.data, sb.size, NULL) == MSGPACK_UNPACK_SUCCESS);
    char *json = NULL;
    lb_error err = {0, ""};
    CHECK(lb_msgpack_to_json(&u.data, &json, &err) == LB_OK);
    if (json) expect_pack(json, &sb);
    free(json);
    msgpack_unpacked_destroy(&u);
    msgpack_sbuffer_destroy(&sb);
  }
  /* A plain object at that depth is still too deep. */
  char deep[2 * LB_MAX_DEPTH + 16];
  memset(deep, '[', LB_MAX_DEPTH);
  strcpy(deep + LB_MAX_DEPTH, "{\"a\":1}");
  memset(deep + LB_MAX_DEPTH + 7, ']', LB_MAX_DEPTH);
  deep[2 * LB_MAX_DEPTH + 7] = '\0';
  expect_error(deep, LB_ERR_TOO_DEEP);
}

int main(void) {
  test_pack_matches_msgpack_c();
  test_errors();
  test_deepest_bin_and_ext_round_trip();
  test_render();
  test_locale();
  if (failures) { fprintf(stderr, "%d failure(s)\n", failures); return 1; }
  printf("json: ok\n");
  return 0;
}
