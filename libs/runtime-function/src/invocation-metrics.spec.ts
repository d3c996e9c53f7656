import { strict as assert } from 'node:assert';
import { renderPrometheus } from '@mosaic/runtime';
import { InvocationMetrics, outcomeOf } from './invocation-metrics.js';

describe('outcomeOf', () => {
  const cases: [string | undefined, string][] = [
    [undefined, 'succeeded'], ['DeadlineExceeded', 'timeout'], ['OutOfMemory', 'out_of_memory'],
    ['HandlerError', 'failed'], ['HandlerExited', 'failed'], ['HostUnavailable', 'failed'],
  ];
  for (const [code, want] of cases) it(`${code ?? 'no code'} → ${want}`, () => assert.equal(outcomeOf(code), want));
});

describe('InvocationMetrics', () => {
  it('counts by outcome and fills cumulative buckets', () => {
    const m = new InvocationMetrics();
    m.observe('succeeded', 3);
    m.observe('succeeded', 700);
    m.observe('timeout', 2000);
    assert.equal(m.count('succeeded'), 2);
    assert.equal(m.count('failed'), 0);
    const text = renderPrometheus(m.families());
    assert.match(text, /^mosaic_function_invocations_total\{outcome="succeeded"\} 2$/m);
    assert.match(text, /^mosaic_function_invocations_total\{outcome="timeout"\} 1$/m);
    assert.match(text, /^mosaic_function_invocation_duration_seconds_bucket\{outcome="succeeded",le="0.005"\} 1$/m);
    assert.match(text, /^mosaic_function_invocation_duration_seconds_bucket\{outcome="succeeded",le="1"\} 2$/m);
    assert.match(text, /^mosaic_function_invocation_duration_seconds_bucket\{outcome="timeout",le="1"\} 0$/m);
    assert.match(text, /^mosaic_function_invocation_duration_seconds_count\{outcome="timeout"\} 1$/m);
  });

  it('exports empty families before any invocation', () => {
    const families = new InvocationMetrics().families();
    assert.deepEqual(families.map((f) => [f.name, f.samples.length]), [
      ['mosaic_function_invocations_total', 0], ['mosaic_function_invocation_duration_seconds', 0],
    ]);
  });
});
