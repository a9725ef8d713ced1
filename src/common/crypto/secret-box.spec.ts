import { SecretBox } from './secret-box';

describe('secret box', () => {
  const k1 = { id: 'k1', key: Buffer.alloc(32, 1) };
  const k2 = { id: 'k2', key: Buffer.alloc(32, 2) };
  const PURPOSE = 'test/purpose';

  it('opens what it sealed, for the same record only', () => {
    const box = new SecretBox([k1], PURPOSE);
    const sealed = box.seal('webhook-secret', 'endpoint-1');
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(sealed).not.toContain('webhook-secret');
    expect(box.open(sealed, 'endpoint-1')).toBe('webhook-secret');
    expect(() => box.open(sealed, 'endpoint-2')).toThrow();
  });

  it('opens values sealed under an older key after a new one leads', () => {
    const sealed = new SecretBox([k1], PURPOSE).seal('s', 'e');
    expect(new SecretBox([k2, k1], PURPOSE).open(sealed, 'e')).toBe('s');
    expect(() => new SecretBox([k2], PURPOSE).open(sealed, 'e')).toThrow(/unknown key/);
  });

  it('keeps purposes apart: a value sealed for one does not open as another', () => {
    const sealed = new SecretBox([k1], 'one').seal('s', 'e');
    expect(() => new SecretBox([k1], 'two').open(sealed, 'e')).toThrow();
  });

  it('seals bytes the same way, and refuses a changed byte', () => {
    const box = new SecretBox([k2, k1], PURPOSE);
    const plain = Buffer.from([0, 1, 2, 250, 251, 252, 9, 9, 9]);
    const sealed = box.sealBytes(plain, 'draft-1');
    expect(sealed.includes(plain)).toBe(false);
    expect(box.openBytes(sealed, 'draft-1')).toEqual(plain);
    expect(new SecretBox([k1, k2], PURPOSE).openBytes(sealed, 'draft-1')).toEqual(plain);
    expect(() => box.openBytes(sealed, 'draft-2')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => box.openBytes(tampered, 'draft-1')).toThrow();
    expect(() => box.openBytes(Buffer.from([3]), 'draft-1')).toThrow(/malformed/);
  });
});
