export { DynamoStore, type DynamoStoreOptions } from './dynamo-store';
export { TABLE, DEFAULT_TABLE_NAME, createTableInput, padTime } from './table';
