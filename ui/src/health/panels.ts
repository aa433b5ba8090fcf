import type { HealthPanel, PipelineHealth } from '../api/types';

/** One figure of the health view: its current value (null when unavailable), unit and a line of detail. */
export interface Figure {
  id: string;
  title: string;
  value: number | null;
  unit: string;
  /** Why there is no value (status "unavailable"), or a note for a value. */
  reason: string | null;
  detail: string | null;
}

function figure(
  id: string,
  title: string,
  panel: HealthPanel,
  value: number | undefined | null,
  unit: string,
  detail: string | null = null,
): Figure {
  const ok = panel.status === 'ok' && value !== undefined && value !== null && Number.isFinite(value);
  return {
    id,
    title,
    value: ok ? (value as number) : null,
    unit,
    reason: ok ? null : panel.reason ?? 'no value reported',
    detail: ok ? detail : null,
  };
}

function perSecond(n: number | undefined): string | null {
  return n === undefined ? null : `${formatValue(n)}/s`;
}

/** The document as the panels show it, in the order shown. */
export function figures(h: PipelineHealth): Figure[] {
  const lag = h.consumerLag;
  const late = h.lateEvents;
  const window = h.windowDelay;
  return [
    figure('ingest', 'Accepted events', h.ingest, h.ingest.eventsPerSecond, 'events/s',
      h.ingest.acknowledged === undefined ? null : `${formatValue(h.ingest.acknowledged)} acknowledged by this instance`),
    figure('consumer-lag', 'Job consumer lag', lag, lag.total, 'records',
      lag.partitions?.map((p) => `p${p.partition} ${formatValue(p.lag)}`).join(' · ') ?? null),
    figure('checkpoint-age', 'Last checkpoint', h.checkpoint, h.checkpoint.ageSeconds, 's ago',
      h.checkpoint.id === undefined ? null : `#${h.checkpoint.id} · job ${h.checkpoint.jobState ?? '?'}`),
    figure('checkpoint-duration', 'Checkpoint duration', h.checkpoint, h.checkpoint.durationMs, 'ms'),
    figure('restarts', 'Job restarts', h.restarts, h.restarts.restarts, 'restarts',
      h.restarts.jobState ? `this run · job ${h.restarts.jobState}` : null),
    figure('dlq', 'Dead-letter records', h.dlq, h.dlq.records, 'records', perSecond(h.dlq.perSecond)),
    figure('late-events', 'Late events', late, late.total, 'events',
      late.applied === undefined ? null : `${formatValue(late.applied)} applied · ${formatValue(late.countedOnly ?? 0)} counted only (this run)`),
    figure('results', 'Results', h.results, h.results.perSecond, 'records/s',
      h.results.perSecondByTopic
        ? Object.entries(h.results.perSecondByTopic).map(([t, r]) => `${t.replace(/^streamer\./, '')} ${formatValue(r)}/s`).join(' · ')
        : null),
    figure('connections', 'WebSocket clients', h.connections, h.connections.open, 'connections'),
    figure('delivery', 'Published → delivered', h.delivery, h.delivery.p50Ms, 'ms (p50)',
      h.delivery.p99Ms === undefined ? null : `p99 ${formatValue(h.delivery.p99Ms)} ms · max ${formatValue(h.delivery.maxMs ?? 0)} ms`),
    figure('window-delay', 'Window end → published', window, window.p50Ms ?? window.maxMs, window.p50Ms !== undefined ? 'ms (p50)' : 'ms',
      window.source ? `from ${window.source}${window.p50Ms === undefined ? ', newest window, slowest community' : ''}` : null),
  ];
}

export function formatValue(n: number): string {
  const abs = Math.abs(n);
  const digits = abs >= 100 || Number.isInteger(n) ? 0 : abs >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
