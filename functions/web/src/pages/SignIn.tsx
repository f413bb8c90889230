import { useState } from 'preact/hooks';
import { tenant } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';

const TENANT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Locally, signing in is picking the tenant whose photos you work on (the local stack trusts it). */
export function SignIn({ onSignedIn }: { onSignedIn: (t: string) => void }) {
  const [value, setValue] = useState('acme');
  const [error, setError] = useState<string | null>(null);
  return (
    <main id="main" class="signin">
      <h1>Refinery</h1>
      <p>Marketplace-ready product photos from your own: upload, watch each step, compare, ask for changes, approve, download.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const t = value.trim();
          if (!TENANT.test(t)) {
            setError('Use letters, digits, dots, dashes or underscores (up to 64), starting with a letter or digit.');
            return;
          }
          tenant.set(t);
          onSignedIn(t);
        }}
      >
        <label for="tenant">Tenant</label>
        <input
          id="tenant"
          name="tenant"
          value={value}
          autoComplete="organization"
          aria-describedby="tenant-help"
          aria-invalid={error ? 'true' : undefined}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        />
        <p id="tenant-help" class="help">
          On your own machine (<code>make serve</code>) you choose whose photos to work on; the deployed app signs you in
          with your account instead.
        </p>
        <ErrorNote error={error} />
        <button type="submit">Continue</button>
      </form>
    </main>
  );
}
