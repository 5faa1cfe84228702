// app.js - the dashboard: draws every view from the JSON API.
// Text from notices only ever reaches the page through text nodes
// (h() below), never as HTML, so a notice cannot inject markup.
'use strict';

const STATUS = {
  no_deadline: 'Không có thời hạn', in_progress: 'Đang thực hiện trong hạn',
  overdue: 'Quá hạn', done_on_time: 'Hoàn thành đúng hạn', done_late: 'Hoàn thành quá hạn',
};
const STATUS_ORDER = ['overdue', 'in_progress', 'no_deadline', 'done_on_time', 'done_late'];
const FLAGS = { due_soon: 'Sắp đến hạn', long_overdue: 'Quá hạn dài ngày', awaiting: 'Chờ xác nhận',
  extended: 'Đã gia hạn', open: 'Chưa hoàn thành' };
const ACTIONS = {
  progress: 'Báo cáo tiến độ', done: 'Báo cáo hoàn thành', confirm: 'Xác nhận hoàn thành',
  reopen: 'Trả lại', extend: 'Xin gia hạn', approve: 'Duyệt gia hạn', refuse: 'Từ chối gia hạn',
};

let me = null; // {user, csrf}
const main = document.getElementById('main');

// ---- DOM helpers -------------------------------------------------------------
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'color') el.style.setProperty('--c', v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}
const svgNS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...kids) {
  const el = document.createElementNS(svgNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const kid of kids) el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  return el;
}
function show(...nodes) { main.replaceChildren(...nodes.flat()); main.focus(); }
function color(code) { return `var(--${code})`; }
function vnDate(iso) { return iso ? iso.slice(8, 10) + '/' + iso.slice(5, 7) + '/' + iso.slice(0, 4) : ''; }
function badge(code, label) { return h('span', { class: 'badge', color: color(code) }, label || STATUS[code] || code); }
function link(href, ...kids) { return h('a', { href }, ...kids); }

// ---- API --------------------------------------------------------------------
class ApiError extends Error { constructor(status, msg) { super(msg); this.status = status; } }
async function api(method, path, body, raw) {
  const opt = { method, credentials: 'same-origin', headers: {} };
  if (method !== 'GET') {
    if (me) opt.headers['X-CSRF-Token'] = me.csrf;
    if (raw) { opt.body = raw.data; opt.headers['Content-Type'] = 'application/octet-stream'; opt.headers['X-File-Name'] = encodeURIComponent(raw.name); }
    else if (body !== undefined) { opt.body = JSON.stringify(body); opt.headers['Content-Type'] = 'application/json'; }
  }
  const r = await fetch(path, opt);
  const j = await r.json().catch(() => ({}));
  if (r.status === 401 && path !== '/api/login') { me = null; go('/login'); throw new ApiError(401, 'Cần đăng nhập'); }
  if (!r.ok) throw new ApiError(r.status, j.error || ('HTTP ' + r.status));
  return j;
}
function errorBox(e) { return h('p', { class: 'error', role: 'alert' }, e.status === 404 ? 'Không tìm thấy: ' + e.message : 'Lỗi: ' + e.message); }

