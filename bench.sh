#!/usr/bin/env bash
# Runs the benchmarks (README "Performance"): webhook ACK ratios with floor and ours interleaved, short BenchmarkDotNet jobs against floors measured in the
# same run, storage requests per message and identity lookups at 10^3 vs 10^5 profiles on Azurite, and the cost
# per 1,000,000 inbound messages; then the running local host under wrk (installed from Debian if missing) against a
# bare HMAC-checking Kestrel endpoint, and webhook → profile latency; and reports after 10^5 attributed conversions
# (storage reads per report, latency); and a segment preview and a journey started for a 10,000-person segment. Usage: ./bench.sh [large-population, default 100000]
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NUGET_CERT_REVOCATION_MODE="${NUGET_CERT_REVOCATION_MODE:-offline}"
npm ci --no-audit --no-fund --loglevel=error
# shellcheck source=scripts/azurite.sh
source scripts/azurite.sh
dotnet run -c Release --project tests/OmniFunctions.Benchmarks -- report "${1:-100000}" | tee BenchmarkDotNet.Artifacts.summary.txt \
  | sed -n '/OmniFunctions benchmark summary/,$p'
dotnet run -c Release --project tests/OmniFunctions.Benchmarks -- reports 100000 | tee -a BenchmarkDotNet.Artifacts.summary.txt
dotnet run -c Release --project tests/OmniFunctions.Benchmarks -- segments 10000 | tee -a BenchmarkDotNet.Artifacts.summary.txt
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } \
  || { echo "wrk is needed for the load benchmark: apt-get install wrk"; exit 1; }
dotnet run -c Release --project tests/OmniFunctions.Benchmarks -- load 10 | tee -a BenchmarkDotNet.Artifacts.summary.txt
