import { describe, expect, it } from 'vitest';
import { livePushBase, liveUrl } from './config';

function page(url: string, metaContent?: string, global?: string) {
  const document = new DOMParser().parseFromString(
    `<html><head>${metaContent === undefined ? '' : `<meta name="streamer-live-push" content="${metaContent}">`}</head></html>`,
    'text/html',
  );
  return {
    location: new URL(url) as unknown as Location,
    document,
    STREAMER_CONFIG: global === undefined ? undefined : { livePushUrl: global },
  };
}

describe('livePushBase', () => {
  it('defaults to the page host on port 8090, ws for http and wss for https', () => {
    expect(livePushBase(page('http://dash.local:8080/'), undefined)).toBe('ws://dash.local:8090');
    expect(livePushBase(page('https://dash.example.com/'), undefined)).toBe('wss://dash.example.com:8090');
  });

  it('an empty meta tag is ignored; a filled one wins over the build variable', () => {
    expect(livePushBase(page('http://h/', ''), undefined)).toBe('ws://h:8090');
    expect(livePushBase(page('http://h/', 'wss://push.example.com/'), 'ws://build:1')).toBe('wss://push.example.com');
    expect(livePushBase(page('http://h/'), 'ws://build:1')).toBe('ws://build:1');
  });

  it('window.STREAMER_CONFIG wins over everything', () => {
    expect(livePushBase(page('http://h/', 'wss://meta', 'ws://global:9'), 'ws://build:1')).toBe('ws://global:9');
  });
});

describe('liveUrl', () => {
  it('appends the community path and the token as query parameter', () => {
    expect(liveUrl('ws://h:8090', 'all', 'a.b+c')).toBe('ws://h:8090/ws/communities/all?token=a.b%2Bc');
  });
});
