import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { deferred, httpDouble, json, problem, SESSION, unavailable } from '../test/doubles';
import { renderWithServices } from '../test/render';

describe('AuthPage', () => {
  it('validates fields before calling the server', async () => {
    const http = httpDouble([]);
    renderWithServices(<App />, http.fetchImpl, null);
    await userEvent.click(screen.getByRole('tab', { name: 'Register' }));
    await userEvent.type(screen.getByLabelText('Username'), 'a b');
    await userEvent.type(screen.getByLabelText('Password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByText(/3–32 characters/)).toBeInTheDocument();
    expect(screen.getByText('At least 8 characters.')).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveAttribute('aria-invalid', 'true');
    expect(http.calls).toHaveLength(0);
  });

  it('shows a taken username (409) on the field', async () => {
    const http = httpDouble([['POST', '/api/auth/register', () => problem(409, 'Conflict', 'username taken')]]);
    renderWithServices(<App />, http.fetchImpl, null);
    await userEvent.click(screen.getByRole('tab', { name: 'Register' }));
    await userEvent.type(screen.getByLabelText('Username'), 'ada');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse');
    await userEvent.type(screen.getByLabelText('Confirm password'), 'correct horse');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('This username is taken. Choose another one.')).toBeInTheDocument();
  });

  it('shows wrong credentials (401) and the server detail of a rate limit (429)', async () => {
    let attempt = 0;
    const http = httpDouble([
      [
        'POST',
        '/api/auth/login',
        () => (++attempt === 1 ? problem(401, 'Unauthorized', '') : problem(429, 'Too Many Requests', 'Try again in 30 s.')),
      ],
    ]);
    renderWithServices(<App />, http.fetchImpl, null);
    await userEvent.type(screen.getByLabelText('Username'), 'ada');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Try again in 30 s.'));
  });

  it('registers, signs in and opens the dashboard', async () => {
    const http = httpDouble([
      ['POST', '/api/auth/register', () => json(201, SESSION.user)],
      ['POST', '/api/auth/login', () => json(200, SESSION)],
      ['GET', '/api/communities', () => json(200, [])],
    ]);
    renderWithServices(<App />, http.fetchImpl, null);
    await userEvent.click(screen.getByRole('tab', { name: 'Register' }));
    await userEvent.type(screen.getByLabelText('Username'), 'ada');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse');
    await userEvent.type(screen.getByLabelText('Confirm password'), 'correct horse');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(JSON.parse(http.calls[0].body as string)).toEqual({ username: 'ada', password: 'correct horse' });
    expect(JSON.parse(localStorage.getItem('streamer.session')!).token).toBe(SESSION.token);
  });

  it('signs out when the token expires', async () => {
    const http = httpDouble([['GET', '/api/communities', () => json(200, [])]]);
    renderWithServices(<App />, http.fetchImpl, { ...SESSION, expiresAt: Date.now() + 300 });
    expect(await screen.findByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(await screen.findByText('Your session expired. Sign in again.', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('signs out when a call answers 401', async () => {
    const http = httpDouble([['GET', '/api/communities', () => problem(401, 'Unauthorized', 'token expired')]]);
    renderWithServices(<App />, http.fetchImpl, SESSION);
    expect(await screen.findByText('Your session expired. Sign in again.')).toBeInTheDocument();
  });

  it('signs in with an Idempotency-Key and retries a 503 with the same key, saying so', async () => {
    const second = deferred();
    let logins = 0;
    const http = httpDouble([
      ['POST', '/api/auth/login', () => (++logins === 1 ? unavailable(0) : second.promise)],
      ['GET', '/api/communities', () => json(200, [])],
    ]);
    renderWithServices(<App />, http.fetchImpl, null);
    await userEvent.type(screen.getByLabelText('Username'), 'ada');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/Signing in: .*trying again/)).toBeInTheDocument();
    second.respond(json(200, SESSION));
    expect(await screen.findByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    const logins2 = http.calls.filter((c) => c.path === '/api/auth/login');
    expect(logins2).toHaveLength(2);
    expect(logins2[0].headers['Idempotency-Key']).toBeTruthy();
    expect(logins2[1].headers['Idempotency-Key']).toBe(logins2[0].headers['Idempotency-Key']);
  });

  it('signs out with an Idempotency-Key', async () => {
    const http = httpDouble([
      ['GET', '/api/communities', () => json(200, [])],
      ['POST', '/api/auth/logout', () => json(200, { occurredAt: 1 })],
    ]);
    renderWithServices(<App />, http.fetchImpl, SESSION);
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(http.calls.find((c) => c.path === '/api/auth/logout')?.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
