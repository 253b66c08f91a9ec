#!/usr/bin/env bash
# Refresh the YASGUI files kg serve ships (kg/server/static/vendor/yasgui/) from
# the npm registry, at the version pinned in kg/server/static/vendor/package-lock.json.
# To move to another version: edit package.json there, run `npm install`, then this.
set -euo pipefail
cd "$(dirname "$0")/../kg/server/static/vendor"
npm ci --no-audit --no-fund
cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css yasgui/
node -e 'console.log("@zazuko/yasgui", require("./node_modules/@zazuko/yasgui/package.json").version)'
