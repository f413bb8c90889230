import { useEffect, useState } from 'preact/hooks';
import { api, describe, ok, postForm, type Session } from '../api/client';
import type { components } from '../api/schema';
import { ErrorNote } from '../components/ErrorNote';
import { estimateWords } from '../labels';

type Preset = components['schemas']['Preset'];

/** A SKU from a file name: "Blue mug (front).jpg" → "Blue-mug-front". */
export function skuOf(fileName: string): string {
  const stem = fileName.replace(/\.[^.]*$/, '');
  const sku = stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').replace(/-+$/, '').slice(0, 64);
  return sku || 'photo';
}

/** The photos the engines refine, by file name. */
const PHOTO = /\.(jpe?g|png|webp)$/i;

/**
 * Every file dropped, the files inside dropped folders (and their sub-folders) too. A dropped folder is a single
 * entry in dataTransfer.files with no content, so the items are walked as file-system entries instead; a browser
 * without webkitGetAsEntry gives the plain files.
 */
export async function droppedFiles(dropped: DataTransfer): Promise<File[]> {
  const entries = [...dropped.items]
    .filter((item) => item.kind === 'file')
    .map((item) => (typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null));
  if (entries.length === 0 || entries.some((entry) => entry === null)) return [...dropped.files];
  const files: File[] = [];
  for (const entry of entries as FileSystemEntry[]) files.push(...(await filesUnder(entry)));
  return files;
}

async function filesUnder(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) {
    return [await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))];
  }
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const files: File[] = [];
  // readEntries hands a folder's entries over in batches (Chromium: 100 at a time) until an empty one
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return files;
    for (const child of batch) files.push(...(await filesUnder(child)));
  }
}

type State = 'added' | 'registering' | 'uploading' | 'starting' | 'started' | 'failed';
type Item = { file: File; sku: string; state: State; share: number; session?: string; engine?: string; error?: string };

const WAITING_WORDS: Partial<Record<State, string>> = { added: 'ready to upload', registering: 'preparing', starting: 'uploaded, starting' };

/**
 * Many photos at once: each is registered as a catalog item with the chosen presets, uploaded with its own presigned
 * POST form (progress per file), and refined by the session its upload starts (as S3's notification does deployed),
 * which gets the item's category and facts.
 */
export function Upload({ onStarted }: { onStarted: () => void }) {
  const [presets, setPresets] = useState<Preset[]>([]);
  const [chosen, setChosen] = useState<string[]>(['amazon-main']);
  const [category, setCategory] = useState('');
  const [facts, setFacts] = useState<Fact[]>([{ name: '', value: '' }]);
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

  const add = (files: FileList | File[] | null) => {
    if (!files) return;
    const images = [...files].filter((f) => PHOTO.test(f.name));
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
          ok(
            await api.PUT('/catalog/items/{sku}', {
              params: { path: { sku: it.sku } },
              body: { presets: chosen, ...(category.trim() ? { category: category.trim() } : {}), ...factsBody(facts) },
            }),
          );
          const form = ok(await api.POST('/uploads', { body: { sku: it.sku, fileName: it.file.name } }));
          update(i, { state: 'uploading' });
          await postForm(form, it.file, (share) => update(i, { share }));
          update(i, { state: 'starting' });
          const session = await sessionOf(it.sku, form.key!);
          update(i, { state: 'started', session: session.id, engine: session.engine });
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
          const dropped = e.dataTransfer;
          if (!dropped) return;
          droppedFiles(dropped)
            .then(add)
            .catch((err) => setError(`The dropped folder could not be read: ${describe(err)}`));
        }}
      >
        <label for="files">Drop photos or folders here, or choose photos</label>
        <input id="files" type="file" multiple accept=".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp" onChange={(e) => add((e.target as HTMLInputElement).files)} />
        <label for="folder">or choose a folder (every photo in it and its sub-folders)</label>
        <input id="folder" type="file" {...{ webkitdirectory: true }} onChange={(e) => add((e.target as HTMLInputElement).files)} />
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
      <FactsEditor facts={facts} setFacts={setFacts} />
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
                  {/* kept, full, once the upload is done: the seller sees every photo arrived */}
                  {(it.state === 'uploading' || it.state === 'starting' || it.state === 'started') && (
                    <progress max={1} value={it.share} aria-label={`Upload of ${it.file.name}`} />
                  )}
                  {it.state === 'started' && (
                    <>
                      <a href={`#/sessions/${it.session}`}>Refining: open</a>
                      <span class="estimate"> · {uploadCost(it.engine)}</span>
                    </>
                  )}
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
      <FromPrompt presets={chosen} category={category} facts={facts} onStarted={onStarted} />
    </section>
  );
}

type Fact = { name: string; value: string };

/** The facts a seller filled in (both parts given), as the API takes them; nothing when there are none. */
function factsBody(facts: Fact[]): { facts?: Record<string, string> } {
  const named = facts.filter((f) => f.name.trim() && f.value.trim());
  return named.length ? { facts: Object.fromEntries(named.map((f) => [f.name.trim(), f.value.trim()])) } : {};
}

