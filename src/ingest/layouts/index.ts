import type { Layout } from '../types.js';
import { bilateralLongLayout } from './bilateral.js';
import { bilateralDatabankLayout } from './bilateral-databank.js';
import { bilateralMatrixLayout } from './bilateral-matrix.js';
import { databankLayout } from './databank.js';
import { longLayout } from './long.js';
import { metaLayout } from './meta.js';
import { pricesLayout } from './prices.js';
import { undesaLayout } from './undesa.js';
import { wdiLayout } from './wdi.js';
import { wideLayout } from './wide.js';

/**
 * Layouts in detection order: the most specific headers first, `wide` (code + year + anything)
 * last. Two-country DataBank exports come before `databank`; price surveys before bilateral long
 * rows (both name a sending and a receiving country); bilateral layouts before `long` and `wide`.
 */
export const LAYOUTS: readonly Layout[] = [
  metaLayout,
  wdiLayout,
  undesaLayout,
  bilateralDatabankLayout,
  databankLayout,
  pricesLayout,
  bilateralLongLayout,
  bilateralMatrixLayout,
  longLayout,
  wideLayout,
];
