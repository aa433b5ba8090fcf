#!/usr/bin/env node
// End-to-end test of the dashboard in a real browser (Debian's chromium driven by playwright-core) against the
// running stack (bin/streamer up: Kafka, MariaDB, Flink job, edge-api, live-push).
//
//   STREAMER_URL=http://127.0.0.1:8080 node ui/e2e/dashboard.e2e.mjs
//
// Env: STREAMER_URL (default http://127.0.0.1:8080), STREAMER_E2E_COMMUNITY (default: the first community), CHROMIUM
// (default: `command -v chromium`), STREAMER_E2E_OUT (default ui/target/e2e). The page learns where live-push is from
// edge-api (GET /api/config) and runs under edge-api's Content-Security-Policy: any violation fails the run.
// Screenshots go to the output folder; the exit code is non-zero when any step fails.
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.STREAMER_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const OUT = resolve(process.env.STREAMER_E2E_OUT ?? join(here, '..', 'target', 'e2e'));
const WANTED_COMMUNITY = process.env.STREAMER_E2E_COMMUNITY ?? '';
const XSS = '<img src=x onerror=alert(1)>';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const results = [];
let page;

/** Tokens never go to the log. */
function redact(text) {
  return text.replace(/token=[^&'"\s]+/g, 'token=…').replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<jwt>');
}

function log(message) {
  console.log(`[e2e ${new Date().toISOString().slice(11, 23)}] ${message}`);
}

async function step(name, fn) {
  const started = Date.now();
  try {
    const value = await fn();
    results.push({ name, ok: true });
    log(`PASS ${name} (${Date.now() - started} ms)`);
    return value;
  } catch (e) {
    results.push({ name, ok: false });
    log(`FAIL ${name} (${Date.now() - started} ms): ${e?.message ?? e}`);
    if (page) {
      const file = join(OUT, `failure-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      log(`     screenshot: ${file}`);
    }
    throw e;
  }
}

function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  const find = () => {
    try {
      return execSync('command -v chromium', { shell: '/bin/sh', encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  let path = find();
  if (!path) {
    log('chromium not found: apt-get update && apt-get install -y chromium');
    execSync('apt-get update -qq && apt-get install -y -qq chromium', { stdio: 'inherit', shell: '/bin/sh' });
    path = find();
  }
  if (!path) throw new Error('no chromium on PATH');
  return path;
}

/** A small valid PNG (RGB gradient), so the upload is a real image. */
function makePng(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = Math.round((x / width) * 255);
      raw[row + 2 + x * 3] = 99;
      raw[row + 3 + x * 3] = Math.round((y / height) * 255);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function waitFor(what, timeoutMs, check) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Creates a post through the composer and returns its postId (from the 202 answer). */
async function createPost(text, image) {
  if (image) {
    await page.getByLabel('Attach image').setInputFiles({ name: 'e2e.png', mimeType: 'image/png', buffer: image });
    await page.getByAltText('Preview of the attached image').waitFor({ timeout: 5000 });
  }
  await page.getByLabel('Post text').fill(text);
  const accepted = page.waitForResponse(
    (r) => r.request().method() === 'POST' && /\/api\/communities\/[^/]+\/posts$/.test(new URL(r.url()).pathname),
  );
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  const response = await accepted;
  if (response.status() !== 202) throw new Error(`POST posts answered ${response.status()}: ${await response.text()}`);
  const { postId } = await response.json();
  log(`     post accepted: ${postId}`);
  return postId;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const executablePath = chromiumPath();
  const userDataDir = mkdtempSync(join(tmpdir(), 'streamer-e2e-'));
  log(`base ${BASE}, chromium ${executablePath}, screenshots in ${OUT}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: FLAGS,
    viewport: { width: 1360, height: 900 },
  });
  const pageErrors = [];
  const dialogs = [];
  try {
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const socketUrls = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && log(`     console error: ${redact(m.text())}`));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    page.on('websocket', (ws) => {
      socketUrls.push(ws.url());
      log(`     websocket ${redact(ws.url())}`);
    });

    const suffix = Date.now().toString(36);
    const username = `e2e_${suffix}`;
    const password = `pw-${suffix}-correct-horse`;

    await step('open the app', async () => {
      const response = await page.goto(`${BASE}/`);
      if (!response?.ok()) throw new Error(`GET / answered ${response?.status()}`);
      const csp = response.headers()['content-security-policy'] ?? '';
      if (!csp.includes("script-src 'self'") || csp.includes('unsafe-inline')) throw new Error(`CSP is "${csp}"`);
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    });

    await step('register', async () => {
      await page.getByRole('tab', { name: 'Register' }).click();
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByLabel('Confirm password').fill(password);
      const registered = page.waitForResponse((r) => r.url().endsWith('/api/auth/register'));
      await page.getByRole('button', { name: 'Create account' }).click();
      const r = await registered;
      if (r.status() !== 201) throw new Error(`register answered ${r.status()}: ${await r.text()}`);
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    });

    await step('sign in', async () => {
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    });

    const community = await step('join a community', async () => {
      const list = page.getByRole('navigation', { name: 'Communities' });
      await list.locator('li').first().waitFor();
      const item = WANTED_COMMUNITY ? list.locator(`li[data-community="${WANTED_COMMUNITY}"]`) : list.locator('li').first();
      const id = await item.getAttribute('data-community');
      const name = (await item.locator('.community-name').textContent())?.trim();
      await item.getByRole('button', { name: `Open ${name}` }).click();
      await item.getByRole('button', { name: `Join ${name}` }).click();
      await item.getByRole('button', { name: `Leave ${name}` }).waitFor();
      await page.getByLabel('Post text').waitFor();
      await waitFor('the live connection', 15_000, async () =>
        (await page.locator('.feed .conn').getAttribute('data-state')) === 'open',
      );
      log(`     joined ${id} (${name})`);
      return { id, name };
    });

    const text = `E2E ${suffix}: what a wonderful, happy day with friends!`;
    const imagePostId = await step('post with an image', () => createPost(text, makePng(96, 64)));
    const article = page.locator(`article[data-post-id="${imagePostId}"]`);

    await step('see the post appear with an emotion chip and its image', async () => {
      await article.waitFor({ timeout: 60_000 });
      const textShown = (await article.locator('.post-text').textContent()) ?? '';
      if (textShown !== text) throw new Error(`post text is ${JSON.stringify(textShown)}`);
      const labels = ['anger', 'disgust', 'fear', 'joy', 'sadness', 'surprise', 'neutral'];
      const chip = article.locator('.chip');
      const emotion = await waitFor('an emotion chip', 30_000, async () => {
        const label = await chip.getAttribute('data-emotion');
        return labels.includes(label ?? '') ? label : null;
      }).catch(async () => {
        throw new Error(`emotion chip is ${await chip.getAttribute('data-emotion')} (the job did not classify the post)`);
      });
      log(`     emotion: ${emotion}`);
      await waitFor('the image to load from a blob URL', 15_000, () =>
        article.locator('img.media').evaluate((img) => img.src.startsWith('blob:') && img.complete && img.naturalWidth === 96)
          .catch(() => false),
      );
    });

    const likeButton = article.getByTestId('like');
    const likeState = async () => ({
      count: await likeButton.getAttribute('data-count'),
      pressed: await likeButton.getAttribute('aria-pressed'),
      confirmed: await likeButton.getAttribute('data-confirmed'),
    });

    await step('like it (count 1, confirmed by the stream)', async () => {
      await likeButton.click();
      await waitFor('likes = 1, confirmed', 30_000, async () => {
        const s = await likeState();
        return s.count === '1' && s.pressed === 'true' && s.confirmed === 'true';
      });
    });

    await step('unlike it (count 0, confirmed by the stream)', async () => {
      await likeButton.click();
      await waitFor('likes = 0, confirmed', 30_000, async () => {
        const s = await likeState();
        return s.count === '0' && s.pressed === 'false' && s.confirmed === 'true';
      });
    });

    await step('comment', async () => {
      const comment = `Nice picture ${suffix}`;
      await article.getByTestId('comments').click();
      await article.getByLabel('Write a comment').fill(comment);
      await article.getByRole('button', { name: 'Comment', exact: true }).click();
      await article.locator('li.comment:not(.comment-pending)', { hasText: comment }).waitFor({ timeout: 30_000 });
      await waitFor('comments = 1', 30_000, async () => (await article.getByTestId('comments').getAttribute('data-count')) === '1');
    });

    await step('a post of HTML shows as literal text', async () => {
      const xssId = await createPost(XSS, null);
      const xss = page.locator(`article[data-post-id="${xssId}"]`);
      await xss.waitFor({ timeout: 60_000 });
      const shown = await xss.locator('.post-text').textContent();
      if (shown !== XSS) throw new Error(`post text is ${JSON.stringify(shown)}`);
      if ((await xss.locator('.post-text img').count()) > 0) throw new Error('the text became an <img>');
      if ((await page.locator('img[src="x"]').count()) > 0) throw new Error('an <img src=x> is in the page');
      if (dialogs.length) throw new Error(`a dialog opened: ${dialogs.join(', ')}`);
    });

    await step('share it', async () => {
      await article.getByTestId('share').click();
      await waitFor('shares = 1', 30_000, async () => (await article.getByTestId('share').getAttribute('data-count')) === '1');
    });

    await step('screenshot the feed', async () => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(OUT, 'feed.png'), fullPage: false });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(OUT, 'feed-phone.png'), fullPage: false });
      await page.setViewportSize({ width: 1360, height: 900 });
    });

    await step('analytics: the posts chart gains a point within 45 s', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics', exact: true }).click();
      await page.getByLabel('Community').selectOption(community.id);
      const chart = page.locator('figure[data-metric="posts"]');
      await chart.waitFor();
      // The history request for the chosen community has answered when the loading state is gone.
      await page.getByText('Loading analytics…').waitFor({ state: 'detached', timeout: 15_000 });
      const before = {
        points: Number(await chart.getAttribute('data-points')),
        last: Number((await chart.getAttribute('data-last-window')) || 0),
      };
      log(`     posts chart at open: ${before.points} points, last window ${before.last || 'none'}`);
      const opened = Date.now();
      await waitFor('a new window in the posts chart', 45_000, async () => {
        const last = Number((await chart.getAttribute('data-last-window')) || 0);
        return last > before.last;
      });
      const after = {
        points: Number(await chart.getAttribute('data-points')),
        total: Number(await chart.getAttribute('data-total')),
      };
      log(`     new point after ${Date.now() - opened} ms: ${after.points} points, ${after.total} posts in 10 min`);
      if (after.total < 2) {
        await waitFor('both test posts in the posts chart', 45_000, async () =>
          Number(await chart.getAttribute('data-total')) >= 2,
        );
      }
      const state = await page.locator('.analytics .conn').getAttribute('data-state');
      if (state !== 'open') throw new Error(`live connection on analytics is ${state}`);
    });

    await step('screenshot analytics', async () => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(OUT, 'analytics.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(OUT, 'analytics-phone.png'), fullPage: true });
    });

    await step('health: every panel shows a live figure, changing while events flow', async () => {
      await page.setViewportSize({ width: 1360, height: 900 });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Health', exact: true }).click();
      const panels = page.locator('[data-panel]');
      await panels.first().waitFor();
      // events flow meanwhile: the test user likes and unlikes its post over REST, ~2 a second
      const login = await fetch(`${BASE}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (login.status !== 200) throw new Error(`login for the traffic answered ${login.status}`);
      const { token } = await login.json();
      let flowing = true;
      let sent = 0;
      const traffic = (async () => {
        for (let liked = false; flowing; liked = !liked) {
          const r = await fetch(`${BASE}/api/posts/${imagePostId}/like`, {
            method: liked ? 'DELETE' : 'POST',
            headers: { Authorization: `Bearer ${token}` },
          });
          if (r.status === 202) sent++;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      })();
      const figures = async () =>
        panels.evaluateAll((nodes) =>
          nodes.map((n) => ({
            id: n.getAttribute('data-panel'),
            status: n.getAttribute('data-status'),
            value: n.querySelector('[data-value]')?.getAttribute('data-value') ?? null,
            text: n.textContent,
          })),
        );
      const seen = new Map();
      try {
        const all = await waitFor('every panel with a number and the flowing ones changing', 90_000, async () => {
          const now = await figures();
          for (const f of now) {
            if (f.status !== 'ok' || f.value === null || !Number.isFinite(Number(f.value))) continue;
            const values = seen.get(f.id) ?? new Set();
            values.add(Number(f.value));
            seen.set(f.id, values);
          }
          const allOk = now.length === 11 && now.every((f) => f.status === 'ok' && Number.isFinite(Number(f.value)));
          const changed = ['ingest', 'checkpoint-age', 'results'].every((id) => (seen.get(id)?.size ?? 0) >= 2);
          const moving = [...(seen.get('ingest') ?? [])].some((v) => v > 0) && [...(seen.get('results') ?? [])].some((v) => v > 0);
          return allOk && changed && moving ? now : null;
        }).catch(async (e) => {
          const now = await figures();
          const missing = now.filter((f) => f.status !== 'ok').map((f) => `${f.id}: ${f.text}`);
          throw new Error(`${e.message}; not ok: ${missing.join(' | ') || 'none'}; seen: ${JSON.stringify([...seen].map(([k, v]) => [k, [...v]]))}`);
        });
        log(`     ${sent} likes/unlikes sent; panels: ${all.map((f) => `${f.id}=${f.value}`).join(', ')}`);
        writeFileSync(join(OUT, 'health.json'), JSON.stringify(all, null, 2));
        await page.waitForTimeout(4000); // a few more samples for the sparklines
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(OUT, 'health.png'), fullPage: true });
      } finally {
        flowing = false;
        await traffic;
      }
    });

    await step('no uncaught page errors', async () => {
      if (pageErrors.length) throw new Error(pageErrors.join(' | '));
    });

    await step('no Content-Security-Policy violation and no token in a socket URL', async () => {
      const violations = await page.evaluate(() => window.__cspViolations);
      if (violations.length) throw new Error(`CSP violations: ${violations.join(' | ')}`);
      if (socketUrls.length === 0) throw new Error('no WebSocket was opened');
      const leaking = socketUrls.filter((u) => /token=|eyJ/.test(u));
      if (leaking.length) throw new Error(`a token in a socket URL: ${leaking.map(redact).join(', ')}`);
    });
  } finally {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

main()
  .catch((e) => log(`stopped: ${e?.message ?? e}`))
  .finally(() => {
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    writeFileSync(join(OUT, 'results.json'), JSON.stringify({ base: BASE, results }, null, 2));
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    process.exit(failed > 0 || passed === 0 ? 1 : 0);
  });
