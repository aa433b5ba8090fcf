/**
 * Where live-push is. First match wins:
 *  1. `window.STREAMER_CONFIG.livePushUrl` (set by a script a deployment injects before the app loads),
 *  2. `<meta name="streamer-live-push" content="wss://push.example.com">` in index.html,
 *  3. the build-time variable `VITE_LIVE_PUSH_URL`,
 *  4. the page's own host on port 8090 (`ws:` for http pages, `wss:` for https pages).
 * The value is a base URL (scheme, host, port, optional path prefix); `/ws/communities/{id}` is appended.
 */
export interface StreamerConfig {
  livePushUrl?: string;
}

declare global {
  interface Window {
    STREAMER_CONFIG?: StreamerConfig;
  }
}

export function livePushBase(
  win: Pick<Window, 'location' | 'document' | 'STREAMER_CONFIG'> = window,
  buildTime: string | undefined = import.meta.env.VITE_LIVE_PUSH_URL,
): string {
  const fromGlobal = win.STREAMER_CONFIG?.livePushUrl;
  const fromMeta = win.document.querySelector<HTMLMetaElement>('meta[name="streamer-live-push"]')?.content;
  const chosen = [fromGlobal, fromMeta, buildTime].find((v) => typeof v === 'string' && v.trim() !== '');
  if (chosen) return chosen.trim().replace(/\/+$/, '');
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  const host = win.location.hostname.includes(':') ? `[${win.location.hostname}]` : win.location.hostname;
  return `${scheme}://${host}:8090`;
}

export function liveUrl(base: string, communityId: string, token: string): string {
  return `${base}/ws/communities/${encodeURIComponent(communityId)}?token=${encodeURIComponent(token)}`;
}
