import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { deferred, httpDouble, json, problem, SESSION, unavailable } from '../test/doubles';
import { renderWithServices } from '../test/render';
import { Composer } from './Composer';

function file(name: string, type: string, size: number) {
  return new File([new Uint8Array(size)], name, { type });
}

describe('Composer', () => {
  it('refuses non-images and images over 5 MB before uploading', async () => {
    const http = httpDouble([]);
    renderWithServices(<Composer communityId="skype" communityName="Skype" onAccepted={() => {}} />, http.fetchImpl, SESSION);
    const input = screen.getByLabelText(/Attach image/);
    await userEvent.upload(input, file('notes.txt', 'text/plain', 10), { applyAccept: false });
    expect(screen.getByRole('alert')).toHaveTextContent('Only JPEG, PNG, GIF or WebP images');
    await userEvent.upload(input, file('huge.png', 'image/png', 5 * 1024 * 1024 + 1));
    expect(screen.getByRole('alert')).toHaveTextContent('5 MB or smaller');
    expect(screen.queryByAltText('Preview of the attached image')).toBeNull();
    expect(http.calls).toHaveLength(0);
  });

  it('previews the image, uploads it, then posts with its mediaId', async () => {
    const accepted = vi.fn();
    const http = httpDouble([
      ['POST', '/api/media', () => json(201, { mediaId: 'm-1', contentType: 'image/png', size: 3, url: '/api/media/m-1' })],
      ['POST', '/api/communities/skype/posts', () => json(202, { postId: 'p-1', eventId: 'e-1', occurredAt: 5 })],
    ]);
    renderWithServices(<Composer communityId="skype" communityName="Skype" onAccepted={accepted} />, http.fetchImpl, SESSION);
    await userEvent.upload(screen.getByLabelText(/Attach image/), file('cat.png', 'image/png', 3));
    expect(screen.getByAltText('Preview of the attached image')).toBeInTheDocument();
    await userEvent.type(screen.getByPlaceholderText('Say something nice'), '  Hello world  ');
    await userEvent.click(screen.getByRole('button', { name: 'Post' }));
    await vi.waitFor(() => expect(accepted).toHaveBeenCalledOnce());
    expect(http.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/media', 'POST /api/communities/skype/posts']);
    expect(http.calls[0].body).toBeInstanceOf(FormData);
    expect(JSON.parse(http.calls[1].body as string)).toEqual({ text: 'Hello world', mediaId: 'm-1' });
    expect(accepted.mock.calls[0][0]).toMatchObject({ postId: 'p-1', communityId: 'skype', text: 'Hello world' });
    expect(screen.getByPlaceholderText('Say something nice')).toHaveValue('');
  });

  it('shows the server error of a refused upload (415)', async () => {
    const http = httpDouble([['POST', '/api/media', () => problem(415, 'Unsupported Media Type', 'Not an image.')]]);
    renderWithServices(<Composer communityId="skype" communityName="Skype" onAccepted={() => {}} />, http.fetchImpl, SESSION);
    await userEvent.upload(screen.getByLabelText(/Attach image/), file('fake.png', 'image/png', 3));
    await userEvent.type(screen.getByPlaceholderText('Say something nice'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Post' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not an image.');
  });

  it('disables Post for empty text', () => {
    renderWithServices(<Composer communityId="skype" communityName="Skype" onAccepted={() => {}} />, httpDouble([]).fetchImpl, SESSION);
    expect(screen.getByRole('button', { name: 'Post' })).toBeDisabled();
  });

  it('retries a 503 with the same Idempotency-Key, shows that it is retrying, and posts once', async () => {
    const accepted = vi.fn();
    const second = deferred();
    let posts = 0;
    const http = httpDouble([
      ['POST', '/api/communities/skype/posts', () => (++posts === 1 ? unavailable(0) : second.promise)],
    ]);
    renderWithServices(<Composer communityId="skype" communityName="Skype" onAccepted={accepted} />, http.fetchImpl, SESSION);
    await userEvent.type(screen.getByPlaceholderText('Say something nice'), 'Only once');
    await userEvent.click(screen.getByRole('button', { name: 'Post' }));
    expect(await screen.findByTestId('retrying')).toHaveTextContent(/Posting: .* \(attempt 2 of 12\)/);
    second.respond(json(202, { postId: 'p-1', eventId: 'e-1', occurredAt: 5 }));
    await vi.waitFor(() => expect(accepted).toHaveBeenCalledOnce());
    const keys = http.calls.map((c) => c.headers['Idempotency-Key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(screen.queryByTestId('retrying')).toBeNull();
  });

  it('posting the same text and image again after a failure repeats the first attempt instead of doubling it', async () => {
    let fail = true;
    const http = httpDouble([
      ['POST', '/api/media', () => json(201, { mediaId: 'm-1', contentType: 'image/png', size: 3, url: '/api/media/m-1' })],
      ['POST', '/api/communities/skype/posts', () => (fail ? problem(500, 'Internal Server Error', 'boom') : json(202, { postId: 'p-1', eventId: 'e-1', occurredAt: 5 }))],
    ]);
    const accepted = vi.fn();
    renderWithServices(<Composer communityId="skype" communityName="Skype" onAccepted={accepted} />, http.fetchImpl, SESSION);
    await userEvent.upload(screen.getByLabelText(/Attach image/), file('cat.png', 'image/png', 3));
    await userEvent.type(screen.getByPlaceholderText('Say something nice'), 'Again');
    await userEvent.click(screen.getByRole('button', { name: 'Post' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('boom');
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Post' }));
    await vi.waitFor(() => expect(accepted).toHaveBeenCalledOnce());
    const posts = http.calls.filter((c) => c.path === '/api/communities/skype/posts');
    expect(http.calls.filter((c) => c.path === '/api/media')).toHaveLength(1);
    expect(posts).toHaveLength(2);
    expect(posts[1].headers['Idempotency-Key']).toBe(posts[0].headers['Idempotency-Key']);
    expect(posts[1].body).toBe(posts[0].body);

    // a new post is a new action with a new key
    await userEvent.type(screen.getByPlaceholderText('Say something nice'), 'Again');
    await userEvent.click(screen.getByRole('button', { name: 'Post' }));
    await vi.waitFor(() => expect(accepted).toHaveBeenCalledTimes(2));
    const third = http.calls.filter((c) => c.path === '/api/communities/skype/posts')[2];
    expect(third.headers['Idempotency-Key']).not.toBe(posts[0].headers['Idempotency-Key']);
  });
});
