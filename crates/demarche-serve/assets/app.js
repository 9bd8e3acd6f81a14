// demarche dashboard: one module, no build step. The API is described in
// docs/API.md. Article text and everything derived from it is untrusted, so
// every piece of data reaches the page through textContent or a text node;
// no HTML string is ever parsed.

const FILTERS = ['actor', 'dyad', 'code', 'from', 'to'];
const QUAD = ['verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];
const QUAD_COLORS = ['#5aa469', '#1f7a3a', '#e08e2b', '#b83227'];
const KINDS = new Set(['demand', 'offer', 'proposal', 'appeal', 'agreement', 'rejection', 'threat', 'talks', 'response']);
const MARKS = new Set(['source', 'target', 'trigger']);
const PER_PAGE = 50;

// ---------- DOM helpers (text only) ----------

// el('p', {class: 'x', data: {id: 3}}, 'text', child) builds an element. Strings
// become text nodes; event-handler attributes are refused outright.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (/^on/i.test(k) || k === 'href' || k === 'src' || k === 'style') {
      throw new Error(`el(): refusing attribute ${k}`);
    }
    if (k === 'class') node.className = v;
    else if (k === 'data') for (const [dk, dv] of Object.entries(v)) node.dataset[dk] = String(dv);
    else node.setAttribute(k, String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function clear(node) {
  node.replaceChildren();
  return node;
}

const $ = (sel) => document.querySelector(sel);

// A link only for http(s) URLs; anything else (javascript:, data:) stays text.
function safeLink(url, text) {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return text ?? url ?? '';
  const a = el('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }, text ?? url);
  a.href = url;
  return a;
}

// ---------- state in the URL ----------

function readState() {
  const q = new URLSearchParams(location.search);
  const s = {};
  for (const k of FILTERS) s[k] = (q.get(k) || '').trim();
  s.page = Math.max(1, parseInt(q.get('page') || '1', 10) || 1);
  s.event = /^\d+$/.test(q.get('event') || '') ? q.get('event') : '';
  s.chart = (q.get('chart') || '').trim();
  s.undirected = q.get('undirected') === 'true';
  return s;
}

function writeState(s, push) {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (s[k]) q.set(k, s[k]);
  if (s.page > 1) q.set('page', s.page);
  if (s.event) q.set('event', s.event);
  if (s.chart) q.set('chart', s.chart);
  if (s.undirected) q.set('undirected', 'true');
  const url = `${location.pathname}${q.toString() ? '?' + q : ''}${location.hash}`;
  history[push ? 'pushState' : 'replaceState'](null, '', url);
}

let state = readState();

// ---------- API ----------

class ApiError extends Error {}

// GET an API path with only the given non-empty params: the server rejects
// unknown parameters, so each view passes exactly what its endpoint accepts.
async function api(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const res = await fetch(`/api/${path}${q.toString() ? '?' + q : ''}`, { headers: { Accept: 'application/json' } });
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const e = body && body.error;
    const msg = e ? `${e.param ? e.param + ': ' : ''}${e.message}` : `HTTP ${res.status}`;
    throw new ApiError(`/api/${path}: ${msg}`);
  }
  return body;
}

function pick(s, keys) {
  const out = {};
  for (const k of keys) if (s[k]) out[k] = s[k];
  return out;
}

// /api/dyads and the network take a CAMEO root, not a code prefix.
function rootOf(code) {
  return /^\d{2,4}$/.test(code) ? code.slice(0, 2) : '';
}

const errors = new Map();
function report(view, err) {
  if (err) {
    console.error(err);
    errors.set(view, err.message);
  } else {
    errors.delete(view);
  }
  $('#status').textContent = [...errors.values()].join(' · ');
}

// ---------- formatting ----------

function codes(x) {
  if (Array.isArray(x)) return x.length ? x.join('+') : '—';
  return x ? String(x) : '—';
}

function dyadLabel(source, target) {
  return `${codes(source)} → ${codes(target)}`;
}

function num(x, digits = 1) {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '—';
}

function goldsteinBadge(g) {
  const cls = typeof g === 'number' ? (g > 0 ? 'pos' : g < 0 ? 'neg' : '') : '';
  return el('span', { class: `gs ${cls}`, title: 'Goldstein' }, num(g));
}

function quadBadge(q) {
  const i = Number(q) - 1;
  return el('span', { class: 'badge', title: 'QuadClass' }, QUAD[i] ?? `quad ${q ?? '?'}`);
}

// ---------- meta and datalists ----------

async function loadMeta() {
  try {
    const m = await api('meta');
    $('#meta').textContent =
      `${m.articles} articles · ${m.events} events · ${m.clusters} clusters · ` +
      `${m.first_date ?? '?'} to ${m.last_date ?? '?'} · lexicon ${m.lexicon ?? '?'} · v${m.version ?? '?'}`;
    report('meta');
  } catch (e) {
    $('#meta').textContent = 'store unavailable';
    report('meta', e);
  }
  try {
    const actors = await api('actors', { limit: 1000 });
    clear($('#actor-list')).append(...actors.map((a) => el('option', { value: a.code }, `${a.events} events`)));
  } catch (e) {
    report('actors', e);
  }
}

// ---------- timeline ----------

async function loadTimeline() {
  const list = $('#timeline');
  try {
    const r = await api('events', { ...pick(state, FILTERS), page: state.page, per_page: PER_PAGE });
    clear(list);
    for (const ev of r.events) list.append(eventItem(ev));
    if (!r.events.length) list.append(el('li', { class: 'empty' }, 'No events match these filters.'));
    const pages = Math.max(1, Math.ceil(r.total / r.per_page));
    $('#timeline-total').textContent = `${r.total}${r.total_exact === false ? '+' : ''} events`;
    $('#page-info').textContent = `page ${r.page} of ${pages}`;
    $('#prev-page').disabled = r.page <= 1;
    $('#next-page').disabled = r.page >= pages;
    list.dataset.total = r.total;
    report('timeline');
  } catch (e) {
    clear(list);
    $('#timeline-total').textContent = '';
    $('#page-info').textContent = '';
    $('#prev-page').disabled = true;
    $('#next-page').disabled = true;
    report('timeline', e);
  }
  markSelected();
}

function eventItem(ev) {
  const li = el(
    'li',
    { class: `event q${ev.quad_class}`, tabindex: 0, data: { eventId: ev.event_id, cameo: ev.cameo } },
    el(
      'div',
      { class: 'ev-head' },
      el('span', { class: 'ev-date' }, ev.date ?? '—'),
      el('span', { class: 'ev-dyad' }, dyadLabel(ev.source, ev.target)),
      el('span', { class: 'ev-code' }, ev.cameo ?? ''),
      el('span', { class: 'ev-name' }, ev.event_name ?? ''),
      ev.plover ? el('span', { class: 'badge' }, ev.plover) : null,
      goldsteinBadge(ev.goldstein),
    ),
    el('p', { class: 'ev-sentence' }, ev.sentence ?? ''),
    el(
      'div',
      { class: 'hint' },
      ev.publisher ?? '',
      ev.num_articles > 1 ? ` · ${ev.num_articles} reports` : '',
    ),
  );
  li.addEventListener('click', () => selectEvent(ev.event_id));
  li.addEventListener('keydown', (k) => {
    if (k.key === 'Enter' || k.key === ' ') {
      k.preventDefault();
      selectEvent(ev.event_id);
    }
  });
  return li;
}

function markSelected() {
  for (const li of document.querySelectorAll('#timeline .event')) {
    li.classList.toggle('selected', li.dataset.eventId === String(state.event));
  }
}

// ---------- event detail ----------

function selectEvent(id) {
  state.event = String(id);
  writeState(state, true);
  markSelected();
  loadDetail();
}

async function loadDetail() {
  const box = $('#detail');
  if (!state.event) return;
  let r;
  try {
    r = await api(`events/${encodeURIComponent(state.event)}`);
    report('detail');
  } catch (e) {
    clear(box).append(el('p', { class: 'empty' }, e.message));
    report('detail', e);
    return;
  }
  const ev = r.event;
  const art = r.article || {};
  clear(box).dataset.eventId = ev.event_id;

  const sentence = el('p', { class: 'detail-sentence', id: 'detail-sentence' });
  for (const seg of r.segments || []) {
    // mark comes from the server but is still checked against the known kinds
    sentence.append(MARKS.has(seg.mark) ? el('mark', { class: seg.mark }, seg.text) : document.createTextNode(seg.text));
  }

  const flags = ['negated', 'hedged', 'future', 'conditional'].filter((f) => ev[f]);
  if (ev.asserted === false) flags.push('not asserted');

  box.append(
    el('h3', {}, `${ev.cameo} ${ev.event_name ?? ''}`),
    el(
      'dl',
      {},
      el('dt', {}, 'Date'),
      el('dd', {}, ev.date ?? '—', ev.date_how ? ` (${ev.date_how})` : ''),
      el('dt', {}, 'Source'),
      el('dd', { class: 'detail-source' }, codes(ev.source), ev.source_name ? ` · ${ev.source_name}` : ''),
      el('dt', {}, 'Target'),
      el('dd', { class: 'detail-target' }, codes(ev.target), ev.target_name ? ` · ${ev.target_name}` : ''),
      el('dt', {}, 'PLOVER'),
      el('dd', {}, ev.plover ?? '—'),
      el('dt', {}, 'Goldstein'),
      el('dd', {}, goldsteinBadge(ev.goldstein), ' ', quadBadge(ev.quad_class)),
      flags.length ? [el('dt', {}, 'Modality'), el('dd', {}, flags.map((f) => el('span', { class: 'badge flag' }, f)))] : null,
    ),
    el(
      'p',
      { class: 'marks-legend hint' },
      el('mark', { class: 'source' }, 'source'),
      el('mark', { class: 'target' }, 'target'),
      el('mark', { class: 'trigger' }, 'trigger'),
    ),
    sentence,
  );

  if (ev.quote) {
    box.append(
      el('h3', {}, 'Quote'),
      el('blockquote', { id: 'detail-quote' }, ev.quote),
      el('p', { class: 'hint' }, `— ${ev.quote_speaker || 'unattributed'}`),
    );
  }

  box.append(
    el('h3', {}, 'Lexicon entries that fired'),
    el('ul', { class: 'entries', id: 'detail-entries' }, (ev.entries || []).map((x) => el('li', {}, x))),
    el('h3', {}, 'Article'),
    el(
      'dl',
      { id: 'detail-article' },
      el('dt', {}, 'Title'),
      el('dd', { class: 'article-title' }, art.title ?? '—'),
      el('dt', {}, 'Publisher'),
      el('dd', { class: 'article-publisher' }, art.source ?? ev.publisher ?? '—'),
      el('dt', {}, 'Published'),
      el('dd', {}, art.published ?? '—'),
      el('dt', {}, 'Id'),
      el('dd', {}, art.ext_id ?? ev.article_id ?? '—'),
      el('dt', {}, 'URL'),
      el('dd', { class: 'article-url' }, art.url ? safeLink(art.url) : '—'),
    ),
  );

  const others = r.cluster || [];
  box.append(el('h3', {}, `Other reports of this happening (${others.length})`));
  if (others.length) {
    const ul = el('ul', { class: 'cluster', id: 'detail-cluster' });
    for (const c of others) {
      const li = el('li', { data: { eventId: c.event_id } }, `${c.date ?? ''} ${c.publisher ?? ''}: ${c.sentence ?? ''}`);
      li.addEventListener('click', () => selectEvent(c.event_id));
      ul.append(li);
    }
    box.append(ul);
  } else {
    box.append(el('p', { class: 'empty' }, 'none'));
  }
}

// ---------- dyad view ----------

let dyads = [];
let chart = null;

function dyadKey(d) {
  return `${d.source}-${d.target}`;
}

async function loadDyads() {
  try {
    dyads = await api('dyads', { ...pick(state, ['actor', 'from', 'to']), root: rootOf(state.code), limit: 1000 });
    report('dyads');
  } catch (e) {
    dyads = [];
    report('dyads', e);
  }
  clear($('#dyad-list')).append(...dyads.map((d) => el('option', { value: dyadKey(d) }, `${d.events} events`)));
  const keys = dyads.map(dyadKey);
  const chosen = state.chart || state.dyad || keys[0] || '';
  // The chosen dyad is offered even when the list (top dyads) does not hold it.
  const options = [...new Set([chosen, ...keys].filter(Boolean))];
  clear($('#dyad-select')).append(...options.map((k) => el('option', { value: k }, k)));
  $('#dyad-select').value = chosen;
  $('#dyad-undirected').checked = state.undirected;
  renderNetwork();
  await loadSeries();
}

async function loadSeries() {
  const dyad = $('#dyad-select').value;
  const box = $('#dyad-chart');
  const alerts = clear($('#alerts'));
  if (chart) {
    chart.destroy();
    chart = null;
  }
  clear(box);
  if (!dyad) {
    $('#dyad-summary').textContent = 'No dyad in the store for these filters.';
    return;
  }
  try {
    const s = await api('series', { dyad, ...pick(state, ['from', 'to']), undirected: state.undirected ? 'true' : '' });
    drawSeries(box, s);
    const n = s.days.reduce((a, d) => a + d.events, 0);
    const g = s.days.reduce((a, d) => a + d.goldstein_sum, 0);
    $('#dyad-summary').textContent =
      `${s.dyad ?? dyad}${state.undirected ? ' (both directions)' : ''}: ${n} event${n === 1 ? '' : 's'}, Goldstein sum ${num(g)}, ` +
      `${s.from ?? '?'} to ${s.to ?? '?'}`;
    report('series');
  } catch (e) {
    $('#dyad-summary').textContent = '';
    report('series', e);
  }
  try {
    const list = await api('alerts', { dyad, ...pick(state, ['from', 'to']) });
    for (const a of list) {
      alerts.append(
        el(
          'li',
          { class: 'alert' },
          `${a.date} ${a.source} → ${a.target}: score ${num(a.score)}, z ${num(a.z)} ` +
            `(trailing mean ${num(a.trailing_mean, 2)}, sd ${num(a.trailing_sd, 2)}), ${a.events} events`,
        ),
      );
    }
    if (!list.length) alerts.append(el('li', { class: 'empty' }, 'No escalation alert for this dyad.'));
    report('alerts');
  } catch (e) {
    report('alerts', e);
  }
}

const DAY = 86400;

function drawSeries(box, s) {
  const days = s.days || [];
  const x = days.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000);
  const data = [x, ...[0, 1, 2, 3].map((i) => days.map((d) => (d.quad ? d.quad[i] : 0))), days.map((d) => d.goldstein_sum)];
  // Grouped bars: the four QuadClass bars of a day side by side within the day.
  const bars = (i) =>
    uPlot.paths.bars({
      disp: {
        x0: { unit: 1, values: (u) => u.data[0].map((t) => t - 0.4 * DAY + i * 0.2 * DAY) },
        size: { unit: 1, values: (u) => u.data[0].map(() => 0.2 * DAY) },
      },
    });
  const day = (ts) => new Date(ts * 1000).toISOString().slice(0, 10);
  const opts = {
    width: Math.max(320, box.clientWidth),
    height: 300,
    // Dates are calendar days: show them in UTC, not shifted to the viewer's zone.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {
      // Half a day of margin around the data; computed from the data itself
      // because uPlot widens a one-point time range by 1000 days.
      x: { time: true, range: () => (x.length ? [x[0] - DAY / 2, x[x.length - 1] + DAY / 2] : [0, DAY]) },
      y: { range: (u, min, max) => [0, Math.max(1, max)] },
      // Symmetric around 0, with headroom so a point at the extreme stays visible.
      g: { range: (u, min, max) => { const m = 1.15 * Math.max(1, Math.abs(min), Math.abs(max)); return [-m, m]; } },
    },
    axes: [
      // Calendar days: ticks on whole days, never hours.
      { space: 90, incrs: [1, 2, 7, 14, 30, 91, 182, 365, 730].map((n) => n * DAY), values: (u, splits) => splits.map(day) },
      { label: 'events per day', scale: 'y' },
      { label: 'Goldstein sum', scale: 'g', side: 1, grid: { show: false } },
    ],
    series: [
      { label: 'date', value: (u, ts) => (ts == null ? '—' : day(ts)) },
      ...QUAD.map((name, i) => ({ label: `Q${i + 1} ${name}`, scale: 'y', stroke: QUAD_COLORS[i], fill: `${QUAD_COLORS[i]}99`, width: 1, paths: bars(i), points: { show: false } })),
      { label: 'Goldstein sum', scale: 'g', stroke: '#1f3a5f', width: 1.5, points: { show: days.length <= 90, size: 5 } },
    ],
  };
  chart = new uPlot(opts, data, box);
  box.dataset.days = days.length;
}

