import type { Command } from 'commander';
import { registerCheck } from './check.js';
import { registerCompute } from './compute.js';
import { registerConvert } from './convert.js';
import { registerInspect } from './inspect.js';
import { registerMetrics } from './metrics.js';

/** Every command, in the order `--help` lists them. Each module registers its flags and help. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [registerCompute, registerMetrics, registerInspect, registerCheck, registerConvert];
