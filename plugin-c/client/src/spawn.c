/* Starting the host on demand: `CMD serve --socket PATH --exit-when-idle 300`, detached in its own session (a
 * double fork, so the editor never collects or waits for it), with its output appended to
 * PATH.log. A close-on-exec pipe reports an exec failure back to the caller. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

#define MAX_WORDS 32

/* Splits cmd on whitespace into words stored in store; returns the count or -1. */
static int split_words(const char *cmd, char *store, size_t cap, char **words, int max_words) {
  const size_t n = strlen(cmd);
  if (n + 1 > cap) return -1;
  memcpy(store, cmd, n + 1);
  int count = 0;
  char *p = store;
  while (*p) {
    while (*p == ' ' || *p == '\t') *p++ = '\0';
    if (!*p) break;
    if (count == max_words) return -1;
    words[count++] = p;
    while (*p && *p != ' ' && *p != '\t') p++;
  }
  return count;
}

/* Creates the socket's directory (one level, mode 0700) so the log file has a home. */
static void ensure_parent_dir(const char *path) {
  char dir[512];
  const char *slash = strrchr(path, '/');
  if (slash == NULL || (size_t)(slash - path) >= sizeof dir || slash == path) return;
  memcpy(dir, path, (size_t)(slash - path));
  dir[slash - path] = '\0';
  if (mkdir(dir, 0700) != 0 && errno != EEXIST) return;
}

/* Seconds without a client after which a host started on demand stops (serve --exit-when-idle). */
#define HOST_IDLE_EXIT_SECONDS "300"

int lb_spawn_host(const char *host_cmd, const char *socket_path, lb_error *err) {
  char store[1024];
  char *argv[MAX_WORDS + 6];
  const int words = split_words(host_cmd, store, sizeof store, argv, MAX_WORDS);
  if (words <= 0) return lb_fail(err, LB_ERR_CLIENT_CONNECT, "host command is empty or too long: '%s'", host_cmd);
  argv[words] = "serve";
  argv[words + 1] = "--socket";
  argv[words + 2] = (char *)socket_path;
  /* A host started on demand goes away once its clients have been gone a while. */
  argv[words + 3] = "--exit-when-idle";
  argv[words + 4] = HOST_IDLE_EXIT_SECONDS;
  argv[words + 5] = NULL;

  char log_path[600];
  const int ln = snprintf(log_path, sizeof log_path, "%s.log", socket_path);
  if (ln < 0 || (size_t)ln >= sizeof log_path) return lb_fail(err, LB_ERR_CLIENT_CONNECT, "socket path too long");
  ensure_parent_dir(socket_path);

  int report[2];
  if (pipe(report) != 0) return lb_fail(err, LB_ERR_CLIENT_CONNECT, "pipe: %s", strerror(errno));
  if (fcntl(report[0], F_SETFD, FD_CLOEXEC) != 0 || fcntl(report[1], F_SETFD, FD_CLOEXEC) != 0) {
    close(report[0]);
    close(report[1]);
    return lb_fail(err, LB_ERR_CLIENT_CONNECT, "fcntl: %s", strerror(errno));
  }
  const pid_t middle = fork();
  if (middle < 0) {
    close(report[0]);
    close(report[1]);
    return lb_fail(err, LB_ERR_CLIENT_CONNECT, "fork: %s", strerror(errno));
  }
  if (middle == 0) {
    /* Only async-signal-safe calls from here on. */
    close(report[0]);
    if (setsid() < 0) _exit(126);
    const pid_t host = fork();
    if (host != 0) _exit(host < 0 ? 126 : 0);
    const int in = open("/dev/null", O_RDONLY);
    const int out = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (in >= 0) dup2(in, 0);
    if (out >= 0) { dup2(out, 1); dup2(out, 2); }
    if (strchr(argv[0], '/')) execv(argv[0], argv);
    else execvp(argv[0], argv);
    const int e = errno;
    ssize_t ignored = write(report[1], &e, sizeof e);
    (void)ignored;
    _exit(127);
  }
  close(report[1]);
  int status = 0;
  while (waitpid(middle, &status, 0) < 0 && errno == EINTR) {}
  int child_errno = 0;
  ssize_t got;
  do got = read(report[0], &child_errno, sizeof child_errno);
  while (got < 0 && errno == EINTR);
  close(report[0]);
  if (got == (ssize_t)sizeof child_errno)
    return lb_fail(err, LB_ERR_CLIENT_CONNECT, "cannot run host command '%s': %s", argv[0], strerror(child_errno));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return lb_fail(err, LB_ERR_CLIENT_CONNECT, "could not detach the host process");
  return LB_OK;
}
