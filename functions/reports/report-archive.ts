// The opt-in archive of full reports (personal and financial data included): an S3 bucket,
// KMS-encrypted, whose object key the session keeps as a claim check (docs/reports.md, "Archive").
import { PutObjectCommand, type S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** Where full reports are kept, when the deployment asks for it. */
export interface ReportArchive {
  /** Stores `body` under `key`; resolves once it is stored. */
  put(key: string, body: Uint8Array): Promise<void>;
}

/** Every object is under this prefix, which the fetcher may write and `grantReadReports` read. */
export const ARCHIVE_PREFIX = 'casapay/';

/**
 * `casapay/<session>/<report>.json`: one object per report, so a repeated retrieval overwrites
 * the same object. Ids are percent-encoded: a `/` in an id cannot make another path.
 */
export const archiveKeyOf = (sessionId: string, reportId: string): string =>
  `${ARCHIVE_PREFIX}${encodeURIComponent(sessionId)}/${encodeURIComponent(reportId)}.json`;

/** Fail a hung call fast: the job is retried, nothing is lost. */
export const S3_CLIENT_CONFIG = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
} satisfies S3ClientConfig;

export class S3ReportArchive implements ReportArchive {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array): Promise<void> {
    // The bucket's default encryption (its KMS key) applies; nothing here names a key.
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
      }),
    );
  }
}
