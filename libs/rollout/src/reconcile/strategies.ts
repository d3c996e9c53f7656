import type { RolloutStrategy } from '../state/rollout-state.js';
import { blueGreenStrategy } from './blue-green-strategy.js';
import { canaryStrategy } from './canary-strategy.js';
import { rollingStrategy } from './rolling-strategy.js';
import type { StrategyMachine } from './strategy-machine.js';

/** The strategies by name: `spec.rollout.strategy` picks one. */
export const STRATEGIES: Readonly<Record<RolloutStrategy, StrategyMachine>> = {
  rolling: rollingStrategy,
  canary: canaryStrategy,
  blueGreen: blueGreenStrategy,
};
