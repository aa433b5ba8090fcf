import type { Community, WindowResult } from '../api/types';
import { clockTime, compactNumber } from '../format';

const STATS: Array<[keyof WindowResult, string]> = [
  ['activeUsers', 'Active users'],
  ['posts', 'Posts'],
  ['likes', 'Likes'],
  ['comments', 'Comments'],
  ['shares', 'Shares'],
];

/** Wide screens: the community at a glance and its latest 30-second window (from the same live socket). */
export function FeedRail({ community, latest }: { community: Community; latest: WindowResult | null }) {
  return (
    <aside className="rail" aria-label={`About ${community.name}`}>
      <div className="card rail-card">
        <h2 className="section-title">About</h2>
        <p className="rail-name">{community.name}</p>
        {community.description && <p className="muted small">{community.description}</p>}
        <p className="small rail-members">
          {compactNumber(community.members)} member{community.members === 1 ? '' : 's'}
        </p>
      </div>
      <div className="card rail-card">
        <h2 className="section-title">Latest window</h2>
        {latest ? (
          <>
            <p className="muted small">
              {clockTime(latest.windowStart)}–{clockTime(latest.windowEnd)}
            </p>
            <dl className="rail-stats">
              {STATS.map(([key, label]) => (
                <div key={key}>
                  <dt>{label}</dt>
                  <dd>{compactNumber(Number(latest[key]))}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : (
          <p className="muted small">No window has closed yet.</p>
        )}
        <a className="small" href="#/analytics">
          Open analytics →
        </a>
      </div>
    </aside>
  );
}
