export { issueHandle, releaseHolder } from './owner.js';
export { dialHandle, release } from './remote.js';
