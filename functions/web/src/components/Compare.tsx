import { useState } from 'preact/hooks';
import type { Version } from '../api/client';
import { versionLabel } from '../labels';
import { usePreview } from './Thumb';

/** The long side of the previews compared (the API makes them once); 100 % zoom loads the full images. */
const SIZE = 800;

function Picture({ session, version, full, alt }: { session: string; version: Version; full: boolean; alt: string }) {
  const preview = usePreview(session, version.number!, SIZE);
  const src = full ? version.url : preview;
  if (src === 'missing' || !src) return <div class="picture loading" aria-label={src === 'missing' ? 'no image' : 'loading'} />;
  return <img class={full ? 'picture full' : 'picture'} src={src} alt={alt} />;
}

/** Two versions side by side or under a before/after slider, fitted or at 100 %. */
export function Compare({ session, versions, left, right, photo, cutout }: {
  session: string;
  versions: Version[];
  left: Version;
  right: Version;
  /** The seller's photo and the newest cut-out (background stage) made from it, for the cut-out view. */
  photo?: Version;
  cutout?: Version;
}) {
  const [a, setA] = useState(left.number!);
  const [b, setB] = useState(right.number!);
  const [mode, setMode] = useState<'side' | 'slider' | 'cutout'>('side');
  const [full, setFull] = useState(false);
  const [split, setSplit] = useState(50);
  const va = versions.find((v) => v.number === a) ?? left;
  const vb = versions.find((v) => v.number === b) ?? right;
  const pick = (label: string, value: number, set: (n: number) => void, idFor: string) => (
    <label for={idFor}>
      {label}
      <select id={idFor} value={value} onChange={(e) => set(Number((e.target as HTMLSelectElement).value))}>
        {versions.map((v) => (
          <option key={v.number} value={v.number}>
            {versionLabel(v)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div class="compare">
      <div class="controls">
        {pick('Before', a, setA, 'compare-a')}
        {pick('After', b, setB, 'compare-b')}
        <fieldset class="inline">
          <legend>View</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'side'} onChange={() => setMode('side')} /> Side by side
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'slider'} onChange={() => setMode('slider')} /> Slider
          </label>
          {photo && cutout && (
            <label>
              <input type="radio" name="mode" checked={mode === 'cutout'} onChange={() => setMode('cutout')} /> Cut-out over your photo
            </label>
          )}
          <label>
            <input type="checkbox" checked={full} onChange={(e) => setFull((e.target as HTMLInputElement).checked)} /> 100 %
          </label>
        </fieldset>
      </div>
      {mode === 'cutout' && photo && cutout ? (
        <figure class="cutout-view">
          <div class={`overlay ${full ? 'zoomed' : ''}`}>
            <Picture session={session} version={photo} full={full} alt={`Your photo, ${versionLabel(photo)}`} />
            <div class="kept">
              <Picture session={session} version={cutout} full={full} alt={`What the cut-out kept, ${versionLabel(cutout)}`} />
            </div>
          </div>
          <figcaption>
            Bright and outlined: what the cut-out kept from your photo ({versionLabel(cutout)}). Dimmed: what it removed as background. Look for
            parts of the product left dim (cut off) and bits of table, wall or shadow left bright (kept).
          </figcaption>
        </figure>
      ) : mode === 'side' ? (
        <div class={`side ${full ? 'zoomed' : ''}`}>
          <figure>
            <Picture session={session} version={va} full={full} alt={`Before: ${versionLabel(va)}`} />
            <figcaption>{versionLabel(va)}</figcaption>
          </figure>
          <figure>
            <Picture session={session} version={vb} full={full} alt={`After: ${versionLabel(vb)}`} />
            <figcaption>{versionLabel(vb)}</figcaption>
          </figure>
        </div>
      ) : (
        <div class="slider-wrap">
          <div class={`slider ${full ? 'zoomed' : ''}`}>
            <Picture session={session} version={va} full={full} alt={`Before: ${versionLabel(va)}`} />
            <div class="after" style={{ clipPath: `inset(0 0 0 ${split}%)` }}>
              <Picture session={session} version={vb} full={full} alt={`After: ${versionLabel(vb)}`} />
            </div>
          </div>
          <label for="split">
            Before ← → After
            <input id="split" type="range" min={0} max={100} value={split} onInput={(e) => setSplit(Number((e.target as HTMLInputElement).value))} />
          </label>
        </div>
      )}
    </div>
  );
}
