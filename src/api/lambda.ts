/**
 * API Gateway's Lambda adapter: the same router as the local server, through Hono's
 * aws-lambda adapter (REST proxy integration v1, HTTP API v2 and ALB events).
 * A Lambda entry point only builds the dependencies and exports the handler.
 */
import { handle } from 'hono/aws-lambda';
import { createApi, type ApiDeps } from './app';

export function createLambdaHandler(deps: ApiDeps): ReturnType<typeof handle> {
  return handle(createApi(deps));
}
