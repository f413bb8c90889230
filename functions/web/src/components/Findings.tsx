import type { Finding, Version } from '../api/client';
import { presetWords } from '../labels';

/** The quality check's findings on one judged rendition, as the API types them (empty on a version never judged). */
export function findingsOf(v: Version): Finding[] {
  return v.findings ?? [];
}

/**
 * The findings that failed, numbered from 1 in the check's order: the number of a finding's entry in the list and of
 * its boxes on the photo (Compare), so the seller can match a box to its words.
 */
export function numberedFailures(v: Version): { n: number; finding: Finding }[] {
  return findingsOf(v)
    .filter((f) => !f.passed)
    .map((finding, i) => ({ n: i + 1, finding }));
}

/** Which finding of which rendition the seller is pointing at (hover or keyboard focus on its entry). */
export type Pointed = { version: number; check: string } | null;

const WORDS: Record<string, string> = {
  'cutout-doubts': 'Cut-out',
  'lighting-change': 'Lighting',
  'white-balance': 'Colour of the light',
  enlargement: 'Enlargement',
  'detail-kept': 'Detail',
  clipping: 'Highlights',
  'colour-intent': 'Colours',
  'exposure-left': 'Exposure',
  'exposure-short': 'Exposure',
  'white-balance-left': 'Colour cast',
};

/** A check's name as a seller reads it: the cut-out's many checks are one thing to them. */
export function checkWords(check: string): string {
  return WORDS[check] ?? (check.startsWith('cutout') ? 'Cut-out' : check.charAt(0).toUpperCase() + check.slice(1).replace(/-/g, ' '));
}

export function Findings({ preset, version, final, pointed, onPoint }: {
  preset: string;
  version: Version;
  final: boolean;
  /** The finding pointed at, whose boxes the photo highlights. */
  pointed?: Pointed;
  /** The mouse enters (a finding) or leaves (null) an entry; keyboard focus comes to (a finding) or leaves (null) one. */
  onPoint?: (how: 'hover' | 'focus', p: Pointed) => void;
}) {
  const all = findingsOf(version);
  const failed = numberedFailures(version);
  const point = (how: 'hover' | 'focus', check: string | null) => onPoint?.(how, check === null ? null : { version: version.number!, check });
  return (
    <div class="findings">
      <h3>
        {presetWords(preset)} (v{version.number}{final ? ', final' : ', not approved yet'}): {failed.length === 0 ? `all ${all.length} checks passed` : `${failed.length} of ${all.length} checks need attention`}
      </h3>
      {failed.length > 0 && (
        <ol class="failures">
          {failed.map(({ n, finding: f }) => {
            const places = f.regions.length;
            const on = pointed?.version === version.number && pointed?.check === f.check;
            return (
              // an entry with places on the photo takes keyboard focus, so pointing at it by keyboard highlights them as hovering does
              <li
                key={f.check}
                value={n}
                class={`${places ? 'placed' : ''} ${on ? 'on' : ''}`}
                data-check={f.check}
                tabIndex={places ? 0 : undefined}
                onMouseEnter={() => places && point('hover', f.check)}
                onMouseLeave={() => places && point('hover', null)}
                onFocus={() => places && point('focus', f.check)}
                onBlur={() => places && point('focus', null)}
              >
                <strong>{checkWords(f.check)}</strong>: {f.message || `expected ${f.expected}`}
                {places > 0 && <span class="meta where"> Marked {n} on your photo{places > 1 ? ` (${places} places)` : ''}.</span>}
              </li>
            );
          })}
        </ol>
      )}
      {all.length > 0 && (
        <details>
          <summary>Every check</summary>
          <ul class="checks">
            {all.map((f) => (
              <li key={f.check} class={f.passed ? 'pass' : 'fail'}>
                {f.passed ? '✓' : '✗'} {f.check}
                {f.expected ? <span class="meta"> ({f.expected})</span> : null}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
