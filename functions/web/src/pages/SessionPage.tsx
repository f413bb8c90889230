import { Fragment } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, describe, FINISHED, ok, type Session, type SessionEvent, type Version } from '../api/client';
import { Compare } from '../components/Compare';
import { Findings, numberedFailures, type Pointed } from '../components/Findings';
import { StatusBadge } from '../components/StatusBadge';
import { Thumb } from '../components/Thumb';
import { Feedback } from './Feedback';
import { presetWords, versionLabel } from '../labels';
import { ErrorNote } from '../components/ErrorNote';
import { ShopifyPush } from '../components/ShopifyStore';
import { SkuSet } from '../components/SkuSet';

/** Who approved a version, or why not, in words. */
function approvalWords(v: Version): string {
  if (v.approval === 'APPROVED') return v.approvedBy === 'seller' ? 'approved by you' : 'passed its checks';
  if (v.approval === 'REJECTED') return v.stage === 'finalize' ? 'needs your review: approve it if you accept it as it is' : 'refused by its checks';
  return 'waiting';
}

function seconds(ms?: number): string {
  return ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`;
}

function cost(usd?: number): string {
  return !usd ? 'free' : `$${usd.toFixed(3)}`;
}

/** One session: its progress, its versions compared, the check's findings, feedback rounds, approval and downloads. */
export function SessionPage({ id }: { id: string }) {
  const [session, setSession] = useState<Session | null>(null);
  const [events, setEvents] = useState<SessionEvent[]>([]);
  const [capabilities, setCapabilities] = useState<string[]>([]);
  const [versions, setVersions] = useState<Version[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // the finding the seller points at in the list (its boxes stand out), and the rendition whose boxes the photo shows
  // (the mouse's entry wins while it is over one; leaving it goes back to the entry the keyboard is on)
  const [hovered, setHovered] = useState<Pointed>(null);
  const [focused, setFocused] = useState<Pointed>(null);
  const pointed = hovered ?? focused;
  const [drawn, setDrawn] = useState<number | null>(null);

  const load = useCallback(async () => {
    try {
      const s = ok(await api.GET('/sessions/{id}', { params: { path: { id } } }));
      const v = ok(await api.GET('/sessions/{id}/versions', { params: { path: { id } } }));
      setSession(s.session ?? null);
      setEvents(s.events ?? []);
      setCapabilities(s.capabilities ?? []);
      setVersions(v.versions ?? []);
      setError(null);
    } catch (e) {
      setError(describe(e));
    }
  }, [id]);

  useEffect(() => {
    load();
  }, [load]);
  const running = session !== null && !FINISHED.includes(session.status ?? 'PENDING');
  useEffect(() => {
    if (!running) return;
    const t = setInterval(load, 1500);
    return () => clearInterval(t);
  }, [running, load]);

  const act = async (what: 'approve' | 'revert', n: number) => {
    setNotice(null);
    try {
      const path = what === 'approve' ? '/sessions/{id}/versions/{n}/approve' : '/sessions/{id}/versions/{n}/revert';
      ok(await api.POST(path, { params: { path: { id, n } } }));
      // the session as it is now (a revert to a master is rendering its finals again) before saying it is done
      await load();
      setNotice(what === 'approve' ? `Version ${n} approved.` : `Went back to version ${n}; later versions stay recorded.`);
    } catch (e) {
      setNotice(describe(e));
    }
  };

  if (error && !session) {
    return (
      <>
        <p>
          <a href="#/">← All photos</a>
        </p>
        <ErrorNote error={error} />
      </>
    );
  }
  if (!session) return <p aria-busy="true">Loading…</p>;

  const finals = Object.entries(session.finals ?? {});
  const byNumber = new Map(versions.map((v) => [v.number!, v]));
  const shown = versions.filter((v) => !v.imageExpired && v.url);
  // each preset's final, or its newest rendition when none is final yet (a session that needs review)
  const renditions = (session.presets ?? [])
    .map((preset): [string, Version | undefined] => {
      const final = session.finals?.[preset];
      const newest = [...versions].reverse().find((v) => v.stage === 'finalize' && v.preset === preset);
      return [preset, final !== undefined ? byNumber.get(final) : newest];
    })
    .filter((r): r is [string, Version] => r[1] !== undefined);
  const firstRendition = renditions.length ? renditions[0][1] : undefined;
  // the boxes on the photo: the rendition last pointed at, else the first with a finding that has a place
  const marked =
    renditions.find(([, v]) => v.number === drawn)?.[1] ??
    renditions.find(([, v]) => numberedFailures(v).some(({ finding }) => finding.regions.length > 0))?.[1];
  const markedPhoto = marked ? photoOf(marked, byNumber) : undefined;
  const point = (how: 'hover' | 'focus', p: Pointed) => {
    if (p) setDrawn(p.version);
    (how === 'hover' ? setHovered : setFocused)(p);
  };
  const round = versions.filter((v) => (v.round ?? 0) === (session.round ?? 0));
  const spent = versions.reduce((a, v) => a + (v.costUsd ?? 0), 0);

  return (
    <>
      <p>
        <a href="#/">← All photos</a>
      </p>
      <h1>
        {session.sku ?? 'Generated product'} <StatusBadge status={session.status} />
      </h1>
      <p class="meta">
        {(session.presets ?? []).map(presetWords).join(', ')} · engine {session.engine} · round {session.round ?? 0} · spent {cost(spent)}
      </p>
      <ProductFacts session={session} />
      {session.reason && (
        <div class={`callout ${session.status === 'FAILED' ? 'bad' : 'warn'}`} role="status">
          <strong>{session.status === 'FAILED' ? 'What went wrong' : 'Why it needs your review'}</strong>
          <p>{session.reason}</p>
        </div>
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}

      <section aria-labelledby="progress-h">
        <h2 id="progress-h">Progress{session.round ? ` of round ${session.round}` : ''}</h2>
        <ol class="stages">
          {round.map((v) => (
            <li key={v.number} class={v.approval !== 'REJECTED' ? '' : v.stage === 'finalize' ? 'review' : 'rejected'}>
              <span>{versionLabel(v)}</span>
              <span class="meta">
                {seconds(v.millis)} · {cost(v.costUsd)}
                {v.approval === 'REJECTED' ? (v.stage === 'finalize' ? ' · sent to your review by the check' : ' · refused by its checks') : ''}
              </span>
            </li>
          ))}
          {running && (
            <li class="working" aria-live="polite">
              Working on the next step…
            </li>
          )}
        </ol>
      </section>

      {shown.length > 0 && (
        <section aria-labelledby="compare-h">
          <h2 id="compare-h">Compare</h2>
          <Compare
            session={id}
            versions={shown}
            left={shown[0]}
            right={firstRendition && !firstRendition.imageExpired ? firstRendition : shown[shown.length - 1]}
            photo={shown.find((v) => v.stage === 'base')}
            cutout={[...shown].reverse().find((v) => v.stage === 'background' && v.approval !== 'REJECTED')}
            marks={marked && markedPhoto && !markedPhoto.imageExpired ? { rendition: marked, photo: markedPhoto, pointed } : undefined}
          />
        </section>
      )}

      {renditions.length > 0 && (
        <section aria-labelledby="findings-h">
          <h2 id="findings-h">Quality check</h2>
          {renditions.map(([preset, v]) => (
            <Findings key={preset} preset={preset} version={v} final={session.finals?.[preset] === v.number} pointed={pointed} onPoint={point} />
          ))}
        </section>
      )}

      {renditions.length > 0 && <Downloads session={session} versions={byNumber} />}
      {Object.keys(session.finals ?? {}).length > 0 && <Exports session={session} />}
      {Object.keys(session.finals ?? {}).length > 0 && <ShopifyPush session={session} />}
      {Object.keys(session.finals ?? {}).length > 0 && <SkuSet session={session} />}

      <Feedback session={session} capabilities={capabilities} disabled={running} onStarted={load} />

      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">Every version</h2>
        <ol class="timeline">
          {[...versions].reverse().map((v) => {
            const isFinal = finals.some(([, n]) => n === v.number);
            return (
              <li key={v.number} class="version">
                {v.imageExpired || !v.url ? (
                  <div class="thumb missing">image expired</div>
                ) : (
                  <Thumb session={id} version={v.number!} size={160} alt={versionLabel(v)} />
                )}
                <div>
                  <strong>{versionLabel(v)}</strong>
                  <span class="meta">
                    {approvalWords(v)}
                    {isFinal ? ' · current final' : ''}
                    {session.head === v.number ? ' · current master' : ''}
                  </span>
                  {v.note && <span class="note">{v.note}</span>}
                  <div class="actions">
                    {v.stage === 'finalize' && v.approvedBy !== 'seller' && (
                      <button type="button" disabled={running} onClick={() => act('approve', v.number!)}>
                        Approve v{v.number}
                      </button>
                    )}
                    {v.approval !== 'REJECTED' && (
                      <button type="button" class="secondary" disabled={running} onClick={() => act('revert', v.number!)}>
                        Go back to v{v.number}
                      </button>
                    )}
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      </section>

      {events.length > 0 && (
        <details>
          <summary>History ({events.length} events)</summary>
          <ul class="events">
            {events.map((e, i) => (
              <li key={i}>
                {e.at ? new Date(e.at).toLocaleTimeString() : ''} {e.type}
                {e.detail?.reason ? `: ${e.detail.reason}` : e.detail?.plan ? `: ${e.detail.plan}` : ''}
                {e.type === 'exported' && e.detail ? `: ${Object.entries(e.detail).map(([file, what]) => `${file} ${what}`).join(', ')}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/** The seller's photo a rendition was made from (the base version of its lineage): the image its findings' regions are fractions of. */
function photoOf(v: Version, byNumber: Map<number, Version>): Version | undefined {
  let at: Version | undefined = v;
  for (let hops = 0; at && hops < 1000; hops++) {
    if (at.stage === 'base') return at;
    at = at.parent ? byNumber.get(at.parent) : undefined;
  }
  return undefined;
}

/** Each preset's final, and all of them in one ZIP built in storage (a Lambda answer is capped at 6 MB). */
function Downloads({ session, versions }: { session: Session; versions: Map<number, Version> }) {
  const [bundle, setBundle] = useState<{ url: string; files: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [making, setMaking] = useState(false);
  useEffect(() => setBundle(null), [session.revision]);
  const make = async () => {
    setMaking(true);
    setError(null);
    try {
      const b = ok(await api.POST('/sessions/{id}/bundle', { params: { path: { id: session.id! } } }));
      setBundle({ url: b.url, files: b.files });
      location.assign(b.url);
    } catch (e) {
      setError(describe(e));
    } finally {
      setMaking(false);
    }
  };
  if (Object.keys(session.finals ?? {}).length === 0) {
    return (
      <section aria-labelledby="downloads-h">
        <h2 id="downloads-h">Download</h2>
        <p>Nothing is final yet: check the finished image against your photo and approve it below, then download it here.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="downloads-h">
      <h2 id="downloads-h">Download</h2>
      <ul class="downloads">
        {Object.entries(session.finals ?? {}).map(([preset, n]) => {
          const v = versions.get(n);
          return (
            <li key={preset}>
              {v?.download ? (
                // the link's answer says "attachment" with the file's name ({sku}-{preset}.{ext}): a download
                // attribute is ignored on a link to another origin (the store), which would open the image instead
                <a href={v.download}>
                  {presetWords(preset)} (v{n}, {v.contentType === 'image/png' ? 'PNG' : 'JPEG'})
                </a>
              ) : (
                `${presetWords(preset)}: image expired`
              )}
            </li>
          );
        })}
      </ul>
      <button type="button" onClick={make} disabled={making}>
        {making ? 'Packing…' : 'Download all as ZIP'}
      </button>
      {bundle && (
        <p class="meta">
          <a href={bundle.url}>The ZIP</a> holds {bundle.files.join(', ')} and manifest.json; its link works for a short time.
        </p>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

type ExportedFile = { preset: string; version: number; file: string; key: string; status: 'written' | 'unchanged' | 'replaced'; url: string };

const EXPORT_STATUS: Record<ExportedFile['status'], string> = {
  written: 'exported',
  unchanged: 'already there, unchanged',
  replaced: 'replaced the earlier file',
};

/** Amazon's image slots: the main image, the eight others a listing shows, the swatch. */
const AMAZON_SLOTS = ['MAIN', 'AUTO', 'PT01', 'PT02', 'PT03', 'PT04', 'PT05', 'PT06', 'PT07', 'PT08', 'SWCH'];

/**
 * Each final into the tenant's exports/ folder, under the names the marketplaces' bulk uploads match (docs/export.md):
 * Amazon's file carries the product's identifier and its image slot; exporting again writes only what changed.
 */
function Exports({ session }: { session: Session }) {
  const [amazonId, setAmazonId] = useState('');
  const [slot, setSlot] = useState('MAIN');
  const [replace, setReplace] = useState(false);
  const [files, setFiles] = useState<ExportedFile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const amazon = 'amazon-main' in (session.finals ?? {});
  const run = async () => {
    setWorking(true);
    setError(null);
    setFiles(null);
    try {
      const body = amazon ? { amazonId: amazonId.trim() || undefined, amazonPosition: slot, replace } : { replace };
      const e = ok(await api.POST('/sessions/{id}/exports', { params: { path: { id: session.id! } }, body }));
      setFiles(e.files as ExportedFile[]);
    } catch (e) {
      setError(describe(e));
    } finally {
      setWorking(false);
    }
  };
  return (
    <section aria-labelledby="exports-h">
      <h2 id="exports-h">Export to your marketplace folders</h2>
      <p class="meta">Each final goes to your exports/ folder, one folder per marketplace, named as its bulk upload expects.</p>
      {amazon && (
        <div class="export-options">
          <label>
            Amazon identifier (ASIN, UPC or EAN; empty: the SKU)
            <input value={amazonId} onInput={(ev) => setAmazonId((ev.target as HTMLInputElement).value)} />
          </label>
          <label>
            Amazon image slot
            <select value={slot} onChange={(ev) => setSlot((ev.target as HTMLSelectElement).value)}>
              {AMAZON_SLOTS.map((s) => (
                <option key={s} value={s}>
                  {s === 'MAIN' ? 'MAIN (the main image)' : s === 'SWCH' ? 'SWCH (the swatch)' : s === 'AUTO' ? 'AUTO (next free slot)' : s}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={replace} onChange={(ev) => setReplace((ev.target as HTMLInputElement).checked)} />
            Replace a file another photo of this product exported to that slot
          </label>
        </div>
      )}
      <button type="button" onClick={run} disabled={working}>
        {working ? 'Exporting…' : 'Export'}
      </button>
      {files && (
        <ul class="exports" aria-label="Exported files">
          {files.map((f) => (
            <li key={f.key}>
              <a href={f.url}>{f.key.split('/').slice(-2).join('/')}</a> ({f.preset}, v{f.version}): {EXPORT_STATUS[f.status]}
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

/** What the seller told about the product: its category, its facts and, for a generated one, the prompt. */
function ProductFacts({ session }: { session: Session }) {
  const facts = Object.entries(session.facts ?? {});
  const category = session.category && session.category !== 'generic' ? session.category : null;
  const prompt = session.source?.prompt;
  if (!category && facts.length === 0 && !prompt) return null;
  return (
    <dl class="facts" aria-label="About the product">
      {prompt && (
        <>
          <dt>Prompt</dt>
          <dd>{prompt}</dd>
        </>
      )}
      {category && (
        <>
          <dt>Category</dt>
          <dd>{category}</dd>
        </>
      )}
      {facts.map(([name, value]) => (
        <Fragment key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
