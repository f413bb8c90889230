import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Version } from '../api/client';
import { versionLabel } from '../labels';
import { checkWords, numberedFailures, type Pointed } from './Findings';
import { usePreview } from './Thumb';

/** The long side of the previews compared (the API makes them once); 100 % zoom loads the full images. */
const SIZE = 800;

function Picture({ session, version, full, alt }: { session: string; version: Version; full: boolean; alt: string }) {
  const preview = usePreview(session, version.number!, SIZE);
  const src = full ? version.url : preview;
  // a stand-in picture while the preview link loads (or when there is none): a label needs a role to be read
  if (src === 'missing' || !src) return <div class="picture loading" role="img" aria-label={src === 'missing' ? 'no image' : 'loading'} />;
  return <img class={full ? 'picture full' : 'picture'} src={src} alt={alt} />;
}

/** The quality check's findings on one rendition, drawn over the seller's photo they were found on. */
export type Marks = {
  /** the judged rendition whose failed findings are drawn */
  rendition: Version;
  /** the photo its regions are fractions of: the base version of its lineage */
  photo: Version;
  /** the finding the seller points at in the list, whose boxes stand out */
  pointed: Pointed;
};

/**
 * The photo with each failed finding's places outlined, numbered as the finding's entry in the list under
 * "Quality check". The boxes are placed in percent of the picture, the fractions the API gives, so they stay on
 * the defect at any display size and at 100 %.
 */
function Marked({ marks, children }: { marks?: Marks; children: ComponentChildren }) {
  if (!marks) return <div class="marked">{children}</div>;
  const pointed = marks.pointed && marks.pointed.version === marks.rendition.number ? marks.pointed.check : null;
  const boxes = numberedFailures(marks.rendition).flatMap(({ n, finding }) =>
    finding.regions.map((r, i) => ({ n, finding, r, key: `${finding.check}-${i}` })),
  );
  return (
    <div class={`marked ${pointed ? 'pointing' : ''}`}>
      {children}
      {boxes.map(({ n, finding, r, key }) => {
        const words = `${n}: ${checkWords(finding.check)} — ${finding.message}`;
        return (
          <div
            key={key}
            class={`mark ${pointed === finding.check ? 'on' : ''}`}
            data-check={finding.check}
            role="img"
            aria-label={words}
            title={words}
            style={{ left: `${r.x * 100}%`, top: `${r.y * 100}%`, width: `${r.width * 100}%`, height: `${r.height * 100}%` }}
          >
            <span class="mark-n" aria-hidden="true">
              {n}
            </span>
          </div>
        );
      })}
    </div>
  );
}

/** Two versions side by side or under a before/after slider, fitted or at 100 %. */
export function Compare({ session, versions, left, right, photo, cutout, marks }: {
  session: string;
  versions: Version[];
  left: Version;
  right: Version;
  /** The seller's photo and the newest cut-out (background stage) made from it, for the cut-out view. */
  photo?: Version;
  cutout?: Version;
  /** The check's findings on a rendition, drawn over its photo wherever that photo is shown (not under the slider). */
  marks?: Marks;
}) {
  // the seller's picks; until they pick, the sides follow what the page proposes (a session opened while it runs
  // proposes its photo on both sides, and its final once finalize has made one)
  const [pickedA, setA] = useState<number | null>(null);
  const [pickedB, setB] = useState<number | null>(null);
  const a = pickedA ?? left.number!;
  const b = pickedB ?? right.number!;
  const [mode, setMode] = useState<'side' | 'slider' | 'cutout'>('side');
  const [full, setFull] = useState(false);
  const [split, setSplit] = useState(50);
  const va = versions.find((v) => v.number === a) ?? left;
  const vb = versions.find((v) => v.number === b) ?? right;
  // the boxes go on the photo the findings were found on, wherever it is shown, and only when there are any
  const placed = marks && numberedFailures(marks.rendition).some(({ finding }) => finding.regions.length > 0) ? marks : undefined;
  const marksOn = (v: Version) => (placed && placed.photo.number === v.number ? placed : undefined);
  const marksCaption = placed ? (
    <span class="marks-caption">
      {' '}
      Numbered boxes: where the quality check found a problem on {versionLabel(placed.rendition)}; the numbers are its entries under Quality check.
    </span>
  ) : null;
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
            <Marked marks={marksOn(photo)}>
              <Picture session={session} version={photo} full={full} alt={`Your photo, ${versionLabel(photo)}`} />
              <div class="kept">
                <Picture session={session} version={cutout} full={full} alt={`What the cut-out kept, ${versionLabel(cutout)}`} />
              </div>
            </Marked>
          </div>
          <figcaption>
            Bright and outlined: what the cut-out kept from your photo ({versionLabel(cutout)}). Dimmed: what it removed as background. Look for
            parts of the product left dim (cut off) and bits of table, wall or shadow left bright (kept).
            {marksOn(photo) && marksCaption}
          </figcaption>
        </figure>
      ) : mode === 'side' ? (
        <div class={`side ${full ? 'zoomed' : ''}`}>
          <figure>
            <Marked marks={marksOn(va)}>
              <Picture session={session} version={va} full={full} alt={`Before: ${versionLabel(va)}`} />
            </Marked>
            <figcaption>
              {versionLabel(va)}
              {marksOn(va) && marksCaption}
            </figcaption>
          </figure>
          <figure>
            <Marked marks={marksOn(vb)}>
              <Picture session={session} version={vb} full={full} alt={`After: ${versionLabel(vb)}`} />
            </Marked>
            <figcaption>
              {versionLabel(vb)}
              {marksOn(vb) && marksCaption}
            </figcaption>
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
