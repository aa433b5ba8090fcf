import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ActionKeys, retryingMessage } from '../api/client';
import { useServices } from '../auth/session';
import { messageOf } from '../live/hooks';
import type { PendingPost } from '../live/state';
import { formatBytes } from '../format';
import { ImageIcon } from '../components/icons';
import { checkImage, IMAGE_TYPES } from './media';

export const POST_TEXT_MAX = 5000;

interface Props {
  communityId: string;
  communityName: string;
  onAccepted: (post: PendingPost) => void;
}

export function Composer({ communityId, communityName, onAccepted }: Props) {
  const { api } = useServices();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [retrying, setRetrying] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const actions = useRef<ActionKeys | null>(null);
  actions.current ??= new ActionKeys(api.newKey);
  // The upload of the attached file, kept after a failed post so that posting again sends the same request.
  const uploaded = useRef<{ file: File; mediaId: string } | null>(null);
  const textId = useId();
  const fileId = useId();

  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  function pick(files: FileList | null) {
    const chosen = files?.[0] ?? null;
    setError(null);
    if (!chosen) return;
    const problem = checkImage(chosen);
    setFileError(problem);
    setFile(problem ? null : chosen);
    if (problem && fileInput.current) fileInput.current.value = '';
  }

  function clearFile() {
    setFile(null);
    setFileError(null);
    if (fileInput.current) fileInput.current.value = '';
  }

  const trimmed = text.trim();
  const tooLong = text.length > POST_TEXT_MAX;
  const canPost = trimmed.length > 0 && !tooLong && !busy;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!canPost) return;
    setBusy(true);
    setError(null);
    let action: string | null = null;
    try {
      let mediaId: string | null = null;
      if (file) {
        if (uploaded.current?.file !== file) uploaded.current = { file, mediaId: (await api.uploadMedia(file)).mediaId };
        mediaId = uploaded.current.mediaId;
      }
      action = `${communityId}\n${trimmed}\n${mediaId ?? ''}`;
      const accepted = await api.createPost(communityId, trimmed, mediaId, {
        key: actions.current!.key(action),
        onRetry: (r) => setRetrying(retryingMessage('Posting', r)),
      });
      actions.current!.succeeded(action);
      uploaded.current = null;
      onAccepted({
        postId: accepted.postId,
        communityId,
        text: trimmed,
        previewUrl: file ? URL.createObjectURL(file) : null,
        acceptedAt: accepted.occurredAt,
      });
      setText('');
      clearFile();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
      setRetrying(null);
    }
  }

  return (
    <form className="card composer" onSubmit={submit} aria-label={`New post in ${communityName}`}>
      <label htmlFor={textId} className="visually-hidden">
        Post text
      </label>
      <textarea
        id={textId}
        placeholder="Say something nice"
        value={text}
        rows={3}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
        }}
        aria-invalid={tooLong || undefined}
      />
      {preview && (
        <div className="composer-preview">
          <img src={preview} alt="Preview of the attached image" />
          <div className="composer-preview-meta">
            <span>{file?.name}</span>
            <span className="muted">{file && formatBytes(file.size)}</span>
            <button type="button" className="btn btn-small btn-ghost" onClick={clearFile} aria-label="Remove image">
              Remove
            </button>
          </div>
        </div>
      )}
      {fileError && (
        <p className="field-error" role="alert">
          {fileError}
        </p>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {retrying && (
        <p className="alert alert-info" role="status" data-testid="retrying">
          {retrying}
        </p>
      )}
      <div className="composer-bar">
        <label htmlFor={fileId} className="btn btn-ghost btn-small attach">
          <ImageIcon /> Attach image
        </label>
        <input
          id={fileId}
          ref={fileInput}
          className="visually-hidden"
          type="file"
          accept={IMAGE_TYPES.join(',')}
          onChange={(e) => pick(e.target.files)}
        />
        <span className={`counter${tooLong ? ' counter-over' : ''}`} aria-live="polite">
          {text.length > POST_TEXT_MAX - 500 ? `${text.length} / ${POST_TEXT_MAX}` : ''}
        </span>
        <button className="btn btn-primary" type="submit" disabled={!canPost}>
          {busy ? 'Posting…' : 'Post'}
        </button>
      </div>
    </form>
  );
}
