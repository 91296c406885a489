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
    input.addEventListener('change', () => { state.hidden[i] = input.value.trim() === '' ? NaN : +input.value; changed(); });
    list.append(label, input);
  });
  if (!state.hidden.length) list.textContent = 'No hidden layer (a linear model).';
}

// The label of control `id`, as the page shows it.
const labelOf = (id) => {
  const l = document.querySelector(`label[for="${id}"]`);
  return l ? l.textContent : id;
};
const WHOLE = new Set(['n', 'batch_size', 'learning_plan', 'iterations', 'seed']);

// The settings of the controls; a control left empty or holding a fraction where a whole number
// belongs is refused here with one sentence naming it (the server checks every range again).
function settings() {
  const s = {};
  for (const f of FIELDS) {
    const raw = $(f).value.trim();
    if (!NUMBERS.has(f)) { s[f] = raw; continue; }
    if (raw === '') throw new Error(`${labelOf(f)} is empty: enter a number (the lecture's value is ${state.defaults ? state.defaults[f] : '–'}).`);
    const v = Number(raw);
    if (!Number.isFinite(v)) throw new Error(`${labelOf(f)} must be a number, found “${raw}”.`);
    if (WHOLE.has(f) && !Number.isInteger(v)) throw new Error(`${labelOf(f)} must be a whole number, found ${raw}.`);
    s[f] = v;
  }
  state.hidden.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 1 || w > 256) {
      throw new Error(`Hidden layer ${i + 1} width must be a whole number from 1 to 256, found ${Number.isNaN(w) ? 'nothing' : w}.`);
    }
  });
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
  const v = await r.json().catch(() => ({ error: `the server answered ${r.status} without an explanation.` }));
  if (!r.ok) { const e = new Error(v.error || `HTTP ${r.status}`); e.status = r.status; throw e; }
  return v;
}

// The message line, with an optional button that does what the message offers.
function showMessage(text, button) {
  const box = $('message');
  box.hidden = !text;
  box.textContent = text || '';
  if (text && button) {
    const b = document.createElement('button');
    b.type = 'button'; b.id = 'message-action'; b.textContent = button.label;
    b.addEventListener('click', () => action(button.run));
    box.append(' ', b);
  }
}

// The speed selector: iterations per second, or null for as fast as it goes.
const speed = () => ($('speed').value === 'max' ? null : Number($('speed').value));

