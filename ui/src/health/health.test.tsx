import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PipelineHealth } from '../api/types';
import { httpDouble, json, problem, SESSION } from '../test/doubles';
import { renderWithServices } from '../test/render';
import { HealthPage } from './HealthPage';
import { figures } from './panels';

function doc(overrides: Partial<PipelineHealth> = {}): PipelineHealth {
  return {
    sampledAt: 1_700_000_000_000,
    ingest: { status: 'ok', eventsPerSecond: 12.5, acknowledged: 4000 },
    consumerLag: {
      status: 'ok',
      group: 'streamer-flink-job',
      topic: 'streamer.activity.v1',
      total: 7,
      partitions: [
        { partition: 0, endOffset: 10, committedOffset: 5, lag: 5 },
        { partition: 1, endOffset: 4, committedOffset: 2, lag: 2 },
      ],
    },
    checkpoint: { status: 'ok', jobState: 'RUNNING', id: 42, ageSeconds: 3.2, durationMs: 180 },
    restarts: { status: 'ok', jobState: 'RUNNING', restarts: 1 },
    dlq: { status: 'ok', topic: 'streamer.activity.dlq.v1', records: 3, perSecond: 0 },
    lateEvents: { status: 'ok', total: 9, applied: 8, countedOnly: 1 },
    results: { status: 'ok', perSecond: 4.5, perSecondByTopic: { 'streamer.analytics.v1': 0.5, 'streamer.feed.v1': 4 } },
    connections: { status: 'ok', open: 2 },
    delivery: { status: 'ok', p50Ms: 35, p99Ms: 120, maxMs: 150 },
    windowDelay: { status: 'ok', source: 'streamer.analytics.v1', windowEnd: 1_699_999_980_000, maxMs: 2500 },
    ...overrides,
  };
}

describe('figures', () => {
  it('maps every panel of the document to a value and unit', () => {
    const f = figures(doc());
    expect(f.map((x) => [x.id, x.value, x.unit])).toEqual([
      ['ingest', 12.5, 'events/s'],
      ['consumer-lag', 7, 'records'],
      ['checkpoint-age', 3.2, 's ago'],
      ['checkpoint-duration', 180, 'ms'],
      ['restarts', 1, 'restarts'],
      ['dlq', 3, 'records'],
      ['late-events', 9, 'events'],
      ['results', 4.5, 'records/s'],
      ['connections', 2, 'connections'],
      ['delivery', 35, 'ms (p50)'],
      ['window-delay', 2500, 'ms'],
    ]);
    expect(f.find((x) => x.id === 'consumer-lag')?.detail).toBe('p0 5 · p1 2');
  });

  it('gives an unavailable panel no value and its reason, never a zero', () => {
    const f = figures(
      doc({
        restarts: { status: 'unavailable', reason: 'Flink: not reachable' },
        ingest: { status: 'ok', reason: 'a rate needs two samples: ask again', acknowledged: 10 },
      }),
    );
    const restarts = f.find((x) => x.id === 'restarts');
    expect(restarts?.value).toBeNull();
    expect(restarts?.reason).toBe('Flink: not reachable');
    const ingest = f.find((x) => x.id === 'ingest');
    expect(ingest?.value).toBeNull();
    expect(ingest?.reason).toBe('a rate needs two samples: ask again');
  });
});

describe('HealthPage', () => {
  it('shows every panel with its value, marks unavailable ones, and polls again', async () => {
    // the first document is answered until the test has seen it (polls every 10 ms would otherwise race the checks)
    let firstSeen = false;
    const http = httpDouble([
      [
        'GET',
        '/api/health/pipeline',
        () =>
          json(200, firstSeen
            ? doc({ ingest: { status: 'ok', eventsPerSecond: 20, acknowledged: 4100 } })
            : doc({ connections: { status: 'unavailable', reason: 'live-push: not reachable' } })),
      ],
    ]);
    const { container } = renderWithServices(<HealthPage pollMs={10} />, http.fetchImpl, SESSION);
    const connections = await screen.findByRole('article', { name: 'WebSocket clients' });
    expect(within(connections).getByText('unavailable')).toBeInTheDocument();
    expect(within(connections).getByText('live-push: not reachable')).toBeInTheDocument();
    expect(within(screen.getByRole('article', { name: 'Accepted events' })).getByText('12.5')).toBeInTheDocument();
    expect(container.querySelectorAll('[data-panel]')).toHaveLength(11);
    firstSeen = true;

    await waitFor(() => expect(within(screen.getByRole('article', { name: 'WebSocket clients' })).getByText('2')).toBeInTheDocument());
    await waitFor(() => expect(within(screen.getByRole('article', { name: 'Accepted events' })).getByText('20')).toBeInTheDocument());
    expect(http.calls.every((c) => c.headers.Authorization === `Bearer ${SESSION.token}`)).toBe(true);
    await waitFor(() =>
      expect(container.querySelector('[data-panel="ingest"] polyline')?.getAttribute('points')).toMatch(/^0\.0,/),
    );
  });

  it('keeps polling after an error and says so', async () => {
    let fail = true;
    const http = httpDouble([
      ['GET', '/api/health/pipeline', () => (fail ? problem(503, 'Service Unavailable', 'shutting down') : json(200, doc()))],
    ]);
    renderWithServices(<HealthPage pollMs={10} />, http.fetchImpl, SESSION);
    expect(await screen.findByRole('alert')).toHaveTextContent('shutting down');
    fail = false;
    expect(await screen.findByRole('article', { name: 'Job restarts' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