// ---- Routing ----------------------------------------------------------------
function go(path, replace) {
  if (replace) history.replaceState(null, '', path); else history.pushState(null, '', path);
  route();
}
document.addEventListener('click', (ev) => {
  const a = ev.target.closest('a');
  if (!a || a.target || a.hasAttribute('download') || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/static/')) return;
  ev.preventDefault();
  go(url.pathname + url.search + url.hash);
});
window.addEventListener('popstate', route);

async function route() {
  const p = location.pathname;
  if (!me && p !== '/login') {
    try { me = await api('GET', '/api/session'); } catch (e) { return; }
  }
  drawChrome();
  for (const a of document.querySelectorAll('#nav a')) {
    const here = a.getAttribute('href') === '/' ? p === '/' : p.startsWith(a.getAttribute('href'));
    if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  let m;
  try {
    if (p === '/login') return viewLogin();
    if (p === '/') return await viewOverview();
    if (p === '/tasks') return await viewTasks();
    if ((m = p.match(/^\/tasks\/(\d+)$/))) return await viewTask(m[1]);
    if (p === '/notices') return await viewNotices();
    if ((m = p.match(/^\/notices\/(\d+)$/))) return await viewNotice(m[1]);
    if (p === '/units') return await viewUnits();
    if ((m = p.match(/^\/units\/(\d+)$/))) return await viewUnit(m[1]);
    if (p === '/import') return viewImport();
    show(h('h1', {}, 'Không tìm thấy trang'));
  } catch (e) {
    if (e.status !== 401) show(errorBox(e));
  }
}

function drawChrome() {
  const nav = document.getElementById('nav'), who = document.getElementById('who');
  nav.hidden = !me;
  document.getElementById('nav-import').hidden = !me || me.user.role !== 'office';
  if (!me) { who.replaceChildren(); return; }
  const roles = { office: 'Văn phòng', unit: 'Đơn vị', viewer: 'Xem' };
  who.replaceChildren(h('span', {}, me.user.login + ' (' + roles[me.user.role] + (me.user.unit ? ': ' + me.user.unit : '') + ')'),
    h('button', { type: 'button', onclick: logout }, 'Đăng xuất'));
}
async function logout() { try { await api('POST', '/api/logout'); } catch (e) { /* gone anyway */ } me = null; go('/login'); }

// ---- Login --------------------------------------------------------------------
function viewLogin() {
  const msg = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'login', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      me = await api('POST', '/api/login', { login: form.login.value, password: form.password.value });
      go('/', true);
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  } },
  h('label', {}, 'Tên đăng nhập', h('input', { name: 'login', autocomplete: 'username', required: true })),
  h('label', {}, 'Mật khẩu', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
  h('p', {}, h('button', { class: 'primary', type: 'submit' }, 'Đăng nhập')), msg);
  show(h('h1', {}, 'Đăng nhập'), form);
  form.login.focus();
}

// ---- Overview ------------------------------------------------------------------
async function viewOverview() {
  const sum = await api('GET', '/api/summary');
  const c = sum.counts;
  const card = (code, n, label, href) => h('div', { class: 'card', color: color(code) },
    h('a', { href }, h('div', { class: 'n' }, n), h('div', {}, label)));
  const cards = h('div', { class: 'cards' },
    STATUS_ORDER.map((k) => card(k, c[k], STATUS[k], '/tasks?status=' + k)),
    card('awaiting', c.awaiting, 'Chờ xác nhận', '/tasks?flag=awaiting'),
    card('overdue', c.long_overdue, 'Quá hạn dài ngày', '/tasks?flag=long_overdue'),
    card('in_progress', c.due_soon, 'Sắp đến hạn', '/tasks?flag=due_soon'));
  show(h('h1', {}, 'Tổng quan ngày ' + vnDate(sum.today)),
    h('p', { class: 'muted' }, 'Tổng số nhiệm vụ (theo đơn vị chủ trì): ', h('strong', { id: 'total' }, c.total)),
    cards,
    h('h2', {}, 'Theo đơn vị'), unitTable(sum.units),
    h('h2', {}, 'Tình trạng theo đơn vị'), stackedBars(sum.units),
    h('h2', {}, 'Số nhiệm vụ quá hạn theo tuần'), weekChart(sum.overdue_by_week));
}

