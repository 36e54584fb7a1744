/**
 * API Gateway (REST, proxy integration) → the REST API router. Wiring only.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { createApi } from '../src/api';
import { DynamoStore } from '../src/aws/store/dynamo-store';

const logger = new Logger({ serviceName: 'opsight-api' });

const tableName = process.env.TABLE_NAME;
if (!tableName) throw new Error('Environment variable TABLE_NAME is required');

const store = new DynamoStore({ client: new DynamoDBClient({ retryMode: 'adaptive' }), tableName });

export const handler = handle(createApi({ store, onError: (err) => logger.error('unhandled API error', err as Error) }));
