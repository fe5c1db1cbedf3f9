/* The client library against a real host: started on demand by lb_connect (./lutbridge
 * serve with LUTBRIDGE_TEST_METHODS=1) on a private socket, then ping, version, lut.info,
 * progress callbacks, call timeouts, cancellation through the poll API, pipelined calls,
 * errors as code + message, and a host that goes away (SIGTERM). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "lutbridge/client.h"

#ifndef LB_TEST_REPO_ROOT
#error "LB_TEST_REPO_ROOT must name the repository root"
#endif

static int failures = 0;
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)
#define REQUIRE(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond); exit(1); } } while (0)

static char socket_path[108];

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static lb_options options(int autostart) {
  lb_options o;
  lb_options_init(&o);
  o.socket_path = socket_path;
  o.autostart = autostart;
  o.host_cmd = LB_TEST_REPO_ROOT "/lutbridge";
  o.start_timeout_ms = 600000; /* the launcher may build the CLI first */
  return o;
}

static int str_is(const msgpack_object *o, const char *s) {
  return o->type == MSGPACK_OBJECT_STR && o->via.str.size == strlen(s) && memcmp(o->via.str.ptr, s, strlen(s)) == 0;
}

static const msgpack_object *map_get(const msgpack_object *m, const char *key) {
  if (m->type != MSGPACK_OBJECT_MAP) return NULL;
  for (uint32_t i = 0; i < m->via.map.size; i++)
    if (str_is(&m->via.map.ptr[i].key, key)) return &m->via.map.ptr[i].val;
  return NULL;
}

static void test_no_host_no_autostart(void) {
  lb_options o = options(0);
  lb_client *c = NULL;
  lb_error e = {0, ""};
  CHECK(lb_connect(&o, &c, &e) == LB_ERR_CLIENT_CONNECT);
  CHECK(c == NULL);
  CHECK(e.code == LB_ERR_CLIENT_CONNECT);
  CHECK(strstr(e.message, socket_path) != NULL);
}

static void test_ping_and_version(lb_client *c, int64_t *pid) {
  msgpack_unpacked r;
  msgpack_unpacked_init(&r);
  lb_error e = {0, ""};
  CHECK(lb_call(c, "ping", NULL, 0, 5000, NULL, NULL, &r, &e) == LB_OK);
  CHECK(str_is(&r.data, "pong"));
  CHECK(lb_call_discard(c, "ping", NULL, 0, 5000, &e) == LB_OK);
  CHECK(lb_call_discard(c, "no.such", NULL, 0, 5000, &e) == LB_ERR_METHOD_NOT_FOUND && e.code == LB_ERR_METHOD_NOT_FOUND);
  CHECK(lb_call(c, "version", NULL, 0, 5000, NULL, NULL, &r, &e) == LB_OK);
  const msgpack_object *protocol = map_get(&r.data, "protocol");
  const msgpack_object *level = map_get(&r.data, "api_level");
  const msgpack_object *p = map_get(&r.data, "pid");
  REQUIRE(protocol && level && p);
  CHECK(str_is(protocol, LB_PROTOCOL_NAME));
  CHECK(level->type == MSGPACK_OBJECT_POSITIVE_INTEGER && level->via.u64 == LB_API_LEVEL);
  REQUIRE(p->type == MSGPACK_OBJECT_POSITIVE_INTEGER);
  *pid = (int64_t)p->via.u64;
  msgpack_unpacked_destroy(&r);
}

static void test_lut_info_json(lb_client *c) {
  char *json = NULL;
  lb_error e = {0, ""};
  const int rc = lb_call_json(c, "lut.info", "[\"" LB_TEST_REPO_ROOT "/samples/luts/Colour_Correct.cube\"]", 10000, NULL, NULL, &json, &e);
  if (rc != LB_OK) fprintf(stderr, "lut.info: %s\n", e.message);
  REQUIRE(rc == LB_OK && json != NULL);
  CHECK(strstr(json, "\"size\":4") != NULL); /* LUT_3D_SIZE 4 in the file */
  CHECK(strstr(json, "\"format\":\"cube\"") != NULL);
  free(json);
}

typedef struct progress_log {
  int count;
  double last;
  int monotonic;
  char stage[32];
} progress_log;