function unitTable(rows) {
  const cols = [
    ['unit', 'Đơn vị'], ['total', 'Tổng số'], ['done_on_time', 'Hoàn thành đúng hạn'], ['done_late', 'Hoàn thành quá hạn'],
    ['in_progress', 'Đang thực hiện trong hạn'], ['overdue', 'Quá hạn'], ['no_deadline', 'Không có thời hạn'],
    ['long_overdue', 'Quá hạn dài ngày'], ['awaiting', 'Chờ xác nhận'], ['overdue_rate', 'Tỷ lệ quá hạn'],
  ];
  let key = 'total', dir = -1;
  const tbody = h('tbody');
  const heads = cols.map(([k, label]) => h('th', { scope: 'col', tabindex: '0', class: k === 'unit' ? '' : 'num', 'aria-sort': 'none',
    onclick: () => sortBy(k), onkeydown: (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); sortBy(k); } } }, label));
  function sortBy(k) {
    dir = key === k ? -dir : (k === 'unit' ? 1 : -1); key = k;
    heads.forEach((th, i) => th.setAttribute('aria-sort', cols[i][0] === key ? (dir > 0 ? 'ascending' : 'descending') : 'none'));
    draw();
  }
  function draw() {
    const sorted = rows.filter((r) => r.total > 0).sort((a, b) =>
      (key === 'unit' ? a.unit.localeCompare(b.unit, 'vi') : a[key] - b[key]) * dir);
    tbody.replaceChildren(...sorted.map((r) => h('tr', {}, cols.map(([k]) => k === 'unit'
      ? h('td', {}, link('/units/' + r.unit_id, r.unit))
      : h('td', { class: 'num' }, k === 'overdue_rate' ? r[k].toFixed(1) + '%' : r[k])))));
  }
  sortBy('total');
  return h('div', { class: 'table-wrap' }, h('table', { id: 'unit-table' }, h('thead', {}, h('tr', {}, heads)), tbody));
}

function stackedBars(rows) {
  rows = rows.filter((r) => r.total > 0).sort((a, b) => b.total - a.total).slice(0, 25);
  const max = Math.max(1, ...rows.map((r) => r.total));
  const rowH = 22, labelW = 230, barW = 560, W = labelW + barW + 50;
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${rows.length * rowH + 10}`, role: 'img',
    'aria-label': 'Biểu đồ tình trạng nhiệm vụ theo đơn vị' });
  rows.forEach((r, i) => {
    const y = i * rowH + 4;
    svg.append(s('text', { x: labelW - 6, y: y + 14, 'text-anchor': 'end', 'font-size': 12 }, r.unit.length > 34 ? r.unit.slice(0, 33) + '…' : r.unit));
    let x = labelW;
    for (const k of STATUS_ORDER) {
      const w = r[k] / max * barW;
      if (w > 0) {
        const rect = s('rect', { x, y, width: w, height: rowH - 6, fill: getComputedStyle(document.documentElement).getPropertyValue('--' + k).trim() });
        rect.append(s('title', {}, `${r.unit}: ${STATUS[k]} ${r[k]}`));
        svg.append(rect);
      }
      x += w;
    }
    svg.append(s('text', { x: x + 4, y: y + 14, 'font-size': 12 }, r.total));
  });
  const legend = h('div', { class: 'legend' }, STATUS_ORDER.map((k) => h('span', { color: color(k) }, STATUS[k])));
  return [legend, svg];
}

function weekChart(weeks) {
  const max = Math.max(1, ...weeks.map((w) => w.overdue));
  const W = 720, H = 200, pad = 30, bw = (W - 2 * pad) / weeks.length;
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H + 30}`, role: 'img', 'aria-label': 'Số nhiệm vụ quá hạn vào cuối mỗi tuần' });
  weeks.forEach((w, i) => {
    const bh = w.overdue / max * (H - 20), x = pad + i * bw;
    const rect = s('rect', { x: x + 4, y: H - bh, width: bw - 8, height: bh, fill: '#d93025' });
    rect.append(s('title', {}, `Tuần đến ${vnDate(w.week_end)}: ${w.overdue} quá hạn`));
    svg.append(rect, s('text', { x: x + bw / 2, y: H - bh - 4, 'text-anchor': 'middle', 'font-size': 11 }, w.overdue),
      s('text', { x: x + bw / 2, y: H + 16, 'text-anchor': 'middle', 'font-size': 10 }, vnDate(w.week_end).slice(0, 5)));
  });
  return svg;
}

