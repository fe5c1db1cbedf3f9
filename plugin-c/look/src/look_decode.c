/*
 * .look bytes -> lb_look (docs/look.md, "File format"): one msgpack array
 *   [magic, version, {index: steps from neutral}, shaper, residual, title]
 * Accepts exactly what C#'s LookCodec.Decode accepts. Three passes, each bounded:
 *   1. the envelope (fixarray, magic, version) read by hand, so an unknown version is
 *      reported as such even when the rest of the file is something else;
 *   2. a header walk over the whole buffer: only the msgpack types a .look uses (the
 *      widths C# reads), every count no larger than the bytes left, a small depth and
 *      object budget, nothing after the array; so msgpack-c never allocates for a
 *      hostile length;
 *   3. msgpack-c unpacks (zero-copy), then every field is checked against the schema.
 * Versions 1 to 6 are read: version 2 admits the parameters appended after 47 and stores
 * the residual integers zlib-compressed (inflated into a buffer of exactly the expected size)
 * as red-axis deltas; version 3 as coarse-to-fine details (hierarchy_decode); version 4 has a
 * cubic B-spline residual (look_eval.c), a Lorenzo base level, range-coded details and, when
 * shorter than the map, range-coded sliders (range_coding.c); version 5 is coded as version 4 and
 * interpolates its residual tetrahedrally; version 6 is version 4 plus a seventh item, the camera
 * stage (read_stage).
 */
#include <math.h>
#include <msgpack.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "look_internal.h"
#include "range_coding.h"

/* A valid Look has at most 6 + 2 * 87 + 3 + 5 objects; anything far above is hostile. */
#define MAX_OBJECTS 1024
#define MAX_DEPTH 8

/* ---- pass 1: envelope ----------------------------------------------------------------- */

typedef struct cursor {
  const uint8_t *p;
  size_t len, pos;
} cursor;

static int take(cursor *c, size_t n, const uint8_t **out) {
  if (n > c->len - c->pos) return 0;
  *out = c->p + c->pos;
  c->pos += n;
  return 1;
}

static uint64_t big_endian(const uint8_t *b, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) v = v << 8 | b[i];
  return v;
}

/* One msgpack integer in the widths C# reads (fixint, uint8..32, int8..32). */
static int read_int(cursor *c, int64_t *v) {
  const uint8_t *t, *b;
  if (!take(c, 1, &t)) return 0;
  if (*t <= 0x7f) return *v = *t, 1;
  if (*t >= 0xe0) return *v = (int8_t)*t, 1;
  switch (*t) {
    case 0xcc: if (!take(c, 1, &b)) return 0; *v = b[0]; return 1;
    case 0xcd: if (!take(c, 2, &b)) return 0; *v = (int64_t)big_endian(b, 2); return 1;
    case 0xce: if (!take(c, 4, &b)) return 0; *v = (int64_t)big_endian(b, 4); return 1;
    case 0xd0: if (!take(c, 1, &b)) return 0; *v = (int8_t)b[0]; return 1;
    case 0xd1: if (!take(c, 2, &b)) return 0; *v = (int16_t)(uint16_t)big_endian(b, 2); return 1;
    case 0xd2: if (!take(c, 4, &b)) return 0; *v = (int32_t)(uint32_t)big_endian(b, 4); return 1;
    default: return 0;
  }
}

static int check_envelope(const uint8_t *bytes, size_t len, int *version_out, lb_look_error *err) {
  if (len == 0 || (bytes[0] & 0xf0) != 0x90) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a .look file: it does not start with a msgpack array");
  if ((bytes[0] & 0x0f) < 2) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a .look file: top-level array has %d items", bytes[0] & 0x0f);
  cursor c = {bytes, len, 1};
  const uint8_t *t, *s, *n8;
  size_t n;
  if (!take(&c, 1, &t)) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a .look file: truncated at byte %zu", c.pos);
  if (*t >= 0xa0 && *t <= 0xbf) n = *t & 0x1f;
  else if (*t == 0xd9 && take(&c, 1, &n8)) n = n8[0];
  else return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a .look file: no magic string");
  if (!take(&c, n, &s) || n != strlen(LB_LOOK_FORMAT_MAGIC) || memcmp(s, LB_LOOK_FORMAT_MAGIC, n) != 0)
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a .look file: magic is not '%s'", LB_LOOK_FORMAT_MAGIC);
  int64_t version;
  if (!read_int(&c, &version)) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a .look file: the version is not an integer");
  if (version < 1 || version > LB_LOOK_FORMAT_VERSION)
    return lb_look_fail(err, LB_LOOK_ERR_VERSION, "unsupported .look format version %lld (this library reads versions 1 to %d)",
                        (long long)version, LB_LOOK_FORMAT_VERSION);
  int items = version == LB_LOOK_CAMERA_STAGE_VERSION ? 7 : 6;
  if ((bytes[0] & 0x0f) != items)
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a .look file: version %d has %d top-level items, found %d", (int)version, items,
                        bytes[0] & 0x0f);
  *version_out = (int)version;
  return LB_LOOK_OK;
}

