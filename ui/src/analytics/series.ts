import { EMOTIONS, type Emotion, type WindowResult } from '../api/types';

export const METRICS = [
  { key: 'activeUsers', title: 'Active users', color: '#3e63dd' },
  { key: 'posts', title: 'Posts', color: '#12a594' },
  { key: 'likes', title: 'Likes', color: '#e5484d' },
  { key: 'comments', title: 'Comments', color: '#f76b15' },
  { key: 'shares', title: 'Shares', color: '#8e4ec6' },
] as const;

export type MetricKey = (typeof METRICS)[number]['key'];

export interface SeriesPoint {
  /** Window start, epoch ms (x). */
  t: number;
  windowEnd: number;
  activeUsers: number;
  /** The signed-in gauge at the window's end. */
  signedIn: number;
  posts: number;
  likes: number;
  comments: number;
  shares: number;
  emotions: Record<Emotion, number>;
}

/** The windows that started within [now - span, now], oldest first, as chart points. */
export function toSeries(windows: WindowResult[], now: number, spanMs: number): SeriesPoint[] {
  return windows
    .filter((w) => w.windowStart >= now - spanMs && w.windowStart <= now)
    .sort((a, b) => a.windowStart - b.windowStart)
    .map((w) => ({
      t: w.windowStart,
      windowEnd: w.windowEnd,
      activeUsers: w.activeUsers,
      signedIn: w.signedIn ?? 0,
      posts: w.posts,
      likes: w.likes,
      comments: w.comments,
      shares: w.shares,
      emotions: Object.fromEntries(EMOTIONS.map((e) => [e, w.emotions?.[e] ?? 0])) as Record<Emotion, number>,
    }));
}

/**
 * The series with zero points for the windows missing between two results (no window result means no activity in
 * it), so that lines drop to zero instead of bridging quiet periods. Filled points have `filled: true`.
 */
export function withQuietWindows(series: SeriesPoint[]): Array<SeriesPoint & { filled?: boolean }> {
  const out: Array<SeriesPoint & { filled?: boolean }> = [];
  for (const point of series) {
    const prev = out[out.length - 1];
    const size = point.windowEnd - point.t;
    if (prev && size > 0) {
      for (let t = prev.windowEnd; t < point.t && out.length < 1000; t += size) {
        out.push({ ...zeroPoint(t, t + size), filled: true });
      }
    }
    out.push(point);
  }
  return out;
}

function zeroPoint(t: number, windowEnd: number): SeriesPoint {
  return {
    t,
    windowEnd,
    activeUsers: 0,
    signedIn: 0,
    posts: 0,
    likes: 0,
    comments: 0,
    shares: 0,
    emotions: Object.fromEntries(EMOTIONS.map((e) => [e, 0])) as Record<Emotion, number>,
  };
}

export interface EmotionSlice {
  emotion: Emotion;
  count: number;
}

/** The emotion mix of the latest window that has posts, or null when no window in the series has any. */
export function latestEmotionMix(series: SeriesPoint[]): { point: SeriesPoint; slices: EmotionSlice[] } | null {
  for (let i = series.length - 1; i >= 0; i--) {
    const point = series[i];
    const slices = EMOTIONS.map((emotion) => ({ emotion, count: point.emotions[emotion] })).filter((s) => s.count > 0);
    if (slices.length > 0) return { point, slices };
  }
  return null;
}

export function total(series: SeriesPoint[], key: MetricKey): number {
  return series.reduce((sum, p) => sum + p[key], 0);
}
