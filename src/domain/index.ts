export * from './arlo-event';
export * from './arlo-timestamp';
export * from './event-id';
export * from './resource-types';
export * from './workflow-ids';
export * from './search-attributes';
export * from './bulk-cursor';
export * from './bulk-walk';
