#!/usr/bin/env bash
# Runs the hub locally: Azurite (storage, queues) and the Functions host. Needs the .NET 10 SDK, Node.js and the
# Azure Functions Core Tools (func). Webhooks: http://localhost:7071/api/webhooks/{channel}
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"

if ! command -v func >/dev/null 2>&1; then
  cat >&2 <<'HELP'
The Azure Functions Core Tools (func, v4) are not on PATH. Install them, then run ./run.sh again:
  npm install -g azure-functions-core-tools@4 --unsafe-perm true
  (or: https://learn.microsoft.com/azure/azure-functions/functions-run-local#install-the-azure-functions-core-tools)
HELP
  exit 1
fi

[ -d node_modules/azurite ] || npm ci --no-audit --no-fund --loglevel=error
settings=functions/OmniFunctions/local.settings.json
if [ ! -f "$settings" ]; then
  cp functions/OmniFunctions/local.settings.example.json "$settings"
  echo "Created $settings from the example: put your channel secrets there."
fi

mkdir -p .azurite
node_modules/.bin/azurite --silent --location .azurite --skipApiVersionCheck --disableTelemetry --loose \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >.azurite/azurite.log 2>&1 &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT

cd functions/OmniFunctions
func start
