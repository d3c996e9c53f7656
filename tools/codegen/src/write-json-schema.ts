// Writes the published JSON Schema of a Workload (schema/workload.v1.json) from the same
// zod schema the server validates with. `--check` exits 1 when the committed file is stale.
import { workloadJsonSchema } from '@mosaic/api';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const jsonSchemaPath = fileURLToPath(new URL('../../../schema/workload.v1.json', import.meta.url));

export function renderJsonSchema(): string {
  return JSON.stringify(workloadJsonSchema(), null, 2) + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = renderJsonSchema();
  if (process.argv.includes('--check')) {
    const current = readFileSync(jsonSchemaPath, 'utf8');
    if (current !== wanted) {
      console.error(`${jsonSchemaPath} is stale: run npx nx run codegen:json-schema`);
      process.exit(1);
    }
  } else {
    writeFileSync(jsonSchemaPath, wanted);
    console.log(`wrote ${jsonSchemaPath}`);
  }
}
