// app.js - the dashboard's entry: the router, the page chrome and the login
// form.  Each view lives in its own module and draws from the JSON API.
import { api, errorBox, go, h, session, setRouter, setTitle, show } from './lib.js';
import { viewOverview } from './overview.js';
import { viewTasks, viewTask } from './tasks.js';
import { viewNotices, viewNotice } from './notices.js';
import { viewUnits, viewUnit } from './units.js';
import { viewImport } from './import.js';
import { refreshInboxCount, viewInbox } from './inbox.js';

// ---- Routing ----------------------------------------------------------------
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
  if (!session.me && p !== '/login') {
    try { session.me = await api('GET', '/api/session'); } catch (e) { return; }
  }
  drawChrome();
  if (p !== '/login' && p !== '/inbox') refreshInboxCount();
  for (const a of document.querySelectorAll('#nav a')) {
    const here = a.getAttribute('href') === '/' ? p === '/' : p.startsWith(a.getAttribute('href'));
    if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  let m;
  // Each page names itself; views with a subject (a unit, a task) say more.
  setTitle({ '/inbox': 'Hộp việc', '/': 'Tổng quan', '/tasks': 'Nhiệm vụ', '/notices': 'Văn bản', '/units': 'Đơn vị', '/import': 'Nhập văn bản',
    '/login': 'Đăng nhập' }[p] || (p.startsWith('/notices/') ? 'Văn bản' : p.startsWith('/units/') ? 'Đơn vị' : p.startsWith('/tasks/') ? 'Nhiệm vụ' : ''));
  try {
    if (p === '/login') return viewLogin();
    // A unit's account lands on its own unit's page, not the province's overview.
    if (p === '/' && session.me.user.role === 'unit' && session.me.user.unit_id && !session.landed) {
      session.landed = true;
      return go('/units/' + session.me.user.unit_id, true);
    }
    if (p === '/') return await viewOverview();
    if (p === '/tasks') return await viewTasks();
    if ((m = p.match(/^\/tasks\/(\d+)$/))) return await viewTask(m[1]);
    if (p === '/notices') return await viewNotices();
    if ((m = p.match(/^\/notices\/(\d+)$/))) return await viewNotice(m[1]);
    if (p === '/units') return await viewUnits();
    if ((m = p.match(/^\/units\/(\d+)$/))) return await viewUnit(m[1]);
    if (p === '/import') return viewImport();
    if (p === '/inbox') return await viewInbox();
    show(h('h1', {}, 'Không tìm thấy trang'));
  } catch (e) {
    if (e.status !== 401) show(errorBox(e));
  } finally {
    if (p !== '/login' && session.me) session.landed = true;
  }
}

function drawChrome() {
  const nav = document.getElementById('nav'), who = document.getElementById('who');
  nav.hidden = !session.me;
  document.getElementById('nav-import').hidden = !session.me || session.me.user.role !== 'office';
  if (!session.me) { who.replaceChildren(); return; }
  const roles = { office: 'Văn phòng', unit: 'Đơn vị', viewer: 'Xem' };
  who.replaceChildren(h('span', {}, session.me.user.login + ' (' + roles[session.me.user.role] + (session.me.user.unit ? ': ' + session.me.user.unit : '') + ')'),
    h('button', { type: 'button', onclick: logout }, 'Đăng xuất'));
}
async function logout() { try { await api('POST', '/api/logout'); } catch (e) { /* gone anyway */ } session.me = null; session.landed = false; go('/login'); }

// ---- Login --------------------------------------------------------------------
function viewLogin() {
  const msg = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'login', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      session.me = await api('POST', '/api/login', { login: form.login.value, password: form.password.value });
      go('/', true);
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  } },
  h('label', {}, 'Tên đăng nhập', h('input', { name: 'login', autocomplete: 'username', required: true })),
  h('label', {}, 'Mật khẩu', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
  h('p', {}, h('button', { class: 'primary', type: 'submit' }, 'Đăng nhập')), msg);
  show(h('h1', {}, 'Đăng nhập'), form);
  form.login.focus();
}

setRouter(route);
route();
