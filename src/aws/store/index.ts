export { DynamoStore, MAX_STATE_BYTES, type DynamoStoreOptions } from './dynamo-store';
export { TABLE, DEFAULT_TABLE_NAME, createTableInput, padTime } from './table';
export { outboxItem, outboxKey, notificationFromOutbox, isOutboxKey, summariseAnomaly, OUTBOX_PREFIX, OUTBOX_MAX_ANOMALIES } from './items';
