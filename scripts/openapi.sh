#!/usr/bin/env bash
# Regenerates docs/openapi.json from the fragments in functions/OmniFunctions.Core/Api/OpenApi/ (the test that
# compares them writes it when UPDATE_OPENAPI=1), then runs the description's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/OmniFunctions.Core.Tests -c Release -v quiet -nologo
UPDATE_OPENAPI=1 dotnet test tests/OmniFunctions.Core.Tests -c Release --no-build --filter "FullyQualifiedName~OpenApiDescriptionTests.CheckedInDocument" -v quiet -nologo
dotnet test tests/OmniFunctions.Core.Tests -c Release --no-build --filter "FullyQualifiedName~OpenApiDescriptionTests" -v quiet -nologo
echo "docs/openapi.json is up to date."
