// The dates a web calendar built on ical.js shows for a feed, as JSON on stdout.
//
//   node ical_dates.mjs 2   < feed.ics   ical.js 2, expanding recurring events itself
//   node ical_dates.mjs 1.5 < feed.ics   ical.js 1.5 through ical-expander, as web calendars do
//
// Prints [[start, end, status], ...] with instants in UTC (ISO 8601) and STATUS as written
// (empty when absent), sorted; a feed the library refuses exits 1 with its error on stderr.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const MAX_ITERATIONS = 100000;

function row(item) {
  return [
    item.startDate.toJSDate().toISOString(),
    item.endDate.toJSDate().toISOString(),
    String(item.component.getFirstPropertyValue("status") ?? ""),
  ];
}

async function withIcalJs2(ics) {
  const ICAL = (await import("ical.js")).default;
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const components = calendar.getAllSubcomponents("vevent");
  const masters = new Map();
  const exceptions = [];
  for (const component of components) {
    const event = new ICAL.Event(component);
    if (event.isRecurrenceException()) exceptions.push(event);
    else masters.set(event.uid, event);
  }
  for (const exception of exceptions) {
    const master = masters.get(exception.uid);
    if (!master) throw new Error(`override without its event: ${exception.uid}`);
    master.relateException(exception);
  }
  const rows = [];
  for (const event of masters.values()) {
    if (!event.isRecurring()) {
      rows.push(row(event));
      continue;
    }
    const iterator = event.iterator();
    let next;
    let count = 0;
    while ((next = iterator.next())) {
      if (++count > MAX_ITERATIONS) throw new Error(`endless recurrence: ${event.uid}`);
      const details = event.getOccurrenceDetails(next);
      rows.push(row({ ...details, component: details.item.component }));
    }
  }
  return rows;
}

function withIcalExpander(ics) {
  const IcalExpander = require("ical-expander");
  const found = new IcalExpander({ ics, maxIterations: MAX_ITERATIONS }).all();
  return [
    ...found.events.map(row),
    ...found.occurrences.map((o) => row({ ...o, component: o.item.component })),
  ];
}

const version = process.argv[2];
const ics = readFileSync(0, "utf8");
try {
  let rows;
  if (version === "2") rows = await withIcalJs2(ics);
  else if (version === "1.5") rows = withIcalExpander(ics);
  else throw new Error(`unknown ical.js version ${version}: 2 or 1.5`);
  rows.sort((a, b) => (a.join("|") < b.join("|") ? -1 : a.join("|") > b.join("|") ? 1 : 0));
  process.stdout.write(JSON.stringify(rows) + "\n");
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
