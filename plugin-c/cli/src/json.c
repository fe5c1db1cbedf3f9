/* A small, bounded JSON <-> msgpack converter for the JSON conveniences of the client.
 * JSON text must be UTF-8 (RFC 8259). Integers without fraction or exponent become msgpack
 * integers, other numbers float64. {"$base64": s} <-> bin, {"$ext": t, "$base64": s} <-> ext.
 * Numbers go through strtod/snprintf with the C locale's decimal point swapped in, so a
 * host application's LC_NUMERIC (darktable sets it) cannot change the meaning. */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#include "base64.h"
#include "internal.h"

/* Output of lb_msgpack_to_json is bounded too (escapes and base64 grow the text). */
#define LB_MAX_JSON_BYTES (8u * LB_MAX_MESSAGE_BYTES)
#define LB_MAX_NUMBER_CHARS 400

/* ---------------------------------------------------------------- JSON -> msgpack */
typedef struct reader {
  const char *s;
  size_t len;
  size_t pos;
  lb_error *err;
} reader;

static void skip_ws(reader *r) {
  while (r->pos < r->len && (r->s[r->pos] == ' ' || r->s[r->pos] == '\t' || r->s[r->pos] == '\n' || r->s[r->pos] == '\r'))
    r->pos++;
}

static int json_fail(reader *r, int code, const char *what) {
  return lb_fail(r->err, code, "JSON: %s at byte %zu", what, r->pos);
}

static int hex4(reader *r, unsigned *out) {
  if (r->len - r->pos < 4) return json_fail(r, LB_ERR_CLIENT_JSON, "truncated \\u escape");
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    const char c = r->s[r->pos + (size_t)i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return json_fail(r, LB_ERR_CLIENT_JSON, "bad hex digit in \\u escape");
  }
  r->pos += 4;
  *out = v;
  return LB_OK;
}

/* Length of a valid UTF-8 sequence starting at s (at most n bytes), or 0 when invalid. */
static size_t utf8_sequence(const unsigned char *s, size_t n) {
  const unsigned char c = s[0];
  if (c < 0x80) return 1;
  size_t len;
  unsigned cp;
  if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; }
  else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; }
  else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; }
  else return 0;
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3f);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

static size_t put_utf8(unsigned cp, char *out) {
  if (cp < 0x80) { out[0] = (char)cp; return 1; }
  if (cp < 0x800) { out[0] = (char)(0xc0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3f)); return 2; }
  if (cp < 0x10000) {
    out[0] = (char)(0xe0 | (cp >> 12)); out[1] = (char)(0x80 | ((cp >> 6) & 0x3f)); out[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
  }
  out[0] = (char)(0xf0 | (cp >> 18)); out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3f)); out[3] = (char)(0x80 | (cp & 0x3f));
  return 4;
}

/* Parses a string at r->pos (the opening quote). With out != NULL the decoded bytes are
 * written there (the caller sizes it to the raw length, which decoding never exceeds). */
