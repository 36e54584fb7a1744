/** ConfigStore on DynamoDB: small named JSON documents (pk CONFIG, sk <name>). */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ConfigStore } from '../../core';
import type { StoreContext } from './shared';

export class DynamoConfigStore implements ConfigStore {
  constructor(private readonly ctx: StoreContext) {}

  // ---- configuration documents (pk CONFIG, sk <name>) --------------------------------------

  async getConfig(name: string): Promise<{ value: unknown; updatedAt: number } | undefined> {
    const r = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.table, Key: { pk: 'CONFIG', sk: name } }));
    if (!r.Item) return undefined;
    return { value: JSON.parse(String(r.Item.data)), updatedAt: Number(r.Item.updatedAt) };
  }

  async putConfig(name: string, value: unknown, updatedAt: number): Promise<void> {
    await this.ctx.doc.send(new PutCommand({ TableName: this.ctx.table, Item: { pk: 'CONFIG', sk: name, data: JSON.stringify(value), updatedAt } }));
  }
}
