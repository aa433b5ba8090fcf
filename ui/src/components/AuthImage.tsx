import { useEffect, useState } from 'react';
import { useServices } from '../auth/session';

/** An image from GET /api/media/{id}: fetched with the bearer token and shown from a blob URL. */
export function AuthImage({ url, alt }: { url: string; alt: string }) {
  const { api } = useServices();
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    let objectUrl: string | null = null;
    setFailed(false);
    setSrc(null);
    api
      .media(url, abort.signal)
      .then((blob) => {
        objectUrl = URL.createObjectURL(blob);
        setSrc(objectUrl);
      })
      .catch((e: unknown) => {
        if ((e as Error)?.name !== 'AbortError') setFailed(true);
      });
    return () => {
      abort.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [api, url]);

  if (failed) return <div className="media media-failed">Image unavailable</div>;
  if (!src) return <div className="media media-loading" aria-label="Loading image" role="img" />;
  return <img className="media" src={src} alt={alt} loading="lazy" />;
}
