import { useEffect, useState } from 'react';
import { ApiError, NOT_YET_STORED_RETRIES_MS } from '../api/client';
import { useServices } from '../auth/session';

/**
 * An image from GET /api/media/{id}: fetched with the bearer token and shown from a blob URL. edge-api shows an image
 * to the members of a community only once a stored post shows it, and a live post can arrive a moment before its row
 * is stored: a 404 is asked again after a pause, a few times.
 */
export function AuthImage({ url, alt }: { url: string; alt: string }) {
  const { api } = useServices();
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    let objectUrl: string | null = null;
    setFailed(false);
    setSrc(null);
    const load = async (): Promise<Blob> => {
      for (const pause of NOT_YET_STORED_RETRIES_MS) {
        try {
          return await api.media(url, abort.signal);
        } catch (e) {
          if (!(e instanceof ApiError) || e.status !== 404) throw e;
          await new Promise((resolve) => setTimeout(resolve, pause));
          if (abort.signal.aborted) throw e;
        }
      }
      return api.media(url, abort.signal);
    };
    load()
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
