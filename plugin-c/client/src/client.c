/* The connection: request ids, pending calls, framing of incoming bytes, event delivery. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "frame_scan.h"
#include "internal.h"

#ifndef LB_DEFAULT_HOST_CMD
#define LB_DEFAULT_HOST_CMD "lutbridge"
#endif

/* Ids of the client's own requests (job.cancel) carry this bit; their answers are dropped. */
#define INTERNAL_ID_BIT 0x80000000u
#define WRITE_TIMEOUT_MS 5000
#define READ_CHUNK 65536

struct lb_client {
  int fd;
  uint32_t next_id;
  uint32_t next_internal_id;
  uint8_t *buf; /* received bytes; [off, len) not yet consumed */
  size_t off, len, cap;
  lb_scanner scan;
  uint32_t *pending;
  size_t npending, cap_pending;
  msgpack_unpacked *queue; /* messages read during lb_call that belong to other calls */
  size_t nqueue, cap_queue;
  int broken;
  lb_error broken_err;
};

/* ------------------------------------------------------------------ small helpers */
static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int remaining_ms(int64_t deadline) {
  if (deadline < 0) return -1;
  const int64_t r = deadline - now_ms();
  return r <= 0 ? 0 : (r > 1000000000 ? 1000000000 : (int)r);
}

void lb_options_init(lb_options *opts) {
  memset(opts, 0, sizeof *opts);
  opts->autostart = 1;
}

int lb_default_socket_path(char *out, size_t cap, lb_error *err) {
  const char *xdg = getenv("XDG_RUNTIME_DIR");
  int n;
  if (xdg != NULL && xdg[0] == '/') n = snprintf(out, cap, "%s/lutbridge/host.sock", xdg);
  else n = snprintf(out, cap, "/tmp/lutbridge-%lu/host.sock", (unsigned long)getuid());
  if (n < 0 || (size_t)n >= cap) return lb_fail(err, LB_ERR_CLIENT_USAGE, "socket path does not fit in %zu bytes", cap);
  return LB_OK;
}

static int pending_index(const lb_client *c, uint32_t id) {
  for (size_t i = 0; i < c->npending; i++)
    if (c->pending[i] == id) return (int)i;
  return -1;
}

static void pending_remove(lb_client *c, uint32_t id) {
  const int i = pending_index(c, id);
  if (i >= 0) c->pending[i] = c->pending[--c->npending];
}

static int pending_add(lb_client *c, uint32_t id, lb_error *err) {
  if (c->npending == c->cap_pending) {
    const size_t cap = c->cap_pending ? c->cap_pending * 2 : 16;
    uint32_t *p = realloc(c->pending, cap * sizeof *p);
    if (!p) return lb_fail(err, LB_ERR_CLIENT_NOMEM, "out of memory");
    c->pending = p;
    c->cap_pending = cap;
  }
  c->pending[c->npending++] = id;
  return LB_OK;
}

static int fail_broken(lb_client *c, lb_error *err, int code, const char *what) {
  if (!c->broken) {
    c->broken = 1;
    lb_fail(&c->broken_err, code, "%s", what);
  }
  if (err) *err = c->broken_err;
  return c->broken_err.code;
}

/* ------------------------------------------------------------------ connect / close */
static int try_connect(const char *path, int *fd_out, int *sys_errno) {
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) { *sys_errno = errno; return -1; }
  if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) { *sys_errno = errno; close(fd); return -1; }
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  memcpy(addr.sun_path, path, strlen(path) + 1);
  if (connect(fd, (const struct sockaddr *)&addr, sizeof addr) != 0) {
    *sys_errno = errno;
    close(fd);
    return -1;
  }
  *fd_out = fd;
  return 0;
}

static lb_client *client_new(int fd) {
  lb_client *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->fd = fd;
  c->next_id = 1;
  c->next_internal_id = 1;
  lb_scanner_reset(&c->scan);
  return c;
}

