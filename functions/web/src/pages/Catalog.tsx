import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, describe, FINISHED, ok, type Session } from '../api/client';
import { StatusBadge } from '../components/StatusBadge';
import { Thumb } from '../components/Thumb';
import { Upload } from './Upload';
import { ErrorNote } from '../components/ErrorNote';
import { SpendFigure } from '../components/Spend';
import type { components } from '../api/schema';

type CatalogItem = components['schemas']['CatalogItem'];

/** Sessions a page of the list holds. */
const PAGE = 50;

/** Needs review first, then failures, work in progress, and the finished ones; newest first within each. */
const ORDER: Record<string, number> = { NEEDS_REVIEW: 0, FAILED: 1, RUNNING: 2, PENDING: 2, COMPLETED: 3 };

export function sortForSeller(list: Session[]): Session[] {
  return [...list].sort(
    (a, b) => (ORDER[a.status ?? 'PENDING'] - ORDER[b.status ?? 'PENDING']) || (b.createdAt ?? '').localeCompare(a.createdAt ?? ''),
  );
}

/** The catalog as the list orders sessions: SKUs whose latest session needs review first, then by SKU. */
function sortItems(items: CatalogItem[], sessions: Session[]): CatalogItem[] {
  const rank = (it: CatalogItem) => ORDER[sessions.find((s) => s.id === it.lastSessionId)?.status ?? 'COMPLETED'];
  return [...items].sort((a, b) => rank(a) - rank(b) || (a.sku ?? '').localeCompare(b.sku ?? ''));
}

/** The older sessions with a page's appended, each session once (a page read twice, or overlapping, adds nothing). */
export function withoutRepeats(older: Session[], page: Session[]): Session[] {
  const seen = new Set(older.map((s) => s.id));
  return [...older, ...page.filter((s) => !seen.has(s.id) && seen.add(s.id))];
}

function when(iso?: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** The tenant's sessions, a page at a time, polled while any is still being refined; and the upload panel. */
export function Catalog() {
  // the newest page, refreshed while anything is refining, and the older pages the seller asked for
  const [newest, setNewest] = useState<Session[]>([]);
  const [older, setOlder] = useState<Session[]>([]);
  // the cursor of the next older page: the newest page's until the seller asks for older ones, then the last older
  // page's, which stays null once they run out (the newest page, read again, must not bring its own cursor back)
  const [paging, setPaging] = useState<{ askedForOlder: boolean; next: string | null }>({ askedForOlder: false, next: null });
  const [fetchingOlder, setFetchingOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [items, setItems] = useState<CatalogItem[]>([]);
  // bumped by every load, so the spend figure is read again with the list
  const [tick, setTick] = useState(0);

  const load = useCallback(async () => {
    try {
      const page = ok(await api.GET('/sessions', { params: { query: { limit: PAGE } } }));
      setNewest(page.sessions ?? []);
      setPaging((p) => (p.askedForOlder ? p : { askedForOlder: false, next: page.next ?? null }));
      setItems(ok(await api.GET('/catalog/items')).items ?? []);
      setTick((t) => t + 1);
      setError(null);
    } catch (e) {
      setError(describe(e));
    } finally {
      setLoaded(true);
    }
  }, []);

  useEffect(() => {
    load();
  }, [load]);

  const ids = new Set(newest.map((s) => s.id));
  const sessions = [...newest, ...older.filter((s) => !ids.has(s.id))];
  const busy = sessions.some((s) => !FINISHED.includes(s.status ?? 'PENDING'));
  useEffect(() => {
    if (!busy) return;
    const t = setInterval(load, 2000);
    return () => clearInterval(t);
  }, [busy, load]);

  const more = async () => {
    if (!paging.next || fetchingOlder) return;
    setFetchingOlder(true);
    try {
      const page = ok(await api.GET('/sessions', { params: { query: { limit: PAGE, cursor: paging.next } } }));
      setOlder((o) => withoutRepeats(o, page.sessions ?? []));
      setPaging({ askedForOlder: true, next: page.next ?? null });
    } catch (e) {
      setError(describe(e));
    } finally {
      setFetchingOlder(false);
    }
  };

  const counts = sessions.reduce<Record<string, number>>((c, s) => ({ ...c, [s.status ?? 'PENDING']: (c[s.status ?? 'PENDING'] ?? 0) + 1 }), {});
  return (
    <>
      <h1>Your photos</h1>
      <SpendFigure refresh={tick} />
      <Upload onStarted={load} />
      <section aria-labelledby="sessions-h">
        <h2 id="sessions-h">Sessions</h2>
        <ErrorNote error={error} />
        {loaded && sessions.length === 0 && !error && <p>No photos yet: add some above.</p>}
        {sessions.length > 0 && (
          <p class="summary" aria-live="polite">
            {counts.NEEDS_REVIEW ? `${counts.NEEDS_REVIEW} need your review · ` : ''}
            {counts.COMPLETED ?? 0} ready · {(counts.RUNNING ?? 0) + (counts.PENDING ?? 0)} refining
            {counts.FAILED ? ` · ${counts.FAILED} failed` : ''}
          </p>
        )}
        <ul class="grid" aria-label="Sessions, needing review first">
          {sortForSeller(sessions).map((s) => {
            // its first final, or (needing review, not finished yet) the version its rounds start from
            const final = Object.entries(s.finals ?? {})[0];
            const shown = final ? final[1] : s.head;
            return (
              <li key={s.id} class="card">
                <a href={`#/sessions/${s.id}`} aria-label={`${s.sku ?? 'session'}: ${s.status}`}>
                  {shown ? (
                    <Thumb session={s.id!} version={shown} alt={`${s.sku ?? 'product'}, ${final ? final[0] + ' final' : 'latest version'}`} />
                  ) : (
                    <div class="thumb loading" aria-hidden="true" />
                  )}
                  <span class="sku">{s.sku ?? 'from a prompt'}</span>
                </a>
                <StatusBadge status={s.status} />
                <span class="meta">
                  {(s.presets ?? []).join(', ')} · {when(s.updatedAt ?? s.createdAt)}
                </span>
                {s.reason && <span class="reason">{s.reason}</span>}
              </li>
            );
          })}
        </ul>
        {paging.next && (
          <button type="button" onClick={more} disabled={fetchingOlder}>
            Show older sessions
          </button>
        )}
      </section>
      {items.length > 0 && (
        <section aria-labelledby="catalog-h">
          <h2 id="catalog-h">Your catalog</h2>
          <table class="uploads catalog">
            <caption class="help">Each SKU once; last refreshed is when its latest upload, or the scheduled refresh, refined it.</caption>
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">Latest</th>
                <th scope="col">Last refreshed</th>
              </tr>
            </thead>
            <tbody>
              {sortItems(items, sessions).map((it) => {
                const last = sessions.find((s) => s.id === it.lastSessionId);
                return (
                  <tr key={it.sku}>
                    <th scope="row">{it.lastSessionId ? <a href={`#/sessions/${it.lastSessionId}`}>{it.sku}</a> : it.sku}</th>
                    <td>{last ? <StatusBadge status={last.status} /> : <span class="meta">{(it.presets ?? []).join(', ')}</span>}</td>
                    <td>{it.lastRefinedAt ? <time dateTime={it.lastRefinedAt}>{when(it.lastRefinedAt)}</time> : 'not yet'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
