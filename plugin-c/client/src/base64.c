#include "base64.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int value_of(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

void lb_base64_group(char out[4], const unsigned char *bytes, size_t left) {
  const unsigned long b0 = bytes[0], b1 = left > 1 ? bytes[1] : 0, b2 = left > 2 ? bytes[2] : 0;
  const unsigned long t = (b0 << 16) | (b1 << 8) | b2;
  out[0] = alphabet[(t >> 18) & 63];
  out[1] = alphabet[(t >> 12) & 63];
  out[2] = left > 1 ? alphabet[(t >> 6) & 63] : '=';
  out[3] = left > 2 ? alphabet[t & 63] : '=';
}

void lb_base64_encode(char *out, const unsigned char *bytes, size_t len) {
  size_t o = 0;
  for (size_t i = 0; i < len; i += 3, o += 4) lb_base64_group(out + o, bytes + i, len - i);
  out[o] = '\0';
}

long lb_base64_decode(unsigned char *out, size_t cap, const char *text, size_t len) {
  if (len % 4 != 0) return -1;
  size_t o = 0;
  for (size_t i = 0; i < len; i += 4) {
    const int last = i + 4 == len;
    int v[4], pad = 0;
    for (int k = 0; k < 4; k++) {
      const unsigned char c = (unsigned char)text[i + k];
      if (c == '=' && last && k >= 2) {
        v[k] = 0;
        pad++;
        continue;
      }
      if (pad > 0) return -1; /* data after padding */
      v[k] = value_of(c);
      if (v[k] < 0) return -1;
    }
    const unsigned long t = ((unsigned long)v[0] << 18) | ((unsigned long)v[1] << 12) | ((unsigned long)v[2] << 6) | (unsigned long)v[3];
    if ((pad == 1 && (t & 0xff) != 0) || (pad == 2 && (t & 0xffff) != 0)) return -1; /* unused bits set */
    const size_t n = 3 - (size_t)pad;
    if (n > cap - o) return -1;
    out[o++] = (unsigned char)(t >> 16);
    if (n > 1) out[o++] = (unsigned char)(t >> 8);
    if (n > 2) out[o++] = (unsigned char)t;
  }
  return (long)o;
}
