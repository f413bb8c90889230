import { useEffect, useState } from 'preact/hooks';
import { api, ok, type Session } from '../api/client';

type SetAnswer = {
  sku: string;
  sessions: number;
  presets: {
    preset: string;
    views: { sessionId: string; status: string; version: number; lightness?: number | null; a?: number | null; b?: number | null; fill?: number | null; exposureEv?: number | null }[];
    spread: { lightness?: number | null; exposureEv?: number | null; fill?: number | null };
  }[];
};

function fixed(n: number | null | undefined, digits: number): string {
  return n === null || n === undefined ? '–' : n.toFixed(digits);
}

/**
 * This product's photos side by side in numbers (GET /catalog/items/{sku}/set, docs/brand-kit.md): each session's
 * final of the SKU with the product's lightness and cast, its fill and the lighting's exposure correction, and how far
 * they spread. Figures to judge, not a verdict: views differ where the product does.
 */
export function SkuSet({ session }: { session: Session }) {
  const [set, setSet] = useState<SetAnswer | null>(null);
  useEffect(() => {
    if (!session.sku) return;
    (async () => {
      try {
        setSet(ok(await api.GET('/catalog/items/{sku}/set', { params: { path: { sku: session.sku! } } })) as SetAnswer);
      } catch {
        setSet(null);
      }
    })();
  }, [session.sku, session.revision]);
  if (!set || set.presets.length === 0) return null;
  return (
    <section aria-labelledby="sku-set-h">
      <h2 id="sku-set-h">This product's photos</h2>
      <p class="meta">
        Every finished photo of SKU {set.sku}, per preset: the product's lightness (L*) and cast (a*, b*), how much of the frame it fills, and the
        exposure the lighting step corrected. Photos shot in the same light should need about the same correction.
      </p>
      {set.presets.map((p) => (
        <table key={p.preset} class="uploads sku-set">
          <caption>
            {p.preset}: {p.views.length} {p.views.length === 1 ? 'photo' : 'photos'}
            {p.views.length > 1 && `; spread L* ${fixed(p.spread.lightness, 1)}, exposure ${fixed(p.spread.exposureEv, 2)} EV, fill ${fixed(p.spread.fill, 2)}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Photo</th>
              <th scope="col">Status</th>
              <th scope="col">L*</th>
              <th scope="col">a*</th>
              <th scope="col">b*</th>
              <th scope="col">Fill</th>
              <th scope="col">Exposure</th>
            </tr>
          </thead>
          <tbody>
            {p.views.map((v) => (
              <tr key={v.sessionId}>
                <th scope="row">
                  {v.sessionId === session.id ? 'this one' : <a href={`#/sessions/${v.sessionId}`}>v{v.version} of another session</a>}
                </th>
                <td>{v.status}</td>
                <td>{fixed(v.lightness, 1)}</td>
                <td>{fixed(v.a, 1)}</td>
                <td>{fixed(v.b, 1)}</td>
                <td>{fixed(v.fill, 2)}</td>
                <td>{v.exposureEv === null || v.exposureEv === undefined ? '–' : `${v.exposureEv >= 0 ? '+' : ''}${v.exposureEv.toFixed(2)} EV`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