/* ---- pass 2: bounded header walk ------------------------------------------------------ */

static int walk(const uint8_t *bytes, size_t len, lb_look_error *err) {
  cursor c = {bytes, len, 0};
  uint64_t pending[MAX_DEPTH + 1]; /* items still expected per open container; [0] = top */
  int depth = 0;
  size_t objects = 0;
  pending[0] = 1;
  while (depth > 0 || pending[0] > 0) {
    if (pending[depth] == 0) { depth--; continue; }
    pending[depth]--;
    if (++objects > MAX_OBJECTS) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "corrupt .look: more than %d msgpack objects", MAX_OBJECTS);
    size_t at = c.pos;
    const uint8_t *t, *b;
    if (!take(&c, 1, &t)) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "corrupt .look: truncated at byte %zu", len);
    uint8_t type = *t;
    uint64_t items = 0, skip = 0;
    int container = 0;
    if (type <= 0x7f || type >= 0xe0 || type == 0xc0) {
      /* fixint or nil: the type byte is all */
    } else if (type <= 0x8f) {
      container = 1, items = 2u * (type & 0x0f);
    } else if (type <= 0x9f) {
      container = 1, items = type & 0x0f;
    } else if (type <= 0xbf) {
      skip = type & 0x1f;
    } else {
      switch (type) {
        case 0xca: case 0xce: case 0xd2: skip = 4; break;
        case 0xcc: case 0xd0: skip = 1; break;
        case 0xcd: case 0xd1: skip = 2; break;
        case 0xc4: case 0xd9:
          if (!take(&c, 1, &b)) goto truncated;
          skip = b[0];
          break;
        case 0xc5:
          if (!take(&c, 2, &b)) goto truncated;
          skip = big_endian(b, 2);
          break;
        case 0xc6:
          if (!take(&c, 4, &b)) goto truncated;
          skip = big_endian(b, 4);
          break;
        case 0xdc: case 0xde:
          if (!take(&c, 2, &b)) goto truncated;
          container = 1, items = big_endian(b, 2) * (type == 0xde ? 2u : 1u);
          break;
        default:
          return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "corrupt .look: msgpack type 0x%02x at byte %zu is not used in .look files", type, at);
      }
    }
    if (skip > len - c.pos) goto truncated;
    c.pos += (size_t)skip;
    if (container && items > 0) {
      /* Every item takes at least one byte: a count beyond the bytes left is a lie. */
      if (items > len - c.pos) goto truncated;
      if (depth == MAX_DEPTH) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "corrupt .look: nested deeper than %d", MAX_DEPTH);
      pending[++depth] = items;
    }
  }
  if (c.pos != len) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "corrupt .look: %zu unexpected bytes after the Look", len - c.pos);
  return LB_LOOK_OK;
truncated:
  return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "corrupt .look: truncated (data ends at byte %zu)", len);
}

/* ---- pass 3: schema ------------------------------------------------------------------- */

static int as_int(const msgpack_object *o, int64_t *v) {
  /* The walk admitted only widths up to 32 bits, so every value fits an int64. */
  if (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER) return *v = (int64_t)o->via.u64, 1;
  if (o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER) return *v = o->via.i64, 1;
  return 0;
}

