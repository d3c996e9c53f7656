import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handlerExport, moduleTypeOf } from './prepare-function.js';

describe('handlerExport', () => {
  const cases: [string, string][] = [['index.handler', 'handler'], ['echo.handler', 'handler'], ['greet.greet', 'greet'], ['a.b.run', 'run'], ['my-fn.$main', '$main']];
  for (const [handler, want] of cases) it(`${handler} → ${want}`, () => assert.equal(handlerExport(handler), want));
});

describe('moduleTypeOf', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'mosaic-fn-type-'));
    mkdirSync(join(root, 'esm/src/deep'), { recursive: true });
    writeFileSync(join(root, 'esm/package.json'), '{"type":"module"}');
    mkdirSync(join(root, 'esm/cjs'), { recursive: true });
    writeFileSync(join(root, 'esm/cjs/package.json'), '{"name":"x"}');
    mkdirSync(join(root, 'broken'), { recursive: true });
    writeFileSync(join(root, 'broken/package.json'), '{');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const cases: { name: string; dir: string; want: string }[] = [
    { name: 'the nearest package.json says module', dir: 'esm/src/deep', want: 'module' },
    { name: 'a nearer package.json without type is commonjs', dir: 'esm/cjs', want: 'commonjs' },
    { name: 'an unreadable package.json is commonjs', dir: 'broken', want: 'commonjs' },
  ];
  for (const tc of cases) it(tc.name, async () => assert.equal(await moduleTypeOf(join(root, tc.dir)), tc.want));
});
