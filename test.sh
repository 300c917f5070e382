#!/usr/bin/env bash
# Tests everything that restores on this machine (README "Test"). Needs the .NET 10 SDK and Node.js; installs the rest.
# Ends with one line "N passed, M failed"; exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NUGET_CERT_REVOCATION_MODE="${NUGET_CERT_REVOCATION_MODE:-offline}"
results="$root/.test-results"
rm -rf "$results"
mkdir -p "$results"
status=0

echo "== npm ci (Azurite)"
npm ci --no-audit --no-fund --loglevel=error

echo "== Azurite (in memory, free loopback ports)"
read -r blob queue table < <(node scripts/free-ports.js 3)
node_modules/.bin/azurite --silent --inMemoryPersistence --skipApiVersionCheck --disableTelemetry --loose \
  --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
  --tableHost 127.0.0.1 --tablePort "$table" >"$results/azurite.log" 2>&1 &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT
for port in "$blob" "$queue" "$table"; do
  for _ in $(seq 1 600); do
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$azurite_pid" 2>/dev/null || { cat "$results/azurite.log"; echo "Azurite exited"; exit 1; }
    sleep 0.1
  done
done
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export OMNI_TEST_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"

echo "== Functions app (functions/OmniFunctions)"
if dotnet restore functions/OmniFunctions/OmniFunctions.csproj >"$results/app-restore.log" 2>&1; then
  dotnet build OmniFunctions.sln -c Release || status=1
else
  missing="$(grep -oE 'Unable to find (a stable )?package [A-Za-z0-9_.-]+' "$results/app-restore.log" \
    | awk '{print $NF}' | sed 's/\.$//' | sort -u | paste -sd ' ' - || true)"
  if [ -z "$missing" ]; then
    cat "$results/app-restore.log"
    echo "Restore of functions/OmniFunctions failed for a reason other than missing packages."
    exit 1
  fi
  echo "################################################################################"
  echo "SKIPPED: functions/OmniFunctions not built: $missing"
  echo "################################################################################"
fi

echo "== Tests"
for project in tests/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  dotnet test "$project" -c Release --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=1
done

read -r passed failed < <(node scripts/trx-totals.js "$results")
if [ "$passed" -eq 0 ]; then status=1; fi
echo "$passed passed, $failed failed"
exit "$status"