// ---- Task list ----------------------------------------------------------------
async function unitOptions() {
  const u = await api('GET', '/api/units');
  return u.units.filter((x) => !x.is_group);
}

function itemRows(items, withUnit) {
  return items.map((it) => h('tr', {},
    h('td', {}, link('/tasks/' + it.task_id + '#item-' + it.id, it.text.length > 160 ? it.text.slice(0, 159) + '…' : it.text),
      h('div', { class: 'muted' }, (it.notice_number ? 'Số ' + it.notice_number : 'Văn bản') + (it.notice_date ? ' ngày ' + vnDate(it.notice_date) : ''))),
    withUnit ? h('td', {}, it.unit) : null,
    h('td', {}, it.due_text || '', it.deadline ? h('div', { class: 'muted' }, 'Hạn cuối ' + vnDate(it.deadline)) : ''),
    h('td', {}, badge(it.status, it.status_label),
      it.awaiting_confirmation ? [' ', badge('awaiting', 'Chờ xác nhận')] : null,
      it.due_soon ? [' ', badge('in_progress', 'Sắp đến hạn')] : null,
      it.extended ? [' ', badge('done_late', 'Đã gia hạn')] : null,
      it.status === 'overdue' ? h('div', { class: 'muted' }, 'Quá ' + (-it.days_left) + ' ngày') : null)));
}

async function viewTasks() {
  const qs = new URLSearchParams(location.search);
  const units = await unitOptions();
  const sel = (name, opts, label) => h('label', {}, label, h('select', { name },
    h('option', { value: '' }, 'Tất cả'), opts.map(([v, t]) => h('option', { value: v, selected: qs.get(name) === String(v) }, t))));
  const form = h('form', { class: 'filters', role: 'search', onsubmit: (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value) p.set(el.name, el.value);
    go('/tasks?' + p.toString());
  } },
  h('label', {}, 'Tìm kiếm', h('input', { name: 'q', type: 'search', value: qs.get('q') || '', placeholder: 'vd. don doc bao cao' })),
  sel('unit', units.map((u) => [u.id, u.name]), 'Đơn vị chủ trì'),
  sel('status', STATUS_ORDER.map((k) => [k, STATUS[k]]), 'Tình trạng'),
  sel('flag', Object.entries(FLAGS), 'Đánh dấu'),
  h('label', {}, 'Hạn từ', h('input', { name: 'due_from', type: 'date', value: qs.get('due_from') || '' })),
  h('label', {}, 'đến', h('input', { name: 'due_to', type: 'date', value: qs.get('due_to') || '' })),
  qs.get('notice') ? h('input', { type: 'hidden', name: 'notice', value: qs.get('notice') }) : null,
  h('button', { class: 'primary', type: 'submit' }, 'Lọc'));
  const page = +(qs.get('page') || 1);
  const apiQs = new URLSearchParams(qs); apiQs.set('page', page);
  const r = await api('GET', '/api/tasks?' + apiQs.toString());
  const csvQs = new URLSearchParams(qs); csvQs.delete('page'); csvQs.set('format', 'csv');
  const pages = Math.max(1, Math.ceil(r.total / r.per_page));
  const pageLink = (n, label) => { const p = new URLSearchParams(qs); p.set('page', n); return link('/tasks?' + p.toString(), label); };
  show(h('h1', {}, 'Nhiệm vụ'), form,
    h('p', {}, h('span', { id: 'result-count' }, r.total + ' nhiệm vụ'), ' · ', h('a', { href: '/api/tasks?' + csvQs.toString(), download: 'nhiem-vu.csv' }, 'Tải về CSV')),
    h('div', { class: 'table-wrap' }, h('table', { id: 'task-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Nội dung'), h('th', {}, 'Đơn vị chủ trì'), h('th', {}, 'Thời hạn'), h('th', {}, 'Tình trạng'))),
      h('tbody', {}, itemRows(r.items, true)))),
    h('nav', { class: 'pager', 'aria-label': 'Trang' }, page > 1 ? pageLink(page - 1, '‹ Trước') : null,
      h('span', {}, `Trang ${page}/${pages}`), page < pages ? pageLink(page + 1, 'Sau ›') : null));
}

