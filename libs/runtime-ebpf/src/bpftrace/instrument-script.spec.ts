import { strict as assert } from 'node:assert';
import { ATTACHED_MARKER, instrumentScript } from './instrument-script.js';
import { labelNames, maskScript, scanScript } from './script-scan.js';

describe('scanScript', () => {
  const cases: { name: string; script: string; maps: unknown[]; begin?: boolean }[] = [
    {
      name: 'a keyed count',
      script: 'tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); }',
      maps: [{ name: 'opens', kind: 'counter', keys: ['comm'], aggregation: 'count()' }],
    },
    {
      name: 'multi-key, hist, lhist, stats, avg, plain assignment, ++, unnamed map',
      script: [
        'kprobe:vfs_read { @start[tid] = nsecs; @[pid] = count(); @n++; }',
        'kretprobe:vfs_read /@start[tid]/ { @lat[comm, pid] = hist(nsecs - @start[tid]); @l = lhist(retval, 0, 100, 10);',
        '  @st[str(args->filename)] = stats(retval); @a = avg(retval); @bytes[args.fd] = sum(retval); delete(@start[tid]); }',
      ].join('\n'),
      maps: [
        { name: 'start', kind: 'gauge', keys: ['tid'], aggregation: 'assignment' },
        { name: '', kind: 'counter', keys: ['pid'], aggregation: 'count()' },
        { name: 'n', kind: 'counter', aggregation: '++' },
        { name: 'lat', kind: 'histogram', keys: ['comm', 'pid'], aggregation: 'hist()' },
        { name: 'l', kind: 'histogram', aggregation: 'lhist()' },
        { name: 'st', kind: 'summary', keys: ['filename'], aggregation: 'stats()' },
        { name: 'a', kind: 'gauge', aggregation: 'avg()' },
        { name: 'bytes', kind: 'counter', keys: ['fd'], aggregation: 'sum()' },
      ],
    },
    {
      name: 'maps in comments and strings are not maps; BEGIN is found',
      script: '// @nope = count()\n/* @nor */ BEGIN { printf("@not %d\\n", 1); }\ninterval:s:1 { @yes = count(); }',
      maps: [{ name: 'yes', kind: 'counter', aggregation: 'count()' }],
      begin: true,
    },
    {
      name: 'a BEGIN inside a block or a word is not the BEGIN probe',
      script: 'tracepoint:a:b { @BEGINS = count(); }',
      maps: [{ name: 'BEGINS', kind: 'counter', aggregation: 'count()' }],
      begin: false,
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const scan = scanScript(tc.script);
      assert.deepEqual(scan.maps, tc.maps);
      if (tc.begin !== undefined) assert.equal(scan.beginBody !== undefined, tc.begin);
    });
  }

  it('masks comments, string contents and preprocessor lines, keeping offsets', () => {
    const src = '#include <x.h>\nBEGIN { printf("@a"); } // @b\n';
    const masked = maskScript(src);
    assert.equal(masked.length, src.length);
    assert.ok(!masked.includes('@'));
    assert.ok(masked.includes('BEGIN {'));
  });

  const labels: { exprs: string[]; want: string[] }[] = [
    { exprs: ['comm'], want: ['comm'] },
    { exprs: ['args->filename', 'args.flags'], want: ['filename', 'flags'] },
    { exprs: ['str(args->filename)', '$fd'], want: ['filename', 'fd'] },
    { exprs: ['pid', 'pid', 'le', '__x'], want: ['pid', 'pid_2', 'key_le', 'key_x'] },
    { exprs: ['1 + 2', 'kstack(5)'], want: ['key0', 'key1'] },
  ];
  for (const tc of labels) it(`label names of ${tc.exprs.join(', ')}`, () => assert.deepEqual(labelNames(tc.exprs), tc.want));
});

describe('instrumentScript', () => {
  it('appends the marker BEGIN and a periodic print of every map', () => {
    const { script } = instrumentScript('tracepoint:x:y { @a[comm] = count(); @ = count(); }\n\n', { printIntervalMs: 250 });
    assert.equal(script, `tracepoint:x:y { @a[comm] = count(); @ = count(); }\nBEGIN { printf("${ATTACHED_MARKER}\\n"); }\ninterval:ms:250 { print(@a); print(@); }\n`);
  });

  it('puts the marker into an existing BEGIN (bpftrace allows one)', () => {
    const { script } = instrumentScript('BEGIN { @s = 1; }\ntracepoint:x:y { @c = count(); }', { printIntervalMs: 1000 });
    assert.equal(script, `BEGIN { printf("${ATTACHED_MARKER}\\n"); @s = 1; }\ntracepoint:x:y { @c = count(); }\ninterval:ms:1000 { print(@s); print(@c); }\n`);
  });

  it('adds no print without maps, or with the interval off', () => {
    assert.doesNotMatch(instrumentScript('tracepoint:x:y { printf("hi\\n"); }', { printIntervalMs: 1000 }).script, /interval/);
    assert.doesNotMatch(instrumentScript('tracepoint:x:y { @c = count(); }', { printIntervalMs: 0 }).script, /interval/);
  });

  it('keeps struct definitions and includes first', () => {
    const src = '#include <linux/fs.h>\nstruct s { int a; }\nkprobe:f { @c = count(); }';
    assert.ok(instrumentScript(src, { printIntervalMs: 1000 }).script.startsWith(src));
  });
});
