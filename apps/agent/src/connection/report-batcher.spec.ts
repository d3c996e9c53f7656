import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReportBatcher } from './report-batcher.js';

describe('ReportBatcher', () => {
  it('sends one report per key per delay, however many changes came', async () => {
    const sent: string[] = [];
    const b = new ReportBatcher(20, (key) => (sent.push(key), true));
    for (let i = 0; i < 5; i++) b.mark('a');
    b.mark('b');
    await sleep(50);
    assert.deepEqual(sent.sort(), ['a', 'b']);
    b.stop();
  });

  it('keeps keys while it cannot send and sends them with the next flush', async () => {
    let connected = false;
    const sent: string[] = [];
    const b = new ReportBatcher(10, (key) => connected && (sent.push(key), true));
    b.mark('a');
    await sleep(30);
    assert.deepEqual(sent, []);
    connected = true;
    b.flush();
    assert.deepEqual(sent, ['a']);
  });

  it('forgets a key whose final report went out another way', async () => {
    const sent: string[] = [];
    const b = new ReportBatcher(10, (key) => (sent.push(key), true));
    b.mark('a');
    b.forget('a');
    await sleep(30);
    assert.deepEqual(sent, []);
  });
});
