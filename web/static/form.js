// form.js - what the clerk types into: dates in the Vietnamese order
// (dd/mm/yyyy) whatever the browser's locale, errors shown at their field,
// the list of things to check at the top of a form, and the one in-page
// confirm step before saving anyway.

import { h } from './lib.js';
import { FREQS, buildRrule, recurrenceWords, rruleParts } from './explain.js';

let serial = 0;
export function uid(prefix) { serial += 1; return prefix + '-' + serial; }

// The one date rule, as the server applies it: a real calendar day, not
// before the notice's year minus one nor more than 20 years after it.
// Returns {iso} (null when empty) or {error} in Vietnamese.
export function parseVnDate(text, baseYear) {
  const v = String(text || '').trim();
  if (!v) return { iso: null };
  const m = v.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d+)$/);
  if (!m) return { error: 'Hãy viết ngày theo thứ tự ngày/tháng/năm, ví dụ 25/12/2026.' };
  if (m[3].length !== 4) return { error: `Năm “${m[3]}” không hợp lệ: năm phải có 4 chữ số.` };
  const d = +m[1], mo = +m[2], y = +m[3];
  if (mo < 1 || mo > 12) return { error: `Không có tháng ${mo}: tháng từ 1 đến 12.` };
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > days) return { error: `Không có ngày ${v} trong lịch: tháng ${mo}/${y} có ${days} ngày.` };
  if (baseYear && (y < baseYear - 1 || y > baseYear + 20))
    return { error: `Năm ${y} nằm ngoài khoảng cho phép (${baseYear - 1}–${baseYear + 20}, theo năm của văn bản).` };
  return { iso: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}
export function isoToVn(iso) { return iso ? iso.slice(8, 10) + '/' + iso.slice(5, 7) + '/' + iso.slice(0, 4) : ''; }

// A labelled field whose error is shown under it and announced with it
// (aria-invalid, aria-describedby).  Returns the label; the input is
// label.input and its error element label.input.errorEl.
export function field(text, input, hint) {
  const err = h('span', { class: 'field-error', id: uid('err'), role: 'alert', hidden: true });
  input.errorEl = err;
  if (!input.id) input.id = uid('f');
  const lab = h('label', { for: input.id }, text, input, hint ? h('span', { class: 'muted hint' }, hint) : null, err);
  lab.input = input;
  return lab;
}
export function setFieldError(input, msg) {
  const err = input.errorEl;
  input.setAttribute('aria-invalid', 'true');
  if (err) {
    err.textContent = msg; err.hidden = false;
    const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== err.id);
    input.setAttribute('aria-describedby', [...ids, err.id].join(' '));
  }
}
export function clearFieldError(input) {
  input.removeAttribute('aria-invalid');
  if (input.errorEl) {
    input.errorEl.hidden = true; input.errorEl.textContent = '';
    const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== input.errorEl.id);
    if (ids.length) input.setAttribute('aria-describedby', ids.join(' ')); else input.removeAttribute('aria-describedby');
  }
}

// A date typed as dd/mm/yyyy: a text input (never type=date, whose order
// follows the browser's locale and which drops what it cannot read),
// checked as it is left.  input.read() is {iso} or {error} and marks the
// field; baseYear() gives the notice's year for the date rule.
export function dateInput(attrs, iso, baseYear) {
  const input = h('input', Object.assign({ type: 'text', inputmode: 'numeric', autocomplete: 'off', placeholder: 'dd/mm/yyyy',
    pattern: '\\d{1,2}/\\d{1,2}/\\d{4}', size: 10, value: isoToVn(iso), 'data-date': '' }, attrs));
  input.read = () => {
    const r = parseVnDate(input.value, baseYear ? baseYear() : null);
    if (r.error) setFieldError(input, r.error); else clearFieldError(input);
    return r;
  };
  input.addEventListener('change', () => input.read());
  input.addEventListener('blur', () => input.read());
  return input;
}

// Moves to a field and puts the caret in it, without the router seeing the
// click (the page is a form being filled, not a place to navigate to).
export function jumpLink(target, text) {
  return h('a', { href: '#' + target.id, onclick: (ev) => {
    ev.preventDefault(); ev.stopPropagation();
    target.scrollIntoView({ block: 'center' });
    target.focus();
  } }, text);
}

// The things to check before saving, at the top: "Cần kiểm tra (3)" and a
// link to each.  flags: [{target: element, text}].
export function flagList(box, flags, title) {
  if (!flags.length) { box.replaceChildren(); box.hidden = true; return; }
  box.hidden = false;
  box.replaceChildren(h('h3', {}, (title || 'Cần kiểm tra trước khi lưu') + ' (' + flags.length + ')'),
    h('ul', {}, flags.map((f) => h('li', {}, jumpLink(f.target, f.text)))));
}

// The one confirm step before saving with flags: an in-page question with
// "save anyway" and "go back"; resolves true or false.
export function confirmStep(box, question) {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: 'primary', id: 'confirm-yes', onclick: () => { box.replaceChildren(); resolve(true); } }, 'Vẫn lưu');
    const no = h('button', { type: 'button', id: 'confirm-no', onclick: () => { box.replaceChildren(); resolve(false); } }, 'Quay lại sửa');
    box.replaceChildren(h('div', { class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'confirm-q' },
      h('p', { id: 'confirm-q' }, question), h('div', { class: 'actions' }, yes, no)));
    yes.focus();
  });
}

export function okBox(text, ...more) { return h('p', { class: 'ok', role: 'status' }, text, ...more); }
export function splitNames(v) { return String(v || '').split(';').map((x) => x.trim()).filter(Boolean); }

// The recurrence of a task as the office corrects it: a period and the day
// in it, read back in words beside the deadline's kind (`kind`, a select).
// `rec` is the task's {freq, rrule} or null; ids start with `prefix`.
// value() is what the API takes (an RRULE, {freq: 'periodic'} or null);
// changed() says whether it differs from `rec`.
export function recurrencePicker(rec, kind, prefix) {
  const parts = rruleParts(rec && rec.rrule);
  const freq = h('select', { name: 'freq', id: prefix + '-freq' }, h('option', { value: '' }, 'không lặp lại'),
    FREQS.map(([v, l]) => h('option', { value: v, selected: rec && rec.freq === v }, l)));
  const day = h('input', { name: 'day', id: prefix + '-day', size: 6, value: parts.BYDAY || parts.BYMONTHDAY || '' });
  const words = h('span', { class: 'muted', id: prefix + '-rec-words' });
  // Until the clerk touches the period or the day the rule is the task's
  // own: rebuilt from the two fields it would lose parts like BYMONTH.
  let touched = false;
  const current = () => (!touched ? rec : freq.value ? { freq: freq.value, rrule: buildRrule(freq.value, day.value) } : null);
  const show = () => { const r = current(); words.textContent = r ? 'Lặp lại: ' + recurrenceWords(r, kind.value) : ''; };
  const touch = () => { touched = true; show(); };
  freq.addEventListener('change', touch); day.addEventListener('input', touch); kind.addEventListener('change', show);
  show();
  const rule = (r) => (r ? (r.rrule || r.freq) : null);
  return {
    freq, day, words,
    value: () => { const r = current(); return r ? (r.rrule || { freq: r.freq, rrule: null }) : null; },
    changed: () => touched && rule(current()) !== rule(rec),
  };
}
