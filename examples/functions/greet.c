// A function handler compiled to WebAssembly (reactor model), following the function Wasm ABI
// (libs/runtime-function/README.md): the host writes the input's JSON text into memory it got
// from alloc(), calls the handler export with (ptr, len) and reads (outPtr << 32) | outLen
// back. Built by tools/wasm/build.sh into examples/functions/greet.wasm; handler "greet.greet".
//
// greet: {"name":"Ada"} (or any JSON) → {"greeting":"hello","input":<the input>,"bytes":N}
// shout: the input text upper-cased, returned as a string (not JSON) when it is not JSON.
// grab: allocates 1 MiB blocks until malloc fails (the instance's memory cap) → {"mib":N}.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((export_name("alloc"))) uint8_t *alloc(int32_t len) {
  return malloc(len > 0 ? (size_t)len : 1);
}

static int64_t pack(const char *out, size_t len) {
  return ((int64_t)(uintptr_t)out << 32) | (int64_t)(uint32_t)len;
}

__attribute__((export_name("greet"))) int64_t greet(const char *input, int32_t len) {
  const char *head = "{\"greeting\":\"hello\",\"input\":";
  size_t cap = strlen(head) + (size_t)len + 64;
  char *out = malloc(cap);
  int n = snprintf(out, cap, "%s%.*s,\"bytes\":%d}", head, (int)len, input, (int)len);
  return pack(out, (size_t)n);
}

__attribute__((export_name("shout"))) int64_t shout(const char *input, int32_t len) {
  char *out = malloc((size_t)len + 2);
  size_t n = 0;
  out[n++] = '<';
  for (int32_t i = 0; i < len; i++) {
    char c = input[i];
    if (c != '"') out[n++] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
  }
  return pack(out, n);
}

static char *volatile kept;

__attribute__((export_name("grab"))) int64_t grab(const char *input, int32_t len) {
  (void)input;
  (void)len;
  int mib = 0;
  for (;;) {
    char *block = malloc(1024 * 1024);
    if (block == NULL) break;
    block[0] = 1;  // used, so the allocation is not optimised away
    kept = block;
    mib++;
  }
  static char out[32];
  int n = snprintf(out, sizeof out, "{\"mib\":%d}", mib);
  return pack(out, (size_t)n);
}
