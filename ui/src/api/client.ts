import type {
  Accepted,
  Comment,
  CommentAccepted,
  Community,
  FeedPage,
  MediaUpload,
  Me,
  PipelineHealth,
  PostAccepted,
  Session,
  User,
  WindowResult,
} from './types';

/** An error answer of edge-api (application/problem+json), or a network failure or timeout (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    /** The answer's Retry-After, in milliseconds, when it had one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** A sentence to show a person. */
  get userMessage(): string {
    if (this.status === 0 && this.title === TIMEOUT) return 'The server did not answer in time. Try again.';
    if (this.status === 0) return 'Cannot reach the server. Check your connection and try again.';
    if (this.status === 503) return this.detail || 'The service is unavailable for a moment. Try again shortly.';
    if (this.status === 429) return this.detail || 'Too many attempts. Wait a moment and try again.';
    return this.detail || this.title || `Request failed (HTTP ${this.status}).`;
  }
}

type TokenSource = () => string | null;

const TIMEOUT = 'Timeout';

/**
 * How a request that carries an event is retried: after a 503 (edge-api could not get the event acknowledged, or a
 * dependency is down), a 504, a timeout or a network error — always with the same Idempotency-Key, so edge-api answers
 * a retry with the first attempt's event and nothing is counted twice. Bounded in attempts and in time.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** No retry is scheduled that would start later than this after the first attempt. */
  maxTimeMs: number;
  /** An attempt without an answer for this long is abandoned (and retried). */
  timeoutMs: number;
  /** Pause before the n-th retry when the answer names none: base × 2^(n-1). */
  baseDelayMs: number;
  /** Longest pause, whatever Retry-After says. */
  maxDelayMs: number;
}

export const EVENT_RETRY: RetryPolicy = { attempts: 12, maxTimeMs: 120_000, timeoutMs: 15_000, baseDelayMs: 1000, maxDelayMs: 10_000 };
/** Signing out drops the token whatever happens: retry briefly only. */
export const LOGOUT_RETRY: RetryPolicy = { ...EVENT_RETRY, attempts: 3, maxTimeMs: 8_000, timeoutMs: 5_000 };

/** What a caller shows while a request is retried. */
export interface Retrying {
  /** The attempt about to start (2 for the first retry). */
  attempt: number;
  attempts: number;
  delayMs: number;
  /** Why, for a person. */
  reason: string;
}

export interface EventOptions {
  /** The Idempotency-Key; a new one when absent. Pass the same key to repeat the same user action. */
  key?: string;
  onRetry?: (retrying: Retrying) => void;
}

export interface ApiOptions {
  newKey?: () => string;
  retry?: RetryPolicy;
  logoutRetry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}

/** A fresh Idempotency-Key: crypto.randomUUID where the page may use it (secure contexts), else the same from random bytes. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function isRetryable(e: unknown): e is ApiError {
  return e instanceof ApiError && (e.status === 0 || e.status === 503 || e.status === 504);
}

function retryReason(e: ApiError): string {
  if (e.status === 0) return e.title === TIMEOUT ? 'the server did not answer in time' : 'the server cannot be reached';
  return 'the service is busy or recovering';
}

/** Retry-After as seconds or an HTTP date, in milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Waits before asking again when an interaction names a post edge-api answers 404 for. A post reaches the page over
 * the WebSocket as soon as the Flink job has it, which can be a few hundred milliseconds before its MySQL row — the
 * row edge-api checks — is written, so an immediate like of a brand-new post would otherwise fail.
 */
export const NOT_YET_STORED_RETRIES_MS = [250, 500, 1000, 2000];

/** The REST client. `onUnauthorized` runs when a signed-in call answers 401 (expired or revoked token). */
export class Api {
  private readonly retry: RetryPolicy;
  private readonly logoutRetry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  /** A new Idempotency-Key. */
  readonly newKey: () => string;

