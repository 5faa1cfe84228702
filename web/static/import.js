// import.js - importing a notice: upload, preview, corrections, commit.
// The preview catches what would be saved wrong before it is saved: dates
// are checked where they are typed, and what needs a second look (a past
// deadline, a task without an owner, a name outside the directory, a notice
// without tasks, number or date) is listed at the top; saving with such
// flags asks once, in the page.

import { api, errorBox, h, link, session, show, vnDate } from './lib.js';
import { clearFieldError, confirmStep, dateInput, field, flagList, isoToVn, okBox, parseVnDate, recurrencePicker, setFieldError, splitNames } from './form.js';
import { KINDS, explainWords } from './explain.js';
import { dirUnit, loadDirectory, suggest, unknownNamePanel } from './names.js';

// ---- Import -----------------------------------------------------------------------
export function viewImport() {
  if (session.me.user.role !== 'office') { show(h('p', { class: 'error' }, 'Chỉ Văn phòng được nhập văn bản.')); return; }
  const msg = h('div', { 'aria-live': 'polite', id: 'import-msg' });
  const out = h('div', { id: 'preview' });
  const text = h('textarea', { name: 'text', id: 'import-text', 'aria-label': 'Nội dung văn bản' });
  const chosen = h('span', { class: 'muted', id: 'import-file-name' }, 'chưa chọn tệp');
  const file = h('input', { type: 'file', name: 'file', id: 'import-file', class: 'visually-hidden', accept: '.txt,.md,.docx,.pdf,text/plain',
    onchange: () => { chosen.textContent = file.files[0] ? file.files[0].name : 'chưa chọn tệp'; } });
  const form = h('form', { onsubmit: async (ev) => {
    ev.preventDefault();
    msg.replaceChildren(); out.replaceChildren();
    try {
      const f = file.files[0];
      const r = f ? await api('POST', '/api/notices', undefined, { data: f, name: f.name })
        : await api('POST', '/api/notices', { text: text.value, name: 'dán từ bảng điều khiển' });
      await drawPreview(r, out);
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  } },
  h('label', {}, 'Dán nội dung văn bản', text),
  // The browser words its own file button in its locale ("Choose File"):
  // the visible button is ours, the input stays for keyboard and screen readers.
  h('p', { class: 'file-pick' }, 'hoặc ', h('label', { for: 'import-file', class: 'button' }, 'Chọn tệp…'), ' ', chosen, file),
  h('button', { class: 'primary', type: 'submit' }, 'Phân tích'));
  show(h('h1', {}, 'Nhập văn bản'), form, msg, out);
}

// How the clerk names task i: its item number when it has one.
function taskName(t) { return 'Nhiệm vụ ' + (t.index + 1) + (t.ref ? ' (mục ' + t.ref + ')' : ''); }


export async function drawPreview(r, out) {
  const [dir, summary] = await Promise.all([loadDirectory(), api('GET', '/api/summary').catch(() => ({}))]);
  const today = summary.today || new Date().toISOString().slice(0, 10);
  const n = r.notice || {};
  const dl = h('datalist', { id: 'unit-names' }, dir.units.map((u) => h('option', { value: u.name })));

  // ---- the notice's number and date, which the clerk may fill in
  const number = h('input', { name: 'number', id: 'notice-number', value: n.number || '', size: 16 });
  // A date the clerk types for the notice follows the date rule around
  // today's year, as the server checks it; the date the text has stands.
  const ndate = dateInput({ name: 'date', id: 'notice-date' }, n.date, () => (ndate.value.trim() === isoToVn(n.date) ? null : +today.slice(0, 4)));
  // The year task deadlines are checked against: the notice's date as the
  // clerk has it, once it is a good one.
  const noticeYear = () => {
    const d = parseVnDate(ndate.value, ndate.value.trim() === isoToVn(n.date) ? null : +today.slice(0, 4));
    return +((d.iso || n.date || today).slice(0, 4));
  };
  const meta = h('fieldset', { class: 'notice-meta' }, h('legend', {}, 'Văn bản'),
    h('p', {}, [n.type, n.title].filter(Boolean).join(' — ')),
    h('div', { class: 'grid' }, field('Số văn bản', number, n.number ? null : 'Văn bản chưa có số: hãy nhập nếu đã có'),
      field('Ngày văn bản', ndate, n.date ? null : 'Văn bản chưa có ngày: hãy nhập (ngày/tháng/năm)')));

  // ---- one box per task
  const resolved = new Map(); // unknown owner name -> 'map' | 'new' | 'keep'
  const rows = r.tasks.map((t) => {
    const owners = h('input', { name: 'owners', id: `t${t.index}-owners`, value: (t.owners || []).join('; '), list: 'unit-names' });
    const co = h('input', { name: 'co_owners', id: `t${t.index}-co`, value: (t.co_owners || []).join('; ') });
    const due = dateInput({ name: 'due', id: `t${t.index}-due` }, t.due, noticeYear);
    const kind = h('select', { name: 'due_kind', id: `t${t.index}-kind` },
      KINDS.map(([v, l]) => h('option', { value: v, selected: t.due_kind === v }, l)));
    const rp = recurrencePicker(t.recurrence || null, kind, `t${t.index}`);
    const drop = h('input', { type: 'checkbox', name: 'drop', id: `t${t.index}-drop` });
    const why = explainWords(t.explain);
    const box = h('div', { class: 'preview-task', 'data-index': t.index, id: `task-${t.index}` },
      h('p', {}, h('strong', {}, taskName(t) + '. '), t.text),
      h('p', { class: 'recurrence' }, rp.words),
      t.due_kind === 'relative' ? h('p', { class: 'hint' }, 'Thời hạn tính từ ngày nhận văn bản: hãy nhập ngày cụ thể.') : null,
      why ? h('dl', { class: 'why' }, h('dt', {}, 'Vì sao chủ trì:'), h('dd', { class: 'why-owners' }, why.owners),
        h('dt', {}, 'Vì sao thời hạn:'), h('dd', { class: 'why-due' }, why.due)) : null,
      h('div', { class: 'grid' }, field('Chủ trì (cách nhau bởi ;)', owners), field('Phối hợp', co),
        field('Thời hạn (ngày/tháng/năm)', due), field('Loại thời hạn', kind),
        field('Lặp lại', rp.freq), field('Ngày lặp (ngày trong tháng, hoặc MO…SU)', rp.day), field('Bỏ nhiệm vụ này', drop)));
    box.t = t; box.inputs = { owners, co, due, kind, drop };
    box.fix = () => {
      const f = { index: t.index };
      if (drop.checked) { f.drop = true; return f; }
      f.owners = splitNames(owners.value); f.co_owners = splitNames(co.value);
      const d = due.read();
      f.due = d.iso || null; if (d.iso) f.due_kind = kind.value;
      if (rp.changed()) f.recurrence = rp.value();
      return f;
    };
    return box;
  });

  // ---- names outside the directory
  const unknownBox = h('section', { id: 'unknown-names' });
  const panels = new Map(); // name -> panel element
  // What the directory says of each name: the preview's owners_info for
  // the parser's names, the suggest API for names the clerk types.
  const checked = new Map(); // name -> {in_directory, suggestions: [names]}
  for (const t of r.tasks) {
    for (const o of t.owners_info || []) checked.set(o.name, { in_directory: o.in_directory, suggestions: (o.suggestions || []).map((x) => x.name || x) });
  }
  const ownerNames = () => [...new Set(rows.filter((b) => !b.inputs.drop.checked).flatMap((b) => splitNames(b.inputs.owners.value)))];
  const unknownNames = () => ownerNames().filter((nm) => {
    const c = checked.get(nm);
    return c ? !c.in_directory : !dirUnit(dir, nm);
  });
  const drawUnknown = async () => {
    for (const nm of ownerNames()) {
      if (checked.has(nm) || dirUnit(dir, nm)) continue;
      try {
        const s = await suggest(nm);
        checked.set(nm, { in_directory: !!s.unit, suggestions: s.names });
      } catch (e) { checked.set(nm, { in_directory: false, suggestions: [] }); }
    }
    const names = unknownNames().filter((nm) => !resolved.has(nm));
    for (const nm of names) {
      if (!panels.has(nm)) panels.set(nm, unknownNamePanel(dir, nm, checked.get(nm) ? checked.get(nm).suggestions : [], onChosen));
    }
    const live = [...panels.entries()].filter(([nm, p]) => p && (names.includes(nm) || p.classList.contains('resolved')));
    unknownBox.replaceChildren(...(live.length ? [h('h3', {}, 'Tên đơn vị ngoài danh mục')] : []), ...live.map(([, p]) => p));
    refresh();
  };
  function onChosen(name, choice, unit) {
    resolved.set(name, choice);
    if (choice === 'new') checked.set(name, { in_directory: true, suggestions: [] });
    if (choice === 'map') {
      for (const b of rows) {
        const v = splitNames(b.inputs.owners.value).map((x) => (x === name ? unit : x));
        b.inputs.owners.value = [...new Set(v)].join('; ');
      }
    }
    refresh();
  }

  // ---- what needs a second look, at the top
  const flagsBox = h('section', { id: 'flags', class: 'flags', 'aria-live': 'polite', hidden: true });
  const errorsBox = h('section', { id: 'field-errors', class: 'error', hidden: true });
  const collect = () => {
    const flags = [], errors = [];
    const nd = ndate.read();
    if (nd.error) errors.push({ target: ndate, text: 'Ngày văn bản: ' + nd.error });
    if (!number.value.trim()) flags.push({ target: number, text: 'Văn bản chưa có số' });
    if (!nd.error && !nd.iso) flags.push({ target: ndate, text: 'Văn bản chưa có ngày' });
    const kept = rows.filter((b) => !b.inputs.drop.checked);
    if (!kept.length) flags.push({ target: rows.length ? rows[0].inputs.drop : number, text: 'Văn bản không có nhiệm vụ nào' });
    const unknown = unknownNames();
    for (const b of kept) {
      const { owners, due } = b.inputs, t = b.t;
      const d = due.read();
      if (d.error) errors.push({ target: due, text: taskName(t) + ': ' + d.error });
      else if (!d.iso && t.due) flags.push({ target: due, text: `${taskName(t)}: văn bản ghi thời hạn ${vnDate(t.due)} nhưng ô thời hạn đang trống` });
      else if (d.iso && d.iso < today) flags.push({ target: due, text: `${taskName(t)}: thời hạn ${vnDate(d.iso)} đã qua (hôm nay ${vnDate(today)})` });
      const names = splitNames(owners.value);
      if (!names.length) flags.push({ target: owners, text: taskName(t) + ': chưa có đơn vị chủ trì' });
      for (const nm of names) {
        if (unknown.includes(nm) && !resolved.has(nm)) {
          const p = panels.get(nm);
          flags.push({ target: p && p.focusTarget ? p.focusTarget : owners, text: `${taskName(t)}: “${nm}” không có trong danh mục đơn vị` });
        }
      }
    }
    return { flags, errors };
  };
  function refresh() {
    const { flags, errors } = collect();
    flagList(flagsBox, flags);
    flagList(errorsBox, errors, 'Ô nhập sai, cần sửa');
    return { flags, errors };
  }
  // ---- saving
  const msg = h('div', { 'aria-live': 'polite', id: 'save-msg' });
  for (const el of [number, ndate, ...rows.flatMap((b) => Object.values(b.inputs))]) el.addEventListener('change', () => {
    // A "not saved" answer is about the form as it was: a change ends it.
    if (msg.querySelector('.error')) msg.replaceChildren();
    if (el.name === 'owners' || el.name === 'drop') drawUnknown(); else refresh();
  });
  const ask = h('div', { id: 'confirm-box' });
  const save = h('button', { class: 'primary', type: 'button', id: 'save-notice', onclick: async () => {
    msg.replaceChildren();
    const { flags, errors } = refresh();
    if (errors.length) {
      msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Chưa lưu: còn ${errors.length} ô nhập sai, hãy sửa các ô được đánh dấu.`));
      errors[0].target.focus();
      return;
    }
    if (flags.length && !(await confirmStep(ask, `Còn ${flags.length} điểm cần kiểm tra (danh sách ở đầu phần kết quả). Vẫn lưu văn bản?`))) {
      flags[0].target.focus();
      return;
    }
    const body = { tasks: rows.map((b) => b.fix()) };
    const nd = ndate.read();
    if (number.value.trim() !== (n.number || '') || (nd.iso || null) !== (n.date || null)) body.notice = { number: number.value.trim() || null, date: nd.iso || null };
    if (!body.tasks.some((f) => !f.drop)) body.confirm_empty = true;
    save.disabled = true;
    try {
      const res = await api('POST', `/api/notices/${r.id}/commit`, body);
      const see = link('/notices/' + res.notice_id, 'Xem văn bản');
      if (res.status === 'unchanged') msg.replaceChildren(okBox('Không có thay đổi: văn bản này đã được lưu trước đó với cùng nội dung. ', see));
      else if (res.status === 'edited') msg.replaceChildren(okBox(`Đã lưu: văn bản này đã có, ${(res.edited_tasks || []).length} nhiệm vụ được sửa theo bản này. `, see));
      else if (res.status === 'corrected') msg.replaceChildren(okBox('Đã lưu phiên bản mới của văn bản đã có. ', see));
      else msg.replaceChildren(okBox('Đã lưu văn bản. ', see));
    } catch (e) {
      save.disabled = e.status === 409;
      markServerError(e, rows, { number, date: ndate });
      msg.replaceChildren(errorBox(e));
    }
  } }, 'Lưu văn bản');

  out.replaceChildren(dl, h('h2', {}, 'Kết quả phân tích'), errorsBox, flagsBox, meta,
    h('p', {}, r.tasks.length + ' nhiệm vụ. Kiểm tra, sửa đơn vị và thời hạn rồi lưu.'), unknownBox, ...rows, ask, save, msg);
  await drawUnknown();
}

// A 422's `field` marked at its input: "tasks[3].due" is the third task
// (numbered as the clerk counts), "notice.date" the notice's date.
function markServerError(e, rows, meta) {
  if (!e.field) return;
  let m = e.field.match(/^tasks\[(\d+)\]\.(\w+)/);
  if (m && rows[+m[1] - 1]) {
    const inputs = rows[+m[1] - 1].inputs;
    const el = { owners: inputs.owners, co_owners: inputs.co, due: inputs.due, due_kind: inputs.kind }[m[2]];
    if (el) { setFieldError(el, e.message); el.focus(); el.addEventListener('input', () => clearFieldError(el), { once: true }); }
    return;
  }
  m = e.field.match(/^notice\.(\w+)$/) || e.field.match(/^(number|date)$/);
  if (m && meta[m[1]]) { setFieldError(meta[m[1]], e.message); meta[m[1]].focus(); }
}
