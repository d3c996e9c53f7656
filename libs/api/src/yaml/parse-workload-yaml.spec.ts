import { strict as assert } from 'node:assert';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { parseWorkloadYaml } from './parse-workload-yaml.js';

const good = (name: string) => `apiVersion: mosaic.dev/v1
kind: Workload
metadata:
  name: ${name}
spec:
  runtime: service
  service:
    command: [node, server.js]
`;

function rejection(text: string, file = 'w.yaml'): InvalidArgumentError {
  try {
    parseWorkloadYaml(text, file);
  } catch (err) {
    assert.ok(err instanceof InvalidArgumentError);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('parseWorkloadYaml', () => {
  it('reads every document of a multi-document stream, skipping empty ones', () => {
    const docs = parseWorkloadYaml(`${good('a')}---\n${good('b')}---\n`, 'two.yaml');
    assert.deepEqual(docs.map((d) => [d.workload.metadata.name, d.index, d.line]), [['a', 0, 1], ['b', 1, 10]]);
  });

  it('names file, line and column of a syntax error', () => {
    const err = rejection('apiVersion: mosaic.dev/v1\nkind: Workload\nmetadata: { name: a\n', 'broken.yaml');
    const v = err.violations[0];
    assert.equal(v?.source?.file, 'broken.yaml');
    assert.ok((v?.source?.line ?? 0) >= 3, `line ${v?.source?.line}`);
    assert.ok((v?.source?.column ?? 0) >= 1);
    assert.match(err.message, /^broken\.yaml: invalid:\n {2}broken\.yaml:\d+:\d+: /);
  });

  it('points a field error at the field\'s line and column', () => {
    const err = rejection(good('a').replace('    command: [node, server.js]', '    command: [node, server.js]\n    comand: [x]'));
    const v = err.violations.find((x) => x.path === 'spec.service.comand');
    assert.deepEqual(v?.source, { file: 'w.yaml', line: 9, column: 5 });
  });

  it('points a wrong value at its line in the right document', () => {
    const err = rejection(`${good('a')}---\n${good('b').replace('runtime: service', 'runtime: service\n  replicas: many')}`);
    const v = err.violations.find((x) => x.path === 'spec.replicas');
    assert.equal(v?.source?.line, 16);
    assert.equal(v?.source?.column, 13);
  });

  it('rejects duplicate keys', () => {
    const err = rejection(good('a').replace('kind: Workload', 'kind: Workload\nkind: Workload'));
    assert.match(err.message, /duplicate key "kind"/);
    assert.equal(err.violations[0]?.source?.line, 3);
  });

  it('rejects an alias bomb quickly with bounded memory', () => {
    let bomb = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 10; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const err = rejection(bomb);
    assert.ok(performance.now() - started < 1000, 'took more than a second');
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 64 * 2 ** 20, 'heap grew by more than 64 MiB');
    assert.match(err.message, /alias/i);
  });

  it('rejects a document over 1 MiB', () => {
    const big = good('a').replace('kind: Workload', `kind: Workload\n# ${'x'.repeat(1024 * 1024)}`);
    assert.match(rejection(big).message, /limit is 1048576/);
  });

  it('is all-or-nothing: one invalid document rejects the stream, listing it', () => {
    const err = rejection(`${good('a')}---\n${good('B')}---\n${good('c')}`);
    assert.deepEqual(err.violations.map((v) => v.path), ['metadata.name']);
    assert.equal(err.violations[0]?.source?.line, 13);
  });

  it('uses <stdin> when no file is given', () => {
    assert.throws(() => parseWorkloadYaml('a: [', undefined), /<stdin>:1:/);
  });
});
