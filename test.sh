#!/usr/bin/env bash
# The test command of the README: installs what the tests need beyond Java and Maven when it is missing (Debian's
# Chromium for the demo page's browser test), then runs every test with `mvn -B verify`. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "Node.js 20+ and npm are required (modules/client-js runs its tests with them)" >&2
  exit 1
}
if ! command -v chromium >/dev/null; then
  echo "Installing Debian's chromium for the browser test (playwright-core never downloads a browser)"
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi
exec mvn -B verify "$@"
