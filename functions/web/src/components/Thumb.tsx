import { useEffect, useState } from 'preact/hooks';
import { api, ok } from '../api/client';

/** A preview of one version's image (made once by the API and kept), or null while it loads; 'missing' when there is none. */
export function usePreview(session: string, version: number, size: number): string | null | 'missing' {
  const [url, setUrl] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let live = true;
    setUrl(null);
    setMissing(false);
    api
      .GET('/sessions/{id}/versions/{n}/preview', { params: { path: { id: session, n: version }, query: { size } } })
      .then((r) => live && setUrl(ok(r).url))
      .catch(() => live && setMissing(true));
    return () => {
      live = false;
    };
  }, [session, version, size]);
  return missing ? 'missing' : url;
}

/** A small preview of one version, never the full-size image. */
export function Thumb({ session, version, size = 200, alt }: { session: string; version: number; size?: number; alt: string }) {
  const url = usePreview(session, version, size);
  if (url === 'missing') return <div class="thumb missing">no image</div>;
  return url ? <img class="thumb" src={url} alt={alt} width={size} height={size} loading="lazy" /> : <div class="thumb loading" aria-hidden="true" />;
}
