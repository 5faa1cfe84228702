// notices.js - the list of stored notices and one notice with its tasks.

import { api, badge, h, link, show, vnDate } from './lib.js';
import { noticeEditor } from './edit.js';

// ---- Notices ---------------------------------------------------------------------
export async function viewNotices() {
  const r = await api('GET', '/api/notices');
  show(h('h1', {}, 'Văn bản'), h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Số'), h('th', {}, 'Ngày'), h('th', {}, 'Loại'), h('th', {}, 'Trích yếu'), h('th', { class: 'num' }, 'Nhiệm vụ'))),
    h('tbody', {}, r.notices.map((n) => h('tr', {}, h('td', {}, link('/notices/' + n.id, n.number || '(không số)')),
      h('td', {}, vnDate(n.date)), h('td', {}, n.type || ''), h('td', {}, n.title || ''), h('td', { class: 'num' }, n.tasks)))))));
}

export async function viewNotice(id) {
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
    noticeEditor(n, () => viewNotice(id)),
    h('h2', {}, 'Nhiệm vụ (' + r.tasks.filter((t) => !t.removed_at).length + ')'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'notice-tasks' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Mục'), h('th', {}, 'Nội dung'), h('th', {}, 'Chủ trì'), h('th', {}, 'Phối hợp'), h('th', {}, 'Thời hạn'), h('th', {}, 'Tình trạng'))),
      h('tbody', {}, r.tasks.filter((t) => !t.removed_at).map((t) => h('tr', {}, h('td', {}, t.ref), h('td', {}, link('/tasks/' + t.id, t.text)),
        h('td', {}, (t.owners || []).join(', ')), h('td', {}, (t.co_owners || []).join(', ')), h('td', {}, t.due_text || ''),
        h('td', {}, badge(t.status, t.status_label))))))),
    h('h2', {}, 'Nguyên văn'), src);
  if (location.hash) { const el = document.getElementById(location.hash.slice(1)); if (el) { el.classList.add('hl'); el.scrollIntoView(); } }
}
