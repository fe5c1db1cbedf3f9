/* libFuzzer harness for the .look decoder (plugin-c/look): any bytes must either decode
 * into a Look whose values lie in their ranges and whose evaluation stays in [0, 1], or
 * fail with an error code and a message; never crash, leak or hit undefined behaviour. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "lutbridge/look.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lb_look *look = NULL;
  lb_look_error err;
  int rc = lb_look_decode(data, size, &look, &err);
  if (rc != LB_LOOK_OK) {
    if (look != NULL || err.code != rc || err.message[0] == '\0') __builtin_trap();
    return 0;
  }
  const lb_look_param_info *p = lb_look_params();
  for (int i = 0; i < LB_LOOK_PARAM_COUNT; i++) {
    double v = lb_look_value(look, i);
    if (!(v >= p[i].min && v <= p[i].max)) __builtin_trap();
  }
  float lattice[2 * 2 * 2 * 3];
  if (lb_look_bake(look, 2, lattice, sizeof lattice / sizeof lattice[0], &err) != LB_LOOK_OK) __builtin_trap();
  for (size_t i = 0; i < sizeof lattice / sizeof lattice[0]; i++)
    if (!(lattice[i] >= 0 && lattice[i] <= 1)) __builtin_trap();
  double out[3];
  lb_look_eval(look, 0.3, 0.6, 0.9, out);
  if (!(out[0] >= 0 && out[0] <= 1 && out[1] >= 0 && out[1] <= 1 && out[2] >= 0 && out[2] <= 1)) __builtin_trap();
  lb_look_free(look);
  return 0;
}