int lb_connect(const lb_options *opts, lb_client **out, lb_error *err) {
  lb_options defaults;
  if (opts == NULL) { lb_options_init(&defaults); opts = &defaults; }
  if (out == NULL) return lb_fail(err, LB_ERR_CLIENT_USAGE, "out is NULL");
  *out = NULL;
  char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
  if (opts->socket_path) {
    if (strlen(opts->socket_path) >= sizeof path)
      return lb_fail(err, LB_ERR_CLIENT_USAGE, "socket path longer than %zu bytes: %s", sizeof path - 1, opts->socket_path);
    strcpy(path, opts->socket_path);
  } else {
    const int rc = lb_default_socket_path(path, sizeof path, err);
    if (rc != LB_OK) return rc;
  }
  int fd = -1, e = 0;
  if (try_connect(path, &fd, &e) != 0) {
    if (!opts->autostart || (e != ENOENT && e != ECONNREFUSED))
      return lb_fail(err, LB_ERR_CLIENT_CONNECT, "cannot connect to %s: %s", path, strerror(e));
    const char *cmd = opts->host_cmd ? opts->host_cmd : getenv("LUTBRIDGE_HOST_CMD");
    if (cmd == NULL || cmd[0] == '\0') cmd = LB_DEFAULT_HOST_CMD;
    const int rc = lb_spawn_host(cmd, path, err);
    if (rc != LB_OK) return rc;
    const int64_t deadline = now_ms() + (opts->start_timeout_ms > 0 ? opts->start_timeout_ms : LB_HOST_START_TIMEOUT_MS);
    while (try_connect(path, &fd, &e) != 0) {
      if (now_ms() >= deadline)
        return lb_fail(err, LB_ERR_CLIENT_CONNECT, "started '%s' but nothing listens on %s (see %s.log): %s", cmd, path, path, strerror(e));
      struct timespec pause = {0, 20 * 1000 * 1000};
      nanosleep(&pause, NULL);
    }
  }
  const int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
    close(fd);
    return lb_fail(err, LB_ERR_CLIENT_IO, "fcntl: %s", strerror(errno));
  }
  lb_client *c = client_new(fd);
  if (!c) { close(fd); return lb_fail(err, LB_ERR_CLIENT_NOMEM, "out of memory"); }
  *out = c;
  return LB_OK;
}

void lb_close(lb_client *c) {
  if (!c) return;
  if (c->fd >= 0) close(c->fd);
  for (size_t i = 0; i < c->nqueue; i++) msgpack_unpacked_destroy(&c->queue[i]);
  free(c->queue);
  free(c->pending);
  free(c->buf);
  free(c);
}

int lb_fd(const lb_client *c) { return c ? c->fd : -1; }

size_t lb_pending(const lb_client *c) { return c ? c->npending : 0; }

/* ------------------------------------------------------------------ writing */
static int closed_by_host(lb_client *c, lb_error *err);

static int send_all(lb_client *c, const char *data, size_t len, lb_error *err) {
  const int64_t deadline = now_ms() + WRITE_TIMEOUT_MS;
  size_t done = 0;
  while (done < len) {
    const ssize_t n = send(c->fd, data + done, len - done, MSG_NOSIGNAL);
    if (n > 0) { done += (size_t)n; continue; }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      struct pollfd p = {c->fd, POLLOUT, 0};
      const int r = poll(&p, 1, remaining_ms(deadline));
      if (r == 0) return fail_broken(c, err, LB_ERR_CLIENT_IO, "the host does not read its socket (write timed out)");
      if (r < 0 && errno != EINTR) return fail_broken(c, err, LB_ERR_CLIENT_IO, strerror(errno));
      continue;
    }
    if (errno == EPIPE || errno == ECONNRESET) return closed_by_host(c, err);
    return fail_broken(c, err, LB_ERR_CLIENT_IO, strerror(errno));
  }
  return LB_OK;
}

