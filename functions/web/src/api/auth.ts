/**
 * Deployed sign-in: Cognito's hosted UI with the authorization-code grant and PKCE (RFC 7636), no client secret.
 * The deployment writes /config.json with the sign-in domain and the app client (infra WebApp); without it (make
 * serve) the app runs in local mode, where the seller picks a tenant. The ID token is what API Gateway's Cognito
 * authorizer reads from the Authorization header; it is kept for the browser tab only (sessionStorage).
 */
export type AuthConfig = { domain: string; clientId: string };

const TOKEN_KEY = 'refinery.idToken';
const PKCE_KEY = 'refinery.pkce';

/** The deployment's sign-in settings, or null when the app is served locally. */
export async function loadAuthConfig(): Promise<AuthConfig | null> {
  try {
    const r = await fetch('/config.json', { cache: 'no-cache' });
    if (!r.ok || !(r.headers.get('Content-Type') ?? '').includes('json')) return null;
    const auth = (await r.json())?.auth;
    return auth?.domain && auth?.clientId ? { domain: String(auth.domain).replace(/\/$/, ''), clientId: String(auth.clientId) } : null;
  } catch {
    return null;
  }
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  bytes.forEach((b) => (s += String.fromCharCode(b)));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)). */
export async function challengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** Where the hosted UI sends the seller back: the app's root, as the app client's callback URLs list it. */
export function redirectUri(): string {
  return `${location.origin}/`;
}

/** Off to the hosted UI, with a fresh verifier and state kept for the way back. */
export async function signIn(c: AuthConfig): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: c.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email profile',
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  });
  location.assign(`${c.domain}/oauth2/authorize?${q}`);
}

/** On the way back from the hosted UI: the code exchanged for tokens. False when this load is not a sign-in's return. */
export async function completeSignIn(c: AuthConfig): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error_description') ?? params.get('error');
  if (!code && !error) return false;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', location.pathname + location.hash);
  if (error) throw new Error(`sign-in was refused: ${error}`);
  if (!saved || saved.state !== params.get('state')) throw new Error('the sign-in answer does not match this tab’s request: sign in again');
  const r = await fetch(`${c.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: c.clientId, code: code!, redirect_uri: redirectUri(), code_verifier: saved.verifier }),
  });
  if (!r.ok) throw new Error(`sign-in failed (${r.status}): sign in again`);
  const tokens = await r.json();
  if (!tokens.id_token) throw new Error('sign-in answered no ID token: sign in again');
  sessionStorage.setItem(TOKEN_KEY, tokens.id_token);
  return true;
}

export type Identity = { email?: string; tenant?: string; token: string };

/** The signed-in seller, while the ID token has more than a minute left; null otherwise. */
export function identity(): Identity | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  try {
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now() + 60_000) {
      sessionStorage.removeItem(TOKEN_KEY);
      return null;
    }
    return { email: claims.email, tenant: claims['custom:tenant'], token };
  } catch {
    sessionStorage.removeItem(TOKEN_KEY);
    return null;
  }
}

/** Forget the tokens and end the hosted UI's session too. */
export function signOut(c: AuthConfig): void {
  sessionStorage.removeItem(TOKEN_KEY);
  location.assign(`${c.domain}/logout?${new URLSearchParams({ client_id: c.clientId, logout_uri: redirectUri() })}`);
}
