#!/usr/bin/env bash
# Writes the Teams app package (manifest.json with the bot's app id filled in, plus the two icons).
#
#   manifests/teams/package.sh <MicrosoftAppId> [version] [output.zip]
#
# The app id is the Azure Bot's Microsoft App ID (a GUID); it becomes both the Teams app id and the
# bot id. The default output is manifests/teams/switchboard-teams.zip (git-ignored). Upload it in
# Teams: Apps > Manage your apps > Upload an app (or through the Teams admin center).
set -euo pipefail

usage="usage: $0 <MicrosoftAppId> [version] [output.zip]"
app_id="${1:?$usage}"
version="${2:-}"
here="$(cd "$(dirname "$0")" && pwd)"
out="${3:-$here/switchboard-teams.zip}"

if ! [[ "$app_id" =~ ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$ ]]; then
  echo "The app id must be a GUID (the Azure Bot's Microsoft App ID), got '$app_id'." >&2
  exit 2
fi
if [[ -n "$version" && ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "The version must look like 1.2.3, got '$version'." >&2
  exit 2
fi

python3 - "$here" "$out" "$app_id" "$version" <<'PY'
import json, os, sys, zipfile

here, out, app_id, version = sys.argv[1:5]
with open(os.path.join(here, "manifest.json"), encoding="utf-8") as f:
    manifest = json.load(f)
manifest["id"] = app_id
for bot in manifest.get("bots", []) + manifest.get("composeExtensions", []):
    bot["botId"] = app_id
if version:
    manifest["version"] = version

with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
    package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    for icon in (manifest["icons"]["color"], manifest["icons"]["outline"]):
        package.write(os.path.join(here, icon), icon)
print(out)
PY
