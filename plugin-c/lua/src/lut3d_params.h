/*
 * darktable 4.2's lut3d parameters (module version 3): the C struct darktable stores in
 * styles and XMP, 12,940 bytes: char filepath[512]; int colorspace; int interpolation;
 * int nb_keypoints; char c_clut[12288]; char lutname[128] (little-endian ints).
 */
#ifndef LUTBRIDGE_LUT3D_PARAMS_H
#define LUTBRIDGE_LUT3D_PARAMS_H

#include <stddef.h>

#define LB_LUT3D_VERSION 3
#define LB_LUT3D_FILEPATH_BYTES 512
#define LB_LUT3D_PARAMS_BYTES 12940

/* Fills out[LB_LUT3D_PARAMS_BYTES]; returns 0, or -1 when filepath does not fit (with NUL). */
int lb_lut3d_params(unsigned char *out, const char *filepath, size_t filepath_len, int colorspace, int interpolation);

/* Lowercase hex of len bytes into out[2 * len + 1]. */
void lb_hex(char *out, const unsigned char *bytes, size_t len);

/* 64-bit FNV-1a, for content-addressed file names. */
unsigned long long lb_fnv1a64(const void *bytes, size_t len);

#endif
