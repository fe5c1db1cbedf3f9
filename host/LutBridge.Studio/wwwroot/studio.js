// LutBridge studio page: one photo, one Look, sliders that re-grade a ~2 MP preview live.
'use strict';
const token = new URLSearchParams(location.search).get('token') || '';
const headers = { 'X-LutBridge-Token': token };
const $ = (id) => document.getElementById(id);
// The sliders a photographer reaches for first (the darktable panel's first page); the rest by group.
const FIRST = ['exposure', 'contrast', 'shadows', 'highlights', 'temperature', 'tint', 'saturation', 'vibrance', 'strength'];
let parameters = [];
const dirty = new Map();
let inFlight = false, again = false, movedAt = 0;
window.studio = { timings: [], renders: 0 }; // read by the browser test

function status(text, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...headers, ...(options.headers || {}) } });
  if (!response.ok) {
    let message = response.statusText;
    try { message = (await response.json()).error || message; } catch { /* not JSON */ }
    throw new Error(message);
  }
  return response;
}

async function upload(kind, file) {
  return (await api(`/api/${kind}?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file })).json();
}

function showImage(img, blob) {
  return new Promise((resolve) => {
    const old = img.src;
    img.onload = () => { if (old) URL.revokeObjectURL(old); resolve(); };
    img.src = URL.createObjectURL(blob);
  });
}

async function render() {
  if (!$('before').src) return;
  if (inFlight) { again = true; return; }
  inFlight = true;
  const values = Object.fromEntries(dirty);
  dirty.clear();
  const started = movedAt;
  try {
    const response = await api('/api/render', { method: 'POST', body: JSON.stringify(values), headers: { 'Content-Type': 'application/json' } });
    await showImage($('after'), await response.blob());
    window.studio.renders++;
    if (started) window.studio.timings.push(performance.now() - started);
  } catch (e) {
    status(e.message, true);
  } finally {
    inFlight = false;
    if (again) { again = false; render(); }
  }
}

function sliderRow(p, value) {
  const row = document.createElement('div');
  row.className = 'slider';
  row.title = p.description + (p.unit ? ` (${p.unit})` : '') + ` Double-click: ${p.neutral}.`;
  const label = document.createElement('label');
  label.textContent = p.name.replaceAll('_', ' ');
  const input = document.createElement('input');
  Object.assign(input, { type: 'range', min: p.min, max: p.max, step: p.step, value, id: 'slider-' + p.name });
  input.dataset.name = p.name;
  const out = document.createElement('output');
  const show = () => { out.textContent = Number(input.value).toFixed(p.step < 0.01 ? 2 : 1); };
  show();
  const moved = () => { show(); movedAt = performance.now(); dirty.set(p.name, Number(input.value)); render(); };
  input.addEventListener('input', moved);
  input.addEventListener('dblclick', () => { input.value = p.neutral; moved(); });
  label.htmlFor = input.id;
  row.append(label, input, out);
  return row;
}

function buildSliders(values) {
  const box = $('sliders');
  box.replaceChildren();
  const groups = new Map([['first', []]]);
  for (const p of parameters) {
    const g = FIRST.includes(p.name) ? 'first' : p.group;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(p);
  }
  for (const [g, list] of groups) {
    const details = document.createElement('details');
    details.open = g === 'first';
    const summary = document.createElement('summary');
    summary.textContent = g === 'first' ? 'basics' : g;
    details.append(summary, ...list.map((p) => sliderRow(p, values[p.name])));
    box.append(details);
  }
}

function updateSplit() {
  const x = Number($('split').value);
  $('after').style.clipPath = `inset(0 0 0 ${x}%)`;
  $('divider').style.left = x + '%';
}

$('photo').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  try {
    status(`opening ${file.name}…`);
    const info = await upload('photo', file);
    await showImage($('before'), await (await api('/api/original')).blob());
    movedAt = 0;
    await render();
    status(`${info.name}: preview ${info.width}×${info.height}`);
  } catch (err) { status(err.message, true); }
});

$('lut').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  try {
    status(`reading ${file.name} (a LUT is decomposed into sliders: a second or two)…`);
    const state = await upload('source/lut', file);
    buildSliders(state.look.values);
    movedAt = 0;
    await render();
    status(`${state.look.source}: Look "${state.look.title}"${state.look.residual ? ' (sliders + residual)' : ''}`);
  } catch (err) { status(err.message, true); }
});

$('split').addEventListener('input', updateSplit);
for (const a of document.querySelectorAll('#downloads a'))
  a.addEventListener('click', () => { location.href = `/api/download?format=${a.dataset.format}&token=${encodeURIComponent(token)}`; });

(async () => {
  updateSplit();
  try {
    parameters = await (await api('/api/parameters')).json();
  } catch (err) { status(err.message, true); }
})();