static int send_request(lb_client *c, uint32_t id, const char *method, const void *params, size_t params_len, lb_error *err) {
  if (c->broken) { if (err) *err = c->broken_err; return c->broken_err.code; }
  const size_t mlen = strlen(method);
  if (mlen == 0 || mlen > LB_MAX_METHOD_BYTES) return lb_fail(err, LB_ERR_CLIENT_USAGE, "method name must be 1..%d bytes", LB_MAX_METHOD_BYTES);
  if (params != NULL && params_len > 0) {
    const int rc = lb_check_params(params, params_len, err);
    if (rc != LB_OK) return rc;
  }
  msgpack_sbuffer sb;
  msgpack_sbuffer_init(&sb);
  msgpack_packer pk;
  msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
  int bad = msgpack_pack_array(&pk, 4) | msgpack_pack_uint8(&pk, LB_MSG_REQUEST) | msgpack_pack_uint32(&pk, id) |
            msgpack_pack_str(&pk, mlen) | msgpack_pack_str_body(&pk, method, mlen);
  if (params != NULL && params_len > 0) bad |= msgpack_sbuffer_write(&sb, params, params_len);
  else bad |= msgpack_pack_array(&pk, 0);
  int rc;
  if (bad) rc = lb_fail(err, LB_ERR_CLIENT_NOMEM, "out of memory");
  else if (sb.size > LB_MAX_MESSAGE_BYTES) rc = lb_fail(err, LB_ERR_TOO_LARGE, "request of %zu bytes exceeds %d", sb.size, LB_MAX_MESSAGE_BYTES);
  else rc = send_all(c, sb.data, sb.size, err);
  msgpack_sbuffer_destroy(&sb);
  return rc;
}

int lb_call_start(lb_client *c, const char *method, const void *params, size_t params_len, uint32_t *call_id, lb_error *err) {
  if (!c || !method) return lb_fail(err, LB_ERR_CLIENT_USAGE, "NULL client or method");
  const uint32_t id = c->next_id;
  c->next_id = c->next_id + 1 >= INTERNAL_ID_BIT ? 1 : c->next_id + 1;
  int rc = pending_add(c, id, err);
  if (rc != LB_OK) return rc;
  rc = send_request(c, id, method, params, params_len, err);
  if (rc != LB_OK) { pending_remove(c, id); return rc; }
  if (call_id) *call_id = id;
  return LB_OK;
}

int lb_cancel(lb_client *c, uint32_t call_id, lb_error *err) {
  if (!c) return lb_fail(err, LB_ERR_CLIENT_USAGE, "NULL client");
  if (pending_index(c, call_id) < 0) return lb_fail(err, LB_ERR_NO_SUCH_JOB, "call %u is not pending", call_id);
  msgpack_sbuffer buf;
  msgpack_sbuffer_init(&buf);
  msgpack_packer pk;
  msgpack_packer_init(&pk, &buf, msgpack_sbuffer_write);
  int rc;
  if (msgpack_pack_array(&pk, 1) != 0 || msgpack_pack_uint32(&pk, call_id) != 0) rc = lb_fail(err, LB_ERR_CLIENT_NOMEM, "out of memory");
  else {
    const uint32_t id = INTERNAL_ID_BIT | c->next_internal_id;
    c->next_internal_id = (c->next_internal_id + 1) & ~INTERNAL_ID_BIT;
    rc = send_request(c, id, "job.cancel", buf.data, buf.size, err);
  }
  msgpack_sbuffer_destroy(&buf);
  return rc;
}

/* ------------------------------------------------------------------ reading */
/* Takes one complete message from the buffer into *msg: 1 when one was there, 0 when more
 * bytes are needed, or an error (the connection is then broken). */
static int take_buffered(lb_client *c, msgpack_unpacked *msg, lb_error *err) {
  size_t n = 0;
  if (c->buf == NULL || c->len == c->off) return 0;
  switch (lb_scan(&c->scan, c->buf + c->off, c->len - c->off, &n)) {
    case LB_SCAN_NEED_MORE: return 0;
    case LB_SCAN_DONE: break;
    case LB_SCAN_TOO_LARGE: return fail_broken(c, err, LB_ERR_CLIENT_PROTOCOL, "the host sent a message beyond the protocol limits");
    case LB_SCAN_TOO_DEEP: return fail_broken(c, err, LB_ERR_CLIENT_PROTOCOL, "the host sent a message nested too deep");
    default: return fail_broken(c, err, LB_ERR_CLIENT_PROTOCOL, "the host sent bytes that are not msgpack");
  }
  msgpack_unpacked_init(msg);
  size_t used = 0;
  const msgpack_unpack_return r = msgpack_unpack_next(msg, (const char *)c->buf + c->off, n, &used);
  c->off += n;
  if (r != MSGPACK_UNPACK_SUCCESS || used != n) {
    msgpack_unpacked_destroy(msg);
    return fail_broken(c, err, LB_ERR_CLIENT_PROTOCOL, "msgpack-c could not decode a framed message");
  }
  return 1;
}

