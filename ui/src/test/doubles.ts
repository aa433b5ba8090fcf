import type { Post, Session, WindowResult } from '../api/types';

/** A recorded request to the fetch double. */
export interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: BodyInit | null | undefined;
}

type Responder = (call: Call) => Response | Promise<Response>;

/** A fetch double for component tests: answers by method + path prefix/regex, records every call. */
export function httpDouble(routes: Array<[string, string | RegExp, Responder]>) {
  const calls: Call[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const call: Call = {
      method: init?.method ?? 'GET',
      path: String(input),
      headers: (init?.headers as Record<string, string>) ?? {},
      body: init?.body,
    };
    calls.push(call);
    const route = routes.find(
      ([m, p]) => m === call.method && (typeof p === 'string' ? call.path.split('?')[0] === p : p.test(call.path)),
    );
    if (!route) return problem(404, 'Not Found', `no route for ${call.method} ${call.path}`);
    return route[2](call);
  };
  return { fetchImpl: fetchImpl as typeof fetch, calls };
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function problem(status: number, title: string, detail: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title, status, detail }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

export const SESSION: Session = {
  token: 'header.payload.signature',
  expiresAt: Date.now() + 3_600_000,
  user: { id: '00000000-0000-4000-8000-000000000001', username: 'ada' },
};

export function post(overrides: Partial<Post> = {}): Post {
  return {
    postId: '10000000-0000-4000-8000-000000000001',
    communityId: 'skype',
    author: { id: '00000000-0000-4000-8000-000000000002', username: 'grace' },
    text: 'Hello there',
    mediaId: null,
    mediaUrl: null,
    createdAt: 1_700_000_000_000,
    emotion: 'joy',
    emotionScores: { anger: 0.01, disgust: 0.01, fear: 0.01, joy: 0.9, sadness: 0.02, surprise: 0.03, neutral: 0.02 },
    likes: 0,
    comments: 0,
    shares: 0,
    likedByMe: false,
    version: 1,
    ...overrides,
  };
}

export function windowResult(overrides: Partial<WindowResult> = {}): WindowResult {
  return {
    communityId: 'skype',
    windowStart: 1_700_000_000_000,
    windowEnd: 1_700_000_030_000,
    activeUsers: 2,
    posts: 1,
    likes: 3,
    comments: 1,
    shares: 0,
    emotions: { anger: 0, disgust: 0, fear: 0, joy: 1, sadness: 0, surprise: 0, neutral: 0 },
    lateEvents: 0,
    revision: 0,
    ...overrides,
  };
}

/** A WebSocket double: tests drive open/message/close; instances are kept in `sockets`. */
export class WebSocketDouble {
  static sockets: WebSocketDouble[] = [];
  readyState = 0;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  closedWith: number | null = null;

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    WebSocketDouble.sockets.push(this);
  }

  static reset() {
    WebSocketDouble.sockets = [];
  }

  static last(): WebSocketDouble {
    return WebSocketDouble.sockets[WebSocketDouble.sockets.length - 1];
  }

  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  receive(message: unknown) {
    const data = typeof message === 'string' ? message : JSON.stringify(message);
    this.onmessage?.(new MessageEvent('message', { data }));
  }

  serverClose(code: number, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean: code === 1000 } as CloseEvent);
  }

  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
  }

  send() {}
}

/** A 503 problem with Retry-After (seconds), as edge-api answers when Kafka or the database is unavailable. */
export function unavailable(retryAfterSeconds = 0): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'try again' }), {
    status: 503,
    headers: { 'Content-Type': 'application/problem+json', 'Retry-After': String(retryAfterSeconds) },
  });
}

/** A response the test releases when it wants: `respond(r)`. */
export function deferred(): { promise: Promise<Response>; respond: (r: Response) => void } {
  let respond: (r: Response) => void = () => {};
  const promise = new Promise<Response>((resolve) => (respond = resolve));
  return { promise, respond };
}
