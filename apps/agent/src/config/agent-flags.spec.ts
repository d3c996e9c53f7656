import { isMosaicError } from '@mosaic/api';
import assert from 'node:assert/strict';
import { agentOptionsFromFlags, agentUsage, readAgentArgv } from './agent-flags.js';

describe('agent flags', () => {
  it('reads every flag into typed options', () => {
    const { help, values } = readAgentArgv([
      '--server', '10.0.0.1:7070', '--node-name', 'n1', '--labels', 'zone=a,env=dev', '--state-dir', '/s', '--base-dir', '/b',
      '--capacity-cpu', '2', '--capacity-memory', '1Gi', '--allow-bpf', '--metrics-listen', '127.0.0.1:9464', '--log-level', 'debug',
      '--redis-url', 'redis://10.0.0.1:6379',
    ]);
    assert.equal(help, false);
    assert.deepEqual(agentOptionsFromFlags(values), {
      server: '10.0.0.1:7070',
      nodeName: 'n1',
      labels: { zone: 'a', env: 'dev' },
      stateDir: '/s',
      baseDir: '/b',
      capacity: { cpuMillis: 2000, memoryBytes: 2 ** 30 },
      allowBpf: true,
      metricsListen: '127.0.0.1:9464',
      allowUnsandboxedWasm: false,
      logLevel: 'debug',
      redisUrl: 'redis://10.0.0.1:6379',
    });
  });

  const servers = [
    { name: 'flag wins', flag: 'a:1', env: 'b:2', want: 'a:1' },
    { name: 'then MOSAIC_SERVER', flag: undefined, env: 'b:2', want: 'b:2' },
    { name: 'then the default', flag: undefined, env: undefined, want: '127.0.0.1:7070' },
  ];
  for (const tc of servers) {
    it(`server: ${tc.name}`, () => {
      const options = agentOptionsFromFlags(tc.flag ? { server: tc.flag } : {}, tc.env ? { MOSAIC_SERVER: tc.env } : {});
      assert.equal(options.server, tc.want);
      assert.equal(options.capacity, undefined, 'no override: the machine decides');
    });
  }

  const bad = [
    { argv: ['--nope'], why: /nope/ },
    { argv: ['--server'], why: /server/ },
    { argv: ['stray'], why: /stray/ },
  ];
  for (const tc of bad) {
    it(`rejects ${tc.argv.join(' ')}`, () => assert.throws(() => readAgentArgv(tc.argv), (err) => isMosaicError(err) && err.code === 'INVALID_ARGUMENT' && tc.why.test(err.message)));
  }

  it('rejects a bad log level and bad capacity', () => {
    assert.throws(() => agentOptionsFromFlags({ logLevel: 'loud' }), /--log-level/);
    assert.throws(() => agentOptionsFromFlags({ capacityCpu: 'many' }), /--capacity-cpu/);
  });

  it('documents every flag in --help', () => {
    const usage = agentUsage('mosaic-agent');
    for (const flag of ['--server', '--node-name', '--labels', '--state-dir', '--base-dir', '--capacity-cpu', '--capacity-memory', '--allow-bpf', '--metrics-listen']) assert.ok(usage.includes(flag), flag);
    assert.equal(readAgentArgv(['-h']).help, true);
  });
});
