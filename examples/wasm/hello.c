// The example WASI module: greets $WHO and prints the file named by argv[1], which must lie
// inside a preopened directory; anything else is invisible to the module.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  const char *who = getenv("WHO");
  printf("hello, %s\n", who ? who : "world");
  if (argc < 2) return 0;
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  char line[256];
  while (fgets(line, sizeof line, f)) fputs(line, stdout);
  fclose(f);
  return 0;
}
