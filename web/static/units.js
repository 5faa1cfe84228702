// units.js - the units, one unit's work and its calendar feed address.

import { ApiError, api, errorBox, h, link, session, show } from './lib.js';
import { itemRows } from './tasks.js';
import { learnedBox, mergeBox } from './merge.js';

// ---- Units -----------------------------------------------------------------------
export async function viewUnits() {
  const r = await api('GET', '/api/units');
  show(h('h1', {}, 'Đơn vị'), h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Đơn vị'), h('th', { class: 'hide-sm' }, 'Thư điện tử'), h('th', { class: 'num' }, 'Nhiệm vụ đang giao'))),
    h('tbody', {}, r.units.filter((u) => !u.is_group).map((u) => h('tr', {}, h('td', {}, link('/units/' + u.id, u.name), u.in_directory ? '' : h('span', { class: 'muted' }, ' (ngoài danh mục)')),
      h('td', { class: 'hide-sm' }, u.email || ''), h('td', { class: 'num' }, u.open_assignments)))))),
    mergeBox(r.units, viewUnits), learnedBox());
}

// The unit's calendar feed: the address exists in clear only in the answer
// that makes it, so it is shown once; a lost one is replaced ("rotate").
export function feedBox(u) {
  const role = session.me.user.role;
  if (u.is_group || !(role === 'office' || (role === 'unit' && session.me.user.unit_id === u.id))) return null;
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

export async function viewUnit(id) {
  const [units, r] = await Promise.all([api('GET', '/api/units'), api('GET', '/api/tasks?per_page=500&unit=' + id)]);
  const u = units.units.find((x) => String(x.id) === String(id));
  if (!u) throw new ApiError(404, 'đơn vị ' + id);
  const feed = feedBox(u);
  show(h('h1', {}, u.name), u.email ? h('p', { class: 'muted' }, u.email) : null, feed,
    h('p', {}, r.total + ' nhiệm vụ'),
    h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Nội dung'), h('th', {}, 'Thời hạn'), h('th', {}, 'Tình trạng'))),
      h('tbody', {}, itemRows(r.items, false)))));
}
