// explain.js - a task's deadline and recurrence in words, and the parser's
// reasons (`explain`, written in English by notices/) told in Vietnamese, so
// the clerk can check each owner and deadline against where it came from.

export const KINDS = [['before', 'trước ngày'], ['by', 'chậm nhất ngày'], ['within', 'trong thời hạn']];
const KIND_WORD = Object.fromEntries(KINDS);

export const FREQS = [['daily', 'hằng ngày'], ['weekly', 'hằng tuần'], ['monthly', 'hằng tháng'],
  ['quarterly', 'hằng quý'], ['half-yearly', '6 tháng một lần'], ['yearly', 'hằng năm'], ['periodic', 'định kỳ']];
const FREQ_WORD = Object.fromEntries(FREQS);
const WEEKDAY = { MO: 'thứ Hai', TU: 'thứ Ba', WE: 'thứ Tư', TH: 'thứ Năm', FR: 'thứ Sáu', SA: 'thứ Bảy', SU: 'Chủ nhật' };

// The parts of an RRULE the office writes: FREQ, INTERVAL, BYMONTH,
// BYMONTHDAY, BYDAY.
export function rruleParts(rrule) {
  const p = {};
  for (const kv of (rrule || '').split(';')) {
    const [k, v] = kv.split('=');
    if (k && v) p[k.toUpperCase()] = v.toUpperCase();
  }
  return p;
}

// "hằng tháng, trước ngày 25", "hằng tuần, chậm nhất thứ Năm",
// "6 tháng một lần, trước ngày 10 tháng 6 và 12", "định kỳ (không nêu chu kỳ)".
export function recurrenceWords(rec, dueKind) {
  if (!rec) return '';
  if (rec.freq === 'periodic' || !rec.rrule) return (FREQ_WORD[rec.freq] || 'định kỳ') + (rec.freq === 'periodic' ? ' (không nêu chu kỳ)' : '');
  const p = rruleParts(rec.rrule);
  const kind = dueKind === 'by' ? 'chậm nhất' : dueKind === 'within' ? 'trong' : 'trước';
  let when = '';
  if (p.BYMONTHDAY) when = 'ngày ' + p.BYMONTHDAY.split(',').join(', ');
  if (p.BYMONTH) when += (when ? ' ' : '') + 'tháng ' + p.BYMONTH.split(',').join(' và ');
  if (p.BYDAY) when = p.BYDAY.split(',').map((d) => WEEKDAY[d.replace(/^[-+\d]+/, '')] || d).join(', ');
  return (FREQ_WORD[rec.freq] || 'định kỳ') + (when ? ', ' + kind + ' ' + when : '');
}

// The deadline as a sentence: "trước ngày 31/12/2026".
export function dueWords(due, dueKind) {
  if (!due) return 'không có thời hạn';
  const d = due.slice(8, 10) + '/' + due.slice(5, 7) + '/' + due.slice(0, 4);
  return (KIND_WORD[dueKind] || 'ngày') + ' ' + d;
}

// The recurrence the edit form builds back into an RRULE: a frequency and,
// for the common cases, the day (of the month, or of the week).
export function buildRrule(freq, day) {
  if (!freq) return null;
  if (freq === 'periodic') return null;
  const d = String(day || '').trim().toUpperCase();
  const base = { daily: 'FREQ=DAILY', weekly: 'FREQ=WEEKLY', monthly: 'FREQ=MONTHLY', quarterly: 'FREQ=MONTHLY;INTERVAL=3',
    'half-yearly': 'FREQ=MONTHLY;INTERVAL=6', yearly: 'FREQ=YEARLY' }[freq];
  if (!d) return base;
  if (freq === 'weekly') return base + ';BYDAY=' + d;
  return base + ';BYMONTHDAY=' + d;
}

const KIND_VN = { before: 'trước ngày', by: 'chậm nhất ngày', within: 'trong thời hạn', relative: 'tính từ một sự kiện', none: 'không rõ loại' };
const q = (s) => '“' + s + '”';
const cited = (what) => (m) => what + (m[1] ? ' ' + m[1] : '') + ': ' + q(m[2]);

