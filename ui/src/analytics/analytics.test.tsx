import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Community } from '../api/types';
import { httpDouble, json, problem, SESSION, WebSocketDouble, windowResult } from '../test/doubles';
import { renderWithServices } from '../test/render';
import { AnalyticsPage } from './AnalyticsPage';
import { latestEmotionMix, toSeries } from './series';

const COMMUNITIES: Community[] = [
  { id: 'skype', name: 'Skype', description: '', member: true, members: 2 },
  { id: 'twitter', name: 'Twitter', description: '', member: false, members: 9 },
];

describe('series', () => {
  it('keeps the windows of the last 10 minutes, oldest first', () => {
    const now = 1_700_000_600_000;
    const s = toSeries(
      [
        windowResult({ windowStart: now - 30_000 }),
        windowResult({ windowStart: now - 700_000 }),
        windowResult({ windowStart: now - 90_000 }),
      ],
      now,
      600_000,
    );
    expect(s.map((p) => p.t)).toEqual([now - 90_000, now - 30_000]);
  });

  it('takes the emotion mix of the latest window with posts', () => {
    const now = 1_700_000_600_000;
    const empty = { anger: 0, disgust: 0, fear: 0, joy: 0, sadness: 0, surprise: 0, neutral: 0 };
    const s = toSeries(
      [
        windowResult({ windowStart: now - 60_000, emotions: { ...empty, fear: 2, joy: 1 } }),
        windowResult({ windowStart: now - 30_000, posts: 0, emotions: empty }),
      ],
      now,
      600_000,
    );
    expect(latestEmotionMix(s)?.slices).toEqual([
      { emotion: 'fear', count: 2 },
      { emotion: 'joy', count: 1 },
    ]);
    expect(latestEmotionMix([])).toBeNull();
  });
});

describe('AnalyticsPage', () => {
  beforeEach(() => WebSocketDouble.reset());

  it('shows loading, then the empty state', async () => {
    let answer: (r: Response) => void = () => {};
    const http = httpDouble([['GET', /^\/api\/communities\/all\/analytics/, () => new Promise<Response>((r) => (answer = r))]]);
    renderWithServices(<AnalyticsPage communities={COMMUNITIES} />, http.fetchImpl, SESSION);
    expect(screen.getByText('Loading analytics…')).toBeInTheDocument();
    answer(json(200, []));
    expect(await screen.findByText(/No activity in the last 10 minutes/)).toBeInTheDocument();
    expect(http.calls[0].path).toMatch(/from=\d+&to=\d+/);
  });

  it('shows an error with a retry', async () => {
    let fail = true;
    const http = httpDouble([
      ['GET', /^\/api\/communities\/all\/analytics/, () => (fail ? problem(500, 'Internal Server Error', 'database down') : json(200, []))],
    ]);
    renderWithServices(<AnalyticsPage communities={COMMUNITIES} />, http.fetchImpl, SESSION);
    expect(await screen.findByRole('alert')).toHaveTextContent('database down');
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText(/No activity in the last 10 minutes/)).toBeInTheDocument();
  });

  it('draws history, then adds live windows; offers all and joined communities', async () => {
    const now = Date.now();
    const start = now - (now % 30_000) - 60_000;
    const http = httpDouble([
      [
        'GET',
        /^\/api\/communities\/all\/analytics/,
        () => json(200, [windowResult({ communityId: 'all', windowStart: start, windowEnd: start + 30_000, posts: 2 })]),
      ],
    ]);
    const { container } = renderWithServices(<AnalyticsPage communities={COMMUNITIES} />, http.fetchImpl, SESSION);
    const posts = () => container.querySelector('[data-metric="posts"]')!;
    await waitFor(() => expect(posts()).toHaveAttribute('data-points', '1'));
    expect(posts()).toHaveAttribute('data-total', '2');

    const socket = await openedSocket();
    expect(socket.url).toMatch(/\/ws\/communities\/all$/);
    expect(socket.protocols).toEqual(['bearer', SESSION.token]);
    socket.open();
    const next = windowResult({ communityId: 'all', windowStart: start + 30_000, windowEnd: start + 60_000, posts: 3 });
    socket.receive({ type: 'analytics', window: next });
    socket.receive({ type: 'analytics', window: next });
    await waitFor(() => expect(posts()).toHaveAttribute('data-points', '2'));
    expect(posts()).toHaveAttribute('data-total', '5');
    expect(posts()).toHaveAttribute('data-last-window', String(start + 30_000));

    const select = screen.getByLabelText('Community');
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['All communities', 'Skype']);
    expect(container.querySelectorAll('figure[data-metric]')).toHaveLength(5);
    expect(screen.getByLabelText('Emotion mix of the latest window')).toHaveTextContent('Joy');
  });

  it('reads the history again on resync and after a reconnect, keeping the newest revision', async () => {
    const now = Date.now();
    const start = now - (now % 30_000) - 60_000;
    let posts = 1;
    let revision = 0;
    const http = httpDouble([
      ['GET', /^\/api\/communities\/all\/analytics/, () =>
        json(200, [windowResult({ communityId: 'all', windowStart: start, windowEnd: start + 30_000, posts, revision })])],
    ]);
    const { container } = renderWithServices(<AnalyticsPage communities={COMMUNITIES} />, http.fetchImpl, SESSION);
    const chart = () => container.querySelector('[data-metric="posts"]')!;
    await waitFor(() => expect(chart()).toHaveAttribute('data-total', '1'));
    const history = () => http.calls.filter((c) => c.path.startsWith('/api/communities/all/analytics'));
    const socket = await openedSocket();
    socket.open();
    expect(history()).toHaveLength(1);

    posts = 4;
    revision = 1; // a late update the stream did not deliver
    socket.receive({ type: 'resync' });
    await waitFor(() => expect(chart()).toHaveAttribute('data-total', '4'));
    expect(history()).toHaveLength(2);

    posts = 6;
    revision = 2;
    socket.serverClose(1006);
    await waitFor(() => expect(WebSocketDouble.sockets).toHaveLength(2), { timeout: 3000 });
    WebSocketDouble.last().open();
    await waitFor(() => expect(chart()).toHaveAttribute('data-total', '6'));
    expect(history()).toHaveLength(3);
  });
});

