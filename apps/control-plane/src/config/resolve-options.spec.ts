import { InvalidArgumentError, NotFoundError } from '@mosaic/api';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseListenAddress } from './listen-address.js';
import { readFlags } from './read-flags.js';
import { defaultOptions, resolveOptions } from './resolve-options.js';

const HOME = '/home/op';

describe('control-plane configuration', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'mosaic-config-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('has the documented defaults', () => {
    assert.deepEqual(resolveOptions(readFlags([]), {}, HOME), {
      stateDir: '/home/op/.mosaic/state',
      listen: '127.0.0.1:7070',
      logLevel: 'info',
      maxReceiveMessageBytes: 4194304,
      maxSendMessageBytes: 4194304,
      shutdownTimeoutSeconds: 10,
      defaultBookmarkIntervalSeconds: 10,
      reconcile: true,
      redisUrl: '',
      httpListen: '127.0.0.1:7080',
      resyncIntervalSeconds: 30,
      nodeLostGraceSeconds: 30,
      revisionHistoryLimit: 10,
      nodeHeartbeatTimeoutSeconds: 15,
    });
    assert.deepEqual(defaultOptions(HOME).stateDir, '/home/op/.mosaic/state');
  });

  it('takes flags over env over file over defaults', () => {
    const config = file('precedence.yaml', 'stateDir: /from/file\nlisten: 127.0.0.1:1001\nlogLevel: warn\nshutdownTimeoutSeconds: 3\n');
    const env = { MOSAIC_LISTEN: '127.0.0.1:1002', MOSAIC_LOG_LEVEL: 'debug' };
    const options = resolveOptions(readFlags(['--config', config, '--listen=127.0.0.1:1003']), env, HOME);
    assert.equal(options.listen, '127.0.0.1:1003', 'flag beats env and file');
    assert.equal(options.logLevel, 'debug', 'env beats file');
    assert.equal(options.stateDir, '/from/file', 'file beats default');
    assert.equal(options.shutdownTimeoutSeconds, 3);
    assert.equal(options.maxReceiveMessageBytes, 4194304, 'default when nobody sets it');
  });

  it('finds the config file through MOSAIC_CONTROL_PLANE_CONFIG, and --config wins over it', () => {
    const a = file('a.yaml', 'logLevel: error\n');
    const b = file('b.yaml', 'logLevel: trace\n');
    assert.equal(resolveOptions(readFlags([]), { MOSAIC_CONTROL_PLANE_CONFIG: a }, HOME).logLevel, 'error');
    assert.equal(resolveOptions(readFlags(['--config', b]), { MOSAIC_CONTROL_PLANE_CONFIG: a }, HOME).logLevel, 'trace');
  });

  it('expands ~ in the state directory and treats empty env vars as unset', () => {
    const options = resolveOptions(readFlags(['--state-dir', '~/mosaic']), { MOSAIC_LOG_LEVEL: '' }, HOME);
    assert.equal(options.stateDir, '/home/op/mosaic');
    assert.equal(options.logLevel, 'info');
  });

  const invalid: { name: string; run: () => unknown; parts: string[] }[] = [
    { name: 'unknown flag', run: () => readFlags(['--stat-dir', 'x']), parts: ['argv:', "'--stat-dir'"] },
    { name: 'stray argument', run: () => readFlags(['serve']), parts: ['argv:', 'serve'] },
    { name: 'bad listen flag', run: () => readFlags(['--listen', '7070']), parts: ['--listen: must be HOST:PORT'] },
    { name: 'bad env level', run: () => resolveOptions(readFlags([]), { MOSAIC_LOG_LEVEL: 'loud' }, HOME), parts: ['MOSAIC_LOG_LEVEL: must be one of fatal, error'] },
    { name: 'non-integer size', run: () => readFlags(['--max-receive-message-bytes', '4MiB']), parts: ['--max-receive-message-bytes: must be an integer >= 1024'] },
    {
      name: 'unknown and bad keys in the file, all listed',
      run: () => resolveOptions(readFlags(['--config', file('bad.yaml', 'stateDri: /x\nlisten: nowhere\nshutdownTimeoutSeconds: -1\n')]), {}, HOME),
      parts: ['stateDri: unknown option "stateDri"', 'listen: must be HOST:PORT', 'shutdownTimeoutSeconds: must be an integer >= 0'],
    },
    { name: 'a file that is not a mapping', run: () => resolveOptions(readFlags(['--config', file('list.yaml', '- a\n')]), {}, HOME), parts: ['must be a mapping'] },
    { name: 'a file that is not YAML', run: () => resolveOptions(readFlags(['--config', file('broken.yaml', 'a: [\n')]), {}, HOME), parts: ['is not valid YAML'] },
  ];
  for (const tc of invalid) {
    it(`rejects ${tc.name}`, () => {
      assert.throws(tc.run, (err: Error) => {
        assert.ok(err instanceof InvalidArgumentError, `${err.name}: ${err.message}`);
        for (const part of tc.parts) assert.ok(err.message.includes(part), `${JSON.stringify(part)} not in:\n${err.message}`);
        return true;
      });
    });
  }

  it('reports a missing config file as NotFoundError', () => {
    assert.throws(() => resolveOptions(readFlags(['--config', join(dir, 'nope.yaml')]), {}, HOME), NotFoundError);
  });

  const addresses: { input: string; want?: { host: string; port: number } }[] = [
    { input: '127.0.0.1:7070', want: { host: '127.0.0.1', port: 7070 } },
    { input: '0.0.0.0:0', want: { host: '0.0.0.0', port: 0 } },
    { input: '[::1]:7070', want: { host: '::1', port: 7070 } },
    { input: 'localhost:80', want: { host: 'localhost', port: 80 } },
    { input: ':7070' },
    { input: '127.0.0.1' },
    { input: '127.0.0.1:70000' },
    { input: '::1:7070' },
  ];
  for (const tc of addresses) {
    it(`parses listen address ${JSON.stringify(tc.input)}`, () => {
      if (tc.want) assert.deepEqual(parseListenAddress(tc.input), tc.want);
      else assert.throws(() => parseListenAddress(tc.input), InvalidArgumentError);
    });
  }
});
