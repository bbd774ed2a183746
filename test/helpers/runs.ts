const scale = ((): number => {
  const s = Number(process.env.MIGDEV_FC_SCALE ?? '1');
  return Number.isFinite(s) && s > 0 ? s : 1;
})();

/**
 * Number of fast-check runs for a property: `n` in the normal suite (kept fast), scaled by
 * MIGDEV_FC_SCALE for a deeper hunt (`MIGDEV_FC_SCALE=50 npx vitest run test/*.property.test.ts`).
 */
export function runs(n: number): number {
  return Math.max(1, Math.round(n * scale));
}

/** Time limit of a property test: generous for a loaded machine, and scaled with the runs. */
export const PROP_TIMEOUT = Math.round(60_000 * Math.max(1, scale));
