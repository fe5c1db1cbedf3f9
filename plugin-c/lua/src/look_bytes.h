/*
 * The parameter map inside serialised Look bytes (docs/look.md): a msgpack array
 * [magic, version, {index: steps from neutral}, shaper, residual, title]. The panel reads
 * the slider values from it and writes changed ones back; everything else is copied as is.
 */
#ifndef LUTBRIDGE_LOOK_BYTES_H
#define LUTBRIDGE_LOOK_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include <lutbridge/look.h>
#include <msgpack.h>

/* Versions the panel opens: every one the Look library reads (the format's one definition is
 * lutbridge/look.h). The version item is copied as is on repack, so an edited file keeps its
 * version and with it how its residual is interpolated. */
#define LB_LOOK_VERSION_MIN 1
#define LB_LOOK_VERSION_MAX LB_LOOK_FORMAT_VERSION
/* Strength: the one slider an anchored residual's anchor never holds (docs/look.md). */
#define LB_LOOK_STRENGTH_INDEX 47
#define LB_LOOK_MAX_PARAMS 1024

typedef struct lb_look_param {
  int64_t index;
  int64_t steps;
} lb_look_param;

/* Unpacks look bytes into *out (the caller destroys it) and checks the envelope.
 * Returns NULL on success or a static message saying what is wrong. */
const char *lb_look_open(const void *bytes, size_t len, msgpack_unpacked *out);

/* The slider steps of look (an object from lb_look_open), by index (0 where not moved); the
 * parameters are a map, or in version 4 range-coded. Returns NULL or what is wrong. */
const char *lb_look_read_params(const msgpack_object *look, int64_t steps[LB_LOOK_MAX_PARAMS]);

/* Packs look (an object from lb_look_open) with its parameter map replaced by params
 * (entries with steps 0 are dropped, as the format stores only changed values; always as a
 * map, which version 4 also admits). A version 3 or 4
 * anchored residual stores its anchor as differences from the parameters, so those are
 * rewritten to keep the anchor where it was: moved sliders then change the colours. */
const char *lb_look_repack(const msgpack_object *look, const lb_look_param *params, size_t count, msgpack_sbuffer *out);

#endif
