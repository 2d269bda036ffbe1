// The store: the sessions table (session items and event dedupe records, and the stream of its
// writes) and the quarantine
// table. Both encrypted with the AWS managed key, recoverable to any point in the last 35 days,
// and expiring dedupe records and quarantined bodies by TTL.
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { PARTITION_KEY, SESSION_STREAM_VIEW, TTL_ATTRIBUTE } from '../functions/storage/tables.js';

export interface SessionStoreProps {
  /** What deleting the stack does to the tables; the construct's default is RETAIN. */
  readonly removalPolicy: RemovalPolicy;
}

export class SessionStore extends Construct {
  readonly sessions: dynamodb.Table;
  readonly quarantine: dynamodb.Table;

  constructor(scope: Construct, id: string, props: SessionStoreProps) {
    super(scope, id);
    const table = (name: string, stream?: dynamodb.StreamViewType) =>
      new dynamodb.Table(this, name, {
        ...(stream ? { stream } : {}),
        partitionKey: { name: PARTITION_KEY, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: TTL_ATTRIBUTE,
        removalPolicy: props.removalPolicy,
      });
    // The stream is the outbox of session changes: both images, for the publisher (lib/reactions.ts).
    this.sessions = table('Sessions', dynamodb.StreamViewType[SESSION_STREAM_VIEW]);
    this.quarantine = table('Quarantine');
  }
}
