import { describe, expect, it } from 'vitest';
import { createTokenCipher, parseEncryptionKey } from '../src/token-cipher.ts';

describe('tokens at rest', () => {
  const key = parseEncryptionKey('ab'.repeat(32)) as Buffer;

  it('round-trips, with a fresh IV each time', () => {
    const cipher = createTokenCipher(key);
    const a = cipher.encrypt('xoxb-secret');
    const b = cipher.encrypt('xoxb-secret');
    expect(a).not.toBe(b);
    expect(a).not.toContain('xoxb');
    expect(cipher.decrypt(a)).toBe('xoxb-secret');
  });

  it('a wrong key or a changed byte fails instead of handing out a garbled token', () => {
    const sealed = createTokenCipher(key).encrypt('xoxb-secret');
    expect(() => createTokenCipher(parseEncryptionKey('cd'.repeat(32)) as Buffer).decrypt(sealed)).toThrow();
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    expect(() => createTokenCipher(key).decrypt(`v1:${bytes.toString('base64')}`)).toThrow();
  });

  it('takes 64 hex characters or base64 of 32 bytes, nothing else', () => {
    expect(parseEncryptionKey(Buffer.alloc(32, 7).toString('base64'))).toHaveLength(32);
    expect(parseEncryptionKey('abc')).toBeUndefined();
    expect(parseEncryptionKey('ab'.repeat(31))).toBeUndefined();
  });
});