// ---------- network ----------

let cy = null;

function renderNetwork() {
  const box = $('#network');
  if (cy) {
    cy.destroy();
    cy = null;
  }
  delete box.dataset.nodes;
  delete box.dataset.edges;
  const nodes = new Map();
  const edges = [];
  dyads.forEach((d, i) => {
    if (!d.source || !d.target) return;
    for (const code of [d.source, d.target]) nodes.set(code, (nodes.get(code) || 0) + d.events);
    edges.push({
      data: {
        id: `e${i}`,
        source: d.source,
        target: d.target,
        dyad: dyadKey(d),
        width: 1 + 2.5 * Math.sqrt(d.events),
        color: d.goldstein_sum > 0 ? '#2e8b57' : d.goldstein_sum < 0 ? '#c0392b' : '#95a5a6',
        label: String(d.events),
      },
    });
  });
  const elements = [
    ...[...nodes].map(([id, n]) => ({ data: { id, label: id, size: 12 + 3 * Math.sqrt(n) } })),
    ...edges,
  ];
  // cytoscape draws labels as canvas text, so actor codes are never parsed as HTML.
  cy = cytoscape({
    container: box,
    elements,
    // Keep a graph of two or three actors from being blown up to fill the box.
    maxZoom: 1.6,
    minZoom: 0.2,
    layout: { name: elements.length ? 'cose' : 'grid', animate: false, nodeRepulsion: () => 12000, idealEdgeLength: () => 70, componentSpacing: 60, nodeDimensionsIncludeLabels: true, padding: 20 },
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)', width: 'data(size)', height: 'data(size)', 'background-color': '#1f3a5f',
          color: '#1c2430', 'font-size': 11, 'text-valign': 'top', 'text-margin-y': -3,
        },
      },
      {
        selector: 'edge',
        style: {
          width: 'data(width)', 'line-color': 'data(color)', 'target-arrow-color': 'data(color)',
          'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.8, opacity: 0.8,
          label: 'data(label)', 'font-size': 9, color: '#5d6b7c', 'text-background-color': '#fff',
          'text-background-opacity': 0.8, 'text-background-padding': 1,
        },
      },
      { selector: '.focus', style: { 'border-width': 3, 'border-color': '#e08e2b', 'line-style': 'dashed' } },
    ],
  });
  // Clicking narrows the whole dashboard: a node to the actor, an edge to the dyad.
  cy.on('tap', 'node', (e) => applyFilters({ ...state, actor: e.target.id(), dyad: '' }));
  cy.on('tap', 'edge', (e) => applyFilters({ ...state, dyad: e.target.data('dyad') }));
  if (state.actor) cy.getElementById(state.actor).addClass('focus');
  if (state.dyad) cy.edges().filter((e) => e.data('dyad') === state.dyad).addClass('focus');
  box.dataset.nodes = cy.nodes().length;
  box.dataset.edges = cy.edges().length;
}