/* Strict UTF-8 as .NET's throwing decoder checks it: no overlongs, surrogates or > U+10FFFF. */
static int valid_utf8(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t b = s[i];
    size_t extra;
    uint32_t cp, min;
    if (b < 0x80) { i++; continue; }
    if (b >= 0xc2 && b <= 0xdf) extra = 1, cp = b & 0x1fu, min = 0x80;
    else if (b >= 0xe0 && b <= 0xef) extra = 2, cp = b & 0x0fu, min = 0x800;
    else if (b >= 0xf0 && b <= 0xf4) extra = 3, cp = b & 0x07u, min = 0x10000;
    else return 0;
    if (extra > n - i - 1) return 0;
    for (size_t k = 1; k <= extra; k++) {
      if ((s[i + k] & 0xc0) != 0x80) return 0;
      cp = cp << 6 | (s[i + k] & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    i += extra + 1;
  }
  return 1;
}

/* A map {index: steps} of slider values (docs/look.md): value = neutral + (base + steps) * step,
 * where steps[] holds the base on entry (0 for the parameters, the parameters' steps for an
 * anchor) and the sum on return; absent indices keep their base. `what` names the map in errors. */
static int read_slider_map(const msgpack_object *map, int known, int coded_allowed, int64_t steps[LB_LOOK_PARAM_COUNT],
                           double values[LB_LOOK_PARAM_COUNT], const char *what, lb_look_error *err) {
  const lb_look_param_info *params = lb_look_params();
  int seen[LB_LOOK_PARAM_COUNT] = {0};
  if (coded_allowed && map->type == MSGPACK_OBJECT_BIN) {
    /* Version 4: range-coded steps (ParameterCoder); every step below 2^24, so no overflow. */
    int64_t coded[LB_LOOK_PARAM_COUNT];
    int rc = lb_look_decode_param_steps((const uint8_t *)map->via.bin.ptr, map->via.bin.size, LB_LOOK_PARAM_COUNT, coded);
    if (rc == LB_DETAILS_SHORT) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: the %s stream ends early", what);
    if (rc != LB_DETAILS_OK) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: the %s stream has bytes after its last slider", what);
    for (int i = 0; i < LB_LOOK_PARAM_COUNT; i++) steps[i] += coded[i];
  } else if (map->type != MSGPACK_OBJECT_MAP) {
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: the %s values are not a map", what);
  }
  for (uint32_t i = 0; map->type == MSGPACK_OBJECT_MAP && i < map->via.map.size; i++) {
    int64_t index, delta;
    if (!as_int(&map->via.map.ptr[i].key, &index) || !as_int(&map->via.map.ptr[i].val, &delta))
      return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: %s %u is not an integer pair", what, i);
    if (index < 0 || index >= known)
      return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: unknown %s index %lld", what, (long long)index);
    if (seen[index]++) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: %s index %lld appears twice", what, (long long)index);
    steps[index] += delta; /* both within 32 bits (as_int admits no wider), so no overflow */
  }
  for (int i = 0; i < LB_LOOK_PARAM_COUNT; i++) {
    const lb_look_param_info *p = &params[i];
    double v = p->neutral + (double)steps[i] * p->step;
    if (!(v >= p->min - p->step && v <= p->max + p->step))
      return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: %s %s = %g is outside %g..%g", what, p->name, v, p->min, p->max);
    values[i] = v < p->min ? p->min : v > p->max ? p->max : v;
  }
  return LB_LOOK_OK;
}

static int read_shaper(const msgpack_object *o, lb_look *look, lb_look_error *err) {
  if (o->type == MSGPACK_OBJECT_NIL) return LB_LOOK_OK;
  if (o->type != MSGPACK_OBJECT_ARRAY || o->via.array.size != 2)
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: shaper must be [knots, data]");
  int64_t knots;
  if (!as_int(&o->via.array.ptr[0], &knots)) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: shaper knots are not an integer");
  if (knots < LB_LOOK_SHAPER_MIN_KNOTS || knots > LB_LOOK_SHAPER_MAX_KNOTS)
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: shaper has %lld knots (allowed %d..%d)", (long long)knots,
                        LB_LOOK_SHAPER_MIN_KNOTS, LB_LOOK_SHAPER_MAX_KNOTS);
  const msgpack_object *data = &o->via.array.ptr[1];
  if (data->type != MSGPACK_OBJECT_BIN) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: shaper data is not binary");
  size_t count = 3 * (size_t)knots;
  if (data->via.bin.size != 2 * count)
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: shaper data has %u bytes, expected %zu", data->via.bin.size, 2 * count);
  float *values = malloc(count * sizeof *values);
  if (values == NULL) return lb_look_fail(err, LB_LOOK_ERR_MEMORY, "out of memory for the shaper");
  const uint8_t *b = (const uint8_t *)data->via.bin.ptr;
  for (size_t i = 0; i < count; i++) values[i] = (float)((unsigned)(b[2 * i] | b[2 * i + 1] << 8) / 65535.0);
  for (size_t ch = 0; ch < 3; ch++)
    for (size_t i = 1; i < (size_t)knots; i++)
      if (values[ch * (size_t)knots + i] < values[ch * (size_t)knots + i - 1]) {
        free(values);
        return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: shaper curve decreases");
      }
  look->shaper = values;
  look->shaper_knots = (int)knots;
  return LB_LOOK_OK;
}

/* floor(v / 4096) without relying on the implementation-defined right shift of negatives. */
static int64_t floor_div_4096(int64_t v) { return v >= 0 ? v / 4096 : -((-v + 4095) / 4096); }

/* One axis of a finer-level prediction (versions 3 and 4, docs/look.md): the node itself on an even coordinate,
 * else the cubic midpoint rule (-1, 9, 9, -1)/16 when both outer coarse nodes exist, else the
 * linear (8, 8)/16. Returns the number of taps. */
static int axis_taps(int x, int h, int n, int odd, int pos[4], int weight[4]) {
  if (!odd) {
    pos[0] = x, weight[0] = 16;
    return 1;
  }
  if (x - 3 * h >= 0 && x + 3 * h <= n) {
    pos[0] = x - 3 * h, pos[1] = x - h, pos[2] = x + h, pos[3] = x + 3 * h;
    weight[0] = -1, weight[1] = 9, weight[2] = 9, weight[3] = -1;
    return 4;
  }
  pos[0] = x - h, pos[1] = x + h;
  weight[0] = 8, weight[1] = 8;
  return 2;
}

