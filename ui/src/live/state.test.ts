import { describe, expect, it } from 'vitest';
import type { LiveFeedPost, LiveMessage } from '../api/types';
import { post, windowResult } from '../test/doubles';
import { initialLiveState, liveReducer, shownPost, sortedWindows, type LiveState } from './state';

function live(p: Partial<LiveFeedPost> = {}): LiveMessage {
  return {
    type: 'post',
    post: {
      postId: '20000000-0000-4000-8000-000000000001',
      communityId: 'skype',
      authorId: '00000000-0000-4000-8000-000000000002',
      authorName: 'grace',
      text: 'live one',
      mediaId: null,
      createdAt: 1_700_000_100_000,
      emotion: 'surprise',
      emotionScores: null,
      likes: 0,
      comments: 0,
      shares: 0,
      version: 1,
      ...p,
    },
  };
}

function loaded(posts = [post()], nextBefore: string | null = null): LiveState {
  return liveReducer(initialLiveState('skype'), { type: 'page', posts, nextBefore, mode: 'first' });
}

describe('liveReducer: posts', () => {
  it('adds a live post once; a replayed message does not duplicate it or change state', () => {
    const message = live();
    const once = liveReducer(loaded(), { type: 'live', message });
    const twice = liveReducer(once, { type: 'live', message });
    expect(once.posts.map((p) => p.postId)).toEqual(['20000000-0000-4000-8000-000000000001', post().postId]);
    expect(twice).toBe(once);
  });

  it('keeps the highest version: newer counts replace, older or equal are ignored', () => {
    let s = loaded([post({ likes: 1, version: 2, likedByMe: true })]);
    s = liveReducer(s, { type: 'live', message: live({ postId: post().postId, likes: 5, version: 1 }) });
    expect(s.posts[0].likes).toBe(1);
    s = liveReducer(s, { type: 'live', message: live({ postId: post().postId, likes: 2, comments: 4, version: 3 }) });
    expect(s.posts).toHaveLength(1);
    expect(s.posts[0]).toMatchObject({ likes: 2, comments: 4, version: 3, likedByMe: true, text: 'live one' });
    expect(s.posts[0].author).toEqual({ id: '00000000-0000-4000-8000-000000000002', username: 'grace' });
  });

  it('ignores posts of other communities', () => {
    const s = loaded();
    expect(liveReducer(s, { type: 'live', message: live({ communityId: 'twitter' }) })).toBe(s);
  });

  it('leaves a live post older than the loaded pages to paging', () => {
    const s = loaded([post({ createdAt: 1_700_000_000_000 })], 'cursor-1');
    const older = live({ createdAt: 1_600_000_000_000 });
    expect(liveReducer(s, { type: 'live', message: older })).toBe(s);
  });

  it('pages append older posts in order without duplicates', () => {
    const a = post({ postId: 'a0000000-0000-4000-8000-000000000000', createdAt: 3 });
    const b = post({ postId: 'b0000000-0000-4000-8000-000000000000', createdAt: 2 });
    const c = post({ postId: 'c0000000-0000-4000-8000-000000000000', createdAt: 1 });
    let s = loaded([a, b], 'cursor-1');
    s = liveReducer(s, { type: 'page', posts: [b, c], nextBefore: null, mode: 'more' });
    expect(s.posts.map((p) => p.createdAt)).toEqual([3, 2, 1]);
    expect(s.nextBefore).toBeNull();
  });

  it('a reload of the newest page keeps the paging cursor', () => {
    let s = loaded([post()], 'cursor-1');
    s = liveReducer(s, { type: 'page', posts: [post({ likes: 3, version: 4 })], nextBefore: 'other', mode: 'reload' });
    expect(s.nextBefore).toBe('cursor-1');
    expect(s.posts[0].likes).toBe(3);
  });

  it('a reload that shares no post with the list (more was missed than a page) replaces the posts and the cursor', () => {
    const old = post({ postId: 'a0000000-0000-4000-8000-000000000000', createdAt: 1 });
    const fresh = post({ postId: 'b0000000-0000-4000-8000-000000000000', createdAt: 9 });
    let s = loaded([old], 'cursor-1');
    s = liveReducer(s, { type: 'page', posts: [fresh], nextBefore: 'cursor-2', mode: 'reload' });
    expect(s.posts.map((p) => p.postId)).toEqual([fresh.postId]);
    expect(s.nextBefore).toBe('cursor-2');
    // a reload that overlaps what is shown only merges
    s = liveReducer(s, { type: 'page', posts: [post({ ...fresh, likes: 2, version: 2 })], nextBefore: 'cursor-3', mode: 'reload' });
    expect(s.nextBefore).toBe('cursor-2');
    expect(s.posts[0].likes).toBe(2);
  });

  it('drops a pending post when the stream delivers it', () => {
    let s = loaded();
    const postId = '20000000-0000-4000-8000-000000000001';
    s = liveReducer(s, {
      type: 'pending',
      post: { postId, communityId: 'skype', text: 'live one', previewUrl: null, acceptedAt: 1 },
    });
    expect(s.pending).toHaveLength(1);
    s = liveReducer(s, { type: 'live', message: live({ postId }) });
    expect(s.pending).toHaveLength(0);
    expect(s.posts.some((p) => p.postId === postId)).toBe(true);
  });
});

