import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocketDouble } from '../test/doubles';
import { backoffDelay, LiveConnection, parseMessage, type ConnectionStatus } from './socket';

describe('backoffDelay', () => {
  it('doubles from 1 s and caps at 30 s, with jitter between half and the full delay', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(backoffDelay(3, () => 0)).toBe(4000);
  });
});

describe('parseMessage', () => {
  it('accepts the four message types and ignores anything else', () => {
    expect(parseMessage('{"type":"snapshot","windows":[]}')).toEqual({ type: 'snapshot', windows: [] });
    expect(parseMessage('{"type":"resync"}')).toEqual({ type: 'resync' });
    expect(parseMessage('{"type":"nope"}')).toBeNull();
    expect(parseMessage('not json')).toBeNull();
    expect(parseMessage(new ArrayBuffer(2))).toBeNull();
  });
});

describe('LiveConnection', () => {
  let statuses: ConnectionStatus[];
  beforeEach(() => {
    vi.useFakeTimers();
    WebSocketDouble.reset();
    statuses = [];
  });
  afterEach(() => vi.useRealTimers());

  function connect(extra: Partial<ConstructorParameters<typeof LiveConnection>[1]> = {}) {
    const messages: unknown[] = [];
    const opens: boolean[] = [];
    const connection = new LiveConnection('ws://h:8090/ws/communities/skype', {
      protocols: ['bearer', 't'],
      onMessage: (m) => messages.push(m),
      onStatus: (s) => statuses.push(s),
      onOpen: (r) => opens.push(r),
      WebSocketImpl: WebSocketDouble as unknown as typeof WebSocket,
      random: () => 1,
      now: () => 0,
      ...extra,
    });
    connection.start();
    return { connection, messages, opens };
  }

  it('reconnects with growing backoff after abnormal closes and reports resync on reopen', () => {
    const { messages, opens } = connect();
    WebSocketDouble.last().open();
    WebSocketDouble.last().receive({ type: 'snapshot', windows: [] });
    WebSocketDouble.last().receive('garbage');
    expect(messages).toHaveLength(1);

    WebSocketDouble.last().serverClose(1006);
    expect(statuses.at(-1)).toEqual({ state: 'reconnecting', attempt: 1, retryAt: 1000 });
    vi.advanceTimersByTime(999);
    expect(WebSocketDouble.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(WebSocketDouble.sockets).toHaveLength(2);

    WebSocketDouble.last().serverClose(1006);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 2, retryAt: 2000 });
    vi.advanceTimersByTime(2000);
    WebSocketDouble.last().open();
    expect(statuses.at(-1)).toEqual({ state: 'open', attempt: 0 });
    expect(opens).toEqual([false, true]);
  });

  it('retries after 4408 (too slow) but stops for good on 4403 (not a member)', () => {
    connect();
    WebSocketDouble.last().open();
    WebSocketDouble.last().serverClose(4408);
    vi.advanceTimersByTime(1000);
    expect(WebSocketDouble.sockets).toHaveLength(2);
    WebSocketDouble.last().serverClose(4403);
    vi.advanceTimersByTime(60_000);
    expect(WebSocketDouble.sockets).toHaveLength(2);
    expect(statuses.at(-1)).toMatchObject({ state: 'closed', reason: 'Join this community to get live updates.' });
  });

  it('reports a rejected token (4401/4402) and does not retry', () => {
    const rejected = vi.fn();
    connect({ onAuthRejected: rejected });
    expect(WebSocketDouble.last().url).not.toContain('token');
    expect(WebSocketDouble.last().protocols).toEqual(['bearer', 't']);
    WebSocketDouble.last().serverClose(4402);
    vi.advanceTimersByTime(60_000);
    expect(rejected).toHaveBeenCalledExactlyOnceWith(4402);
    expect(WebSocketDouble.sockets).toHaveLength(1);
  });

  it('a revoked token (4410, signed out elsewhere) ends the session without retrying', () => {
    const rejected = vi.fn();
    connect({ onAuthRejected: rejected });
    WebSocketDouble.last().open();
    WebSocketDouble.last().serverClose(4410, 'token revoked');
    vi.advanceTimersByTime(60_000);
    expect(rejected).toHaveBeenCalledExactlyOnceWith(4410);
    expect(statuses.at(-1)).toMatchObject({ state: 'closed', reason: 'You signed out. Sign in again.' });
    expect(WebSocketDouble.sockets).toHaveLength(1);
  });

  it('leaving the community while connected (4403) stops for good', () => {
    connect();
    WebSocketDouble.last().open();
    WebSocketDouble.last().serverClose(4403, 'not a member of skype');
    vi.advanceTimersByTime(60_000);
    expect(WebSocketDouble.sockets).toHaveLength(1);
    expect(statuses.at(-1)).toMatchObject({ state: 'closed', reason: 'Join this community to get live updates.' });
  });

  it('stop() closes normally and never reconnects', () => {
    const { connection } = connect();
    const socket = WebSocketDouble.last();
    socket.open();
    connection.stop();
    expect(socket.closedWith).toBe(1000);
    socket.serverClose(1000);
    vi.advanceTimersByTime(60_000);
    expect(WebSocketDouble.sockets).toHaveLength(1);
  });
});
