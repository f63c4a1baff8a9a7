/**
 * `@omnidial/replay`: `replay://feed.jsonl?speed=1&loop=false` for omnidial. Importing it
 * registers the scheme in the default registry; `replayDriver` is exported for explicit
 * registration, and the recording line format for tools that write or read recordings.
 * @packageDocumentation
 */
import { defaultRegistry } from '@omnidial/core/driver';
import { replayDriver } from './driver.js';

defaultRegistry.register(replayDriver);

export { replayDriver, type ReplayEndpoint } from './driver.js';
export { parseRecordLine, recordLine, type RecordedMessage } from './recording.js';
