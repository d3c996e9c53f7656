import { strict as assert } from 'node:assert';
import { encodeFrame, FrameDecoder } from '../host/frame-codec.mjs';

describe('frame codec', () => {
  const cases: { name: string; chunks: (string | Uint8Array)[]; want: unknown[]; buffered?: number }[] = [
    { name: 'one frame per line', chunks: ['{"id":1}\n{"id":2}\n'], want: [{ id: 1 }, { id: 2 }] },
    { name: 'a frame split across chunks', chunks: ['{"id":', '3,"input":"a\\nb"}', '\n'], want: [{ id: 3, input: 'a\nb' }] },
    { name: 'a partial frame waits for its newline', chunks: ['{"id":4}\n{"id"'], want: [{ id: 4 }], buffered: 5 },
    { name: 'blank lines are skipped', chunks: ['\n\n{"id":5}\n'], want: [{ id: 5 }] },
    { name: 'a multi-byte character split between byte chunks', chunks: [Buffer.from('{"s":"é'), Buffer.from('"}\n')].flatMap((b, i) => (i === 0 ? [b.subarray(0, b.length - 1), b.subarray(b.length - 1)] : [b])), want: [{ s: 'é' }] },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const decoder = new FrameDecoder();
      const got = tc.chunks.flatMap((c) => decoder.push(c));
      assert.deepEqual(got, tc.want);
      assert.equal(decoder.buffered, tc.buffered ?? 0);
    });
  }

  it('encodes one line that decodes to the same frame', () => {
    const frame = { id: 7, ok: true, output: { text: 'line\nbreak' }, durationMs: 1.5 };
    const line = encodeFrame(frame);
    assert.equal(line.indexOf('\n'), line.length - 1);
    assert.deepEqual(new FrameDecoder().push(line), [frame]);
  });

  const bad: [string, string][] = [['not JSON', 'nope\n'], ['an array', '[1]\n'], ['a string', '"x"\n'], ['null', 'null\n']];
  for (const [name, line] of bad) it(`rejects ${name}`, () => assert.throws(() => new FrameDecoder().push(line)));

  it('rejects an unfinished frame longer than the limit', () => {
    const decoder = new FrameDecoder(10);
    assert.throws(() => decoder.push('{"id":1,"input":"0123456789'), /larger than 10 bytes/);
  });
});
