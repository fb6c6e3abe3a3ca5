import type { ArloCredentials } from './config-types';

/** The credential settings of one platform, from ARLO_* variables or an ARLO_PLATFORMS_FILE entry. */
interface CredentialFields {
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly oauthTokenUrl?: string | undefined;
  readonly oauthClientId?: string | undefined;
  readonly oauthClientSecret?: string | undefined;
  readonly oauthScope?: string | undefined;
}

type CredentialsOrProblem =
  | { readonly credentials: ArloCredentials }
  | { readonly problem: 'oauth-incomplete' | 'missing'; readonly message: string };

/** OAuth 2 when any OAuth setting is given (then all three are needed), else HTTP Basic. */
export function credentialsOf(f: CredentialFields): CredentialsOrProblem {
  if (f.oauthTokenUrl || f.oauthClientId || f.oauthClientSecret) {
    if (!f.oauthTokenUrl || !f.oauthClientId || !f.oauthClientSecret) {
      return {
        problem: 'oauth-incomplete',
        message: 'OAuth 2 needs token URL, client ID and client secret together',
      };
    }
    return {
      credentials: {
        kind: 'oauth2',
        tokenUrl: f.oauthTokenUrl,
        clientId: f.oauthClientId,
        clientSecret: f.oauthClientSecret,
        ...(f.oauthScope ? { scope: f.oauthScope } : {}),
      },
    };
  }
  if (f.username && f.password) {
    return { credentials: { kind: 'basic', username: f.username, password: f.password } };
  }
  return {
    problem: 'missing',
    message: 'needs username and password (HTTP Basic) or OAuth 2 client settings',
  };
}
