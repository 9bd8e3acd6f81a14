// Headless Chromium test of the demarche dashboard, run by tests/browser/run.sh
// against `demarche serve` over a store of examples/*.json plus hostile.json.
//
//   BASE_URL=http://127.0.0.1:PORT [SCREENSHOT_DIR=target/browser] node dashboard.mjs
//
// Uses Debian's chromium (never downloads a browser). Prints one line per check
// and closes with "N passed, N failed"; exits non-zero on any failure.

import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BASE = (process.env.BASE_URL || '').replace(/\/$/, '');
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(BASE)) {
  console.error('BASE_URL must be http://127.0.0.1:PORT');
  process.exit(2);
}
const SHOTS = resolve(process.env.SCREENSHOT_DIR || 'target/browser');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const SCRIPT_PAYLOAD = '<script>alert(1)</script>';
const IMG_PAYLOAD = '"><img src=x onerror=alert(1)>';
const HOSTILE_DAY = '2024-03-04';

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}${detail ? `: ${detail}` : ''}`);
  }
  return ok;
}

// Everything the page must never do: open a dialog, throw, log an error, break
// the CSP, or get an error answer from the server.
const dialogs = [];
const pageErrors = [];
const consoleErrors = [];
const badResponses = [];

async function getJson(ctx, path) {
  const r = await ctx.request.get(`${BASE}${path}`);
  if (!r.ok()) throw new Error(`${path}: HTTP ${r.status()}`);
  return r.json();
}

async function open(page, query) {
  await page.goto(`${BASE}/${query}`, { waitUntil: 'load' });
  // app.js sets body[data-loads] once every view has answered.
  await page.waitForSelector('body[data-loads]', { timeout: 20000 });
}

const codesOf = (x) => (Array.isArray(x) ? x.join('+') : String(x ?? ''));

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'demarche-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = ctx.pages()[0] || (await ctx.newPage());
    page.on('dialog', async (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      await d.dismiss().catch(() => {});
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) consoleErrors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) badResponses.push(`${r.status()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => badResponses.push(`failed ${r.url()} ${r.failure()?.errorText ?? ''}`));

    await overview(ctx, page);
    await filtered(page);
    await byActor(ctx, page);
    await hostile(page);

    check('no dialog opened', dialogs.length === 0, dialogs.join(' | '));
    check('no uncaught page error', pageErrors.length === 0, pageErrors.join(' | '));
    check('no console error or CSP violation', consoleErrors.length === 0, consoleErrors.join(' | '));
    check('no failed or 4xx/5xx request', badResponses.length === 0, badResponses.join(' | '));
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// The unfiltered dashboard: every view against what the API says.
async function overview(ctx, page) {
  await open(page, '');

  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  check('CSP meta allows only same-origin scripts', /script-src 'self'(;|$)/.test(csp || ''), csp);

  const meta = await getJson(ctx, '/api/meta');
  check('meta line shows the store', (await page.textContent('#meta')).includes(`${meta.events} events`));

  // Timeline: first page, newest first, as /api/events gives it.
  const events = await getJson(ctx, '/api/events?per_page=50');
  const items = await page.$$eval('#timeline .event', (els) => els.map((e) => ({ id: e.dataset.eventId, text: e.textContent })));
  check('timeline lists the first page of events', items.length === events.events.length && items.length > 0, `${items.length} vs ${events.events.length}`);
  check(
    'timeline order matches the API',
    items.every((it, i) => it.id === String(events.events[i].event_id)),
  );
  check('timeline total shown', (await page.textContent('#timeline-total')).includes(`${events.total} events`));

  // Dyad chart: the most active dyad is charted by default.
  const dyads = await getJson(ctx, '/api/dyads?limit=1000');
  const keys = dyads.map((d) => `${d.source}-${d.target}`);
  for (const expected of ['EU-RUS', 'KGZ-TJK', 'TJK-KGZ', 'RUS-NATO']) {
    check(`dyad ${expected} is in the store`, keys.includes(expected));
  }
  check('dyad select defaults to the top dyad', (await page.inputValue('#dyad-select')) === keys[0], keys[0]);
  const chartBox = await page.locator('#dyad-chart canvas').first().boundingBox();
  check('dyad chart canvas has a size', !!chartBox && chartBox.width > 100 && chartBox.height > 100, JSON.stringify(chartBox));
  const series = await getJson(ctx, `/api/series?dyad=${encodeURIComponent(keys[0])}`);
  check('dyad chart has one point per day', (await page.getAttribute('#dyad-chart', 'data-days')) === String(series.days.length));
  const legend = await page.textContent('#dyad-chart');
  check('dyad chart has the four QuadClass series and the Goldstein sum',
    ['Q1', 'Q2', 'Q3', 'Q4', 'Goldstein sum'].every((s) => legend.includes(s)));

  // Network: one node per actor and one edge per directed dyad.
  const nodes = new Set(dyads.flatMap((d) => [d.source, d.target]));
  await page.waitForSelector('#network[data-edges]');
  check('network node count matches /api/dyads', (await page.getAttribute('#network', 'data-nodes')) === String(nodes.size), `${nodes.size}`);
  check('network edge count matches /api/dyads', (await page.getAttribute('#network', 'data-edges')) === String(dyads.length), `${dyads.length}`);
  const netBox = await page.locator('#network canvas').first().boundingBox();
  check('network canvas has a size', !!netBox && netBox.width > 100 && netBox.height > 100);

  // Negotiation threads: chains in time order, every step shown.
  const threads = await getJson(ctx, '/api/threads?limit=200');
  const shown = await page.$$eval('#threads .thread', (els) => els.map((t) => t.querySelectorAll('.step').length));
  check('threads view lists every thread', shown.length === threads.length && threads.length > 0, `${shown.length} vs ${threads.length}`);
  check('threads view lists every step', shown.every((n, i) => n === threads[i].steps.length && n > 0));
  check(
    'thread steps are in time order',
    threads.every((t) => t.steps.every((s, i) => i === 0 || t.steps[i - 1].date <= s.date)),
  );
  const kinds = await page.$$eval('#threads .step .kind', (els) => els.map((e) => e.textContent));
  check('thread steps carry kind badges', kinds.length > 0 && kinds.every((k) => /^(demand|offer|proposal|appeal|agreement|rejection|threat|talks|response)$/.test(k)), kinds.join(','));

  // Open the newest event so the screenshot shows the detail pane too.
  const first = events.events[0];
  await page.click(`#timeline .event[data-event-id="${first.event_id}"]`);
  await page.waitForSelector(`#detail[data-event-id="${first.event_id}"]`);
  check('detail sentence gives back the event sentence', (await page.textContent('#detail-sentence')) === first.sentence);
  check('detail marks the trigger', (await page.$$('#detail-sentence mark.trigger')).length > 0);

  await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
}

