import type { Direction } from '../metrics/types.js';

export type SectionId = 'remittances' | 'costs' | 'diaspora-migration' | 'context';

export interface Rank {
  /** 1 = best (highest for `higher`, lowest for `lower`, highest value for neutral metrics). */
  rank: number;
  /** Countries with a value in `year` among the peers. */
  of: number;
  /** "Sub-Saharan Africa", or "the world". */
  among: string;
  year: number;
  /** How the rank orders countries: by direction, or (neutral metrics) by value, highest first. */
  order: 'higher-is-better' | 'lower-is-better' | 'by-value-descending';
}

export interface YearValue {
  year: number;
  value: number;
}

export interface ProfileMetric {
  id: string;
  /** A short label for a factsheet row. */
  label: string;
  /** The catalogue's full title. */
  title: string;
  unit: string;
  direction: Direction;
  /** annual metric, window metric (one value over a window), or a raw input shown for context. */
  kind: 'annual' | 'window' | 'input';
  /** For inputs: the indicator code read. */
  indicator?: string;
  latest: YearValue | null;
  /** The value ten years before the latest year (that exact year), when there is one. */
  earlier: YearValue | null;
  /** latest − earlier, in the metric's unit (percentage points for % metrics). */
  change: number | null;
  /** The window of a window metric. */
  window?: readonly [number, number];
  /** Values from ten years before the latest year to the latest year, null where missing. */
  trend: Array<{ year: number; value: number | null }>;
  region: Rank | null;
  world: Rank | null;
  notes: string[];
}

export interface ProfileSection {
  id: SectionId;
  title: string;
  metrics: ProfileMetric[];
  /** Catalogue metrics of this section not shown because their inputs are absent. */
  unavailable: Array<{ id: string; title: string; missing: string[] }>;
}

export interface Partner {
  code: string;
  name: string;
  value: number;
  /** 0–1. */
  share: number;
}

export interface PartnerBlock {
  /** The bilateral file the figures come from. */
  file: string;
  year: number | null;
  indicator: string;
  total: number;
  partners: number;
  hhi: number | null;
  effectivePartners: number | null;
  top: Partner[];
}

export interface Vintage {
  file: string;
  /** "World Development Indicators", when the file says. */
  source?: string;
  /** The WDI "Last Updated Date", when the file says. */
  updated?: string;
}

export interface Profile {
  code: string;
  name: string;
  region: string | null;
  income: string | null;
  /** Where region and income group come from. */
  metaSource: 'built-in' | 'meta-file';
  vintages: Vintage[];
  sections: ProfileSection[];
  destinations: PartnerBlock | null;
  remittanceSources: PartnerBlock | null;
  notes: string[];
}
