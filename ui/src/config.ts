/**
 * Where live-push is, read at run time: edge-api's `GET /api/config` answers `{livePushUrl}` (a URL prefix such as
 * `wss://streamer.example.com`; `/ws/communities/{id}` is appended), the one origin its Content-Security-Policy lets
 * the page connect to besides its own. If that cannot be read, the page's own host on port 8090 (`ws:` for http pages,
 * `wss:` for https pages).
 */
export function fallbackLivePushBase(win: Pick<Window, 'location'> = window): string {
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  const name = win.location.hostname;
  const host = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
  return `${scheme}://${host}:8090`;
}

/** The live-push base from edge-api's answer, or the fallback when the answer has none. */
export function livePushBase(configured: string | null | undefined, win: Pick<Window, 'location'> = window): string {
  const value = typeof configured === 'string' ? configured.trim() : '';
  return value ? value.replace(/\/+$/, '') : fallbackLivePushBase(win);
}

/** The socket URL of a community. The token never goes into a URL (proxies log URLs): see {@link liveProtocols}. */
export function liveUrl(base: string, communityId: string): string {
  return `${base}/ws/communities/${encodeURIComponent(communityId)}`;
}

/** What `new WebSocket(url, protocols)` offers: live-push answers "bearer" and reads the token from the second value. */
export function liveProtocols(token: string): string[] {
  return ['bearer', token];
}
