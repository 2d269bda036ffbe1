// Reports: CasaPay verification reports retrieved on completion. A rule on the reactions bus
// queues a retrieval job for each committed CasaPay session whose report is due; the report
// fetcher takes the jobs from that queue (with its own dead-letter queue, so an outage of
// CasaPay's API never holds up intake or state) and records each finding in the session. The full
// reports can be archived in a KMS-encrypted bucket (docs/reports.md).
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEAD_LETTER_RETENTION_DAYS } from '../functions/queue/topology.js';
import { ARCHIVE_PREFIX } from '../functions/reports/report-archive.js';
import { REPORT_DUE_PATTERN } from '../functions/reports/retrieval-job.js';
import {
  attemptsWithin,
  DEFAULT_RETRIEVAL_SCHEDULE,
} from '../functions/reports/retrieval-schedule.js';
import { secretIdEnvName } from '../functions/secrets/secret-source.js';
import { type FunctionDefaults, webhookFunction } from './webhook-function.js';

/** The fetcher's memory (arm64): it mostly waits for CasaPay's API. */
export const REPORT_FETCHER_MEMORY_MB = 256;

/**
 * The fetcher's timeout: three calls of at most 10 s with the waits between them, and the
 * session commit, with room to spare (functions/config.ts, readReportFetcherConfig).
 */
export const REPORT_FETCHER_TIMEOUT = Duration.seconds(60);

/** How long a full report is kept in the archive, by default. */
export const DEFAULT_ARCHIVE_EXPIRATION_DAYS = 30;

/**
 * Jobs in flight at once: batches of 5 and at most 2 invocations (the least an SQS event source
 * allows), so a burst of completions reaches CasaPay's API as at most 10 concurrent calls.
 */
export const REPORT_BATCH_SIZE = 5;
export const DEFAULT_REPORT_MAX_CONCURRENCY = 2;

export interface ReportsProps {
  /** The reactions bus, where Session Changed events are published. */
  readonly bus: events.IEventBus;
  readonly sessions: dynamodb.ITable;
  /** The CasaPay secret; its document's `apiKey` is the key reports are retrieved with. */
  readonly secret: secretsmanager.ISecret;
  readonly secretsCacheSeconds: number;
  /** How long after the first attempt the fetcher keeps trying. */
  readonly horizon: Duration;
  /** CasaPay-Version to pin, when set. */
  readonly apiVersion?: string | undefined;
  /** The base URL of CasaPay's API, when not the documented one. */
  readonly apiUrl?: string | undefined;
  /** Archive full reports for this long; undefined: no archive. */
  readonly archiveExpiration?: Duration | undefined;
  readonly removalPolicy: RemovalPolicy;
  readonly maxConcurrency: number;
  readonly memorySize: number;
  readonly functionDefaults: FunctionDefaults;
}

export class Reports extends Construct {
  /** Retrieval jobs: Session Changed events of sessions whose report is due. */
  readonly queue: sqs.Queue;
  /** Jobs that failed every delivery, and events the rule could not deliver. */
  readonly deadLetterQueue: sqs.Queue;
  readonly rule: events.Rule;
  readonly fetcher: lambda.Function;
  /** Full reports, when archiving is on. */
  readonly archive: s3.Bucket | undefined;
  readonly archiveKey: kms.Key | undefined;

