import { useId, useMemo, useState } from 'react';
import type { Community } from '../api/types';
import { ConnectionBadge } from '../components/ConnectionBadge';
import { ANALYTICS_SPAN_MS, useLiveAnalytics } from '../live/hooks';
import { sortedWindows } from '../live/state';
import { useNow } from '../useNow';
import { EmotionDonut, EmotionOverTime, SignedInChart, TrendChart } from './charts';
import { METRICS, toSeries } from './series';

const ALL = 'all';
const SELECTED_KEY = 'streamer.analytics.community';

export function AnalyticsPage({ communities }: { communities: Community[] | null }) {
  const [selected, setSelected] = useState<string>(() => localStorage.getItem(SELECTED_KEY) ?? ALL);
  const joined = useMemo(() => (communities ?? []).filter((c) => c.member), [communities]);
  const communityId = selected === ALL || joined.some((c) => c.id === selected) ? selected : ALL;
  const { state, status, loading, error, reload } = useLiveAnalytics(communityId);
  const now = useNow(5000);
  const selectId = useId();

  const series = useMemo(() => toSeries(sortedWindows(state), now, ANALYTICS_SPAN_MS), [state, now]);
  const domain: [number, number] = [now - ANALYTICS_SPAN_MS, now];

  function choose(id: string) {
    setSelected(id);
    localStorage.setItem(SELECTED_KEY, id);
  }

  return (
    <section className="analytics" aria-label="Analytics">
      <div className="page-head">
        <div>
          <h1>Analytics</h1>
          <p className="muted">Last 10 minutes, 30-second windows, updated live.</p>
        </div>
        <div className="page-tools">
          <label htmlFor={selectId} className="visually-hidden">
            Community
          </label>
          <select id={selectId} value={communityId} onChange={(e) => choose(e.target.value)}>
            <option value={ALL}>All communities</option>
            {joined.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <ConnectionBadge status={status} />
        </div>
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          Could not load analytics: {error}{' '}
          <button type="button" className="btn btn-small btn-ghost" onClick={reload}>
            Retry
          </button>
        </div>
      )}
      {loading && series.length === 0 && !error && (
        <div className="empty card" role="status">
          Loading analytics…
        </div>
      )}
      {!loading && !error && series.length === 0 && (
        <div className="empty card" role="status">
          No activity in the last 10 minutes. Charts fill in as each 30-second window closes.
        </div>
      )}
      <div className="chart-grid chart-grid-wide">
        <SignedInChart series={series} domain={domain} />
      </div>
      <div className="chart-grid">
        {METRICS.map((m) => (
          <TrendChart key={m.key} metric={m.key} title={m.title} color={m.color} series={series} domain={domain} />
        ))}
      </div>
      <div className="chart-grid chart-grid-wide">
        <EmotionDonut series={series} />
        <EmotionOverTime series={series} domain={domain} />
      </div>
    </section>
  );
}
