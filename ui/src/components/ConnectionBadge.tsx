import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../live/socket';

/** The live-push connection state, for people and for screen readers (a polite live region). */
export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (status.state !== 'reconnecting' || !status.retryAt) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [status.state, status.retryAt]);

  let text: string;
  switch (status.state) {
    case 'open':
      text = 'Live';
      break;
    case 'connecting':
      text = 'Connecting…';
      break;
    case 'reconnecting': {
      const secs = status.retryAt ? Math.max(0, Math.ceil((status.retryAt - now) / 1000)) : 0;
      text = secs > 0 ? `Reconnecting in ${secs} s` : 'Reconnecting…';
      break;
    }
    default:
      text = status.reason ?? 'Offline';
  }
  return (
    <span className={`conn conn-${status.state}`} role="status" aria-live="polite" data-state={status.state}>
      <span className="conn-dot" aria-hidden="true" />
      {text}
    </span>
  );
}
