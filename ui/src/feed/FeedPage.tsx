import { useCallback, useEffect, useRef, useState } from 'react';
import { ActionKeys, retryingMessage } from '../api/client';
import { useServices } from '../auth/session';
import { ConnectionBadge } from '../components/ConnectionBadge';
import { messageOf, useLiveFeed } from '../live/hooks';
import { shownPost, sortedWindows, type PendingPost } from '../live/state';
import type { ShownPost } from '../live/state';
import { useNow } from '../useNow';
import { CommunityList } from './CommunityList';
import { Composer } from './Composer';
import { FeedRail } from './FeedRail';
import type { Communities } from './communities';
import { PostCard } from './PostCard';

const SELECTED_KEY = 'streamer.community';

export function FeedPage({ communities }: { communities: Communities }) {
  const { api } = useServices();
  const list = communities.list;
  const [selected, setSelected] = useState<string | null>(() => localStorage.getItem(SELECTED_KEY));
  const [actionError, setActionError] = useState<string | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);
  const shares = useRef<ActionKeys | null>(null);
  shares.current ??= new ActionKeys(api.newKey);
  const now = useNow(30_000);

  // Default to the first joined community, else the first one.
  useEffect(() => {
    if (!list || list.length === 0) return;
    if (selected && list.some((c) => c.id === selected)) return;
    setSelected((list.find((c) => c.member) ?? list[0]).id);
  }, [list, selected]);

  useEffect(() => {
    if (selected) localStorage.setItem(SELECTED_KEY, selected);
  }, [selected]);

  const community = list?.find((c) => c.id === selected) ?? null;
  const member = community?.member ?? false;
  const feed = useLiveFeed(community?.id ?? null, member);
  const { state, dispatch } = feed;

  const onAccepted = useCallback((post: PendingPost) => dispatch({ type: 'pending', post }), [dispatch]);

  const onLike = useCallback(
    async (post: ShownPost) => {
      const liked = !post.likedByMe;
      dispatch({ type: 'likeIntent', postId: post.postId, liked });
      setActionError(null);
      const onRetry = (r: Parameters<typeof retryingMessage>[1]) => setRetrying(retryingMessage(liked ? 'Liking' : 'Unliking', r));
      try {
        if (liked) await api.like(post.postId, { onRetry });
        else await api.unlike(post.postId, { onRetry });
      } catch (e) {
        dispatch({ type: 'likeFailed', postId: post.postId });
        setActionError(messageOf(e));
      } finally {
        setRetrying(null);
      }
    },
    [api, dispatch],
  );

  const onShare = useCallback(
    async (post: ShownPost) => {
      setActionError(null);
      const action = post.postId;
      try {
        await api.share(post.postId, {
          key: shares.current!.key(action),
          onRetry: (r) => setRetrying(retryingMessage('Sharing', r)),
        });
        shares.current!.succeeded(action);
      } catch (e) {
        setActionError(messageOf(e));
        throw e;
      } finally {
        setRetrying(null);
      }
    },
    [api],
  );

  // Paging on scroll: load the next older page when the end of the list comes into view.
  const sentinel = useRef<HTMLDivElement>(null);
  const { loadMore } = feed;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    }, { rootMargin: '400px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [loadMore, state.loaded, state.nextBefore]);

  const pending = state.pending.filter((p) => p.communityId === community?.id);
  const latestWindow = sortedWindows(state).at(-1) ?? null;

  return (
    <div className="feed-layout">
      <aside className="sidebar">
        {list === null && !communities.error && <p className="muted">Loading communities…</p>}
        {list && (
          <CommunityList
            communities={list}
            selected={selected}
            busy={communities.busy}
            onSelect={setSelected}
            onToggleMembership={communities.toggle}
          />
        )}
        {communities.error && (
          <p className="alert alert-error" role="alert">
            {communities.error}
          </p>
        )}
      </aside>
      <section className="feed" aria-label="Feed">
        {community && (
          <div className="page-head">
            <div>
              <h1>{community.name}</h1>
              {community.description && <p className="muted">{community.description}</p>}
            </div>
            {member && <ConnectionBadge status={feed.status} />}
          </div>
        )}
        {list && list.length === 0 && <div className="empty card">No communities exist yet.</div>}
        {community && !member && (
          <div className="empty card">
            <p>Join {community.name} to read its feed and post.</p>
            <button
              className="btn btn-primary"
              type="button"
              disabled={communities.busy === community.id}
              onClick={() => communities.toggle(community)}
            >
              Join {community.name}
            </button>
          </div>
        )}
        {community && member && (
          <>
            <Composer communityId={community.id} communityName={community.name} onAccepted={onAccepted} />
            {actionError && (
              <p className="alert alert-error" role="alert">
                {actionError}
              </p>
            )}
            {retrying && (
              <p className="alert alert-info" data-testid="retrying">
                {retrying}
              </p>
            )}
            {pending.map((p) => (
              <PendingCard key={p.postId} post={p} />
            ))}
            {feed.error && (
              <div className="alert alert-error" role="alert">
                {feed.error}{' '}
                <button type="button" className="btn btn-small btn-ghost" onClick={feed.reload}>
                  Retry
                </button>
              </div>
            )}
            {state.loaded && state.posts.length === 0 && pending.length === 0 && (
              <div className="empty card">No posts yet. Be the first to say something nice.</div>
            )}
            <div className="posts">
              {state.posts.map((p) => (
                <PostCard key={p.postId} post={shownPost(p, state.likeIntents)} now={now} onLike={onLike} onShare={onShare} />
              ))}
            </div>
            <div ref={sentinel} className="feed-end">
              {feed.loading && <span className="muted">Loading…</span>}
              {!feed.loading && state.loaded && state.nextBefore !== null && (
                <button type="button" className="btn btn-ghost" onClick={loadMore}>
                  Load older posts
                </button>
              )}
              {!feed.loading && state.loaded && state.nextBefore === null && state.posts.length > 0 && (
                <span className="muted small">You are all caught up.</span>
              )}
            </div>
          </>
        )}
      </section>
      {community && member && <FeedRail community={community} latest={latestWindow} />}
    </div>
  );
}

function PendingCard({ post }: { post: PendingPost }) {
  return (
    <article className="card post post-pending" aria-label="Your post, being processed" data-pending-post-id={post.postId}>
      <header className="post-head">
        <span className="avatar" aria-hidden="true">
          …
        </span>
        <div className="post-who">
          <span className="post-author">You</span>
          <span className="post-time muted">just now</span>
        </div>
        <span className="chip chip-none">analysing…</span>
      </header>
      <p className="post-text">{post.text}</p>
      {post.previewUrl && <img className="media" src={post.previewUrl} alt="Your attached image" />}
    </article>
  );
}