/* The level (0 = base) of each node in the coarse-to-fine order of hierarchy_decode. */
static void hierarchy_levels(int size, uint8_t *levels) {
  const int n = size - 1, top = n & -n;
  size_t k = 0;
  for (int b = 0; b <= n; b += top)
    for (int g = 0; g <= n; g += top)
      for (int r = 0; r <= n; r += top) levels[k++] = 0;
  uint8_t level = 0;
  for (int h = top / 2; h >= 1; h /= 2) {
    level++;
    for (int b = 0; b <= n; b += h)
      for (int g = 0; g <= n; g += h)
        for (int r = 0; r <= n; r += h)
          if ((r / h) % 2 || (g / h) % 2 || (b / h) % 2) levels[k++] = level;
  }
}

static int64_t clamp_limit(int64_t v) { return v < -LB_LOOK_RESIDUAL_LIMIT ? -LB_LOOK_RESIDUAL_LIMIT : v > LB_LOOK_RESIDUAL_LIMIT ? LB_LOOK_RESIDUAL_LIMIT : v; }

/* Versions 3 and 4: channel-planar details in the coarse-to-fine order -> interleaved integers q.
 * Base level (spacing top = the largest power of two dividing size - 1): raster order, each
 * node predicted by its red-axis predecessor (version 3) or by the 3D Lorenzo rule over its
 * neighbours at -top (version 4); then for h = top/2 .. 1 every node on the h grid not on the
 * 2h grid, raster order, predicted from the coarser level. Version 4 clamps every prediction
 * to +-LB_LOOK_RESIDUAL_LIMIT and requires every integer within it (returns 0 otherwise). */
static int hierarchy_decode(int size, int version, const int32_t *details, int32_t *q) {
  const int n = size - 1, top = n & -n, v4 = version >= 4;
  const size_t nodes = (size_t)size * (size_t)size * (size_t)size;
#define LB_AT(r, g, b) ((size_t)(r) + (size_t)size * ((size_t)(g) + (size_t)size * (size_t)(b)))
  for (int ch = 0; ch < 3; ch++) {
    const int32_t *d = details + (size_t)ch * nodes;
    size_t k = 0;
    for (int b = 0; b <= n; b += top)
      for (int g = 0; g <= n; g += top)
        for (int r = 0; r <= n; r += top) {
          int64_t predicted = 0;
          if (!v4) {
            predicted = r > 0 ? q[3 * LB_AT(r - top, g, b) + (size_t)ch] : 0;
          } else {
            /* Sum over the non-empty sets of axes the node can step back along, +1 for odd sets. */
            for (int mask = 1; mask < 8; mask++) {
              int dr = mask & 1, dg = (mask >> 1) & 1, db = (mask >> 2) & 1;
              if ((dr && r == 0) || (dg && g == 0) || (db && b == 0)) continue;
              int64_t v = q[3 * LB_AT(r - dr * top, g - dg * top, b - db * top) + (size_t)ch];
              predicted += (dr + dg + db) % 2 ? v : -v;
            }
            predicted = clamp_limit(predicted);
          }
          int64_t value = predicted + d[k++];
          if (v4 && (value > LB_LOOK_RESIDUAL_LIMIT || value < -LB_LOOK_RESIDUAL_LIMIT)) return 0;
          q[3 * LB_AT(r, g, b) + (size_t)ch] = (int32_t)value;
        }
    for (int h = top / 2; h >= 1; h /= 2)
      for (int b = 0; b <= n; b += h)
        for (int g = 0; g <= n; g += h)
          for (int r = 0; r <= n; r += h) {
            int odd_r = (r / h) % 2, odd_g = (g / h) % 2, odd_b = (b / h) % 2;
            if (!odd_r && !odd_g && !odd_b) continue;
            int pr[4], wr[4], pg[4], wg[4], pb[4], wb[4];
            int nr = axis_taps(r, h, n, odd_r, pr, wr), ng = axis_taps(g, h, n, odd_g, pg, wg), nb = axis_taps(b, h, n, odd_b, pb, wb);
            int64_t sum = 0;
            for (int ib = 0; ib < nb; ib++)
              for (int ig = 0; ig < ng; ig++)
                for (int ir = 0; ir < nr; ir++)
                  sum += (int64_t)(wr[ir] * wg[ig] * wb[ib]) * q[3 * LB_AT(pr[ir], pg[ig], pb[ib]) + (size_t)ch];
            int64_t predicted = floor_div_4096(sum + 2048);
            if (v4) predicted = clamp_limit(predicted);
            int64_t value = predicted + d[k++];
            if (v4 && (value > LB_LOOK_RESIDUAL_LIMIT || value < -LB_LOOK_RESIDUAL_LIMIT)) return 0;
            q[3 * LB_AT(r, g, b) + (size_t)ch] = (int32_t)value;
          }
  }
#undef LB_AT
  return 1;
}

/* The residual's fixed fields, [size, scale, bits, data(, anchor)], checked. */
typedef struct residual_header {
  int size, bits;
  float scale;
  size_t count; /* size^3 * 3 stored integers */
  size_t width; /* bytes per integer where they are stored plainly (1 or 2) */
} residual_header;

