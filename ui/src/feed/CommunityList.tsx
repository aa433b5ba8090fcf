import type { Community } from '../api/types';
import { compactNumber } from '../format';

interface Props {
  communities: Community[];
  selected: string | null;
  busy: string | null;
  onSelect: (id: string) => void;
  onToggleMembership: (community: Community) => void;
}

/** The communities sidebar (a horizontal strip on phones): pick a feed, join or leave. */
export function CommunityList({ communities, selected, busy, onSelect, onToggleMembership }: Props) {
  return (
    <nav className="communities" aria-label="Communities">
      <h2 className="section-title">Communities</h2>
      <ul>
        {communities.map((c) => (
          <li key={c.id} className={c.id === selected ? 'community selected' : 'community'} data-community={c.id}>
            <button
              type="button"
              className="community-open"
              aria-current={c.id === selected ? 'page' : undefined}
              aria-label={`Open ${c.name}`}
              onClick={() => onSelect(c.id)}
            >
              <span className="community-avatar" aria-hidden="true">
                {c.name.slice(0, 1).toUpperCase()}
              </span>
              <span className="community-text">
                <span className="community-name">{c.name}</span>
                <span className="community-meta">
                  {compactNumber(c.members)} member{c.members === 1 ? '' : 's'}
                  {c.member && <span className="badge-member"> · joined</span>}
                </span>
              </span>
            </button>
            <button
              type="button"
              className={c.member ? 'btn btn-small btn-ghost' : 'btn btn-small btn-primary'}
              disabled={busy === c.id}
              aria-label={`${c.member ? 'Leave' : 'Join'} ${c.name}`}
              onClick={() => onToggleMembership(c)}
            >
              {c.member ? 'Leave' : 'Join'}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
