import { useId, useState, type FormEvent } from 'react';
import { ApiError, retryingMessage } from '../api/client';
import { useServices } from './session';
import { validateCredentials, type FieldErrors } from './validation';

type Mode = 'signin' | 'register';

export function AuthPage() {
  const { api, signIn, notice } = useServices();
  const [mode, setMode] = useState<Mode>('signin');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const registering = mode === 'register';
  const ids = { user: useId(), pass: useId(), confirm: useId() };

  function switchMode(next: Mode) {
    setMode(next);
    setErrors({});
    setServerError(null);
    setInfo(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateCredentials({ username, password, confirm }, registering);
    setErrors(found);
    setServerError(null);
    setInfo(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const name = username.trim();
    try {
      if (registering) {
        try {
          await api.register(name, password);
        } catch (err) {
          if (err instanceof ApiError && err.status === 409) {
            setErrors({ username: 'This username is taken. Choose another one.' });
            return;
          }
          throw err;
        }
      }
      signIn(await api.login(name, password, { onRetry: (r) => setInfo(retryingMessage('Signing in', r)) }));
    } catch (err) {
      setInfo(null);
      if (err instanceof ApiError && err.status === 401) setServerError('Wrong username or password.');
      else if (err instanceof ApiError) setServerError(err.userMessage);
      else setServerError('Something went wrong. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth">
      <div className="auth-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">◆</span> Streamer
        </div>
        <p className="auth-tagline">Your communities, live.</p>
        <div className="segmented" role="tablist" aria-label="Account">
          <button
            type="button"
            role="tab"
            aria-selected={!registering}
            className={!registering ? 'active' : ''}
            onClick={() => switchMode('signin')}
          >
            Sign in
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={registering}
            className={registering ? 'active' : ''}
            onClick={() => switchMode('register')}
          >
            Register
          </button>
        </div>
        {notice && !serverError && (
          <p className="alert alert-info" role="status">
            {notice}
          </p>
        )}
        {info && <p className="alert alert-info">{info}</p>}
        {serverError && (
          <p className="alert alert-error" role="alert">
            {serverError}
          </p>
        )}
        <form onSubmit={submit} noValidate aria-label={registering ? 'Register' : 'Sign in'}>
          <Field
            id={ids.user}
            label="Username"
            value={username}
            onChange={setUsername}
            error={errors.username}
            autoComplete="username"
            hint={registering ? '3–32 letters, digits, . _ -' : undefined}
          />
          <Field
            id={ids.pass}
            label="Password"
            type="password"
            value={password}
            onChange={setPassword}
            error={errors.password}
            autoComplete={registering ? 'new-password' : 'current-password'}
            hint={registering ? 'At least 8 characters' : undefined}
          />
          {registering && (
            <Field
              id={ids.confirm}
              label="Confirm password"
              type="password"
              value={confirm}
              onChange={setConfirm}
              error={errors.confirm}
              autoComplete="new-password"
            />
          )}
          <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
            {busy ? 'Please wait…' : registering ? 'Create account' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: string;
  type?: string;
  autoComplete?: string;
}

function Field({ id, label, value, onChange, error, hint, type = 'text', autoComplete }: FieldProps) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : (
        hint && (
          <p className="field-hint" id={`${id}-hint`}>
            {hint}
          </p>
        )
      )}
    </div>
  );
}
