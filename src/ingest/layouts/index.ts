import type { Layout } from '../types.js';
import { databankLayout } from './databank.js';
import { longLayout } from './long.js';
import { metaLayout } from './meta.js';
import { wdiLayout } from './wdi.js';
import { wideLayout } from './wide.js';

/** Layouts in detection order: the most specific headers first, `wide` (code + year + anything) last. */
export const LAYOUTS: readonly Layout[] = [metaLayout, wdiLayout, databankLayout, longLayout, wideLayout];
