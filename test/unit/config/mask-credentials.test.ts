import { maskCredentials } from '../../../src/config';

const PASSWORD = 'Pw-9xQ';

describe('maskCredentials', () => {
  it.each([
    ['a MongoDB URI', `mongodb://app:${PASSWORD}@db1:27017,db2:27017/arlo?replicaSet=rs0`],
    ['a mongodb+srv URI', `mongodb+srv://app:${PASSWORD}@cluster0.example.net/arlo`],
    ['a password in the query', `mongodb://db:27017/?tlsCertificateKeyFilePassword=${PASSWORD}`],
    ['a proxy password', `mongodb://db:27017/?proxyHost=p&proxyUsername=u&proxyPassword=${PASSWORD}`],
    ['an unescaped @ in the password', `mongodb://app:${PASSWORD}@x@db:27017/`],
    ['a broken percent-encoding', `mongodb://app:${PASSWORD}%ZZ@db:27017/`],
    ['a mongodb+srv URI with a port (invalid)', `mongodb+srv://app:${PASSWORD}@cluster0.example.net:27017/`],
    ['an https URL', `https://api:${PASSWORD}@acme.arlo.co/api/2012-02-01/auth/resources/`],
    ['a token as the user name', `https://${PASSWORD}@acme.arlo.co/`],
    ['host:port with credentials and no scheme', `app:${PASSWORD}@temporal:7233`],
    ['a line break inside', `mongodb://app:${PASSWORD}\n@db:27017/`],
  ])('hides the password in %s', (_what, uri) => {
    expect(maskCredentials(uri)).not.toContain(PASSWORD);
  });

  it('keeps the host, port, database and options, which a reader needs', () => {
    expect(maskCredentials(`mongodb://app:${PASSWORD}@db1:27017,db2:27017/arlo?replicaSet=rs0`)).toBe(
      'mongodb://<credentials>@db1:27017,db2:27017/arlo?replicaSet=rs0',
    );
    expect(maskCredentials(`https://api:${PASSWORD}@acme.arlo.co/api/`)).toBe(
      'https://<credentials>@acme.arlo.co/api/',
    );
  });

  it('leaves a URI without credentials as it is', () => {
    for (const uri of [
      'mongodb://127.0.0.1:27017/',
      'mongodb://db:27017/?replicaSet=rs0',
      'https://acme.arlo.co/api/2012-02-01/auth/resources/',
      'temporal:7233',
      '0 2 * * *',
    ]) {
      expect(maskCredentials(uri)).toBe(uri);
    }
  });
});
