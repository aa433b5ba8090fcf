import { useState } from 'react';
import type { ShownPost } from '../live/state';
import { AuthImage } from '../components/AuthImage';
import { EmotionChip } from '../components/EmotionChip';
import { CommentIcon, LinkIcon, ThumbIcon } from '../components/icons';
import { absoluteTime, compactNumber, relativeTime } from '../format';
import { Comments } from './Comments';

interface Props {
  post: ShownPost;
  now: number;
  onLike: (post: ShownPost) => void;
  onShare: (post: ShownPost) => Promise<void>;
}

export function PostCard({ post, now, onLike, onShare }: Props) {
  const [open, setOpen] = useState(false);
  const [shared, setShared] = useState(false);
  const author = post.author.username;
  const mediaUrl = post.mediaUrl ?? (post.mediaId ? `/api/media/${post.mediaId}` : null);

  async function share() {
    try {
      await onShare(post);
    } catch {
      return; // the feed shows why
    }
    setShared(true);
    setTimeout(() => setShared(false), 2000);
  }

  return (
    <article
      className="card post"
      aria-label={`Post by ${author}`}
      data-post-id={post.postId}
      data-version={post.version}
    >
      <header className="post-head">
        <span className="avatar" aria-hidden="true">
          {author.slice(0, 1).toUpperCase()}
        </span>
        <div className="post-who">
          <span className="post-author">{author}</span>
          <time className="post-time muted" dateTime={new Date(post.createdAt).toISOString()} title={absoluteTime(post.createdAt)}>
            {relativeTime(post.createdAt, now)}
          </time>
        </div>
        <EmotionChip emotion={post.emotion} scores={post.emotionScores} />
      </header>
      {/* Text is rendered as text: React escapes it; never set it as HTML. */}
      <p className="post-text">{post.text}</p>
      {mediaUrl && <AuthImage url={mediaUrl} alt={`Image posted by ${author}`} />}
      <footer className="post-actions">
        <button
          type="button"
          className={`action${post.likedByMe ? ' action-on' : ''}`}
          aria-pressed={post.likedByMe}
          aria-label={post.likedByMe ? `Unlike (${post.likes} likes)` : `Like (${post.likes} likes)`}
          data-testid="like"
          data-count={post.likes}
          data-confirmed={post.likeConfirmed}
          onClick={() => onLike(post)}
        >
          <ThumbIcon filled={post.likedByMe} /> <span className="count">{compactNumber(post.likes)}</span>
        </button>
        <button
          type="button"
          className={`action${open ? ' action-on' : ''}`}
          aria-expanded={open}
          aria-label={`Comments (${post.comments})`}
          data-testid="comments"
          data-count={post.comments}
          onClick={() => setOpen((o) => !o)}
        >
          <CommentIcon /> <span className="count">{compactNumber(post.comments)}</span>
        </button>
        <button
          type="button"
          className="action"
          aria-label={`Share (${post.shares} shares)`}
          data-testid="share"
          data-count={post.shares}
          onClick={share}
        >
          <LinkIcon /> <span className="count">{compactNumber(post.shares)}</span>
          {shared && <span className="action-note"> Shared</span>}
        </button>
      </footer>
      {open && <Comments postId={post.postId} count={post.comments} canWrite />}
    </article>
  );
}
