// The playground page: settings → a run on the server; its frames (Server-Sent Events) → pictures.
'use strict';

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
const FIELDS = ['dataset', 'n', 'noise', 'test_fraction', 'activation', 'init', 'optimizer', 'eta',
  'batch_size', 'attenuation', 'learning_plan', 'iterations', 'seed'];
const NUMBERS = new Set(['n', 'noise', 'test_fraction', 'eta', 'batch_size', 'attenuation',
  'learning_plan', 'iterations', 'seed']);
const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹', SUB = '₀₁₂₃₄₅₆₇₈₉';
const sup = (k) => String(k).split('').map((d) => SUP[+d]).join('');
const sub = (k) => String(k).split('').map((d) => SUB[+d]).join('');
const COLORS = [[47, 109, 181], [232, 134, 42], [46, 150, 90], [160, 70, 170]];

const state = { id: null, dirty: true, frame: null, data: null, source: null, poll: null,
  csv: null, probe: [1, 1], hidden: [10, 10], busy: Promise.resolve() };

// ---- settings ------------------------------------------------------------------------------
function renderHidden() {
  const list = $('hidden-list');
  list.innerHTML = '';
  state.hidden.forEach((w, i) => {
    const id = `hidden-${i}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = `Hidden layer ${i + 1} width`;
    const input = document.createElement('input');
    Object.assign(input, { id, type: 'number', min: 1, max: 256, value: w });
    input.addEventListener('change', () => { state.hidden[i] = +input.value; changed(); });
    list.append(label, input);
  });
  if (!state.hidden.length) list.textContent = 'No hidden layer (a linear model).';
}

function settings() {
  const s = {};
  for (const f of FIELDS) s[f] = NUMBERS.has(f) ? Number($(f).value) : $(f).value;
  s.hidden = state.hidden.slice();
  if (s.dataset === 'upload') s.csv = state.csv || '';
  return s;
}

function setControls(s) {
  for (const f of FIELDS) if (s[f] !== undefined && s[f] !== null) $(f).value = s[f];
  if (Array.isArray(s.hidden)) state.hidden = s.hidden.slice();
  renderHidden();
}

function changed() { state.dirty = true; }

// ---- talking to the server -----------------------------------------------------------------
// Every POST sends JSON (the server refuses any other body: another site's page cannot send it).
async function api(method, path, body) {
  if (method === 'POST' && body === undefined) body = {};
  const r = await fetch(path, { method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  const v = await r.json().catch(() => ({ error: `HTTP ${r.status}` }));
  if (!r.ok) throw new Error(v.error || `HTTP ${r.status}`);
  return v;
}

function showMessage(text) {
  $('message').hidden = !text;
  $('message').textContent = text || '';
}

async function newRun() {
  if (state.id !== null) api('DELETE', `/api/runs/${state.id}`).catch(() => {});
  const { id } = await api('POST', '/api/runs', settings());
  await attach(id);
  state.dirty = false;
}

async function attach(id) {
  stopListening();
  state.id = id;
  $('run-id').textContent = id;
  state.data = await api('GET', `/api/runs/${id}/data`);
  setControls(state.data.settings);
  render(await api('GET', `/api/runs/${id}?full=1`));
  listen();
}

function stopListening() {
  if (state.source) state.source.close();
  if (state.poll) clearTimeout(state.poll);
  state.source = state.poll = null;
}

function listen() {
  const id = state.id;
  if (query.get('once') === '1') return; // render once, then stay still (for screenshots)
  if (query.get('poll') === '1') {
    const tick = async () => {
      if (state.id !== id) return;
      try { render(await api('GET', `/api/runs/${id}?full=1`)); } catch (e) { showMessage(e.message); return; }
      const s = state.frame && state.frame.status;
      state.poll = setTimeout(tick, s === 'running' ? 250 : 1000);
    };
    state.poll = setTimeout(tick, 250);
    return;
  }
  const source = new EventSource(`/api/runs/${id}/events`);
  source.addEventListener('frame', (e) => { if (state.id === id) render(JSON.parse(e.data)); });
  source.addEventListener('gone', () => { source.close(); showMessage('This run was dropped; press reset to start again.'); });
  state.source = source;
}

// Buttons run one after another, so a click never races the run it creates.
function action(f) {
  state.busy = state.busy.then(f).catch((e) => showMessage(e.message));
  return state.busy;
}

const play = () => action(async () => {
  if (state.dirty || state.id === null) await newRun();
  showMessage('');
  render(Object.assign({}, state.frame, await api('POST', `/api/runs/${state.id}/play`)));
});
const pause = () => action(async () => { if (state.id !== null) await api('POST', `/api/runs/${state.id}/pause`); });
const step = () => action(async () => {
  if (state.dirty || state.id === null) await newRun();
  const v = await api('POST', `/api/runs/${state.id}/step`);
  render(v.run);
  renderStep(v.matrices);
});
const reset = () => action(async () => {
  if (state.dirty || state.id === null) return newRun();
  showMessage('');
  await api('POST', `/api/runs/${state.id}/reset`);
  $('step-view').innerHTML = '<p>Reset: the same initial weights again.</p>';
});
const newSeed = () => action(async () => {
  $('seed').value = Math.floor(Math.random() * 1e6);
  await newRun();
});

// ---- drawing -------------------------------------------------------------------------------
const pct = (v) => (v === null || v === undefined ? '–' : `${(100 * v).toFixed(1)}%`);
const num = (v, d = 4) => (v === null || v === undefined ? '–' : Number(v).toPrecision(d));

function render(f) {
  if (!f) return;
  state.frame = f;
  $('status').textContent = f.status;
  $('iteration').textContent = f.iteration;
  $('iterations-total').textContent = f.iterations;
  $('loss').textContent = num(f.loss);
  $('train-accuracy').textContent = pct(f.train_accuracy);
  $('test-accuracy').textContent = pct(f.test_accuracy);
  $('eta-now').textContent = num(f.eta, 3);
  if (f.message) showMessage(f.message);
  if (f.visuals) {
    drawBoundary(f.visuals); drawUnits(f.visuals); drawNetwork(f.visuals);
    // The formula on show follows the weights as they train.
    if (state.edge) $('formula').textContent = connectionFormula(state.edge);
    else if (state.unit && f.visuals.weights && state.unit[0] < f.visuals.weights.length - 1 &&
      state.unit[1] < f.visuals.weights[state.unit[0]].b.length) $('formula').textContent = formula(...state.unit);
  }
  if (f.history) drawCharts(f.history);
}

function toPixel(v, x1, x2, size) {
  const e = v.extent, span = e.max - e.min;
  return [((x1 - e.min) / span) * size, ((e.max - x2) / span) * size];
}

function drawBoundary(v) {
  const c = $('boundary'), ctx = c.getContext('2d'), g = v.grid;
  const img = new ImageData(g, g);
  const two = !state.data || !state.data.train.some((p) => p[2] > 1);
  for (let i = 0; i < g * g; i++) {
    const p = v.prob[i] / 255;
    let rgb;
    if (two) rgb = COLORS[0].map((b, k) => b + (COLORS[1][k] - b) * p);
    else rgb = COLORS[v.class[i] % 4].map((b) => 255 - (255 - b) * p);
    const light = rgb.map((x) => 255 - (255 - x) * 0.55);
    img.data.set([light[0], light[1], light[2], 255], i * 4);
  }
  const off = document.createElement('canvas');
  off.width = off.height = g;
  off.getContext('2d').putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, c.width, c.height);
  if (!state.data) return;
  const dot = (p, test) => {
    const [x, y] = toPixel(v, p[0], p[1], c.width);
    ctx.beginPath();
    ctx.arc(x, y, test ? 3.2 : 2.6, 0, 2 * Math.PI);
    const col = `rgb(${COLORS[p[2] % 4].join(',')})`;
    if (test) { ctx.lineWidth = 1.6; ctx.strokeStyle = col; ctx.fillStyle = '#fff'; ctx.fill(); ctx.stroke(); }
    else { ctx.fillStyle = col; ctx.lineWidth = 0.8; ctx.strokeStyle = 'rgba(20,25,35,0.75)'; ctx.fill(); ctx.stroke(); }
  };
  state.data.train.forEach((p) => dot(p, false));
  state.data.test.forEach((p) => dot(p, true));
}

function drawChart(canvas, series, title, fixed) {
  const ctx = canvas.getContext('2d'), W = canvas.width, H = canvas.height, L = 44, B = 20;
  ctx.clearRect(0, 0, W, H);
  ctx.font = '11px system-ui'; ctx.fillStyle = '#5b6475';
  ctx.fillText(title, L, 12);
  const pts = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p[1]));
  if (!pts.length) return;
  const xmax = Math.max(...pts.map((p) => p[0]), 1);
  let [ymin, ymax] = fixed || [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))];
  if (ymax <= ymin) ymax = ymin + 1;
  const X = (x) => L + (x / xmax) * (W - L - 8), Y = (y) => H - B - ((y - ymin) / (ymax - ymin)) * (H - B - 18);
  ctx.strokeStyle = '#d7dbe3'; ctx.beginPath(); ctx.moveTo(L, 16); ctx.lineTo(L, H - B); ctx.lineTo(W - 8, H - B); ctx.stroke();
  ctx.fillText(num(ymax, 3), 2, Y(ymax) + 4); ctx.fillText(num(ymin, 3), 2, Y(ymin));
  ctx.fillText(`${xmax}`, W - 40, H - 5); ctx.fillText('iteration', L + 4, H - 5);
  for (const s of series) {
    ctx.strokeStyle = s.color; ctx.lineWidth = 1.6; ctx.beginPath();
    s.points.filter((p) => Number.isFinite(p[1])).forEach((p, i) => (i ? ctx.lineTo(X(p[0]), Y(p[1])) : ctx.moveTo(X(p[0]), Y(p[1]))));
    ctx.stroke();
  }
}

function drawCharts(h) {
  const pick = (k) => h.filter((r) => r[k] !== null && r[k] !== undefined).map((r) => [r.iteration, r[k]]);
  drawChart($('loss-chart'), [{ points: pick('loss'), color: '#2f6db5' }, { points: pick('test_loss'), color: '#e8862a' }], 'loss (cross entropy)');
  drawChart($('acc-chart'), [{ points: pick('train_accuracy'), color: '#2f6db5' }, { points: pick('test_accuracy'), color: '#e8862a' }], 'accuracy', [0, 1]);
}

function drawUnits(v) {
  const box = $('units');
  const shape = v.layers.map((l) => `${l.width}:${l.units.length}`).join(',');
  if (box.dataset.shape !== shape) {
    box.dataset.shape = shape;
    box.innerHTML = '';
    v.layers.forEach((l, li) => {
      const row = document.createElement('div');
      row.className = 'layer';
      const name = document.createElement('span');
      name.className = 'layer-name';
      name.textContent = `layer ${li + 1} (${l.width} units${l.units.length < l.width ? `, first ${l.units.length} shown` : ''})`;
      row.append(name);
      l.units.forEach((_, j) => {
        const c = document.createElement('canvas');
        Object.assign(c, { width: v.unit_grid, height: v.unit_grid, tabIndex: 0, className: 'unit' });
        c.setAttribute('role', 'img');
        c.setAttribute('aria-label', `hidden layer ${li + 1}, unit ${j + 1}`);
        c.dataset.layer = li; c.dataset.unit = j;
        const show = (e) => {
          if (e && e.offsetX !== undefined) {
            const r = c.getBoundingClientRect(), ex = state.frame.visuals.extent, span = ex.max - ex.min;
            state.probe = [ex.min + (e.offsetX / r.width) * span, ex.max - (e.offsetY / r.height) * span];
          }
          state.unit = [li, j];
          state.edge = null;
          $('formula').textContent = formula(li, j);
        };
        c.addEventListener('mousemove', show);
        c.addEventListener('focus', () => show());
        row.append(c);
      });
      box.append(row);
    });
  }
  const canvases = box.querySelectorAll('canvas.unit');
  let k = 0;
  v.layers.forEach((l) => l.units.forEach((u) => {
    const c = canvases[k++], g = v.unit_grid, img = new ImageData(g, g);
    for (let i = 0; i < g * g; i++) {
      const t = u.values[i] / 255;
      img.data.set([255 - 200 * t, 255 - 150 * t, 255 - 60 * t, 255], i * 4);
    }
    c.getContext('2d').putImageData(img, 0, 0);
    c.title = `activation from ${num(u.min, 3)} (white) to ${num(u.max, 3)} (dark)`;
  }));
}

// ---- the network: every connection, its colour the sign of w and its width |w| --------------
// Layout of the diagram: columns of units (at most NET_MAX shown per layer), x₁ x₂ on the left.
const NET_MAX = 12;
function netLayout(v) {
  const w = v.weights, c = $('network');
  if (!w) return null;
  const sizes = [w[0].w.length].concat(w.map((l) => l.b.length));
  const cols = sizes.length, W = c.width, H = c.height, pad = 18;
  const pos = sizes.map((n, l) => {
    const shown = Math.min(n, NET_MAX), x = pad + (l * (W - 2 * pad)) / (cols - 1);
    return Array.from({ length: shown }, (_, i) => [x, pad + ((i + 0.5) * (H - 2 * pad)) / shown]);
  });
  const edges = [];
  w.forEach((layer, l) => pos[l].forEach((from, i) => pos[l + 1].forEach((to, j) => {
    edges.push({ l, i, j, from, to, w: layer.w[i][j] });
  })));
  return { sizes, pos, edges };
}

function drawNetwork(v) {
  const c = $('network'), ctx = c.getContext('2d'), net = netLayout(v);
  ctx.clearRect(0, 0, c.width, c.height);
  if (!net) { ctx.fillStyle = '#5b6475'; ctx.fillText('too large to draw its weights', 10, 20); return; }
  state.net = net;
  if (state.edge && !net.edges.some((e) => e.l === state.edge.l && e.i === state.edge.i && e.j === state.edge.j)) state.edge = null;
  const big = Math.max(1e-12, ...net.edges.map((e) => Math.abs(e.w)));
  const line = (e, color, width) => {
    ctx.strokeStyle = color; ctx.lineWidth = width;
    ctx.beginPath(); ctx.moveTo(...e.from); ctx.lineTo(...e.to); ctx.stroke();
  };
  for (const e of net.edges) line(e, e.w >= 0 ? 'rgba(47,109,181,0.75)' : 'rgba(232,134,42,0.75)', 0.4 + 3.6 * Math.abs(e.w) / big);
  // The connection on show, drawn last so that it is on top of the others.
  const on = state.edge && net.edges.find((e) => e.l === state.edge.l && e.i === state.edge.i && e.j === state.edge.j);
  if (on) { line(on, '#1d2330', 6); line(on, '#f2b53a', 4); }
  ctx.fillStyle = '#1d2330'; ctx.font = '11px system-ui, sans-serif';
  net.pos.forEach((col, l) => {
    col.forEach(([x, y]) => { ctx.beginPath(); ctx.arc(x, y, 4, 0, 2 * Math.PI); ctx.fill(); });
    const more = net.sizes[l] - col.length;
    if (more > 0) ctx.fillText(`+${more}`, col[0][0] - 8, c.height - 3);
  });
}

// Distance from point p to the segment a–b.
function toSegment(p, a, b) {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

// "w¹₁₂ = 0.42: x¹₂ receives 0.42 · x₁ = 0.42 × 1.3 = 0.55 of its A¹₂ = 0.71 at (x₁, x₂) = (1.3, −0.4)"
function connectionFormula(e) {
  const f = state.frame, w = f && f.visuals && f.visuals.weights;
  if (!w || !e) return '';
  const [, h] = ACT[$('activation').value] || ACT.relu;
  let x = state.probe.slice();
  for (let l = 0; l < e.l; l++) x = w[l].b.map((b, k) => h(x.reduce((s, xi, i) => s + xi * w[l].w[i][k], b)));
  const layer = w[e.l], a = x.reduce((s, xi, i) => s + xi * layer.w[i][e.j], layer.b[e.j]);
  const wij = layer.w[e.i][e.j]; // this frame's value: the formula follows training live
  const out = e.l + 1 === w.length ? `output unit ${e.j + 1}` : `x${sup(e.l + 1)}${sub(e.j + 1)}`;
  const input = e.l === 0 ? `x${sub(e.i + 1)}` : `x${sup(e.l)}${sub(e.i + 1)}`;
  return `w${sup(e.l + 1)}${sub(e.i + 1)},${sub(e.j + 1)} = ${num(wij, 3)}: ${out} receives ${num(wij, 3)} · ${input}` +
    ` = ${num(wij, 3)} × ${num(x[e.i], 3)} = ${num(wij * x[e.i], 3)} of its A${sup(e.l + 1)}${sub(e.j + 1)} = ${num(a, 3)}` +
    `   at (x₁, x₂) = (${num(state.probe[0], 3)}, ${num(state.probe[1], 3)})`;
}

function showEdge(e) {
  state.edge = e;
  state.unit = null;
  $('formula').textContent = e ? connectionFormula(e) : '';
  if (state.frame && state.frame.visuals) drawNetwork(state.frame.visuals);
}

function wireNetwork() {
  const c = $('network');
  c.addEventListener('mousemove', (ev) => {
    if (!state.net) return;
    const r = c.getBoundingClientRect(), p = [(ev.offsetX * c.width) / r.width, (ev.offsetY * c.height) / r.height];
    let best = null, d = 5;
    for (const e of state.net.edges) { const k = toSegment(p, e.from, e.to); if (k < d) { d = k; best = e; } }
    if (best) showEdge(best);
  });
  // From the keyboard: focus the diagram, then ← → walk through the connections.
  const move = (by) => {
    if (!state.net || !state.net.edges.length) return;
    const edges = state.net.edges, at = state.edge ? edges.findIndex((e) => e.l === state.edge.l && e.i === state.edge.i && e.j === state.edge.j) : -1;
    showEdge(edges[(at + by + edges.length) % edges.length]);
  };
  c.addEventListener('focus', () => { if (!state.edge) move(1); else showEdge(state.edge); });
  c.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowRight' || ev.key === 'ArrowDown') { ev.preventDefault(); move(1); }
    if (ev.key === 'ArrowLeft' || ev.key === 'ArrowUp') { ev.preventDefault(); move(-1); }
  });
}

const ACT = { relu: ['ReLU', (a) => Math.max(0, a)], tanh: ['tanh', Math.tanh], sigmoid: ['σ', (a) => 1 / (1 + Math.exp(-a))] };

// "x¹₃ = ReLU(0.42·x₁ − 1.3·x₂ + 0.07) = 0.88" at the probe point, with the current weights.
function formula(li, j) {
  const f = state.frame, w = f && f.visuals && f.visuals.weights;
  const [name, h] = ACT[$('activation').value] || ACT.relu;
  const at = `at (x₁, x₂) = (${num(state.probe[0], 3)}, ${num(state.probe[1], 3)})`;
  if (!w) return `x${sup(li + 1)}${sub(j + 1)}: the network is too large to send its weights; ${at}`;
  let x = state.probe.slice();
  for (let l = 0; l < li; l++) x = w[l].b.map((b, k) => h(x.reduce((s, xi, i) => s + xi * w[l].w[i][k], b)));
  const layer = w[li], a = x.reduce((s, xi, i) => s + xi * layer.w[i][j], layer.b[j]);
  const input = (i) => (li === 0 ? `x${sub(i + 1)}` : `x${sup(li)}${sub(i + 1)}`);
  const terms = x.slice(0, 4).map((_, i) => {
    const c = layer.w[i][j];
    return `${i === 0 ? (c < 0 ? '−' : '') : (c < 0 ? ' − ' : ' + ')}${num(Math.abs(c), 2)}·${input(i)}`;
  }).join('') + (x.length > 4 ? ` + … (${x.length} inputs)` : '');
  const b = layer.b[j];
  return `x${sup(li + 1)}${sub(j + 1)} = ${name}(${terms} ${b < 0 ? '−' : '+'} ${num(Math.abs(b), 2)}) = ${num(h(a), 3)}   ${at}`;
}

function table(caption, rows, maxRows = 5, maxCols = 8) {
  const t = document.createElement('table');
  t.className = 'm';
  const shape = `${rows.length}×${rows[0] ? rows[0].length : 0}`;
  t.createCaption().textContent = `${caption} (${shape}${rows.length > maxRows ? `, first ${maxRows} rows` : ''})`;
  rows.slice(0, maxRows).forEach((r) => {
    const tr = t.insertRow();
    r.slice(0, maxCols).forEach((v) => { tr.insertCell().textContent = num(v, 3); });
    if (r.length > maxCols) tr.insertCell().textContent = '…';
  });
  return t;
}

function renderStep(m) {
  const box = $('step-view');
  box.innerHTML = '';
  if (!m) { box.textContent = 'No step was taken (the run has finished; press reset).'; return; }
  const head = document.createElement('p');
  head.style.flexBasis = '100%';
  head.textContent = `Iteration ${m.iteration}: a mini-batch of ${m.rows} rows, before the update.`;
  box.append(head, table('X (mini-batch)', m.x));
  m.layers.forEach((l, k) => {
    const s = sup(k + 1);
    box.append(table(`A${s}`, l.a), table(`Δ${s}`, l.delta), table(`∂L/∂W${s}`, l.dw));
  });
}

// ---- wiring --------------------------------------------------------------------------------
function wire() {
  wireNetwork();
  for (const f of FIELDS) $(f).addEventListener('change', changed);
  $('add-layer').addEventListener('click', () => { if (state.hidden.length < 6) { state.hidden.push(4); renderHidden(); changed(); } });
  $('remove-layer').addEventListener('click', () => { state.hidden.pop(); renderHidden(); changed(); });
  $('play').addEventListener('click', play);
  $('pause').addEventListener('click', pause);
  $('step').addEventListener('click', step);
  $('reset').addEventListener('click', reset);
  $('new-seed').addEventListener('click', newSeed);
  $('csv-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    state.csv = await file.text();
    $('dataset').value = 'upload';
    changed();
    reset();
  });
  $('boundary').addEventListener('mousemove', (e) => {
    const v = state.frame && state.frame.visuals;
    if (!v) return;
    const c = $('boundary'), r = c.getBoundingClientRect(), span = v.extent.max - v.extent.min;
    state.probe = [v.extent.min + (e.offsetX / r.width) * span, v.extent.max - (e.offsetY / r.height) * span];
  });
  document.addEventListener('keydown', (e) => {
    if (e.target.matches('input, select, textarea') || e.ctrlKey || e.metaKey || e.altKey) return;
    const key = { p: () => (state.frame && state.frame.status === 'running' ? pause() : play()), s: step, r: reset, n: newSeed }[e.key];
    if (key) { e.preventDefault(); key(); }
  });
}

async function start() {
  wire();
  const config = await api('GET', '/api/config');
  $('mine-note').hidden = !config.mine;
  setControls(Object.assign({}, config.defaults, { seed: config.seed }));
  // The scripting hook: any setting's name in the query sets its control.
  for (const f of FIELDS) if (query.has(f)) $(f).value = query.get(f);
  if (query.has('hidden')) {
    state.hidden = query.get('hidden').split(',').filter((x) => x !== '').map(Number);
    renderHidden();
  }
  try {
    if (query.has('run')) await attach(Number(query.get('run')));
    else await action(newRun);
  } catch (e) { showMessage(e.message); }
  if (query.get('autoplay') === '1') await play();
  if (query.get('step') === '1') await step();
  // focus=L,J: focus hidden unit J of layer L (1-based), showing its formula.
  if (query.has('focus')) {
    const [l, j] = query.get('focus').split(',').map(Number);
    const unit = document.querySelector(`canvas.unit[data-layer="${l - 1}"][data-unit="${j - 1}"]`);
    if (unit) unit.focus();
  }
  // connection=L,I,J: show the connection from unit I of layer L−1 to unit J of layer L.
  if (query.has('connection')) {
    const [l, i, j] = query.get('connection').split(',').map(Number);
    const e = state.net && state.net.edges.find((x) => x.l === l - 1 && x.i === i - 1 && x.j === j - 1);
    if (e) showEdge(e); else showMessage(`no connection ${query.get('connection')} in this network`);
  }
}

start();
