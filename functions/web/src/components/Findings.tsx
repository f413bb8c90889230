import type { Version } from '../api/client';

type Finding = { check: string; passed: boolean; message?: string; expected?: string };

/**
 * The quality check's findings on one final, as its stage recorded them in the version's parameters
 * (finding.NAME = passed|failed, finding.NAME.message, finding.NAME.expected).
 */
export function findingsOf(v: Version): Finding[] {
  const p = v.params ?? {};
  const names = (p.findings ?? '').split(',').filter(Boolean);
  return names.map((check) => ({
    check,
    passed: p[`finding.${check}`] !== 'failed',
    message: p[`finding.${check}.message`],
    expected: p[`finding.${check}.expected`],
  }));
}

const WORDS: Record<string, string> = {
  'cutout-doubts': 'Cut-out',
  'lighting-change': 'Lighting',
  'white-balance': 'Colour of the light',
  enlargement: 'Enlargement',
  'detail-kept': 'Detail',
  clipping: 'Highlights',
  'colour-intent': 'Colours',
  'exposure-left': 'Exposure',
  'white-balance-left': 'Colour cast',
};

/** A check's name as a seller reads it: the cut-out's many checks are one thing to them. */
function checkWords(check: string): string {
  return WORDS[check] ?? (check.startsWith('cutout') ? 'Cut-out' : check.charAt(0).toUpperCase() + check.slice(1).replace(/-/g, ' '));
}

export function Findings({ preset, version, final }: { preset: string; version: Version; final: boolean }) {
  const all = findingsOf(version);
  const failed = all.filter((f) => !f.passed);
  return (
    <div class="findings">
      <h3>
        {preset} (v{version.number}{final ? ', final' : ', not approved yet'}): {failed.length === 0 ? `all ${all.length} checks passed` : `${failed.length} of ${all.length} checks need attention`}
      </h3>
      {failed.length > 0 && (
        <ul>
          {failed.map((f) => (
            <li key={f.check}>
              <strong>{checkWords(f.check)}</strong>: {f.message ?? `expected ${f.expected}`}
            </li>
          ))}
        </ul>
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