/* Makes room for one more READ_CHUNK after the received bytes: 0, or -1 when out of memory. */
static int ensure_room(lb_client *c) {
  if (c->cap - c->len >= READ_CHUNK) return 0;
  size_t cap = c->cap ? c->cap * 2 : READ_CHUNK * 2;
  if (cap < c->len + READ_CHUNK) cap = c->len + READ_CHUNK;
  uint8_t *b = realloc(c->buf, cap);
  if (!b) return -1;
  c->buf = b;
  c->cap = cap;
  return 0;
}

/* Reads whatever the socket has (waiting up to timeout_ms for the first byte): LB_OK,
 * LB_ERR_CLIENT_TIMEOUT when nothing arrived, or a connection error. */
static int fill(lb_client *c, int timeout_ms, lb_error *err) {
  if (c->off > 0) { /* compact */
    memmove(c->buf, c->buf + c->off, c->len - c->off);
    c->len -= c->off;
    c->off = 0;
  }
  /* The buffer holds at most part of one message here (complete ones were taken), which
   * the scanner bounds by LB_MAX_MESSAGE_BYTES. */
  if (ensure_room(c) != 0) return fail_broken(c, err, LB_ERR_CLIENT_NOMEM, "out of memory");
  for (;;) {
    const ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
    if (n > 0) { c->len += (size_t)n; return LB_OK; }
    if (n == 0) return fail_broken(c, err, LB_ERR_CLIENT_CLOSED, "the host closed the connection");
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return fail_broken(c, err, LB_ERR_CLIENT_IO, strerror(errno));
    if (timeout_ms == 0) return LB_ERR_CLIENT_TIMEOUT;
    struct pollfd p = {c->fd, POLLIN, 0};
    const int r = poll(&p, 1, timeout_ms);
    if (r == 0) return LB_ERR_CLIENT_TIMEOUT;
    if (r < 0 && errno != EINTR) return fail_broken(c, err, LB_ERR_CLIENT_IO, strerror(errno));
    if (r > 0) timeout_ms = 0; /* readable now: read without waiting again (EINTR: wait again) */
  }
}

/* Next message within the deadline (-1: none): LB_OK, LB_ERR_CLIENT_TIMEOUT or an error. */
static int next_message(lb_client *c, int64_t deadline, msgpack_unpacked *msg, lb_error *err) {
  if (c->broken) { if (err) *err = c->broken_err; return c->broken_err.code; }
  for (;;) {
    const int t = take_buffered(c, msg, err);
    if (t == 1) return LB_OK;
    if (t != 0) return t;
    const int rc = fill(c, remaining_ms(deadline), err);
    if (rc != LB_OK) return rc;
  }
}

static int queue_push(lb_client *c, msgpack_unpacked *msg) {
  if (c->nqueue == c->cap_queue) {
    const size_t cap = c->cap_queue ? c->cap_queue * 2 : 8;
    msgpack_unpacked *q = realloc(c->queue, cap * sizeof *q);
    if (!q) return -1;
    c->queue = q;
    c->cap_queue = cap;
  }
  c->queue[c->nqueue++] = *msg;
  msgpack_unpacked_init(msg); /* ownership moved */
  return 0;
}

static void error_from_message(const lb_message *m, lb_error *e) {
  e->code = m->error_code;
  const size_t n = m->error_message_len < sizeof e->message - 1 ? m->error_message_len : sizeof e->message - 1;
  memcpy(e->message, m->error_message, n);
  e->message[n] = '\0';
}

