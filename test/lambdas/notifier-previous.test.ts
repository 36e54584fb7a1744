/** The notifier tells targets what the insight was before the change, from the stream's old image. */
import { describe, expect, it } from 'vitest';
import { previousState } from '../../lambdas/notifier';

describe('previousState', () => {
  it('reads severity and status from the old image', () => {
    expect(previousState({ id: 'ins-1', severity: 'MEDIUM', status: 'ONGOING' })).toEqual({ severity: 'MEDIUM', status: 'ONGOING' });
  });

  it('gives nothing for a new item or an image without valid values', () => {
    expect(previousState(undefined)).toBeUndefined();
    expect(previousState({ severity: 'SEVERE', status: 'ONGOING' })).toBeUndefined();
    expect(previousState({ severity: 'LOW' })).toBeUndefined();
  });
});
