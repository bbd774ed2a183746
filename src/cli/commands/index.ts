import type { Command } from 'commander';
import { registerAggregate } from './aggregate.js';
import { registerCheck } from './check.js';
import { registerCompute } from './compute.js';
import { registerConvert } from './convert.js';
import { registerCorridors } from './corridors.js';
import { registerIndex } from './index-cmd.js';
import { registerInspect } from './inspect.js';
import { registerMetrics } from './metrics.js';
import { registerProfile } from './profile.js';

/** Every command, in the order `--help` lists them (the SPEC's order). */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerCompute,
  registerMetrics,
  registerInspect,
  registerCheck,
  registerAggregate,
  registerIndex,
  registerCorridors,
  registerProfile,
  registerConvert,
];
