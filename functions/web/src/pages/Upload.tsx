import { useEffect, useState } from 'preact/hooks';
import { api, describe, ok, postForm, type Session } from '../api/client';
import type { components } from '../api/schema';
import { ErrorNote } from '../components/ErrorNote';

type Preset = components['schemas']['Preset'];

/** A SKU from a file name: "Blue mug (front).jpg" → "Blue-mug-front". */
export function skuOf(fileName: string): string {
  const stem = fileName.replace(/\.[^.]*$/, '');
  const sku = stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').replace(/-+$/, '').slice(0, 64);
  return sku || 'photo';
}

type State = 'added' | 'registering' | 'uploading' | 'starting' | 'started' | 'failed';
type Item = { file: File; sku: string; state: State; share: number; session?: string; error?: string };

const WAITING_WORDS: Partial<Record<State, string>> = { added: 'ready to upload', registering: 'preparing', starting: 'uploaded, starting' };

/**
 * Many photos at once: each is registered as a catalog item with the chosen presets, uploaded with its own presigned
 * POST form (progress per file), and refined by the session its upload starts (as S3's notification does deployed).
 */
export function Upload({ onStarted }: { onStarted: () => void }) {
  const [presets, setPresets] = useState<Preset[]>([]);
  const [chosen, setChosen] = useState<string[]>(['amazon-main']);
  const [category, setCategory] = useState('');
  const [items, setItems] = useState<Item[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);

  useEffect(() => {
    api
      .GET('/presets')
      .then((r) => setPresets(ok(r).presets ?? []))
      .catch((e) => setError(describe(e)));
  }, []);

  const add = (files: FileList | null) => {
    if (!files) return;
    const images = [...files].filter((f) => /\.(jpe?g|png|webp)$/i.test(f.name));
    const skipped = files.length - images.length;
    setError(skipped ? `${skipped} file(s) skipped: only .jpg, .jpeg, .png and .webp photos can be refined.` : null);
    setItems((old) => [...old, ...images.map((f): Item => ({ file: f, sku: skuOf(f.name), state: 'added', share: 0 }))]);
  };

  const update = (index: number, change: Partial<Item>) => setItems((old) => old.map((it, i) => (i === index ? { ...it, ...change } : it)));

  const start = async () => {
    if (chosen.length === 0) {
      setError('Choose at least one preset: where the photos will be sold.');
      return;
    }
    setRunning(true);
    setError(null);
    await Promise.all(
      items.map(async (it, i) => {
        if (it.state !== 'added') return;
        try {
          update(i, { state: 'registering' });
          ok(await api.PUT('/catalog/items/{sku}', { params: { path: { sku: it.sku } }, body: { presets: chosen, ...(category ? { category } : {}) } }));
          const form = ok(await api.POST('/uploads', { body: { sku: it.sku, fileName: it.file.name } }));
          update(i, { state: 'uploading' });
          await postForm(form, it.file, (share) => update(i, { share }));
          update(i, { state: 'starting' });
          const session = await sessionOf(it.sku, form.key!);
          update(i, { state: 'started', session: session.id });
          onStarted();
        } catch (e) {
          update(i, { state: 'failed', error: describe(e) });
        }
      }),
    );
    setRunning(false);
  };

  const waiting = items.filter((i) => i.state === 'added').length;
  return (
    <section class="panel" aria-labelledby="upload-h">
      <h2 id="upload-h">Add photos</h2>
      <div
        class={`drop ${over ? 'over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          add(e.dataTransfer?.files ?? null);
        }}
      >
        <label for="files">Drop photos here, or choose them</label>
        <input id="files" type="file" multiple accept=".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp" onChange={(e) => add((e.target as HTMLInputElement).files)} />
      </div>
      <fieldset>
        <legend>Presets: where the photos will be sold</legend>
        <div class="presets">
          {presets.map((p) => (
            <label key={p.id} title={p.rules ?? ''}>
              <input
                type="checkbox"
                name="preset"
                value={p.id}
                checked={chosen.includes(p.id!)}
                onChange={(e) => {
                  const on = (e.target as HTMLInputElement).checked;
                  setChosen((c) => (on ? [...c, p.id!] : c.filter((x) => x !== p.id)));
                }}
              />
              {p.name}
              {p.requiresAi ? ' (AI engine)' : ''}
            </label>
          ))}
        </div>
      </fieldset>
      <label for="category">Category (optional)</label>
      <input id="category" value={category} maxLength={48} placeholder="Home & Kitchen" onInput={(e) => setCategory((e.target as HTMLInputElement).value)} />
      {items.length > 0 && (
        <table class="uploads">
          <caption>Photos to refine</caption>
          <thead>
            <tr>
              <th scope="col">Photo</th>
              <th scope="col">SKU</th>
              <th scope="col">Progress</th>
            </tr>
          </thead>
          <tbody>
            {items.map((it, i) => (
              <tr key={i}>
                <td>{it.file.name}</td>
                <td>
                  {it.state === 'added' ? (
                    <input aria-label={`SKU of ${it.file.name}`} value={it.sku} maxLength={64} onInput={(e) => update(i, { sku: (e.target as HTMLInputElement).value })} />
                  ) : (
                    it.sku
                  )}
                </td>
                <td>
                  {it.state === 'uploading' && <progress max={1} value={it.share} aria-label={`Upload of ${it.file.name}`} />}
                  {it.state === 'started' && <a href={`#/sessions/${it.session}`}>Refining: open</a>}
                  {it.state === 'failed' && (
                    <span class="error" role="alert">
                      {it.error}
                    </span>
                  )}
                  {WAITING_WORDS[it.state] && <span>{WAITING_WORDS[it.state]}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNote error={error} />
      <button type="button" disabled={running || waiting === 0} onClick={start}>
        {waiting > 1 ? `Refine ${waiting} photos` : 'Refine'}
      </button>
    </section>
  );
}

/** The session the upload started (the upload trigger's, found by its key), waiting up to a minute for it. */
async function sessionOf(sku: string, key: string): Promise<Session> {
  for (let i = 0; i < 60; i++) {
    const page = ok(await api.GET('/sessions', { params: { query: { sku } } }));
    const s = (page.sessions ?? []).find((x) => x.source?.key === key);
    if (s) return s;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('the upload was stored but no session started for it within a minute: look for it in the list below, or upload it again');
}
