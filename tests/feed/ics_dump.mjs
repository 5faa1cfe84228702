// ics_dump.mjs - reads an iCalendar file with ical.js (Mozilla's parser, the
// one Thunderbird uses) and prints what the feed tests check as JSON, in the
// same normal form as ics_dump.py prints with Python's icalendar, so that the
// two independent readings can be compared.
//
//   node tests/feed/ics_dump.mjs FILE.ics
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const text = readFileSync(process.argv[2], "utf8");
const cal = new ICAL.Component(ICAL.parse(text));

const str = (c, name) => {
	const v = c.getFirstPropertyValue(name);
	return v === null || v === undefined ? null : String(v);
};
// Dates as YYYYMMDD, UTC times as YYYYMMDDTHHMMSSZ.
const when = (c, name) => {
	const v = c.getFirstPropertyValue(name);
	if (!v) return null;
	if (v.isDate) return v.toString().replaceAll("-", "");
	return v.toString().replaceAll("-", "").replaceAll(":", "");
};
const seconds = (d) => d.toSeconds();

const items = [];
for (const c of cal.getAllSubcomponents()) {
	const name = c.name.toUpperCase();
	if (name !== "VEVENT" && name !== "VTODO") continue;
	const cats = [];
	for (const p of c.getAllProperties("categories")) cats.push(...p.getValues().map(String));
	const seq = c.getFirstPropertyValue("sequence");
	items.push({
		kind: name,
		uid: str(c, "uid"),
		summary: str(c, "summary"),
		description: str(c, "description"),
		dtstart: when(c, "dtstart"),
		dtend: when(c, "dtend"),
		due: when(c, "due"),
		dtstamp: when(c, "dtstamp"),
		last_modified: when(c, "last-modified"),
		completed: when(c, "completed"),
		status: str(c, "status"),
		sequence: seq === null ? null : Number(seq),
		categories: cats,
		url: str(c, "url"),
		alarms: c.getAllSubcomponents("valarm").map((a) => {
			const t = a.getFirstProperty("trigger");
			return {
				action: str(a, "action"),
				trigger: seconds(t.getFirstValue()),
				related: (t.getParameter("related") || "START").toUpperCase(),
				description: str(a, "description"),
			};
		}),
	});
}
const out = {
	calendar: {
		name: str(cal, "name"),
		x_wr_calname: str(cal, "x-wr-calname"),
		x_wr_timezone: str(cal, "x-wr-timezone"),
		refresh_interval: cal.getFirstPropertyValue("refresh-interval")
			? seconds(cal.getFirstPropertyValue("refresh-interval")) : null,
		x_published_ttl: str(cal, "x-published-ttl"),
		version: str(cal, "version"),
		prodid: str(cal, "prodid"),
	},
	items,
};
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
