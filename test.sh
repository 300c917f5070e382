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

echo "== npm ci (Azurite, esbuild, MSAL) and the console's bundle (console/dist, embedded in Core)"
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build:console

echo "== Chromium for the console's browser tests"
browser_tests=1
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo -n"
  { $sudo_cmd apt-get install -y --no-install-recommends chromium >"$results/chromium-install.log" 2>&1 \
    || { $sudo_cmd apt-get update >>"$results/chromium-install.log" 2>&1 \
         && $sudo_cmd apt-get install -y --no-install-recommends chromium >>"$results/chromium-install.log" 2>&1; }; } || true
fi
if command -v chromium >/dev/null 2>&1; then
  export OMNI_CHROMIUM="$(command -v chromium)"
else
  browser_tests=0
  echo "################################################################################"
  echo "SKIPPED: tests/OmniFunctions.Console.Tests (browser tests): Debian's chromium is missing and apt could not"
  echo "install it (no apt-get or no root; see $results/chromium-install.log); install it: apt-get install chromium"
  echo "################################################################################"
fi

echo "== Azurite (in memory, free loopback ports)"
AZURITE_LOG="$results/azurite.log"
# shellcheck source=scripts/azurite.sh
source scripts/azurite.sh

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
  echo "== Functions app: compile check of everything but the Service Bus trigger and the ACS adapter"
  if dotnet restore tests/OmniFunctions.App.CompileCheck >"$results/app-check-restore.log" 2>&1; then
    dotnet build tests/OmniFunctions.App.CompileCheck -c Release --no-restore -nologo -clp:ErrorsOnly || status=1
  else
    echo "SKIPPED: the compile check too (see $results/app-check-restore.log)"
  fi
fi

echo "== Tests"
for project in tests/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  if [ "$name" = OmniFunctions.Console.Tests ] && [ "$browser_tests" -eq 0 ]; then continue; fi
  dotnet test "$project" -c Release --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=1
done

read -r passed failed < <(node scripts/trx-totals.js "$results")
if [ "$passed" -eq 0 ]; then status=1; fi
echo "$passed passed, $failed failed"
exit "$status"