// ---------- negotiation threads ----------

async function loadThreads() {
  const box = $('#threads');
  try {
    const threads = await api('threads', { ...pick(state, ['actor', 'dyad', 'from', 'to']), limit: 200 });
    clear(box);
    for (const t of threads) box.append(threadCard(t));
    if (!threads.length) box.append(el('p', { class: 'empty' }, 'No negotiation thread for these filters.'));
    box.dataset.threads = threads.length;
    report('threads');
  } catch (e) {
    clear(box);
    report('threads', e);
  }
}

function threadCard(t) {
  const steps = el('ol', { class: 'steps' });
  for (const s of t.steps || []) {
    const kind = KINDS.has(s.kind) ? s.kind : 'other';
    const li = el(
      'li',
      { class: 'step', data: { eventId: s.event_id, kind } },
      el(
        'div',
        { class: 'ev-head' },
        el('span', { class: `badge kind kind-${kind}` }, s.kind ?? '?'),
        el('span', { class: 'ev-date' }, s.date ?? ''),
        el('span', { class: 'ev-dyad' }, dyadLabel(s.source, s.target)),
        el('span', { class: 'ev-code' }, s.cameo ?? ''),
        s.plover ? el('span', { class: 'badge' }, s.plover) : null,
      ),
      el('p', {}, s.sentence ?? ''),
      s.quote ? el('blockquote', {}, s.quote) : null,
    );
    li.addEventListener('click', () => selectEvent(s.event_id));
    steps.append(li);
  }
  const actors = Array.isArray(t.actors) ? t.actors.join(' ↔ ') : String(t.actors ?? '');
  return el('article', { class: 'thread' }, el('h3', {}, actors, t.topic ? ` · ${t.topic}` : ''), steps);
}

