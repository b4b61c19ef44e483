#!/usr/bin/env bash
# Refresh the vendored front-end files in static/vendor from the npm registry.
# Nothing is fetched at run time: the files are committed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent bootstrap@5.3.8 htmx.org@2.0.7 >/dev/null
tar xzf bootstrap-5.3.8.tgz
cp package/dist/css/bootstrap.min.css package/dist/js/bootstrap.bundle.min.js package/LICENSE "$root/static/vendor/bootstrap/"
rm -rf package
tar xzf htmx.org-2.0.7.tgz
cp package/dist/htmx.min.js package/LICENSE "$root/static/vendor/htmx/"
echo "vendored bootstrap 5.3.8 and htmx 2.0.7"