static int parse_string(reader *r, char *out, size_t *out_len) {
  r->pos++; /* opening quote */
  size_t o = 0;
  for (;;) {
    if (r->pos >= r->len) return json_fail(r, LB_ERR_CLIENT_JSON, "unterminated string");
    const unsigned char c = (unsigned char)r->s[r->pos];
    if (c == '"') { r->pos++; break; }
    if (c < 0x20) return json_fail(r, LB_ERR_CLIENT_JSON, "control character in string");
    if (c == '\\') {
      if (r->pos + 1 >= r->len) return json_fail(r, LB_ERR_CLIENT_JSON, "unterminated escape");
      const char e = r->s[r->pos + 1];
      r->pos += 2;
      char single = 0;
      switch (e) {
        case '"': single = '"'; break;
        case '\\': single = '\\'; break;
        case '/': single = '/'; break;
        case 'b': single = '\b'; break;
        case 'f': single = '\f'; break;
        case 'n': single = '\n'; break;
        case 'r': single = '\r'; break;
        case 't': single = '\t'; break;
        case 'u': {
          unsigned cp;
          if (hex4(r, &cp) != LB_OK) return r->err ? r->err->code : LB_ERR_CLIENT_JSON;
          if (cp >= 0xdc00 && cp <= 0xdfff) return json_fail(r, LB_ERR_CLIENT_JSON, "lone low surrogate");
          if (cp >= 0xd800 && cp <= 0xdbff) {
            if (r->len - r->pos < 2 || r->s[r->pos] != '\\' || r->s[r->pos + 1] != 'u')
              return json_fail(r, LB_ERR_CLIENT_JSON, "lone high surrogate");
            r->pos += 2;
            unsigned lo;
            if (hex4(r, &lo) != LB_OK) return r->err ? r->err->code : LB_ERR_CLIENT_JSON;
            if (lo < 0xdc00 || lo > 0xdfff) return json_fail(r, LB_ERR_CLIENT_JSON, "bad surrogate pair");
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          }
          char tmp[4];
          const size_t n = put_utf8(cp, tmp);
          if (out) memcpy(out + o, tmp, n);
          o += n;
          continue;
        }
        default: return json_fail(r, LB_ERR_CLIENT_JSON, "bad escape");
      }
      if (out) out[o] = single;
      o++;
      continue;
    }
    const size_t n = utf8_sequence((const unsigned char *)r->s + r->pos, r->len - r->pos);
    if (n == 0) return json_fail(r, LB_ERR_CLIENT_JSON, "invalid UTF-8 in string");
    if (out) memcpy(out + o, r->s + r->pos, n);
    o += n;
    r->pos += n;
  }
  if (o > LB_MAX_STRING_BYTES) return json_fail(r, LB_ERR_TOO_LARGE, "string longer than the protocol allows");
  *out_len = o;
  return LB_OK;
}

/* strtod with '.' as the decimal point whatever the locale. */
static double parse_double_c(const char *text, size_t n, int *ok) {
  char buf[LB_MAX_NUMBER_CHARS + 8];
  const char *dp = localeconv()->decimal_point;
  const size_t dpl = (dp && dp[0]) ? strlen(dp) : 1;
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (text[i] == '.' && dp && dp[0] && dpl <= 4) { memcpy(buf + o, dp, dpl); o += dpl; }
    else buf[o++] = text[i];
  }
  buf[o] = '\0';
  char *end = NULL;
  errno = 0;
  const double v = strtod(buf, &end);
  *ok = end == buf + o && !(errno == ERANGE && isinf(v));
  return v;
}

static int parse_number(reader *r, msgpack_packer *pk) {
  const size_t start = r->pos;
  int negative = 0, integral = 1;
  if (r->s[r->pos] == '-') { negative = 1; r->pos++; }
  if (r->pos >= r->len) return json_fail(r, LB_ERR_CLIENT_JSON, "truncated number");
  if (r->s[r->pos] == '0') r->pos++;
  else if (r->s[r->pos] >= '1' && r->s[r->pos] <= '9') { while (r->pos < r->len && r->s[r->pos] >= '0' && r->s[r->pos] <= '9') r->pos++; }
  else return json_fail(r, LB_ERR_CLIENT_JSON, "bad number");
  if (r->pos < r->len && r->s[r->pos] == '.') {
    integral = 0;
    r->pos++;
    if (r->pos >= r->len || r->s[r->pos] < '0' || r->s[r->pos] > '9') return json_fail(r, LB_ERR_CLIENT_JSON, "bad fraction");
    while (r->pos < r->len && r->s[r->pos] >= '0' && r->s[r->pos] <= '9') r->pos++;
  }
  if (r->pos < r->len && (r->s[r->pos] == 'e' || r->s[r->pos] == 'E')) {
    integral = 0;
    r->pos++;
    if (r->pos < r->len && (r->s[r->pos] == '+' || r->s[r->pos] == '-')) r->pos++;
    if (r->pos >= r->len || r->s[r->pos] < '0' || r->s[r->pos] > '9') return json_fail(r, LB_ERR_CLIENT_JSON, "bad exponent");
    while (r->pos < r->len && r->s[r->pos] >= '0' && r->s[r->pos] <= '9') r->pos++;
  }
  const size_t n = r->pos - start;
  if (n > LB_MAX_NUMBER_CHARS) return json_fail(r, LB_ERR_CLIENT_JSON, "number too long");
  if (integral) {
    /* Exact integer when it fits in 64 bits; otherwise fall through to a double. */
    uint64_t mag = 0;
    int overflow = 0;
    for (size_t i = start + (size_t)negative; i < r->pos; i++) {
      const unsigned d = (unsigned)(r->s[i] - '0');
      if (mag > (UINT64_MAX - d) / 10) { overflow = 1; break; }
      mag = mag * 10 + d;
    }
    if (!overflow && !negative) return pk ? (msgpack_pack_uint64(pk, mag) == 0 ? LB_OK : json_fail(r, LB_ERR_CLIENT_NOMEM, "out of memory")) : LB_OK;
    if (!overflow && mag <= (uint64_t)INT64_MAX + 1) {
      const int64_t v = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
      return pk ? (msgpack_pack_int64(pk, v) == 0 ? LB_OK : json_fail(r, LB_ERR_CLIENT_NOMEM, "out of memory")) : LB_OK;
    }
  }
  int ok = 0;
  const double v = parse_double_c(r->s + start, n, &ok);
  if (!ok) return json_fail(r, LB_ERR_CLIENT_JSON, "number out of range");
  if (pk && msgpack_pack_double(pk, v) != 0) return json_fail(r, LB_ERR_CLIENT_NOMEM, "out of memory");
  return LB_OK;
}