/* The anchor (version 3 on): the sliders the residual was fitted over. Read before anything is
 * allocated: it is small, and nothing needs freeing if it is wrong. */
static int read_anchor(const msgpack_object *o, const int64_t param_steps[LB_LOOK_PARAM_COUNT], lb_look *look, lb_look_error *err) {
  int64_t anchor_steps[LB_LOOK_PARAM_COUNT];
  memcpy(anchor_steps, param_steps, sizeof anchor_steps);
  int rc = read_slider_map(o, LB_LOOK_PARAM_COUNT, 0, anchor_steps, look->anchor, "anchor", err);
  if (rc != LB_LOOK_OK) return rc;
  if (anchor_steps[LB_P_STRENGTH] != param_steps[LB_P_STRENGTH])
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: the anchor cannot move strength");
  look->anchored = 1;
  return LB_LOOK_OK;
}

static int read_residual_header(const msgpack_object *f, residual_header *h, lb_look_error *err) {
  int64_t size, bits;
  if (!as_int(&f[0], &size)) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: residual size is not an integer");
  if (size < LB_LOOK_RESIDUAL_MIN_SIZE || size > LB_LOOK_RESIDUAL_MAX_SIZE)
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: residual size %lld (allowed %d..%d)", (long long)size,
                        LB_LOOK_RESIDUAL_MIN_SIZE, LB_LOOK_RESIDUAL_MAX_SIZE);
  if (f[1].type != MSGPACK_OBJECT_FLOAT32) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: residual scale is not a float32");
  float scale = (float)f[1].via.f64;
  if (!isfinite(scale) || scale <= 0 || scale > 1)
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: residual scale %g is not in (0, 1]", (double)scale);
  if (!as_int(&f[2], &bits)) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: residual bits are not an integer");
  if (bits != 8 && bits != 16)
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: residual has %lld bits per value (allowed 8 or 16)", (long long)bits);
  if (f[3].type != MSGPACK_OBJECT_BIN) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: residual data is not binary");
  h->size = (int)size;
  h->bits = (int)bits;
  h->scale = scale;
  h->count = (size_t)size * (size_t)size * (size_t)size * 3; /* <= 65^3 * 3 */
  h->width = (size_t)bits / 8;
  return LB_LOOK_OK;
}

/* Versions 2 and 3: the data inflates to exactly `expected` bytes (<= 65^3 * 3 * 2): more does
 * not fit, less is an error. On success *out is the caller's to free. */
static int inflate_residual(const msgpack_object *data, size_t expected, uint8_t **out, lb_look_error *err) {
  uint8_t *inflated = malloc(expected);
  if (inflated == NULL) return lb_look_fail(err, LB_LOOK_ERR_MEMORY, "out of memory for the residual");
  uLongf got = (uLongf)expected;
  int zr = uncompress(inflated, &got, (const Bytef *)data->via.bin.ptr, (uLong)data->via.bin.size);
  if (zr == Z_OK && got == expected) {
    *out = inflated;
    return LB_LOOK_OK;
  }
  free(inflated);
  if (zr == Z_MEM_ERROR) return lb_look_fail(err, LB_LOOK_ERR_MEMORY, "out of memory inflating the residual");
  if (zr == Z_OK)
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: residual data inflates to %lu bytes, expected %zu", (unsigned long)got,
                        expected);
  return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: residual data is not a valid zlib stream of %zu bytes (%d)", expected, zr);
}

/* The unsigned little-endian integer `at` of width 1 or 2 bytes. */
static unsigned stored_unsigned(const uint8_t *b, size_t at, size_t width) {
  return width == 1 ? b[at] : (unsigned)(b[2 * at] | b[2 * at + 1] << 8);
}

/* The same integer read as signed (two's complement of its width). */
static int32_t stored_signed(const uint8_t *b, size_t at, size_t width) {
  return width == 1 ? (int32_t)(int8_t)b[at] : (int32_t)(int16_t)(uint16_t)stored_unsigned(b, at, width);
}

/* Version 1: the interleaved signed integers themselves. */
static void values_plain(const uint8_t *b, const residual_header *h, float *values) {
  for (size_t i = 0; i < h->count; i++) values[i] = h->scale * (float)stored_signed(b, i, h->width);
}

/* Version 2: channel-planar, each value the difference to its red-axis neighbour modulo 2^bits
 * (docs/look.md); undone into the interleaved signed integers. */
static void values_from_red_deltas(const uint8_t *b, const residual_header *h, float *values) {
  size_t nodes = h->count / 3, row = (size_t)h->size;
  unsigned mask = h->width == 1 ? 0xffu : 0xffffu, sign = h->width == 1 ? 0x80u : 0x8000u;
  for (size_t ch = 0; ch < 3; ch++) {
    unsigned left = 0;
    for (size_t i = 0; i < nodes; i++) {
      if (i % row == 0) left = 0;
      unsigned v = (left + stored_unsigned(b, ch * nodes + i, h->width)) & mask;
      left = v;
      int q = v >= sign ? (int)v - (int)(mask + 1) : (int)v;
      values[3 * i + ch] = h->scale * (float)q;
    }
  }
}

