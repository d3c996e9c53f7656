#!/usr/bin/env node
// The `mosaic` bin. A committed shim rather than dist/main.js itself: npm links bins at
// install time, and on a fresh clone dist/ does not exist yet, so a bin pointing into it
// would never be linked and `npx mosaic` would go looking in the registry instead.
try {
  await import('../dist/main.js');
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/main.js')) {
    process.stderr.write('error: the mosaic CLI is not built yet: run `npx nx run cli:build`\n');
    process.exit(1);
  }
  throw err;
}
