import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, describe, ok } from '../api/client';
import type { components } from '../api/schema';
import { ErrorNote } from '../components/ErrorNote';
import { ShopifyConnection } from '../components/ShopifyStore';

type Kit = components['schemas']['BrandKit'];

/**
 * The tenant's brand kit (GET and PUT /brand-kit, docs/brand-kit.md): the background, margin, canvas, format and
 * shadow of the brand-site preset, and whether completed sessions are exported by themselves. Each save is a new
 * version; the page sends the version it showed, so two editors cannot overwrite each other unseen.
 */
export function BrandKitPage() {
  const [kit, setKit] = useState<Kit | null>(null);
  const [versions, setVersions] = useState<Kit[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [background, setBackground] = useState('#ffffff');
  const [margin, setMargin] = useState('0.08');
  const [canvas, setCanvas] = useState('2048');
  const [format, setFormat] = useState<'jpeg' | 'png'>('jpeg');
  const [shadow, setShadow] = useState(false);
  const [autoExport, setAutoExport] = useState(false);
  const [pixelsPerCm, setPixelsPerCm] = useState('0');
  const [fileNaming, setFileNaming] = useState('{sku}-{preset}');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const show = (answer: { kit: Kit; versions: Kit[] } | null) => {
    setKit(answer?.kit ?? null);
    setVersions(answer?.versions ?? []);
    if (answer) {
      const k = answer.kit;
      setBackground(k.background);
      setMargin(String(k.margin));
      setCanvas(String(k.canvas));
      setFormat(k.format);
      setShadow(k.shadow);
      setAutoExport(k.autoExport);
      setPixelsPerCm(String(k.pixelsPerCm));
      setFileNaming(k.fileNaming);
    }
  };

  useEffect(() => {
    (async () => {
      try {
        show(ok(await api.GET('/brand-kit')));
      } catch (e) {
        // no kit yet: the form starts from the defaults
        if (!(e instanceof ApiError && e.status === 404)) setError(describe(e));
      } finally {
        setLoaded(true);
      }
    })();
  }, []);

  const save = async (ev: Event) => {
    ev.preventDefault();
    setSaving(true);
    setError(null);
    setNotice(null);
    try {
      const answer = ok(
        await api.PUT('/brand-kit', {
          body: {
            background,
            margin: Number(margin),
            canvas: Number(canvas),
            format,
            shadow,
            autoExport,
            pixelsPerCm: Number(pixelsPerCm),
            fileNaming: fileNaming.trim(),
            expectedVersion: kit?.version ?? 0,
          },
        }),
      );
      show(answer);
      const asked = background.toLowerCase();
      setNotice(
        `Saved as version ${answer.kit.version}.` +
          (answer.kit.background !== asked
            ? ` The background is ${answer.kit.background}: the nearest colour a JPEG keeps exactly (${asked} would come back a level off).`
            : ''),
      );
    } catch (e) {
      setError(describe(e));
    } finally {
      setSaving(false);
    }
  };

  if (!loaded) return <p aria-busy="true">Loading…</p>;
  return (
    <>
      <p>
        <a href="#/">← All photos</a>
      </p>
      <h1>Brand kit</h1>
      <p>
        How your own site's images look: sessions made for the <strong>brand-site</strong> preset use it. Marketplace images keep their
        marketplace's rules. {kit ? `Version ${kit.version}, saved ${new Date(kit.updatedAt).toLocaleString()}.` : 'You have no brand kit yet.'}
      </p>
      {/* the API says what is allowed, in its words: the browser's own bubbles would say less */}
      <form class="brand-kit" onSubmit={save} noValidate>
        <label>
          Background
          <span class="colour">
            <input type="color" value={background} onInput={(e) => setBackground((e.target as HTMLInputElement).value)} aria-label="Background colour picker" />
            <input value={background} onInput={(e) => setBackground((e.target as HTMLInputElement).value)} pattern="#?[0-9A-Fa-f]{6}" />
          </span>
        </label>
        <label>
          Margin on each side (share of the canvas)
          <input type="number" min="0.02" max="0.25" step="0.01" value={margin} onInput={(e) => setMargin((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Canvas side (px)
          <input type="number" min="500" max="4472" step="1" value={canvas} onInput={(e) => setCanvas((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          True scale (pixels per cm; 0: by the margin)
          <input type="number" min="0" max="500" step="1" value={pixelsPerCm} onInput={(e) => setPixelsPerCm((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          File names ({'{sku}'}, {'{preset}'}, {'{version}'}; Amazon's files keep Amazon's names)
          <input value={fileNaming} onInput={(e) => setFileNaming((e.target as HTMLInputElement).value)} maxLength={80} />
        </label>
        <label>
          Format
          <select value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as 'jpeg' | 'png')}>
            <option value="jpeg">JPEG</option>
            <option value="png">PNG</option>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={shadow} onChange={(e) => setShadow((e.target as HTMLInputElement).checked)} />
          A soft shadow under the product
        </label>
        <label class="check">
          <input type="checkbox" checked={autoExport} onChange={(e) => setAutoExport((e.target as HTMLInputElement).checked)} />
          Export each finished session to my exports folder
        </label>
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : kit ? 'Save as a new version' : 'Save the brand kit'}
        </button>
      </form>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorNote error={error} />
      {kit && (
        <section aria-labelledby="kit-preview-h">
          <h2 id="kit-preview-h">What it makes</h2>
          <div
            class="kit-preview"
            role="img"
            aria-label={`The product on ${kit.background} with ${Math.round(kit.margin * 100)}% margin on each side`}
            style={{ background: kit.background }}
          >
            <div class="kit-product" style={{ width: `${(1 - 2 * kit.margin) * 100}%`, height: `${(1 - 2 * kit.margin) * 100}%` }} />
          </div>
          <p class="meta">{kit.rules}</p>
        </section>
      )}
      {versions.length > 0 && (
        <section aria-labelledby="kit-versions-h">
          <h2 id="kit-versions-h">Versions</h2>
          <table class="kit-versions">
            <thead>
              <tr>
                <th>Version</th>
                <th>Background</th>
                <th>Margin</th>
                <th>Canvas</th>
                <th>Scale</th>
                <th>Format</th>
                <th>Shadow</th>
                <th>Export</th>
                <th>Saved</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version}>
                  <td>{v.version}</td>
                  <td>
                    <span class="swatch" style={{ background: v.background }} aria-hidden="true" /> {v.background}
                  </td>
                  <td>{v.margin}</td>
                  <td>{v.canvas} px</td>
                  <td>{v.pixelsPerCm > 0 ? `${v.pixelsPerCm} px/cm` : 'margin'}</td>
                  <td>{v.format.toUpperCase()}</td>
                  <td>{v.shadow ? 'yes' : 'no'}</td>
                  <td>{v.autoExport ? 'automatic' : 'on request'}</td>
                  <td>{new Date(v.updatedAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <ShopifyConnection />
    </>
  );
}
