import { parseWorkloadYaml, RUNTIMES } from '@mosaic/api';
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonSchemaPath, renderJsonSchema } from './write-json-schema.js';

const examplesDir = fileURLToPath(new URL('../../../examples', import.meta.url));

describe('generated and shipped artifacts', () => {
  it('schema/workload.v1.json matches the schema the server validates with', () => {
    assert.equal(readFileSync(jsonSchemaPath, 'utf8'), renderJsonSchema(), 'stale: run `npx nx run codegen:json-schema`');
  });

  it('the JSON Schema is strict and names every runtime section', () => {
    const schema = JSON.parse(renderJsonSchema()) as { properties: { spec: { properties: Record<string, unknown>; additionalProperties: boolean } } };
    assert.equal(schema.properties.spec.additionalProperties, false);
    for (const runtime of RUNTIMES) assert.ok(schema.properties.spec.properties[runtime], `spec.${runtime} missing`);
  });

  it('every example validates, and every runtime has one', () => {
    const files = readdirSync(examplesDir).filter((f) => /\.ya?ml$/.test(f));
    const runtimes = new Set<string>();
    for (const f of files) {
      for (const d of parseWorkloadYaml(readFileSync(join(examplesDir, f), 'utf8'), f)) runtimes.add(d.workload.spec.runtime);
    }
    assert.deepEqual([...runtimes].sort(), [...RUNTIMES].sort());
  });
});
