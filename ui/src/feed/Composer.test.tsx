import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { httpDouble, json, problem, SESSION } from '../test/doubles';
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
});
