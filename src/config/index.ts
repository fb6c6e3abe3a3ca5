/**
 * The configuration module: the only code that reads `process.env`. Every variable is declared once in
 * variables/ (type, default, meaning); loadConfig() parses them from the environment, `.env` and the
 * local stack's values, and returns a frozen Config.
 */
export type { ArloCredentials, Config, Env, FeedConsumerConfig, PlatformConfig } from './config-types';
export { ConfigError } from './config-error';
export { chooseConfiguredPlatform, PlatformChoiceError } from './choose-platform';
export { loadConfig, loadConfigWithSources, type ConfigLayers } from './load-config';
export { userEnvironment } from './user-environment';
export { describeConfig } from './describe-config';
export { maskCredentials } from './mask-credentials';
export { childProcessEnv, executableSearchPath } from './child-process-env';
