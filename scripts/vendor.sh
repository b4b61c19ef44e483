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
cp package/dist/css/bootstrap.min.css package/dist/css/bootstrap.min.css.map package/dist/js/bootstrap.bundle.min.js package/dist/js/bootstrap.bundle.min.js.map package/LICENSE "$root/static/vendor/bootstrap/"
rm -rf package
tar xzf htmx.org-2.0.7.tgz
cp package/dist/htmx.min.js package/LICENSE "$root/static/vendor/htmx/"
echo "vendored bootstrap 5.3.8 and htmx 2.0.7"

# Liberation Serif (metric-compatible with Times New Roman, full Vietnamese coverage) for PDFs,
# from Debian's fonts-liberation2 package.
(cd "$tmp" && apt-get download fonts-liberation2 >/dev/null 2>&1 && dpkg -x fonts-liberation2_*.deb fl)
mkdir -p "$root/static/fonts/liberation"
cp "$tmp"/fl/usr/share/fonts/truetype/liberation2/LiberationSerif-*.ttf "$root/static/fonts/liberation/"
cp "$tmp"/fl/usr/share/doc/fonts-liberation2/copyright "$root/static/fonts/liberation/COPYRIGHT"
echo "vendored Liberation Serif"
