import createClient from 'openapi-fetch';
import { identity } from './auth';
import type { components, paths } from './schema';

/** The API's types, generated from functions/aws/src/main/resources/openapi.yaml (npm run api-types). */
export type Session = components['schemas']['Session'];
export type Version = components['schemas']['Version'];
export type SessionEvent = components['schemas']['SessionEvent'];
export type Finding = components['schemas']['Finding'];
export type Region = components['schemas']['Region'];
export type PresignedPost = components['schemas']['PresignedPost'];
export type ApiErrorBody = components['schemas']['Error'];

export type Status = NonNullable<Session['status']>;
export const FINISHED: readonly Status[] = ['COMPLETED', 'NEEDS_REVIEW', 'FAILED'];

const TENANT_KEY = 'refinery.tenant';

/**
 * Who the app acts for locally: the seller picks a tenant and every call carries it in X-Refinery-Tenant, the
 * local stack's stand-in for the Cognito authorizer's claim (functions/local LocalApiServer). Deployed, the
 * signed-in seller's ID token goes in Authorization instead (./auth).
 */
export const tenant = {
  get: (): string | null => localStorage.getItem(TENANT_KEY),
  set: (t: string) => localStorage.setItem(TENANT_KEY, t),
  clear: () => localStorage.removeItem(TENANT_KEY),
};

/** The one client of the API, under /api on the app's own origin. */
export const api = createClient<paths>({ baseUrl: '/api' });
api.use({
  onRequest({ request }) {
    const signedIn = identity();
    if (signedIn) {
      request.headers.set('Authorization', signedIn.token);
    } else {
      const t = tenant.get();
      if (t) request.headers.set('X-Refinery-Tenant', t);
    }
    return request;
  },
});

/** An answer other than 2xx, with the API's message and its hint of what to do. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string | null,
  ) {
    super(message);
  }
}

/** The data of an answer, or an ApiError with the API's own words. */
export function ok<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.data !== undefined && r.response.ok) return r.data;
  const e = (r.error ?? {}) as Partial<ApiErrorBody>;
  throw new ApiError(r.response.status, e.message ?? `${r.response.status} ${r.response.statusText}`, e.hint);
}

/** A short human form of an error for the page. */
export function describe(e: unknown): string {
  if (e instanceof ApiError) return e.hint ? `${e.message} — ${e.hint}` : e.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Uploads one file with a presigned POST form (S3's browser upload), reporting progress. fetch() cannot report
 * upload progress, hence XMLHttpRequest.
 */
export function postForm(form: PresignedPost, file: File, progress: (share: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(form.fields ?? {})) body.append(k, v);
    body.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.url!);
    xhr.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        progress(1);
        resolve();
      } else {
        const message = /<Message>([^<]*)<\/Message>/.exec(xhr.responseText)?.[1];
        reject(new Error(`the upload was refused (${xhr.status})${message ? ': ' + message : ''}`));
      }
    };
    xhr.onerror = () => reject(new Error('the upload did not reach the server'));
    xhr.send(body);
  });
}
