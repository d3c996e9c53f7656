import { isMosaicError } from '@mosaic/api';
import assert from 'node:assert/strict';
import { AgentHub } from './agent-hub.js';

describe('AgentHub', () => {
  const session = (agentId: string) => ({ agentId, replaced: false, replace() { this.replaced = true; } });

  it('lets the same agent replace its old session and refuses another agent', () => {
    const hub = new AgentHub<ReturnType<typeof session>>();
    const first = session('a');
    hub.claim('n1', first);
    const again = session('a');
    hub.claim('n1', again);
    assert.ok(first.replaced);
    assert.equal(hub.get('n1'), again);
    assert.throws(() => hub.claim('n1', session('b')), (err) => isMosaicError(err) && err.code === 'ALREADY_EXISTS');
    hub.release('n1', first); // a replaced session must not drop its successor
    assert.equal(hub.get('n1'), again);
    hub.release('n1', again);
    assert.equal(hub.size, 0);
  });
});
