/* lb_msgpack_peer: msgpack-c as an independent codec for the C# round-trip tests.
 *   lb_msgpack_peer echo          reads msgpack values from stdin until EOF, unpacks each with
 *                                 msgpack-c and packs it again to stdout
 *   lb_msgpack_peer gen SEED N    packs N random values (every type, canonical encodings)
 * Exit 1 with a message on stderr when the input is not a sequence of whole values. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <msgpack.h>

static uint64_t rng_state;

static uint64_t next_u64(void) { /* splitmix64 */
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint32_t below(uint32_t n) { return (uint32_t)(next_u64() % n); }

static int write_out(void *data, const char *buf, size_t len) {
  (void)data;
  return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

/* Random UTF-8: ASCII, 2-, 3- and 4-byte sequences (no surrogates). */
static size_t random_utf8(char *out, size_t chars) {
  size_t n = 0;
  for (size_t i = 0; i < chars; i++) {
    uint32_t cp;
    switch (below(4)) {
      case 0: cp = 0x20 + below(0x5f); break;
      case 1: cp = 0x80 + below(0x780); break;
      case 2: cp = 0x800 + below(0xd000 - 0x800); break;
      default: cp = 0x10000 + below(0x100000); break;
    }
    if (cp < 0x80) out[n++] = (char)cp;
    else if (cp < 0x800) { out[n++] = (char)(0xc0 | (cp >> 6)); out[n++] = (char)(0x80 | (cp & 0x3f)); }
    else if (cp < 0x10000) {
      out[n++] = (char)(0xe0 | (cp >> 12)); out[n++] = (char)(0x80 | ((cp >> 6) & 0x3f)); out[n++] = (char)(0x80 | (cp & 0x3f));
    } else {
      out[n++] = (char)(0xf0 | (cp >> 18)); out[n++] = (char)(0x80 | ((cp >> 12) & 0x3f));
      out[n++] = (char)(0x80 | ((cp >> 6) & 0x3f)); out[n++] = (char)(0x80 | (cp & 0x3f));
    }
  }
  return n;
}

static uint32_t random_length(void) {
  static const uint32_t sizes[] = {0, 1, 5, 31, 32, 255, 256, 300, 65535, 65536, 70000};
  return below(4) == 0 ? sizes[below(11)] : below(40);
}

static int pack_random(msgpack_packer *pk, int depth) {
  static char text[4 * 70000 + 4];
  static char bytes[70000];
  const uint32_t kind = below(depth >= 4 ? 11 : 13);
  switch (kind) {
    case 0: return msgpack_pack_nil(pk);
    case 1: return below(2) ? msgpack_pack_true(pk) : msgpack_pack_false(pk);
    case 2: return msgpack_pack_uint64(pk, next_u64() >> below(64));
    case 3: return msgpack_pack_int64(pk, -(int64_t)(next_u64() >> (1 + below(63))) - 1);
    case 4: { uint64_t b = next_u64(); double d; memcpy(&d, &b, 8); if (d != d) d = 1.5; return msgpack_pack_double(pk, d); }
    case 5: { uint32_t b = (uint32_t)next_u64(); float f; memcpy(&f, &b, 4); if (f != f) f = -2.25f; return msgpack_pack_float(pk, f); }
    case 6: {
      const size_t n = random_utf8(text, random_length() / 4 + below(8));
      return msgpack_pack_str(pk, n) || msgpack_pack_str_body(pk, text, n);
    }
    case 7: {
      const uint32_t n = random_length();
      for (uint32_t i = 0; i < n; i++) bytes[i] = (char)below(256);
      return msgpack_pack_bin(pk, n) || msgpack_pack_bin_body(pk, bytes, n);
    }
    case 8: { /* ext of any type but -1 (the timestamp) */
      static const uint32_t sizes[] = {1, 2, 4, 8, 16, 0, 3, 17, 255, 256, 300};
      const uint32_t n = sizes[below(11)];
      for (uint32_t i = 0; i < n; i++) bytes[i] = (char)below(256);
      int8_t type = (int8_t)below(256);
      if (type == -1) type = 5;
      return msgpack_pack_ext(pk, n, type) || msgpack_pack_ext_body(pk, bytes, n);
    }
    case 9: case 10: { /* timestamp in its canonical (smallest) form */
      const int64_t sec = below(3) == 0 ? (int64_t)below(0xffffffffu)
                        : below(2) ? (int64_t)(next_u64() >> 30) : -(int64_t)(next_u64() >> 30) - 1;
      const uint32_t nsec = below(2) ? 0 : below(1000000000u);
      unsigned char p[12];
      if ((sec >> 34) == 0 && nsec == 0 && sec <= 0xffffffffLL) {
        for (int i = 0; i < 4; i++) p[i] = (unsigned char)(sec >> (24 - 8 * i));
        return msgpack_pack_ext(pk, 4, -1) || msgpack_pack_ext_body(pk, p, 4);
      }
      if ((sec >> 34) == 0) {
        const uint64_t v = ((uint64_t)nsec << 34) | (uint64_t)sec;
        for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (56 - 8 * i));
        return msgpack_pack_ext(pk, 8, -1) || msgpack_pack_ext_body(pk, p, 8);
      }
      for (int i = 0; i < 4; i++) p[i] = (unsigned char)(nsec >> (24 - 8 * i));
      for (int i = 0; i < 8; i++) p[4 + i] = (unsigned char)((uint64_t)sec >> (56 - 8 * i));
      return msgpack_pack_ext(pk, 12, -1) || msgpack_pack_ext_body(pk, p, 12);
    }
    case 11: {
      const uint32_t n = below(6) == 0 ? 20 : below(6);
      int bad = msgpack_pack_array(pk, n);
      for (uint32_t i = 0; i < n && !bad; i++) bad = pack_random(pk, depth + 1);
      return bad;
    }
    default: {
      const uint32_t n = below(6) == 0 ? 17 : below(5);
      int bad = msgpack_pack_map(pk, n);
      for (uint32_t i = 0; i < n && !bad; i++) {
        char key[16];
        const int kn = snprintf(key, sizeof key, "k%u", i); /* unique string keys */
        bad = msgpack_pack_str(pk, (size_t)kn) || msgpack_pack_str_body(pk, key, (size_t)kn) || pack_random(pk, depth + 1);
      }
      return bad;
    }
  }
}

