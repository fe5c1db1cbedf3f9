/* Version 4 residual details: range-coded, context-modelled (see range_coding.c). */
#ifndef LUTBRIDGE_RESIDUAL_DETAILS_H
#define LUTBRIDGE_RESIDUAL_DETAILS_H

#include <stddef.h>
#include <stdint.h>

/* SHORT: the stream ends early; TRAILING: bytes after the last item; RANGE: a detail wider than
 * the file's bits; LIMIT: a residual integer over +-16383 (look_decode.c's hierarchy). */
enum { LB_DETAILS_OK = 0, LB_DETAILS_SHORT, LB_DETAILS_TRAILING, LB_DETAILS_RANGE, LB_DETAILS_LIMIT, LB_DETAILS_MEMORY };

/* Decodes 3 * nodes channel-planar details (node k of the coding order at level levels[k]) from
 * stream[0..len) into details; each must be within +-limit. Returns an LB_DETAILS_ code. */
int lb_residual_decode_details(const uint8_t *stream, size_t len, const uint8_t *levels, size_t nodes, int32_t limit,
                               int32_t *details);

/* Decodes count slider steps from stream[0..len) into steps (each |steps| < 2^24).
 * Returns LB_DETAILS_OK, LB_DETAILS_SHORT or LB_DETAILS_TRAILING. */
int lb_look_decode_param_steps(const uint8_t *stream, size_t len, int count, int64_t *steps);

#endif
