import { z } from 'zod';

import { decimalFrom, port, projectPath, wholeNumberFrom } from '../schemas';
import type { VariableDeclaration } from './declaration';

/** Logging, and the embedded local stack `npm start` (`arlo-sync up`) runs. */
export const LOCAL_STACK_VARIABLES = {
  LOG_LEVEL: {
    group: 'local',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    description: 'pino log level',
  },
  ARLO_SYNC_DATA_DIR: {
    group: 'local',
    schema: projectPath,
    default: '.data',
    description: 'data of the embedded stack and the webhook key files (relative to the project root)',
  },
  ARLO_SYNC_TOOLS_DIR: {
    group: 'local',
    schema: projectPath,
    default: '.tools',
    description: 'the provisioned Temporal CLI and FerretDB binaries (relative to the project root)',
  },
  ARLO_SYNC_DEV_TEMPORAL_PORT: {
    group: 'local',
    schema: port,
    default: '7233',
    description: 'port of the embedded Temporal dev server',
  },
  ARLO_SYNC_DEV_TEMPORAL_UI_PORT: {
    group: 'local',
    schema: port,
    default: '8233',
    description: 'port of its Web UI',
  },
  ARLO_SYNC_DEV_MONGODB_PORT: {
    group: 'local',
    schema: port,
    default: '27017',
    description: 'port of the embedded FerretDB',
  },
  SIMULATOR_PORT: {
    group: 'local',
    schema: port,
    default: '4010',
    description: 'port of the Arlo simulator',
  },
  SIMULATOR_CONTROL_PORT: {
    group: 'local',
    schema: port,
    default: '4011',
    description: "port of the simulator's control API",
  },
  SIMULATOR_DEMO_SEED_RECORDS: {
    group: 'local',
    schema: wholeNumberFrom(0),
    default: '200',
    description: 'records the demo simulator seeds',
  },
  SIMULATOR_DEMO_EDITS_PER_SECOND: {
    group: 'local',
    schema: decimalFrom(0),
    default: '2',
    description: 'Arlo-user edits per second the demo simulator makes (0: none)',
  },
} as const satisfies Record<string, VariableDeclaration>;
