import { useCallback, useEffect, useReducer, useRef, useState, type Dispatch } from 'react';
import { ApiError } from '../api/client';
import { useServices } from '../auth/session';
import { liveProtocols, liveUrl } from '../config';
import { LiveConnection, type ConnectionStatus } from './socket';
import { initialLiveState, liveReducer, type LiveAction, type LiveState } from './state';

/** The live-push socket of one community while `enabled`; feeds its messages into `dispatch`. */
export function useLiveSocket(
  communityId: string | null,
  enabled: boolean,
  dispatch: Dispatch<LiveAction>,
  onReconnected?: () => void,
): ConnectionStatus {
  const { session, liveBase, wantLiveBase, signOut, WebSocketImpl } = useServices();
  const [status, setStatus] = useState<ConnectionStatus>({ state: 'connecting', attempt: 0 });
  const reconnectedRef = useRef(onReconnected);
  reconnectedRef.current = onReconnected;
  const token = session?.token;

  useEffect(() => {
    if (!communityId || !enabled || !token) {
      setStatus({ state: 'closed', attempt: 0 });
      return;
    }
    if (!liveBase) {
      setStatus({ state: 'connecting', attempt: 0 }); // edge-api has not told where live-push is yet
      wantLiveBase();
      return;
    }
    const connection = new LiveConnection(liveUrl(liveBase, communityId), {
      protocols: liveProtocols(token),
      onMessage: (message) => dispatch({ type: 'live', message }),
      onStatus: setStatus,
      onOpen: (reconnected) => {
        if (reconnected) reconnectedRef.current?.();
      },
      onAuthRejected: (code) =>
        signOut(code === 4410 ? 'You signed out. Sign in again.' : 'Your session expired. Sign in again.'),
      WebSocketImpl,
    });
    connection.start();
    return () => connection.stop();
  }, [communityId, enabled, token, liveBase, wantLiveBase, dispatch, signOut, WebSocketImpl]);

  return status;
}

export interface LiveFeed {
  state: LiveState;
  dispatch: Dispatch<LiveAction>;
  status: ConnectionStatus;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
  reload: () => void;
}

const PAGE_SIZE = 20;

/** The feed of one community: first page from REST, older pages on demand, changes live. */
export function useLiveFeed(communityId: string | null, member: boolean): LiveFeed {
  const { api } = useServices();
  const [state, dispatch] = useReducer(liveReducer, communityId ?? '', initialLiveState);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const loadingRef = useRef(false);

  useEffect(() => {
    dispatch({ type: 'reset', communityId: communityId ?? '' });
    setError(null);
    if (!communityId || !member) return;
    let cancelled = false;
    loadingRef.current = true;
    setLoading(true);
    api
      .feed(communityId, null, PAGE_SIZE)
      .then((page) => {
        if (!cancelled) dispatch({ type: 'page', posts: page.posts, nextBefore: page.nextBefore, mode: 'first' });
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(messageOf(e));
      })
      .finally(() => {
        if (!cancelled) {
          loadingRef.current = false;
          setLoading(false);
        }
      });
    return () => {
      cancelled = true;
      loadingRef.current = false;
    };
  }, [api, communityId, member, generation]);

  const loadMore = useCallback(() => {
    if (!communityId || loadingRef.current || !state.loaded || state.nextBefore === null) return;
    loadingRef.current = true;
    setLoading(true);
    api
      .feed(communityId, state.nextBefore, PAGE_SIZE)
      .then((page) => dispatch({ type: 'page', posts: page.posts, nextBefore: page.nextBefore, mode: 'more' }))
      .catch((e: unknown) => setError(messageOf(e)))
      .finally(() => {
        loadingRef.current = false;
        setLoading(false);
      });
  }, [api, communityId, state.loaded, state.nextBefore]);

  const refreshNewest = useCallback(() => {
    if (!communityId) return;
    api
      .feed(communityId, null, PAGE_SIZE)
      .then((page) => dispatch({ type: 'page', posts: page.posts, nextBefore: page.nextBefore, mode: 'refresh' }))
      .catch(() => {});
  }, [api, communityId]);

  const status = useLiveSocket(communityId, member, dispatch, refreshNewest);

  // Accepted posts that the stream has not delivered yet: re-read the newest page now and then, so the feed settles
  // even if the socket is down.
  const pendingCount = state.pending.length;
  useEffect(() => {
    if (pendingCount === 0) return;
    const timer = setInterval(refreshNewest, status.state === 'open' ? 5000 : 2500);
    return () => clearInterval(timer);
  }, [pendingCount, refreshNewest, status.state]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, dispatch, status, loading, error, loadMore, reload };
}

export interface LiveAnalytics {
  state: LiveState;
  status: ConnectionStatus;
  loading: boolean;
  error: string | null;
  reload: () => void;
}

export const ANALYTICS_SPAN_MS = 10 * 60 * 1000;

/** Analytics windows of one community (or "all"): the last 10 minutes from REST, then live. */
export function useLiveAnalytics(communityId: string): LiveAnalytics {
  const { api } = useServices();
  const [state, dispatch] = useReducer(liveReducer, communityId, initialLiveState);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    dispatch({ type: 'reset', communityId });
    setError(null);
    setLoading(true);
    let cancelled = false;
    const to = Date.now();
    api
      .analytics(communityId, to - ANALYTICS_SPAN_MS, to)
      .then((windows) => {
        if (!cancelled) dispatch({ type: 'history', windows });
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(messageOf(e));
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [api, communityId, generation]);

  const resync = useCallback(() => setGeneration((g) => g + 1), []);
  const status = useLiveSocket(communityId, true, dispatch, resync);
  return { state, status, loading, error, reload: resync };
}

export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.userMessage;
  return e instanceof Error ? e.message : String(e);
}
