import { useEffect, useState } from 'preact/hooks';
import { api, describe, ok, type Session } from '../api/client';
import type { components } from '../api/schema';
import { ErrorNote } from './ErrorNote';

type Connection = components['schemas']['StoreConnection'];

/**
 * The tenant's Shopify store (PUT, GET and DELETE /stores/shopify, docs/export.md): the store's address and a custom
 * app's Admin API token, checked against the store before it is kept. The token is never shown again.
 */
export function ShopifyConnection() {
  const [connection, setConnection] = useState<Connection | null>(null);
  const [shop, setShop] = useState('');
  const [token, setToken] = useState('');
  const [autoPush, setAutoPush] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  useEffect(() => {
    (async () => {
      try {
        const stores = ok(await api.GET('/stores')).stores;
        setConnection(stores.find((s) => s.store === 'shopify') ?? null);
      } catch (e) {
        setError(describe(e));
      }
    })();
  }, []);

  const connect = async (ev: Event) => {
    ev.preventDefault();
    setWorking(true);
    setError(null);
    setNotice(null);
    try {
      const c = ok(await api.PUT('/stores/{store}', { params: { path: { store: 'shopify' } }, body: { shop: shop.trim(), accessToken: token.trim(), autoPush } }));
      setConnection(c);
      setToken('');
      setNotice(`Connected to ${c.name ?? c.shop}.`);
    } catch (e) {
      setError(describe(e));
    } finally {
      setWorking(false);
    }
  };

  const disconnect = async () => {
    setWorking(true);
    setError(null);
    setNotice(null);
    try {
      ok(await api.DELETE('/stores/{store}', { params: { path: { store: 'shopify' } } }));
      setConnection(null);
      setNotice('Disconnected: Refinery no longer keeps the token. Images already in your store stay there.');
    } catch (e) {
      setError(describe(e));
    } finally {
      setWorking(false);
    }
  };

  return (
    <section aria-labelledby="shopify-h">
      <h2 id="shopify-h">Your Shopify store</h2>
      {connection ? (
        <>
          <p>
            Connected to <strong>{connection.shop}</strong> since {new Date(connection.connectedAt).toLocaleString()}.{' '}
            {connection.autoPush ? 'Each finished session puts its image on the product with its SKU.' : 'You put images in it from a session’s page.'}
          </p>
          <button type="button" onClick={disconnect} disabled={working}>
            Disconnect the store
          </button>
        </>
      ) : (
        <>
        <p class="meta">
          In Shopify: Settings › Apps and sales channels › Develop apps › Create an app, give it the read_products and write_products
          scopes, install it, and copy its Admin API access token here. Refinery finds each product by its variant's SKU.
        </p>
        <form class="brand-kit" onSubmit={connect} noValidate>
          <label>
            Store address (your-store.myshopify.com)
            <input value={shop} onInput={(e) => setShop((e.target as HTMLInputElement).value)} autoComplete="off" />
          </label>
          <label>
            Admin API access token
            <input type="password" value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} autoComplete="off" />
          </label>
          <label class="check">
            <input type="checkbox" checked={autoPush} onChange={(e) => setAutoPush((e.target as HTMLInputElement).checked)} />
            Put each finished session's image in the store by itself
          </label>
          <button type="submit" disabled={working}>
            {working ? 'Checking the token…' : 'Connect the store'}
          </button>
        </form>
        </>
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

type Pushed = { preset: string; version: number; fileName: string; mediaId: string; action: 'added' | 'replaced' | 'unchanged' | 'recovered'; status: 'READY' | 'PROCESSING' | 'FAILED'; detail?: string | null };

const ACTION: Record<Pushed['action'], string> = {
  added: 'added to the product',
  replaced: 'replaced the earlier image in place',
  unchanged: 'already there, unchanged',
  recovered: 'found there from an earlier try',
};

const STATE: Record<Pushed['status'], string> = {
  READY: 'ready in Shopify',
  PROCESSING: 'Shopify is still processing it',
  FAILED: 'Shopify could not process it',
};

/** A session's final onto the store's product with its SKU (POST /sessions/{id}/stores/shopify), once per content. */
export function ShopifyPush({ session }: { session: Session }) {
  const [connection, setConnection] = useState<Connection | null | undefined>(undefined);
  const finals = Object.keys(session.finals ?? {}).sort();
  const [preset, setPreset] = useState('');
  const [first, setFirst] = useState(false);
  const [pushed, setPushed] = useState<Pushed | null>(null);
  const [shop, setShop] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  useEffect(() => {
    (async () => {
      try {
        setConnection(ok(await api.GET('/stores')).stores.find((s) => s.store === 'shopify') ?? null);
      } catch {
        setConnection(null);
      }
    })();
  }, []);

  if (!connection) return null;
  const push = async () => {
    setWorking(true);
    setError(null);
    setPushed(null);
    try {
      const p = ok(
        await api.POST('/sessions/{id}/stores/{store}', {
          params: { path: { id: session.id!, store: 'shopify' } },
          body: { ...(preset ? { preset } : {}), ...(first ? { position: 1 } : {}) },
        }),
      );
      setShop(p.shop);
      setPushed(p.files[0] as Pushed);
    } catch (e) {
      setError(describe(e));
    } finally {
      setWorking(false);
    }
  };
  return (
    <section aria-labelledby="shopify-push-h">
      <h2 id="shopify-push-h">Put it in your Shopify store</h2>
      <p class="meta">
        The image goes on the product in {connection.shop} whose variant has SKU {session.sku ?? '(none)'}; a newer final replaces it in place.
      </p>
      {finals.length > 1 && (
        <label>
          Which final
          <select value={preset} onChange={(e) => setPreset((e.target as HTMLSelectElement).value)}>
            <option value="">the Shopify square one, else the only one</option>
            {finals.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      )}
      <label class="check">
        <input type="checkbox" checked={first} onChange={(e) => setFirst((e.target as HTMLInputElement).checked)} />
        Make it the product's first image
      </label>
      <button type="button" onClick={push} disabled={working}>
        {working ? 'Sending…' : 'Put it in my store'}
      </button>
      {pushed && (
        <p role="status">
          {pushed.preset} v{pushed.version} in {shop}: {ACTION[pushed.action]}, {STATE[pushed.status]}
          {pushed.detail ? ` (${pushed.detail})` : ''}.
        </p>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
