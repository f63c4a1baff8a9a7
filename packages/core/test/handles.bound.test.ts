import { afterEach, describe, expect, it } from 'vitest';
import { dial, type Connection } from '../src/index.js';
import { MAX_RELEASED_HANDLES } from '../src/handles/owner.js';
import { Registry } from '../src/registry.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

// docs/design.md#handles (ADR 0121): a thread remembers the newest MAX_RELEASED_HANDLES released
// handles, so that dial(handle) re-dials them; an older one is forgotten (NotFound).
const registry = new Registry().register(loopDriver);
const server = new LoopServer('released-bound');
const views: Connection[] = [];
afterEach(async () => {
  await Promise.all(views.splice(0).map((view) => view.close()));
});

/** Opens a connection, takes its handle and closes it: a released handle. */
async function releasedHandle(): Promise<number> {
  const conn = await dial(`loop://${server.name}`, { registry });
  const handle = conn.fd();
  await conn.close();
  return handle;
}

/** 'redialed' when dial(handle) re-dials (and closes the view again), else the error's code. */
async function redial(handle: number): Promise<string> {
  const before = server.connects;
  const view = await dial(handle, { registry, timeout: 0.05 }).catch((error: { code: string }) => error.code);
  if (typeof view === 'string') return view;
  await view.close();
  return server.connects === before + 1 ? 'redialed' : 'not redialed';
}

describe(`released handles (at most ${MAX_RELEASED_HANDLES} remembered)`, () => {
  it('re-dials each of the newest ones and forgets only what falls beyond the bound', async () => {
    const handles: number[] = [];
    for (let i = 0; i < MAX_RELEASED_HANDLES; i++) handles.push(await releasedHandle());
    // Exactly the bound released: the oldest is still there (re-dialing makes it the newest).
    expect(await redial(handles[0]!)).toBe('redialed');
    // One more: now handles[1] is the oldest and falls out; handles[2] stays.
    handles.push(await releasedHandle());
    expect(await redial(handles[1]!)).toBe('NotFound');
    expect(await redial(handles[2]!)).toBe('redialed');
    expect(await redial(handles[0]!)).toBe('redialed');
  }, 120_000);
});
