// LutBridge studio page: one photo, one Look from a source, sliders that re-grade a ~2 MP preview live.
'use strict';
const params = new URLSearchParams(location.search);
const token = params.get('token') || '';
const headers = { 'X-LutBridge-Token': token };
const $ = (id) => document.getElementById(id);
const IMAGES = '.png,.jpg,.jpeg,.tif,.tiff';
// The sliders a photographer reaches for first (the darktable panel's first page); the rest by group.
const FIRST = ['exposure', 'contrast', 'shadows', 'highlights', 'temperature', 'tint', 'saturation', 'vibrance', 'strength'];

// Where a Look comes from: one small module each (the server runs the same engine as the CLI).
// auto: run as soon as the fields are filled (a LUT opens at once; the others wait for "Make the Look").
const SOURCES = [
  { kind: 'lut', label: 'LUT / Look', auto: true, hint: 'A foreign LUT is decomposed into sliders (a few seconds).',
    fields: [{ name: 'lut', id: 'lut', type: 'file', accept: '.cube,.3dl,.png,.csp,.spi1d,.spi3d,.spimtx,.look', label: 'LUT or Look file' }] },
  { kind: 'pair', label: 'Before/after', hint: 'The same photo before and after an edit (it may be cropped or shifted).',
    fields: [{ name: 'before', type: 'file', accept: IMAGES, label: 'before' }, { name: 'after', type: 'file', accept: IMAGES, label: 'after' }] },
  { kind: 'reference', label: 'Reference', hint: 'Photos whose grade you want; the Look adapts to your photo.',
    fields: [{ name: 'reference', type: 'file', accept: IMAGES, multiple: true, label: 'reference photo(s)' }] },
  { kind: 'words', label: 'Words', hint: 'English, Russian or Chinese: tone, colour, moods, film stocks.',
    fields: [{ name: 'text', type: 'text', label: 'the look in words', placeholder: 'warm faded film, teal shadows' }] },
];

let parameters = [];
const dirty = new Map();
let inFlight = false, again = false, movedAt = 0, job = null, hasLook = false, coarse = false, refine = 0;
const gl = params.get('preview') === 'server' ? null : glPreview($('afterGl'));
window.studio = { timings: [], renders: 0, mode: gl ? 'webgl' : 'server', jobs: 0, progress: [], steps: [], fine: 0 }; // read by the browser tests
$(gl ? 'after' : 'afterGl').hidden = true;

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

function showImage(img, blob) {
  return new Promise((resolve) => {
    const old = img.src;
    img.onload = () => { if (old) URL.revokeObjectURL(old); resolve(); };
    img.src = URL.createObjectURL(blob);
  });
}

