// browser_correct.mjs - the clerk's correction loop in headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core), as a new user
// meets it:
//  - a date that is not in the calendar (31/02/2026) or has a five-digit
//    year is refused at its field, in Vietnamese, and nothing is saved;
//    emptying a deadline the text has is flagged at the top;
//  - the preview says why each owner and deadline was chosen, and shows a
//    recurrence in words;
//  - a name outside the directory is offered the closest units; mapped to
//    one it is remembered, and the next notice naming it gets the unit
//    without a question;
//  - a notice without number or date is flagged, filled in and saved once
//    the clerk confirms in the page; a text with no tasks is saved only after
//    the confirm step; a file that is not a notice is refused with the
//    server's message;
//  - an edit after saving shows on the task page, in the task list and the
//    unit's feed; a stale edit answers "someone changed it, reload"; an
//    unchanged one says so;
//  - two units merge from the units page.
// Usage: node browser_correct.mjs BASE_URL PASSWORD SCREENSHOT_DIR OUT_JSON
// Prints TAP lines; writes {"edited_task": id} to OUT_JSON for the reminder
// check that t_browser_correct.sh runs after.
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';

const [base, password, shots, outJson] = process.argv.slice(2);
let failed = 0;
function check(cond, name, detail) {
  if (cond) console.log('ok - ' + name);
  else { failed++; console.log('not ok - ' + name); if (detail !== undefined) console.log('#   ' + JSON.stringify(detail).slice(0, 600)); }
}

// Notices written for this test.
const NOTICE_A = `ỦY BAN NHÂN DÂN
TỈNH BÌNH SƠN
Số: 912/TB-UBND
Bình Sơn, ngày 02 tháng 11 năm 2026

THÔNG BÁO
Ý kiến kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về mùa lễ hội cuối năm

1. Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm tại các điểm lễ hội, báo cáo UBND tỉnh trước ngày 31/12/2026.
2. Giao Sở Văn hoá và Du lịch chủ trì xây dựng lịch sự kiện quảng bá mùa lễ hội, hoàn thành chậm nhất ngày 20/12/2026.
3. Giao Sở Tài chính tổng hợp kinh phí tổ chức lễ hội, báo cáo UBND tỉnh trước ngày 25 hằng tháng.

Nơi nhận:
- Như trên;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Thị C
`;
const NOTICE_B = `ỦY BAN NHÂN DÂN
TỈNH BÌNH SƠN
Số: 930/TB-UBND
Bình Sơn, ngày 16 tháng 11 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh về quảng bá du lịch mùa xuân

1. Giao Sở Văn hoá và Du lịch chủ trì biên soạn cẩm nang điểm đến mùa xuân, hoàn thành chậm nhất ngày 15/01/2027.

Nơi nhận:
- Như trên;
CHỦ TỊCH
Lê Văn D
`;
// A draft before numbering: no number, no date; one deadline already past;
// one owner the directory does not know.
const NOTICE_C = `ỦY BAN NHÂN DÂN
TỈNH BÌNH SƠN

THÔNG BÁO
Kết luận về chuẩn bị công trình chào mừng năm mới

1. Giao Sở Xây dựng chủ trì kiểm tra hồ sơ công trình, báo cáo UBND tỉnh trước ngày 10/11/2026.
2. Giao Ban Quản lý dự án công trình dân dụng tỉnh chủ trì lập tiến độ thi công, hoàn thành chậm nhất ngày 30/12/2026.

Nơi nhận:
- Như trên;
CHỦ TỊCH
Lê Văn D
`;
const SHOPPING = `Danh sách mua sắm cuối tuần
- 2 kg gạo nếp
- 1 bó lá dong
- hạt tiêu, hành khô
`;
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
});
const errors = [];
const out = {};
// The browser's own date order must not matter: an English (US) locale.
const ctx = await browser.newContext({ locale: 'en-US' });
const page = await ctx.newPage();
page.on('pageerror', (e) => errors.push(String(e)));
page.on('dialog', (d) => { errors.push('dialog: ' + d.message()); d.dismiss(); });

