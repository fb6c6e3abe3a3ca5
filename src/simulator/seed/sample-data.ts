/**
 * Realistic-looking records for seeds and the demo, drawn from the simulator's seeded PRNG: the same
 * seed always produces the same platform.
 */
import type { ResourceType } from '../../domain/resource-types';
import type { Prng } from '../prng';
import type { RecordInput } from '../write/record-input';

const FIRST_NAMES = [
  'Aroha',
  'Barry',
  'Chloe',
  'Daniel',
  'Emma',
  'Finn',
  'Grace',
  'Hemi',
  'Isla',
  'Jack',
  'Kiri',
  'Liam',
  'Mia',
  'Noah',
  'Olivia',
  'Priya',
  'Quinn',
  'Ruby',
  'Sam',
  'Tane',
  'Uma',
  'Victor',
  'Wiremu',
  'Xin',
  'Yusuf',
  'Zoe',
];
const LAST_NAMES = [
  'Anderson',
  'Brown',
  'Chen',
  'Davies',
  'Edwards',
  'Fraser',
  'Gupta',
  'Harris',
  'Ito',
  'Jones',
  'Kaur',
  'Lee',
  'Martin',
  'Ngata',
  "O'Brien",
  'Patel',
  'Rangi',
  'Smith',
  'Taylor',
  'Walker',
  'Wilson',
  'Young',
];
const ORG_WORDS = [
  'Acme',
  'Harbour',
  'Kauri',
  'Summit',
  'Southern',
  'Pacific',
  'Tasman',
  'Northern',
  'Silverfern',
  'Meridian',
  'Beacon',
  'Cascade',
];
const ORG_KINDS = [
  'Consultants',
  'Engineering',
  'Health',
  'Logistics',
  'Education Trust',
  'Foods',
  'Energy',
  'Legal',
  'Construction',
  'Software',
];
const CITIES = [
  'Auckland',
  'Wellington',
  'Christchurch',
  'Hamilton',
  'Dunedin',
  'Tauranga',
  'Sydney',
  'Melbourne',
];
const STREETS = [
  'Queen Street',
  'Lambton Quay',
  'Colombo Street',
  'Victoria Street',
  'George Street',
  'Cuba Street',
];
const POSITIONS = [
  'Developer',
  'Senior Developer',
  'Product Manager',
  'Nurse',
  'Site Manager',
  'Accountant',
  'HR Advisor',
  'Team Lead',
  'Analyst',
];
const DEPARTMENTS = ['Engineering', 'Finance', 'Operations', 'People', 'Sales', 'Clinical'];
const COURSES = [
  'First Aid Level 1',
  'Leadership Essentials',
  'Health and Safety Induction',
  'Project Management Fundamentals',
  'Excel for Analysts',
  'Customer Service Excellence',
  'Fire Warden Training',
  'Privacy Act Refresher',
];

export const SEED_ORDER = [
  'EventTemplate',
  'Organisation',
  'Contact',
  'Event',
  'OnlineActivity',
  'Registration',
  'Order',
  'Lead',
  'CreditNote',
] as const satisfies readonly ResourceType[];

export type SeedableType = (typeof SEED_ORDER)[number];

/** IDs of existing records a new one may refer to. */
export type Pools = Readonly<Record<SeedableType, readonly string[]>>;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const phone = (rng: Prng): string =>
  `0${rng.between(2, 9)} ${rng.between(200, 999)} ${pad(rng.int(10000), 4)}`;
const slug = (value: string): string => value.toLowerCase().replace(/[^a-z0-9]+/g, '');

