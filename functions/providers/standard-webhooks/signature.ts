// The Standard Webhooks signature scheme (standardwebhooks.com): `webhook-signature: v1,<base64>`
// where the signature is HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the
// base64-decoded part of a `whsec_...` secret. Local mode signs the session changes it forwards.
import { createHmac, randomBytes } from 'node:crypto';

export const ID_HEADER = 'webhook-id';
export const TIMESTAMP_HEADER = 'webhook-timestamp';
export const SIGNATURE_HEADER = 'webhook-signature';

const SECRET_PREFIX = 'whsec_';

/** The key bytes of a `whsec_<base64>` secret; throws on anything else. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX))
    throw new Error('a Standard Webhooks secret starts with whsec_');
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length < 16)
    throw new Error('a Standard Webhooks secret holds at least 16 bytes of base64');
  return key;
}

/** A new random secret in the scheme's format (24 bytes, as the reference libraries make). */
export const newSecret = (): string => `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;

/** The three headers a Standard Webhooks sender sends with `body`. */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  const signature = createHmac('sha256', secretKey(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return {
    [ID_HEADER]: id,
    [TIMESTAMP_HEADER]: String(timestampSeconds),
    [SIGNATURE_HEADER]: `v1,${signature}`,
  };
}