  constructor(
    private readonly token: TokenSource,
    private readonly onUnauthorized: () => void = () => {},
    private readonly base = '',
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    private readonly notYetStoredRetriesMs: readonly number[] = NOT_YET_STORED_RETRIES_MS,
    options: ApiOptions = {},
  ) {
    this.newKey = options.newKey ?? newIdempotencyKey;
    this.retry = options.retry ?? EVENT_RETRY;
    this.logoutRetry = options.logoutRetry ?? LOGOUT_RETRY;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The UI's run-time configuration (public): where live-push is. */
  config(): Promise<{ livePushUrl?: string | null }> {
    return this.json('GET', '/api/config', undefined, false);
  }

  register(username: string, password: string): Promise<User> {
    return this.json('POST', '/api/auth/register', { username, password }, false);
  }

  login(username: string, password: string, options: EventOptions = {}): Promise<Session> {
    return this.event('POST', '/api/auth/login', { username, password }, options, false);
  }

  logout(options: EventOptions = {}): Promise<void> {
    return this.event('POST', '/api/auth/logout', undefined, options, true, this.logoutRetry);
  }

  /** The pipeline's health figures (GET /api/health/pipeline). */
  pipelineHealth(): Promise<PipelineHealth> {
    return this.json('GET', '/api/health/pipeline');
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

  createPost(communityId: string, text: string, mediaId: string | null, options: EventOptions = {}): Promise<PostAccepted> {
    const body = mediaId ? { text, mediaId } : { text };
    return this.event('POST', `/api/communities/${enc(communityId)}/posts`, body, options);
  }

  like(postId: string, options: EventOptions = {}): Promise<Accepted> {
    return this.onPost('POST', `/api/posts/${enc(postId)}/like`, undefined, options);
  }

  unlike(postId: string, options: EventOptions = {}): Promise<Accepted> {
    return this.onPost('DELETE', `/api/posts/${enc(postId)}/like`, undefined, options);
  }

  share(postId: string, options: EventOptions = {}): Promise<Accepted> {
    return this.onPost('POST', `/api/posts/${enc(postId)}/shares`, undefined, options);
  }

  comments(postId: string): Promise<Comment[]> {
    return this.json('GET', `/api/posts/${enc(postId)}/comments`);
  }

  addComment(postId: string, text: string, options: EventOptions = {}): Promise<CommentAccepted> {
    return this.onPost('POST', `/api/posts/${enc(postId)}/comments`, { text }, options);
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

  /**
   * An interaction with a post: one Idempotency-Key for the whole action, asking again after a pause while edge-api
   * does not have the post yet (404).
   */
  private async onPost<T>(method: string, path: string, body: unknown, options: EventOptions): Promise<T> {
    const withKey = { ...options, key: options.key ?? this.newKey() };
    for (const pause of this.notYetStoredRetriesMs) {
      try {
        return await this.event<T>(method, path, body, withKey);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 404) throw e;
        await this.sleep(pause);
      }
    }
    return this.event<T>(method, path, body, withKey);
  }

  /** A request that carries an event: sent with an Idempotency-Key, retried with it per the policy. */
  private async event<T>(
    method: string,
    path: string,
    body: unknown,
    options: EventOptions,
    auth = true,
    policy: RetryPolicy = this.retry,
  ): Promise<T> {
    const key = options.key ?? this.newKey();
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.json<T>(method, path, body, auth, { 'Idempotency-Key': key }, policy.timeoutMs);
      } catch (e) {
        if (!isRetryable(e) || attempt >= policy.attempts) throw e;
        const delay = Math.min(policy.maxDelayMs, e.retryAfterMs ?? policy.baseDelayMs * 2 ** (attempt - 1));
        if (Date.now() - started + delay > policy.maxTimeMs) throw e;
        options.onRetry?.({ attempt: attempt + 1, attempts: policy.attempts, delayMs: delay, reason: retryReason(e) });
        await this.sleep(delay);
      }
    }
  }

  private async json<T>(
    method: string,
    path: string,
    body?: unknown,
    auth = true,
    extraHeaders?: Record<string, string>,
    timeoutMs?: number,
  ): Promise<T> {
    const response = await this.send(method, path, body === undefined ? undefined : JSON.stringify(body), auth,
      undefined, extraHeaders, timeoutMs);
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
    extraHeaders?: Record<string, string>,
    timeoutMs?: number,
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...extraHeaders };
    if (typeof body === 'string') headers['Content-Type'] = 'application/json';
    const token = auth ? this.token() : null;
    if (token) headers.Authorization = `Bearer ${token}`;
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (timeoutMs !== undefined && !signal) {
      const controller = new AbortController();
      signal = controller.signal;
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    }
    let response: Response;
    try {
      response = await this.fetchImpl(this.base + path, { method, headers, body, signal });
    } catch (e) {
      if (timedOut) throw new ApiError(0, TIMEOUT, '');
      if ((e as Error)?.name === 'AbortError') throw e;
      throw new ApiError(0, 'Network error', '');
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    if (response.ok) return response;
    const problem = await readProblem(response);
    if (response.status === 401 && auth) this.onUnauthorized();
    throw new ApiError(response.status, problem.title, problem.detail, parseRetryAfter(response.headers.get('Retry-After')));
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

/** What to show while a request is retried: "Posting: the server cannot be reached; trying again in 2 s (2 of 6)". */
export function retryingMessage(action: string, r: Retrying): string {
  const seconds = Math.max(1, Math.round(r.delayMs / 1000));
  return `${action}: ${r.reason}; trying again in ${seconds} s (attempt ${r.attempt} of ${r.attempts})…`;
}

/**
 * The Idempotency-Keys of user actions that have not succeeded yet. Doing the same action again (the same post text,
 * a share of the same post) after a failure reuses its key, so a first attempt that did reach the server in the end is
 * repeated rather than doubled; once the action succeeded its next occurrence gets a new key.
 */
export class ActionKeys {
  private readonly keys = new Map<string, string>();

  constructor(private readonly newKey: () => string) {}

  key(action: string): string {
    let key = this.keys.get(action);
    if (!key) {
      key = this.newKey();
      this.keys.set(action, key);
    }
    return key;
  }

  succeeded(action: string): void {
    this.keys.delete(action);
  }
}