// The JSON API from inside the page (same session and CSRF token).
async function apiGet(path) { return page.evaluate(async (p) => (await fetch(p)).json(), path); }
async function apiSend(method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const s = await (await fetch('/api/session')).json();
    const r = await fetch(p, { method: m, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf }, body: JSON.stringify(b) });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, [method, path, body]);
}
async function noticeCount() { return (await apiGet('/api/notices')).notices.length; }
async function findNotice(number) { return (await apiGet('/api/notices')).notices.find((n) => n.number === number); }
async function preview(text) {
  await page.goto(base + '/import');
  await page.waitForSelector('#import-text');
  await page.fill('#import-text', text);
  await page.click('button[type=submit]');
  await page.waitForSelector('#preview h2, #import-msg .error');
}
// Opens a <details> editor unless it is open already (it stays open to show "Đã lưu").
async function openBox(sel) { if (await page.getAttribute(sel, 'open') === null) await page.click(sel + ' summary'); }
async function section(name, fn) {
  try { await fn(); } catch (e) {
    failed++;
    console.log('not ok - ' + name + ': ' + String(e).split('\n')[0]);
    try { console.log('#   page: ' + (await page.textContent('main')).slice(0, 500).replace(/\s+/g, ' ')); } catch (e2) { /* none */ }
  }
}
const fieldError = (sel) => page.evaluate((s) => {
  const el = document.querySelector(s);
  const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  return { invalid: el.getAttribute('aria-invalid'), text: ids.map((i) => document.getElementById(i).textContent).join(' ') };
}, sel);