static int literal(reader *r, const char *word) {
  const size_t n = strlen(word);
  if (r->len - r->pos < n || memcmp(r->s + r->pos, word, n) != 0) return json_fail(r, LB_ERR_CLIENT_JSON, "unexpected token");
  r->pos += n;
  return LB_OK;
}

static int parse_value(reader *r, msgpack_packer *pk, int depth);

static int pack_str(reader *r, msgpack_packer *pk, const char *p, size_t n) {
  if (msgpack_pack_str(pk, n) != 0 || msgpack_pack_str_body(pk, p, n) != 0) return json_fail(r, LB_ERR_CLIENT_NOMEM, "out of memory");
  return LB_OK;
}

/* Parses a string into a malloc'd buffer (NULL pk: validation only, *out stays NULL). */
static int string_value(reader *r, int want, char **out, size_t *n) {
  *out = NULL;
  const size_t save = r->pos;
  int rc = parse_string(r, NULL, n);
  if (rc != LB_OK || !want) return rc;
  char *buf = malloc(*n + 1);
  if (!buf) return json_fail(r, LB_ERR_CLIENT_NOMEM, "out of memory");
  r->pos = save;
  rc = parse_string(r, buf, n);
  if (rc != LB_OK) { free(buf); return rc; }
  *out = buf;
  return LB_OK;
}

/* Special objects: 1 = {"$base64"}, 2 = {"$ext","$base64"}, 0 = plain. */
static int special_kind(size_t members, int has_b64, int has_ext) {
  if (members == 1 && has_b64) return 1;
  if (members == 2 && has_b64 && has_ext) return 2;
  return 0;
}

