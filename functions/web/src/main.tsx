import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { tenant } from './api/client';
import { Catalog } from './pages/Catalog';
import { SessionPage } from './pages/SessionPage';
import { SignIn } from './pages/SignIn';
import './styles.css';

/**
 * Routes live in the URL's fragment (#/sessions/ID), so reloading any screen asks the server for / only and never
 * reaches the API under /api.
 */
function route(): { page: 'catalog' } | { page: 'session'; id: string } {
  const m = /^#\/sessions\/([A-Za-z0-9-]+)/.exec(location.hash);
  return m ? { page: 'session', id: m[1] } : { page: 'catalog' };
}

function App() {
  const [who, setWho] = useState(tenant.get());
  const [where, setWhere] = useState(route());
  useEffect(() => {
    const onHash = () => {
      setWhere(route());
      window.scrollTo(0, 0);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = where.page === 'session' ? 'Session — Refinery' : 'Your photos — Refinery';
  }, [where]);

  if (!who) {
    return <SignIn onSignedIn={(t) => setWho(t)} />;
  }
  return (
    <>
      <header class="top">
        <a class="brand" href="#/">
          Refinery
        </a>
        <nav aria-label="Account">
          <span class="who">
            Tenant <strong>{who}</strong>
          </span>
          <button
            type="button"
            class="link"
            onClick={() => {
              tenant.clear();
              setWho(null);
            }}
          >
            Sign out
          </button>
        </nav>
      </header>
      <main id="main">{where.page === 'session' ? <SessionPage id={where.id} /> : <Catalog />}</main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
