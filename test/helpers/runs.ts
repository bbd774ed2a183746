/**
 * Number of fast-check runs for a property: `n` in the normal suite (kept fast), scaled by
 * MIGDEV_FC_SCALE for a deeper hunt (`MIGDEV_FC_SCALE=50 npx vitest run test/*.property.test.ts`).
 */
export function runs(n: number): number {
  const scale = Number(process.env.MIGDEV_FC_SCALE ?? '1');
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