static int emit_special(reader *r, msgpack_packer *pk, int depth, int kind) {
  long long ext_type = 0;
  char *b64 = NULL;
  size_t b64_len = 0;
  int rc = LB_OK;
  r->pos++; /* { */
  for (;;) {
    skip_ws(r);
    char *key;
    size_t kn;
    if ((rc = string_value(r, 1, &key, &kn)) != LB_OK) break;
    skip_ws(r);
    r->pos++; /* : (checked in the counting pass) */
    skip_ws(r);
    if (kn == 7 && memcmp(key, "$base64", 7) == 0) {
      free(key);
      if (r->pos >= r->len || r->s[r->pos] != '"') { rc = json_fail(r, LB_ERR_CLIENT_JSON, "$base64 must be a string"); break; }
      free(b64);
      if ((rc = string_value(r, 1, &b64, &b64_len)) != LB_OK) break;
    } else {
      free(key);
      const size_t save = r->pos;
      msgpack_sbuffer sb;
      msgpack_sbuffer_init(&sb);
      msgpack_packer tmp;
      msgpack_packer_init(&tmp, &sb, msgpack_sbuffer_write);
      rc = parse_value(r, &tmp, depth + 1);
      msgpack_unpacked u;
      msgpack_unpacked_init(&u);
      if (rc == LB_OK && msgpack_unpack_next(&u, sb.data, sb.size, NULL) == MSGPACK_UNPACK_SUCCESS &&
          (u.data.type == MSGPACK_OBJECT_POSITIVE_INTEGER || u.data.type == MSGPACK_OBJECT_NEGATIVE_INTEGER) &&
          u.data.via.i64 >= -128 && u.data.via.i64 <= 127) {
        ext_type = u.data.via.i64;
      } else if (rc == LB_OK) {
        r->pos = save;
        rc = json_fail(r, LB_ERR_CLIENT_JSON, "$ext must be an integer in -128..127");
      }
      msgpack_unpacked_destroy(&u);
      msgpack_sbuffer_destroy(&sb);
      if (rc != LB_OK) break;
    }
    skip_ws(r);
    if (r->s[r->pos] == ',') { r->pos++; continue; }
    r->pos++; /* } */
    break;
  }
  if (rc == LB_OK) {
    unsigned char *bytes = malloc(b64_len / 4 * 3 + 1);
    long decoded = bytes ? lb_base64_decode(bytes, b64_len / 4 * 3 + 1, b64, b64_len) : -1;
    size_t n = decoded < 0 ? 0 : (size_t)decoded;
    if (!bytes) rc = json_fail(r, LB_ERR_CLIENT_NOMEM, "out of memory");
    else if (decoded < 0) rc = json_fail(r, LB_ERR_CLIENT_JSON, "invalid base64");
    else if (n > LB_MAX_STRING_BYTES) rc = json_fail(r, LB_ERR_TOO_LARGE, "binary longer than the protocol allows");
    else if (kind == 1) rc = (msgpack_pack_bin(pk, n) == 0 && msgpack_pack_bin_body(pk, bytes, n) == 0) ? LB_OK : json_fail(r, LB_ERR_CLIENT_NOMEM, "out of memory");
    else rc = (msgpack_pack_ext(pk, n, (int8_t)ext_type) == 0 && msgpack_pack_ext_body(pk, bytes, n) == 0) ? LB_OK : json_fail(r, LB_ERR_CLIENT_NOMEM, "out of memory");
    free(bytes);
  }
  free(b64);
  return rc;
}

static int parse_object(reader *r, msgpack_packer *pk, int depth) {
  const size_t start = r->pos;
  /* Pass 1: validate and count members (and spot the special forms). */
  r->pos++;
  size_t members = 0;
  int has_b64 = 0, has_ext = 0;
  skip_ws(r);
  if (r->pos < r->len && r->s[r->pos] == '}') r->pos++;
  else {
    for (;;) {
      skip_ws(r);
      if (r->pos >= r->len || r->s[r->pos] != '"') return json_fail(r, LB_ERR_CLIENT_JSON, "expected a string key");
      char *key;
      size_t kn;
      int rc = string_value(r, 1, &key, &kn);
      if (rc != LB_OK) return rc;
      has_b64 |= kn == 7 && memcmp(key, "$base64", 7) == 0;
      has_ext |= kn == 4 && memcmp(key, "$ext", 4) == 0;
      free(key);
      skip_ws(r);
      if (r->pos >= r->len || r->s[r->pos] != ':') return json_fail(r, LB_ERR_CLIENT_JSON, "expected ':'");
      r->pos++;
      skip_ws(r);
      if ((rc = parse_value(r, NULL, depth + 1)) != LB_OK) return rc;
      if (++members > LB_MAX_CONTAINER_ITEMS) return json_fail(r, LB_ERR_TOO_LARGE, "object has too many members");
      skip_ws(r);
      if (r->pos < r->len && r->s[r->pos] == ',') { r->pos++; continue; }
      if (r->pos < r->len && r->s[r->pos] == '}') { r->pos++; break; }
      return json_fail(r, LB_ERR_CLIENT_JSON, "expected ',' or '}'");
    }
  }
  const int kind = special_kind(members, has_b64, has_ext);
  /* {"$base64"} and {"$ext"} stand for scalars (bin, ext), so they may sit one level below
   * the deepest container, exactly where lb_msgpack_to_json writes them. */
  if (kind == 0 && depth >= LB_MAX_DEPTH) return json_fail(r, LB_ERR_TOO_DEEP, "nesting deeper than the protocol allows");
  if (pk == NULL) return LB_OK;
  const size_t end = r->pos;
  r->pos = start;
  int rc;
  if (kind != 0) rc = emit_special(r, pk, depth, kind);
  else {
    if (msgpack_pack_map(pk, members) != 0) return json_fail(r, LB_ERR_CLIENT_NOMEM, "out of memory");
    r->pos++;
    rc = LB_OK;
    for (size_t i = 0; i < members && rc == LB_OK; i++) {
      skip_ws(r);
      char *key;
      size_t kn;
      if ((rc = string_value(r, 1, &key, &kn)) != LB_OK) break;
      rc = pack_str(r, pk, key, kn);
      free(key);
      if (rc != LB_OK) break;
      skip_ws(r);
      r->pos++; /* : */
      skip_ws(r);
      rc = parse_value(r, pk, depth + 1);
      skip_ws(r);
      r->pos++; /* , or } */
    }
  }
  r->pos = end;
  return rc;
}

