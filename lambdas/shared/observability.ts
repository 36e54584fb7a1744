/**
 * Powertools for every Opsight function: structured logs, EMF metrics (namespace "Opsight")
 * and X-Ray tracing of the AWS SDK clients.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
}

export function observability(serviceName: string): Observability {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: 'Opsight', serviceName }),
    tracer: new Tracer({ serviceName }),
  };
}