export function sampleRecord(
  type: SeedableType,
  rng: Prng,
  serial: number,
  pools: Pools,
  now: Date,
): RecordInput {
  const any = (pool: readonly string[]): string | undefined => (pool.length > 0 ? rng.pick(pool) : undefined);
  const refs = (entries: Record<string, string | undefined>): Record<string, string> =>
    Object.fromEntries(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
  switch (type) {
    case 'Organisation': {
      const name = `${rng.pick(ORG_WORDS)} ${rng.pick(ORG_KINDS)}`;
      const domain = `${slug(name)}${serial}.example.org`;
      return {
        fields: {
          Name: name,
          LegalName: `${name} Limited`,
          Email: `admin@${domain}`,
          CodePrimary: `${slug(name).slice(0, 8).toUpperCase()}${pad(serial, 4)}`,
          PhonePrimary: phone(rng),
          WebsiteUrl: domain,
          Status: 'Active',
        },
        ...(rng.chance(0.6) ? { postalAddress: address(rng) } : {}),
      };
    }
    case 'Contact': {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const organisationId = any(pools.Organisation);
      return {
        fields: {
          FirstName: first,
          LastName: last,
          Email: `${slug(first)}.${slug(last)}${serial}@example.org`,
          CodePrimary: `${slug(last).slice(0, 5).toUpperCase()}${slug(first).slice(0, 2).toUpperCase()}${pad(serial, 4)}`,
          PhoneWork: phone(rng),
          PhoneMobile: `02${rng.between(1, 9)} ${rng.between(100, 999)} ${pad(rng.int(100000), 5)}`,
          Status: rng.chance(0.95) ? 'Active' : 'Inactive',
        },
        ...(organisationId !== undefined && rng.chance(0.7)
          ? {
              employment: {
                fields: { Position: rng.pick(POSITIONS), Department: rng.pick(DEPARTMENTS) },
                organisationId,
              },
            }
          : {}),
        ...(rng.chance(0.4) ? { postalAddress: address(rng) } : {}),
        ...(rng.chance(0.3)
          ? { customFields: { MembershipTier: rng.pick(['Gold', 'Silver', 'Bronze']) } }
          : {}),
      };
    }
    case 'EventTemplate': {
      const course = rng.pick(COURSES);
      return {
        fields: {
          Code: `${slug(course).slice(0, 4).toUpperCase()}${pad(serial, 3)}`,
          Name: course,
          AdvertisedDuration: `${rng.between(1, 3)} days`,
          IsPrivate: 'false',
          Status: 'Active',
        },
      };
    }
    case 'Event': {
      const start = new Date(now.getTime() + rng.between(1, 120) * 86_400_000);
      start.setUTCHours(rng.between(20, 23), 0, 0, 0);
      return {
        fields: {
          Code: `EV${pad(serial, 5)}`,
          Name: rng.pick(COURSES),
          StartDateTime: start.toISOString(),
          FinishDateTime: new Date(start.getTime() + 8 * 3_600_000).toISOString(),
          LocationName: rng.pick(CITIES),
          Status: 'Active',
        },
        refs: refs({ EventTemplate: any(pools.EventTemplate) }),
      };
    }
    case 'OnlineActivity':
      return {
        fields: {
          Code: `OA${pad(serial, 5)}`,
          Name: `${rng.pick(COURSES)} (online)`,
          DeliveryDescription: 'Self-paced e-learning',
          Status: 'Active',
        },
        refs: refs({ EventTemplate: any(pools.EventTemplate) }),
      };
    case 'Registration': {
      const attended = rng.chance(0.8);
      return {
        fields: {
          Attendance: attended ? 'Attended' : 'Did not attend',
          Outcome: attended ? rng.pick(['Pass', 'Pass', 'Fail']) : 'Unknown',
          Status: rng.pick(['Approved', 'Completed', 'Cancelled']),
          ProgressPercent: `${rng.int(101)}.0`,
        },
        refs: refs({ Event: any(pools.Event), Contact: any(pools.Contact) }),
      };
    }
    case 'Order': {
      const subtotal = rng.between(100, 5000);
      return {
        fields: {
          OrderNumber: `ORD-${pad(serial, 6)}`,
          Status: 'Approved',
          CurrencyCode: 'NZD',
          SubTotalAmount: `${subtotal}.00`,
          TotalAmount: `${Math.round(subtotal * 1.15)}.00`,
        },
        refs: refs({ Contact: any(pools.Contact), Organisation: any(pools.Organisation) }),
      };
    }
    case 'Lead':
      return {
        fields: {
          Status: rng.pick(['Open', 'Qualified', 'Closed']),
          Source: rng.pick(['Website', 'Referral', 'Event']),
          Description: `Interested in ${rng.pick(COURSES)}`,
        },
        refs: refs({ Contact: any(pools.Contact), Organisation: any(pools.Organisation) }),
      };
    case 'CreditNote':
      return {
        fields: {
          CreditNoteNumber: `CN-${pad(serial, 6)}`,
          Status: 'Approved',
          CurrencyCode: 'NZD',
          TotalAmount: `${rng.between(20, 900)}.00`,
        },
        refs: refs({ Contact: any(pools.Contact), Order: any(pools.Order) }),
      };
  }
}

function address(rng: Prng): Record<string, string> {
  return {
    StreetLine1: `${rng.between(1, 400)} ${rng.pick(STREETS)}`,
    City: rng.pick(CITIES),
    PostCode: pad(rng.between(600, 9999), 4),
    Country: 'New Zealand',
  };
}

export const samplePositions = POSITIONS;
export const sampleFirstNames = FIRST_NAMES;
