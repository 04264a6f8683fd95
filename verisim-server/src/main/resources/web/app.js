// verisim's page: upload an image, poll its analysis, explain the verdict; and the quiz.
// Plain browser JavaScript, no build step. The API key stays in this browser (localStorage).
'use strict';

const $ = (id) => document.getElementById(id);
const keyInput = $('key');
keyInput.value = localStorage.getItem('verisim.key') || '';
keyInput.addEventListener('change', () => localStorage.setItem('verisim.key', keyInput.value.trim()));

function headers(extra) {
  const h = Object.assign({}, extra || {});
  const key = keyInput.value.trim();
  if (key) h.Authorization = 'Bearer ' + key;
  return h;
}

// A problem+json body says what went wrong; anything else gets its HTTP status.
async function failure(response) {
  try {
    const p = await response.json();
    return p.detail || p.title || ('HTTP ' + response.status);
  } catch (e) {
    return 'HTTP ' + response.status;
  }
}

function say(text) { $('status').textContent = text; }

// Whether this server lets the page work without a key: then the key field is optional.
fetch('api/v1/info').then((r) => r.json()).then((info) => {
  keyInput.placeholder = info.anonymous
    ? 'optional: this server allows ' + info.anonymous_per_minute + ' uploads a minute without a key'
    : 'required: ask the operator for a key (verisim keys create)';
  document.body.dataset.anonymous = String(info.anonymous);
}).catch(() => {});

// ---- analysis ----

const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer.files.length) analyse(e.dataTransfer.files[0]);
});
$('file').addEventListener('change', (e) => { if (e.target.files.length) analyse(e.target.files[0]); });

async function analyse(file) {
  $('result').hidden = true;
  say('Uploading ' + file.name + '...');
  const form = new FormData();
  form.append('file', file, file.name);
  const posted = await fetch('api/v1/analyses', { method: 'POST', body: form, headers: headers() });
  if (posted.status !== 202) {
    say('Not accepted: ' + await failure(posted));
    return;
  }
  const job = await posted.json();
  const location = (posted.headers.get('Location') || ('api/v1/analyses/' + job.id)).replace(/^\//, '');
  say('Waiting for a free worker...');
  let a = null;
  try {
    a = await follow(location + '/events');
  } catch (e) {
    a = null; // the stream broke (a proxy, a restart): fall back to polling
  }
  if (a === null) a = await poll(location);
  if (a === null) return;
  if (a.status === 'done') {
    show(a.verdict, file);
  } else {
    say('The analysis failed: ' + ((a.problem && (a.problem.detail || a.problem.title)) || 'unknown reason'));
  }
}

// Server-sent events through fetch, not EventSource: EventSource cannot send the Authorization
// header. Returns the finished analysis (the 'done' event), or null when the stream ends without it.
async function follow(url) {
  const got = await fetch(url, { headers: headers({ Accept: 'text/event-stream' }) });
  if (!got.ok || !got.body) return null;
  const reader = got.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return null;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (event === 'status') {
        const s = JSON.parse(data.join('\n'));
        say(s.status === 'queued' ? 'Waiting for a free worker...' : 'Analysing...');
      } else if (event === 'done') {
        reader.cancel();
        $('status').dataset.via = 'events';
        return JSON.parse(data.join('\n'));
      }
    }
  }
}

async function poll(location) {
  $('status').dataset.via = 'polling';
  for (;;) {
    const got = await fetch(location, { headers: headers() });
    if (!got.ok) {
      say('Lost the analysis: ' + await failure(got));
      return null;
    }
    const a = await got.json();
    if (a.status === 'done' || a.status === 'failed') return a;
    say(a.status === 'queued' ? 'Waiting for a free worker...' : 'Analysing...');
    await new Promise((r) => setTimeout(r, 400));
  }
}

function show(v, file) {
  if (v.verdict === 'error') {
    say('verisim could not analyse this file: ' + v.error.message);
    return;
  }
  say('');
  $('result').hidden = false;
  const verdict = $('verdict');
  verdict.textContent = v.verdict;
  verdict.className = 'verdict ' + v.verdict;
  $('pfake').textContent = 'p_fake ' + v.p_fake.toFixed(2);
  const [low, high] = v.uncertain_band;
  $('band-uncertain').style.left = (low * 100) + '%';
  $('band-uncertain').style.width = ((high - low) * 100) + '%';
  $('band-marker').style.left = (v.p_fake * 100) + '%';

  // An image gets its heatmap; a video or a voice its player and its timeline.
  const img = $('preview');
  const isImage = v.media === 'image';
  img.hidden = !isImage;
  $('heatmap').hidden = true;
  for (const kind of ['video', 'audio']) {
    const player = $('preview-' + kind);
    player.hidden = v.media !== kind;
    if (v.media === kind) player.src = URL.createObjectURL(file);
  }
  if (isImage) {
    img.onload = () => drawHeatmap(v);
    img.src = URL.createObjectURL(file);
  }
  showTimeline(v);

  const cues = $('cues');
  cues.replaceChildren();
  for (const c of v.cues) {
    const li = document.createElement('li');
    const bar = document.createElement('span');
    bar.className = 'score';
    bar.title = 'suspicion ' + c.score.toFixed(2);
    const fill = document.createElement('span');
    fill.style.width = (c.score * 100) + '%';
    bar.append(fill);
    const name = document.createElement('strong');
    name.textContent = c.name + ': ';
    li.append(bar, name, document.createTextNode(c.explanation));
    cues.append(li);
  }

  const p = v.provenance || {};
  const lines = ['Content Credentials (C2PA): ' + p.c2pa,
    'verisim watermark: ' + (p.watermark ? 'found, payload ' + p.watermark : 'not found')];
  if (p.explanation) lines.push(p.explanation);
  const prov = $('provenance');
  prov.replaceChildren(...lines.map((t) => { const d = document.createElement('p'); d.textContent = t; return d; }));
}

