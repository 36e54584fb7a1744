/**
 * The single-table layout, shared by the DynamoDB store, the embedded table and the CDK
 * storage construct so the three can never disagree.
 *
 * | item        | pk                    | sk                 | gsi1pk / gsi1sk              | gsi2pk / gsi2sk                  |
 * |-------------|-----------------------|--------------------|------------------------------|----------------------------------|
 * | insight     | INSIGHT#<id>          | INSIGHT            | INSIGHTS / <start>#<id>      | STATUS#<status> / <start>#<id>   |
 * | feedback    | INSIGHT#<id>          | FEEDBACK#<at>      |                              |                                  |
 * | anomaly     | ANOMALY#<id>          | ANOMALY            | INSIGHT#<insightId> / <start>#<id> (when attached)              |
 * | event       | EVENTS#<yyyy-mm-dd>   | <time>#<id>        |                              |                                  |
 * | collection  | COLLECTIONS           | <collectionKey>    | (+ `i:<insightId>` digests)  |                                  |
 * | summaries   | SUMMARY               | DIGESTS, REVISION  |                              |                                  |
 * | state       | STATE#<seriesKey>     | STATE              |                              |                                  |
 * | cycle       | CYCLE#<cycleId>       | CYCLE              |                              |                                  |
 * | pending     | CYCLE#<cycleId>       | ANOMALY#<id>       |                              |                                  |
 * | delivery    | DELIVERY#<ntfId>      | <target>           |                              |                                  |
 * | config      | CONFIG                | <name>             |                              |                                  |
 *
 * Access patterns and write conditions: docs/aws.md, section "Store".
 *
 * Times in sort keys are zero-padded epoch milliseconds so they sort lexically.
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  gsi2: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ttlAttribute: 'expiresAt',
} as const;

/** Default table name (local mode; in AWS the stack passes the generated name). */
export const DEFAULT_TABLE_NAME = 'opsight';

/** Zero-padded epoch milliseconds (13 digits covers until the year 2286). */
export function padTime(ms: number): string {
  return Math.max(0, Math.floor(ms)).toString().padStart(13, '0');
}

/** CreateTable input for the layout above (on-demand billing). */
export function createTableInput(tableName: string) {
  const s = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      s(TABLE.partitionKey),
      s(TABLE.sortKey),
      s(TABLE.gsi1.partitionKey),
      s(TABLE.gsi1.sortKey),
      s(TABLE.gsi2.partitionKey),
      s(TABLE.gsi2.sortKey),
    ],
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: [TABLE.gsi1, TABLE.gsi2].map((g) => ({
      IndexName: g.name,
      KeySchema: [
        { AttributeName: g.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: g.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
