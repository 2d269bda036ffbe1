// The session view: `GET /sessions/{provider}/{sessionId}` on the same HTTP API, behind IAM
// authorization (callers sign with SigV4; it is never public), reading sessions and nothing else.
import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { type FunctionDefaults, WebhookFunction } from './webhook-function.js';

export interface SessionViewProps {
  readonly api: apigw.HttpApi;
  readonly sessions: dynamodb.ITable;
  readonly functionDefaults: FunctionDefaults;
}

export class SessionView extends Construct {
  readonly function: WebhookFunction;
  readonly routes: apigw.HttpRoute[];

  constructor(scope: Construct, id: string, props: SessionViewProps) {
    super(scope, id);
    this.function = new WebhookFunction(this, 'Function', {
      entry: 'session-view.ts',
      description: 'idv-webhooks session view: reads one verification session',
      memorySize: 256,
      timeout: Duration.seconds(10),
      defaults: props.functionDefaults,
      environment: { SESSIONS_TABLE: props.sessions.tableName },
    });
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [props.sessions.tableArn],
      }),
    );
    this.routes = props.api.addRoutes({
      path: '/sessions/{provider}/{sessionId}',
      methods: [apigw.HttpMethod.GET],
      authorizer: new HttpIamAuthorizer(),
      integration: new HttpLambdaIntegration('SessionViewIntegration', this.function, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      }),
    });
  }
}