// ---- One task -------------------------------------------------------------------
function actionForms(task, it, reload) {
  const role = me.user.role, mine = role === 'office' || (role === 'unit' && me.user.unit_id === it.unit_id);
  if (!mine || role === 'viewer') return null;
  const msg = h('div', { 'aria-live': 'polite' });
  const act = async (action, body) => {
    try { await api('POST', `/api/tasks/${task.id}/${action}`, Object.assign({ item: it.id }, body)); await reload(); }
    catch (e) { msg.replaceChildren(errorBox(e)); }
  };
  const btn = (action, body) => h('button', { type: 'button', 'data-action': action, onclick: () => act(action, body && body()) }, ACTIONS[action]);
  const forms = [];
  if (it.state !== 'done') {
    const note = h('input', { name: 'note', 'aria-label': 'Nội dung tiến độ', placeholder: 'Nội dung tiến độ' });
    forms.push(h('form', { onsubmit: (ev) => { ev.preventDefault(); act('progress', { note: note.value }); } }, note, h('button', { type: 'submit' }, ACTIONS.progress)));
  }
  if (it.state === 'open') forms.push(btn('done'));
  if (role === 'office' && it.state === 'reported') forms.push(btn('confirm'));
  if (role === 'office' && it.state !== 'open') forms.push(btn('reopen'));
  if (it.state !== 'done' && !it.requested_to) {
    const d = h('input', { type: 'date', name: 'date', 'aria-label': 'Hạn mới', required: true });
    const why = h('input', { name: 'note', 'aria-label': 'Lý do', placeholder: 'Lý do gia hạn', required: true });
    forms.push(h('form', { onsubmit: (ev) => { ev.preventDefault(); act('extend', { date: d.value, note: why.value }); } }, d, why, h('button', { type: 'submit' }, ACTIONS.extend)));
  }
  if (role === 'office' && it.requested_to) forms.push(btn('approve'), btn('refuse'));
  return h('div', {}, h('div', { class: 'actions' }, forms), msg);
}

async function viewTask(id) {
  const t = await api('GET', '/api/tasks/' + id);
  const reload = () => viewTask(id);
  const items = t.items.map((it) => h('section', { id: 'item-' + it.id, class: 'preview-task' },
    h('h3', {}, it.unit, it.seq ? ' — kỳ ' + it.seq : ''),
    h('p', {}, badge(it.status, it.status_label), it.awaiting_confirmation ? [' ', badge('awaiting', 'Chờ xác nhận')] : null,
      it.deadline ? ' · Hạn cuối ' + vnDate(it.deadline) : ' · Không có thời hạn',
      it.extended ? ` (đã gia hạn từ ${vnDate(it.last_day)})` : '',
      it.requested_to ? ` · Xin gia hạn đến ${vnDate(it.requested_to)}: ${it.request_reason || ''}` : '',
      it.done_on ? ' · Hoàn thành ngày ' + vnDate(it.done_on) : it.reported_on ? ' · Báo cáo hoàn thành ngày ' + vnDate(it.reported_on) : ''),
    actionForms(t, it, reload)));
  const hist = (t.history || []).slice().reverse().map((e) => h('li', {}, h('time', {}, e.at.replace('T', ' ').replace('Z', ' UTC')), ' — ', e.kind,
    e.actor ? ' — ' + e.actor : '', e.note ? ': ' + e.note : ''));
  show(h('h1', {}, 'Nhiệm vụ ', t.ref || ''),
    h('p', {}, link('/notices/' + t.notice_id + '#task-' + t.id, 'Văn bản ' + (t.notice_number || ('#' + t.notice_id)))),
    h('blockquote', { id: 'task-text' }, t.text),
    h('p', {}, h('strong', {}, 'Chủ trì: '), (t.owners || []).join(', ') || '—'),
    h('p', {}, h('strong', {}, 'Phối hợp: '), (t.co_owners || []).join(', ') || '—'),
    h('p', {}, h('strong', {}, 'Thời hạn: '), t.due_text || 'không có'),
    h('h2', {}, 'Theo đơn vị chủ trì'), items,
    h('h2', {}, 'Lịch sử'), h('ul', {}, hist));
  if (location.hash) { const el = document.getElementById(location.hash.slice(1)); if (el) el.scrollIntoView(); }
}