  constructor(scope: Construct, id: string, props: ReportsProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_DAYS),
    });
    const schedule = { ...DEFAULT_RETRIEVAL_SCHEDULE, horizonSeconds: props.horizon.toSeconds() };
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
      visibilityTimeout: Duration.seconds(REPORT_FETCHER_TIMEOUT.toSeconds() * 6),
      // A job outlives the horizon: it is delivered again until the fetcher settles it.
      retentionPeriod: Duration.seconds(
        Math.min(14 * 86_400, Math.max(4 * 86_400, schedule.horizonSeconds * 2)),
      ),
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        // Every attempt the schedule makes within the horizon is one delivery; ten spare ones
        // absorb crashes and unexpected errors before a job is set aside.
        maxReceiveCount: attemptsWithin(schedule) + 10,
      },
    });

    if (props.archiveExpiration) {
      this.archiveKey = new kms.Key(this, 'ArchiveKey', {
        description: 'idv-webhooks: the archive of full CasaPay verification reports',
        enableKeyRotation: true,
        removalPolicy: props.removalPolicy,
      });
      this.archive = new s3.Bucket(this, 'Archive', {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: this.archiveKey,
        bucketKeyEnabled: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        lifecycleRules: [
          {
            expiration: props.archiveExpiration,
            abortIncompleteMultipartUploadAfter: Duration.days(1),
          },
        ],
        removalPolicy: props.removalPolicy,
      });
      Validations.of(this.archive).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          'Object access is audited with CloudTrail data events where the account records them; server access logs would need a second bucket holding requesters and keys of personal data.',
      });
    }

    this.fetcher = webhookFunction(this, 'Fetcher', {
      entry: 'report-fetcher',
      description: 'idv-webhooks report fetcher: retrieves CasaPay verification reports',
      memorySize: props.memorySize,
      timeout: REPORT_FETCHER_TIMEOUT,
      defaults: props.functionDefaults,
      environment: {
        SESSIONS_TABLE: props.sessions.tableName,
        REPORT_QUEUE_URL: this.queue.queueUrl,
        [secretIdEnvName('casapay')]: props.secret.secretArn,
        SECRETS_CACHE_SECONDS: String(props.secretsCacheSeconds),
        REPORT_HORIZON_SECONDS: String(schedule.horizonSeconds),
        ...(props.apiUrl ? { CASAPAY_API_URL: props.apiUrl } : {}),
        ...(props.apiVersion ? { CASAPAY_API_VERSION: props.apiVersion } : {}),
        ...(this.archive ? { REPORT_ARCHIVE_BUCKET: this.archive.bucketName } : {}),
      },
    });
    this.fetcher.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: REPORT_BATCH_SIZE,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency,
      }),
    );
    // The event source's grant includes sqs:ChangeMessageVisibility, with which a job to check
    // again later is made visible again after its delay (functions/reports/report-queue.ts).
    // The session read is a GetItem; a finding is recorded like a webhook: a conditional PutItem
    // of the session.
    this.fetcher.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [props.sessions.tableArn],
      }),
    );
    props.secret.grantRead(this.fetcher);
    if (this.archive && this.archiveKey) {
      this.fetcher.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [this.archive.arnForObjects(`${ARCHIVE_PREFIX}*`)],
        }),
      );
      this.fetcher.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey'],
          resources: [this.archiveKey.keyArn],
        }),
      );
      if (this.fetcher.role) {
        const bucketId = Stack.of(this).getLogicalId(
          this.archive.node.defaultChild as s3.CfnBucket,
        );
        Validations.of(this.fetcher.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${ARCHIVE_PREFIX}*]`,
          reason: 'The fetcher writes one object per report, under the archive prefix only.',
        });
      }
    }

    this.rule = new events.Rule(this, 'ReportDue', {
      eventBus: props.bus,
      description: 'idv-webhooks: a CasaPay session whose verification report is due',
      eventPattern: {
        source: [...REPORT_DUE_PATTERN.source],
        detailType: [...REPORT_DUE_PATTERN['detail-type']],
        detail: REPORT_DUE_PATTERN.detail,
      },
    });
    // The job is the event itself; what EventBridge cannot deliver (after a day of retries) goes
    // to the dead-letter queue, from which a redrive makes it a job again.
    this.rule.addTarget(
      new targets.SqsQueue(this.queue, {
        deadLetterQueue: this.deadLetterQueue,
        maxEventAge: Duration.hours(24),
        retryAttempts: 185,
      }),
    );
  }

  /** Lets `grantee` read the archived reports (GetObject under the prefix, Decrypt with the key). */
  grantReadReports(grantee: iam.IGrantable): iam.Grant {
    if (!this.archive || !this.archiveKey) {
      throw new Error(`${this.node.path}: the report archive is off (reports.archive)`);
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: [this.archive.arnForObjects(`${ARCHIVE_PREFIX}*`)],
    }).combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['kms:Decrypt'],
        resourceArns: [this.archiveKey.keyArn],
      }),
    );
  }
}
