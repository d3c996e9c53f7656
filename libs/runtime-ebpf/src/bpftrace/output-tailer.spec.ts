import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rotateIfLarger } from '@mosaic/runtime-process';
import { OutputTailer } from './output-tailer.js';

describe('OutputTailer', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mosaic-tailer-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hands over complete lines only, from the end or from the start', () => {
    const file = join(dir, 'x.log');
    writeFileSync(file, 'old\n');
    const lines: string[] = [];
    const fromEnd = new OutputTailer(file, (l) => lines.push(l), { fromStart: false });
    appendFileSync(file, 'a\nb');
    fromEnd.drain();
    assert.deepEqual(lines, ['a']);
    appendFileSync(file, 'c\n');
    fromEnd.drain();
    assert.deepEqual(lines, ['a', 'bc']);
    const all: string[] = [];
    new OutputTailer(file, (l) => all.push(l), { fromStart: true }).drain();
    assert.deepEqual(all, ['old', 'a', 'bc']);
  });

  it('follows copy-truncate rotation without losing what was written before it', () => {
    const file = join(dir, 'x.log');
    writeFileSync(file, '');
    const lines: string[] = [];
    const tailer = new OutputTailer(file, (l) => lines.push(l), { fromStart: false });
    appendFileSync(file, 'one\n');
    tailer.drain();
    appendFileSync(file, 'two\nthree\n');
    assert.ok(rotateIfLarger(file, { maxBytes: 4, keep: 2 }));
    appendFileSync(file, 'four\n');
    tailer.drain();
    assert.deepEqual(lines, ['one', 'two', 'three', 'four']);
  });

  it('a missing file is no output', () => {
    const lines: string[] = [];
    new OutputTailer(join(dir, 'none.log'), (l) => lines.push(l), { fromStart: true }).drain();
    assert.deepEqual(lines, []);
  });
});
