import assert from 'node:assert/strict';
import { describeFields, humanize, inline } from './describe-fields.js';

describe('describeFields', () => {
  const cases: { name: string; input: Record<string, unknown>; want: string[] }[] = [
    { name: 'scalars share a value column', input: { command: ['node', 'server.js'], workingDir: '/srv' }, want: ['Command:      node server.js', 'Working Dir:  /srv'] },
    { name: 'argument vectors quote what a shell would', input: { args: ['-e', 'console.log(1 + 1)'] }, want: ['Args:  -e "console.log(1 + 1)"'] },
    { name: 'other scalar lists are comma-joined', input: { arch: ['amd64', 'arm64'] }, want: ['Arch:  amd64,arm64'] },
    { name: 'empty values are left out', input: { args: [], env: {}, port: '' }, want: [] },
    { name: 'user maps keep their keys', input: { env: { NODE_ENV: 'prod', PORT: '80' } }, want: ['Env:  NODE_ENV=prod', '      PORT=80'] },
    { name: 'lists of objects are numbered, one line each', input: { ports: [{ name: 'http', port: 8080 }] }, want: ['Ports:', '  1. name=http port=8080'] },
    { name: 'nested objects indent', input: { health: { http: { path: '/healthz' }, periodSeconds: 5 } }, want: ['Health:', '  Http:', '    Path:  /healthz', '  Period Seconds:  5'] },
  ];
  for (const tc of cases) it(tc.name, () => assert.deepEqual(describeFields(tc.input), tc.want));
});

describe('inline', () => {
  const cases = [
    { input: { setWeight: 20 }, want: 'setWeight=20' },
    { input: { pause: { seconds: 300 } }, want: 'pause.seconds=300' },
    { input: { key: 'zone', values: ['a', 'b'] }, want: 'key=zone values=a,b' },
  ];
  for (const tc of cases) it(tc.want, () => assert.equal(inline(tc.input), tc.want));
});

describe('humanize', () => {
  for (const [input, want] of [['nodeSelector', 'Node Selector'], ['ebpf', 'Ebpf'], ['sha256', 'Sha256'], ['maxSkew', 'Max Skew']] as const) {
    it(`${input} → ${want}`, () => assert.equal(humanize(input), want));
  }
});