// ---- Notices ---------------------------------------------------------------------
async function viewNotices() {
  const r = await api('GET', '/api/notices');
  show(h('h1', {}, 'Văn bản'), h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Số'), h('th', {}, 'Ngày'), h('th', {}, 'Loại'), h('th', {}, 'Trích yếu'), h('th', { class: 'num' }, 'Nhiệm vụ'))),
    h('tbody', {}, r.notices.map((n) => h('tr', {}, h('td', {}, link('/notices/' + n.id, n.number || '(không số)')),
      h('td', {}, vnDate(n.date)), h('td', {}, n.type || ''), h('td', {}, n.title || ''), h('td', { class: 'num' }, n.tasks)))))));
}

async function viewNotice(id) {
  const r = await api('GET', '/api/notices/' + id);
  const n = r.notice;
  // Spans are byte offsets into the UTF-8 text: cut the bytes, decode each piece.
  const bytes = new TextEncoder().encode(n.source_text || '');
  const dec = new TextDecoder();
  const spans = r.tasks.filter((t) => !t.removed_at && t.span && t.span.end > t.span.start).sort((a, b) => a.span.start - b.span.start);
  const src = h('div', { class: 'source', id: 'source' });
  let at = 0;
  for (const t of spans) {
    if (t.span.start < at) continue;
    src.append(dec.decode(bytes.slice(at, t.span.start)));
    src.append(h('mark', { id: 'task-' + t.id }, link('/tasks/' + t.id, dec.decode(bytes.slice(t.span.start, t.span.end)))));
    at = t.span.end;
  }
  src.append(dec.decode(bytes.slice(at)));
  const meta = [['Số', n.number], ['Loại', n.type], ['Cơ quan ban hành', n.issuer], ['Nơi, ngày', [n.place, vnDate(n.date)].filter(Boolean).join(', ')],
    ['Trích yếu', n.title], ['Người ký', n.signer], ['Phiên bản', n.version]];
  show(h('h1', {}, (n.type || 'Văn bản') + ' ' + (n.number || '')),
    h('dl', {}, meta.filter(([, v]) => v).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('h2', {}, 'Nhiệm vụ (' + r.tasks.filter((t) => !t.removed_at).length + ')'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'notice-tasks' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Mục'), h('th', {}, 'Nội dung'), h('th', {}, 'Chủ trì'), h('th', {}, 'Phối hợp'), h('th', {}, 'Thời hạn'), h('th', {}, 'Tình trạng'))),
      h('tbody', {}, r.tasks.filter((t) => !t.removed_at).map((t) => h('tr', {}, h('td', {}, t.ref), h('td', {}, link('/tasks/' + t.id, t.text)),
        h('td', {}, (t.owners || []).join(', ')), h('td', {}, (t.co_owners || []).join(', ')), h('td', {}, t.due_text || ''),
        h('td', {}, badge(t.status, t.status_label))))))),
    h('h2', {}, 'Nguyên văn'), src);
  if (location.hash) { const el = document.getElementById(location.hash.slice(1)); if (el) { el.classList.add('hl'); el.scrollIntoView(); } }
}