// A new run with the controls' settings. The page's previous run is replaced only once the
// server has accepted the new settings: refused settings leave the page on its run.
async function newRun() {
  const s = settings();
  const replace = state.id !== null ? `?replace=${state.id}` : '';
  const { id } = await api('POST', `/api/runs${replace}`, s);
  await attach(id);
  await api('POST', `/api/runs/${id}/speed`, { per_second: speed() });
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

// The page's run is gone (dropped after a long pause, or for another tab's run): say so, and
// offer the button that starts a new one with the same settings.
function runGone(why) {
  const old = state.id;
  stopListening();
  state.id = null;
  state.dirty = true;
  $('status').textContent = 'gone';
  showMessage(`Run ${old} no longer exists on the server (${why}).`,
    { label: 'Start a new run with these settings', run: async () => { showMessage(''); await newRun(); } });
}

// A request about the page's run; if the run has been dropped meanwhile, a new run with the
// same settings takes its place and the request is made again.
async function runApi(method, suffix, body) {
  try {
    return await api(method, `/api/runs/${state.id}${suffix}`, body);
  } catch (e) {
    if (e.status !== 404) throw e;
    const old = state.id;
    await newRun();
    const v = await api(method, `/api/runs/${state.id}${suffix}`, body);
    showMessage(`Run ${old} had been dropped by the server (idle too long, or its slot was needed); run ${state.id} started in its place with the same settings.`);
    return v;
  }
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
      try { render(await api('GET', `/api/runs/${id}?full=1`)); } catch (e) {
        if (e.status === 404) runGone('it was dropped'); else showMessage(e.message);
        return;
      }
      const s = state.frame && state.frame.status;
      state.poll = setTimeout(tick, s === 'running' ? 250 : 1000);
    };
    state.poll = setTimeout(tick, 250);
    return;
  }
  const source = new EventSource(`/api/runs/${id}/events`);
  source.addEventListener('frame', (e) => { if (state.id === id) render(JSON.parse(e.data)); });
  source.addEventListener('gone', () => { if (state.id === id) runGone('it was stopped and dropped, to make room or because it was deleted'); });
  // The stream closed: find out whether the run still exists.
  source.addEventListener('error', async () => {
    if (source.readyState !== EventSource.CLOSED || state.id !== id) return;
    try { await api('GET', `/api/runs/${id}`); listen(); } catch (e) { if (e.status === 404 && state.id === id) runGone('it was dropped'); }
  });
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
  render(Object.assign({}, state.frame, await runApi('POST', '/play')));
});
const pause = () => action(async () => { if (state.id !== null) await runApi('POST', '/pause'); });
const step = () => action(async () => {
  if (state.dirty || state.id === null) await newRun();
  const v = await runApi('POST', '/step');
  render(v.run);
  renderStep(v.matrices);
});
const reset = () => action(async () => {
  if (state.dirty || state.id === null) return newRun();
  showMessage('');
  render(Object.assign({}, state.frame, await runApi('POST', '/reset')));
  $('step-view').innerHTML = '<p>Reset: the same initial weights again.</p>';
});
const newSeed = () => action(async () => {
  $('seed').value = Math.floor(Math.random() * 1e6);
  changed(); // should the new run be refused, the next button press tries again
  await newRun();
});
const setSpeed = () => action(async () => {
  if (state.id !== null) await runApi('POST', '/speed', { per_second: speed() });
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
  $('loss-name').textContent = f.loss_of === 'mini-batch' ? 'mini-batch loss' : 'loss (training set)';
  $('train-accuracy').textContent = pct(f.train_accuracy);
  $('test-accuracy').textContent = pct(f.test_accuracy);
  $('eta-now').textContent = num(f.eta, 3);
  if (f.message) showMessage(f.message);
  if (f.status === 'stopped') { runGone('it was stopped and dropped'); return; }
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
    if (v.class[i] === 255) { img.data.set([150, 150, 150, 255], i * 4); continue; } // not a number
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
  ctx.imageSmoothingEnabled = !v.not_finite;
  ctx.drawImage(off, 0, 0, c.width, c.height);
  const diverged = state.frame && state.frame.status === 'diverged';
  if (diverged && !v.not_finite) {
    // Blown-up weights still give numbers, but a one-class map of them means nothing: grey it.
    ctx.fillStyle = 'rgba(150,150,150,0.75)'; ctx.fillRect(0, 0, c.width, c.height);
  }
  if (v.not_finite || diverged) {
    // A diverged network has no boundary. Hatch the map.
    ctx.save();
    ctx.strokeStyle = 'rgba(60,60,60,0.45)'; ctx.lineWidth = 1;
    for (let k = -c.height; k < c.width; k += 10) { ctx.beginPath(); ctx.moveTo(k, c.height); ctx.lineTo(k + c.height, 0); ctx.stroke(); }
    ctx.restore();
  }
  if (state.data) {
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
  // The probe point: where the formulas below are evaluated.
  const [px, py] = toPixel(v, state.probe[0], state.probe[1], c.width);
  ctx.save();
  ctx.strokeStyle = '#1d2330'; ctx.lineWidth = 2;
  ctx.beginPath(); ctx.arc(px, py, 7, 0, 2 * Math.PI); ctx.moveTo(px - 11, py); ctx.lineTo(px + 11, py); ctx.moveTo(px, py - 11); ctx.lineTo(px, py + 11); ctx.stroke();
  ctx.strokeStyle = '#f2b53a'; ctx.lineWidth = 1; ctx.beginPath(); ctx.arc(px, py, 7, 0, 2 * Math.PI); ctx.stroke();
  ctx.restore();
  if (v.not_finite || diverged) {
    const lines = [diverged ? `diverged at iteration ${state.frame.iteration}` : 'diverging',
      !v.not_finite ? 'no boundary to draw' : v.not_finite === g * g ? 'every output is NaN' : `${v.not_finite} of ${g * g} cells are NaN`];
    ctx.font = '600 15px system-ui, sans-serif';
    const w = Math.max(...lines.map((t) => ctx.measureText(t).width));
    ctx.fillStyle = 'rgba(255,255,255,0.92)'; ctx.fillRect(c.width / 2 - w / 2 - 8, c.height / 2 - 24, w + 16, 46);
    ctx.fillStyle = '#9b1c1c';
    lines.forEach((t, i) => ctx.fillText(t, c.width / 2 - ctx.measureText(t).width / 2, c.height / 2 - 4 + 19 * i));
  }
}

// Round numbers for an axis from lo to hi: about `count` ticks at 1, 2 or 5 × 10^k.
function ticks(lo, hi, count) {
  const raw = (hi - lo) / Math.max(1, count), p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((x) => x >= raw) || raw;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(+t.toPrecision(12));
  return out;
}

// The curves' own colours and line styles (not the classes' blue and orange): training solid,
// test dashed, the training curve drawn last so that the test curve never hides it.
const CURVES = { train: { color: '#1b7f5a', dash: [] }, test: { color: '#7b3fa0', dash: [6, 4] } };

function drawChart(canvas, series, title, fixed) {
  const ctx = canvas.getContext('2d'), W = canvas.width, H = canvas.height, L = 44, B = 30, T = 18;
  ctx.clearRect(0, 0, W, H);
  ctx.font = '11px system-ui'; ctx.fillStyle = '#5b6475';
  ctx.fillText(title, L, 12);
  // The legend.
  let lx = W - 150;
  for (const s of series) {
    ctx.strokeStyle = s.style.color; ctx.setLineDash(s.style.dash); ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(lx, 8); ctx.lineTo(lx + 22, 8); ctx.stroke(); ctx.setLineDash([]);
    ctx.fillText(s.name, lx + 26, 12); lx += 75;
  }
  const pts = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p[1]));
  if (!pts.length) return;
  const xmax = Math.max(...pts.map((p) => p[0]), 1);
  let [ymin, ymax] = fixed || [Math.min(0, ...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))];
  if (ymax <= ymin) ymax = ymin + 1;
  const X = (x) => L + (x / xmax) * (W - L - 10), Y = (y) => H - B - ((y - ymin) / (ymax - ymin)) * (H - B - T);
  ctx.strokeStyle = '#eceef3'; ctx.lineWidth = 1;
  for (const t of ticks(ymin, ymax, 4)) {
    ctx.beginPath(); ctx.moveTo(L, Y(t)); ctx.lineTo(W - 10, Y(t)); ctx.stroke();
    ctx.fillText(fixed ? `${Math.round(t * 100)}%` : `${t}`, 4, Y(t) + 4);
  }
  for (const t of ticks(0, xmax, 5)) {
    ctx.beginPath(); ctx.moveTo(X(t), T); ctx.lineTo(X(t), H - B); ctx.stroke();
    const label = `${t}`;
    ctx.fillText(label, Math.min(X(t) - ctx.measureText(label).width / 2, W - ctx.measureText(label).width - 2), H - B + 13);
  }
  ctx.strokeStyle = '#9aa3b5'; ctx.beginPath(); ctx.moveTo(L, T); ctx.lineTo(L, H - B); ctx.lineTo(W - 10, H - B); ctx.stroke();
  ctx.fillText('iteration', W / 2 - 20, H - 3);
  for (const s of series.slice().reverse()) {
    ctx.strokeStyle = s.style.color; ctx.lineWidth = s.name === 'training' ? 2 : 1.6; ctx.setLineDash(s.style.dash);
    ctx.beginPath();
    s.points.filter((p) => Number.isFinite(p[1])).forEach((p, i) => (i ? ctx.lineTo(X(p[0]), Y(p[1])) : ctx.moveTo(X(p[0]), Y(p[1]))));
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

function drawCharts(h) {
  const pick = (k) => h.filter((r) => r[k] !== null && r[k] !== undefined).map((r) => [r.iteration, r[k]]);
  drawChart($('loss-chart'), [{ name: 'training', points: pick('loss'), style: CURVES.train }, { name: 'test', points: pick('test_loss'), style: CURVES.test }], 'loss (cross entropy)');
  drawChart($('acc-chart'), [{ name: 'training', points: pick('train_accuracy'), style: CURVES.train }, { name: 'test', points: pick('test_accuracy'), style: CURVES.test }], 'accuracy', [0, 1]);
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
          if (state.frame && state.frame.visuals) { drawNetwork(state.frame.visuals); drawBoundary(state.frame.visuals); }
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
      // Centred on 0: white is 0, blue positive, orange negative (as the weights' signs).
      const b = u.values[i];
      if (b === 0) { img.data.set([150, 150, 150, 255], i * 4); continue; }
      const t = (b - 128) / 127, end = t >= 0 ? COLORS[0] : COLORS[1], k = Math.abs(t);
      img.data.set(end.map((x) => 255 - (255 - x) * k).concat([255]), i * 4);
    }
    c.getContext('2d').putImageData(img, 0, 0);
    c.title = `activation from ${num(u.min, 3)} to ${num(u.max, 3)}: white 0, blue +${num(u.scale, 3)}, orange −${num(u.scale, 3)}` +
      (u.not_finite ? `; ${u.not_finite} cells are not numbers (grey)` : '');
  }));
}

