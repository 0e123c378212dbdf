#!/usr/bin/env bash
# Installs the peers bench/run.sh measures Switchboard against (bench/peers: a botbuilder 4.23 bot and a Bolt 5
# app) with npm, at the versions pinned in bench/peers/package-lock.json, into bench/peers/node_modules (ignored
# by git; never committed). Does nothing when that folder already matches the lockfile.
set -euo pipefail
dir=$(cd "$(dirname "$0")/peers" && pwd)

for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "The peers need $tool (apt-get install nodejs npm), or run bench/run.sh --no-peers." >&2; exit 1; }
done
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "The peers need Node.js 20 or newer (@slack/bolt 5); this is $(node --version)." >&2
  exit 1
fi

stamp="$dir/node_modules/.bench-lock-sha256"
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "Installing the peers' npm packages into bench/peers/node_modules (npm ci)..."
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
echo "$want" >"$stamp"
