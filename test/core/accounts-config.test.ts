import { describe, expect, it } from 'vitest';
import { collectionKey, collectionOf, parseConfig, scopedResourceId, seriesKey } from '../../src/core';

const series = { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'f' }, stat: 'Sum', periodSeconds: 300 };

describe('organisation configuration', () => {
  it('parses member accounts with defaults', () => {
    const org = parseConfig({ organization: { externalId: 'opsight-x', accounts: [{ id: '111122223333', regions: ['eu-west-1'] }] } }).organization;
    expect(org?.roleName).toBe('OpsightMemberRead');
    expect(org?.accounts[0]?.coverage).toEqual({ mode: 'account' });
    expect(org?.includeCentralAccount).toBe(true);
  });

  it('names the bad key in one line', () => {
    expect(() => parseConfig({ organization: { externalId: 'x1', accounts: [{ id: '12' }] } })).toThrow('opsight.organization.accounts.0.id: must be a 12-digit AWS account id');
    expect(() => parseConfig({ organization: { externalId: 'x1' } })).toThrow('names no account and no organisational unit');
    expect(() => parseConfig({ organization: { externalId: 'x1', accounts: [{ id: '111122223333' }, { id: '111122223333' }] } })).toThrow('names an account twice');
    expect(() => parseConfig({ organization: { externalId: 'x1', accounts: [{ id: '111122223333', regions: ['moon'] }] } })).toThrow('must be an AWS region');
  });
});

describe('member-account identity', () => {
  it('keeps series and resources of two accounts apart and leaves the home account unchanged', () => {
    expect(seriesKey(series)).toBe('AWS/Lambda|Errors|FunctionName=f|Sum|300');
    expect(seriesKey({ ...series, accountId: '111122223333', region: 'eu-west-1' })).toBe('AWS/Lambda|Errors|FunctionName=f|Sum|300|@111122223333/eu-west-1');
    expect(seriesKey({ ...series, accountId: '111122223333', region: 'eu-west-1' })).not.toBe(seriesKey({ ...series, accountId: '444455556666', region: 'eu-west-1' }));
    expect(scopedResourceId('f')).toBe('f');
    expect(scopedResourceId('f', '111122223333', 'us-east-1')).toBe('111122223333/us-east-1:f');
  });

  it('puts a stack of one name in two accounts in two collections', () => {
    const a = collectionOf({ stack: 'shop', tags: {}, accountId: '111122223333' });
    const b = collectionOf({ stack: 'shop', tags: {}, accountId: '444455556666' });
    expect(collectionKey(a)).not.toBe(collectionKey(b));
    expect(collectionKey(collectionOf({ stack: 'shop', tags: {} }))).toBe('STACK#shop');
  });
});