// The graded preview drawn in the browser: the server bakes the Look into a 33³ LUT (its own
// LookBaker) and the GPU looks every pixel up in it (trilinear), so a slider move costs one bake
// and one draw instead of a server-side apply, a JPEG encode and a decode.
function glPreview(canvas) {
  const g = canvas.getContext('webgl2', { antialias: false, preserveDrawingBuffer: true });
  if (!g) return null;
  const shader = (type, source) => {
    const s = g.createShader(type);
    g.shaderSource(s, source);
    g.compileShader(s);
    if (!g.getShaderParameter(s, g.COMPILE_STATUS)) throw new Error(g.getShaderInfoLog(s));
    return s;
  };
  const program = g.createProgram();
  g.attachShader(program, shader(g.VERTEX_SHADER, `#version 300 es
    out vec2 uv;
    void main() {
      vec2 p = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
      uv = vec2(p.x, 1.0 - p.y);
      gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
    }`));
  g.attachShader(program, shader(g.FRAGMENT_SHADER, `#version 300 es
    precision highp float;
    precision highp sampler3D;
    uniform sampler2D photo;
    uniform sampler3D lut;
    uniform float size;
    in vec2 uv;
    out vec4 colour;
    void main() {
      vec3 c = texture(photo, uv).rgb;
      colour = vec4(texture(lut, (c * (size - 1.0) + 0.5) / size).rgb, 1.0);
    }`));
  g.linkProgram(program);
  if (!g.getProgramParameter(program, g.LINK_STATUS)) throw new Error(g.getProgramInfoLog(program));
  g.useProgram(program);
  g.uniform1i(g.getUniformLocation(program, 'photo'), 0);
  g.uniform1i(g.getUniformLocation(program, 'lut'), 1);
  const sizeAt = g.getUniformLocation(program, 'size');
  const photo = g.createTexture(), lut = g.createTexture();
  const setup = (target, texture) => {
    g.bindTexture(target, texture);
    for (const p of [g.TEXTURE_WRAP_S, g.TEXTURE_WRAP_T, g.TEXTURE_WRAP_R]) g.texParameteri(target, p, g.CLAMP_TO_EDGE);
    g.texParameteri(target, g.TEXTURE_MIN_FILTER, target === g.TEXTURE_2D ? g.NEAREST : g.LINEAR);
    g.texParameteri(target, g.TEXTURE_MAG_FILTER, target === g.TEXTURE_2D ? g.NEAREST : g.LINEAR);
  };
  g.activeTexture(g.TEXTURE0); setup(g.TEXTURE_2D, photo);
  g.activeTexture(g.TEXTURE1); setup(g.TEXTURE_3D, lut);
  let ready = false;
  return {
    async setPhoto() { // the preview's exact samples, not the JPEG the <img> shows
      const response = await api('/api/original.rgb');
      const pixels = new Uint8Array(await response.arrayBuffer());
      canvas.width = Number(response.headers.get('X-Width'));
      canvas.height = Number(response.headers.get('X-Height'));
      g.activeTexture(g.TEXTURE0);
      g.pixelStorei(g.UNPACK_ALIGNMENT, 1);
      g.texImage2D(g.TEXTURE_2D, 0, g.RGB8, canvas.width, canvas.height, 0, g.RGB, g.UNSIGNED_BYTE, pixels);
    },
    draw(data, size) {
      g.activeTexture(g.TEXTURE1);
      g.pixelStorei(g.UNPACK_ALIGNMENT, 1);
      g.texImage3D(g.TEXTURE_3D, 0, g.RGB16F, size, size, size, 0, g.RGB, g.FLOAT, data); // half floats filter everywhere
      g.uniform1f(sizeAt, size);
      g.viewport(0, 0, canvas.width, canvas.height);
      g.drawArrays(g.TRIANGLE_STRIP, 0, 4);
      ready = true;
    },
    get ready() { return ready; },
  };
}