/* The error of a failed detail decode (range_coding.h's codes, and LIMIT from the hierarchy). */
static int details_failure(int rc, int bits, lb_look_error *err) {
  switch (rc) {
  case LB_DETAILS_MEMORY: return lb_look_fail(err, LB_LOOK_ERR_MEMORY, "out of memory for the residual");
  case LB_DETAILS_SHORT: return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: residual stream ends early");
  case LB_DETAILS_TRAILING: return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: residual stream has bytes after its last detail");
  case LB_DETAILS_RANGE:
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: a residual detail does not fit %d bits (+-%d)", bits, LB_LOOK_DETAIL_LIMIT(bits));
  default: return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: a residual integer is outside +-%d", LB_LOOK_RESIDUAL_LIMIT);
  }
}

/* The details of version 3 (stored plainly) or 4 (range-coded over their hierarchy levels),
 * predicted back into the integers (hierarchy_decode). */
static int details_of(const uint8_t *b, size_t n, int version, const residual_header *h, int32_t *details) {
  if (version < 4) {
    for (size_t i = 0; i < h->count; i++) details[i] = stored_signed(b, i, h->width);
    return LB_DETAILS_OK;
  }
  const size_t nodes = h->count / 3;
  uint8_t *levels = malloc(nodes);
  if (levels == NULL) return LB_DETAILS_MEMORY;
  hierarchy_levels(h->size, levels);
  int rc = lb_residual_decode_details(b, n, levels, nodes, LB_LOOK_DETAIL_LIMIT(h->bits), details);
  free(levels);
  return rc;
}

/* Versions 3 and 4: coarse-to-fine details, predicted back into the integers. */
static int values_from_details(const uint8_t *b, size_t n, int version, const residual_header *h, float *values, lb_look_error *err) {
  int32_t *buffer = malloc(2 * h->count * sizeof *buffer);
  if (buffer == NULL) return lb_look_fail(err, LB_LOOK_ERR_MEMORY, "out of memory for the residual");
  int32_t *details = buffer, *q = buffer + h->count;
  int rc = details_of(b, n, version, h, details);
  if (rc == LB_DETAILS_OK && !hierarchy_decode(h->size, version, details, q)) rc = LB_DETAILS_LIMIT;
  if (rc == LB_DETAILS_OK)
    for (size_t i = 0; i < h->count; i++) values[i] = h->scale * (float)q[i];
  free(buffer);
  return rc == LB_DETAILS_OK ? LB_LOOK_OK : details_failure(rc, h->bits, err);
}

/* Little-endian float32 number `at` of a bin. */
static float stored_float(const uint8_t *b, size_t at) {
  uint32_t u = (uint32_t)b[4 * at] | (uint32_t)b[4 * at + 1] << 8 | (uint32_t)b[4 * at + 2] << 16 | (uint32_t)b[4 * at + 3] << 24;
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

/* A float32 msgpack value in (0, LB_LOOK_STAGE_MAX_SHOULDER]. */
static int shoulder_value(const msgpack_object *o, double *v) {
  if (o->type != MSGPACK_OBJECT_FLOAT32) return 0;
  *v = (double)(float)o->via.f64;
  return *v > 0 && *v <= LB_LOOK_STAGE_MAX_SHOULDER;
}

/* Version 6's camera stage: [size, curves, matrix, shoulder] (docs/look.md, "The .look file"). */
static int read_stage(const msgpack_object *o, lb_look *look, lb_look_error *err) {
  if (o->type != MSGPACK_OBJECT_ARRAY || o->via.array.size != 4)
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: camera stage must be [size, curves, matrix, shoulder]");
  const msgpack_object *f = o->via.array.ptr;
  int64_t size;
  if (!as_int(&f[0], &size)) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: camera stage size is not an integer");
  if (size < LB_LOOK_STAGE_MIN_SIZE || size > LB_LOOK_STAGE_MAX_SIZE)
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: camera stage size %lld (allowed %d..%d)", (long long)size,
                        LB_LOOK_STAGE_MIN_SIZE, LB_LOOK_STAGE_MAX_SIZE);
  if (f[1].type != MSGPACK_OBJECT_BIN) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: camera curves are not binary");
  size_t bytes = f[1].via.bin.size, n = (size_t)size;
  if (bytes != 4 * n && bytes != 12 * n)
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: camera curves have %zu bytes, expected %zu or %zu", bytes, 4 * n, 12 * n);
  size_t count = bytes / 4;
  const uint8_t *b = (const uint8_t *)f[1].via.bin.ptr;
  for (size_t i = 0; i < count; i++) {
    float v = stored_float(b, i);
    if (!(fabsf(v) <= (float)LB_LOOK_STAGE_MAX_LINEAR))
      return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: camera curve value %g is outside +-%g", (double)v, LB_LOOK_STAGE_MAX_LINEAR);
  }
  if (f[2].type != MSGPACK_OBJECT_BIN || f[2].via.bin.size != 36)
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: camera matrix must be 36 bytes of binary");
  double matrix[9];
  for (int i = 0; i < 9; i++) {
    float m = stored_float((const uint8_t *)f[2].via.bin.ptr, (size_t)i);
    if (!(fabsf(m) <= (float)LB_LOOK_STAGE_MAX_MATRIX))
      return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: camera matrix entry %g is outside +-%g", (double)m, LB_LOOK_STAGE_MAX_MATRIX);
    matrix[i] = m;
  }
  int shoulder = 0;
  double white = 0, gain = 0;
  if (f[3].type != MSGPACK_OBJECT_NIL) {
    if (f[3].type != MSGPACK_OBJECT_ARRAY || f[3].via.array.size != 2)
      return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: camera shoulder must be nil or [white, gain]");
    if (!shoulder_value(&f[3].via.array.ptr[0], &white) || !shoulder_value(&f[3].via.array.ptr[1], &gain))
      return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: camera shoulder white and gain must be float32 in (0, %g]",
                          LB_LOOK_STAGE_MAX_SHOULDER);
    shoulder = 1;
  }
  float *curves = malloc(count * sizeof *curves);
  if (curves == NULL) return lb_look_fail(err, LB_LOOK_ERR_MEMORY, "out of memory for the camera stage");
  for (size_t i = 0; i < count; i++) curves[i] = stored_float(b, i);
  look->stage_curves = curves;
  look->stage_size = (int)size;
  look->stage_shared = count == n;
  memcpy(look->stage_matrix, matrix, sizeof matrix);
  look->stage_shoulder = shoulder;
  look->stage_white = white;
  look->stage_gain = gain;
  return LB_LOOK_OK;
}

