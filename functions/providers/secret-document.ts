// Validates a provider's secret document with valibot without ever echoing a secret value.
import * as v from 'valibot';
import { SecretDocumentError } from './provider.js';

/** A secret string: surrounding whitespace (a common copy-paste accident) is trimmed away. */
export const secretString = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));

/**
 * `{"signingSecrets": ["<newest>", "<older>"]}`: the document of every provider signed with one
 * shared secret (every one listed is accepted, so a rotation never refuses a correctly signed
 * webhook).
 */
export const SigningSecretsDocument = v.object({
  signingSecrets: v.pipe(v.array(secretString), v.minLength(1, 'must list at least one secret')),
});

export interface SigningSecrets {
  readonly signingSecrets: readonly string[];
}

/** Parses `document` with `schema`; failures name the offending path and problem only. */
export function parseSecretDocument<TSchema extends v.GenericSchema>(
  provider: string,
  schema: TSchema,
  document: unknown,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, document);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => {
    const path = v.getDotPath(issue) ?? '(document)';
    return `${path} ${issue.kind !== 'schema' ? issue.message : issue.received === 'undefined' ? 'is missing' : `expected ${issue.expected}`}`;
  });
  throw new SecretDocumentError(provider, problems.join('; '));
}

/** A provider's `{"signingSecrets": [...]}` document, validated and trimmed. */
export const parseSigningSecrets = (provider: string, document: unknown): SigningSecrets =>
  parseSecretDocument(provider, SigningSecretsDocument, document);

/** The newest of the signing secrets, which `sign` uses. */
export const newestSecret = (secrets: SigningSecrets): string => secrets.signingSecrets[0] ?? '';