static int echo(void) {
  size_t cap = 1 << 20, len = 0;
  char *buf = malloc(cap);
  if (!buf) return 1;
  for (;;) {
    if (len == cap) {
      char *b = realloc(buf, cap *= 2);
      if (!b) { free(buf); return 1; }
      buf = b;
    }
    const size_t n = fread(buf + len, 1, cap - len, stdin);
    if (n == 0) break;
    len += n;
  }
  msgpack_packer pk;
  msgpack_packer_init(&pk, NULL, write_out);
  msgpack_unpacked msg;
  msgpack_unpacked_init(&msg);
  size_t off = 0;
  int rc = 0;
  while (off < len) {
    const msgpack_unpack_return r = msgpack_unpack_next(&msg, buf, len, &off);
    if (r != MSGPACK_UNPACK_SUCCESS) { fprintf(stderr, "msgpack-c: cannot unpack at byte %zu (%d)\n", off, (int)r); rc = 1; break; }
    if (msgpack_pack_object(&pk, msg.data) != 0) { fprintf(stderr, "msgpack-c: pack failed\n"); rc = 1; break; }
  }
  msgpack_unpacked_destroy(&msg);
  free(buf);
  return rc;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "echo") == 0) return echo();
  if (argc == 4 && strcmp(argv[1], "gen") == 0) {
    rng_state = strtoull(argv[2], NULL, 10);
    const long n = strtol(argv[3], NULL, 10);
    msgpack_packer pk;
    msgpack_packer_init(&pk, NULL, write_out);
    for (long i = 0; i < n; i++)
      if (pack_random(&pk, 0) != 0) { fprintf(stderr, "msgpack-c: pack failed\n"); return 1; }
    return fflush(stdout) == 0 ? 0 : 1;
  }
  fprintf(stderr, "usage: lb_msgpack_peer echo | gen SEED N\n");
  return 2;
}
