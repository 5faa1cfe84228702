// explain_check.mjs - the parser's reasons (`parse --json --explain`, in
// English) as the import preview tells them (web/static/explain.js): every
// reason given for the sample notices and letters reads in Vietnamese, with
// none left to the raw fallback ("theo bộ phân tích: ..."), and recurrences
// read as the office says them.
// Usage: node explain_check.mjs FILE.json...   (outputs of parse --explain)
// Prints TAP lines.
import { readFileSync } from 'node:fs';
import { explainWords, recurrenceWords } from '../web/static/explain.js';

let failed = 0;
function check(cond, name, detail) {
  if (cond) console.log('ok - ' + name);
  else { failed++; console.log('not ok - ' + name); if (detail !== undefined) console.log('#   ' + JSON.stringify(detail).slice(0, 600)); }
}

const raw = [], english = [];
let n = 0;
for (const f of process.argv.slice(2)) {
  for (const t of JSON.parse(readFileSync(f, 'utf8')).tasks) {
    const w = explainWords(t.explain);
    n++;
    for (const k of ['owners', 'due']) {
      if (w[k].startsWith('theo bộ phân tích:')) raw.push(t.explain[k]);
      // English words left outside the quoted text of the notice.
      else if (/\b(the|named|heading|none|recurring|before|within|by|first|column)\b/.test(w[k].replace(/“[^”]*”/g, ''))) english.push(w[k]);
    }
  }
}
check(n > 20, 'the sample notices give tasks to explain', n);
check(raw.length === 0, 'every reason has its Vietnamese wording', [...new Set(raw)]);
check(english.length === 0, 'no English word is left in a reason', english);

const cases = [
  [{ freq: 'monthly', rrule: 'FREQ=MONTHLY;BYMONTHDAY=25' }, 'before', 'hằng tháng, trước ngày 25'],
  [{ freq: 'weekly', rrule: 'FREQ=WEEKLY;BYDAY=TH' }, 'by', 'hằng tuần, chậm nhất thứ Năm'],
  [{ freq: 'half-yearly', rrule: 'FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=10' }, 'before', '6 tháng một lần, trước ngày 10 tháng 6 và 12'],
  [{ freq: 'yearly', rrule: 'FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30' }, 'before', 'hằng năm, trước ngày 30 tháng 11'],
  [{ freq: 'quarterly', rrule: 'FREQ=MONTHLY;INTERVAL=3' }, null, 'hằng quý'],
  [{ freq: 'periodic', rrule: null }, null, 'định kỳ (không nêu chu kỳ)'],
];
for (const [rec, kind, want] of cases) {
  const got = recurrenceWords(rec, kind);
  check(got === want, `${rec.rrule || rec.freq} (${kind}) reads "${want}"`, got);
}
process.exit(failed ? 1 : 0);
