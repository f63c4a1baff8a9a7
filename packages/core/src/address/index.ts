/**
 * The address grammar (docs/design.md#address-grammar): `base [ "|" options ]`. One path reads
 * an address: `splitAddress` (split.ts) cuts it, `parseOptions` (options.ts) cuts the option
 * text and types each value once (coerce.ts), `resolveOptions` merges defaults, the options
 * object and the address. Formatting and credential redaction sit beside it. Pure: no I/O.
 */
export { splitAddress, type SplitAddress } from './split.js';
export { parseOptions, readAddress, resolveOptions, OBJECT_ONLY_KEYS, type ReadAddress } from './options.js';
export { formatAddress } from './format.js';
export { redactAddress, addressSecrets, redactText } from './redact.js';
export { nearest } from './messages.js';
