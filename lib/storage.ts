import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE } from '../src/aws/store/table';

export interface OpsightStorageProps {
  /**
   * What happens to the table when the stack is deleted.
   * @default RemovalPolicy.RETAIN (insights are operational history)
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The single DynamoDB table (layout in src/aws/store/table.ts): on-demand, PITR, TTL, stream. */
export class OpsightStorage extends Construct {
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: OpsightStorageProps = {}) {
    super(scope, id);
    const str = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: str(TABLE.partitionKey),
      sortKey: str(TABLE.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE.ttlAttribute,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    for (const g of [TABLE.gsi1, TABLE.gsi2]) {
      this.table.addGlobalSecondaryIndex({ indexName: g.name, partitionKey: str(g.partitionKey), sortKey: str(g.sortKey) });
    }
  }

  /**
   * Grants item access to the table and its two indexes by explicit ARN (no `index/*`
   * wildcard): `read` = GetItem, BatchGetItem, Query; `readwrite` adds PutItem, UpdateItem,
   * DeleteItem, BatchWriteItem, ConditionCheckItem. Never Scan.
   */
  grantData(grantee: iam.IGrantable, mode: 'read' | 'readwrite'): iam.Grant {
    const read = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
    const write = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'];
    const arn = this.table.tableArn;
    return iam.Grant.addToPrincipal({
      grantee,
      actions: mode === 'read' ? read : [...read, ...write],
      resourceArns: [arn, `${arn}/index/${TABLE.gsi1.name}`, `${arn}/index/${TABLE.gsi2.name}`],
    });
  }
}
