import { SecretBox } from './secret-box';

describe('secret box', () => {
  const k1 = { id: 'k1', key: Buffer.alloc(32, 1) };
  const k2 = { id: 'k2', key: Buffer.alloc(32, 2) };

  it('opens what it sealed, for the same record only', () => {
    const box = new SecretBox([k1]);
    const sealed = box.seal('webhook-secret', 'endpoint-1');
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(sealed).not.toContain('webhook-secret');
    expect(box.open(sealed, 'endpoint-1')).toBe('webhook-secret');
    expect(() => box.open(sealed, 'endpoint-2')).toThrow();
  });

  it('opens values sealed under an older key after a new one leads', () => {
    const sealed = new SecretBox([k1]).seal('s', 'e');
    expect(new SecretBox([k2, k1]).open(sealed, 'e')).toBe('s');
    expect(() => new SecretBox([k2]).open(sealed, 'e')).toThrow(/unknown key/);
  });
});
