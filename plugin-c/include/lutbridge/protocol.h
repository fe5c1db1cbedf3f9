/*
 * LutBridge RPC protocol: the single declaration of everything both sides must agree on.
 *
 * Transport: msgpack-rpc over a Unix domain socket. Messages follow each other on the
 * stream with no length prefix (a msgpack object is self-delimiting); every reader bounds
 * a message by the limits below.
 *   request       [0, msgid, method, params]    params is always an array (positional)
 *   response      [1, msgid, error, result]     error is nil or {code:int, message:str}
 *   notification  [2, method, params]           host -> client only: "progress"
 *
 * The C# host mirrors this file in interop/LutBridge.Interop/Protocol/ and a test there
 * parses this header and fails when the two disagree; tests/.../api-levels.json freezes
 * what each API level promises. See docs/protocol.md for the prose.
 *
 * This header holds only declarations (macros): the tables below are X-macro lists, so a
 * user defines X and expands e.g. LB_METHODS(X). Keep one row per line: the C# test reads
 * the rows with a regular expression.
 */
#ifndef LUTBRIDGE_PROTOCOL_H
#define LUTBRIDGE_PROTOCOL_H

/* ---- identity and API level ------------------------------------------------------- */
#define LB_PROTOCOL_NAME "lutbridge-rpc"
/* Bumped when a method is added or gains optional arguments; methods never change or
 * disappear within a level (the frozen fixture test enforces this). */
#define LB_API_LEVEL 3
/* The oldest level this build still serves in full. */
#define LB_API_LEVEL_COMPATIBLE 1

/* ---- message type tags (msgpack-rpc) ----------------------------------------------- */
#define LB_MSG_REQUEST 0
#define LB_MSG_RESPONSE 1
#define LB_MSG_NOTIFICATION 2

/* ---- limits (both sides enforce them) ---------------------------------------------- */
/* Largest encoded message, in bytes. Bigger payloads go through files, never the socket. */
#define LB_MAX_MESSAGE_BYTES 4194304
/* Largest str or bin value, in bytes. */
#define LB_MAX_STRING_BYTES 1048576
/* Largest array or map (entries) in one container. */
#define LB_MAX_CONTAINER_ITEMS 1048576
/* Deepest nesting of arrays and maps; the message array itself is depth 1. */
#define LB_MAX_DEPTH 32
/* Longest method name, in bytes. */
#define LB_MAX_METHOD_BYTES 64
/* Longest error message the host sends, in bytes (longer ones are cut, ending in "..."). */
#define LB_MAX_ERROR_MESSAGE_BYTES 1024
/* Engine jobs running at once on the host's worker pool. */
#define LB_MAX_CONCURRENT_JOBS 2
/* Jobs accepted but not yet running (all clients together); more get LB_ERR_BUSY. */
#define LB_MAX_QUEUED_JOBS 64
/* Requests one connection may have in flight; more get LB_ERR_BUSY. */
#define LB_MAX_PENDING_PER_CONNECTION 64
/* Connections the host serves at once; more are closed after an LB_ERR_BUSY response. */
#define LB_MAX_CONNECTIONS 128
/* A message started but not finished within this time closes the connection. */
#define LB_FRAME_TIMEOUT_MS 10000
/* Default timeout of one call in the C client (jobs report progress meanwhile). */
#define LB_DEFAULT_CALL_TIMEOUT_MS 120000
/* How long a client waits for a host it started on demand to listen. */
#define LB_HOST_START_TIMEOUT_MS 30000
/* Minimum interval between two progress notifications of one job. */
#define LB_PROGRESS_INTERVAL_MS 50

/* ---- error codes -------------------------------------------------------------------
 * X(ID, code, "name", "meaning"). Codes 1-99 come from the host in a response's error
 * map {code, message}; codes 100+ are raised inside the C client and never travel. */
#define LB_ERRORS(X) \
  X(PARSE, 1, "parse_error", "bytes are not valid msgpack; the connection closes after this error") \
  X(INVALID_REQUEST, 2, "invalid_request", "not a [0, msgid, method, params] array") \
  X(METHOD_NOT_FOUND, 3, "method_not_found", "no such method at this API level") \
  X(INVALID_PARAMS, 4, "invalid_params", "wrong number of arguments") \
  X(WRONG_TYPE, 5, "wrong_type", "wrong type for argument N (message names N and the expected type)") \
  X(TOO_LARGE, 6, "too_large", "a message, string or container exceeds its limit") \
  X(TOO_DEEP, 7, "too_deep", "nesting exceeds LB_MAX_DEPTH") \
  X(NOT_IMPLEMENTED, 8, "not_implemented", "the method is declared but its engine is not built in") \
  X(CANCELLED, 9, "cancelled", "the job was cancelled by job.cancel or by its connection closing") \
  X(BUSY, 10, "busy", "too many jobs, pending requests or connections; retry later") \
  X(BAD_INPUT, 11, "bad_input", "an input file or value is invalid; the message names it") \
  X(INTERNAL, 12, "internal", "unexpected failure inside the host; the host keeps running") \
  X(NO_SUCH_JOB, 13, "no_such_job", "job.cancel named no running job of this connection") \
  X(CLIENT_CONNECT, 100, "client_connect", "cannot connect to (or start) the host") \
  X(CLIENT_TIMEOUT, 101, "client_timeout", "no response within the call timeout") \
  X(CLIENT_CLOSED, 102, "client_closed", "the host closed the connection") \
  X(CLIENT_IO, 103, "client_io", "a socket read or write failed") \
  X(CLIENT_PROTOCOL, 104, "client_protocol", "the host sent something that is not valid msgpack-rpc") \
  X(CLIENT_NOMEM, 105, "client_nomem", "out of memory") \
  X(CLIENT_USAGE, 106, "client_usage", "invalid argument to a client function") \
  X(CLIENT_JSON, 107, "client_json", "invalid JSON, or a value JSON cannot express")

