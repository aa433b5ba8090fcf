import { useCallback, useEffect, useReducer, useRef, useState, type Dispatch } from 'react';
import { ApiError } from '../api/client';
import { useServices } from '../auth/session';
import { liveProtocols, liveUrl } from '../config';
import type { LiveMessage } from '../api/types';
import { LiveConnection, type ConnectionStatus } from './socket';
import { initialLiveState, liveReducer, type LiveAction, type LiveState } from './state';

/** Why what a page shows is reloaded from REST: the socket's first open, a reconnect, or live-push's resync. */
export type SyncReason = 'open' | 'reconnect' | 'resync';

/**
 * The live-push socket of one community while `enabled`: live messages go to `onLive`; `onSync` runs on every open
 * (the first one included) and on a `resync` message, when pushes may have been missed and the page reloads from REST.
 */
export function useLiveSocket(
  communityId: string | null,
  enabled: boolean,
  onLive: (message: LiveMessage) => void,
  onSync?: (why: SyncReason) => void,
): ConnectionStatus {
  const { session, liveBase, wantLiveBase, signOut, WebSocketImpl } = useServices();
  const [status, setStatus] = useState<ConnectionStatus>({ state: 'connecting', attempt: 0 });
  const liveRef = useRef(onLive);
  liveRef.current = onLive;
  const syncRef = useRef(onSync);
  syncRef.current = onSync;
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
      onMessage: (message) => {
        if (message.type === 'resync') syncRef.current?.('resync');
        else liveRef.current(message);
      },
      onStatus: setStatus,
      onOpen: (reconnected) => syncRef.current?.(reconnected ? 'reconnect' : 'open'),
      onAuthRejected: (code) =>
        signOut(code === 4410 ? 'You signed out. Sign in again.' : 'Your session expired. Sign in again.'),
      WebSocketImpl,
    });
    connection.start();
    return () => connection.stop();
  }, [communityId, enabled, token, liveBase, wantLiveBase, signOut, WebSocketImpl]);

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

/**
 * The feed of one community: the newest page from REST, older pages on demand, changes live. The newest page is
 * loaded again whenever the socket opens (first connect and every reconnect) and when live-push sends `resync`; live
 * messages that arrive meanwhile wait and are applied on top of the page.
 */
export function useLiveFeed(communityId: string | null, member: boolean): LiveFeed {
  const { api } = useServices();
  const [state, dispatch] = useReducer(liveReducer, communityId ?? '', initialLiveState);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const loadingRef = useRef(false);
  const loadedRef = useRef(false);
  loadedRef.current = state.loaded;
  /** Live messages held while the newest page loads; null when not holding. */
  const held = useRef<LiveMessage[] | null>(null);
  /** Numbers the newest-page loads; only the latest one applies its answer and releases the held messages. */
  const loadSeq = useRef(0);

  const loadNewest = useCallback(
    (mode: 'first' | 'reload') => {
      if (!communityId) return;
      const seq = ++loadSeq.current;
      held.current ??= [];
      if (mode === 'first') {
        loadingRef.current = true;
        setLoading(true);
      }
      api
        .feed(communityId, null, PAGE_SIZE)
        .then((page) => {
          if (seq !== loadSeq.current) return;
          dispatch({ type: 'page', posts: page.posts, nextBefore: page.nextBefore, mode });
          setError(null);
        })
        .catch((e: unknown) => {
          if (seq === loadSeq.current && !loadedRef.current) setError(messageOf(e));
        })
        .finally(() => {
          if (seq !== loadSeq.current) return;
          const waiting = held.current ?? [];
          held.current = null;
          for (const message of waiting) dispatch({ type: 'live', message });
          if (mode === 'first') {
            loadingRef.current = false;
            setLoading(false);
          }
        });
    },
    [api, communityId],
  );

  useEffect(() => {
    dispatch({ type: 'reset', communityId: communityId ?? '' });
    setError(null);
    held.current = null;
    loadedRef.current = false;
    if (!communityId || !member) {
      loadSeq.current++;
      loadingRef.current = false;
      setLoading(false);
      return;
    }
    loadNewest('first');
    return () => {
      loadSeq.current++;
      held.current = null;
      loadingRef.current = false;
    };
  }, [communityId, member, generation, loadNewest]);

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

  const onLive = useCallback((message: LiveMessage) => {
    if (held.current) held.current.push(message);
    else dispatch({ type: 'live', message });
  }, []);

  const onSync = useCallback(
    (why: SyncReason) => {
      if (why === 'resync' && communityId) {
        // the rail's latest window: a reconnect brings it in the snapshot, a resync does not
        const to = Date.now();
        api
          .analytics(communityId, to - ANALYTICS_SPAN_MS, to)
          .then((windows) => dispatch({ type: 'history', windows }))
          .catch(() => {});
      }
      // the first open usually finds the first page still loading: its messages already wait for it
      if (why === 'open' && held.current) return;
      loadNewest(loadedRef.current ? 'reload' : 'first');
    },
    [api, communityId, loadNewest],
  );

  const status = useLiveSocket(communityId, member, onLive, onSync);

  // Accepted posts that the stream has not delivered yet: re-read the newest page now and then, so the feed settles
  // even if the socket is down.
  const pendingCount = state.pending.length;
  useEffect(() => {
    if (pendingCount === 0) return;
    const timer = setInterval(() => loadNewest('reload'), status.state === 'open' ? 5000 : 2500);
    return () => clearInterval(timer);
  }, [pendingCount, loadNewest, status.state]);

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

/**
 * Analytics windows of one community (or "all"): the last 10 minutes from REST, then live. The history is read again
 * whenever the socket opens and when live-push sends `resync`, and merged (the highest revision of a window wins).
 */
export function useLiveAnalytics(communityId: string): LiveAnalytics {
  const { api } = useServices();
  const [state, dispatch] = useReducer(liveReducer, communityId, initialLiveState);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const loadSeq = useRef(0);

  const loadHistory = useCallback(
    (first: boolean) => {
      const seq = ++loadSeq.current;
      if (first) {
        setError(null);
        setLoading(true);
      }
      const to = Date.now();
      api
        .analytics(communityId, to - ANALYTICS_SPAN_MS, to)
        .then((windows) => {
          if (seq !== loadSeq.current) return;
          dispatch({ type: 'history', windows });
          setError(null);
        })
        .catch((e: unknown) => {
          if (seq === loadSeq.current && first) setError(messageOf(e));
        })
        .finally(() => {
          if (seq === loadSeq.current) setLoading(false);
        });
    },
    [api, communityId],
  );

  useEffect(() => {
    dispatch({ type: 'reset', communityId });
    loadHistory(true);
    return () => {
      loadSeq.current++;
    };
  }, [communityId, generation, loadHistory]);

  const onLive = useCallback((message: LiveMessage) => dispatch({ type: 'live', message }), []);
  // The first open finds the history just requested by the effect above; later opens and resyncs read it again.
  const opened = useRef(false);
  useEffect(() => {
    opened.current = false;
  }, [communityId]);
  const onSync = useCallback(
    (why: SyncReason) => {
      if (why === 'open' && !opened.current) {
        opened.current = true;
        return;
      }
      loadHistory(false);
    },
    [loadHistory],
  );
  const status = useLiveSocket(communityId, true, onLive, onSync);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, status, loading, error, reload };
}

export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.userMessage;
  return e instanceof Error ? e.message : String(e);
}
