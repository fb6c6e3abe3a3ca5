/**
 * How fast the client turns Arlo XML into entities, so we know parsing is never what limits a bulk walk
 * (Arlo's own ceiling is 300 requests/min × 250 records = 1,250 records/s). Parses a 250-Contact page
 * (each Contact shaped like the guide's, with 11 Links and an inline Employment) and a 10-event
 * PlatformEvents query response, repeatedly, on one core.
 *
 *   npm run build && node dist/src/bench/arlo-parsing.js [seconds]
 *
 * Returns figures in the shape of src/bench/report.ts's BenchmarkResult.
 */
import os from 'node:os';

import { parseCollectionPage } from '../arlo/collections';
import { parsePlatformEventPage } from '../arlo/platform-events';
import { parseXml } from '../arlo/xml-parser';

const BASE = 'https://demo.arlo.co/api/2012-02-01/auth/resources/';
const RELATED = 'http://schemas.arlo.co/api/2012/02/auth/related/';
const TITLES = [
  'CustomFields',
  'PostalAddress',
  'TimeZone',
  'IntegrationData',
  'Registrations',
  'Regions',
  'Marketing',
  'PresenterIdentity',
  'Security',
];

function contactXml(id: number): string {
  const links = TITLES.map(
    (title) =>
      `<Link rel="${RELATED}${title}" type="application/xml" title="${title}" href="${BASE}contacts/${id}/${title.toLowerCase()}/"/>`,
  ).join('');
  return `<Contact><ContactID>${id}</ContactID><UniqueIdentifier>2af1573a-6227-14d9-0fe2-add46279113f</UniqueIdentifier><FirstName>Barry ${id}</FirstName><LastName>Jones &amp; Co</LastName><Email>barry${id}@example.org</Email><CodePrimary>JONESBA${id}</CodePrimary><PhoneWork>04 9700 19332</PhoneWork><PhoneHome>04 9712 00234</PhoneHome><PhoneMobile>021 1234 56890</PhoneMobile><Status>Active</Status><CreatedDateTime>2011-10-17T03:51:29.5770000Z</CreatedDateTime><LastModifiedDateTime>2024-01-15T08:30:00.${String(id % 10_000_000).padStart(7, '0')}Z</LastModifiedDateTime><Link rel="self" type="application/xml" href="${BASE}contacts/${id}/"/><Link rel="${RELATED}Employment" type="application/xml" title="Employment" href="${BASE}contacts/${id}/employment/"><ContactEmployment><Position>Developer</Position><Link rel="${RELATED}Organisation" type="application/xml" title="Organisation" href="${BASE}organisations/7/"/></ContactEmployment></Link>${links}</Contact>`;
}

export function contactsPage(count: number): string {
  const items = Array.from(
    { length: count },
    (_, index) =>
      `<Link rel="${RELATED}Contact" type="application/xml" title="Contact" href="${BASE}contacts/${index + 1}/">${contactXml(index + 1)}</Link>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?><Contacts>${items.join('')}<Link rel="next" type="application/xml" href="${BASE}contacts/?skip=${count}&amp;top=${count}"/></Contacts>`;
}

export function platformEvents(count: number): string {
  const items = Array.from({ length: count }, (_, index) => {
    const id = 9_000_000_000_000 + index;
    return `<Link href="${BASE}platformevents/${id}/" rel="${RELATED}PlatformEvent" title="PlatformEvent" type="application/xml"><PlatformEvent><ID>${id}</ID><Type>Updated</Type><ResourceType>Contact</ResourceType><ResourceID>${index + 1}</ResourceID><Link href="${BASE}platformevents/${id}/" rel="self" type="application/xml"/><Link href="${BASE}contacts/${index + 1}/" rel="${RELATED}Link" title="Link" type="application/xml">${contactXml(index + 1)}</Link><Link href="${BASE}contacts/${index + 1}/" rel="${RELATED}Contact" title="Contact" type="application/xml"/></PlatformEvent></Link>`;
  });
  return `<PlatformEvents>${items.join('')}<Link href="${BASE}platformevents/" rel="self" type="application/xml"/></PlatformEvents>`;
}

function repeat(seconds: number, work: () => void): { runs: number; elapsedMs: number } {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let runs = 0;
  while (performance.now() < deadline) {
    work();
    runs += 1;
  }
  return { runs, elapsedMs: performance.now() - started };
}

export function benchArloParsing(seconds = 3) {
  const page = contactsPage(250);
  const events = platformEvents(10);
  // Warm up the JIT before measuring.
  repeat(0.5, () => parseCollectionPage(parseXml(page), 'Contact'));
  const pages = repeat(seconds, () => parseCollectionPage(parseXml(page), 'Contact'));
  const queries = repeat(seconds, () => parsePlatformEventPage(parseXml(events)));
  const pageMs = pages.elapsedMs / pages.runs;
  return {
    benchmark: 'arlo-parsing',
    description:
      'XML → entities on one core: a 250-Contact collection page and a 10-event PlatformEvents query',
    figures: [
      { name: 'page size', value: Math.round(Buffer.byteLength(page) / 1024), unit: 'KiB' },
      { name: 'page parse time', value: pageMs, unit: 'ms' },
      {
        name: 'records parsed',
        value: Math.round((250 * 1000) / pageMs),
        unit: 'records/s',
        target: '≥ 1,250 (the API ceiling)',
      },
      { name: 'PlatformEvents query parse time', value: queries.elapsedMs / queries.runs, unit: 'ms' },
    ],
    notes: [
      `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1) ?? '?'}`,
    ],
  };
}

if (require.main === module) {
  const result = benchArloParsing(Number(process.argv[2] ?? 3));
  console.log(`${result.benchmark}: ${result.description}`);
  for (const figure of result.figures) {
    const value = Number.isInteger(figure.value) ? String(figure.value) : figure.value.toFixed(2);
    console.log(
      `  ${figure.name.padEnd(32)} ${value} ${figure.unit}${'target' in figure ? `   (target ${figure.target})` : ''}`,
    );
  }
  for (const note of result.notes) console.log(`  note: ${note}`);
}
