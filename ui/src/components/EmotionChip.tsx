import type { Emotion, EmotionValues } from '../api/types';
import { EMOTION_META } from '../format';

export function EmotionChip({ emotion, scores }: { emotion: Emotion | null; scores: EmotionValues | null }) {
  if (!emotion || !(emotion in EMOTION_META)) {
    return (
      <span className="chip chip-none" data-emotion="none" title="The model could not classify this post">
        unclassified
      </span>
    );
  }
  const meta = EMOTION_META[emotion];
  const score = scores?.[emotion];
  const pct = typeof score === 'number' ? ` ${Math.round(score * 100)}%` : '';
  return (
    <span
      className="chip"
      data-emotion={emotion}
      style={{ '--chip': meta.color } as React.CSSProperties}
      title={`Detected emotion: ${meta.label}${pct}`}
    >
      <span className="chip-dot" aria-hidden="true" />
      {meta.label}
      {pct && <span className="chip-score">{pct}</span>}
    </span>
  );
}
