import type { LiveFeedPost, LiveMessage, Post, WindowResult } from '../api/types';

/** A post the server accepted (202) that the stream has not delivered yet. */
export interface PendingPost {
  postId: string;
  communityId: string;
  text: string;
  previewUrl: string | null;
  acceptedAt: number;
}

/** A like/unlike the user clicked, shown until a newer version of the post arrives. */
export interface LikeIntent {
  liked: boolean;
  baseVersion: number;
}

export interface LiveState {
  /** The community whose feed/analytics this state holds ("all" for the analytics aggregate). */
  communityId: string;
  /** Newest first (createdAt, then postId). */
  posts: Post[];
  /** The feed cursor of the next older page; null when there are no older posts. */
  nextBefore: string | null;
  /** True once the first page arrived. */
  loaded: boolean;
  pending: PendingPost[];
  likeIntents: Record<string, LikeIntent>;
  /** Analytics windows by `communityId@windowStart`. */
  windows: Record<string, WindowResult>;
}

export type LiveAction =
  | { type: 'reset'; communityId: string }
  /**
   * `first`/`more` page the feed; `reload` is the newest page read again (on reconnect or resync): merged without
   * moving the cursor, or, when it shares no post with what is shown and has older pages (more was missed than a page
   * holds), it replaces the posts and the cursor so that paging fills the gap.
   */
  | { type: 'page'; posts: Post[]; nextBefore: string | null; mode: 'first' | 'more' | 'reload' }
  | { type: 'live'; message: LiveMessage }
  | { type: 'history'; windows: WindowResult[] }
  | { type: 'pending'; post: PendingPost }
  | { type: 'likeIntent'; postId: string; liked: boolean }
  | { type: 'likeFailed'; postId: string };

export function initialLiveState(communityId: string): LiveState {
  return { communityId, posts: [], nextBefore: null, loaded: false, pending: [], likeIntents: {}, windows: {} };
}

export function windowKey(w: Pick<WindowResult, 'communityId' | 'windowStart'>): string {
  return `${w.communityId}@${w.windowStart}`;
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case 'reset':
      return initialLiveState(action.communityId);
    case 'page': {
      if (action.mode === 'reload') {
        const known = new Set(state.posts.map((p) => p.postId));
        const gap = state.posts.length > 0 && action.nextBefore !== null && !action.posts.some((p) => known.has(p.postId));
        if (!gap) return mergePosts(state, action.posts, true);
        return mergePosts({ ...state, posts: [], loaded: true, nextBefore: action.nextBefore }, action.posts, true);
      }
      return mergePosts({ ...state, loaded: true, nextBefore: action.nextBefore }, action.posts, true);
    }
    case 'history':
      return mergeWindows(state, action.windows);
    case 'live':
      return applyMessage(state, action.message);
    case 'pending':
      if (state.pending.some((p) => p.postId === action.post.postId)) return state;
      if (state.posts.some((p) => p.postId === action.post.postId)) return state;
      return { ...state, pending: [action.post, ...state.pending] };
    case 'likeIntent': {
      const post = state.posts.find((p) => p.postId === action.postId);
      if (!post) return state;
      return {
        ...state,
        likeIntents: { ...state.likeIntents, [action.postId]: { liked: action.liked, baseVersion: post.version } },
      };
    }
    case 'likeFailed': {
      if (!(action.postId in state.likeIntents)) return state;
      const { [action.postId]: _dropped, ...rest } = state.likeIntents;
      return { ...state, likeIntents: rest };
    }
  }
}

function applyMessage(state: LiveState, message: LiveMessage): LiveState {
  switch (message.type) {
    case 'snapshot':
      return mergeWindows(state, message.windows ?? []);
    case 'analytics':
      return message.window ? mergeWindows(state, [message.window]) : state;
    case 'post':
      return message.post ? mergePosts(state, [fromLive(message.post, state)], false) : state;
    default:
      return state;
  }
}

