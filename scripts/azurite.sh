# Sourced by test.sh and bench.sh: starts Azurite in memory on free loopback ports, stops it on exit, and exports
# OMNI_TEST_STORAGE (the connection string tests and benchmarks use). Expects npm ci to have run.
read -r blob queue table < <(node scripts/free-ports.js 3)
azurite_log="${AZURITE_LOG:-$(mktemp)}"
node_modules/.bin/azurite --silent --inMemoryPersistence --skipApiVersionCheck --disableTelemetry --loose \
  --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
  --tableHost 127.0.0.1 --tablePort "$table" >"$azurite_log" 2>&1 &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT
for port in "$blob" "$queue" "$table"; do
  for _ in $(seq 1 600); do
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$azurite_pid" 2>/dev/null || { cat "$azurite_log"; echo "Azurite exited"; exit 1; }
    sleep 0.1
  done
done
azurite_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export OMNI_TEST_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$azurite_key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
