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

unsigned long long lb_fnv1a64(const void *bytes, size_t len) {
  const unsigned char *p = bytes;
  uint64_t h = 14695981039346656037ULL;
  for (size_t i = 0; i < len; i++) { h ^= p[i]; h *= 1099511628211ULL; }
  return (unsigned long long)h;
}
