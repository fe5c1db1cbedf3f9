/* The one base64 of the C half against RFC 4648's test vectors (section 10), with its strict
 * rules: unpadded, misplaced padding, stray bits, whitespace and a short buffer are refused. */
#include <stdio.h>
#include <string.h>

#include "base64.h"

static int failures = 0;
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

static long decode(const char *text, unsigned char *out, size_t cap) { return lb_base64_decode(out, cap, text, strlen(text)); }

int main(void) {
  static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  static const char *const coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
    const size_t n = strlen(plain[i]);
    char text[16];
    lb_base64_encode(text, (const unsigned char *)plain[i], n);
    CHECK(strcmp(text, coded[i]) == 0);
    CHECK(strlen(text) == LB_BASE64_LENGTH(n));
    unsigned char bytes[16];
    CHECK(decode(coded[i], bytes, sizeof bytes) == (long)n);
    CHECK(memcmp(bytes, plain[i], n) == 0);
    if (n > 0) CHECK(decode(coded[i], bytes, n - 1) == -1); /* one byte short of room */
  }
  /* Every byte value, through the whole alphabet. */
  unsigned char all[256], back[256];
  for (int i = 0; i < 256; i++) all[i] = (unsigned char)i;
  char text[LB_BASE64_LENGTH(256) + 1];
  lb_base64_encode(text, all, sizeof all);
  CHECK(decode(text, back, sizeof back) == 256);
  CHECK(memcmp(all, back, sizeof all) == 0);

  unsigned char out[16];
  CHECK(decode("Zg", out, sizeof out) == -1);        /* unpadded */
  CHECK(decode("Zm9", out, sizeof out) == -1);
  CHECK(decode("Z===", out, sizeof out) == -1);      /* padding too early */
  CHECK(decode("Zg==Zm8=", out, sizeof out) == -1);  /* padding before the end */
  CHECK(decode("Zm=v", out, sizeof out) == -1);      /* data after padding */
  CHECK(decode("Zh==", out, sizeof out) == -1);      /* unused bits set ("f" is Zg==) */
  CHECK(decode("Zm9=", out, sizeof out) == -1);
  CHECK(decode("Zm9v\n", out, sizeof out) == -1);    /* whitespace */
  CHECK(decode("Zm9-", out, sizeof out) == -1);      /* the URL alphabet is not this one */
  if (failures) fprintf(stderr, "%d failure(s)\n", failures);
  return failures ? 1 : 0;
}
