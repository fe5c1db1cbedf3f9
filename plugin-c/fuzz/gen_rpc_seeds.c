/* Writes seed inputs for fuzz_rpc_decode into DIR: host messages packed by msgpack-c
 * (responses, errors, progress, other notifications, every value type) behind the 0x01
 * path byte, and JSON argument texts behind 0x00. */
#include <stdio.h>
#include <string.h>

#include <msgpack.h>

static int write_seed(const char *dir, const char *name, char path_byte, const char *data, size_t len) {
  char path[4096];
  if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) return 1;
  FILE *f = fopen(path, "wb");
  if (!f) { perror(path); return 1; }
  const int bad = fputc(path_byte, f) == EOF || fwrite(data, 1, len, f) != len;
  return fclose(f) != 0 || bad;
}

static void pack_str(msgpack_packer *pk, const char *s) {
  msgpack_pack_str(pk, strlen(s));
  msgpack_pack_str_body(pk, s, strlen(s));
}

static void pack_every_type(msgpack_packer *pk) {
  static const char bytes[300] = {1, 2, 3};
  msgpack_pack_map(pk, 12);
  pack_str(pk, "nil"); msgpack_pack_nil(pk);
  pack_str(pk, "t"); msgpack_pack_true(pk);
  pack_str(pk, "u64"); msgpack_pack_uint64(pk, 0xffffffffffffffffULL);
  pack_str(pk, "i64"); msgpack_pack_int64(pk, INT64_MIN);
  pack_str(pk, "f32"); msgpack_pack_float(pk, 1.5f);
  pack_str(pk, "f64"); msgpack_pack_double(pk, -0.1);
  pack_str(pk, "str"); msgpack_pack_str(pk, 300); msgpack_pack_str_body(pk, bytes, 300);
  pack_str(pk, "bin"); msgpack_pack_bin(pk, 3); msgpack_pack_bin_body(pk, bytes, 3);
  pack_str(pk, "ext"); msgpack_pack_ext(pk, 4, 9); msgpack_pack_ext_body(pk, bytes, 4);
  pack_str(pk, "ts"); msgpack_pack_ext(pk, 8, -1); msgpack_pack_ext_body(pk, bytes, 8);
  pack_str(pk, "arr"); msgpack_pack_array(pk, 2); msgpack_pack_int(pk, 1); msgpack_pack_array(pk, 0);
  msgpack_pack_int(pk, 7); msgpack_pack_map(pk, 0); /* a non-string key */
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: gen_rpc_seeds DIR\n"); return 2; }
  const char *dir = argv[1];
  int bad = 0;
  for (int v = 0; v < 6; v++) {
    msgpack_sbuffer sb;
    msgpack_sbuffer_init(&sb);
    msgpack_packer pk;
    msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
    switch (v) {
      case 0: /* [1, 7, nil, "pong"] */
        msgpack_pack_array(&pk, 4); msgpack_pack_int(&pk, 1); msgpack_pack_int(&pk, 7); msgpack_pack_nil(&pk); pack_str(&pk, "pong"); break;
      case 1: /* [1, 8, {code: 5, message: "..."}, nil] */
        msgpack_pack_array(&pk, 4); msgpack_pack_int(&pk, 1); msgpack_pack_int(&pk, 8);
        msgpack_pack_map(&pk, 2); pack_str(&pk, "code"); msgpack_pack_int(&pk, 5);
        pack_str(&pk, "message"); pack_str(&pk, "wrong type for argument 1"); msgpack_pack_nil(&pk); break;
      case 2: /* [2, "progress", {job, fraction, stage}] */
        msgpack_pack_array(&pk, 3); msgpack_pack_int(&pk, 2); pack_str(&pk, "progress");
        msgpack_pack_map(&pk, 3); pack_str(&pk, "job"); msgpack_pack_int(&pk, 9);
        pack_str(&pk, "fraction"); msgpack_pack_double(&pk, 0.5); pack_str(&pk, "stage"); pack_str(&pk, "baking"); break;
      case 3: /* another notification, then a response with every type, in one stream */
        msgpack_pack_array(&pk, 3); msgpack_pack_int(&pk, 2); pack_str(&pk, "log"); msgpack_pack_array(&pk, 0);
        msgpack_pack_array(&pk, 4); msgpack_pack_int(&pk, 1); msgpack_pack_int(&pk, 10); msgpack_pack_nil(&pk); pack_every_type(&pk); break;
      case 4: /* a request (what params checks see) */
        msgpack_pack_array(&pk, 4); msgpack_pack_int(&pk, 0); msgpack_pack_int(&pk, 1); pack_str(&pk, "lut.info");
        msgpack_pack_array(&pk, 1); pack_str(&pk, "/tmp/a.cube"); break;
      default: /* deep nesting near the limit */
        for (int d = 0; d < 31; d++) msgpack_pack_array(&pk, 1);
        msgpack_pack_nil(&pk); break;
    }
    char name[32];
    snprintf(name, sizeof name, "msgpack_%d", v);
    bad |= write_seed(dir, name, 1, sb.data, sb.size);
    msgpack_sbuffer_destroy(&sb);
  }
  static const char *json[] = {
    "[]", "[\"a.cube\", \"b.png\", {\"size\": 33, \"strength\": 0.5}]",
    "[1, -2, 3.25e-3, true, false, null, \"\\u00e9\\ud83d\\ude00\\n\"]",
    "[{\"$base64\": \"AAEC\"}, {\"$ext\": 5, \"$base64\": \"/w==\"}]",
    "[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]", "[18446744073709551615, -9223372036854775808, 1e308]",
  };
  for (size_t i = 0; i < sizeof json / sizeof json[0]; i++) {
    char name[32];
    snprintf(name, sizeof name, "json_%zu", i);
    bad |= write_seed(dir, name, 0, json[i], strlen(json[i]));
  }
  return bad;
}