static int parse_array(reader *r, msgpack_packer *pk, int depth) {
  const size_t start = r->pos;
  r->pos++;
  size_t items = 0;
  skip_ws(r);
  if (r->pos < r->len && r->s[r->pos] == ']') r->pos++;
  else {
    for (;;) {
      skip_ws(r);
      int rc = parse_value(r, NULL, depth + 1);
      if (rc != LB_OK) return rc;
      if (++items > LB_MAX_CONTAINER_ITEMS) return json_fail(r, LB_ERR_TOO_LARGE, "array has too many items");
      skip_ws(r);
      if (r->pos < r->len && r->s[r->pos] == ',') { r->pos++; continue; }
      if (r->pos < r->len && r->s[r->pos] == ']') { r->pos++; break; }
      return json_fail(r, LB_ERR_CLIENT_JSON, "expected ',' or ']'");
    }
  }
  if (pk == NULL) return LB_OK;
  const size_t end = r->pos;
  r->pos = start + 1;
  if (msgpack_pack_array(pk, items) != 0) return json_fail(r, LB_ERR_CLIENT_NOMEM, "out of memory");
  for (size_t i = 0; i < items; i++) {
    skip_ws(r);
    const int rc = parse_value(r, pk, depth + 1);
    if (rc != LB_OK) return rc;
    skip_ws(r);
    r->pos++; /* , or ] */
  }
  r->pos = end;
  return LB_OK;
}

static int parse_value(reader *r, msgpack_packer *pk, int depth) {
  skip_ws(r);
  if (r->pos >= r->len) return json_fail(r, LB_ERR_CLIENT_JSON, "unexpected end of input");
  const char c = r->s[r->pos];
  if (c == '{' || c == '[') {
    /* An object one level deeper is checked by parse_object: it may be a bin/ext form. */
    if (depth > LB_MAX_DEPTH || (c == '[' && depth == LB_MAX_DEPTH)) return json_fail(r, LB_ERR_TOO_DEEP, "nesting deeper than the protocol allows");
    return c == '{' ? parse_object(r, pk, depth) : parse_array(r, pk, depth);
  }
  if (c == '"') {
    char *s;
    size_t n;
    const int rc = string_value(r, pk != NULL, &s, &n);
    if (rc != LB_OK || pk == NULL) return rc;
    const int prc = pack_str(r, pk, s, n);
    free(s);
    return prc;
  }
  if (c == '-' || (c >= '0' && c <= '9')) return parse_number(r, pk);
  int rc;
  if (c == 't') { if ((rc = literal(r, "true")) != LB_OK) return rc; return pk && msgpack_pack_true(pk) != 0 ? json_fail(r, LB_ERR_CLIENT_NOMEM, "out of memory") : LB_OK; }
  if (c == 'f') { if ((rc = literal(r, "false")) != LB_OK) return rc; return pk && msgpack_pack_false(pk) != 0 ? json_fail(r, LB_ERR_CLIENT_NOMEM, "out of memory") : LB_OK; }
  if (c == 'n') { if ((rc = literal(r, "null")) != LB_OK) return rc; return pk && msgpack_pack_nil(pk) != 0 ? json_fail(r, LB_ERR_CLIENT_NOMEM, "out of memory") : LB_OK; }
  return json_fail(r, LB_ERR_CLIENT_JSON, "unexpected character");
}

