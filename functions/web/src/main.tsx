import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { completeSignIn, identity, loadAuthConfig, signIn, signOut, type AuthConfig } from './api/auth';
import { describe, tenant } from './api/client';
import { BrandKitPage } from './pages/BrandKitPage';
import { Catalog } from './pages/Catalog';
import { SessionPage } from './pages/SessionPage';
import { SignIn } from './pages/SignIn';
import './styles.css';
import { ErrorNote } from './components/ErrorNote';

/**
 * Routes live in the URL's fragment (#/sessions/ID), so reloading any screen asks the server for / only and never
 * reaches the API under /api.
 */
function route(): { page: 'catalog' } | { page: 'brand-kit' } | { page: 'session'; id: string } {
  const m = /^#\/sessions\/([A-Za-z0-9-]+)/.exec(location.hash);
  if (m) return { page: 'session', id: m[1] };
  return location.hash.startsWith('#/brand-kit') ? { page: 'brand-kit' } : { page: 'catalog' };
}

function App() {
  // undefined while /config.json is read; null when served locally (the seller picks a tenant)
  const [auth, setAuth] = useState<AuthConfig | null | undefined>(undefined);
  const [who, setWho] = useState<string | null>(null);
  const [signInError, setSignInError] = useState<string | null>(null);
  const [where, setWhere] = useState(route());
  useEffect(() => {
    (async () => {
      const config = await loadAuthConfig();
      if (config) {
        try {
          await completeSignIn(config);
        } catch (e) {
          setSignInError(describe(e));
        }
        const id = identity();
        setWho(id ? (id.email ?? id.tenant ?? 'you') : null);
      } else {
        setWho(tenant.get());
      }
      setAuth(config);
    })();
  }, []);
  useEffect(() => {
    const onHash = () => {
      setWhere(route());
      window.scrollTo(0, 0);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = where.page === 'session' ? 'Session — Refinery' : where.page === 'brand-kit' ? 'Brand kit — Refinery' : 'Your photos — Refinery';
  }, [where]);

  if (auth === undefined) {
    return (
      <main id="main">
        <p aria-busy="true">Loading…</p>
      </main>
    );
  }
  if (!who) {
    return auth ? <HostedSignIn config={auth} error={signInError} /> : <SignIn onSignedIn={(t) => setWho(t)} />;
  }
  return (
    <>
      <header class="top">
        <a class="brand" href="#/">
          Refinery
        </a>
        <nav aria-label="Account">
          <a href="#/brand-kit">Brand kit</a>
          <span class="who">
            {auth ? 'Signed in as' : 'Tenant'} <strong>{who}</strong>
          </span>
          <button
            type="button"
            class="link"
            onClick={() => {
              if (auth) {
                signOut(auth);
              } else {
                tenant.clear();
                setWho(null);
              }
            }}
          >
            Sign out
          </button>
        </nav>
      </header>
      <main id="main">{where.page === 'session' ? <SessionPage id={where.id} /> : where.page === 'brand-kit' ? <BrandKitPage /> : <Catalog />}</main>
    </>
  );
}

/** Deployed: the seller signs in on the hosted sign-in page and comes back here. */
function HostedSignIn({ config, error }: { config: AuthConfig; error: string | null }) {
  return (
    <main id="main" class="signin">
      <h1>Refinery</h1>
      <p>Marketplace-ready product photos from your own: upload, watch each step, compare, ask for changes, approve, download.</p>
      <ErrorNote error={error} />
      <button type="button" onClick={() => signIn(config)}>
        Sign in
      </button>
    </main>
  );
}

render(<App />, document.getElementById('app')!);