// ---------- filters ----------

function fillForm() {
  const f = $('#filters');
  for (const k of FILTERS) f.elements[k].value = state[k];
}

function applyFilters(next) {
  state = { ...next, page: 1, event: next.event ?? state.event };
  if (next.dyad) state.chart = next.dyad;
  writeState(state, true);
  fillForm();
  loadAll();
}

// body[data-loads] counts finished loads, so a test (or a person) can tell
// when the views show the current filters.
let loads = 0;
async function loadAll() {
  delete document.body.dataset.loads;
  await Promise.allSettled([loadTimeline(), loadDetail(), loadDyads(), loadThreads()]);
  document.body.dataset.loads = ++loads;
}

function init() {
  const f = $('#filters');
  fillForm();
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = { ...state };
    for (const k of FILTERS) next[k] = f.elements[k].value.trim();
    // Codes are upper case in the store; accept what people type.
    next.actor = next.actor.toUpperCase();
    next.dyad = next.dyad.toUpperCase();
    next.chart = '';
    applyFilters(next);
  });
  $('#clear-filters').addEventListener('click', () => {
    const next = { ...state, chart: '', event: '' };
    for (const k of FILTERS) next[k] = '';
    applyFilters(next);
  });
  $('#prev-page').addEventListener('click', () => {
    state.page = Math.max(1, state.page - 1);
    writeState(state, true);
    loadTimeline();
  });
  $('#next-page').addEventListener('click', () => {
    state.page += 1;
    writeState(state, true);
    loadTimeline();
  });
  $('#dyad-select').addEventListener('change', (e) => {
    state.chart = e.target.value;
    writeState(state, false);
    loadSeries();
  });
  $('#dyad-undirected').addEventListener('change', (e) => {
    state.undirected = e.target.checked;
    writeState(state, false);
    loadSeries();
  });
  window.addEventListener('popstate', () => {
    state = readState();
    fillForm();
    loadAll();
  });
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      const box = $('#dyad-chart');
      if (chart) chart.setSize({ width: Math.max(320, box.clientWidth), height: 300 });
      if (cy) cy.resize();
    }, 150);
  });
  loadMeta();
  loadAll();
}

init();