/** Keeps, per window key, the highest revision; windows of other communities are ignored. */
function mergeWindows(state: LiveState, incoming: WindowResult[]): LiveState {
  let windows: Record<string, WindowResult> | null = null;
  for (const w of incoming) {
    if (!w || w.communityId !== state.communityId) continue;
    const key = windowKey(w);
    const current = (windows ?? state.windows)[key];
    if (current && current.revision >= w.revision) continue;
    windows ??= { ...state.windows };
    windows[key] = w;
  }
  return windows ? { ...state, windows } : state;
}

/**
 * Merges posts by postId keeping the highest version. REST pages win ties (they carry likedByMe); live records need a
 * strictly newer version. A live post older than everything loaded is left for paging to bring.
 */
function mergePosts(state: LiveState, incoming: Post[], fromRest: boolean): LiveState {
  const byId = new Map(state.posts.map((p) => [p.postId, p]));
  let likeIntents = state.likeIntents;
  let changed = false;
  const oldest = state.posts[state.posts.length - 1];
  for (const post of incoming) {
    if (!post || post.communityId !== state.communityId) continue;
    const current = byId.get(post.postId);
    if (current) {
      const newer = fromRest ? post.version >= current.version : post.version > current.version;
      if (!newer) continue;
    } else if (!fromRest && state.nextBefore !== null && oldest && compareNewestFirst(post, oldest) > 0) {
      continue;
    }
    const intent = likeIntents[post.postId];
    let merged = post;
    if (intent && post.version > intent.baseVersion) {
      if (!fromRest) merged = { ...post, likedByMe: intent.liked };
      const { [post.postId]: _done, ...rest } = likeIntents;
      likeIntents = rest;
    }
    byId.set(post.postId, merged);
    changed = true;
  }
  if (!changed) return state;
  const posts = [...byId.values()].sort(compareNewestFirst);
  const ids = new Set(posts.map((p) => p.postId));
  const pending = state.pending.filter((p) => !ids.has(p.postId));
  return {
    ...state,
    posts,
    likeIntents,
    pending: pending.length === state.pending.length ? state.pending : pending,
  };
}

function compareNewestFirst(a: Post, b: Post): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.postId < b.postId ? 1 : a.postId > b.postId ? -1 : 0;
}

/** The contract's FeedPost as the UI's Post; likedByMe and mediaUrl come from what is already known. */
export function fromLive(live: LiveFeedPost, state: LiveState): Post {
  const known = state.posts.find((p) => p.postId === live.postId);
  const mediaId = live.mediaId ?? null;
  return {
    postId: live.postId,
    communityId: live.communityId,
    author: { id: live.authorId, username: live.authorName ?? known?.author.username ?? 'unknown' },
    text: live.text,
    mediaId,
    mediaUrl: known?.mediaUrl ?? (mediaId ? `/api/media/${mediaId}` : null),
    createdAt: live.createdAt,
    emotion: live.emotion ?? null,
    emotionScores: live.emotionScores ?? null,
    likes: live.likes,
    comments: live.comments,
    shares: live.shares,
    likedByMe: known?.likedByMe ?? false,
    version: live.version,
  };
}

/** What a post card shows: the post with the user's not-yet-confirmed like applied. */
export interface ShownPost extends Post {
  likeConfirmed: boolean;
}

export function shownPost(post: Post, intents: Record<string, LikeIntent>): ShownPost {
  const intent = intents[post.postId];
  if (!intent || post.version > intent.baseVersion) return { ...post, likeConfirmed: true };
  const delta = intent.liked === post.likedByMe ? 0 : intent.liked ? 1 : -1;
  return { ...post, likedByMe: intent.liked, likes: Math.max(0, post.likes + delta), likeConfirmed: false };
}

/** Windows of the state's community, oldest first. */
export function sortedWindows(state: LiveState): WindowResult[] {
  return Object.values(state.windows).sort((a, b) => a.windowStart - b.windowStart);
}