/* The residual element: nil, or [size, scale, bits, data(, anchor)] read by its version's rules. */
static int read_residual(const msgpack_object *o, int version, const int64_t param_steps[LB_LOOK_PARAM_COUNT], lb_look *look,
                         lb_look_error *err) {
  if (o->type == MSGPACK_OBJECT_NIL) return LB_LOOK_OK;
  if (o->type != MSGPACK_OBJECT_ARRAY || !(o->via.array.size == 4 || (o->via.array.size == 5 && version >= 3)))
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: residual must be [size, scale, bits, data%s]", version >= 3 ? "(, anchor)" : "");
  const msgpack_object *f = o->via.array.ptr;
  int rc = o->via.array.size == 5 ? read_anchor(&f[4], param_steps, look, err) : LB_LOOK_OK;
  residual_header h = {0}; /* set by read_residual_header before any use; zeroed for the compiler's flow analysis */
  if (rc == LB_LOOK_OK) rc = read_residual_header(f, &h, err);
  if (rc != LB_LOOK_OK) return rc;

  const uint8_t *b = (const uint8_t *)f[3].via.bin.ptr;
  size_t n = f[3].via.bin.size;
  uint8_t *inflated = NULL;
  if (version >= 4) {
    /* range-coded: read as it is */
  } else if (version >= 2) {
    rc = inflate_residual(&f[3], h.count * h.width, &inflated, err);
    if (rc != LB_LOOK_OK) return rc;
    b = inflated;
    n = h.count * h.width;
  } else if (n != h.count * h.width) {
    return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: residual data has %zu bytes, expected %zu", n, h.count * h.width);
  }

  float *values = malloc(h.count * sizeof *values);
  if (values == NULL) rc = lb_look_fail(err, LB_LOOK_ERR_MEMORY, "out of memory for the residual");
  else if (version >= 3) rc = values_from_details(b, n, version, &h, values, err);
  else if (version == 2) values_from_red_deltas(b, &h, values);
  else values_plain(b, &h, values);
  free(inflated);
  if (rc != LB_LOOK_OK) {
    free(values);
    return rc;
  }
  look->residual = values;
  look->residual_size = h.size;
  look->residual_cubic = version == 4 || version == LB_LOOK_CAMERA_STAGE_VERSION;
  look->residual_tetrahedral = version == LB_LOOK_TETRAHEDRAL_VERSION;
  return LB_LOOK_OK;
}

static int read_title(const msgpack_object *o, lb_look *look, lb_look_error *err) {
  if (o->type == MSGPACK_OBJECT_NIL) return LB_LOOK_OK;
  if (o->type != MSGPACK_OBJECT_STR) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: the title is not a string");
  size_t n = o->via.str.size; /* <= 255: the walk admitted fixstr and str8 only */
  if (!valid_utf8((const uint8_t *)o->via.str.ptr, n)) return lb_look_fail(err, LB_LOOK_ERR_FORMAT, "not a valid .look: the title is not UTF-8");
  look->title = malloc(n + 1);
  if (look->title == NULL) return lb_look_fail(err, LB_LOOK_ERR_MEMORY, "out of memory for the title");
  if (n > 0) memcpy(look->title, o->via.str.ptr, n);
  look->title[n] = '\0';
  return LB_LOOK_OK;
}

