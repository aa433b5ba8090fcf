import { describe, expect, it } from 'vitest';
import { livePushBase, liveProtocols, liveUrl } from './config';

function page(url: string) {
  return { location: new URL(url) as unknown as Location };
}

describe('livePushBase', () => {
  it('takes what edge-api configured, without a trailing slash', () => {
    expect(livePushBase('wss://push.example.com/', page('https://dash.example.com/'))).toBe('wss://push.example.com');
    expect(livePushBase(' ws://127.0.0.1:8490 ', page('http://127.0.0.1:8480/'))).toBe('ws://127.0.0.1:8490');
  });

  it('falls back to the page host on port 8090, ws for http and wss for https', () => {
    expect(livePushBase(null, page('http://dash.local:8080/'))).toBe('ws://dash.local:8090');
    expect(livePushBase('', page('https://dash.example.com/'))).toBe('wss://dash.example.com:8090');
    expect(livePushBase(undefined, page('http://[::1]:8080/'))).toBe('ws://[::1]:8090');
  });
});

describe('liveUrl and liveProtocols', () => {
  it('puts the community in the path and the token in the subprotocols, never in the URL', () => {
    expect(liveUrl('ws://h:8090', 'all')).toBe('ws://h:8090/ws/communities/all');
    expect(liveProtocols('a.b.c')).toEqual(['bearer', 'a.b.c']);
  });
});