describe('withQuietWindows', () => {
  it('fills zero points between windows that are more than one window apart', async () => {
    const { withQuietWindows } = await import('./series');
    const now = 1_700_000_600_000;
    const s = toSeries(
      [windowResult({ windowStart: now - 120_000, windowEnd: now - 90_000 }), windowResult({ windowStart: now - 30_000, windowEnd: now })],
      now,
      600_000,
    );
    const filled = withQuietWindows(s);
    expect(filled.map((p) => [p.t, p.posts, p.filled ?? false])).toEqual([
      [now - 120_000, 1, false],
      [now - 90_000, 0, true],
      [now - 60_000, 0, true],
      [now - 30_000, 1, false],
    ]);
  });

  it('shows the signed-in gauge now and as a line over the windows', async () => {
    const now = Date.now();
    const start = now - (now % 30_000) - 90_000;
    const http = httpDouble([
      [
        'GET',
        /^\/api\/communities\/all\/analytics/,
        () =>
          json(200, [
            windowResult({ communityId: 'all', windowStart: start, windowEnd: start + 30_000, signedIn: 4 }),
            windowResult({ communityId: 'all', windowStart: start + 30_000, windowEnd: start + 60_000, signedIn: 6 }),
          ]),
      ],
    ]);
    const { container } = renderWithServices(<AnalyticsPage communities={COMMUNITIES} />, http.fetchImpl, SESSION);
    const gauge = () => container.querySelector('[data-gauge="signedIn"]')!;
    await waitFor(() => expect(gauge()).toHaveAttribute('data-points', '2'));
    expect(gauge()).toHaveAttribute('data-now', '6');
    expect(screen.getByLabelText('Signed-in users over time')).toHaveTextContent('Signed in now6');

    const socket = await openedSocket();
    socket.open();
    // a sign-out: the next window's gauge is lower
    socket.receive({
      type: 'analytics',
      window: windowResult({ communityId: 'all', windowStart: start + 60_000, windowEnd: start + 90_000, signedIn: 5 }),
    });
    await waitFor(() => expect(gauge()).toHaveAttribute('data-points', '3'));
    expect(gauge()).toHaveAttribute('data-now', '5');
  });
});

/** The live socket, once the page knows where live-push is (edge-api's /api/config) and opened it. */
async function openedSocket(): Promise<WebSocketDouble> {
  return waitFor(() => {
    const socket = WebSocketDouble.last();
    expect(socket).toBeDefined();
    return socket;
  });
}
