/* lutbridge-c: the client library as a command, for scripts and tests.
 *   lutbridge-c [--socket P] [--no-start] [--timeout MS] [--progress] ping
 *   lutbridge-c [...] call METHOD ['<json array of arguments>']
 * Prints the result as JSON on stdout. Errors: "lutbridge-c: NAME (CODE): message" on
 * stderr, exit 1 (2 for usage). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "lutbridge/client.h"

static void usage(FILE *to) {
  fprintf(to,
          "usage: lutbridge-c [--socket PATH] [--no-start] [--timeout MS] [--progress] COMMAND\n"
          "  ping                      round trip to the host; prints \"pong\"\n"
          "  call METHOD [JSON]        calls METHOD with a JSON array of arguments; prints the JSON result\n"
          "options:\n"
          "  --socket PATH   host socket (default $XDG_RUNTIME_DIR/lutbridge/host.sock or /tmp/lutbridge-$UID/host.sock)\n"
          "  --no-start      fail instead of starting the host ($LUTBRIDGE_HOST_CMD) when nobody listens\n"
          "  --timeout MS    call timeout (default %d)\n"
          "  --progress      print progress notifications on stderr\n"
          "Methods and their arguments: docs/protocol.md.\n",
          LB_DEFAULT_CALL_TIMEOUT_MS);
}

static void print_progress(const lb_event *ev, void *user) {
  (void)user;
  if (ev->kind == LB_EVENT_PROGRESS) fprintf(stderr, "progress %u %.3f %s\n", ev->call_id, ev->fraction, ev->stage);
}

static int report(const lb_error *e) {
  fprintf(stderr, "lutbridge-c: %s (%d): %s\n", lb_error_name(e->code), e->code, e->message);
  return 1;
}

int main(int argc, char **argv) {
  lb_options opts;
  lb_options_init(&opts);
  int timeout_ms = 0, progress = 0, i = 1;
  for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
    if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc) opts.socket_path = argv[++i];
    else if (strcmp(argv[i], "--no-start") == 0) opts.autostart = 0;
    else if (strcmp(argv[i], "--progress") == 0) progress = 1;
    else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
      char *end = NULL;
      const long v = strtol(argv[++i], &end, 10);
      if (end == argv[i] || *end || v <= 0 || v > 86400000) { fprintf(stderr, "lutbridge-c: --timeout wants milliseconds > 0\n"); return 2; }
      timeout_ms = (int)v;
    } else if (strcmp(argv[i], "--help") == 0) { usage(stdout); return 0; }
    else { fprintf(stderr, "lutbridge-c: unknown option %s\n", argv[i]); usage(stderr); return 2; }
  }
  if (i >= argc) { usage(stderr); return 2; }
  const char *command = argv[i++];
  const char *method = NULL, *params = NULL;
  if (strcmp(command, "ping") == 0 && i == argc) method = "ping";
  else if (strcmp(command, "call") == 0 && (argc - i == 1 || argc - i == 2)) {
    method = argv[i];
    params = argc - i == 2 ? argv[i + 1] : NULL;
  } else { usage(stderr); return 2; }

  lb_error err;
  lb_client *client = NULL;
  if (lb_connect(&opts, &client, &err) != LB_OK) return report(&err);
  char *json = NULL;
  int rc = lb_call_json(client, method, params, timeout_ms, progress ? print_progress : NULL, NULL, &json, &err);
  lb_close(client);
  if (rc == LB_ERR_CLIENT_CLOSED || rc == LB_ERR_CLIENT_IO) {
    /* The host died under the call (crash, OOM killer, kill -9): connect again (which starts a
     * new host when autostart is on) and retry once; a second failure is reported. */
    fprintf(stderr, "lutbridge-c: the host stopped during the call (%s); retrying once\n", err.message);
    free(json);
    json = NULL;
    /* A killed process closes its connections before its listening socket: give the dying
     * host a moment, or the retry may connect to its last backlog and be reset. */
    const struct timespec pause = {0, 300 * 1000 * 1000};
    nanosleep(&pause, NULL);
    if (lb_connect(&opts, &client, &err) != LB_OK) return report(&err);
    rc = lb_call_json(client, method, params, timeout_ms, progress ? print_progress : NULL, NULL, &json, &err);
    lb_close(client);
  }
  if (rc != LB_OK) return report(&err);
  if (strcmp(command, "ping") == 0) printf("pong\n");
  else printf("%s\n", json);
  free(json);
  return 0;
}
