/* lb_call with JSON params and result, for lutbridge-c (json.c converts). */
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "json.h"

int lb_call_json(lb_client *c, const char *method, const char *params_json, int timeout_ms,
                 lb_event_fn on_progress, void *user, char **result_json, lb_error *err) {
  if (!result_json) return lb_fail(err, LB_ERR_CLIENT_USAGE, "result_json is NULL");
  *result_json = NULL;
  msgpack_sbuffer sb;
  msgpack_sbuffer_init(&sb);
  int rc = LB_OK;
  if (params_json != NULL) rc = lb_json_to_msgpack(params_json, strlen(params_json), &sb, err);
  if (rc == LB_OK && params_json != NULL && (sb.size == 0 || !((uint8_t)sb.data[0] >= 0x90 && (uint8_t)sb.data[0] <= 0x9f) ) &&
      !(sb.size > 0 && ((uint8_t)sb.data[0] == 0xdc || (uint8_t)sb.data[0] == 0xdd)))
    rc = lb_fail(err, LB_ERR_CLIENT_USAGE, "params must be a JSON array");
  msgpack_unpacked result;
  msgpack_unpacked_init(&result);
  if (rc == LB_OK) rc = lb_call(c, method, params_json ? sb.data : NULL, params_json ? sb.size : 0, timeout_ms, on_progress, user, &result, err);
  msgpack_sbuffer_destroy(&sb);
  if (rc == LB_OK) rc = lb_msgpack_to_json(&result.data, result_json, err);
  msgpack_unpacked_destroy(&result);
  return rc;
}
