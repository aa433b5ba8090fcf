import type { Emotion } from './api/types';

export const EMOTION_META: Record<Emotion, { label: string; color: string }> = {
  anger: { label: 'Anger', color: '#e5484d' },
  disgust: { label: 'Disgust', color: '#46a758' },
  fear: { label: 'Fear', color: '#8e4ec6' },
  joy: { label: 'Joy', color: '#f5a524' },
  sadness: { label: 'Sadness', color: '#3e7bfa' },
  surprise: { label: 'Surprise', color: '#e93d82' },
  neutral: { label: 'Neutral', color: '#8b8d98' },
};

export function relativeTime(at: number, now: number = Date.now()): string {
  const s = Math.round((now - at) / 1000);
  if (s < 10) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ago`;
  return new Date(at).toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
}

export function absoluteTime(at: number): string {
  return new Date(at).toLocaleString();
}

export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function compactNumber(n: number): string {
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
