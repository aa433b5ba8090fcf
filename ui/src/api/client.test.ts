import { describe, expect, it } from 'vitest';
import {
  ActionKeys,
  Api,
  ApiError,
  newIdempotencyKey,
  parseRetryAfter,
  retryingMessage,
  type Retrying,
  type RetryPolicy,
} from './client';
import { unavailable } from '../test/doubles';

function answers(...statuses: number[]) {
  const calls: string[] = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    calls.push(`${init?.method} ${url}`);
    const status = statuses[Math.min(calls.length - 1, statuses.length - 1)];
    const body = status === 202
      ? JSON.stringify({ eventId: 'e1', occurredAt: 1 })
      : JSON.stringify({ title: 'Not Found', status, detail: `HTTP ${status}` });
    return new Response(body, {
      status,
      headers: { 'Content-Type': status === 202 ? 'application/json' : 'application/problem+json' },
    });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

describe('interactions with a post that is not stored yet', () => {
  it('asks again after a 404 and succeeds once edge-api has the post', async () => {
    const { calls, fetchImpl } = answers(404, 404, 202);
    const api = new Api(() => 't', () => {}, '', fetchImpl, [0, 0, 0]);
    await expect(api.like('p1')).resolves.toEqual({ eventId: 'e1', occurredAt: 1 });
    expect(calls).toEqual(['POST /api/posts/p1/like', 'POST /api/posts/p1/like', 'POST /api/posts/p1/like']);
  });

  it('gives up with the 404 after its pauses', async () => {
    const { calls, fetchImpl } = answers(404);
    const api = new Api(() => 't', () => {}, '', fetchImpl, [0, 0]);
    await expect(api.share('p1')).rejects.toMatchObject({ status: 404 });
    expect(calls).toHaveLength(3);
  });

  it('never repeats another error', async () => {
    const { calls, fetchImpl } = answers(403);
    const api = new Api(() => 't', () => {}, '', fetchImpl, [0, 0]);
    await expect(api.addComment('p1', 'hi')).rejects.toBeInstanceOf(ApiError);
    expect(calls).toHaveLength(1);
  });
});

describe('Idempotency-Key and retries of event-carrying requests', () => {
  const FAST: RetryPolicy = { attempts: 4, maxTimeMs: 60_000, timeoutMs: 50, baseDelayMs: 100, maxDelayMs: 10_000 };

  /** Answers in turn from `script` (the last one repeats); records method, path and key of every call. */
  function scripted(...script: Array<number | 'network' | 'hang'>) {
    const calls: Array<{ call: string; key: string | undefined }> = [];
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      calls.push({ call: `${init?.method} ${url}`, key: headers['Idempotency-Key'] });
      const step = script[Math.min(calls.length - 1, script.length - 1)];
      if (step === 'network') throw new TypeError('Failed to fetch');
      if (step === 'hang') {
        return new Promise<Response>((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        );
      }
      if (step === 503) return unavailable(2);
      const body = step >= 400 ? { title: 'x', status: step, detail: `HTTP ${step}` } : { eventId: 'e1', occurredAt: 1, postId: 'p1' };
      return new Response(JSON.stringify(body), { status: step, headers: { 'Content-Type': 'application/json' } });
    }) as unknown as typeof fetch;
    const pauses: number[] = [];
    let n = 0;
    const api = new Api(() => 't', () => {}, '', fetchImpl, [0, 0], {
      retry: FAST,
      logoutRetry: FAST,
      newKey: () => `key-${++n}`,
      sleep: async (ms) => {
        pauses.push(ms);
      },
    });
    return { api, calls, pauses };
  }

  it('sends a fresh Idempotency-Key with every event-carrying request, none with reads', async () => {
    const { api, calls } = scripted(202);
    await api.createPost('skype', 'hi', null);
    await api.like('p1');
    await api.unlike('p1');
    await api.share('p1');
    await api.addComment('p1', 'nice');
    await api.login('ada', 'correct horse');
    await api.logout();
    await api.communities();
    expect(calls.map((c) => c.key)).toEqual(['key-1', 'key-2', 'key-3', 'key-4', 'key-5', 'key-6', 'key-7', undefined]);
  });

  it('retries a 503 with the same key after its Retry-After and says so', async () => {
    const { api, calls, pauses } = scripted(503, 503, 202);
    const retries: Retrying[] = [];
    await expect(api.createPost('skype', 'once', null, { onRetry: (r) => retries.push(r) })).resolves.toMatchObject({ postId: 'p1' });
    expect(calls.map((c) => c.key)).toEqual(['key-1', 'key-1', 'key-1']);
    expect(pauses).toEqual([2000, 2000]);
    expect(retries.map((r) => r.attempt)).toEqual([2, 3]);
    expect(retryingMessage('Posting', retries[0])).toBe(
      'Posting: the service is busy or recovering; trying again in 2 s (attempt 2 of 4)…',
    );
  });

  it('retries network errors and timeouts with the same key, with growing pauses', async () => {
    const { api, calls, pauses } = scripted('network', 'hang', 202);
    const retries: Retrying[] = [];
    await api.share('p1', { onRetry: (r) => retries.push(r) });
    expect(calls.map((c) => c.key)).toEqual(['key-1', 'key-1', 'key-1']);
    expect(pauses).toEqual([100, 200]);
    expect(retries.map((r) => r.reason)).toEqual(['the server cannot be reached', 'the server did not answer in time']);
  });

  it('keeps one key through the not-yet-stored 404s and the 503s of one like', async () => {
    const { api, calls } = scripted(404, 503, 202);
    await api.like('p1');
    expect(calls.map((c) => c.key)).toEqual(['key-1', 'key-1', 'key-1']);
  });

  it('stops after the policy\'s attempts, and never repeats a client error', async () => {
    const down = scripted(503);
    await expect(down.api.addComment('p1', 'x')).rejects.toMatchObject({ status: 503, retryAfterMs: 2000 });
    expect(down.calls).toHaveLength(4);

    const refused = scripted(400);
    await expect(refused.api.createPost('skype', 'x', null)).rejects.toMatchObject({ status: 400 });
    expect(refused.calls).toHaveLength(1);
  });

  it('stops when the next pause would pass the time budget', async () => {
    let calls = 0;
    const fetchImpl = (async () => {
      calls++;
      return unavailable(30);
    }) as unknown as typeof fetch;
    const api = new Api(() => 't', () => {}, '', fetchImpl, [0], {
      retry: { ...FAST, maxTimeMs: 20_000, maxDelayMs: 60_000 },
      sleep: async () => {},
    });
    await expect(api.createPost('skype', 'x', null)).rejects.toMatchObject({ status: 503 });
    expect(calls).toBe(1);
  });

  it('uses the same key again for the same action until it succeeds', () => {
    let n = 0;
    const keys = new ActionKeys(() => `k${++n}`);
    expect(keys.key('share p1')).toBe('k1');
    expect(keys.key('share p1')).toBe('k1');
    expect(keys.key('share p2')).toBe('k2');
    keys.succeeded('share p1');
    expect(keys.key('share p1')).toBe('k3');
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('5')).toBe(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('makes version 4 UUIDs, also where crypto.randomUUID is missing', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newIdempotencyKey()).toMatch(uuid);
    const original = globalThis.crypto.randomUUID;
    try {
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
      expect(newIdempotencyKey()).toMatch(uuid);
    } finally {
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});
