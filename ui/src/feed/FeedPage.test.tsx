import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FeedPage } from './FeedPage';
import { useCommunities } from './communities';
import { deferred, httpDouble, json, post, SESSION, unavailable, WebSocketDouble } from '../test/doubles';
import { renderWithServices } from '../test/render';

const XSS = '<img src=x onerror=alert(1)>';

function Feed() {
  return <FeedPage communities={useCommunities()} />;
}

function backend(posts = [post()]) {
  return httpDouble([
    ['GET', '/api/communities', () => json(200, [{ id: 'skype', name: 'Skype', description: 'Calls', member: true, members: 3 }])],
    ['GET', /^\/api\/communities\/skype\/feed/, () => json(200, { posts, nextBefore: null })],
    ['POST', `/api/posts/${post().postId}/like`, () => json(202, { eventId: 'e1', occurredAt: 1 })],
    ['DELETE', `/api/posts/${post().postId}/like`, () => json(202, { eventId: 'e2', occurredAt: 2 })],
    ['GET', `/api/posts/${post().postId}/comments`, () => json(200, [])],
    ['POST', `/api/posts/${post().postId}/comments`, () => json(202, { commentId: 'c1', eventId: 'e3', occurredAt: 3 })],
  ]);
}

describe('Feed', () => {
  beforeEach(() => WebSocketDouble.reset());

  it('renders post text as text, never as HTML', async () => {
    const http = backend([post({ text: XSS })]);
    const { container } = renderWithServices(<Feed />, http.fetchImpl, SESSION);
    const article = await screen.findByRole('article', { name: 'Post by grace' });
    expect(within(article).getByText(XSS)).toBeInTheDocument();
    expect(container.querySelector('img[src="x"]')).toBeNull();
  });

  it('shows author, emotion chip and counts', async () => {
    const http = backend([post({ likes: 2, comments: 5, shares: 1 })]);
    renderWithServices(<Feed />, http.fetchImpl, SESSION);
    const article = await screen.findByRole('article', { name: 'Post by grace' });
    expect(within(article).getByTitle(/Detected emotion: Joy 90%/)).toBeInTheDocument();
    expect(within(article).getByRole('button', { name: 'Like (2 likes)' })).toHaveAttribute('aria-pressed', 'false');
    expect(within(article).getByRole('button', { name: 'Comments (5)' })).toBeInTheDocument();
    expect(within(article).getByRole('button', { name: 'Share (1 shares)' })).toBeInTheDocument();
  });

  it('toggles a like: POST then DELETE, count 1 then 0, confirmed by the stream', async () => {
    const http = backend();
    renderWithServices(<Feed />, http.fetchImpl, SESSION);
    const article = await screen.findByRole('article', { name: 'Post by grace' });
    await userEvent.click(within(article).getByRole('button', { name: 'Like (0 likes)' }));
    const liked = within(article).getByRole('button', { name: 'Unlike (1 likes)' });
    expect(liked).toHaveAttribute('aria-pressed', 'true');
    expect(liked).toHaveAttribute('data-confirmed', 'false');
    expect(http.calls.some((c) => c.method === 'POST' && c.path.endsWith('/like'))).toBe(true);
    expect(http.calls.find((c) => c.path.endsWith('/like'))?.headers.Authorization).toBe(`Bearer ${SESSION.token}`);

    const socket = await openedSocket();
    expect(socket.url).toMatch(/\/ws\/communities\/skype$/);
    expect(socket.protocols).toEqual(['bearer', SESSION.token]);
    socket.open();
    socket.receive({ type: 'post', post: { ...post(), author: undefined, authorId: post().author.id, authorName: 'grace', likes: 1, version: 2 } });
    await waitFor(() => expect(within(article).getByRole('button', { name: 'Unlike (1 likes)' })).toHaveAttribute('data-confirmed', 'true'));

    await userEvent.click(within(article).getByRole('button', { name: 'Unlike (1 likes)' }));
    expect(within(article).getByRole('button', { name: 'Like (0 likes)' })).toHaveAttribute('aria-pressed', 'false');
    expect(http.calls.some((c) => c.method === 'DELETE' && c.path.endsWith('/like'))).toBe(true);
  });

  it('adds live posts at the top once, even when a message is replayed', async () => {
    const http = backend();
    renderWithServices(<Feed />, http.fetchImpl, SESSION);
    await screen.findByRole('article', { name: 'Post by grace' });
    const socket = await openedSocket();
    socket.open();
    const message = {
      type: 'post',
      post: {
        postId: '30000000-0000-4000-8000-000000000003', communityId: 'skype', authorId: 'u', authorName: 'linus',
        text: 'fresh', mediaId: null, createdAt: post().createdAt + 1000, emotion: 'neutral', emotionScores: null,
        likes: 0, comments: 0, shares: 0, version: 1,
      },
    };
    socket.receive(message);
    socket.receive(message);
    await screen.findByRole('article', { name: 'Post by linus' });
    const articles = screen.getAllByRole('article');
    expect(articles.map((a) => a.getAttribute('aria-label'))).toEqual(['Post by linus', 'Post by grace']);
    expect(screen.getByRole('status')).toHaveTextContent('Live');
  });

  it('expands comments and shows an added comment while it is processed', async () => {
    const http = backend();
    renderWithServices(<Feed />, http.fetchImpl, SESSION);
    const article = await screen.findByRole('article', { name: 'Post by grace' });
    await userEvent.click(within(article).getByRole('button', { name: 'Comments (0)' }));
    expect(await within(article).findByText('No comments yet.')).toBeInTheDocument();
    await userEvent.type(within(article).getByLabelText('Write a comment'), 'Nice one');
    await userEvent.click(within(article).getByRole('button', { name: 'Comment' }));
    expect(await within(article).findByText('Nice one')).toBeInTheDocument();
    expect(within(article).getByText('sending…')).toBeInTheDocument();
  });

  it('re-reads comments until an added one is readable, without waiting for a count change', async () => {
    const stored: unknown[] = [];
    const http = httpDouble([
      ['GET', '/api/communities', () => json(200, [{ id: 'skype', name: 'Skype', description: '', member: true, members: 3 }])],
      ['GET', /^\/api\/communities\/skype\/feed/, () => json(200, { posts: [post()], nextBefore: null })],
      ['GET', `/api/posts/${post().postId}/comments`, () => json(200, stored)],
      ['POST', `/api/posts/${post().postId}/comments`, () => json(202, { commentId: 'c9', eventId: 'e9', occurredAt: 9 })],
    ]);
    renderWithServices(<Feed />, http.fetchImpl, SESSION);
    const article = await screen.findByRole('article', { name: 'Post by grace' });
    await userEvent.click(within(article).getByRole('button', { name: 'Comments (0)' }));
    await userEvent.type(await within(article).findByLabelText('Write a comment'), 'Later');
    await userEvent.click(within(article).getByRole('button', { name: 'Comment' }));
    expect(await within(article).findByText('sending…')).toBeInTheDocument();
    stored.push({ commentId: 'c9', postId: post().postId, author: SESSION.user, text: 'Later', createdAt: Date.now() });
    await waitFor(() => expect(within(article).queryByText('sending…')).toBeNull(), { timeout: 5000 });
    expect(within(article).getByText('Later')).toBeInTheDocument();
  });

  it('pages older posts with the cursor', async () => {
    const newer = post({ postId: 'a0000000-0000-4000-8000-00000000000a', text: 'newer', createdAt: 2000 });
    const older = post({ postId: 'b0000000-0000-4000-8000-00000000000b', text: 'older', createdAt: 1000 });
    const http = httpDouble([
      ['GET', '/api/communities', () => json(200, [{ id: 'skype', name: 'Skype', description: '', member: true, members: 3 }])],
      [
        'GET',
        /^\/api\/communities\/skype\/feed/,
        (call) =>
          call.path.includes('before=c1')
            ? json(200, { posts: [older], nextBefore: null })
            : json(200, { posts: [newer], nextBefore: 'c1' }),
      ],
    ]);
    renderWithServices(<Feed />, http.fetchImpl, SESSION);
    await screen.findByText('newer');
    await userEvent.click(screen.getByRole('button', { name: 'Load older posts' }));
    expect(await screen.findByText('older')).toBeInTheDocument();
    expect(screen.getAllByRole('article').map((a) => a.textContent?.includes('newer'))).toEqual([true, false]);
    expect(await screen.findByText('You are all caught up.')).toBeInTheDocument();
    expect(http.calls.filter((c) => c.path.includes('/feed')).map((c) => c.path)).toContain(
      '/api/communities/skype/feed?limit=20&before=c1',
    );
  });

  it('loads the newest page when the socket first opens and applies live messages only on top of it', async () => {
    const pages: Array<ReturnType<typeof deferred>> = [];
    const http = httpDouble([
      ['GET', '/api/communities', () => json(200, [{ id: 'skype', name: 'Skype', description: '', member: true, members: 3 }])],
      ['GET', /^\/api\/communities\/skype\/feed/, () => {
        const page = deferred();
        pages.push(page);
        return page.promise;
      }],
    ]);
    renderWithServices(<Feed />, http.fetchImpl, SESSION);
    await waitFor(() => expect(pages).toHaveLength(1));
    const socket = await openedSocket();
    socket.open();
    // an older version of the post arrives live before the page: it must not be shown, nor win over the page
    socket.receive({ type: 'post', post: { ...post(), author: undefined, authorId: post().author.id, authorName: 'grace', likes: 1, version: 1 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('article', { name: 'Post by grace' })).toBeNull();
    pages[0].respond(json(200, { posts: [post({ likes: 4, version: 3 })], nextBefore: null }));
    const article = await screen.findByRole('article', { name: 'Post by grace' });
    expect(within(article).getByRole('button', { name: 'Like (4 likes)' })).toBeInTheDocument();
    expect(pages).toHaveLength(1);
  });

  it('reloads the newest page on resync and after every reconnect', async () => {
    let version = 1;
    const http = httpDouble([
      ['GET', '/api/communities', () => json(200, [{ id: 'skype', name: 'Skype', description: '', member: true, members: 3 }])],
      ['GET', /^\/api\/communities\/skype\/feed/, () => json(200, { posts: [post({ likes: version, version })], nextBefore: null })],
    ]);
    renderWithServices(<Feed />, http.fetchImpl, SESSION);
    const article = await screen.findByRole('article', { name: 'Post by grace' });
    const feedCalls = () => http.calls.filter((c) => c.path.startsWith('/api/communities/skype/feed')).length;
    const socket = await openedSocket();
    socket.open();
    await waitFor(() => expect(feedCalls()).toBe(2));

    version = 5; // what the stream did not deliver
    socket.receive({ type: 'resync' });
    await waitFor(() => expect(within(article).getByRole('button', { name: 'Like (5 likes)' })).toBeInTheDocument());
    expect(feedCalls()).toBe(3);
    // and the latest window the rail shows
    await waitFor(() => expect(http.calls.filter((c) => c.path.startsWith('/api/communities/skype/analytics'))).toHaveLength(1));

    version = 7;
    socket.serverClose(1006);
    await waitFor(() => expect(WebSocketDouble.sockets).toHaveLength(2), { timeout: 3000 });
    WebSocketDouble.last().open();
    await waitFor(() => expect(within(article).getByRole('button', { name: 'Like (7 likes)' })).toBeInTheDocument());
    expect(feedCalls()).toBe(4);
  });

  it('retries a share that answers 503 with the same key; the next share is a new action', async () => {
    const shareAnswers = [unavailable(0), json(202, { eventId: 'e5', occurredAt: 5 })];
    const http = httpDouble([
      ...backendRoutes(),
      ['POST', `/api/posts/${post().postId}/shares`, () => shareAnswers.shift() ?? unavailable(0)],
    ]);
    renderWithServices(<Feed />, http.fetchImpl, SESSION);
    const article = await screen.findByRole('article', { name: 'Post by grace' });
    await userEvent.click(within(article).getByRole('button', { name: 'Share (0 shares)' }));
    await waitFor(() => expect(within(article).getByText(/Shared/)).toBeInTheDocument());
    const shares = http.calls.filter((c) => c.path.endsWith('/shares'));
    expect(shares).toHaveLength(2);
    expect(shares[1].headers['Idempotency-Key']).toBe(shares[0].headers['Idempotency-Key']);
    // the next share is a new action
    shareAnswers.push(json(202, { eventId: 'e6', occurredAt: 6 }));
    await userEvent.click(within(article).getByRole('button', { name: 'Share (0 shares)' }));
    await waitFor(() => expect(http.calls.filter((c) => c.path.endsWith('/shares'))).toHaveLength(3));
    expect(http.calls.filter((c) => c.path.endsWith('/shares'))[2].headers['Idempotency-Key']).not.toBe(shares[0].headers['Idempotency-Key']);
  });

  it('shows that a like is being retried', async () => {
    const second = deferred();
    let likes = 0;
    const http = httpDouble([
      ...backendRoutes().filter(([m, p]) => !(m === 'POST' && String(p).endsWith('/like'))),
      ['POST', `/api/posts/${post().postId}/like`, () => (++likes === 1 ? unavailable(0) : second.promise)],
    ]);
    renderWithServices(<Feed />, http.fetchImpl, SESSION);
    const article = await screen.findByRole('article', { name: 'Post by grace' });
    await userEvent.click(within(article).getByRole('button', { name: 'Like (0 likes)' }));
    expect(await screen.findByTestId('retrying')).toHaveTextContent(/Liking: .*attempt 2 of 12/);
    second.respond(json(202, { eventId: 'e1', occurredAt: 1 }));
    await vi.waitFor(() => expect(screen.queryByTestId('retrying')).toBeNull());
  });
});

function backendRoutes(): Array<[string, string | RegExp, () => Response]> {
  return [
    ['GET', '/api/communities', () => json(200, [{ id: 'skype', name: 'Skype', description: 'Calls', member: true, members: 3 }])],
    ['GET', /^\/api\/communities\/skype\/feed/, () => json(200, { posts: [post()], nextBefore: null })],
    ['POST', `/api/posts/${post().postId}/like`, () => json(202, { eventId: 'e1', occurredAt: 1 })],
  ];
}

/** The live socket, once the page knows where live-push is (edge-api's /api/config) and opened it. */
async function openedSocket(): Promise<WebSocketDouble> {
  return waitFor(() => {
    const socket = WebSocketDouble.last();
    expect(socket).toBeDefined();
    return socket;
  });
}