#define LB_ERR_ENUM_ROW_(id, code, name, doc) LB_ERR_##id = code,
enum lb_error_code { LB_OK = 0, LB_ERRORS(LB_ERR_ENUM_ROW_) LB_ERR_END_ };
#undef LB_ERR_ENUM_ROW_

/* ---- methods -----------------------------------------------------------------------
 * X(ID, "name", since_level, kind, "params", "result", "summary")
 *   kind: LB_KIND_CALL answers at once; LB_KIND_JOB runs on the worker pool, sends
 *         [2, "progress", {job, fraction, stage}] and can be cancelled with job.cancel.
 *   params: positional arguments "name:type", comma separated; a trailing '?' marks an
 *         optional argument (only at the end). Types: nil bool int float (int accepted)
 *         str bin array map any.
 *   result: the shape of the result value ({key:type, ...}; key? = may be absent). */
#define LB_KIND_CALL 0
#define LB_KIND_JOB 1

#define LB_METHODS(X) \
  X(PING, "ping", 1, LB_KIND_CALL, "", "str", "liveness check; answers \"pong\"") \
  X(VERSION, "version", 1, LB_KIND_CALL, "", "{protocol:str, api_level:int, api_compatible:int, host_version:str, pid:int, methods:array}", "protocol identity, API level and the methods this host serves") \
  X(LUT_INFO, "lut.info", 1, LB_KIND_CALL, "path:str", "{path:str, format:str, size:int, title?:str, domain_min:array, domain_max:array}", "reads a LUT file and describes it") \
  X(LUT_APPLY, "lut.apply", 1, LB_KIND_JOB, "lut:str, input:str, output:str, options:map?", "{output:str, width:int, height:int, ms:float}", "applies a LUT file to an image file, writing a new image (options: interpolation, strength)") \
  X(LUT_CONVERT, "lut.convert", 1, LB_KIND_JOB, "input:str, output:str, options:map?", "{output:str, format:str, size:int}", "converts a LUT between formats chosen by the output extension (options: size)") \
  X(LOOK_DECOMPOSE, "look.decompose", 1, LB_KIND_JOB, "lut:str, options:map?", "{look:bin, bytes:int, mean_de2000:float, max_de2000:float, summary?:str}", "fits a parametric Look to a LUT file; look is the serialised Look") \
  X(LOOK_BAKE, "look.bake", 1, LB_KIND_JOB, "look:bin, output:str, options:map?", "{output:str, format:str, size:int}", "bakes a Look into a LUT file chosen by the output extension (options: size)") \
  X(LOOK_DESCRIBE, "look.describe", 1, LB_KIND_CALL, "look:bin", "{text:str, operations:array}", "explains a Look in words, one entry per operation") \
  X(LOOK_DISTIL, "look.distil", 2, LB_KIND_JOB, "before:str, after:str, options:map?", "{look:bin, bytes:int, report:map}", "learns a Look from a before/after image pair, aligned or not (options: align, margin, title, sliders_only); report as lutbridge distil --json") \
  X(LOOK_DISTIL_EDIT, "look.distil_edit", 3, LB_KIND_JOB, "edit:str, options:map?", "{look:bin, bytes:int, report:map}", "learns a Look from an editor's own edit: a darktable .dtstyle or .xmp sidecar or a RawTherapee .pp3, rendered by darktable-cli or rawtherapee-cli on a colour chart and photos (options: editor, check_photo, margin, title, sliders_only); report as lutbridge distil --edit --json, with edit") \
  X(LOOK_MATCH, "look.match", 2, LB_KIND_JOB, "refs:array, options:map?", "{look:bin, bytes:int, report:map}", "reference photo(s) to a Look carrying their grade, not their content (options: input = a photo to adapt to, amount 0..1, library = a style library folder, k, variants); report as lutbridge match --json, with variants (look:bin each) when library is given") \
  X(LOOK_PROMPT, "look.prompt", 2, LB_KIND_JOB, "text:str, options:map?", "{look:bin, bytes:int, report:map}", "words (English, Russian, Chinese) to a Look; report: seconds, phrases with the sliders each set, sliders, warnings (options: input = a photo to adapt to)") \
  X(JOB_CANCEL, "job.cancel", 1, LB_KIND_CALL, "job:int", "bool", "cancels a job of this connection (job = the request msgid); true when it was running or queued") \
  X(TEST_WAIT, "test.wait", 1, LB_KIND_JOB, "ms:int", "{waited_ms:int}", "a job that only waits (<= 60000 ms), reporting progress; for tests of progress and cancellation; method_not_found unless the host runs with --test-methods")

#define LB_METHOD_ENUM_ROW_(id, name, since, kind, params, result, doc) LB_METHOD_##id,
enum lb_method_id { LB_METHODS(LB_METHOD_ENUM_ROW_) LB_METHOD_COUNT_ };
#undef LB_METHOD_ENUM_ROW_

/* ---- notifications ------------------------------------------------------------------
 * X(ID, "name", "params"): params is one map. fraction in [0, 1]; stage a short word. */
#define LB_NOTIFICATIONS(X) \
  X(PROGRESS, "progress", "{job:int, fraction:float, stage:str}")

#endif /* LUTBRIDGE_PROTOCOL_H */
