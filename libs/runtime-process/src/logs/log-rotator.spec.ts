import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rotateIfLarger } from './log-rotator.js';
import { existingLogPaths, lastLogLine, readLogFiles } from './read-log-files.js';

async function collect(it: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of it) out += chunk;
  return out;
}

describe('log rotation (copy-truncate)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mosaic-logs-'));
    file = join(dir, 'i.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves a file under the limit alone', () => {
    writeFileSync(file, 'small\n');
    assert.equal(rotateIfLarger(file, { maxBytes: 100, keep: 2 }), false);
    assert.equal(existsSync(`${file}.1`), false);
  });

  it('shifts generations, keeps K files and truncates the live one in place', async () => {
    for (const gen of ['a', 'b', 'c', 'd']) {
      writeFileSync(file, `${gen.repeat(20)}\n`, { flag: 'a' });
      assert.ok(rotateIfLarger(file, { maxBytes: 10, keep: 2 }));
    }
    assert.equal(statSync(file).size, 0);
    assert.equal(readFileSync(`${file}.1`, 'utf8'), `${'d'.repeat(20)}\n`);
    assert.equal(readFileSync(`${file}.2`, 'utf8'), `${'c'.repeat(20)}\n`);
    assert.equal(existsSync(`${file}.3`), false);
    appendFileSync(file, 'live\n');
    assert.deepEqual(await existingLogPaths(file, 2), [`${file}.2`, `${file}.1`, file]);
    assert.equal(await collect(readLogFiles(file, 2)), `${'c'.repeat(20)}\n${'d'.repeat(20)}\nlive\n`);
    assert.equal(await collect(readLogFiles(file, 2, { tailBytes: 8 })), 'dd\nlive\n');
    assert.equal(lastLogLine(file), 'live');
  });

  it('follows appends and restarts after a truncation', async () => {
    writeFileSync(file, 'one\n');
    const abort = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const chunk of readLogFiles(file, 1, { follow: true, pollMs: 20, signal: abort.signal })) {
        seen.push(chunk);
        if (seen.join('').includes('three')) abort.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 60));
    appendFileSync(file, 'two\n');
    await new Promise((r) => setTimeout(r, 60));
    writeFileSync(file, 'three\n');
    await reading;
    assert.equal(seen.join(''), 'one\ntwo\nthree\n');
  });
});