int lb_json_to_msgpack(const char *json, size_t len, msgpack_sbuffer *out, lb_error *err) {
  if (json == NULL || out == NULL) return lb_fail(err, LB_ERR_CLIENT_USAGE, "NULL argument");
  if (len > LB_MAX_MESSAGE_BYTES) return lb_fail(err, LB_ERR_TOO_LARGE, "JSON text longer than %d bytes", LB_MAX_MESSAGE_BYTES);
  reader r = {json, len, 0, err};
  int rc = parse_value(&r, NULL, 0); /* validate everything before appending anything */
  if (rc != LB_OK) return rc;
  skip_ws(&r);
  if (r.pos != len) return json_fail(&r, LB_ERR_CLIENT_JSON, "trailing characters");
  r.pos = 0;
  msgpack_packer pk;
  msgpack_packer_init(&pk, out, msgpack_sbuffer_write);
  return parse_value(&r, &pk, 0);
}

/* ---------------------------------------------------------------- msgpack -> JSON */
typedef struct writer {
  char *buf;
  size_t len, cap;
  int failed; /* an lb_error_code once something went wrong */
} writer;

static void put(writer *w, const char *s, size_t n) {
  if (w->failed) return;
  if (n > LB_MAX_JSON_BYTES - w->len) { w->failed = LB_ERR_TOO_LARGE; return; }
  if (w->len + n + 1 > w->cap) {
    size_t cap = w->cap ? w->cap : 256;
    while (cap < w->len + n + 1) cap *= 2;
    char *b = realloc(w->buf, cap);
    if (!b) { w->failed = LB_ERR_CLIENT_NOMEM; return; }
    w->buf = b;
    w->cap = cap;
  }
  memcpy(w->buf + w->len, s, n);
  w->len += n;
  w->buf[w->len] = '\0';
}

static void puts_(writer *w, const char *s) { put(w, s, strlen(s)); }

static void put_string(writer *w, const char *s, size_t n) {
  put(w, "\"", 1);
  size_t i = 0;
  while (i < n && !w->failed) {
    const unsigned char c = (unsigned char)s[i];
    if (c == '"') { put(w, "\\\"", 2); i++; }
    else if (c == '\\') { put(w, "\\\\", 2); i++; }
    else if (c < 0x20) {
      char esc[8];
      snprintf(esc, sizeof esc, "\\u%04x", c);
      put(w, esc, 6);
      i++;
    } else {
      const size_t k = utf8_sequence((const unsigned char *)s + i, n - i);
      if (k == 0) { put(w, "\\ufffd", 6); i++; } /* invalid UTF-8: replacement character */
      else { put(w, s + i, k); i += k; }
    }
  }
  put(w, "\"", 1);
}

static void put_base64(writer *w, const unsigned char *p, size_t n) {
  put(w, "\"", 1);
  for (size_t i = 0; i < n && !w->failed; i += 3) {
    char q[4];
    lb_base64_group(q, p + i, n - i);
    put(w, q, 4);
  }
  put(w, "\"", 1);
}

static void put_double(writer *w, double v, int digits) {
  if (!isfinite(v)) { puts_(w, "null"); return; }
  char buf[64];
  const int n = snprintf(buf, sizeof buf, "%.*g", digits, v);
  if (n <= 0 || (size_t)n >= sizeof buf) { w->failed = LB_ERR_CLIENT_JSON; return; }
  /* Undo the locale's decimal point, and keep a float a float (1 -> 1.0). */
  const char *dp = localeconv()->decimal_point;
  char out[72];
  size_t o = 0;
  int has_point = 0;
  const size_t dpl = dp && dp[0] ? strlen(dp) : 0;
  for (int i = 0; i < n;) {
    if (dpl > 0 && strncmp(buf + i, dp, dpl) == 0) { out[o++] = '.'; i += (int)dpl; has_point = 1; continue; }
    if (buf[i] == 'e') has_point = 1;
    out[o++] = buf[i++];
  }
  if (!has_point) { out[o++] = '.'; out[o++] = '0'; }
  put(w, out, o);
}