/* A response with msgid 0 is about the connection itself (busy, framing damage): the host closes
 * the connection after it, so it becomes the connection's error (never a real call's id: ids start
 * at 1 and wrap to 1). */
static int is_connection_error(const lb_message *m) {
  return m->kind == LB_MSG_KIND_RESPONSE && m->msgid == 0 && m->error_code != 0;
}

static int connection_error(lb_client *c, const lb_message *m, lb_error *err) {
  if (!c->broken) {
    c->broken = 1;
    error_from_message(m, &c->broken_err);
  }
  if (err) *err = c->broken_err;
  return c->broken_err.code;
}

/* A send found the connection closed. When the host said why before closing (e.g. "busy": all its
 * connections are taken), that reason is the error; messages for pending calls are kept for lb_poll. */
static int closed_by_host(lb_client *c, lb_error *err) {
  size_t drained = 0;
  while (drained < LB_MAX_MESSAGE_BYTES && ensure_room(c) == 0) {
    const ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len, MSG_DONTWAIT);
    if (n > 0) { c->len += (size_t)n; drained += (size_t)n; continue; }
    if (n < 0 && errno == EINTR) continue;
    break;
  }
  msgpack_unpacked msg;
  while (!c->broken && take_buffered(c, &msg, NULL) == 1) {
    lb_message m;
    lb_error why;
    if (lb_decode_message(&msg.data, &m, &why) == LB_OK && is_connection_error(&m)) {
      const int rc = connection_error(c, &m, err);
      msgpack_unpacked_destroy(&msg);
      return rc;
    }
    if (queue_push(c, &msg) != 0) msgpack_unpacked_destroy(&msg);
  }
  return fail_broken(c, err, LB_ERR_CLIENT_CLOSED, "the host closed the connection");
}

static void progress_event(const lb_message *m, lb_event *ev, char *stage, size_t stage_cap) {
  memset(ev, 0, sizeof *ev);
  ev->kind = LB_EVENT_PROGRESS;
  ev->call_id = m->msgid;
  ev->fraction = m->fraction;
  const size_t n = m->stage_len < stage_cap - 1 ? m->stage_len : stage_cap - 1;
  memcpy(stage, m->stage, n);
  stage[n] = '\0';
  ev->stage = stage;
}

/* Delivers one message as an event when it concerns a pending call (*count grows by one). */
static int deliver(lb_client *c, const msgpack_unpacked *msg, lb_event_fn fn, void *user, int *count, lb_error *err) {
  lb_message m;
  lb_error why;
  if (lb_decode_message(&msg->data, &m, &why) != LB_OK) return fail_broken(c, err, why.code, why.message);
  if (is_connection_error(&m)) return connection_error(c, &m, err);
  if (m.kind == LB_MSG_KIND_OTHER || pending_index(c, m.msgid) < 0) return LB_OK;
  lb_event ev;
  char stage[128];
  if (m.kind == LB_MSG_KIND_PROGRESS) progress_event(&m, &ev, stage, sizeof stage);
  else {
    pending_remove(c, m.msgid);
    memset(&ev, 0, sizeof ev);
    ev.call_id = m.msgid;
    if (m.error_code != 0) { ev.kind = LB_EVENT_ERROR; error_from_message(&m, &ev.error); }
    else { ev.kind = LB_EVENT_RESULT; ev.result = m.result; }
  }
  (*count)++;
  if (fn) fn(&ev, user);
  return LB_OK;
}

static void fail_all_pending(lb_client *c, lb_event_fn fn, void *user) {
  while (c->npending > 0) {
    lb_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = LB_EVENT_ERROR;
    ev.call_id = c->pending[--c->npending];
    ev.error = c->broken_err;
    if (fn) fn(&ev, user);
  }
}

