import { describe, expect, it } from 'vitest';
import { TimerLanes } from '../src/timer-lanes.js';
import { waitFor } from './helpers.js';

describe("TimerLanes (the heartbeats' shared timers)", () => {
  it('many members of one length share one timer and fire once each, in the order they were added', async () => {
    const fired: number[] = [];
    const lanes = new TimerLanes<number>((member) => fired.push(member));
    for (let i = 0; i < 1000; i += 1) lanes.add(i, 20);
    expect(lanes.counts()).toEqual({ members: 1000, timers: 1 });
    await waitFor(() => fired.length === 1000, 5000, 'every member to fire');
    expect(fired).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(lanes.counts()).toEqual({ members: 0, timers: 0 });
  });

  it('one timer per length; a deleted member never fires; adding again restarts the wait', async () => {
    const fired: string[] = [];
    const lanes = new TimerLanes<string>((member) => fired.push(member));
    lanes.add('a', 10);
    lanes.add('b', 10);
    lanes.add('c', 30);
    lanes.add('gone', 10);
    expect(lanes.counts()).toEqual({ members: 4, timers: 2 });
    lanes.delete('gone', 10);
    lanes.add('a', 10); // restarted: now due after b
    await waitFor(() => fired.length === 3, 5000, 'three members to fire');
    expect(fired).toEqual(['b', 'a', 'c']);
    expect(lanes.counts()).toEqual({ members: 0, timers: 0 });
  });

  it('a member added again while firing (a heartbeat re-arming its interval) waits a full length, not at once', async () => {
    let fires = 0;
    const lanes: TimerLanes<string> = new TimerLanes<string>((member) => {
      fires += 1;
      if (fires < 3) lanes.add(member, 5);
    });
    lanes.add('hb', 5);
    await waitFor(() => fires === 3, 5000, 'three fires');
    expect(lanes.counts()).toEqual({ members: 0, timers: 0 });
  });

  it('deleting the last member disarms the timer, so an idle lane keeps nothing armed', () => {
    const lanes = new TimerLanes<string>(() => undefined);
    lanes.add('x', 60_000);
    expect(lanes.counts().timers).toBe(1);
    lanes.delete('x', 60_000);
    expect(lanes.counts()).toEqual({ members: 0, timers: 0 });
  });
});