try {
  await page.goto(base + '/login');
  await page.fill('input[name=login]', 'vanphong');
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('#total');

  await section('the bad date', async () => {
    const before = await noticeCount();
    await preview(NOTICE_A);
    await page.waitForSelector('#t0-due');
    check(await page.inputValue('#t0-due') === '31/12/2026', 'a parsed deadline is shown day first (31/12/2026) in an en-US browser',
      await page.inputValue('#t0-due'));
    check(await page.getAttribute('#t0-due', 'type') === 'text', 'date fields are text fields, not the locale\'s date picker');
    await page.fill('#t0-due', '31/02/2026');
    await page.press('#t0-due', 'Tab');
    let fe = await fieldError('#t0-due');
    check(fe.invalid === 'true' && fe.text.includes('Không có ngày 31/02/2026') && fe.text.includes('28 ngày'),
      '31/02/2026 is refused at the field, in Vietnamese, and announced with it', fe);
    await page.click('#save-notice');
    await page.waitForSelector('#save-msg .error');
    check((await page.textContent('#save-msg')).includes('Chưa lưu'), 'saving with the bad date says it did not save');
    check(await page.$('#confirm-yes') === null, 'a wrong field is not something to confirm past');
    check(await page.evaluate(() => document.activeElement.id) === 't0-due', 'the caret goes back to the bad field');
    check(await noticeCount() === before, 'nothing was saved', [before]);
    const errList = await page.textContent('#field-errors');
    check(errList.includes('Nhiệm vụ 1 (mục 1)') && errList.includes('(1)'), 'the errors at the top count and name the task as the clerk numbers it', errList);
    await page.fill('#t0-due', '31/12/20261');
    await page.press('#t0-due', 'Tab');
    fe = await fieldError('#t0-due');
    check(fe.invalid === 'true' && fe.text.includes('4 chữ số'), 'a five-digit year is refused at the field', fe);
    await page.fill('#t0-due', '');
    await page.press('#t0-due', 'Tab');
    const flags = await page.textContent('#flags');
    check(flags.includes('văn bản ghi thời hạn 31/12/2026 nhưng ô thời hạn đang trống'),
      'emptying a deadline the text has is flagged at the top', flags);
    await page.click('#flags a');
    check(await page.evaluate(() => document.activeElement.id) === 't0-due', 'the flag links to its field');
    check(new URL(page.url()).pathname === '/import', 'following a flag stays on the page');
    await page.fill('#t0-due', '31/12/2026');
    await page.press('#t0-due', 'Tab');
    fe = await fieldError('#t0-due');
    check(fe.invalid === null && fe.text === '', 'a good date clears the error', fe);
    await page.screenshot({ path: shots + '/correct-preview.png', fullPage: true });
  });

  await section('the reasons', async () => {
    const rec = await page.textContent('.preview-task[data-index="2"] .recurrence');
    check(rec.includes('hằng tháng, trước ngày 25'), 'the recurrence reads "hằng tháng, trước ngày 25"', rec);
    // The clerk makes the second task a quarterly report before saving.
    await page.selectOption('#t1-freq', 'quarterly');
    await page.fill('#t1-day', '15');
    const rec1 = await page.textContent('.preview-task[data-index="1"] .recurrence');
    check(rec1.includes('hằng quý') && rec1.includes('15'), 'a recurrence chosen in the preview reads back in words', rec1);
    const wo = await page.textContent('.preview-task[data-index="0"] .why-owners');
    const wd = await page.textContent('.preview-task[data-index="0"] .why-due');
    check(wo.includes('nêu trong chính nhiệm vụ') && wo.includes('Sở Y tế'), 'why the owner was chosen, in Vietnamese', wo);
    check(wd.includes('“31/12/2026”') && wd.includes('trước ngày'), 'why the deadline was chosen, in Vietnamese', wd);
  });

  await section('the unknown name', async () => {
    const panel = '.unknown-name[data-name="Sở Văn hóa và Du lịch"]';
    await page.waitForSelector(panel);
    check((await page.textContent('#flags')).includes('“Sở Văn hóa và Du lịch” không có trong danh mục đơn vị'),
      'an owner outside the directory is flagged at the top');
    check((await page.$$(panel + ' button[data-choice]')).length === 3, 'three choices: map, add, keep');
    // A name the clerk types is checked too, and offered the units the
    // directory's name matcher finds (here by abbreviation).
    await page.fill('#t0-owners', 'Sở Y tế; Sở VH-TT-DL');
    await page.press('#t0-owners', 'Tab');
    const typed = '.unknown-name[data-name="Sở VH-TT-DL"]';
    await page.waitForSelector(typed);
    const first = await page.$eval(typed + ' select option', (o) => o.value);
    check(first === 'Sở Văn hóa, Thể thao và Du lịch', 'the closest directory unit is offered first', first);
    await page.fill('#t0-owners', 'Sở Y tế');
    await page.press('#t0-owners', 'Tab');
    await page.waitForSelector(typed, { state: 'detached' });
    check(!(await page.textContent('#flags')).includes('Sở VH-TT-DL'), 'a name taken out is no longer asked about');
    await page.selectOption(panel + ' select', 'Sở Văn hóa, Thể thao và Du lịch');
    await page.click(panel + ' button[data-choice=map]');
    await page.waitForSelector(panel + '.resolved');
    check((await page.textContent(panel)).includes('Đã ghi nhớ'), 'mapping the name says it is remembered');
    check(await page.inputValue('#t1-owners') === 'Sở Văn hóa, Thể thao và Du lịch', 'the task takes the mapped unit');
    check(await page.$('#flags a') === null, 'nothing is left to check');
  });

  await section('saving', async () => {
    await page.click('#save-notice');
    await page.waitForSelector('#save-msg .ok');
    check((await page.textContent('#save-msg')).includes('Đã lưu văn bản'), 'a notice without flags saves at once');
    const n = await findNotice('912/TB-UBND');
    const full = await apiGet('/api/notices/' + n.id);
    const t0 = full.tasks.find((t) => t.ref === '1'), t1 = full.tasks.find((t) => t.ref === '2');
    check(t0.due === '2026-12-31' && t0.due_kind === 'before', 'the deadline the text has is stored', [t0.due, t0.due_kind]);
    check(t1.owners.join() === 'Sở Văn hóa, Thể thao và Du lịch', 'the mapped name is stored as the unit', t1.owners);
    check(t1.recurrence && t1.recurrence.rrule === 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15',
      'the recurrence chosen before saving is stored', t1.recurrence);
    const t2 = full.tasks.find((t) => t.ref === '3');
    check(t2 && t2.recurrence && t2.recurrence.rrule === 'FREQ=MONTHLY;BYMONTHDAY=25', 'an untouched recurrence is stored as parsed', t2 && t2.recurrence);
    out.notice_a = n.id; out.edited_task = t0.id;
  });

  await section('the remembered name', async () => {
    await preview(NOTICE_B);
    await page.waitForSelector('#t0-owners');
    check(await page.inputValue('#t0-owners') === 'Sở Văn hóa, Thể thao và Du lịch', 'the next notice with the name gets the unit',
      await page.inputValue('#t0-owners'));
    check(await page.$('.unknown-name') === null && await page.$('#flags a') === null, 'without asking');
    await page.click('#save-notice');
    await page.waitForSelector('#save-msg .ok');
    const n = await findNotice('930/TB-UBND');
    const full = await apiGet('/api/notices/' + n.id);
    check(full.tasks[0].owners.join() === 'Sở Văn hóa, Thể thao và Du lịch', 'and stores it');
  });

  await section('the same text again', async () => {
    await preview(NOTICE_A);
    await page.waitForSelector('#save-notice');
    await page.click('#save-notice');
    await page.waitForSelector('#save-msg .ok');
    const m = await page.textContent('#save-msg');
    check(m.includes('Không có thay đổi') && !m.includes('Đã lưu'), 'the same notice again says "Không có thay đổi"', m);
    // The same text with a correction: applied to the stored task, not dropped.
    await preview(NOTICE_A);
    await page.waitForSelector('#t2-co');
    await page.fill('#t2-co', 'Sở Kế hoạch và Đầu tư');
    await page.click('#save-notice');
    await page.waitForSelector('#save-msg .ok, #save-msg .error');
    const m2 = await page.textContent('#save-msg');
    check(m2.includes('Đã lưu') && m2.includes('1 nhiệm vụ được sửa'), 'the same text with a correction saves it as an edit', m2);
    const full = await apiGet('/api/notices/' + out.notice_a);
    check(full.tasks.find((t) => t.ref === '3').co_owners.join() === 'Sở Kế hoạch và Đầu tư', 'the stored task has the correction');
  });

  await section('no number, no date', async () => {
    const before = await noticeCount();
    await preview(NOTICE_C);
    await page.waitForSelector('.unknown-name');
    const name = await page.getAttribute('.unknown-name', 'data-name');
    await page.click('.unknown-name button[data-choice=new]');
    await page.waitForSelector('.unknown-name.resolved');
    const flags = await page.textContent('#flags');
    check(flags.includes('Văn bản chưa có số') && flags.includes('Văn bản chưa có ngày') && flags.includes('thời hạn 10/11/2026 đã qua') &&
      flags.includes('(3)'), 'a missing number and date and a past deadline are flagged, with a count', flags);
    await page.click('#save-notice');
    await page.waitForSelector('#confirm-no');
    check(await page.evaluate(() => document.activeElement.id) === 'confirm-yes', 'saving with flags asks once, in the page');
    await page.click('#confirm-no');
    check(await noticeCount() === before, 'going back saves nothing');
    await page.fill('#notice-number', '45/TB-VP');
    await page.fill('#notice-date', '20/11/1990');
    await page.press('#notice-date', 'Tab');
    const fe = await fieldError('#notice-date');
    check(fe.invalid === 'true' && fe.text.includes('Năm 1990'), 'a notice date far from today is refused at its field', fe);
    check(!(await page.textContent('#field-errors')).includes('Nhiệm vụ'), 'and the task deadlines are not judged by the bad year');
    await page.fill('#notice-date', '20/11/2026');
    await page.press('#notice-date', 'Tab');
    check(!(await page.textContent('#flags')).includes('chưa có số'), 'filled in, the number is no longer flagged');
    await page.click('#save-notice');
    await page.click('#confirm-yes');
    await page.waitForSelector('#save-msg .ok, #save-msg .error');
    check((await page.textContent('#save-msg')).includes('Đã lưu văn bản'), 'confirmed, the notice is saved', await page.textContent('#save-msg'));
    const n = await findNotice('45/TB-VP');
    check(n && n.date === '2026-11-20', 'with the number and date the clerk typed', n);
    const added = (await apiGet('/api/units')).units.find((u) => u.name === name);
    check(added && added.in_directory && added.added_by === 'vanphong',
      '"add as a new unit" makes the name a directory unit the office added', added);
    out.new_unit = name;
  });

  await section('not a notice', async () => {
    await page.goto(base + '/import');
    await page.setInputFiles('#import-file', { name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(SVG) });
    await page.click('button[type=submit]');
    await page.waitForSelector('#import-msg .error');
    const m = await page.textContent('#import-msg');
    check(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(m) && await page.$('.preview-task') === null,
      'an SVG is refused with the server\'s Vietnamese message, no preview', m);
    const before = await noticeCount();
    await preview(SHOPPING);
    const flags = await page.textContent('#flags');
    check(flags.includes('Văn bản không có nhiệm vụ nào'), 'a text with no tasks is flagged', flags);
    await page.click('#save-notice');
    await page.waitForSelector('#confirm-yes');
    await page.click('#confirm-yes');
    await page.waitForSelector('#save-msg .ok, #save-msg .error');
    check((await page.textContent('#save-msg')).includes('Đã lưu') && await noticeCount() === before + 1,
      'it is saved only once the clerk confirms', await page.textContent('#save-msg'));
  });

  await section('edit after saving', async () => {
    const id = out.edited_task;
    await page.goto(base + '/tasks/' + id);
    await openBox('#task-edit-box');
    check(await page.inputValue('#edit-due') === '31/12/2026', 'the edit form shows the deadline day first');
    await page.fill('#edit-due', '15/12/2026');
    await page.selectOption('#edit-kind', 'before');
    await page.fill('#edit-note', 'Lãnh đạo yêu cầu báo cáo sớm');
    await page.click('#task-edit-save');
    await page.waitForSelector('.edit-msg .ok, .edit-msg .error');
    check((await page.textContent('.edit-msg')).includes('Đã lưu'), 'the edit says "Đã lưu"', await page.textContent('.edit-msg'));
    check((await page.textContent('#task-due')).includes('15/12/2026'), 'the task page shows the new deadline', await page.textContent('#task-due'));
    const hist = await page.$$eval('main ul li', (lis) => lis.map((l) => l.textContent));
    check(hist.some((x) => x.includes('15/12/2026') && /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệ]/.test(x)), 'the history tells the edit as a Vietnamese sentence', hist.slice(0, 3));
    await openBox('#task-edit-box');
    await page.click('#task-edit-save');
    await page.waitForSelector('.edit-msg .ok');
    check((await page.textContent('.edit-msg')).includes('Không có thay đổi'), 'saving it unchanged says "Không có thay đổi"');

    // The extension form's date follows the same rule, at its field (the
    // office's form sets the new deadline itself: "Gia hạn").
    const ext = '.actions input[name=date]';
    await page.fill(ext, '31/02/2027');
    await page.fill('input[name=note][aria-label="Lý do"]', 'chờ số liệu');
    await page.click('button[data-action=grant]');
    const xe = await fieldError(ext);
    check(xe.invalid === 'true' && xe.text.includes('Không có ngày 31/02/2027'), 'an extension to 31/02/2027 is refused at its field', xe);
    check(!(await apiGet('/api/tasks/' + id)).items.some((it) => it.requested_to || it.extended_to), 'and nothing is requested or granted');

    // The task list.
    await page.goto(base + '/tasks?q=' + encodeURIComponent('kiem tra an toan thuc pham'));
    await page.waitForSelector('#task-table');
    const rows = await page.$$eval('#task-table tbody tr', (trs) => trs.map((t) => t.textContent));
    check(rows.length === 1 && rows[0].includes('Hạn cuối 14/12/2026'), 'the task list shows the new last day', rows);

    // The unit's feed.
    const units = await apiGet('/api/units');
    const syt = units.units.find((u) => u.name === 'Sở Y tế');
    const feed = await apiSend('POST', `/api/units/${syt.id}/feed`, { action: 'issue' });
    const ics = await page.evaluate(async (u) => (await fetch(u)).text(), feed.body.url);
    check(ics.includes('DTSTART;VALUE=DATE:20261214') && !ics.includes('DTSTART;VALUE=DATE:20261230'), 'the feed moves the event to the new last day');

    // Someone else saves first: the form's version is stale.
    await page.goto(base + '/tasks/' + id);
    await openBox('#task-edit-box');
    const t = await apiGet('/api/tasks/' + id);
    const other = await apiSend('PATCH', '/api/tasks/' + id, { version: t.version, co_owners: ['Sở Tài chính'] });
    check(other.status === 200, 'another edit saves first', other);
    await page.fill('#edit-owners', 'Sở Y tế; Sở Công Thương');
    await page.click('#task-edit-save');
    await page.waitForSelector('#reload-after-conflict');
    const m = await page.textContent('.edit-msg');
    check(m.includes('Tải lại') && !m.includes('Đã lưu'), 'a stale edit says someone changed it and offers to reload', m);
    await page.click('#reload-after-conflict');
    await page.waitForFunction(() => !document.querySelector('#reload-after-conflict'));
    await openBox('#task-edit-box');
    check(await page.inputValue('#edit-co') === 'Sở Tài chính', 'reloading shows the other edit');
    await page.screenshot({ path: shots + '/correct-edit.png', fullPage: true });

    // A bad value the browser cannot catch: the server's 422 at its field.
    await page.fill('#edit-text', '');
    await page.click('#task-edit-save');
    await page.waitForSelector('.edit-msg .error');
    const fe = await fieldError('#edit-text');
    check(fe.invalid === 'true' && fe.text.length > 0, 'a 422 is shown at the field it names', [fe, await page.textContent('.edit-msg')]);
  });

  await section('edit a recurrence', async () => {
    const n = await findNotice('930/TB-UBND');
    const id = (await apiGet('/api/notices/' + n.id)).tasks[0].id;
    await page.goto(base + '/tasks/' + id);
    await openBox('#task-edit-box');
    await page.selectOption('#edit-freq', 'monthly');
    await page.fill('#edit-day', '20');
    await page.selectOption('#edit-kind', 'before');
    check((await page.textContent('#edit-rec-words')).includes('hằng tháng, trước ngày 20'), 'the form reads the recurrence back in words');
    await page.click('#task-edit-save');
    await page.waitForSelector('.edit-msg .ok, .edit-msg .error');
    const t = await apiGet('/api/tasks/' + id);
    check((await page.textContent('.edit-msg')).includes('Đã lưu') && t.recurrence && t.recurrence.rrule === 'FREQ=MONTHLY;BYMONTHDAY=20',
      'a recurrence is edited after saving', [await page.textContent('.edit-msg'), t.recurrence]);
    check((await page.textContent('main')).includes('Lặp lại: hằng tháng, trước ngày 20'), 'the task page shows it in words');
  });

  await section('edit a notice', async () => {
    await page.goto(base + '/notices/' + out.notice_a);
    await openBox('#notice-edit-box');
    await page.fill('#notice-edit-title', 'Kết luận về mùa lễ hội cuối năm 2026');
    await page.click('#notice-edit-save');
    await page.waitForSelector('.edit-msg .ok, .edit-msg .error');
    check((await page.textContent('.edit-msg')).includes('Đã lưu') && (await page.textContent('main dl')).includes('Kết luận về mùa lễ hội cuối năm 2026'),
      'a notice\'s title is edited after saving', await page.textContent('.edit-msg'));
  });

  await section('merge units', async () => {
    await page.goto(base + '/units');
    await page.waitForSelector('#merge-form');
    await page.waitForSelector('#learned-aliases tbody tr');
    const learned = await page.$$eval('#learned-aliases tbody tr', (trs) => trs.map((t) => t.textContent));
    check(learned.some((t) => t.includes('Sở Văn hóa và Du lịch') && t.includes('Sở Văn hóa, Thể thao và Du lịch') && t.includes('vanphong')),
      'the units page lists the learned alias, who added it and when', learned);
    const rowOf = async (name) => page.$$eval('main table tbody tr', (trs, n) => (trs.find((t) => t.querySelector('a')?.textContent === n) || {}).textContent, name);
    const addedRow = await rowOf(out.new_unit);
    check(addedRow && addedRow.includes('Văn phòng thêm ngày') && addedRow.includes('vanphong'),
      'the units page marks the unit the office added, with when and who', addedRow);
    const officeRow = await rowOf('Văn phòng UBND tỉnh');
    check(officeRow && officeRow.includes('(văn phòng)'), 'and marks the office itself', officeRow);
    await page.selectOption('#merge-from', { label: out.new_unit });
    await page.selectOption('#merge-into', { label: 'Sở Xây dựng' });
    await page.click('#merge-submit');
    await page.click('#confirm-yes');
    await page.waitForSelector('#merge-msg .ok, #merge-msg .error');
    check((await page.textContent('#merge-msg')).includes('Đã gộp'), 'the units page merges a unit into another', await page.textContent('#merge-msg'));
    const units = await apiGet('/api/units');
    check(!units.units.some((u) => u.name === out.new_unit), 'the merged unit is gone from the list');
    const sxd = units.units.find((u) => u.name === 'Sở Xây dựng');
    const r = await apiGet('/api/tasks?per_page=100&unit=' + sxd.id);
    check(r.items.some((it) => it.text.includes('lập tiến độ thi công')), 'its work moved to the unit it merged into');
    await page.waitForFunction((n) => (document.querySelector('#learned-aliases') || {}).textContent.includes(n), out.new_unit);
    check(true, 'the merged name is listed as a learned alias');
  });

  await section('no English on the pages', async () => {
    // Words of the English messages the dashboard and the server used to
    // show; none may reach a page a user sees.
    const english = /\b(the|error|errors|invalid|must|failed|not found|unknown|cannot|please|required|null|undefined|NaN)\b/i;
    const seen = [];
    const visit = async (path, sel) => {
      await page.goto(base + path);
      await page.waitForSelector(sel);
      const text = await page.evaluate(() => document.body.innerText);
      const m = text.match(english);
      if (m) seen.push(path + ': ' + text.slice(Math.max(0, m.index - 60), m.index + 40));
    };
    await visit('/', '#total');
    await visit('/tasks', '#task-table');
    await visit('/notices', 'main table');
    await visit('/notices/' + out.notice_a, '#notice-edit-box');
    await visit('/tasks/' + out.edited_task, '#task-edit-box');
    await visit('/units', '#merge-units');
    await preview(NOTICE_C);
    const text = await page.evaluate(() => document.body.innerText);
    if (english.test(text)) seen.push('/import: ' + text.match(english)[0]);
    check(seen.length === 0, 'no English word on the pages the clerk used', seen);
    // On a phone, with a name choice open (its list holds long unit names).
    await preview(NOTICE_B.replace('Sở Văn hoá và Du lịch', 'Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh'));
    await page.waitForSelector('.unknown-name select');
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.screenshot({ path: shots + '/correct-phone.png', fullPage: true });
    check(overflow <= 1, 'the preview with its flags and name choices fits a phone screen', overflow);
  });

  await section('a unit account', async () => {
    const uctx = await browser.newContext({ locale: 'vi-VN' });
    const up = await uctx.newPage();
    up.on('pageerror', (e) => errors.push(String(e)));
    await up.goto(base + '/login');
    await up.fill('input[name=login]', 'soyte');
    await up.fill('input[name=password]', 'mat-khau-so-y-te');
    await up.click('button[type=submit]');
    await up.waitForSelector('#unit-counts'); // a unit account lands on its own page
    await up.goto(base + '/tasks/' + out.edited_task);
    await up.waitForSelector('#task-text');
    check(await up.$('#task-edit-box') === null, 'a unit account sees no edit form on a task');
    await up.goto(base + '/notices/' + out.notice_a);
    await up.waitForSelector('#source');
    check(await up.$('#notice-edit-box') === null, 'nor on a notice');
    await up.goto(base + '/units');
    await up.waitForSelector('main table');
    check(await up.$('#merge-units') === null, 'nor the merge of units');
    await uctx.close();
  });

  check(errors.length === 0, 'no script errors or browser dialogs', errors);
} catch (e) {
  failed++;
  console.log('not ok - browser run: ' + String(e).split('\n')[0]);
} finally {
  await browser.close();
}
writeFileSync(outJson, JSON.stringify(out));
process.exit(failed ? 1 : 0);
