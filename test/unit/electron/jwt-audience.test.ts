import crypto from 'node:crypto';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwtAudience, signJwtAssertion } from '../../../electron/services/salesforce/auth';

describe('JWT bearer audience (#15 item 7)', () => {
  it('is the login server, never the My Domain URL', () => {
    expect(jwtAudience('https://login.salesforce.com')).toBe('https://login.salesforce.com');
    expect(jwtAudience('https://acme.my.salesforce.com')).toBe('https://login.salesforce.com');
    expect(jwtAudience('http://127.0.0.1:4711')).toBe('https://login.salesforce.com');
    expect(jwtAudience('https://test.salesforce.com/')).toBe('https://test.salesforce.com');
    expect(jwtAudience('https://acme--uat.sandbox.my.salesforce.com')).toBe('https://test.salesforce.com');
    expect(jwtAudience('not a url')).toBe('https://login.salesforce.com');
  });

  it('signs that audience into the assertion', async () => {
    const pem = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const claims = decodeJwt(await signJwtAssertion({ loginUrl: 'https://acme.my.salesforce.com', clientId: 'ck', username: 'u@x', privateKeyPem: pem }));
    expect(claims).toMatchObject({ iss: 'ck', sub: 'u@x', aud: 'https://login.salesforce.com' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(180);
  });
});
