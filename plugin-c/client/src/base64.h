/*
 * Base64 (RFC 4648, standard alphabet, padded): the one implementation of the C half. The
 * client's JSON bridge ({"$base64": ...}) and the Lua module (the LUTBRIDGE-LOOK comment of a
 * .cube, which C#'s Convert.ToBase64String writes) both use it.
 */
#ifndef LUTBRIDGE_BASE64_H
#define LUTBRIDGE_BASE64_H

#include <stddef.h>

/* Characters lb_base64_encode writes for len bytes (without the NUL). */
#define LB_BASE64_LENGTH(len) (4 * (((len) + 2) / 3))

/* The four characters of the group starting at bytes[0], of which `left` (>= 1) remain. */
void lb_base64_group(char out[4], const unsigned char *bytes, size_t left);

/* Padded base64 of len bytes into out[LB_BASE64_LENGTH(len) + 1], NUL-terminated. */
void lb_base64_encode(char *out, const unsigned char *bytes, size_t len);

/* Strict decoding into out (capacity cap): length a multiple of 4, padding only at the end,
 * unused bits zero, no whitespace. Returns the byte count, or -1 for text that is not such
 * base64 or does not fit cap. len / 4 * 3 bytes always suffice. */
long lb_base64_decode(unsigned char *out, size_t cap, const char *text, size_t len);

#endif
