import { useEffect, useState } from 'react';
import { AnalyticsPage } from './analytics/AnalyticsPage';
import { AuthPage } from './auth/AuthPage';
import { useServices } from './auth/session';
import { useCommunities } from './feed/communities';
import { FeedPage } from './feed/FeedPage';
import { HealthPage } from './health/HealthPage';

type Route = 'feed' | 'analytics' | 'health';

function routeFromHash(): Route {
  const hash = window.location.hash;
  if (hash.startsWith('#/analytics')) return 'analytics';
  if (hash.startsWith('#/health')) return 'health';
  return 'feed';
}

export function App() {
  const { session } = useServices();
  return session ? <Dashboard /> : <AuthPage />;
}

function Dashboard() {
  const { api, session, signOut } = useServices();
  const [route, setRoute] = useState<Route>(routeFromHash);
  const communities = useCommunities();
  const [signingOut, setSigningOut] = useState(false);

  useEffect(() => {
    const onHash = () => setRoute(routeFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  async function logout() {
    setSigningOut(true);
    try {
      await api.logout(); // retried briefly with one Idempotency-Key
    } catch {
      // the token is dropped either way
    }
    signOut();
  }

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/feed" aria-label="Streamer home">
          <span className="brand-mark" aria-hidden="true">◆</span> <span className="brand-text">Streamer</span>
        </a>
        <nav className="tabs" aria-label="Main">
          <a href="#/feed" className={route === 'feed' ? 'tab active' : 'tab'} aria-current={route === 'feed' ? 'page' : undefined}>
            Feed
          </a>
          <a
            href="#/analytics"
            className={route === 'analytics' ? 'tab active' : 'tab'}
            aria-current={route === 'analytics' ? 'page' : undefined}
          >
            Analytics
          </a>
          <a href="#/health" className={route === 'health' ? 'tab active' : 'tab'} aria-current={route === 'health' ? 'page' : undefined}>
            Health
          </a>
        </nav>
        <div className="user">
          <span className="avatar avatar-small" aria-hidden="true">
            {session?.user.username.slice(0, 1).toUpperCase()}
          </span>
          <span className="user-name">{session?.user.username}</span>
          <button type="button" className="btn btn-small btn-ghost" onClick={logout} disabled={signingOut}>
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </header>
      <main className="content">
        {route === 'feed' && <FeedPage communities={communities} />}
        {route === 'analytics' && <AnalyticsPage communities={communities.list} />}
        {route === 'health' && <HealthPage />}
      </main>
    </div>
  );
}
