export { issueHandle, releaseHolder } from './owner.js';
export { dialHandle } from './remote.js';
