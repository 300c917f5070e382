#!/usr/bin/env bash
# Runs the hub on this machine: Azurite (storage and queues, data in .azurite/) and the Functions host (func start)
# when Core Tools are on PATH and the app's packages restore, otherwise the local host. ./run.sh --local forces the
# local host. Both listen on http://127.0.0.1:7071/api/... Ctrl-C stops everything this script started.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NUGET_CERT_REVOCATION_MODE="${NUGET_CERT_REVOCATION_MODE:-offline}"
mode=auto
case "${1:-}" in
  --local) mode=local ;;
  "") ;;
  *) echo "usage: ./run.sh [--local]" >&2; exit 2 ;;
esac

pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT
trap 'exit 130' INT TERM

[ -d node_modules/azurite ] && [ -d node_modules/esbuild ] || npm ci --no-audit --no-fund --loglevel=error
npm run --silent build:console  # console/dist, embedded in Core when the host is built below
mkdir -p .azurite
node_modules/.bin/azurite --silent --location .azurite --skipApiVersionCheck --disableTelemetry --loose \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >.azurite/azurite.log 2>&1 &
pids+=($!)

if [ "$mode" = auto ] && command -v func >/dev/null 2>&1 \
   && dotnet restore functions/OmniFunctions/OmniFunctions.csproj >.azurite/app-restore.log 2>&1; then
  settings=functions/OmniFunctions/local.settings.json
  if [ ! -f "$settings" ]; then
    cp functions/OmniFunctions/local.settings.example.json "$settings"
    echo "Created $settings from the example: put your channel secrets there."
  fi
  echo "Starting the Functions host (func start) on http://localhost:7071"
  (cd functions/OmniFunctions && exec func start) &
  pids+=($!)
else
  reason="--local"
  [ "$mode" = auto ] && reason="$(command -v func >/dev/null 2>&1 && echo "the Functions app's packages do not restore here" || echo "func (Core Tools) is not on PATH")"
  echo "Starting the local host on http://127.0.0.1:7071 ($reason); journeys run on its local engine, not Durable Functions."
  dotnet build functions/OmniFunctions.LocalHost/OmniFunctions.LocalHost.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
  ASPNETCORE_ENVIRONMENT=Development dotnet functions/OmniFunctions.LocalHost/bin/Release/net10.0/OmniFunctions.LocalHost.dll &
  pids+=($!)
  echo "Console: http://127.0.0.1:7071/console/ (./scripts/console-url prints a link that signs you in as a developer)"
fi
wait -n "${pids[@]}"
