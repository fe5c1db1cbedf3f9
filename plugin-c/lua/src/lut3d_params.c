#include "lut3d_params.h"

#include <stdint.h>
#include <string.h>

static void put_i32_le(unsigned char *p, int32_t v) {
  const uint32_t u = (uint32_t)v;
  p[0] = (unsigned char)(u & 0xff);
  p[1] = (unsigned char)((u >> 8) & 0xff);
  p[2] = (unsigned char)((u >> 16) & 0xff);
  p[3] = (unsigned char)((u >> 24) & 0xff);
}

int lb_lut3d_params(unsigned char *out, const char *filepath, size_t filepath_len, int colorspace, int interpolation) {
  if (filepath_len >= LB_LUT3D_FILEPATH_BYTES || memchr(filepath, '\0', filepath_len) != NULL) return -1;
  memset(out, 0, LB_LUT3D_PARAMS_BYTES);
  memcpy(out, filepath, filepath_len);
  put_i32_le(out + LB_LUT3D_FILEPATH_BYTES, colorspace);
  put_i32_le(out + LB_LUT3D_FILEPATH_BYTES + 4, interpolation);
  /* nb_keypoints, c_clut and lutname serve G'MIC compressed LUTs only: zero. */
  return 0;
}

void lb_hex(char *out, const unsigned char *bytes, size_t len) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < len; i++) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  out[2 * len] = '\0';
}

static int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

long lb_base64_decode(unsigned char *out, size_t cap, const char *text, size_t len) {
  while (len > 0 && text[len - 1] == '=') len--;
  if (len % 4 == 1) return -1;
  size_t n = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < len; i++) {
    const int v = b64_value(text[i]);
    if (v < 0) return -1;
    acc = (acc << 6) | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (n >= cap) return -1;
      out[n++] = (unsigned char)((acc >> bits) & 0xff);
    }
  }
  return (long)n;
}

void lb_base64_encode(char *out, const unsigned char *bytes, size_t len) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t o = 0;
  for (size_t i = 0; i < len; i += 3) {
    const uint32_t b0 = bytes[i], b1 = i + 1 < len ? bytes[i + 1] : 0, b2 = i + 2 < len ? bytes[i + 2] : 0;
    const uint32_t v = (b0 << 16) | (b1 << 8) | b2;
    out[o++] = alphabet[(v >> 18) & 63];
    out[o++] = alphabet[(v >> 12) & 63];
    out[o++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
    out[o++] = i + 2 < len ? alphabet[v & 63] : '=';
  }
  out[o] = '\0';
}

unsigned long long lb_fnv1a64(const void *bytes, size_t len) {
  const unsigned char *p = bytes;
  uint64_t h = 14695981039346656037ULL;
  for (size_t i = 0; i < len; i++) { h ^= p[i]; h *= 1099511628211ULL; }
  return (unsigned long long)h;
}
