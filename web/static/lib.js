// lib.js - what every view shares: labels, DOM helpers, the API client and
// navigation.  Text from notices only ever reaches the page through text nodes
// (h() below), never as HTML, so a notice cannot inject markup.

export const STATUS = {
  no_deadline: 'Không có thời hạn', in_progress: 'Đang thực hiện trong hạn',
  overdue: 'Quá hạn', done_on_time: 'Hoàn thành đúng hạn', done_late: 'Hoàn thành quá hạn',
};
export const STATUS_ORDER = ['overdue', 'in_progress', 'no_deadline', 'done_on_time', 'done_late'];
export const FLAGS = { due_soon: 'Sắp đến hạn', long_overdue: 'Quá hạn dài ngày', awaiting: 'Chờ xác nhận',
  extended: 'Đã gia hạn', open: 'Chưa hoàn thành' };
export const ACTIONS = {
  progress: 'Báo cáo tiến độ', done: 'Báo cáo hoàn thành', confirm: 'Xác nhận hoàn thành',
  reopen: 'Trả lại', extend: 'Xin gia hạn', approve: 'Duyệt gia hạn', refuse: 'Từ chối gia hạn',
  grant: 'Gia hạn', close: 'Đóng việc (đã xong)',
};

// Who is logged in: {user, csrf} from /api/session, or null.
export const session = { me: null };
export const main = document.getElementById('main');

// ---- DOM helpers -------------------------------------------------------------
export function h(tag, attrs, ...kids) {
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
export const svgNS = 'http://www.w3.org/2000/svg';
export function s(tag, attrs, ...kids) {
  const el = document.createElementNS(svgNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const kid of kids) el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  return el;
}
export function show(...nodes) { main.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false)); main.focus(); }
export function color(code) { return `var(--${code})`; }
export function vnDate(iso) { return iso ? iso.slice(8, 10) + '/' + iso.slice(5, 7) + '/' + iso.slice(0, 4) : ''; }
export function badge(code, label) { return h('span', { class: 'badge', color: color(code) }, label || STATUS[code] || code); }
export function link(href, ...kids) { return h('a', { href }, ...kids); }

// ---- API --------------------------------------------------------------------
// code: the server's stable English error code; field: the path of the bad
// value ("tasks[3].due", "version"), for the form to mark that field.
export class ApiError extends Error { constructor(status, msg, code, field) { super(msg); this.status = status; this.code = code; this.field = field; } }
export async function api(method, path, body, raw) {
  const opt = { method, credentials: 'same-origin', headers: {} };
  if (method !== 'GET') {
    if (session.me) opt.headers['X-CSRF-Token'] = session.me.csrf;
    if (raw) { opt.body = raw.data; opt.headers['Content-Type'] = 'application/octet-stream'; opt.headers['X-File-Name'] = encodeURIComponent(raw.name); }
    else if (body !== undefined) { opt.body = JSON.stringify(body); opt.headers['Content-Type'] = 'application/json'; }
  }
  const r = await fetch(path, opt);
  const j = await r.json().catch(() => ({}));
  if (r.status === 401 && path !== '/api/login') { session.me = null; go('/login'); throw new ApiError(401, 'Cần đăng nhập'); }
  if (!r.ok) throw new ApiError(r.status, j.error || ('Máy chủ trả lời lỗi ' + r.status), j.code, j.field);
  return j;
}
export function errorBox(e) { return h('p', { class: 'error', role: 'alert' }, e.status === 404 ? 'Không tìm thấy: ' + e.message : 'Lỗi: ' + e.message); }

// ---- Navigation ---------------------------------------------------------------
// The router lives in app.js; go() reaches it through this hook so views can
// navigate without importing the entry module.
let router = () => {};
export function setRouter(fn) { router = fn; }
export function go(path, replace) {
  if (replace) history.replaceState(null, '', path); else history.pushState(null, '', path);
  router();
}

// ---- Numbers, periods, titles, outcomes ----------------------------------------
// Vietnamese writes "1.234" and "70,8%"; every number on the pages goes through these.
const nf = new Intl.NumberFormat('vi-VN');
const pf = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
export function num(n) { return n === null || n === undefined ? '—' : nf.format(n); }
export function pct(r) { return r === null || r === undefined ? '—' : pf.format(r) + '%'; }

// The period of a recurring task's work item, named as offices say it:
// "Tháng 3/2026", "Quý I/2026", "6 tháng đầu năm 2026", "Năm 2026".
const ROMAN = ['I', 'II', 'III', 'IV'];
export function periodName(it) {
  if (!it.freq) return '';
  if (!it.due) return 'Kỳ ' + it.seq;
  const y = +it.due.slice(0, 4), m = +it.due.slice(5, 7);
  switch (it.freq) {
    case 'daily': return 'Ngày ' + vnDate(it.due);
    case 'weekly': { const [wy, w] = isoWeek(it.due); return `Tuần ${w}/${wy}`; }
    case 'monthly': return `Tháng ${m}/${y}`;
    case 'quarterly': return `Quý ${ROMAN[(m - 1) / 3 | 0]}/${y}`;
    case 'half-yearly': return (m <= 6 ? '6 tháng đầu năm ' : '6 tháng cuối năm ') + y;
    case 'yearly': return 'Năm ' + y;
    default: return 'Kỳ ' + it.seq;
  }
}
function isoWeek(iso) {
  const d = new Date(iso + 'T00:00:00Z'), day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const y = d.getUTCFullYear(), jan4 = new Date(Date.UTC(y, 0, 4));
  return [y, 1 + Math.round(((d - jan4) / 864e5 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7)];
}
export const FREQ = { daily: 'hằng ngày', weekly: 'hằng tuần', monthly: 'hằng tháng', quarterly: 'hằng quý',
  'half-yearly': '6 tháng một lần', yearly: 'hằng năm', periodic: 'định kỳ' };

export function setTitle(t) { document.title = (t ? t + ' — ' : '') + 'Theo dõi nhiệm vụ — Văn phòng UBND'; }

// Why an action was not saved, where the user acted: the server words every
// refusal from its one message table, in Vietnamese (tracker/core/msg.c).
export function whyNot(e) {
  const why = e.message || { 400: 'dữ liệu chưa hợp lệ', 403: 'tài khoản này không có quyền', 404: 'không tìm thấy',
    409: 'việc đã ở trạng thái khác (có người vừa thay đổi)', 429: 'thử quá nhiều lần, hãy đợi một lát' }[e.status] || 'lỗi máy chủ';
  return 'Chưa lưu: ' + why.replace(/[.\s]+$/, '') + '.';
}
