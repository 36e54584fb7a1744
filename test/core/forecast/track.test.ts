import { describe, expect, it } from 'vitest';
import { IDLE, stepTrack, type Track, type Transition } from '../../../src/core/forecast';

function run(steps: ReadonlyArray<[opens: boolean, keeps: boolean]>): Transition[] {
  let track: Track = IDLE;
  return steps.map(([o, k], i) => {
    const r = stepTrack(track, i, o, k);
    track = r.track;
    return r.transition;
  });
}

describe('proactive hysteresis', () => {
  it('opens only after two consecutive strict passes', () => {
    expect(run([[true, true], [false, true], [true, true], [true, true]])).toEqual(['NONE', 'NONE', 'NONE', 'OPENED']);
  });

  it('holds through up to two failing keep tests and closes on the third', () => {
    expect(run([[true, true], [true, true], [false, false], [false, false], [false, true], [false, false], [false, false], [false, false]])).toEqual([
      'NONE',
      'OPENED',
      'HELD',
      'HELD',
      'HELD',
      'HELD',
      'HELD',
      'CLOSED',
    ]);
  });

  it('does not flap on a prediction that hovers at the open threshold', () => {
    const hovering = Array.from({ length: 40 }, (_, i) => [i % 2 === 0, true] as [boolean, boolean]);
    expect(run(hovering).filter((t) => t === 'OPENED' || t === 'CLOSED')).toEqual([]);
    const opened = run([[true, true], [true, true], ...Array.from({ length: 40 }, (_, i) => [false, i % 3 !== 0] as [boolean, boolean])]);
    expect(opened.filter((t) => t === 'OPENED' || t === 'CLOSED')).toEqual(['OPENED']);
  });

  it('records when the prediction opened', () => {
    const a = stepTrack(IDLE, 10, true, true);
    const b = stepTrack(a.track, 20, true, true);
    expect(b.track).toEqual({ phase: 'OPEN', streak: 0, openedAt: 20 });
  });
});