// One slider → preview round; moves made meanwhile are sent together in the next one. A round
// draws from a 17³ bake (7× less work for the server than 33³), so the photo follows the hand;
// when nothing has moved for 250 ms the 33³ bake replaces it.
async function render(fine = false) {
  if (!$('before').src || !hasLook) return;
  if (inFlight) { again = true; return; }
  inFlight = window.studio.busy = true;
  const values = Object.fromEntries(dirty);
  dirty.clear();
  const started = fine ? 0 : movedAt;
  const size = gl && !fine ? 17 : 33;
  clearTimeout(refine);
  try {
    const request = { method: 'POST', body: JSON.stringify(values), headers: { 'Content-Type': 'application/json' } };
    if (gl) {
      const t0 = performance.now();
      const response = await api(`/api/lut?size=${size}`, request);
      const data = new Float32Array(await response.arrayBuffer());
      const t1 = performance.now();
      gl.draw(data, Number(response.headers.get('X-Lut-Size')));
      const t2 = performance.now();
      await new Promise(requestAnimationFrame); // on screen
      window.studio.steps.push({ fetch: t1 - t0, bake: Number(response.headers.get('X-Bake-Ms')), draw: t2 - t1, frame: performance.now() - t2, queued: t0 - started });
    } else {
      await showImage($('after'), await (await api('/api/render', request)).blob());
    }
    window.studio.renders++;
    if (started) window.studio.timings.push(performance.now() - started);
    coarse = size < 33;
    window.studio.lastSize = size;
    if (!coarse) window.studio.fine++;
  } catch (e) {
    status(e.message, true);
  } finally {
    inFlight = window.studio.busy = false;
    if (again) { again = false; render(); }
    else if (coarse) refine = setTimeout(() => render(true), 250);
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
  for (const id of ['after', 'afterGl']) $(id).style.clipPath = `inset(0 0 0 ${x}%)`;
  $('divider').style.left = x + '%';
}

async function openPhoto(file) {
  try {
    status(`opening ${file.name}…`);
    const opened = performance.now();
    const info = await (await api(`/api/photo?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file })).json();
    window.studio.photoServerMs = info.ms;
    await Promise.all([api('/api/original').then((r) => r.blob()).then((b) => showImage($('before'), b)), gl ? gl.setPhoto() : null]);
    if (!gl) await showImage($('after'), await (await api('/api/original')).blob());
    movedAt = 0;
    await render();
    window.studio.photoMs = performance.now() - opened;
    status(`${info.name}: preview ${info.width}×${info.height}`);
  } catch (err) { status(err.message, true); }
}

// Runs a source on the server: its progress streams back as JSON lines; Cancel aborts the request.
async function runSource(source, form) {
  if (job) job.abort();
  const controller = new AbortController();
  job = controller;
  $('job').hidden = false;
  $('jobProgress').value = 0;
  $('jobStage').textContent = 'uploading…';
  status(`${source.label}: working…`);
  window.studio.jobs++;
  try {
    const response = await api(`/api/source?kind=${source.kind}`, { method: 'POST', body: form, signal: controller.signal });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (let i; (i = buffer.indexOf('\n')) >= 0; buffer = buffer.slice(i + 1)) {
        const message = JSON.parse(buffer.slice(0, i));
        if (message.error) throw new Error(message.error);
        if (message.done) { await lookMade(message.state, message.summary); return; }
        $('jobProgress').value = message.progress;
        $('jobStage').textContent = message.stage;
        window.studio.progress.push(message.progress);
      }
    }
    throw new Error('the studio stopped before the Look was made');
  } catch (err) {
    if (err.name === 'AbortError') status('cancelled: the Look is as it was');
    else status(err.message, true);
  } finally {
    if (job === controller) { job = null; $('job').hidden = true; }
  }
}

async function lookMade(state, summary) {
  hasLook = true;
  buildSliders(state.look.values);
  movedAt = 0;
  await render();
  status(`Look "${state.look.title}" from ${state.look.source}: ${summary}`);
}

function buildSources() {
  const tabs = $('sourceTabs'), forms = $('sourceForms');
  const select = (kind) => {
    for (const b of tabs.children) b.setAttribute('aria-selected', String(b.dataset.kind === kind));
    for (const f of forms.children) f.hidden = f.dataset.kind !== kind;
  };
  for (const source of SOURCES) {
    const tab = document.createElement('button');
    Object.assign(tab, { type: 'button', textContent: source.label, id: 'tab-' + source.kind });
    tab.dataset.kind = source.kind;
    tab.setAttribute('role', 'tab');
    tab.addEventListener('click', () => select(source.kind));
    tabs.append(tab);

    const form = document.createElement('form');
    form.className = 'source';
    form.dataset.kind = source.kind;
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.textContent = source.hint;
    form.append(hint);
    const inputs = source.fields.map((f) => {
      const label = document.createElement('label');
      label.textContent = f.label;
      const input = document.createElement('input');
      Object.assign(input, { type: f.type, name: f.name, id: f.id || `src-${source.kind}-${f.name}` });
      if (f.accept) input.accept = f.accept;
      if (f.multiple) input.multiple = true;
      if (f.placeholder) input.placeholder = f.placeholder;
      label.append(input);
      form.append(label);
      return input;
    });
    const filled = () => inputs.every((i) => (i.type === 'file' ? i.files.length > 0 : i.value.trim().length > 0));
    const go = document.createElement('button');
    Object.assign(go, { type: 'submit', textContent: 'Make the Look', id: 'make-' + source.kind });
    if (!source.auto) form.append(go);
    const run = () => { if (filled()) runSource(source, new FormData(form)); else status(`${source.label}: fill in ${source.fields.map((f) => f.label).join(' and ')}`, true); };
    form.addEventListener('submit', (e) => { e.preventDefault(); run(); });
    if (source.auto) for (const i of inputs) i.addEventListener('change', run);
    forms.append(form);
  }
  select(SOURCES[0].kind);
}

$('photo').addEventListener('change', (e) => { if (e.target.files[0]) openPhoto(e.target.files[0]); });
$('viewer').addEventListener('dragover', (e) => { e.preventDefault(); $('viewer').classList.add('dropping'); });
$('viewer').addEventListener('dragleave', () => $('viewer').classList.remove('dropping'));
$('viewer').addEventListener('drop', (e) => {
  e.preventDefault();
  $('viewer').classList.remove('dropping');
  if (e.dataTransfer.files[0]) openPhoto(e.dataTransfer.files[0]);
});
$('cancel').addEventListener('click', () => { if (job) job.abort(); });
$('split').addEventListener('input', updateSplit);
for (const a of document.querySelectorAll('#downloads a'))
  a.addEventListener('click', () => { location.href = `/api/download?format=${a.dataset.format}&token=${encodeURIComponent(token)}`; });
for (const b of document.querySelectorAll('#send button'))
  b.addEventListener('click', async () => {
    try {
      $('sent').textContent = `sending to ${b.dataset.to}…`;
      $('sent').textContent = (await (await api(`/api/send?to=${b.dataset.to}`, { method: 'POST' })).json()).lines.join('\n');
    } catch (err) { $('sent').textContent = ''; status(err.message, true); }
  });

// Started by RawTherapee (lutbridge rt-edit): say which photo the look goes to; "done" sends it and ends rt-edit.
function showRtEdit(rt) {
  $('rtEdit').hidden = false;
  $('rtEditTiff').textContent = `RawTherapee handed over ${rt.tiff}`;
  $('rtEditWhy').textContent = rt.why;
  $('rtEditPick').hidden = rt.originals.length === 0;
  $('rtEditType').hidden = rt.originals.length > 0;
  for (const path of rt.originals) $('rtEditOriginal').append(new Option(path, path));
  const send = $('send').querySelector('[data-to="rawtherapee"]');
  if (send) send.hidden = true; // RawTherapee is running: "done" is the way in
  const finish = async (what) => {
    try {
      const original = rt.originals.length ? $('rtEditOriginal').value : $('rtEditPath').value.trim();
      const query = what === 'done' ? `?original=${encodeURIComponent(original)}` : '';
      const lines = (await (await api(`/api/rt-edit/${what}${query}`, { method: 'POST' })).json()).lines;
      $('rtEditResult').textContent = lines.join('\n') + '\n\nrt-edit has ended: you can close this tab.';
      $('rtEditDone').disabled = $('rtEditCancel').disabled = true;
      window.studio.rtEdit = what;
    } catch (err) { status(err.message, true); }
  };
  $('rtEditDone').addEventListener('click', () => finish('done'));
  $('rtEditCancel').addEventListener('click', () => finish('cancel'));
}

(async () => {
  updateSplit();
  buildSources();
  try {
    parameters = await (await api('/api/parameters')).json();
    const state = await (await api('/api/state')).json();
    if (state.rtEdit) showRtEdit(state.rtEdit);
    if (state.photo) { // started on a photo (lutbridge studio PHOTO, rt-edit)
      await showImage($('before'), await (await api('/api/original')).blob());
      if (gl) await gl.setPhoto();
      if (!gl) await showImage($('after'), await (await api('/api/original')).blob());
      status(`${state.photo.name}: preview ${state.photo.width}×${state.photo.height}`);
    }
    if (state.look) await lookMade(state, state.look.summary || 'as opened');
  } catch (err) { status(err.message, true); }
})();
