#!/usr/bin/env bash
# Reproduces src/Switchboard.Host/wwwroot/lib from the npm registry: the pinned packages in
# scripts/vendor-js/package-lock.json are installed (integrity-checked, no install scripts run) in a temporary
# folder, and their shipped files and licences are copied unmodified. The page never loads anything from a CDN.
#   scripts/vendor-js.sh          copy the files into wwwroot/lib
#   scripts/vendor-js.sh --check  only compare: exit 1 when wwwroot/lib differs from the packages
set -euo pipefail
cd "$(dirname "$0")/.."

lib=src/Switchboard.Host/wwwroot/lib
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp scripts/vendor-js/package.json scripts/vendor-js/package-lock.json "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --silent)

# package file -> shipped path. Chart.js's UMD build bundles @kurkle/color, so its licence ships too.
files=(
  "chart.js/dist/chart.umd.min.js:chart.js/chart.umd.min.js"
  "chart.js/LICENSE.md:chart.js/LICENSE.md"
  "@kurkle/color/LICENSE.md:@kurkle/color/LICENSE.md"
)

status=0
for entry in "${files[@]}"; do
  from="$work/node_modules/${entry%%:*}"
  to="$lib/${entry#*:}"
  if [ "${1:-}" = "--check" ]; then
    if ! cmp -s "$from" "$to"; then echo "differs from the package: $to" >&2; status=1; fi
  else
    mkdir -p "$(dirname "$to")"
    cp "$from" "$to"
    echo "$to"
  fi
done
exit $status
