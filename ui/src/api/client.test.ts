import { describe, expect, it } from 'vitest';
import { Api, ApiError } from './client';

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
