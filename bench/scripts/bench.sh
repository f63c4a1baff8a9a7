#!/usr/bin/env bash
# `pnpm bench [--only a,b]`: builds and runs bench/run.ts (each section starts the test servers it
# uses, ADR 0316) on the Node.js line the packages are published for (24, the newest of `engines`
# ">=22.19"; OMNIDIAL_BENCH_NODE=22 picks the other), not on whatever `node` the machine has
# (ADR 0300). The binary and a better-sqlite3 addon built for its ABI come from
# scripts/lib/node-lines.sh, as the node matrix's do.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/node-lines.sh
major="${OMNIDIAL_BENCH_NODE:-24}"
bin="$(node_line_bin "$major")"
addon="$(sqlite_addon "$bin")"
pnpm build
export PATH="$(dirname "$bin"):$PATH" OMNIDIAL_SQLITE_ADDON="$addon"
export NODE_OPTIONS="--require $REPO_ROOT/scripts/lib/sqlite-addon.cjs ${NODE_OPTIONS:-}"
node -e 'if (process.versions.node.split(".")[0] !== process.argv[1]) throw new Error(`bench: on ${process.version}`)' "$major"
exec pnpm exec tsx bench/run.ts "$@"