static void write_value(writer *w, const msgpack_object *o, int depth) {
  if (w->failed) return;
  if ((o->type == MSGPACK_OBJECT_ARRAY || o->type == MSGPACK_OBJECT_MAP) && depth > LB_MAX_DEPTH) {
    w->failed = LB_ERR_TOO_DEEP;
    return;
  }
  char num[32];
  switch (o->type) {
    case MSGPACK_OBJECT_NIL: puts_(w, "null"); break;
    case MSGPACK_OBJECT_BOOLEAN: puts_(w, o->via.boolean ? "true" : "false"); break;
    case MSGPACK_OBJECT_POSITIVE_INTEGER: snprintf(num, sizeof num, "%llu", (unsigned long long)o->via.u64); puts_(w, num); break;
    case MSGPACK_OBJECT_NEGATIVE_INTEGER: snprintf(num, sizeof num, "%lld", (long long)o->via.i64); puts_(w, num); break;
    case MSGPACK_OBJECT_FLOAT32: put_double(w, o->via.f64, 9); break;
    case MSGPACK_OBJECT_FLOAT64: put_double(w, o->via.f64, 17); break;
    case MSGPACK_OBJECT_STR: put_string(w, o->via.str.ptr, o->via.str.size); break;
    case MSGPACK_OBJECT_BIN:
      puts_(w, "{\"$base64\":");
      put_base64(w, (const unsigned char *)o->via.bin.ptr, o->via.bin.size);
      puts_(w, "}");
      break;
    case MSGPACK_OBJECT_EXT:
      snprintf(num, sizeof num, "%d", (int)o->via.ext.type);
      puts_(w, "{\"$ext\":");
      puts_(w, num);
      puts_(w, ",\"$base64\":");
      put_base64(w, (const unsigned char *)o->via.ext.ptr, o->via.ext.size);
      puts_(w, "}");
      break;
    case MSGPACK_OBJECT_ARRAY:
      puts_(w, "[");
      for (uint32_t i = 0; i < o->via.array.size && !w->failed; i++) {
        if (i) puts_(w, ",");
        write_value(w, &o->via.array.ptr[i], depth + 1);
      }
      puts_(w, "]");
      break;
    case MSGPACK_OBJECT_MAP:
      puts_(w, "{");
      for (uint32_t i = 0; i < o->via.map.size && !w->failed; i++) {
        const msgpack_object_kv *kv = &o->via.map.ptr[i];
        if (kv->key.type != MSGPACK_OBJECT_STR) { w->failed = LB_ERR_CLIENT_JSON; return; }
        if (i) puts_(w, ",");
        put_string(w, kv->key.via.str.ptr, kv->key.via.str.size);
        puts_(w, ":");
        write_value(w, &kv->val, depth + 1);
      }
      puts_(w, "}");
      break;
    default: w->failed = LB_ERR_CLIENT_JSON; break;
  }
}

int lb_msgpack_to_json(const msgpack_object *obj, char **json, lb_error *err) {
  if (obj == NULL || json == NULL) return lb_fail(err, LB_ERR_CLIENT_USAGE, "NULL argument");
  *json = NULL;
  writer w = {NULL, 0, 0, 0};
  write_value(&w, obj, 1);
  if (w.failed) {
    free(w.buf);
    switch (w.failed) {
      case LB_ERR_TOO_DEEP: return lb_fail(err, w.failed, "value nests deeper than %d", LB_MAX_DEPTH);
      case LB_ERR_TOO_LARGE: return lb_fail(err, w.failed, "JSON text would exceed %u bytes", (unsigned)LB_MAX_JSON_BYTES);
      case LB_ERR_CLIENT_NOMEM: return lb_fail(err, w.failed, "out of memory");
      default: return lb_fail(err, w.failed, "value cannot be written as JSON (map key that is not a string?)");
    }
  }
  *json = w.buf;
  return LB_OK;
}
