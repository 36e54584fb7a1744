/** The rules that read an insight's log evidence (also in the catalog). */
import type { RecommendationRule } from './types';
import { dynamodbLogThroughputExceeded } from './rules/dynamodb-log-throughput-exceeded';
import { iamLogAccessDenied } from './rules/iam-log-access-denied';
import { lambdaLogOutOfMemory } from './rules/lambda-log-out-of-memory';
import { lambdaLogThrottled } from './rules/lambda-log-throttled';
import { lambdaLogTimeout } from './rules/lambda-log-timeout';
import { rdsLogConnectionRefused } from './rules/rds-log-connection-refused';

export const LOG_RULES: readonly RecommendationRule[] = [dynamodbLogThroughputExceeded, iamLogAccessDenied, lambdaLogOutOfMemory, lambdaLogThrottled, lambdaLogTimeout, rdsLogConnectionRefused];