static void on_progress(const lb_event *ev, void *user) {
  progress_log *log = user;
  if (ev->kind != LB_EVENT_PROGRESS) return;
  if (log->count > 0 && ev->fraction < log->last) log->monotonic = 0;
  log->last = ev->fraction;
  log->count++;
  snprintf(log->stage, sizeof log->stage, "%s", ev->stage);
}

static void test_progress_callback(lb_client *c) {
  progress_log log = {0, 0, 1, ""};
  char *json = NULL;
  lb_error e = {0, ""};
  CHECK(lb_call_json(c, "test.wait", "[300]", 10000, on_progress, &log, &json, &e) == LB_OK);
  CHECK(log.count >= 2);
  CHECK(log.monotonic);
  CHECK(log.last == 1.0);
  CHECK(strcmp(log.stage, "waiting") == 0);
  CHECK(json != NULL && strstr(json, "waited_ms") != NULL);
  free(json);
}

static void test_timeout_cancels(lb_client *c) {
  char *json = NULL;
  lb_error e = {0, ""};
  const long long t0 = now_ms();
  CHECK(lb_call_json(c, "test.wait", "[20000]", 300, NULL, NULL, &json, &e) == LB_ERR_CLIENT_TIMEOUT);
  const long long took = now_ms() - t0;
  CHECK(took >= 250 && took < 3000);
  CHECK(e.code == LB_ERR_CLIENT_TIMEOUT && strstr(e.message, "test.wait") != NULL);
  CHECK(json == NULL);
  CHECK(lb_pending(c) == 0);
  /* The connection is still usable; the late "cancelled" answer is dropped. */
  CHECK(lb_call_json(c, "ping", NULL, 5000, NULL, NULL, &json, &e) == LB_OK);
  CHECK(json && strcmp(json, "\"pong\"") == 0);
  free(json);
}

typedef struct events {
  int progress, results, errors;
  int last_error;
  uint32_t last_id;
} events;

static void on_event(const lb_event *ev, void *user) {
  events *s = user;
  s->last_id = ev->call_id;
  if (ev->kind == LB_EVENT_PROGRESS) s->progress++;
  else if (ev->kind == LB_EVENT_RESULT) s->results++;
  else { s->errors++; s->last_error = ev->error.code; }
}

static void test_cancel_via_poll(lb_client *c) {
  uint32_t id = 0;
  lb_error e = {0, ""};
  static const unsigned char params[] = {0x91, 0xcd, 0x4e, 0x20}; /* msgpack [20000] */
  REQUIRE(lb_call_start(c, "test.wait", params, sizeof params, &id, &e) == LB_OK);
  events s = {0, 0, 0, 0, 0};
  const long long t0 = now_ms();
  while (s.progress == 0 && now_ms() - t0 < 10000) CHECK(lb_poll(c, 100, on_event, &s, NULL, &e) == LB_OK);
  CHECK(s.progress >= 1);
  CHECK(lb_cancel(c, id, &e) == LB_OK);
  while (s.errors + s.results == 0 && now_ms() - t0 < 10000) CHECK(lb_poll(c, 100, on_event, &s, NULL, &e) == LB_OK);
  CHECK(s.errors == 1 && s.results == 0);
  CHECK(s.last_error == LB_ERR_CANCELLED);
  CHECK(s.last_id == id);
  CHECK(now_ms() - t0 < 10000);
  CHECK(lb_pending(c) == 0);
  CHECK(lb_cancel(c, id, &e) == LB_ERR_NO_SUCH_JOB); /* no longer pending */
}

static void test_pipelined(lb_client *c) {
  enum { N = 50 };
  lb_error e = {0, ""};
  for (int i = 0; i < N; i++) CHECK(lb_call_start(c, "ping", NULL, 0, NULL, &e) == LB_OK);
  CHECK(lb_pending(c) == N);
  events s = {0, 0, 0, 0, 0};
  const long long t0 = now_ms();
  while (s.results + s.errors < N && now_ms() - t0 < 10000) CHECK(lb_poll(c, 100, on_event, &s, NULL, &e) == LB_OK);
  CHECK(s.results == N && s.errors == 0);
  CHECK(lb_pending(c) == 0);
}

