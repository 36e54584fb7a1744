/** Forecast: consumed capacity is heading for the provisioned capacity. */
import { defineRule } from '../define';

export const dynamodbCapacityForecast = defineRule({
  id: 'dynamodb-capacity-forecast',
  name: 'Raise the provisioned capacity before it is exhausted',
  service: 'DynamoDB',
  link: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html',
  weight: 0.95,
  insightType: 'PROACTIVE',
  anomalies: [{ namespace: 'AWS/DynamoDB', metric: /^Consumed(Read|Write)CapacityUnits$/, direction: 'ABOVE' }],
  description:
    'Raise the provisioned read or write capacity (or the auto scaling maximum) above the forecast peak before the predicted date, or move the table to on-demand capacity.',
});
