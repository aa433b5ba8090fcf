import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Comment } from '../api/types';
import { ActionKeys, retryingMessage } from '../api/client';
import { useServices } from '../auth/session';
import { messageOf } from '../live/hooks';
import { absoluteTime, relativeTime } from '../format';

export const COMMENT_TEXT_MAX = 2000;

interface Props {
  postId: string;
  /** The post's comment count; a change re-reads the list. */
  count: number;
  canWrite: boolean;
}

export function Comments({ postId, count, canWrite }: Props) {
  const { api, session } = useServices();
  const [comments, setComments] = useState<Comment[] | null>(null);
  const [pending, setPending] = useState<Comment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [retrying, setRetrying] = useState<string | null>(null);
  const inputId = useId();
  const actions = useRef<ActionKeys | null>(null);
  actions.current ??= new ActionKeys(api.newKey);

  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const load = useCallback(() => {
    api
      .comments(postId)
      .then((list) => {
        if (!mounted.current) return;
        setComments(list);
        setError(null);
        const ids = new Set(list.map((c) => c.commentId));
        setPending((p) => (p.some((c) => ids.has(c.commentId)) ? p.filter((c) => !ids.has(c.commentId)) : p));
      })
      .catch((e: unknown) => {
        if (mounted.current) setError(messageOf(e));
      });
  }, [api, postId]);

  useEffect(load, [load, count]);

  // The count can change (live) a moment before the comment is readable over REST: re-read while any is pending.
  const waiting = pending.length > 0;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, [waiting, load]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = text.trim();
    if (!body || body.length > COMMENT_TEXT_MAX || !session) return;
    setBusy(true);
    setError(null);
    const action = body;
    try {
      const accepted = await api.addComment(postId, body, {
        key: actions.current!.key(action),
        onRetry: (r) => setRetrying(retryingMessage('Commenting', r)),
      });
      actions.current!.succeeded(action);
      setPending((p) => [
        ...p,
        { commentId: accepted.commentId, postId, author: session.user, text: body, createdAt: accepted.occurredAt },
      ]);
      setText('');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
      setRetrying(null);
    }
  }

  const shown = [...(comments ?? []), ...pending];
  const pendingIds = new Set(pending.map((c) => c.commentId));
  return (
    <section className="comments" aria-label="Comments">
      {comments === null && !error && <p className="muted small">Loading comments…</p>}
      {comments !== null && shown.length === 0 && <p className="muted small">No comments yet.</p>}
      <ul>
        {shown.map((c) => (
          <li key={c.commentId} className={pendingIds.has(c.commentId) ? 'comment comment-pending' : 'comment'}>
            <span className="comment-author">{c.author.username}</span>
            <span className="comment-text">{c.text}</span>
            <span className="comment-time muted" title={absoluteTime(c.createdAt)}>
              {pendingIds.has(c.commentId) ? 'sending…' : relativeTime(c.createdAt)}
            </span>
          </li>
        ))}
      </ul>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {retrying && (
        <p className="alert alert-info" data-testid="retrying">
          {retrying}
        </p>
      )}
      {canWrite && (
        <form className="comment-form" onSubmit={submit}>
          <label htmlFor={inputId} className="visually-hidden">
            Write a comment
          </label>
          <input
            id={inputId}
            placeholder="Write a comment…"
            value={text}
            maxLength={COMMENT_TEXT_MAX}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn btn-small btn-primary" disabled={busy || !text.trim()}>
            Comment
          </button>
        </form>
      )}
    </section>
  );
}