static void expect_error(lb_client *c, const char *method, const char *params, int code, const char *needle) {
  char *json = NULL;
  lb_error e = {0, ""};
  const int rc = lb_call_json(c, method, params, 5000, NULL, NULL, &json, &e);
  if (rc != code || strstr(e.message, needle) == NULL)
    fprintf(stderr, "%s %s: got %d '%s', want %d with '%s'\n", method, params ? params : "", rc, e.message, code, needle);
  CHECK(rc == code);
  CHECK(e.code == code);
  CHECK(strstr(e.message, needle) != NULL);
  CHECK(json == NULL);
}

static void test_errors(lb_client *c) {
  expect_error(c, "no.such", NULL, LB_ERR_METHOD_NOT_FOUND, "no.such");
  expect_error(c, "lut.info", "[5]", LB_ERR_WRONG_TYPE, "argument 1");
  expect_error(c, "lut.info", "[]", LB_ERR_INVALID_PARAMS, "lut.info");
  expect_error(c, "lut.info", "[\"/nonexistent/x.cube\"]", LB_ERR_BAD_INPUT, "x.cube");
  expect_error(c, "lut.convert", "[\"a.cube\", \"b.cube\", {\"sise\": 17}]", LB_ERR_INVALID_PARAMS, "sise");
  expect_error(c, "ping", "{}", LB_ERR_CLIENT_USAGE, "array");
  expect_error(c, "ping", "[1,", LB_ERR_CLIENT_JSON, "");
  CHECK(strcmp(lb_error_name(LB_ERR_WRONG_TYPE), "wrong_type") == 0);
  /* Still fine afterwards. */
  char *json = NULL;
  lb_error e = {0, ""};
  CHECK(lb_call_json(c, "ping", "[]", 5000, NULL, NULL, &json, &e) == LB_OK);
  free(json);
}