// ---- Units -----------------------------------------------------------------------
async function viewUnits() {
  const r = await api('GET', '/api/units');
  show(h('h1', {}, 'Đơn vị'), h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Đơn vị'), h('th', { class: 'hide-sm' }, 'Thư điện tử'), h('th', { class: 'num' }, 'Nhiệm vụ đang giao'))),
    h('tbody', {}, r.units.filter((u) => !u.is_group).map((u) => h('tr', {}, h('td', {}, link('/units/' + u.id, u.name), u.in_directory ? '' : h('span', { class: 'muted' }, ' (ngoài danh mục)')),
      h('td', { class: 'hide-sm' }, u.email || ''), h('td', { class: 'num' }, u.open_assignments)))))));
}

// The unit's calendar feed: the address exists in clear only in the answer
// that makes it, so it is shown once; a lost one is replaced ("rotate").
function feedBox(u) {
  const role = me.user.role;
  if (u.is_group || !(role === 'office' || (role === 'unit' && me.user.unit_id === u.id))) return null;
  const out = h('div', { 'aria-live': 'polite', id: 'feed-result' });
  const act = async (action) => {
    try {
      const r = await api('POST', `/api/units/${u.id}/feed`, { action });
      if (r.revoked) { out.replaceChildren(h('p', { class: 'ok' }, 'Đã thu hồi địa chỉ lịch; lịch đã đăng ký sẽ ngừng cập nhật.')); return; }
      const google = 'https://calendar.google.com/calendar/r?cid=' + encodeURIComponent(r.webcal || r.url);
      out.replaceChildren(h('p', { class: 'ok' }, 'Địa chỉ lịch riêng của đơn vị (chỉ hiện một lần, hãy lưu lại):'),
        h('p', {}, h('input', { readonly: true, value: r.url, id: 'feed-url', 'aria-label': 'Địa chỉ lịch', size: 60 })),
        h('p', {}, h('a', { href: r.webcal || r.url }, 'Đăng ký lịch (webcal)'), ' · ',
          h('a', { href: google, rel: 'noopener', target: '_blank' }, 'Thêm vào Google Calendar')));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  return h('section', {}, h('h2', {}, 'Lịch nhắc hạn'),
    h('p', { class: 'muted' }, 'Đăng ký lịch này trong Google Calendar, Outlook, Apple Calendar hoặc Thunderbird để thấy hạn các nhiệm vụ của đơn vị.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => act('issue') }, 'Tạo địa chỉ lịch'),
      h('button', { type: 'button', onclick: () => act('rotate') }, 'Đổi địa chỉ mới'),
      h('button', { type: 'button', onclick: () => act('revoke') }, 'Thu hồi')), out);
}

async function viewUnit(id) {
  const [units, r] = await Promise.all([api('GET', '/api/units'), api('GET', '/api/tasks?per_page=500&unit=' + id)]);
  const u = units.units.find((x) => String(x.id) === String(id));
  if (!u) throw new ApiError(404, 'đơn vị ' + id);
  const feed = feedBox(u);
  show(h('h1', {}, u.name), u.email ? h('p', { class: 'muted' }, u.email) : null, feed,
    h('p', {}, r.total + ' nhiệm vụ'),
    h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Nội dung'), h('th', {}, 'Thời hạn'), h('th', {}, 'Tình trạng'))),
      h('tbody', {}, itemRows(r.items, false)))));
}

