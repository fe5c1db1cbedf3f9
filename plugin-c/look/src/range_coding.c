/*
 * Version 4's range-coded items (docs/look.md, "Version 4 parameters" and "Version 4 details"):
 * an adaptive binary range decoder (LZMA's scheme: 32-bit range, 11-bit probabilities moving
 * 1/16 toward each bit) and the context models of C#'s ParameterCoder and DetailCoder, bit for
 * bit. Every read is bounded by the stream's length; a stream must be read to its last byte,
 * and every residual detail must fit the file's width.
 */
#include <stdlib.h>
#include <string.h>

#include "range_coding.h"

#define PROB_BITS 11
#define MOVE_BITS 4
#define TOP (1u << 24)
#define MAX_LEVELS 8
#define LENGTH_BINS 14
#define MAX_LENGTH 15

typedef struct range_decoder {
  const uint8_t *in;
  size_t len, pos;
  uint32_t range, code;
  int overrun; /* 1 once a byte past the end was wanted */
} range_decoder;

static uint32_t next_byte(range_decoder *rc) {
  if (rc->pos < rc->len) return rc->in[rc->pos++];
  rc->overrun = 1;
  return 0;
}

static void normalise(range_decoder *rc) {
  while (rc->range < TOP) {
    rc->range <<= 8;
    rc->code = (rc->code << 8) | next_byte(rc);
  }
}

static int decode_bit(range_decoder *rc, uint16_t *p) {
  uint32_t bound = (rc->range >> PROB_BITS) * *p;
  int bit;
  if (rc->code < bound) {
    rc->range = bound;
    *p = (uint16_t)(*p + (((1u << PROB_BITS) - *p) >> MOVE_BITS));
    bit = 0;
  } else {
    rc->code -= bound;
    rc->range -= bound;
    *p = (uint16_t)(*p - (*p >> MOVE_BITS));
    bit = 1;
  }
  normalise(rc);
  return bit;
}

static int decode_direct(range_decoder *rc, int count) {
  int value = 0;
  for (int i = 0; i < count; i++) {
    rc->range >>= 1;
    int bit = 0;
    if (rc->code >= rc->range) {
      rc->code -= rc->range;
      bit = 1;
    }
    value = (value << 1) | bit;
    normalise(rc);
  }
  return value;
}

/* RangeEncoder.Magnitude's inverse: v >= 1 as its bit length n - 1 in unary (the i-th bit with
 * context length[min(i, length_count - 1)], no closing 0 at max_length), then for n > 1 bit n - 2
 * with context top[n - 1] and the bits below it direct. */
static int decode_magnitude(range_decoder *rc, uint16_t *length, int length_count, int max_length, uint16_t *top) {
  int bits = 0;
  while (bits < max_length && decode_bit(rc, &length[bits < length_count - 1 ? bits : length_count - 1])) bits++;
  if (bits == 0) return 1;
  int v = (2 | decode_bit(rc, &top[bits])) << (bits - 1);
  return v | decode_direct(rc, bits - 1);
}

typedef struct model {
  uint16_t zero[MAX_LEVELS * 3 * 3], sign[MAX_LEVELS * 3], length[MAX_LEVELS * 3 * LENGTH_BINS], top[2 * (MAX_LENGTH + 1)];
} model;

static void fill(uint16_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) p[i] = 1u << (PROB_BITS - 1);
}

static int cap2(int v) { return v < 0 ? (v < -2 ? 2 : -v) : (v > 2 ? 2 : v); }
static int sign_of(int v) { return (v > 0) - (v < 0); }