static lb_look *new_neutral(void) {
  lb_look *look = calloc(1, sizeof *look);
  if (look == NULL) return NULL;
  const lb_look_param_info *p = lb_look_params();
  for (int i = 0; i < LB_LOOK_PARAM_COUNT; i++) look->values[i] = p[i].neutral;
  return look;
}

int lb_look_decode(const void *bytes, size_t len, lb_look **out, lb_look_error *err) {
  if (out == NULL) return lb_look_fail(err, LB_LOOK_ERR_ARGUMENT, "decode: NULL output");
  *out = NULL;
  if (bytes == NULL && len > 0) return lb_look_fail(err, LB_LOOK_ERR_ARGUMENT, "decode: NULL bytes");
  if (len > LB_LOOK_MAX_BYTES) return lb_look_fail(err, LB_LOOK_ERR_TOO_LARGE, "%zu bytes is too large for a .look (limit %d)", len, LB_LOOK_MAX_BYTES);
  int version = 0;
  int rc = check_envelope(bytes, len, &version, err);
  if (rc == LB_LOOK_OK) rc = walk(bytes, len, err);
  if (rc != LB_LOOK_OK) return rc;

  msgpack_unpacked unpacked;
  msgpack_unpacked_init(&unpacked);
  size_t off = 0;
  msgpack_unpack_return ur = msgpack_unpack_next(&unpacked, bytes, len, &off);
  if (ur != MSGPACK_UNPACK_SUCCESS || off != len) {
    msgpack_unpacked_destroy(&unpacked);
    return ur == MSGPACK_UNPACK_NOMEM_ERROR ? lb_look_fail(err, LB_LOOK_ERR_MEMORY, "out of memory unpacking the .look")
                                            : lb_look_fail(err, LB_LOOK_ERR_FORMAT, "corrupt .look: msgpack-c cannot unpack it (%d)", (int)ur);
  }
  lb_look *look = new_neutral();
  if (look == NULL) {
    msgpack_unpacked_destroy(&unpacked);
    return lb_look_fail(err, LB_LOOK_ERR_MEMORY, "out of memory for the Look");
  }
  const msgpack_object *items = unpacked.data.via.array.ptr; /* the envelope checked: 6 items (7 in version 6) */
  int64_t steps[LB_LOOK_PARAM_COUNT] = {0};
  rc = read_slider_map(&items[2], version == 1 ? LB_LOOK_V1_PARAM_COUNT : LB_LOOK_PARAM_COUNT, version >= 4, steps, look->values, "parameter", err);
  if (rc == LB_LOOK_OK) rc = read_shaper(&items[3], look, err);
  if (rc == LB_LOOK_OK) rc = read_residual(&items[4], version, steps, look, err);
  if (rc == LB_LOOK_OK) rc = read_title(&items[5], look, err);
  if (rc == LB_LOOK_OK && version == LB_LOOK_CAMERA_STAGE_VERSION) rc = read_stage(&items[6], look, err);
  msgpack_unpacked_destroy(&unpacked);
  if (rc != LB_LOOK_OK) {
    lb_look_free(look);
    return rc;
  }
  lb_look_compile(look);
  *out = look;
  if (err != NULL) err->code = LB_LOOK_OK, err->message[0] = '\0';
  return LB_LOOK_OK;
}

int lb_look_from_values(const double *values, lb_look **out, lb_look_error *err) {
  if (out == NULL) return lb_look_fail(err, LB_LOOK_ERR_ARGUMENT, "from_values: NULL output");
  *out = NULL;
  const lb_look_param_info *p = lb_look_params();
  if (values != NULL)
    for (int i = 0; i < LB_LOOK_PARAM_COUNT; i++)
      if (!(values[i] >= p[i].min && values[i] <= p[i].max))
        return lb_look_fail(err, LB_LOOK_ERR_ARGUMENT, "%s = %g is outside %g..%g", p[i].name, values[i], p[i].min, p[i].max);
  lb_look *look = new_neutral();
  if (look == NULL) return lb_look_fail(err, LB_LOOK_ERR_MEMORY, "out of memory for the Look");
  if (values != NULL) memcpy(look->values, values, sizeof look->values);
  lb_look_compile(look);
  *out = look;
  return LB_LOOK_OK;
}

void lb_look_free(lb_look *look) {
  if (look == NULL) return;
  free(look->shaper);
  free(look->residual);
  free(look->title);
  free(look->stage_curves);
  free(look);
}

double lb_look_value(const lb_look *look, int index) {
  if (look == NULL || index < 0 || index >= LB_LOOK_PARAM_COUNT) return NAN;
  return look->values[index];
}

const char *lb_look_title(const lb_look *look) { return look == NULL ? NULL : look->title; }
int lb_look_shaper_knots(const lb_look *look) { return look == NULL ? 0 : look->shaper_knots; }
int lb_look_residual_size(const lb_look *look) { return look == NULL ? 0 : look->residual_size; }
int lb_look_stage_size(const lb_look *look) { return look == NULL ? 0 : look->stage_size; }
