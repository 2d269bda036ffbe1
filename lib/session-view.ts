// The session view: `GET /sessions/{provider}/{sessionId}` on the same HTTP API, behind IAM
// authorization (callers sign with SigV4; it is never public), reading sessions and nothing else.
import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ApiRoutes } from './api-routes.js';
import { type FunctionDefaults, webhookFunction } from './webhook-function.js';

/** The view reads one item per request; sized like the ingest (docs/benchmarks.md). */
export const SESSION_VIEW_MEMORY_MB = 256;

const SESSIONS_PATH = '/sessions/{provider}/{sessionId}';

export interface SessionViewProps {
  readonly routes: ApiRoutes;
  readonly sessions: dynamodb.ITable;
  readonly memorySize: number;
  readonly functionDefaults: FunctionDefaults;
  /** More configuration for the view (the Standard Webhooks sources whose sessions it shows). */
  readonly environment?: Readonly<Record<string, string>>;
}

export class SessionView extends Construct {
  readonly function: lambda.Function;
  readonly routes: apigw.HttpRoute[];
  /** The view's URL, with `{provider}` and `{sessionId}` left for the caller to fill in. */
  readonly url: string;
  private readonly apiRoutes: ApiRoutes;

  constructor(scope: Construct, id: string, props: SessionViewProps) {
    super(scope, id);
    this.apiRoutes = props.routes;
    this.function = webhookFunction(this, 'Function', {
      entry: 'session-view',
      description: 'idv-webhooks session view: reads one verification session',
      memorySize: props.memorySize,
      timeout: Duration.seconds(10),
      defaults: props.functionDefaults,
      environment: { SESSIONS_TABLE: props.sessions.tableName, ...props.environment },
    });
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [props.sessions.tableArn],
      }),
    );
    this.routes = props.routes.add(this, 'Route', {
      path: SESSIONS_PATH,
      method: apigw.HttpMethod.GET,
      authorizer: new HttpIamAuthorizer(),
      integration: new HttpLambdaIntegration('SessionViewIntegration', this.function, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      }),
    });
    this.url = props.routes.url(SESSIONS_PATH);
  }

  /** Lets `grantee` call the view (execute-api:Invoke on its route, every stage). */
  grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: [this.apiRoutes.executeApiArn(this, apigw.HttpMethod.GET, '/sessions/*')],
    });
  }
}
