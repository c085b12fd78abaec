#!/bin/sh
# Runs the viewer's end-to-end tests (e2e.test.mjs) with node's test runner. Exits 77
# (meson: skipped) when Chromium, node or the npm packages are missing.
here=$(cd "$(dirname "$0")" && pwd)
chromium=${HYPSIM_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
    echo "skipped: no $chromium (apt-get install chromium)"
    exit 77
fi
if ! command -v node >/dev/null 2>&1; then
    echo "skipped: no node"
    exit 77
fi
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
    echo "skipped: no playwright-core (run 'npm ci' in tests/viewer)"
    exit 77
fi
exec node --test --test-reporter=spec "$here/e2e.test.mjs"
