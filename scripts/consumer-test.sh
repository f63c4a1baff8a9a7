#!/usr/bin/env bash
# A new user's view of the release (ADRs 0172-0174): packs every package as `pnpm publish` would,
# installs the tarballs with npm into a fresh folder outside the repository (engine-strict, on the
# oldest supported Node line), type-checks a consumer that sets customConditions ["source"], then
# on the machine's Node and on Node 22 and 24 dials ws, tcp and SQLite and runs
# `npx omnidial list` / `npx omnidial help ws`. Also `pnpm publish -r --dry-run`.
#   OMNIDIAL_NODE_LINES="22 24" (default) selects the extra lines.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-lines.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/omnidial-consumer-XXXXXX")"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
say() { echo "consumer-test: $*"; }

pnpm build >/dev/null

# 1. The publish a release would do, without uploading.
# Every package under packages/ that is not private must be published.
expected=$(node -e 'const fs=require("fs");console.log(fs.readdirSync("packages").filter((d)=>{try{return !JSON.parse(fs.readFileSync(`packages/${d}/package.json`,"utf8")).private}catch{return false}}).length)')
published=$(pnpm -r --filter './packages/*' publish --dry-run --no-git-checks 2>&1 | grep -c '^+ ' || true)
[ "$published" = "$expected" ] || { say "pnpm publish -r --dry-run would publish $published packages, not $expected"; exit 1; }

# 2. The tarballs, and what their manifests promise.
pnpm -r --filter './packages/*' pack --pack-destination "$work/tarballs" >/dev/null
for tarball in "$work"/tarballs/*.tgz; do
  listing="$(tar -tzf "$tarball")"
  for file in package/LICENSE package/README.md package/dist/index.js package/dist/index.d.ts; do
    grep -qx "$file" <<<"$listing" || { say "$(basename "$tarball") lacks $file"; exit 1; }
  done
  tar -xzOf "$tarball" package/package.json | node -e '
    const m = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
    const text = JSON.stringify(m.exports ?? {});
    if (text.includes("\"source\"")) throw new Error(`${m.name}: published exports keep the source condition`);
    for (const [dep, range] of Object.entries({ ...m.dependencies, ...m.peerDependencies }))
      if (range.startsWith("workspace:")) throw new Error(`${m.name}: ${dep} still "${range}"`);'
done

# 3. A fresh project, installed the way users install: npm, from the tarballs, engine-strict on
#    Node 22 (the floor: every dependency must accept it). Scripts are skipped only for
#    better-sqlite3's compile, replaced below by the per-ABI build.
app="$work/app"
mkdir -p "$app"
cp scripts/consumer/main.mjs scripts/consumer/check.ts scripts/consumer/tsconfig.json "$app/"
for tarball in "$work"/tarballs/*.tgz; do
  echo "$(tar -xzOf "$tarball" package/package.json | node -p 'JSON.parse(require("node:fs").readFileSync(0, "utf8")).name') $(basename "$tarball")"
done | node -e '
  const lines = require("node:fs").readFileSync(0, "utf8").trim().split("\n").map((l) => l.split(" "));
  const app = { name: "consumer", private: true, type: "module",
    dependencies: { ...Object.fromEntries(lines.map(([name, file]) => [name, `file:../tarballs/${file}`])), ws: "^8.18.0" },
    devDependencies: { typescript: "5.9.3", "@types/node": "^22.19.0" } };
  require("node:fs").writeFileSync(process.argv[1], JSON.stringify(app, null, 2));' "$app/package.json"
node22="$(node_line_bin 22)"
(cd "$app" && PATH="$(dirname "$node22"):$PATH" npm install --engine-strict --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
[ "$(cd "$app" && npm ls ws --all --parseable | sort -u | wc -l)" = 1 ] || { say "two copies of ws installed"; (cd "$app" && npm ls ws --all); exit 1; }

# 4. Types, as a consumer with customConditions ["source"] sees them.
(cd "$app" && node node_modules/typescript/bin/tsc -p tsconfig.json)

# 5. Run on every line.
addon_dir="$app/node_modules/better-sqlite3/build/Release"
mkdir -p "$addon_dir"
for bin in "$(command -v node)" $(for major in ${OMNIDIAL_NODE_LINES:-22 24}; do node_line_bin "$major"; done); do
  cp "$(sqlite_addon "$bin")" "$addon_dir/better_sqlite3.node"
  (
    cd "$app"
    export PATH="$(dirname "$bin"):$PATH"
    node main.mjs
    npx --no-install omnidial list | grep -q 'sqlite3://' || { say "npx omnidial list lacks sqlite3://"; exit 1; }
    npx --no-install omnidial help ws | grep -q 'compress' || { say "npx omnidial help ws lacks compress"; exit 1; }
  )
done
say "$expected packages packed, installed and run on $(( $(echo "${OMNIDIAL_NODE_LINES:-22 24}" | wc -w) + 1 )) Node lines in $(( $(date +%s) - started )) s"