int lb_poll(lb_client *c, int timeout_ms, lb_event_fn fn, void *user, int *delivered, lb_error *err) {
  if (delivered) *delivered = 0;
  if (!c) return lb_fail(err, LB_ERR_CLIENT_USAGE, "NULL client");
  int count = 0;
  int rc = LB_OK;
  /* Messages an lb_call read on the way come first, in arrival order. */
  for (size_t i = 0; i < c->nqueue && rc == LB_OK; i++) rc = deliver(c, &c->queue[i], fn, user, &count, err);
  for (size_t i = 0; i < c->nqueue; i++) msgpack_unpacked_destroy(&c->queue[i]);
  c->nqueue = 0;
  const int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
  while (rc == LB_OK) {
    msgpack_unpacked msg;
    /* Wait only while nothing has been delivered yet; then drain what is already here. */
    const int r = next_message(c, count > 0 ? now_ms() : deadline, &msg, err);
    if (r == LB_ERR_CLIENT_TIMEOUT) break;
    if (r != LB_OK) { rc = r; break; }
    rc = deliver(c, &msg, fn, user, &count, err);
    msgpack_unpacked_destroy(&msg);
  }
  if (rc != LB_OK && c->broken) fail_all_pending(c, fn, user);
  if (delivered) *delivered = count;
  return rc;
}

int lb_call(lb_client *c, const char *method, const void *params, size_t params_len, int timeout_ms,
            lb_event_fn on_progress, void *user, msgpack_unpacked *result, lb_error *err) {
  if (!c || !result) return lb_fail(err, LB_ERR_CLIENT_USAGE, "NULL client or result");
  uint32_t id = 0;
  int rc = lb_call_start(c, method, params, params_len, &id, err);
  if (rc != LB_OK) return rc;
  const int64_t deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : LB_DEFAULT_CALL_TIMEOUT_MS);
  for (;;) {
    msgpack_unpacked msg;
    rc = next_message(c, deadline, &msg, err);
    if (rc == LB_ERR_CLIENT_TIMEOUT) {
      lb_error ignored;
      lb_cancel(c, id, &ignored);
      pending_remove(c, id);
      return lb_fail(err, LB_ERR_CLIENT_TIMEOUT, "%s: no answer within %d ms (cancelled)", method,
                     timeout_ms > 0 ? timeout_ms : LB_DEFAULT_CALL_TIMEOUT_MS);
    }
    if (rc != LB_OK) { pending_remove(c, id); return rc; }
    lb_message m;
    lb_error why;
    if (lb_decode_message(&msg.data, &m, &why) != LB_OK) {
      msgpack_unpacked_destroy(&msg);
      pending_remove(c, id);
      return fail_broken(c, err, why.code, why.message);
    }
    if (is_connection_error(&m)) {
      pending_remove(c, id);
      const int said = connection_error(c, &m, err);
      msgpack_unpacked_destroy(&msg);
      return said;
    }
    if (m.kind != LB_MSG_KIND_OTHER && m.msgid == id) {
      if (m.kind == LB_MSG_KIND_PROGRESS) {
        lb_event ev;
        char stage[128];
        progress_event(&m, &ev, stage, sizeof stage);
        if (on_progress) on_progress(&ev, user);
        msgpack_unpacked_destroy(&msg);
        continue;
      }
      pending_remove(c, id);
      if (m.error_code != 0) {
        lb_error e;
        error_from_message(&m, &e);
        msgpack_unpacked_destroy(&msg);
        if (err) *err = e;
        return e.code;
      }
      const msgpack_object value = *m.result;
      msgpack_unpacked_destroy(result);
      *result = msg; /* the zone moves to the caller */
      result->data = value;
      return LB_OK;
    }
    if (m.kind != LB_MSG_KIND_OTHER && pending_index(c, m.msgid) >= 0) {
      if (queue_push(c, &msg) != 0) { msgpack_unpacked_destroy(&msg); pending_remove(c, id); return fail_broken(c, err, LB_ERR_CLIENT_NOMEM, "out of memory"); }
      continue;
    }
    msgpack_unpacked_destroy(&msg);
  }
}

int lb_call_discard(lb_client *c, const char *method, const void *params, size_t params_len, int timeout_ms, lb_error *err) {
  msgpack_unpacked result;
  msgpack_unpacked_init(&result);
  const int rc = lb_call(c, method, params, params_len, timeout_ms, NULL, NULL, &result, err);
  msgpack_unpacked_destroy(&result);
  return rc;
}
