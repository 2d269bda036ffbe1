// Where the pipeline's routes go: the HTTP API the construct created, or the user's own API under
// a path prefix. Either way the URLs and the execute-api ARNs are computed here, once.
import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type { Construct } from 'constructs';

/** An HTTP API of the user's, which the pipeline's routes join under `pathPrefix`. */
export interface ExistingHttpApi {
  /** The API: an `HttpApi` of the app, or one imported with `HttpApi.fromHttpApiAttributes`. */
  readonly httpApi: apigw.IHttpApi;
  /**
   * Where providers reach the API, for the URLs the construct reports: a stage's `url`, or your
   * custom domain (`https://hooks.example.com`). Default: the API's endpoint, which is the URL of
   * its `$default` stage.
   */
  readonly url?: string;
  /**
   * Put before every route, e.g. `/idv` gives `POST /idv/webhooks/{provider}`. One or more path
   * segments, starting with `/`. Default: none.
   */
  readonly pathPrefix?: string;
}

/** One route of the pipeline. */
export interface PipelineRoute {
  readonly path: string;
  readonly method: apigw.HttpMethod;
  readonly integration: apigw.HttpRouteIntegration;
  readonly authorizer?: apigw.IHttpRouteAuthorizer;
}

const PREFIX = /^(\/[A-Za-z0-9._~-]+)+$/;

export class ApiRoutes {
  readonly api: apigw.IHttpApi;
  readonly pathPrefix: string;
  /** The URL the routes hang from, without a trailing slash. */
  readonly baseUrl: string;

  /**
   * `created` is an API the construct made itself; otherwise `existing` is the user's. Throws when
   * the prefix is not a path.
   */
  constructor(
    private readonly target:
      | { readonly created: apigw.HttpApi }
      | { readonly existing: ExistingHttpApi },
  ) {
    if ('created' in target) {
      this.api = target.created;
      this.pathPrefix = '';
      this.baseUrl = target.created.apiEndpoint;
      return;
    }
    const { httpApi, url, pathPrefix = '' } = target.existing;
    if (pathPrefix !== '' && !PREFIX.test(pathPrefix)) {
      throw new Error(
        `pathPrefix must be one or more path segments starting with "/" (e.g. "/idv"), got "${pathPrefix}"`,
      );
    }
    this.api = httpApi;
    this.pathPrefix = pathPrefix;
    // A stage's url ends in `/`; the routes' paths bring their own.
    this.baseUrl = url === undefined ? httpApi.apiEndpoint : url.replace(/\/$/, '');
  }

  /**
   * Adds a route under the prefix. On the construct's own API the route is the API's child, with
   * the id (and so the logical id) routes always had. On the user's API it is a child of `scope`,
   * so that the user's stack never depends on this one (which would be a cycle: this stack
   * already depends on the API's).
   */
  add(scope: Construct, id: string, route: PipelineRoute): apigw.HttpRoute[] {
    const path = `${this.pathPrefix}${route.path}`;
    if ('created' in this.target) {
      return this.target.created.addRoutes({
        path,
        methods: [route.method],
        integration: route.integration,
        ...(route.authorizer ? { authorizer: route.authorizer } : {}),
      });
    }
    return [
      new apigw.HttpRoute(scope, id, {
        httpApi: this.api,
        routeKey: apigw.HttpRouteKey.with(path, route.method),
        integration: route.integration,
        ...(route.authorizer ? { authorizer: route.authorizer } : {}),
      }),
    ];
  }

  /** The URL of `path` (under the prefix). */
  url(path: string): string {
    return `${this.baseUrl}${this.pathPrefix}${path}`;
  }

  /** The execute-api ARN of `method` on `path` (which may end in `*`), on every stage. */
  executeApiArn(scope: Construct, method: apigw.HttpMethod, path: string): string {
    return Stack.of(scope).formatArn({
      service: 'execute-api',
      resource: this.api.apiId,
      resourceName: `*/${method}${this.pathPrefix}${path}`,
    });
  }
}
