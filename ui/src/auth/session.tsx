import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Api } from '../api/client';
import type { Session } from '../api/types';
import { fallbackLivePushBase, livePushBase } from '../config';

const STORAGE_KEY = 'streamer.session';

export interface Services {
  api: Api;
  session: Session | null;
  signIn: (session: Session) => void;
  signOut: (notice?: string) => void;
  /** Why the user was signed out (shown on the sign-in page). */
  notice: string | null;
  /** Where live-push is (from edge-api's /api/config); null until known. */
  liveBase: string | null;
  /** Asks edge-api where live-push is (once), if nobody did yet. */
  wantLiveBase: () => void;
  WebSocketImpl?: typeof WebSocket;
}

const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesProvider>');
  return services;
}

function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (!s?.token || !s.user?.id || (s.expiresAt && s.expiresAt <= Date.now())) return null;
    return s;
  } catch {
    return null;
  }
}

interface ProviderProps {
  children: ReactNode;
  /** Tests pass their own REST client and WebSocket class. */
  apiFactory?: (token: () => string | null, onUnauthorized: () => void) => Api;
  WebSocketImpl?: typeof WebSocket;
  initialSession?: Session | null;
}

export function ServicesProvider({ children, apiFactory, WebSocketImpl, initialSession }: ProviderProps) {
  const [session, setSession] = useState<Session | null>(() =>
    initialSession === undefined ? loadSession() : initialSession,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const tokenRef = useRef<string | null>(session?.token ?? null);
  tokenRef.current = session?.token ?? null;

  const signOut = useCallback((why?: string) => {
    localStorage.removeItem(STORAGE_KEY);
    tokenRef.current = null;
    setSession(null);
    setNotice(why ?? null);
  }, []);

  const signIn = useCallback((s: Session) => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    tokenRef.current = s.token;
    setNotice(null);
    setSession(s);
  }, []);

  // Sign out when the token expires (timers cap at ~24.8 days; tokens live 12 h by default).
  useEffect(() => {
    if (!session?.expiresAt) return;
    const left = session.expiresAt - Date.now();
    if (left > 2_147_000_000) return;
    const timer = setTimeout(() => signOut('Your session expired. Sign in again.'), Math.max(0, left));
    return () => clearTimeout(timer);
  }, [session, signOut]);

  const api = useMemo(() => {
    const token = () => tokenRef.current;
    const onUnauthorized = () => signOut('Your session expired. Sign in again.');
    return apiFactory ? apiFactory(token, onUnauthorized) : new Api(token, onUnauthorized);
  }, [apiFactory, signOut]);

  // Asked when the first socket wants it.
  const [liveBase, setLiveBase] = useState<string | null>(null);
  const [liveBaseWanted, setLiveBaseWanted] = useState(false);
  const wantLiveBase = useCallback(() => setLiveBaseWanted(true), []);
  useEffect(() => {
    if (!liveBaseWanted || liveBase !== null) return;
    let cancelled = false;
    api
      .config()
      .then((c) => !cancelled && setLiveBase(livePushBase(c?.livePushUrl)))
      .catch(() => !cancelled && setLiveBase(fallbackLivePushBase()));
    return () => {
      cancelled = true;
    };
  }, [api, liveBaseWanted, liveBase]);

  const value = useMemo<Services>(
    () => ({ api, session, signIn, signOut, notice, liveBase, wantLiveBase, WebSocketImpl }),
    [api, session, signIn, signOut, notice, liveBase, wantLiveBase, WebSocketImpl],
  );
  return <ServicesContext.Provider value={value}>{children}</ServicesContext.Provider>;
}
