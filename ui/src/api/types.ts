/** Shapes of the edge-api REST API and the live-push messages (see the brief's cross-module agreements). */

export const EMOTIONS = ['anger', 'disgust', 'fear', 'joy', 'sadness', 'surprise', 'neutral'] as const;
export type Emotion = (typeof EMOTIONS)[number];
export type EmotionValues = Record<Emotion, number>;

export interface User {
  id: string;
  username: string;
}

export interface Session {
  token: string;
  expiresAt: number;
  user: User;
}

export interface Me extends User {
  communities: string[];
}

export interface Community {
  id: string;
  name: string;
  description: string;
  member: boolean;
  members: number;
}

/** A post as the UI keeps it: the REST feed shape. */
export interface Post {
  postId: string;
  communityId: string;
  author: User;
  text: string;
  mediaId: string | null;
  mediaUrl: string | null;
  createdAt: number;
  emotion: Emotion | null;
  emotionScores: EmotionValues | null;
  likes: number;
  comments: number;
  shares: number;
  likedByMe: boolean;
  version: number;
}

export interface FeedPage {
  posts: Post[];
  nextBefore: string | null;
}

export interface Comment {
  commentId: string;
  postId: string;
  author: User;
  text: string;
  createdAt: number;
}

/** One 30-second analytics window (REST history and live-push share it). */
export interface WindowResult {
  communityId: string;
  windowStart: number;
  windowEnd: number;
  activeUsers: number;
  /** Users signed in at the window's end (sessions open then); absent in results written before the gauge. */
  signedIn?: number;
  posts: number;
  likes: number;
  comments: number;
  shares: number;
  emotions: EmotionValues;
  lateEvents: number;
  revision: number;
  update?: boolean;
}

export interface MediaUpload {
  mediaId: string;
  contentType: string;
  size: number;
  url: string;
}

export interface Accepted {
  eventId: string;
  occurredAt: number;
}

export interface PostAccepted extends Accepted {
  postId: string;
}

export interface CommentAccepted extends Accepted {
  commentId: string;
}

/** The post record live-push relays from streamer.feed.v1 (contract FeedPost: flat author fields, no likedByMe). */
export interface LiveFeedPost {
  postId: string;
  communityId: string;
  authorId: string;
  authorName?: string | null;
  text: string;
  mediaId?: string | null;
  createdAt: number;
  emotion?: Emotion | null;
  emotionScores?: EmotionValues | null;
  likes: number;
  comments: number;
  shares: number;
  version: number;
}

export type LiveMessage =
  | { type: 'snapshot'; windows: WindowResult[] }
  | { type: 'analytics'; window: WindowResult }
  | { type: 'post'; post: LiveFeedPost }
  /** live-push may have missed records for this connection: reload what is shown from REST. */
  | { type: 'resync' };

/** GET /api/health/pipeline: one panel per figure; an "unavailable" panel says why and has no figures. */
export interface HealthPanel {
  status: 'ok' | 'unavailable';
  reason?: string;
}

export interface PartitionLag {
  partition: number;
  endOffset: number;
  committedOffset: number | null;
  lag: number;
}

export interface PipelineHealth {
  sampledAt: number;
  ingest: HealthPanel & { eventsPerSecond?: number; acknowledged?: number };
  consumerLag: HealthPanel & { group: string; topic: string; total?: number; partitions?: PartitionLag[] };
  checkpoint: HealthPanel & { jobState?: string; id?: number; ageSeconds?: number; durationMs?: number };
  restarts: HealthPanel & { jobState?: string; restarts?: number };
  dlq: HealthPanel & { topic: string; records?: number; perSecond?: number };
  lateEvents: HealthPanel & { total?: number; applied?: number; countedOnly?: number };
  results: HealthPanel & { perSecond?: number; perSecondByTopic?: Record<string, number> };
  connections: HealthPanel & { open?: number };
  delivery: HealthPanel & { p50Ms?: number; p99Ms?: number; maxMs?: number };
  windowDelay: HealthPanel & { source?: string; windowEnd?: number; p50Ms?: number; maxMs?: number };
}
