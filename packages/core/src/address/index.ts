/**
 * The address grammar (docs/design.md#address-grammar): `base [ "|" options ]`, option parsing and typing against a
 * driver's schema, merging with the options object, formatting, and credential redaction.
 * Everything here is pure: no I/O.
 */
export { splitAddress, parseOptions, readAddress, type ReadAddress, type SplitAddress } from './grammar.js';
export { resolveOptions, OBJECT_ONLY_KEYS } from './resolve.js';
export { formatAddress } from './format.js';
export { redactAddress, addressSecrets, redactText } from './redact.js';
export { nearest } from './nearest.js';
