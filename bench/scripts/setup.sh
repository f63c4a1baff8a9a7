#!/usr/bin/env bash
# Bench-only tools (never needed by the tests): websocat, the CLI baseline of the `cli` section.
# Installs it from crates.io with cargo into ~/.cargo/bin unless a websocat is already on PATH.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
if command -v websocat >/dev/null 2>&1; then
  echo "websocat: $(websocat --version)"
  exit 0
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo 'bench setup: cargo is needed to install websocat (https://rustup.rs)' >&2
  exit 1
fi
# -j 1 and nice: a shared machine keeps its other cores while this compiles.
nice -n 19 cargo install websocat --locked -j 1
websocat --version
