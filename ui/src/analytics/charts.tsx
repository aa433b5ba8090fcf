import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { EMOTIONS } from '../api/types';
import { EMOTION_META, clockTime, compactNumber } from '../format';
import type { MetricKey, SeriesPoint } from './series';
import { latestEmotionMix, total, withQuietWindows } from './series';

interface TrendProps {
  metric: MetricKey;
  title: string;
  color: string;
  series: SeriesPoint[];
  domain: [number, number];
}

const axisTick = { fontSize: 11, fill: '#6f7280' };

/** Ticks on whole minutes, every two minutes, inside the domain. */
export function minuteTicks([from, to]: [number, number], stepMs = 120_000): number[] {
  const ticks: number[] = [];
  for (let t = Math.ceil(from / stepMs) * stepMs; t <= to; t += stepMs) ticks.push(t);
  return ticks;
}

/** One metric over the last 10 minutes; each point is a 30-second window. */
export function TrendChart({ metric, title, color, series, domain }: TrendProps) {
  const latest = series[series.length - 1];
  return (
    <figure
      className="card chart"
      aria-label={`${title} per window`}
      data-metric={metric}
      data-points={series.length}
      data-total={total(series, metric)}
      data-last-window={latest?.t ?? ''}
    >
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <span className="chart-value" style={{ color }}>
          {latest ? compactNumber(latest[metric]) : '—'}
        </span>
      </figcaption>
      <div className="chart-sub muted">
        {latest ? `latest window ${clockTime(latest.t)} · ${compactNumber(total(series, metric))} in 10 min` : 'no windows yet'}
      </div>
      <div className="chart-body">
        <ResponsiveContainer width="100%" height={150}>
          <AreaChart data={withQuietWindows(series)} margin={{ top: 8, right: 12, bottom: 0, left: -20 }}>
            <defs>
              <linearGradient id={`fill-${metric}`} x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor={color} stopOpacity={0.22} />
                <stop offset="100%" stopColor={color} stopOpacity={0.02} />
              </linearGradient>
            </defs>
            <CartesianGrid stroke="#eceef2" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={domain}
              ticks={minuteTicks(domain)}
              tickFormatter={(t: number) => clockTime(t).slice(0, 5)}
              tick={axisTick}
            />
            <YAxis allowDecimals={false} tick={axisTick} width={44} />
            <Tooltip
              labelFormatter={(t) => `Window ${clockTime(Number(t))}`}
              formatter={(v) => [compactNumber(Number(v)), title]}
            />
            <Area
              type="linear"
              dataKey={metric}
              stroke={color}
              strokeWidth={2}
              fill={`url(#fill-${metric})`}
              dot={(props: { cx?: number; cy?: number; index?: number; payload?: { filled?: boolean } }) =>
                props.payload?.filled || props.cx === undefined || props.cy === undefined ? (
                  <g key={`q-${props.index}`} />
                ) : (
                  <circle key={`d-${props.index}`} cx={props.cx} cy={props.cy} r={2.5} fill={color} stroke={color} />
                )
              }
              activeDot={{ r: 4 }}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/**
 * The signed-in gauge: users signed in now (the latest window's value at its end) and a line over the windows. A
 * gauge, not a count per window: quiet windows (no result) are not drawn as zero, the line joins the windows around them.
 */
export function SignedInChart({ series, domain }: { series: SeriesPoint[]; domain: [number, number] }) {
  const latest = series[series.length - 1];
  const color = '#0d74ce';
  return (
    <figure
      className="card chart chart-wide"
      aria-label="Signed-in users over time"
      data-gauge="signedIn"
      data-points={series.length}
      data-now={latest?.signedIn ?? ''}
    >
      <figcaption className="chart-head">
        <span className="chart-title">Signed in now</span>
        <span className="chart-value" style={{ color }}>
          {latest ? compactNumber(latest.signedIn) : '—'}
        </span>
      </figcaption>
      <div className="chart-sub muted">
        {latest ? `users with an open session at ${clockTime(latest.windowEnd)}` : 'no windows yet'}
      </div>
      <div className="chart-body">
        <ResponsiveContainer width="100%" height={150}>
          <LineChart data={series} margin={{ top: 8, right: 12, bottom: 0, left: -20 }}>
            <CartesianGrid stroke="#eceef2" vertical={false} />
            <XAxis
              dataKey="windowEnd"
              type="number"
              scale="time"
              domain={domain}
              ticks={minuteTicks(domain)}
              tickFormatter={(t: number) => clockTime(t).slice(0, 5)}
              tick={axisTick}
            />
            <YAxis allowDecimals={false} tick={axisTick} width={44} />
            <Tooltip
              labelFormatter={(t) => `At ${clockTime(Number(t))}`}
              formatter={(v) => [compactNumber(Number(v)), 'Signed in']}
            />
            <Line type="stepAfter" dataKey="signedIn" stroke={color} strokeWidth={2} dot={{ r: 2.5 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function EmotionDonut({ series }: { series: SeriesPoint[] }) {
  const mix = latestEmotionMix(series);
  const sum = mix ? mix.slices.reduce((s, x) => s + x.count, 0) : 0;
  return (
    <figure className="card chart chart-wide" aria-label="Emotion mix of the latest window" data-chart="emotion-mix">
      <figcaption className="chart-head">
        <span className="chart-title">Emotion mix</span>
      </figcaption>
      <div className="chart-sub muted">
        {mix ? `window ${clockTime(mix.point.t)}–${clockTime(mix.point.windowEnd)} · ${sum} post${sum === 1 ? '' : 's'}` : 'no classified posts in the last 10 minutes'}
      </div>
      {mix ? (
        <div className="donut">
          <ResponsiveContainer width="100%" height={200}>
            <PieChart>
              <Pie
                data={mix.slices}
                dataKey="count"
                nameKey="emotion"
                innerRadius="58%"
                outerRadius="88%"
                paddingAngle={mix.slices.length > 1 ? 2 : 0}
                isAnimationActive={false}
              >
                {mix.slices.map((s) => (
                  <Cell key={s.emotion} fill={EMOTION_META[s.emotion].color} />
                ))}
              </Pie>
              <Tooltip formatter={(v, name) => [String(v), EMOTION_META[name as keyof typeof EMOTION_META]?.label ?? name]} />
            </PieChart>
          </ResponsiveContainer>
          <ul className="legend" aria-label="Emotion counts">
            {mix.slices.map((s) => (
              <li key={s.emotion}>
                <span className="swatch" style={{ background: EMOTION_META[s.emotion].color }} aria-hidden="true" />
                {EMOTION_META[s.emotion].label}
                <span className="legend-value">{Math.round((s.count / sum) * 100)}%</span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <div className="chart-empty muted">Emotions appear once posts are classified.</div>
      )}
    </figure>
  );
}

export function EmotionOverTime({ series, domain }: { series: SeriesPoint[]; domain: [number, number] }) {
  const data = series.map((p) => ({ t: p.t, ...p.emotions }));
  const present = EMOTIONS.filter((e) => data.some((d) => d[e] > 0));
  return (
    <figure className="card chart chart-wide" aria-label="Emotion over time" data-chart="emotion-over-time">
      <figcaption className="chart-head">
        <span className="chart-title">Emotion over time</span>
      </figcaption>
      <div className="chart-sub muted">posts per emotion, per 30-second window</div>
      {present.length ? (
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -20 }}>
            <CartesianGrid stroke="#eceef2" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={domain}
              padding={{ left: 10, right: 10 }}
              ticks={minuteTicks(domain)}
              tickFormatter={(t: number) => clockTime(t).slice(0, 5)}
              tick={axisTick}
            />
            <YAxis allowDecimals={false} tick={axisTick} width={44} />
            <Tooltip labelFormatter={(t) => `Window ${clockTime(Number(t))}`} />
            <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
            {present.map((e) => (
              <Bar
                key={e}
                dataKey={e}
                name={EMOTION_META[e].label}
                stackId="emotion"
                fill={EMOTION_META[e].color}
                maxBarSize={18}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      ) : (
        <div className="chart-empty muted">No classified posts in the last 10 minutes.</div>
      )}
    </figure>
  );
}
