import { describe, expect, it } from 'vitest';
import { isRoutine, recordOnset, ROUTINE_TOLERANCE_MS } from '../../../src/core/pipeline/routine';
import { correlate } from '../../../src/core';
import { lambdaDuration, T0 } from '../correlate/fixtures';

const DAY = 86_400_000;
const MIN = 60_000;

describe('routine departures', () => {
  it('a departure at the time of day of departures on two earlier days is routine; on one, or at another time, it is not', () => {
    const t = T0 + 3 * DAY;
    expect(isRoutine([T0 + DAY + 10 * MIN, T0 + 2 * DAY - 20 * MIN], t)).toBe(true);
    expect(isRoutine([T0 + 2 * DAY], t)).toBe(false);
    expect(isRoutine([T0 + DAY + 3 * 60 * MIN, T0 + 2 * DAY + 3 * 60 * MIN], t)).toBe(false);
    expect(isRoutine([T0 + 2 * DAY + ROUTINE_TOLERANCE_MS + MIN, T0 + DAY], t)).toBe(false);
    expect(isRoutine(undefined, t)).toBe(false);
  });

  it('records one onset per departure and keeps a bounded list', () => {
    let onsets: number[] = [];
    onsets = recordOnset(onsets, T0);
    onsets = recordOnset(onsets, T0 + 20 * MIN); // the same departure
    expect(onsets).toEqual([T0]);
    for (let d = 1; d <= 30; d++) onsets = recordOnset(onsets, T0 + d * DAY);
    expect(onsets).toHaveLength(16);
    expect(onsets[onsets.length - 1]).toBe(T0 + 30 * DAY);
  });

  it('a routine anomaly opens no insight on its own, however long', () => {
    const routine = { ...lambdaDuration(T0, { periods: 8 }), routine: true };
    expect(correlate({ now: T0 + 60 * MIN, changed: [routine], ongoing: [], known: new Map(), events: [] }).insights).toHaveLength(0);
    const same = lambdaDuration(T0, { periods: 8 });
    expect(correlate({ now: T0 + 60 * MIN, changed: [same], ongoing: [], known: new Map(), events: [] }).insights).toHaveLength(1);
  });
});
