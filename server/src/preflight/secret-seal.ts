/**
 * Secrets from VS Code's SecretStorage travel to the language server sealed, so that the LSP trace
 * (`imprivata.trace.server: verbose` logs every request's parameters) never shows them: the server hands out a
 * one-time X25519 public key, the client derives a shared key with its own ephemeral key pair (HKDF-SHA-256) and
 * encrypts the secrets with AES-256-GCM. Only the two public keys and the ciphertext appear on the wire.
 *
 * node:crypto only: the VS Code client bundles the sealing half.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export interface SealingKey {
  keyId: string;
  /** X25519 public key, SPKI DER, base64. */
  publicKey: string;
}

export interface SealedSecrets {
  keyId: string;
  /** The client's ephemeral X25519 public key, SPKI DER, base64. */
  publicKey: string;
  iv: string;
  data: string;
  tag: string;
}

const INFO = Buffer.from('imprivata-preflight-secrets/1');
/** An unused key is forgotten after this long: a sealed message can only be opened shortly after it was asked for. */
const KEY_LIFETIME_MS = 5 * 60 * 1000;
const MAX_OPEN_KEYS = 16;

function derive(privateKey: KeyObject, publicKey: string, keyId: string): Buffer {
  const peer = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
  const shared = diffieHellman({ privateKey, publicKey: peer });
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(keyId), INFO, 32));
}

/** Client side: seals `secrets` (variable name → value) for the server's key. */
export function sealSecrets(key: SealingKey, secrets: Record<string, string>): SealedSecrets {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const aesKey = derive(privateKey, key.publicKey, key.keyId);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
  cipher.setAAD(Buffer.from(key.keyId));
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return {
    keyId: key.keyId,
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    iv: iv.toString('base64'),
    data: data.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

export class SealError extends Error {}

/** Server side: hands out one-time keys and opens what was sealed for them. */
export class SecretOpener {
  private readonly keys = new Map<string, { privateKey: KeyObject; created: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  newKey(): SealingKey {
    this.expire();
    const { privateKey, publicKey } = generateKeyPairSync('x25519');
    const keyId = randomUUID();
    this.keys.set(keyId, { privateKey, created: this.now() });
    return { keyId, publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
  }

  /** Opens sealed secrets; the key is used once. Throws SealError (in our words) when they cannot be opened. */
  open(sealed: SealedSecrets): Record<string, string> {
    this.expire();
    const entry = this.keys.get(sealed.keyId);
    this.keys.delete(sealed.keyId);
    if (!entry) throw new SealError('the sealed secrets name an unknown or expired key: ask for a new key and seal them again');
    try {
      const aesKey = derive(entry.privateKey, sealed.publicKey, sealed.keyId);
      const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(Buffer.from(sealed.keyId));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
      const value: unknown = JSON.parse(plain);
      if (!value || typeof value !== 'object') throw new SealError('the sealed secrets are not a map of names to values');
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
    } catch (error) {
      if (error instanceof SealError) throw error;
      throw new SealError('the sealed secrets could not be opened (damaged, or sealed for another key)');
    }
  }

  private expire(): void {
    const now = this.now();
    for (const [id, entry] of this.keys) if (now - entry.created > KEY_LIFETIME_MS) this.keys.delete(id);
    while (this.keys.size >= MAX_OPEN_KEYS) this.keys.delete(this.keys.keys().next().value as string);
  }
}
