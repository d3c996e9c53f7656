import { constants } from 'node:os';
import type { ProcessExit } from '@mosaic/runtime';

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/** `exited with code 0`, `exited with code 143 (SIGTERM)`, `killed by SIGKILL`, … */
export function describeExit(exit: Pick<ProcessExit, 'code' | 'signal'>): string {
  if (exit.code !== null) {
    const signal = exit.code > 128 ? SIGNAL_NAMES.get(exit.code - 128) : undefined;
    return `exited with code ${exit.code}${signal ? ` (${signal})` : ''}`;
  }
  return exit.signal ? `killed by ${exit.signal}` : 'exited; exit code unknown';
}
