export { DynamoStore, MAX_STATE_BYTES, type DynamoStoreOptions } from './dynamo-store';
export { TABLE, DEFAULT_TABLE_NAME, createTableInput, padTime } from './table';
export { notificationsFromImages, isInsightKey, NOTIFICATIONS_ATTRIBUTE, type PendingNotifications } from './items';