// ---- the network: every connection, its colour the sign of w and its width |w| --------------
// Layout of the diagram: columns of units (at most NET_MAX shown per layer), x₁ x₂ on the left.
const NET_MAX = 12;
function netLayout(v) {
  const w = v.weights, c = $('network');
  if (!w) return null;
  const sizes = v.widths || [w[0].w.length].concat(w.map((l) => l.b.length));
  const cols = sizes.length, W = c.width, H = c.height, left = 34, right = 62, pad = 16;
  const pos = sizes.map((n, l) => {
    const shown = Math.min(n, NET_MAX, l === 0 ? n : w[l - 1].b.length), x = left + (l * (W - left - right)) / (cols - 1);
    return Array.from({ length: shown }, (_, i) => [x, pad + ((i + 0.5) * (H - 2 * pad)) / shown]);
  });
  const edges = [];
  w.forEach((layer, l) => pos[l].forEach((from, i) => pos[l + 1].forEach((to, j) => {
    if (layer.w[i] && layer.w[i][j] !== undefined) edges.push({ l, i, j, from, to, w: layer.w[i][j] });
  })));
  return { sizes, pos, edges };
}

function drawNetwork(v) {
  const c = $('network'), ctx = c.getContext('2d'), net = netLayout(v);
  ctx.clearRect(0, 0, c.width, c.height);
  if (!net) { ctx.fillStyle = '#5b6475'; ctx.fillText('no weights to draw', 10, 20); return; }
  state.net = net;
  if (state.edge && !net.edges.some((e) => e.l === state.edge.l && e.i === state.edge.i && e.j === state.edge.j)) state.edge = null;
  const big = Math.max(1e-12, ...net.edges.map((e) => Math.abs(e.w)).filter(Number.isFinite));
  const line = (e, color, width) => {
    ctx.strokeStyle = color; ctx.lineWidth = width;
    ctx.beginPath(); ctx.moveTo(...e.from); ctx.lineTo(...e.to); ctx.stroke();
  };
  for (const e of net.edges) {
    if (!Number.isFinite(e.w)) { line(e, 'rgba(120,120,120,0.6)', 1); continue; }
    line(e, e.w >= 0 ? 'rgba(47,109,181,0.75)' : 'rgba(232,134,42,0.75)', 0.4 + 3.6 * Math.abs(e.w) / big);
  }
  // The connection on show, drawn last so that it is on top of the others.
  const on = state.edge && net.edges.find((e) => e.l === state.edge.l && e.i === state.edge.i && e.j === state.edge.j);
  if (on) { line(on, '#1d2330', 6); line(on, '#f2b53a', 4); }
  ctx.fillStyle = '#1d2330'; ctx.font = '11px system-ui, sans-serif';
  const last = net.pos.length - 1;
  net.pos.forEach((col, l) => {
    col.forEach(([x, y], i) => {
      ctx.beginPath(); ctx.arc(x, y, 4, 0, 2 * Math.PI); ctx.fill();
      // Inputs x₁ x₂ on the left, the outputs (softmax, one per class) on the right.
      if (l === 0) ctx.fillText(`x${sub(i + 1)}`, x - 24, y + 4);
      if (l === last) ctx.fillText(`class ${i}`, x + 8, y + 4);
    });
    const more = net.sizes[l] - col.length;
    if (more > 0) ctx.fillText(`+${more}`, col[0][0] - 8, c.height - 3);
  });
  // The hidden unit whose map is hovered: ringed at its node.
  if (state.unit && net.pos[state.unit[0] + 1] && net.pos[state.unit[0] + 1][state.unit[1]]) {
    const [x, y] = net.pos[state.unit[0] + 1][state.unit[1]];
    ctx.strokeStyle = '#f2b53a'; ctx.lineWidth = 3; ctx.beginPath(); ctx.arc(x, y, 8, 0, 2 * Math.PI); ctx.stroke();
  }
  $('net-note').textContent = v.weights_sampled
    ? `This network is too large to draw whole: the diagram shows the first ${NET_MAX} units of each layer (${net.sizes.join('-')}) and their weights; the formulas name every input but cannot compute their value here.`
    : (net.sizes.some((n) => n > NET_MAX) ? `Layers wider than ${NET_MAX} show their first ${NET_MAX} units (+N: the rest).` : '');
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
  if (f.visuals.weights_sampled) return `w${sup(e.l + 1)}${sub(e.i + 1)},${sub(e.j + 1)} = ${num(w[e.l].w[e.i][e.j], 3)} (too large a network to compute its share at the point here)`;
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
  // The hidden unit the connection feeds: its map is outlined below the diagram.
  document.querySelectorAll('canvas.unit.linked').forEach((u) => u.classList.remove('linked'));
  if (e) {
    const u = document.querySelector(`canvas.unit[data-layer="${e.l}"][data-unit="${e.j}"]`);
    if (u) u.classList.add('linked');
  }
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
  if (!w) return `x${sup(li + 1)}${sub(j + 1)}: no weights; ${at}`;
  if (f.visuals.weights_sampled) {
    const n = f.visuals.widths[li];
    return `x${sup(li + 1)}${sub(j + 1)} = ${name}(${n} inputs · w + b): too large a network to compute at the point here (see the note under the diagram)`;
  }
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

// ---- one step, written as the lecture writes it ----------------------------------------------
// Every matrix in one number format: entries with three decimals, and a matrix whose entries are
// all far from 1 shows its power of ten in front (10⁻³ × …). A matrix shows at most SHOW_ROWS ×
// SHOW_COLS of its top-left corner, with its full shape beside its name.
const SHOW_ROWS = 5, SHOW_COLS = 6;
const minus = (t) => t.replace(/-/g, '−');
const supSigned = (k) => (k < 0 ? '⁻' : '') + sup(Math.abs(k));
function powerOf(values) {
  const big = Math.max(0, ...values.flat().map(Math.abs).filter(Number.isFinite));
  if (big === 0) return 0;
  const k = Math.floor(Math.log10(big));
  return k < -2 || k > 2 ? k : 0;
}
const cell = (v, k) => (Number.isFinite(v) ? minus((v / 10 ** k).toFixed(3)).replace(/^−(0\.0+)$/, '$1') : 'NaN');

// A matrix: `key` names it for the highlighting (the same key wherever it appears), `m` is
// {rows, cols, values}; `t`: show it transposed.
function matrixBox(label, key, m, t = false) {
  const rows = t ? m.cols : m.rows, cols = t ? m.rows : m.cols;
  const at = (r, c) => (t ? m.values[c] && m.values[c][r] : m.values[r] && m.values[r][c]);
  const shownR = Math.min(rows, SHOW_ROWS, t ? (m.values[0] || []).length : m.values.length);
  const shownC = Math.min(cols, SHOW_COLS, t ? m.values.length : (m.values[0] || []).length);
  const vals = [];
  for (let r = 0; r < shownR; r++) { const row = []; for (let c = 0; c < shownC; c++) row.push(at(r, c)); vals.push(row); }
  const k = powerOf(vals);
  const box = document.createElement('div');
  box.className = 'mat';
  const name = document.createElement('div');
  name.className = 'mname';
  name.innerHTML = `${label} <span class="shape">${rows}×${cols}</span>`;
  const body = document.createElement('div');
  body.className = 'mbody';
  if (k) { const f = document.createElement('span'); f.className = 'factor'; f.textContent = `10${supSigned(k)} ×`; body.append(f); }
  const table = document.createElement('table');
  table.className = 'm';
  table.dataset.key = key;
  if (t) table.dataset.t = '1';
  vals.forEach((row, r) => {
    const tr = table.insertRow();
    row.forEach((v, c) => {
      const td = tr.insertCell();
      td.textContent = cell(v, k);
      td.dataset.r = r; td.dataset.c = c;
      td.tabIndex = 0;
    });
    if (cols > shownC) tr.insertCell().textContent = '…';
  });
  if (rows > shownR) { const tr = table.insertRow(); for (let c = 0; c < shownC; c++) tr.insertCell().textContent = '⋮'; }
  body.append(table);
  box.append(name, body);
  return box;
}

function op(text) { const o = document.createElement('span'); o.className = 'op'; o.textContent = text; return o; }
function eqRow(title, ...items) {
  const row = document.createElement('div');
  row.className = 'eq';
  const h = document.createElement('div'); h.className = 'eq-title'; h.textContent = title;
  const line = document.createElement('div'); line.className = 'eq-line'; line.append(...items);
  row.append(h, line);
  return row;
}

// What produced each cell: (key, row, column) → the rows, columns and cells to light up.
function sources(key, r, c, K) {
  const m = key.match(/^([A-Za-z]+)(\d*)$/), kind = m[1], l = +m[2];
  switch (kind) {
    case 'A': return [[`X${l - 1}`, r, null], [`W${l}`, null, c], [`b${l}`, null, c]];
    case 'X': return l > 0 ? [[`A${l}`, r, c]] : [];
    case 'D': return l === K ? [[`X${K}`, r, c], ['T', r, c]] : [[`D${l + 1}`, r, null], [`W${l + 1}`, c, null], [`A${l}`, r, c], [`hp${l}`, r, c]];
    case 'hp': return [[`A${l}`, r, c]];
    case 'dW': return [[`X${l - 1}`, null, r], [`D${l}`, null, c]];
    case 'db': return [[`D${l}`, null, c]];
    case 'Wa': return [[`W${l}`, r, c], [`dW${l}`, r, c]];
    case 'ba': return [[`b${l}`, r, c], [`db${l}`, r, c]];
    default: return [];
  }
}

function highlight(view, td, K) {
  view.querySelectorAll('.hl, .sel').forEach((e) => e.classList.remove('hl', 'sel'));
  const table = td.closest('table');
  if (!table || td.dataset.r === undefined) return;
  let r = +td.dataset.r, c = +td.dataset.c;
  if (table.dataset.t) [r, c] = [c, r];
  view.querySelectorAll(`table[data-key="${table.dataset.key}"]`).forEach((t) => {
    const [rr, cc] = t.dataset.t ? [c, r] : [r, c];
    const x = t.querySelector(`td[data-r="${rr}"][data-c="${cc}"]`);
    if (x) x.classList.add('sel');
  });
  for (const [key, sr, sc] of sources(table.dataset.key, r, c, K)) {
    view.querySelectorAll(`table[data-key="${key}"]`).forEach((t) => {
      const [rr, cc] = t.dataset.t ? [sc, sr] : [sr, sc];
      const sel = (rr !== null ? `[data-r="${rr}"]` : '') + (cc !== null ? `[data-c="${cc}"]` : '');
      t.querySelectorAll(`td${sel}`).forEach((x) => x.classList.add('hl'));
    });
  }
}

const HPRIME = { relu: (a) => (a > 0 ? 1 : 0), tanh: (a) => 1 - Math.tanh(a) ** 2, sigmoid: (a) => { const s = 1 / (1 + Math.exp(-a)); return s * (1 - s); } };

function renderStep(m) {
  const box = $('step-view');
  box.innerHTML = '';
  if (!m) { box.textContent = 'No step was taken (the run has finished; press reset).'; return; }
  const K = m.layers.length;
  state.stepK = K;
  const act = (state.data && state.data.settings.activation) || $('activation').value;
  const hName = (ACT[act] || ACT.relu)[0], hp = HPRIME[act] || HPRIME.relu;
  const X = (l) => (l === 0 ? m.x : m.layers[l - 1].out);
  const head = document.createElement('p');
  head.className = 'step-head';
  head.textContent = `Iteration ${m.iteration}: one mini-batch of n = ${m.rows} rows. Its loss L = ${cell(m.loss, 0)} is the mini-batch's cross entropy (the “loss” above is the mini-batch's until the first record). Click a number to light up the numbers that made it.`;
  box.append(head);
  const h2 = (t) => { const e = document.createElement('h3'); e.textContent = t; box.append(e); };
  h2('Forward: Aˡ = Xˡ⁻¹ · Wˡ + 1 ⊗ bˡ, then Xˡ = h(Aˡ)');
  for (let l = 1; l <= K; l++) {
    const L = m.layers[l - 1], s = sup(l), p = sup(l - 1);
    const out = l === K ? `softmax(A${s}) = X${s}` : `${hName}(A${s}) = X${s}`;
    box.append(eqRow(`layer ${l}`, matrixBox(`X${p}`, `X${l - 1}`, X(l - 1)), op('·'), matrixBox(`W${s}`, `W${l}`, L.w), op('+ 1 ⊗'),
      matrixBox(`b${s}`, `b${l}`, L.b), op('='), matrixBox(`A${s}`, `A${l}`, L.a), op('→'), matrixBox(out, `X${l}`, L.out)));
  }
  box.append(eqRow('against the targets', matrixBox(`X${sup(K)}`, `X${K}`, X(K)), op('vs'), matrixBox('T', 'T', m.t),
    op(`L = −(1/n) Σ T ⊙ log X${sup(K)} = ${cell(m.loss, 0)}`)));
  h2('Backward, from the last layer to the first');
  const last = m.layers[K - 1];
  box.append(eqRow(`Δ${sup(K)} = (X${sup(K)} − T) / n`, op('('), matrixBox(`X${sup(K)}`, `X${K}`, X(K)), op('−'), matrixBox('T', 'T', m.t),
    op(`) / ${m.rows} =`), matrixBox(`Δ${sup(K)}`, `D${K}`, last.delta)));
  for (let l = K; l >= 1; l--) {
    const L = m.layers[l - 1], s = sup(l), p = sup(l - 1);
    box.append(eqRow(`∂L/∂W${s} = X${p}ᵀ Δ${s},  ∂L/∂b${s} = 1ᵀ Δ${s}`, matrixBox(`X${p}ᵀ`, `X${l - 1}`, X(l - 1), true), op('·'),
      matrixBox(`Δ${s}`, `D${l}`, L.delta), op('='), matrixBox(`∂L/∂W${s}`, `dW${l}`, L.dw), op(';'), matrixBox(`∂L/∂b${s}`, `db${l}`, L.db)));
    if (l > 1) {
      const A = m.layers[l - 2].a, hpA = { rows: A.rows, cols: A.cols, values: A.values.map((r) => r.map(hp)) };
      box.append(eqRow(`Δ${p} = (Δ${s} W${s}ᵀ) ⊙ h′(A${p})`, op('('), matrixBox(`Δ${s}`, `D${l}`, L.delta), op('·'),
        matrixBox(`W${s}ᵀ`, `W${l}`, L.w, true), op(') ⊙'), matrixBox(`h′(A${p})`, `hp${l - 1}`, hpA), op('='),
        matrixBox(`Δ${p}`, `D${l - 1}`, m.layers[l - 2].delta)));
    }
  }
  const sgd = m.optimizer === 'sgd';
  h2(sgd ? `Update: W ← W − η ∂L/∂W, with η = ${cell(m.eta, 0)}` : `Update by ${m.optimizer} (η = ${cell(m.eta, 0)}): not W − η ∂L/∂W alone; ${m.optimizer} scales each step by what it has seen`);
  for (let l = 1; l <= K; l++) {
    const L = m.layers[l - 1], s = sup(l);
    if (!L.w_after) continue;
    box.append(eqRow(`layer ${l}`, matrixBox(`W${s}`, `W${l}`, L.w), op(sgd ? `− ${cell(m.eta, 0)} ×` : `and`), matrixBox(`∂L/∂W${s}`, `dW${l}`, L.dw),
      op(sgd ? '=' : '→'), matrixBox(`W${s} after`, `Wa${l}`, L.w_after), op(';'), matrixBox(`b${s} after`, `ba${l}`, L.b_after)));
  }
  box.onclick = (e) => { const td = e.target.closest('td'); if (td) highlight(box, td, K); };
  box.onkeydown = (e) => { if (e.key === 'Enter' && e.target.matches('td')) highlight(box, e.target, K); };
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
  $('speed').addEventListener('change', setSpeed);
  $('csv-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    // The server reads at most 1 MiB (room for 10 000 rows): a larger file is refused here.
    if (file.size > 1000 * 1024) { showMessage(`${file.name} is ${(file.size / 1048576).toFixed(1)} MiB; the playground reads CSV files of at most 1 MiB (10 000 rows).`); return; }
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
    drawBoundary(v);
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
  state.defaults = config.defaults;
  $('mine-note').hidden = !config.mine;
  setControls(Object.assign({}, config.defaults, { seed: config.seed }));
  // The scripting hook: any setting's name in the query sets its control; a choice the page
  // does not offer is named, and the control keeps its value.
  const notes = [];
  for (const f of FIELDS) {
    if (!query.has(f)) continue;
    const el = $(f), v = query.get(f);
    if (el.tagName === 'SELECT' && ![...el.options].some((o) => o.value === v)) {
      notes.push(`${f}=${v} in the address is not one of ${[...el.options].map((o) => o.value).join(', ')}; the page uses ${el.value}.`);
    } else el.value = v;
  }
  if (query.has('hidden')) {
    state.hidden = query.get('hidden').split(',').filter((x) => x !== '').map(Number);
    renderHidden();
  }
  if (query.has('speed')) {
    const v = query.get('speed');
    if ([...$('speed').options].some((o) => o.value === v)) $('speed').value = v;
    else notes.push(`speed=${v} in the address is not one of ${[...$('speed').options].map((o) => o.value).join(', ')}; the page uses ${$('speed').value}.`);
  }
  const run = query.get('run');
  try {
    if (run !== null && /^[0-9]+$/.test(run)) {
      try { await attach(Number(run)); } catch (e) {
        if (e.status !== 404) throw e;
        notes.push(`Run ${run} in the address no longer exists; a new run started with the settings of the address.`);
        await action(newRun);
      }
    } else {
      if (run !== null) notes.push(`run=${run} in the address is not a run id (a whole number); a new run started instead.`);
      await action(newRun);
    }
  } catch (e) { notes.push(e.message); }
  if (notes.length) showMessage(notes.join(' '));
  if (query.get('autoplay') === '1') await play();
  if (query.get('step') === '1') await step();
  // cell=KEY,R,C (after step=1): select a number of the one-step view, e.g. cell=A2,1,3 is
  // A²'s row 2, column 4 (0-based), lighting up the numbers that made it.
  if (query.has('cell')) {
    const [key, r, c] = query.get('cell').split(',');
    const td = document.querySelector(`#step-view table[data-key="${key}"]:not([data-t]) td[data-r="${r}"][data-c="${c}"]`);
    if (td) { highlight($('step-view'), td, state.stepK); }
    else showMessage(`no number ${query.get('cell')} in the one-step view`);
  }
  // focus=L,J: focus hidden unit J of layer L (1-based), showing its formula.
  if (query.has('focus')) {
    const [l, j] = query.get('focus').split(',').map(Number);
    const unit = document.querySelector(`canvas.unit[data-layer="${l - 1}"][data-unit="${j - 1}"]`);
    if (unit) unit.focus({ preventScroll: true });
  }
  // connection=L,I,J: show the connection from unit I of layer L−1 to unit J of layer L.
  if (query.has('connection')) {
    const [l, i, j] = query.get('connection').split(',').map(Number);
    const e = state.net && state.net.edges.find((x) => x.l === l - 1 && x.i === i - 1 && x.j === j - 1);
    if (e) showEdge(e); else showMessage(`no connection ${query.get('connection')} in this network`);
  }
}

start();
