// Preloaded with `node --require` by scripts/node-matrix.sh: loads better-sqlite3's native addon
// from OMNIDIAL_SQLITE_ADDON (built for this Node line's ABI) instead of the workspace's build,
// so Node 22 and 24 can run the suite without rebuilding or touching node_modules.
'use strict';
const Module = require('node:module');

const addon = process.env.OMNIDIAL_SQLITE_ADDON;
const load = Module._extensions['.node'];
if (addon) {
  Module._extensions['.node'] = (module, filename) =>
    load(module, filename.endsWith('better_sqlite3.node') ? addon : filename);
}