/** Product facts as name/value rows: what the product is, which every session of it keeps to. */
function FactsEditor({ facts, setFacts }: { facts: Fact[]; setFacts: (f: (old: Fact[]) => Fact[]) => void }) {
  const setFact = (index: number, change: Partial<Fact>) => setFacts((old) => old.map((f, i) => (i === index ? { ...f, ...change } : f)));
  // a row added from the keyboard takes the focus, so the seller types its name next
  const [focusRow, setFocusRow] = useState<number | null>(null);
  useEffect(() => {
    if (focusRow !== null) document.getElementById(`fact-${focusRow}-name`)?.focus();
    setFocusRow(null);
  }, [focusRow, facts.length]);
  return (
    <fieldset class="facts-edit">
      <legend>Product facts (optional): what the product is; every session keeps to them</legend>
      {facts.map((f, i) => (
        <div class="fact" key={i}>
          <input id={`fact-${i}-name`} aria-label={`Fact ${i + 1}: name`} placeholder="material" maxLength={48} value={f.name}
            onInput={(e) => setFact(i, { name: (e.target as HTMLInputElement).value })} />
          <input aria-label={`Fact ${i + 1}: value`} placeholder="enamel" maxLength={500} value={f.value}
            onInput={(e) => setFact(i, { value: (e.target as HTMLInputElement).value })} />
          {facts.length > 1 && (
            <button type="button" class="link" aria-label={`Remove fact ${i + 1}`} onClick={() => setFacts((old) => old.filter((_, j) => j !== i))}>
              Remove
            </button>
          )}
        </div>
      ))}
      <button type="button" class="secondary" disabled={facts.length >= 32} onClick={() => {
          setFocusRow(facts.length);
          setFacts((old) => [...old, { name: '', value: '' }]);
        }}>
        Add a fact
      </button>
    </fieldset>
  );
}

/**
 * A session from a text prompt (POST /sessions with the prompt, the presets and category chosen above, and the
 * product's facts): the engine generates the product's base image. An engine that cannot (classic) is refused by the
 * API, whose words are shown.
 */
function FromPrompt({ presets, category, facts, onStarted }: { presets: string[]; category: string; facts: Fact[]; onStarted: () => void }) {
  const [prompt, setPrompt] = useState('');
  const [sku, setSku] = useState('');
  const [engine, setEngine] = useState('openai');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<{ id: string; cost: string | null } | null>(null);

  const start = async () => {
    setError(null);
    setStarted(null);
    if (!prompt.trim()) {
      setError('Describe the product first: what it is, its colour and material, how it should be shown.');
      return;
    }
    if (presets.length === 0) {
      setError('Choose at least one preset above: where the product will be sold.');
      return;
    }
    setBusy(true);
    try {
      const r = ok(
        await api.POST('/sessions', {
          body: {
            prompt: prompt.trim(),
            presets,
            engine,
            ...(sku.trim() ? { sku: sku.trim() } : {}),
            ...(category.trim() ? { category: category.trim() } : {}),
            ...factsBody(facts),
          },
        }),
      );
      setStarted(r.sessionId ? { id: r.sessionId, cost: estimateWords(r.estimate) } : null);
      onStarted();
    } catch (e) {
      setError(describe(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="prompt-start">
      <h3 id="prompt-h">Or start from a text prompt</h3>
      <p class="help">The AI engine generates the product's photo from your words, then refines it for the presets, category and facts above.</p>
      <label for="prompt">What the product is and how to show it</label>
      <textarea id="prompt" rows={3} maxLength={32000} value={prompt} placeholder="A blue enamel mug with a white rim, seen from the front"
        onInput={(e) => setPrompt((e.target as HTMLTextAreaElement).value)} />
      <div class="row">
        <span>
          <label for="prompt-sku">SKU (optional)</label>
          <input id="prompt-sku" value={sku} maxLength={64} onInput={(e) => setSku((e.target as HTMLInputElement).value)} />
        </span>
        <span>
          <label for="prompt-engine">Engine</label>
          <select id="prompt-engine" value={engine} onChange={(e) => setEngine((e.target as HTMLSelectElement).value)}>
            <option value="openai">openai: AI image model (paid)</option>
            <option value="classic">classic: free, refines photos only</option>
          </select>
        </span>
      </div>
      <ErrorNote error={error} />
      {started && (
        <p class="notice" role="status">
          Started: <a href={`#/sessions/${started.id}`}>open the session</a>
          {started.cost && <span class="estimate"> · estimated cost: {started.cost}</span>}
        </p>
      )}
      <button type="button" disabled={busy} onClick={start}>
        Start from the prompt
      </button>
    </div>
  );
}

/**
 * What the session an upload started will cost. The upload trigger (S3's notification) prices nothing and answers
 * nothing to the browser, so there is no API estimate to show here: the classic engine's work is free by definition
 * (the API's estimate for it is 0 at both ends); a paid engine's spend is shown on the session as it runs.
 */
function uploadCost(engine: string | undefined): string {
  return engine === 'classic' ? 'free' : `on the ${engine ?? 'default'} engine: its session shows what each step cost`;
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