static void test_host_goes_away(lb_client *c, int64_t pid) {
  REQUIRE(pid > 1);
  CHECK(kill((pid_t)pid, SIGTERM) == 0);
  struct stat st;
  const long long t0 = now_ms();
  while (stat(socket_path, &st) == 0 && now_ms() - t0 < 20000) {
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  CHECK(stat(socket_path, &st) != 0); /* removed on graceful shutdown */
  /* The socket goes first; open connections close when the host exits (it was double-forked
   * away from us, so it never lingers as our zombie). */
  while (kill((pid_t)pid, 0) == 0 && now_ms() - t0 < 20000) {
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  CHECK(kill((pid_t)pid, 0) != 0 && errno == ESRCH);
  msgpack_unpacked r;
  msgpack_unpacked_init(&r);
  lb_error e = {0, ""};
  const int rc = lb_call(c, "ping", NULL, 0, 5000, NULL, NULL, &r, &e);
  CHECK(rc == LB_ERR_CLIENT_CLOSED || rc == LB_ERR_CLIENT_IO);
  CHECK(e.message[0] != '\0');
  msgpack_unpacked_destroy(&r);
  test_no_host_no_autostart();
}

/* With all LB_MAX_CONNECTIONS taken by active clients, a new one hears "busy" (not "the host
 * closed the connection"); once they have been idle for LUTBRIDGE_IDLE_EVICT_MS, a new client
 * takes the place of the one idle longest. */
static void test_busy_when_full(lb_client *c) {
  enum { OTHERS = LB_MAX_CONNECTIONS - 1 }; /* c is the first */
  static lb_client *others[OTHERS];
  lb_options o = options(0);
  lb_error e = {0, ""};
  int opened = 0;
  /* Nobody may sit idle for the eviction time while the host fills up: on a loaded 2-core CI
   * machine 127 connects can take longer than that, and a connection the host has not yet seen
   * closed (c2 above) makes it full one connect early, so it would give an idle place away. */
  long long refreshed = now_ms();
  for (int i = 0; i < OTHERS; i++) {
    if (lb_connect(&o, &others[i], &e) != LB_OK) break;
    int rc = lb_call_discard(others[i], "ping", NULL, 0, 20000, &e);
    /* "busy" before the count is reached: the host has not yet seen c2's close; wait for it. */
    for (int tries = 0; rc == LB_ERR_BUSY && tries < 100; tries++) {
      lb_close(others[i]);
      struct timespec wait = {0, 100 * 1000 * 1000};
      nanosleep(&wait, NULL);
      REQUIRE(lb_connect(&o, &others[i], &e) == LB_OK);
      rc = lb_call_discard(others[i], "ping", NULL, 0, 20000, &e);
    }
    opened++;
    if (rc != LB_OK) fprintf(stderr, "connection %d of %d: %d (%s)\n", i + 2, LB_MAX_CONNECTIONS, rc, e.message);
    CHECK(rc == LB_OK);
    if (now_ms() - refreshed > 500) {
      CHECK(lb_call_discard(c, "ping", NULL, 0, 20000, &e) == LB_OK);
      for (int j = 0; j < opened; j++) CHECK(lb_call_discard(others[j], "ping", NULL, 0, 20000, &e) == LB_OK);
      refreshed = now_ms();
    }
  }
  CHECK(opened == OTHERS);
  for (int i = 0; i < opened; i++) CHECK(lb_call_discard(others[i], "ping", NULL, 0, 20000, &e) == LB_OK);
  CHECK(lb_call_discard(c, "ping", NULL, 0, 20000, &e) == LB_OK);

  lb_client *late = NULL;
  REQUIRE(lb_connect(&o, &late, &e) == LB_OK); /* the kernel accepts; the host answers busy and closes */
  msgpack_unpacked r;
  msgpack_unpacked_init(&r);
  const int rc = lb_call(late, "ping", NULL, 0, 20000, NULL, NULL, &r, &e);
  if (rc != LB_ERR_BUSY) fprintf(stderr, "expected busy, got %d (%s)\n", rc, e.message);
  CHECK(rc == LB_ERR_BUSY);
  CHECK(strstr(e.message, "connections") != NULL);
  msgpack_unpacked_destroy(&r);
  lb_close(late);

  struct timespec pause = {4, 500 * 1000 * 1000}; /* LUTBRIDGE_IDLE_EVICT_MS=4000 below */
  nanosleep(&pause, NULL);
  CHECK(lb_call_discard(c, "ping", NULL, 0, 20000, &e) == LB_OK); /* c stays active */
  late = NULL;
  CHECK(lb_connect(&o, &late, &e) == LB_OK);
  if (late) {
    const int again = lb_call_discard(late, "ping", NULL, 0, 20000, &e);
    if (again != LB_OK) fprintf(stderr, "after the idle time: %d (%s)\n", again, e.message);
    CHECK(again == LB_OK);
    lb_close(late);
  }
  CHECK(lb_call_discard(c, "ping", NULL, 0, 20000, &e) == LB_OK);
  for (int i = 0; i < opened; i++) lb_close(others[i]);
}

int main(void) {
  char dir[] = "/tmp/lb-ctest-XXXXXX";
  REQUIRE(mkdtemp(dir) != NULL);
  snprintf(socket_path, sizeof socket_path, "%s/run/host.sock", dir);
  REQUIRE(setenv("LUTBRIDGE_TEST_METHODS", "1", 1) == 0);
  REQUIRE(setenv("LUTBRIDGE_IDLE_EVICT_MS", "4000", 1) == 0);

  test_no_host_no_autostart();
  lb_options o = options(1);
  lb_client *c = NULL;
  lb_error e = {0, ""};
  const int rc = lb_connect(&o, &c, &e);
  if (rc != LB_OK) fprintf(stderr, "connect: %s\n", e.message);
  REQUIRE(rc == LB_OK);
  struct stat st;
  CHECK(stat(socket_path, &st) == 0 && (st.st_mode & 0777) == 0600);

  int64_t pid = 0;
  test_ping_and_version(c, &pid);
  test_lut_info_json(c);
  test_progress_callback(c);
  test_timeout_cancels(c);
  test_cancel_via_poll(c);
  test_pipelined(c);
  test_errors(c);
  {
    /* A second client finds the running host without starting another. */
    lb_options o2 = options(0);
    lb_client *c2 = NULL;
    CHECK(lb_connect(&o2, &c2, &e) == LB_OK);
    int64_t pid2 = 0;
    if (c2) test_ping_and_version(c2, &pid2);
    CHECK(pid2 == pid);
    lb_close(c2);
  }
  test_busy_when_full(c);
  test_host_goes_away(c, pid);
  lb_close(c);
  if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
  else printf("client against a real host: all checks passed\n");
  return failures ? 1 : 0;
}