// The owner reasons of notices/notice.c (cite(): WHAT [REF] 'TEXT'), most
// specific first.
const OWNER_RULES = [
  [/^none named in the task, its headings or lead-ins$/, () => 'không có đơn vị nào được nêu trong nhiệm vụ, tiêu đề hay câu dẫn'],
  [/^none found$/, () => 'không tìm thấy đơn vị'],
  [/^named in the task:()\s*'(.*)'$/, cited('nêu trong chính nhiệm vụ')],
  [/^the row's lead column:()\s*'(.*)'$/, cited('cột chủ trì của dòng trong bảng')],
  [/^the units its items name: '(.*)' \.\.\.$/, (m) => 'các đơn vị nêu ở các ý bên dưới: ' + q(m[1]) + '…'],
  [/^directed by the item \('Chỉ đạo \.\.\.'\):()\s*'(.*)'$/, cited('đơn vị được chỉ đạo trong ý')],
  [/^subject of a later sentence of the task:()\s*'(.*)'$/, cited('chủ ngữ của câu sau trong nhiệm vụ')],
  [/^lead-in before the list:()\s*'(.*)'$/, cited('câu dẫn trước danh sách')],
  [/^closing sentence's addressees:()\s*'(.*)'$/, cited('các đơn vị ở câu kết')],
  [/^'Kính gửi' line:()\s*'(.*)'$/, cited('dòng “Kính gửi”')],
  [/^cross-reference in ?(\S*) '(.*)'$/, cited('dẫn chiếu ở mục')],
  [/^lead-in of section ?(\S*) '(.*)'$/, cited('câu dẫn của phần')],
  [/^section heading ?(\S*) '(.*)'$/, cited('tiêu đề phần')],
  [/^group footer 'Đơn vị chủ trì' of ?(\S*) '(.*)'$/, cited('dòng “Đơn vị chủ trì” cuối nhóm')],
  [/^lead-in ?(\S*) '(.*)'$/, cited('câu dẫn mục')],
  [/^heading ?(\S*) '(.*)'$/, cited('tiêu đề mục')],
];
const DUE_HOW = { 'time column': 'cột thời gian trong bảng', "heading's": 'thời hạn ở tiêu đề mục', 'the approval\'s date before it': 'ngày phê duyệt nêu trước đó',
  'deadline set after the list for all its items': 'thời hạn chung nêu sau danh sách' };

function ownerWhy(s) {
  // Suffixes added when owners come from a list or a reference back.
  const tail = [];
  let m;
  while ((m = s.match(/^(.*), (the units listed under|which refers back to) '([^']*)'$/))) {
    tail.unshift((m[2] === 'which refers back to' ? 'chỉ lại ' : 'các đơn vị liệt kê dưới ') + q(m[3]));
    s = m[1];
  }
  for (const [re, f] of OWNER_RULES) {
    if ((m = s.match(re))) return [f(m), ...tail].join(', ');
  }
  return s ? 'theo bộ phân tích: ' + s : '';
}

function dueWhy(s) {
  let m;
  if (!s) return '';
  if (s === 'none stated') return 'văn bản không nêu thời hạn cho nhiệm vụ này';
  if ((m = s.match(/^recurring \(([^)]*)\) '(.*)', no first day fixed$/)))
    return (m[1] === 'periodic' ? 'định kỳ, không nêu chu kỳ' : 'định kỳ (' + (FREQ_WORD[m[1]] || m[1]) + ')') +
      (m[2] ? ' ' + q(m[2]) : '') + ', chưa có ngày đầu tiên';
  if ((m = s.match(/^relative '(.*)': counted from .*, no date$/)))
    return 'thời hạn tính từ một sự kiện: ' + q(m[1]) + ', chưa có ngày cụ thể';
  if ((m = s.match(/^(.*?) ?(?:'(.*)' )?\((before|by|within|relative|none)\)(, no date|, first occurrence)?$/))) {
    const how = m[1] ? (DUE_HOW[m[1]] || m[1]) : 'ghi trong nhiệm vụ';
    const tail = m[4] === ', no date' ? ', chưa có ngày cụ thể' : m[4] ? ', lần đầu tiên từ ngày văn bản' : '';
    return how + (m[2] !== undefined ? ': ' + q(m[2]) : '') + ' (' + KIND_VN[m[3]] + ')' + tail;
  }
  return 'theo bộ phân tích: ' + s;
}

// {owners, due} in Vietnamese from a preview task's `explain`, or null.
export function explainWords(explain) {
  if (!explain) return null;
  return { owners: ownerWhy(explain.owners || ''), due: dueWhy(explain.due || '') };
}
