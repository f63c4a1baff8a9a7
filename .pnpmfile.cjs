// The `source` export condition points at TypeScript sources; it serves the workspace only
// (vitest, tsc with customConditions). Published manifests drop it, so a consumer whose
// tsconfig sets `customConditions: ["source"]` resolves the built .d.ts/.js (ADR 0174).
'use strict';

/** Returns `exports` without any `source` condition, at any depth. */
function withoutSource(exportsField) {
  if (exportsField === null || typeof exportsField !== 'object') return exportsField;
  const out = {};
  for (const [key, value] of Object.entries(exportsField)) {
    if (key !== 'source') out[key] = withoutSource(value);
  }
  return out;
}

module.exports = {
  hooks: {
    beforePacking(pkg) {
      if (pkg.exports !== undefined) pkg.exports = withoutSource(pkg.exports);
      return pkg;
    },
  },
};
