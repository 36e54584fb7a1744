import { describe, expect, it } from 'vitest';
import { IDLE, stepTrack, type Track, type TrackConfig, type Transition } from '../../../src/core/forecast';

function run(steps: ReadonlyArray<[opens: boolean, keeps: boolean]>, config?: TrackConfig): Transition[] {
  let track: Track = IDLE;
  return steps.map(([o, k], i) => {
    const r = stepTrack(track, i, o, k, config);
    track = r.track;
    return r.transition;
  });
}

describe('proactive hysteresis', () => {
  it('opens only after two consecutive strict passes', () => {
    expect(run([[true, true], [false, true], [true, true], [true, true]])).toEqual(['NONE', 'NONE', 'NONE', 'OPENED']);
  });

  it('by default holds through eleven failing keep tests in a row and closes on the twelfth', () => {
    const failing = (n: number) => Array.from({ length: n }, () => [false, false] as [boolean, boolean]);
    const held = run([[true, true], [true, true], ...failing(11), [false, true], ...failing(11)]);
    expect(held.filter((t) => t === 'CLOSED')).toEqual([]);
    expect(run([[true, true], [true, true], ...failing(12)]).at(-1)).toBe('CLOSED');
  });

  it('with closeAfter 3 holds through two failing keep tests and closes on the third', () => {
    expect(run([[true, true], [true, true], [false, false], [false, false], [false, true], [false, false], [false, false], [false, false]], { openAfter: 2, closeAfter: 3 })).toEqual([
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
