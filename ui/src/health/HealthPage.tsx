import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { useServices } from '../auth/session';
import { clockTime } from '../format';
import { figures, formatValue, type Figure } from './panels';

/** Values kept per panel for its sparkline. */
const HISTORY = 60;

interface Props {
  /** Pause between the end of one answer and the next request. */
  pollMs?: number;
}

/** The pipeline health view: every figure of GET /api/health/pipeline, polled, each with a sparkline. */
export function HealthPage({ pollMs = 2000 }: Props) {
  const { api } = useServices();
  const [shown, setShown] = useState<Figure[] | null>(null);
  const [sampledAt, setSampledAt] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const history = useRef(new Map<string, number[]>());

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      try {
        const doc = await api.pipelineHealth();
        if (stopped) return;
        const next = figures(doc);
        for (const f of next) {
          if (f.value === null) continue;
          const h = history.current.get(f.id) ?? [];
          h.push(f.value);
          history.current.set(f.id, h.slice(-HISTORY));
        }
        setShown(next);
        setSampledAt(doc.sampledAt);
        setError(null);
      } catch (e) {
        if (stopped) return;
        setError(e instanceof ApiError ? e.userMessage : 'The health figures could not be read.');
      }
      if (!stopped) timer = setTimeout(poll, pollMs);
    }
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, pollMs]);

  return (
    <section className="health" aria-label="Pipeline health">
      <div className="page-head">
        <div>
          <h1>Pipeline health</h1>
          <p className="muted">
            Live, every {Math.round(pollMs / 1000)} s{sampledAt !== null ? ` · sampled at ${clockTime(sampledAt)}` : ''}
          </p>
        </div>
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          {error} Retrying…
        </div>
      )}
      {!shown && !error && (
        <div className="empty card" role="status">
          Loading health figures…
        </div>
      )}
      {shown && (
        <div className="health-grid">
          {shown.map((f) => (
            <Panel key={f.id} figure={f} history={history.current.get(f.id) ?? []} />
          ))}
        </div>
      )}
    </section>
  );
}

function Panel({ figure, history }: { figure: Figure; history: number[] }) {
  const available = figure.value !== null;
  return (
    <article
      className={available ? 'card health-panel' : 'card health-panel health-unavailable'}
      data-panel={figure.id}
      data-status={available ? 'ok' : 'unavailable'}
      aria-label={figure.title}
    >
      <h2 className="health-title">{figure.title}</h2>
      {available ? (
        <p className="health-value">
          <span className="health-number" data-value={figure.value}>
            {formatValue(figure.value as number)}
          </span>{' '}
          <span className="health-unit">{figure.unit}</span>
        </p>
      ) : (
        <p className="health-value">
          <span className="health-number">unavailable</span>
        </p>
      )}
      <p className="health-detail muted">{available ? figure.detail ?? '\u00a0' : figure.reason}</p>
      <Sparkline values={history} />
    </article>
  );
}

/** A small SVG line of the last values; nothing with fewer than two. */
export function Sparkline({ values }: { values: number[] }) {
  if (values.length < 2) return <svg className="sparkline" viewBox="0 0 100 24" aria-hidden="true" />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const points = values
    .map((v, i) => `${((i / (values.length - 1)) * 100).toFixed(1)},${(22 - ((v - min) / span) * 20).toFixed(1)}`)
    .join(' ');
  return (
    <svg className="sparkline" viewBox="0 0 100 24" preserveAspectRatio="none" aria-hidden="true">
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
