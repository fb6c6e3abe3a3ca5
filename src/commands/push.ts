/**
 * `arlo-sync push contact|organisation --external-id HR-1 --field FirstName=Sarah ... [--dry-run]`:
 * the same push as `POST /push/...`, validated the same way. A dry run prints what would be sent (the
 * RFC 5261 diff document of a PATCH, or the body of a POST) exactly as it would be sent; any other
 * outcome is printed as JSON.
 */
import { chooseConfiguredPlatform, type Config } from '../config';
import { PUSH_RESOURCE_TYPES, type PushOutcome, type PushResourceType } from '../domain/push-messages';
import { loadOwnership } from '../push/field-ownership';
import { pushToArlo } from '../push/push-client';
import { parsePushBody } from '../push/push-request-schema';
import { connectClient, temporalTarget } from '../temporal/connection';

export interface PushCommandOptions {
  readonly externalId: string;
  readonly field: readonly string[];
  readonly position?: string;
  readonly organisationId?: string;
  readonly platform?: string;
  readonly deepLink?: string;
  readonly dryRun?: boolean;
}

/** What the command takes, in any case, singular or plural (the push API's routes are plural). */
const KINDS: Readonly<Record<string, PushResourceType>> = {
  contact: 'Contact',
  contacts: 'Contact',
  organisation: 'Organisation',
  organisations: 'Organisation',
};

/** `Name=Value` pairs; the value may contain `=`. */
export function parseFieldArguments(pairs: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0)
      throw new Error(`--field ${JSON.stringify(pair)}: write it as Name=Value, e.g. FirstName=Sarah`);
    fields[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return fields;
}

export async function pushCommand(
  config: Config,
  kind: string,
  options: PushCommandOptions,
): Promise<string> {
  const resourceType = KINDS[kind.toLowerCase()];
  if (resourceType === undefined) {
    throw new Error(
      `push what? ${JSON.stringify(kind)} is not a kind of record arlo-sync pushes: use contact or ` +
        `organisation (Arlo's ${PUSH_RESOURCE_TYPES.join(' and ')})`,
    );
  }
  const employment =
    options.position !== undefined || options.organisationId !== undefined
      ? {
          ...(options.position !== undefined ? { position: options.position } : {}),
          ...(options.organisationId !== undefined ? { organisationId: options.organisationId } : {}),
        }
      : undefined;
  const parsed = parsePushBody(
    resourceType,
    {
      externalId: options.externalId,
      fields: parseFieldArguments(options.field),
      ...(employment ? { employment } : {}),
      platform: chooseConfiguredPlatform(config.platforms, options.platform).name,
      ...(options.deepLink !== undefined ? { deepLink: options.deepLink } : {}),
      dryRun: options.dryRun === true,
    },
    { ownership: loadOwnership(config.push.ownershipFile), platforms: config.platforms.map((p) => p.name) },
  );
  if (!parsed.ok) throw new Error(`invalid push:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}`);
  const client = await connectClient(temporalTarget(config));
  try {
    return describeOutcome(resourceType, await pushToArlo(client, config, parsed.call));
  } finally {
    await client.connection.close();
  }
}

/** A dry run as the request it plans (a line saying what, then the document); anything else as JSON. */
export function describeOutcome(resourceType: PushResourceType, outcome: PushOutcome): string {
  if (outcome.outcome !== 'planned') return JSON.stringify(outcome, null, 2);
  const fields = outcome.fields.length > 0 ? ` (${outcome.fields.join(', ')})` : '';
  switch (outcome.action) {
    case 'none':
      return `Dry run: ${resourceType} ${outcome.arloId ?? ''} already holds these values; nothing would be sent.`;
    case 'patch':
      return `Dry run: would PATCH ${resourceType} ${outcome.arloId ?? ''}${fields} with this diff document:\n${outcome.document ?? ''}`;
    case 'create':
      return `Dry run: no such ${resourceType} in Arlo; would POST a new one${fields} with this body:\n${outcome.document ?? ''}`;
  }
}
