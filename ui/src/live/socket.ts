import type { LiveMessage } from '../api/types';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Failed attempts since the last successful open. */
  attempt: number;
  /** When the next attempt starts (epoch ms), while reconnecting. */
  retryAt?: number;
  /** Why the connection is closed for good, for a person. */
  reason?: string;
}

/** live-push close codes (4000–4999) that must not be retried, with what to tell the user. */
const FINAL_CLOSE: Record<number, string> = {
  4401: 'Your session is not valid. Sign in again.',
  4402: 'Your session expired. Sign in again.',
  4403: 'Join this community to get live updates.',
  4404: 'This community does not exist.',
  4410: 'You signed out. Sign in again.',
};
/** Close codes that end the session: invalid token, expired token, revoked token (signed out elsewhere). */
export const AUTH_CLOSE_CODES = new Set([4401, 4402, 4410]);

const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at 30 s, each scaled by 0.5–1.0. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + random() / 2));
}

export interface LiveConnectionOptions {
  onMessage: (message: LiveMessage) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** Called after each successful open; `reconnected` is true from the second one on (resync missed posts). */
  onOpen?: (reconnected: boolean) => void;
  /** Called when live-push rejects the token (4401/4402/4410), with the close code. */
  onAuthRejected?: (code: number) => void;
  /** Offered as `Sec-WebSocket-Protocol` (`["bearer", token]`: the token never goes into the URL). */
  protocols?: string[];
  WebSocketImpl?: typeof WebSocket;
  random?: () => number;
  now?: () => number;
}

/** One WebSocket to live-push that reconnects with backoff until `stop()` or a final close code. */
export class LiveConnection {
  private socket: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private opens = 0;
  private stopped = false;
  private readonly WS: typeof WebSocket;

  constructor(
    private readonly url: string,
    private readonly options: LiveConnectionOptions,
  ) {
    this.WS = options.WebSocketImpl ?? WebSocket;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= 1) socket.close(1000, 'leaving');
  }

  private connect(): void {
    if (this.stopped) return;
    this.options.onStatus({ state: this.attempt === 0 ? 'connecting' : 'reconnecting', attempt: this.attempt });
    let socket: WebSocket;
    try {
      socket = new this.WS(this.url, this.options.protocols);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      const reconnected = this.opens > 0;
      this.opens++;
      this.attempt = 0;
      this.options.onStatus({ state: 'open', attempt: 0 });
      this.options.onOpen?.(reconnected);
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.socket !== socket) return;
      const message = parseMessage(event.data);
      if (message) this.options.onMessage(message);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      const final = FINAL_CLOSE[event.code];
      if (final) {
        this.stopped = true;
        this.options.onStatus({ state: 'closed', attempt: this.attempt, reason: final });
        if (AUTH_CLOSE_CODES.has(event.code)) this.options.onAuthRejected?.(event.code);
        return;
      }
      this.scheduleRetry();
    };
    // An error is always followed by close; retrying happens there.
    socket.onerror = () => {};
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt, this.options.random);
    this.attempt++;
    const now = (this.options.now ?? Date.now)();
    this.options.onStatus({ state: 'reconnecting', attempt: this.attempt, retryAt: now + delay });
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }
}

export function parseMessage(data: unknown): LiveMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const m = JSON.parse(data) as { type?: unknown };
    if (m && (m.type === 'snapshot' || m.type === 'analytics' || m.type === 'post' || m.type === 'resync')) {
      return m as LiveMessage;
    }
  } catch {
    // not JSON: ignore the frame
  }
  return null;
}