// A video's per-second scores, or an audio's segments: where in time the evidence is.
function showTimeline(v) {
  const items = $('timeline-items');
  items.replaceChildren();
  let rows = [];
  if (v.media === 'video' && v.timeline) {
    $('timeline-title').textContent = 'Second by second (faces in sampled frames)';
    rows = v.timeline.map((t) => t.t + ' s: ' + (t.p_fake === null ? 'nothing scored'
      : 'p_fake ' + t.p_fake.toFixed(2)) + ', ' + t.faces + (t.faces === 1 ? ' face' : ' faces'));
  } else if (v.media === 'audio' && v.segments) {
    $('timeline-title').textContent = 'Segment by segment';
    rows = v.segments.map((s) => s.start_s.toFixed(1) + '-' + s.end_s.toFixed(1) + ' s: p_fake '
      + s.p_fake.toFixed(2));
  }
  if (v.soundtrack) {
    rows.push('soundtrack: ' + v.soundtrack.verdict + ', p_fake ' + v.soundtrack.p_fake.toFixed(2));
  }
  $('timeline').hidden = rows.length === 0;
  items.replaceChildren(...rows.map((t) => { const li = document.createElement('li'); li.textContent = t; return li; }));
}

// The first cue with a heatmap: a row-major grid of 0..1 values over the whole image.
function drawHeatmap(v) {
  const canvas = $('heatmap');
  const ctx = canvas.getContext('2d');
  const cue = v.cues.find((c) => c.heatmap);
  canvas.hidden = !cue || !$('show-heatmap').checked;
  if (!cue) return;
  const h = cue.heatmap;
  canvas.width = h.width;
  canvas.height = h.height;
  for (let y = 0; y < h.height; y++) {
    for (let x = 0; x < h.width; x++) {
      const t = h.values[y * h.width + x];
      ctx.fillStyle = 'rgba(255,0,0,' + t.toFixed(3) + ')';
      ctx.fillRect(x, y, 1, 1);
    }
  }
}
$('show-heatmap').addEventListener('change', () => {
  $('heatmap').hidden = !$('show-heatmap').checked || $('preview').hidden;
});

// ---- quiz ----

let pair = null;
let score = 0;
let rounds = 0;

async function nextPair() {
  $('feedback').textContent = '';
  $('quiz-cues').replaceChildren();
  for (const side of ['left', 'right']) $(side).className = 'choice';
  const got = await fetch('api/v1/quiz/pair', { headers: headers() });
  if (!got.ok) {
    $('feedback').textContent = 'No quiz here: ' + await failure(got);
    return;
  }
  pair = await got.json();
  $('left').querySelector('img').src = pair.left;
  $('right').querySelector('img').src = pair.right;
}

async function answer(choice) {
  if (!pair || pair.answered) return;
  pair.answered = true;
  const got = await fetch('api/v1/quiz/answer', {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json' }),
    body: JSON.stringify({ id: pair.id, choice }),
  });
  if (!got.ok) {
    $('feedback').textContent = 'Could not check the answer: ' + await failure(got);
    return;
  }
  const a = await got.json();
  rounds++;
  if (a.correct) score++;
  $('score').textContent = score;
  $('rounds').textContent = rounds;
  $(a.fake).classList.add(a.correct ? 'correct' : 'wrong');
  $('feedback').textContent = (a.correct ? 'Right: ' : 'Not this time: ')
    + 'the ' + a.fake + ' face is the fake. What verisim saw in it:';
  $('quiz-cues').replaceChildren(...(a.cues || []).map((c) => {
    const li = document.createElement('li');
    li.textContent = c.name + ': ' + c.explanation;
    return li;
  }));
}

$('left').addEventListener('click', () => answer('left'));
$('right').addEventListener('click', () => answer('right'));
$('next').addEventListener('click', nextPair);
nextPair();