// A shared URL with filters: the sanctions event from examples/reuters-sanctions.json.
async function filtered(page) {
  await open(page, '?code=163&dyad=EU-RUS');
  check('filters are restored from the URL', (await page.inputValue('#filters input[name=code]')) === '163');
  const items = await page.$$eval('#timeline .event', (els) => els.map((e) => ({ id: e.dataset.eventId, cameo: e.dataset.cameo, text: e.textContent })));
  check('code filter keeps only CAMEO 163', items.length > 0 && items.every((e) => e.cameo.startsWith('163')), JSON.stringify(items.map((e) => e.cameo)));
  const sanction = items.find((e) => e.text.includes('adopted a new package of sanctions'));
  if (!check('EU -> RUS sanctions event is in the timeline', !!sanction && sanction.text.includes('EU → RUS'))) return;
  check('dyad filter is charted', (await page.inputValue('#dyad-select')) === 'EU-RUS');

  await page.click(`#timeline .event[data-event-id="${sanction.id}"]`);
  await page.waitForSelector(`#detail[data-event-id="${sanction.id}"]`);
  const marks = await page.$$eval('#detail-sentence mark', (els) => els.map((m) => [m.className, m.textContent]));
  check('detail highlights the trigger', marks.some(([c, t]) => c === 'trigger' && t.includes('sanctions')), JSON.stringify(marks));
  check('detail highlights the source', marks.some(([c]) => c === 'source'));
  check('detail highlights the target', marks.some(([c]) => c === 'target'));
  check('detail sentence is the whole sentence', (await page.textContent('#detail-sentence')).startsWith('BRUSSELS, June 23'));
  const entries = await page.$$eval('#detail-entries li', (els) => els.map((e) => e.textContent));
  check('detail lists the lexicon entries that fired', entries.includes('pred/16/new-sanctions'), entries.join(','));
  check('detail shows the quote', (await page.textContent('#detail-quote')).includes('package of sanctions'));
  check('selected event is kept in the URL', new URL(page.url()).searchParams.get('event') === sanction.id);
}

