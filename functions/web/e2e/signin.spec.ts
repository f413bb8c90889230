import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';

// The deployed sign-in (Cognito's hosted UI, authorization code with PKCE) against a stand-in authorization server
// answered by the browser's own request routing: what the app sends is checked as Cognito checks it. The local
// stack's CSP allows no sign-in domain (none exists locally), so this test alone runs without it.
test.use({ bypassCSP: true });

const DOMAIN = 'https://signin.refinery.test';
const CLIENT = 'web-client-1';

function base64url(b: Buffer): string {
  return b.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

test('deployed, a seller signs in through the hosted UI with PKCE and the API gets the ID token', async ({ page, baseURL }) => {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const idToken = [
    base64url(Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k' }))),
    base64url(Buffer.from(JSON.stringify({ email: 'ana@example.org', 'custom:tenant': 'acme', exp }))),
    'signature',
  ].join('.');
  let authorize: URLSearchParams | null = null;
  let tokenRequest: URLSearchParams | null = null;

  await page.route('**/config.json', (r) => r.fulfill({ json: { auth: { domain: DOMAIN, clientId: CLIENT } } }));
  await page.route(`${DOMAIN}/oauth2/authorize**`, (r) => {
    authorize = new URL(r.request().url()).searchParams;
    const back = new URL(authorize.get('redirect_uri')!);
    back.search = new URLSearchParams({ code: 'the-code', state: authorize.get('state')! }).toString();
    return r.fulfill({ status: 302, headers: { Location: back.toString() } });
  });
  await page.route(`${DOMAIN}/oauth2/token`, (r) => {
    tokenRequest = new URLSearchParams(r.request().postData() ?? '');
    const verifier = tokenRequest.get('code_verifier') ?? '';
    const ok = tokenRequest.get('code') === 'the-code' && base64url(createHash('sha256').update(verifier).digest()) === authorize?.get('code_challenge');
    return r.fulfill({
      status: ok ? 200 : 400,
      headers: { 'Access-Control-Allow-Origin': baseURL! },
      json: ok ? { id_token: idToken, access_token: 'a', token_type: 'Bearer', expires_in: 3600 } : { error: 'invalid_grant' },
    });
  });
  const apiCalls: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) apiCalls.push(r.headers()['authorization'] ?? '');
  });

  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Signed in as')).toBeVisible();
  await expect(page.getByText('ana@example.org')).toBeVisible();

  expect(authorize!.get('response_type')).toBe('code');
  expect(authorize!.get('client_id')).toBe(CLIENT);
  expect(authorize!.get('code_challenge_method')).toBe('S256');
  expect(authorize!.get('redirect_uri')).toBe(`${baseURL}/`);
  expect(tokenRequest!.get('grant_type')).toBe('authorization_code');
  expect(tokenRequest!.get('redirect_uri')).toBe(`${baseURL}/`);
  expect(page.url(), 'the code and state are taken out of the address').toBe(`${baseURL}/`);
  await expect.poll(() => apiCalls.length).toBeGreaterThan(0);
  expect(apiCalls.every((a) => a === idToken), 'every API call carries the ID token').toBe(true);

  // a forged return (a code this tab did not ask for) is refused
  await page.evaluate(() => sessionStorage.clear());
  await page.goto('/?code=stolen&state=not-mine');
  await expect(page.getByRole('alert')).toContainText('does not match');
});
