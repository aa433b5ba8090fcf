import type {
  Accepted,
  Comment,
  CommentAccepted,
  Community,
  FeedPage,
  MediaUpload,
  Me,
  PostAccepted,
  Session,
  User,
  WindowResult,
} from './types';

/** An error answer of edge-api (application/problem+json), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** A sentence to show a person. */
  get userMessage(): string {
    if (this.status === 0) return 'Cannot reach the server. Check your connection and try again.';
    if (this.status === 429) return this.detail || 'Too many attempts. Wait a moment and try again.';
    return this.detail || this.title || `Request failed (HTTP ${this.status}).`;
  }
}

type TokenSource = () => string | null;

/**
 * Waits before asking again when an interaction names a post edge-api answers 404 for. A post reaches the page over
 * the WebSocket as soon as the Flink job has it, which can be a few hundred milliseconds before its MySQL row — the
 * row edge-api checks — is written, so an immediate like of a brand-new post would otherwise fail.
 */
export const NOT_YET_STORED_RETRIES_MS = [250, 500, 1000, 2000];

/** The REST client. `onUnauthorized` runs when a signed-in call answers 401 (expired or revoked token). */
export class Api {
  constructor(
    private readonly token: TokenSource,
    private readonly onUnauthorized: () => void = () => {},
    private readonly base = '',
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    private readonly notYetStoredRetriesMs: readonly number[] = NOT_YET_STORED_RETRIES_MS,
  ) {}

  /** The UI's run-time configuration (public): where live-push is. */
  config(): Promise<{ livePushUrl?: string | null }> {
    return this.json('GET', '/api/config', undefined, false);
  }

  register(username: string, password: string): Promise<User> {
    return this.json('POST', '/api/auth/register', { username, password }, false);
  }

  login(username: string, password: string): Promise<Session> {
    return this.json('POST', '/api/auth/login', { username, password }, false);
  }

  logout(): Promise<void> {
    return this.json('POST', '/api/auth/logout');
  }

  me(): Promise<Me> {
    return this.json('GET', '/api/me');
  }

  communities(): Promise<Community[]> {
    return this.json('GET', '/api/communities');
  }

  join(communityId: string): Promise<void> {
    return this.json('POST', `/api/communities/${enc(communityId)}/join`);
  }

  leave(communityId: string): Promise<void> {
    return this.json('POST', `/api/communities/${enc(communityId)}/leave`);
  }

  feed(communityId: string, before: string | null, limit = 20): Promise<FeedPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (before) q.set('before', before);
    return this.json('GET', `/api/communities/${enc(communityId)}/feed?${q}`);
  }

  createPost(communityId: string, text: string, mediaId: string | null): Promise<PostAccepted> {
    const body = mediaId ? { text, mediaId } : { text };
    return this.json('POST', `/api/communities/${enc(communityId)}/posts`, body);
  }

  like(postId: string): Promise<Accepted> {
    return this.onPost(() => this.json('POST', `/api/posts/${enc(postId)}/like`));
  }

  unlike(postId: string): Promise<Accepted> {
    return this.onPost(() => this.json('DELETE', `/api/posts/${enc(postId)}/like`));
  }

  share(postId: string): Promise<Accepted> {
    return this.onPost(() => this.json('POST', `/api/posts/${enc(postId)}/shares`));
  }

  comments(postId: string): Promise<Comment[]> {
    return this.json('GET', `/api/posts/${enc(postId)}/comments`);
  }

  addComment(postId: string, text: string): Promise<CommentAccepted> {
    return this.onPost(() => this.json('POST', `/api/posts/${enc(postId)}/comments`, { text }));
  }

  analytics(communityId: string, from?: number, to?: number): Promise<WindowResult[]> {
    const q = new URLSearchParams();
    if (from !== undefined) q.set('from', String(from));
    if (to !== undefined) q.set('to', String(to));
    const qs = q.size ? `?${q}` : '';
    return this.json('GET', `/api/communities/${enc(communityId)}/analytics${qs}`);
  }

  uploadMedia(file: File): Promise<MediaUpload> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.send('POST', '/api/media', form, true).then((r) => r.json());
  }

  /** The bytes of an uploaded image; they need the bearer token, so an <img src> cannot load them directly. */
  media(url: string, signal?: AbortSignal): Promise<Blob> {
    return this.send('GET', url, undefined, true, signal).then((r) => r.blob());
  }

  /** Runs an interaction with a post, asking again after a pause while edge-api does not have the post yet. */
  private async onPost<T>(call: () => Promise<T>): Promise<T> {
    for (const pause of this.notYetStoredRetriesMs) {
      try {
        return await call();
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 404) throw e;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
    return call();
  }

  private async json<T>(method: string, path: string, body?: unknown, auth = true): Promise<T> {
    const response = await this.send(method, path, body === undefined ? undefined : JSON.stringify(body), auth);
    if (response.status === 204 || response.headers.get('content-length') === '0') return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async send(
    method: string,
    path: string,
    body: BodyInit | undefined,
    auth: boolean,
    signal?: AbortSignal,
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    if (typeof body === 'string') headers['Content-Type'] = 'application/json';
    const token = auth ? this.token() : null;
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await this.fetchImpl(this.base + path, { method, headers, body, signal });
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e;
      throw new ApiError(0, 'Network error', '');
    }
    if (response.ok) return response;
    const problem = await readProblem(response);
    if (response.status === 401 && auth) this.onUnauthorized();
    throw new ApiError(response.status, problem.title, problem.detail);
  }
}

async function readProblem(response: Response): Promise<{ title: string; detail: string }> {
  try {
    const text = await response.text();
    const p = JSON.parse(text) as { title?: unknown; detail?: unknown };
    return { title: String(p.title ?? response.statusText ?? ''), detail: String(p.detail ?? '') };
  } catch {
    return { title: response.statusText || `HTTP ${response.status}`, detail: '' };
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}
