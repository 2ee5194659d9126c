import { describe, expect, it } from 'vitest';
import { createLogger, redact, redactString, setLogSink } from '../../../electron/services/log';

describe('log redaction', () => {
  it('masks secrets by key and by shape', () => {
    const lines: string[] = [];
    setLogSink((l) => lines.push(l), 'debug');
    const log = createLogger('t');
    const session = '00D5g000004Xyz1!AQ4AQJ9dk_very_secret_token_value_123456';
    log.info(`calling with Bearer ${session}`, { refresh_token: 'rt-secret-1', nested: { password: 'pw', ok: 'visible' }, url: 'https://x/?access_token=abc123&x=1' });
    const text = lines.join('\n');
    expect(text).not.toContain(session);
    expect(text).not.toContain('rt-secret-1');
    expect(text).not.toContain('"pw"');
    expect(text).not.toContain('abc123');
    expect(text).toContain('visible');
    setLogSink((l) => process.stderr.write(l + '\n'), 'warn');
  });

  it('masks PEM private keys', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----';
    expect(redactString(`key: ${pem}`)).toBe('key: [REDACTED PRIVATE KEY]');
    expect(redact({ privateKey: pem })).toEqual({ privateKey: '[REDACTED]' });
  });
});
