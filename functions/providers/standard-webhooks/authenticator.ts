// A Standard Webhooks source's authentication, all the ingest loads of it: secrets and signature.
import * as v from 'valibot';
import type { ProviderAuthenticator } from '../provider.js';
import { parseSecretDocument, secretString } from '../secret-document.js';
import {
  messageIdOf,
  signingKey,
  signStandardWebhook,
  verifyStandardWebhook,
} from './signature.js';
import type { StandardWebhooksSource } from './sources.js';

/** `{"signingSecrets": ["whsec_<newest>", "whsec_<older>"]}`: each a base64 key of 24-64 bytes. */
const StandardWebhooksSecretDocument = v.object({
  signingSecrets: v.pipe(
    v.array(
      v.pipe(
        secretString,
        v.check(
          (secret) => signingKey(secret) !== undefined,
          'must be whsec_ followed by the base64 of a 24 to 64 byte key',
        ),
      ),
    ),
    v.minLength(1, 'must list at least one secret'),
  ),
});

export interface StandardWebhooksSecrets {
  readonly signingSecrets: readonly string[];
  /** The decoded HMAC keys, in the same order. */
  readonly keys: readonly Buffer[];
}

/** The authenticator of one configured source, under the source's name and replay window. */
export function standardWebhooksAuthenticator(
  source: Pick<StandardWebhooksSource, 'name' | 'toleranceSeconds'>,
): ProviderAuthenticator<StandardWebhooksSecrets> {
  return {
    name: source.name,
    parseSecrets(document) {
      const { signingSecrets } = parseSecretDocument(
        source.name,
        StandardWebhooksSecretDocument,
        document,
      );
      return { signingSecrets, keys: signingSecrets.flatMap((s) => signingKey(s) ?? []) };
    },
    verify: (request, secrets, now) =>
      verifyStandardWebhook(request, secrets.keys, now, source.toleranceSeconds),
    sign: (body, secrets, now) =>
      signStandardWebhook(
        secrets.signingSecrets[0] ?? '',
        messageIdOf(body),
        Math.floor(now.getTime() / 1000),
        body,
      ),
  };
}
