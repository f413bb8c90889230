import type { Version } from './api/client';

const STAGE_WORDS: Record<string, string> = {
  base: 'Your photo',
  lighting: 'Lighting',
  background: 'Background removed',
  detail: 'Detail',
  finalize: 'Finished for',
};

/** A version as the seller reads it: v5 · Finished for amazon-main · round 1. */
export function versionLabel(v: Version): string {
  const stage = STAGE_WORDS[v.stage ?? ''] ?? v.stage ?? '';
  return `v${v.number} · ${stage}${v.preset ? ' ' + v.preset : ''}${v.round ? ` · round ${v.round}` : ''}`;
}