int lb_residual_decode_details(const uint8_t *stream, size_t len, const uint8_t *levels, size_t nodes, int32_t limit,
                               int32_t *details) {
  range_decoder rc = {stream, len, 0, 0xFFFFFFFFu, 0, 0};
  for (int i = 0; i < 4; i++) rc.code = (rc.code << 8) | next_byte(&rc);
  model *m = malloc(sizeof *m);
  if (m == NULL) return LB_DETAILS_MEMORY;
  fill(m->zero, sizeof m->zero / sizeof *m->zero);
  fill(m->sign, sizeof m->sign / sizeof *m->sign);
  fill(m->length, sizeof m->length / sizeof *m->length);
  fill(m->top, sizeof m->top / sizeof *m->top);
  int modes = decode_direct(&rc, 2), result = LB_DETAILS_OK;
  for (int c = 0; c < 3 && result == LB_DETAILS_OK; c++) {
    int difference = c > 0 && ((modes >> (c - 1)) & 1);
    int previous = 0, before_previous = 0;
    for (size_t k = 0; k < nodes; k++) {
      int other = c > 0 ? details[(size_t)(c - 1) * nodes + k] : 0;
      int level = levels[k] < MAX_LEVELS - 1 ? levels[k] : MAX_LEVELS - 1;
      int near = cap2(previous), second = c == 0 ? cap2(before_previous) : cap2(other);
      int sign_ctx = level * 3 + (c == 0 ? sign_of(previous) : sign_of(other)) + 1;
      int length_ctx = (level * 3 + near) * LENGTH_BINS, top_ctx = (level == 0 ? 0 : 1) * (MAX_LENGTH + 1);
      int d = 0;
      if (decode_bit(&rc, &m->zero[(level * 3 + near) * 3 + second])) {
        int negative = decode_bit(&rc, &m->sign[sign_ctx]);
        int v = decode_magnitude(&rc, &m->length[length_ctx], LENGTH_BINS, MAX_LENGTH, &m->top[top_ctx]);
        d = negative ? -v : v;
      }
      int value = d + (difference ? other : 0);
      if (rc.overrun) {
        result = LB_DETAILS_SHORT;
        break;
      }
      if (value > limit || value < -limit) {
        result = LB_DETAILS_RANGE;
        break;
      }
      details[(size_t)c * nodes + k] = value;
      before_previous = previous;
      previous = d;
    }
  }
  free(m);
  if (result == LB_DETAILS_OK && rc.pos != rc.len) result = LB_DETAILS_TRAILING;
  return result;
}

/* ParameterCoder's groups: light 0-11, colour 12-22, hue bands 23-46, strength 47, RGB curves
 * 48-62, mixer 63-71, input curves 72-. */
#define PARAM_GROUPS 7
#define PARAM_MAX_LENGTH 24

static int param_group(int index) {
  static const int starts[PARAM_GROUPS - 1] = {12, 23, 47, 48, 63, 72};
  int g = 0;
  while (g < PARAM_GROUPS - 1 && index >= starts[g]) g++;
  return g;
}

int lb_look_decode_param_steps(const uint8_t *stream, size_t len, int count, int64_t *steps) {
  range_decoder rc = {stream, len, 0, 0xFFFFFFFFu, 0, 0};
  for (int i = 0; i < 4; i++) rc.code = (rc.code << 8) | next_byte(&rc);
  uint16_t moved[PARAM_GROUPS * 2], sign[PARAM_GROUPS], length[PARAM_GROUPS * PARAM_MAX_LENGTH], top[PARAM_GROUPS * PARAM_MAX_LENGTH];
  fill(moved, PARAM_GROUPS * 2);
  fill(sign, PARAM_GROUPS);
  fill(length, PARAM_GROUPS * PARAM_MAX_LENGTH);
  fill(top, PARAM_GROUPS * PARAM_MAX_LENGTH);
  int before = 0;
  for (int i = 0; i < count; i++) {
    int group = param_group(i);
    steps[i] = 0;
    before = decode_bit(&rc, &moved[group * 2 + before]);
    if (before) {
      int negative = decode_bit(&rc, &sign[group]);
      int32_t v = decode_magnitude(&rc, &length[group * PARAM_MAX_LENGTH], PARAM_MAX_LENGTH, PARAM_MAX_LENGTH - 1, &top[group * PARAM_MAX_LENGTH]);
      steps[i] = negative ? -(int64_t)v : (int64_t)v;
    }
    if (rc.overrun) return LB_DETAILS_SHORT;
  }
  return rc.pos == rc.len ? LB_DETAILS_OK : LB_DETAILS_TRAILING;
}