// ---- Import -----------------------------------------------------------------------
function viewImport() {
  if (me.user.role !== 'office') { show(h('p', { class: 'error' }, 'Chỉ Văn phòng được nhập văn bản.')); return; }
  const msg = h('div', { 'aria-live': 'polite' });
  const out = h('div', { id: 'preview' });
  const text = h('textarea', { name: 'text', id: 'import-text', 'aria-label': 'Nội dung văn bản' });
  const file = h('input', { type: 'file', name: 'file', id: 'import-file', accept: '.txt,.md,.docx,.pdf,text/plain' });
  const form = h('form', { onsubmit: async (ev) => {
    ev.preventDefault();
    msg.replaceChildren(); out.replaceChildren();
    try {
      const f = file.files[0];
      const r = f ? await api('POST', '/api/notices', undefined, { data: f, name: f.name })
        : await api('POST', '/api/notices', { text: text.value, name: 'dán từ bảng điều khiển' });
      drawPreview(r, out);
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  } },
  h('label', {}, 'Dán nội dung văn bản', text),
  h('p', {}, h('label', {}, 'hoặc chọn tệp', file)),
  h('button', { class: 'primary', type: 'submit' }, 'Phân tích'));
  show(h('h1', {}, 'Nhập văn bản'), form, msg, out);
}

async function drawPreview(r, out) {
  const units = await unitOptions();
  const dl = h('datalist', { id: 'unit-names' }, units.map((u) => h('option', { value: u.name })));
  const n = r.notice || {};
  const rows = r.tasks.map((t) => {
    const owners = h('input', { name: 'owners', value: (t.owners || []).join('; '), 'aria-label': 'Đơn vị chủ trì', list: 'unit-names' });
    const co = h('input', { name: 'co_owners', value: (t.co_owners || []).join('; '), 'aria-label': 'Đơn vị phối hợp' });
    const due = h('input', { type: 'date', name: 'due', value: t.due || '', 'aria-label': 'Thời hạn' });
    const kind = h('select', { name: 'due_kind', 'aria-label': 'Loại thời hạn' },
      [['by', 'chậm nhất ngày'], ['before', 'trước ngày'], ['within', 'trong thời hạn']].map(([v, l]) => h('option', { value: v, selected: t.due_kind === v }, l)));
    const drop = h('input', { type: 'checkbox', name: 'drop' });
    const box = h('div', { class: 'preview-task', 'data-index': t.index },
      h('p', {}, h('strong', {}, t.ref + '. '), t.text),
      t.due_kind === 'relative' ? h('p', { class: 'hint' }, 'Thời hạn tính từ ngày nhận văn bản: hãy nhập ngày cụ thể.') : null,
      h('div', { class: 'grid' }, h('label', {}, 'Chủ trì (cách nhau bởi ;)', owners), h('label', {}, 'Phối hợp', co),
        h('label', {}, 'Thời hạn', due), h('label', {}, 'Loại', kind), h('label', {}, 'Bỏ nhiệm vụ này', drop)));
    box.fix = () => {
      const f = { index: t.index };
      if (drop.checked) { f.drop = true; return f; }
      const split = (v) => v.split(';').map((x) => x.trim()).filter(Boolean);
      f.owners = split(owners.value); f.co_owners = split(co.value);
      f.due = due.value || null; if (due.value) f.due_kind = kind.value;
      return f;
    };
    return box;
  });
  const msg = h('div', { 'aria-live': 'polite' });
  const save = h('button', { class: 'primary', type: 'button', id: 'save-notice', onclick: async () => {
    try {
      const res = await api('POST', `/api/notices/${r.id}/commit`, { tasks: rows.map((b) => b.fix()) });
      msg.replaceChildren(h('p', { class: 'ok' }, 'Đã lưu văn bản. ', link('/notices/' + res.notice_id, 'Xem văn bản')));
      save.disabled = true;
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  } }, 'Lưu văn bản');
  out.replaceChildren(dl, h('h2', {}, 'Kết quả phân tích'),
    h('p', {}, [n.type, n.number ? 'số ' + n.number : null, n.date ? 'ngày ' + vnDate(n.date) : null].filter(Boolean).join(' '), n.title ? ' — ' + n.title : ''),
    h('p', {}, r.tasks.length + ' nhiệm vụ. Kiểm tra, sửa đơn vị và thời hạn rồi lưu.'), ...rows, save, msg);
}

route();
