import { strict as assert } from 'node:assert';
import { LineSplitter, parseBpftraceLine, type BpftraceEvent } from './bpftrace-output.js';

describe('parseBpftraceLine (bpftrace -f json)', () => {
  const cases: { name: string; line: string; want: BpftraceEvent }[] = [
    { name: 'attached probes', line: '{"type": "attached_probes", "data": {"probes": 2}}', want: { type: 'attached_probes', probes: 2 } },
    { name: 'printf', line: '{"type": "printf", "data": "hello 42\\n"}', want: { type: 'printf', text: 'hello 42\n' } },
    {
      name: 'keyed map',
      line: '{"type": "map", "data": {"@opens": {"bpftrace": 1, "node": 1357}}}',
      want: { type: 'map', map: 'opens', entries: [{ key: 'bpftrace', value: 1 }, { key: 'node', value: 1357 }] },
    },
    { name: 'scalar map', line: '{"type": "map", "data": {"@s": 1366}}', want: { type: 'map', map: 's', entries: [{ value: 1366 }] } },
    { name: 'unnamed map', line: '{"type": "map", "data": {"@": 7}}', want: { type: 'map', map: '', entries: [{ value: 7 }] } },
    {
      name: 'multi-key map with tuple values',
      line: '{"type": "map", "data": {"@t": {"bash,31106": [31106,"bash"]}}}',
      want: { type: 'map', map: 't', entries: [{ key: 'bash,31106', value: [31106, 'bash'] }] },
    },
    {
      name: 'hist',
      line: '{"type": "hist", "data": {"@h": [{"min": 8192, "max": 16383, "count": 18}, {"min": 16384, "max": 32767, "count": 1348}]}}',
      want: { type: 'hist', map: 'h', entries: [{ value: [{ min: 8192, max: 16383, count: 18 }, { min: 16384, max: 32767, count: 1348 }] }] },
    },
    {
      name: 'lhist with under- and overflow buckets',
      line: '{"type": "hist", "data": {"@l": [{"max": -1, "count": 5}, {"min": 0, "max": 9, "count": 0}, {"min": 50, "count": 434}]}}',
      want: { type: 'hist', map: 'l', entries: [{ value: [{ max: -1, count: 5 }, { min: 0, max: 9, count: 0 }, { min: 50, count: 434 }] }] },
    },
    {
      name: 'keyed hist',
      line: '{"type": "hist", "data": {"@h": {"bash": [{"min": 2048, "max": 4095, "count": 1}]}}}',
      want: { type: 'hist', map: 'h', entries: [{ key: 'bash', value: [{ min: 2048, max: 4095, count: 1 }] }] },
    },
    {
      name: 'stats',
      line: '{"type": "stats", "data": {"@st": {"count": 1366, "average": 18553, "total": 25344648}}}',
      want: { type: 'stats', map: 'st', entries: [{ value: { count: 1366, average: 18553, total: 25344648 } }] },
    },
    {
      name: 'keyed stats',
      line: '{"type": "stats", "data": {"@st": {"node": {"count": 680, "average": 22408, "total": 15237868}}}}',
      want: { type: 'stats', map: 'st', entries: [{ key: 'node', value: { count: 680, average: 22408, total: 15237868 } }] },
    },
    { name: 'avg prints as stats with a number', line: '{"type": "stats", "data": {"@a": 22461}}', want: { type: 'stats', map: 'a', entries: [{ value: 22461 }] } },
    { name: 'lost events', line: '{"type": "lost_events", "data": {"events": 12}}', want: { type: 'lost_events', events: 12 } },
    { name: 'time', line: '{"type": "time", "data": "20:29:58\\n"}', want: { type: 'time', text: '20:29:58\n' } },
    { name: 'another type', line: '{"type": "join", "data": "a b"}', want: { type: 'other', kind: 'join', data: 'a b' } },
    { name: 'stderr text', line: 'ERROR: Error attaching probe', want: { type: 'text', line: 'ERROR: Error attaching probe' } },
    { name: 'broken JSON', line: '{"type": "map", "da', want: { type: 'text', line: '{"type": "map", "da' } },
    { name: 'empty line', line: '', want: { type: 'text', line: '' } },
  ];
  for (const tc of cases) it(tc.name, () => assert.deepEqual(parseBpftraceLine(tc.line), tc.want));
});

describe('LineSplitter', () => {
  it('keeps a partial line for the next chunk', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push('a\nb'), ['a']);
    assert.deepEqual(s.push('c\n\nd'), ['bc', '']);
    s.reset();
    assert.deepEqual(s.push('e\n'), ['e']);
  });
});