describe('liveReducer: likes', () => {
  it('shows a like at once, unconfirmed, until a newer version arrives', () => {
    let s = loaded([post({ likes: 0, version: 1 })]);
    s = liveReducer(s, { type: 'likeIntent', postId: post().postId, liked: true });
    expect(shownPost(s.posts[0], s.likeIntents)).toMatchObject({ likes: 1, likedByMe: true, likeConfirmed: false });
    s = liveReducer(s, { type: 'live', message: live({ postId: post().postId, likes: 1, version: 2 }) });
    expect(s.likeIntents).toEqual({});
    expect(shownPost(s.posts[0], s.likeIntents)).toMatchObject({ likes: 1, likedByMe: true, likeConfirmed: true });
  });

  it('does not count a like twice when the stream confirms before the click is recorded elsewhere', () => {
    let s = loaded([post({ likes: 0, version: 1 })]);
    s = liveReducer(s, { type: 'likeIntent', postId: post().postId, liked: true });
    s = liveReducer(s, { type: 'live', message: live({ postId: post().postId, likes: 1, version: 2 }) });
    s = liveReducer(s, { type: 'live', message: live({ postId: post().postId, likes: 1, version: 2 }) });
    expect(shownPost(s.posts[0], s.likeIntents).likes).toBe(1);
  });

  it('reverts a like the server refused', () => {
    let s = loaded([post({ likes: 4, version: 1, likedByMe: true })]);
    s = liveReducer(s, { type: 'likeIntent', postId: post().postId, liked: false });
    expect(shownPost(s.posts[0], s.likeIntents)).toMatchObject({ likes: 3, likedByMe: false });
    s = liveReducer(s, { type: 'likeFailed', postId: post().postId });
    expect(shownPost(s.posts[0], s.likeIntents)).toMatchObject({ likes: 4, likedByMe: true, likeConfirmed: true });
  });
});

describe('liveReducer: analytics windows', () => {
  it('keeps one window per key with the highest revision; replays change nothing', () => {
    let s = initialLiveState('skype');
    const w0 = windowResult();
    s = liveReducer(s, { type: 'history', windows: [w0] });
    s = liveReducer(s, { type: 'live', message: { type: 'snapshot', windows: [w0, windowResult({ windowStart: w0.windowStart + 30_000 })] } });
    const late = windowResult({ likes: 9, revision: 1, update: true });
    s = liveReducer(s, { type: 'live', message: { type: 'analytics', window: late } });
    const replayed = liveReducer(s, { type: 'live', message: { type: 'analytics', window: late } });
    const stale = liveReducer(replayed, { type: 'live', message: { type: 'analytics', window: w0 } });
    expect(replayed).toBe(s);
    expect(stale).toBe(s);
    expect(sortedWindows(s).map((w) => [w.windowStart, w.likes])).toEqual([
      [w0.windowStart, 9],
      [w0.windowStart + 30_000, 3],
    ]);
  });

  it('ignores windows of other communities', () => {
    const s = initialLiveState('all');
    expect(liveReducer(s, { type: 'live', message: { type: 'analytics', window: windowResult() } })).toBe(s);
  });
});
