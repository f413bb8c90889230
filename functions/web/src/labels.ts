import type { Version } from './api/client';
import type { components } from './api/schema';

const STAGE_WORDS: Record<string, string> = {
  base: 'Your photo',
  lighting: 'Lighting',
  background: 'Background removed',
  detail: 'Detail',
  finalize: 'Finished for',
};

/** A preset as the seller reads it: the brand kit's version-pinned id (brand-site@3) as "your brand site (kit v3)". */
export function presetWords(preset: string): string {
  const kit = /^brand-site@(\d+)$/.exec(preset);
  return kit ? `your brand site (kit v${kit[1]})` : preset;
}

/** A version as the seller reads it: v5 · Finished for amazon-main · round 1. */
export function versionLabel(v: Version): string {
  const stage = STAGE_WORDS[v.stage ?? ''] ?? v.stage ?? '';
  return `v${v.number} · ${stage}${v.preset ? ' ' + presetWords(v.preset) : ''}${v.round ? ` · round ${v.round}` : ''}`;
}


type CostEstimate = components['schemas']['CostEstimate'];

/**
 * What work will cost before it runs, as the API priced it: "free" for the classic engine's (0 at both ends), else
 * the range from every model call succeeding once to the fix-up loop's bound ("$0.46–$2.76"). Null when the answer
 * carries no estimate (work already started).
 */
export function estimateWords(estimate: CostEstimate | undefined): string | null {
  if (!estimate) return null;
  const low = estimate.lowUsd ?? 0;
  const high = estimate.highUsd ?? 0;
  if (high === 0) return 'free';
  return low === high ? `$${low.toFixed(2)}` : `$${low.toFixed(2)}–$${high.toFixed(2)}`;
}
