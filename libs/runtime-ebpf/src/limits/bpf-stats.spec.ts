import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enableBpfStats } from './bpf-stats.js';

describe('enableBpfStats', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bpf-stats-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes 1 when it is 0, and leaves 1 alone', () => {
    const file = join(dir, 'bpf_stats_enabled');
    writeFileSync(file, '0\n');
    assert.equal(enableBpfStats(file), undefined);
    assert.equal(readFileSync(file, 'utf8').trim(), '1');
    assert.equal(enableBpfStats(file), undefined);
  });

  it('says why when the switch cannot be read or written', () => {
    assert.match(enableBpfStats(join(dir, 'missing', 'bpf_stats_enabled')) ?? '', /cannot enable .*ENOENT/);
  });
});