// The filter form: typing an actor (any case) and applying narrows every view.
async function byActor(ctx, page) {
  await open(page, '');
  await page.fill('#filters input[name=actor]', 'kgz');
  await page.click('#filters button[type=submit]');
  await page.waitForFunction(() => document.body.dataset.loads === '2');
  check('applied filter is written to the URL', new URL(page.url()).searchParams.get('actor') === 'KGZ');
  const texts = await page.$$eval('#timeline .event .ev-dyad', (els) => els.map((e) => e.textContent));
  check('actor filter keeps only KGZ events', texts.length > 0 && texts.every((t) => t.includes('KGZ')), texts.join(' | '));
  const dyads = await getJson(ctx, '/api/dyads?actor=KGZ&limit=1000');
  check('network narrows to the actor', (await page.getAttribute('#network', 'data-edges')) === String(dyads.length) && dyads.length > 0);
  const threads = await page.$$eval('#threads .thread h3', (els) => els.map((e) => e.textContent));
  check('threads narrow to the actor', threads.length > 0 && threads.every((t) => t.includes('KGZ')), threads.join(' | '));
}

// hostile.json: its title, publisher, url, sentences and quote hold markup.
async function hostile(page) {
  await open(page, `?from=${HOSTILE_DAY}&to=${HOSTILE_DAY}`);
  const timeline = await page.textContent('#timeline');
  check('<script> payload shows as text in the timeline', timeline.includes(SCRIPT_PAYLOAD));
  check('"><img onerror> payload shows as text in the timeline', timeline.includes(IMG_PAYLOAD));
  const threads = await page.textContent('#threads');
  check('hostile events chain into a thread, as text', threads.includes(SCRIPT_PAYLOAD) || threads.includes(IMG_PAYLOAD));

  const ids = await page.$$eval('#timeline .event', (els) => els.filter((e) => e.textContent.includes('NATO halt')).map((e) => e.dataset.eventId));
  if (check('the RUS -> NATO demand is coded', ids.length === 1)) {
    await page.click(`#timeline .event[data-event-id="${ids[0]}"]`);
    await page.waitForSelector(`#detail[data-event-id="${ids[0]}"]`);
    check('payload shows as text in the highlighted sentence', (await page.textContent('#detail-sentence')).includes(SCRIPT_PAYLOAD));
    check('payload shows as text in the quote', (await page.textContent('#detail-quote')).includes(SCRIPT_PAYLOAD));
    const title = await page.textContent('#detail-article .article-title');
    check('both payloads show as text in the article title', title.includes(SCRIPT_PAYLOAD) && title.includes(IMG_PAYLOAD), title);
    check('payload shows as text in the publisher', (await page.textContent('#detail-article .article-publisher')).includes(SCRIPT_PAYLOAD));
    check('javascript: url is text, not a link', (await page.textContent('#detail-article .article-url')) === 'javascript:alert(1)'
      && (await page.$$('#detail-article .article-url a')).length === 0);
  }
  await page.screenshot({ path: join(SHOTS, 'hostile.png'), fullPage: true });
  // Give an injected handler, had there been one, time to fire.
  await page.waitForTimeout(500);

  const dom = await page.evaluate(() => ({
    imgs: document.querySelectorAll('img').length,
    handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
    scripts: [...document.scripts].map((s) => s.getAttribute('src')),
    jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => !/^(https?:|#)/.test(a.getAttribute('href'))).length,
  }));
  check('no <img> element in the page', dom.imgs === 0, `${dom.imgs}`);
  check('no element has an on* attribute', dom.handlers === 0, `${dom.handlers}`);
  check('only the three bundled scripts are present', dom.scripts.length === 3 && dom.scripts.every((s) => s && s.startsWith('/assets/')), dom.scripts.join(','));
  check('no link with a non-http(s) href', dom.jsLinks === 0);
}

main()
  .catch((e) => {
    failed++;
    console.log(`not ok - test crashed: ${e.stack || e}`);
  })
  .finally(() => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
