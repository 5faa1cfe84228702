#!/bin/sh
# docs-image.sh - the first page of an urging letter as a PNG for README:
#   sh scripts/docs-image.sh TRACKER OUT.png
# Loads the sample notices into a scratch database, drafts the letter to
# Sở Nội vụ on a fixed day, converts it with LibreOffice (a fresh profile)
# and renders page 1 with pdftoppm.
set -eu
tracker=$1
out=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/docs-image.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$tracker" --db "$tmp/t.db" --units sample-data/units.json import sample-data/ >/dev/null
"$tracker" --db "$tmp/t.db" --units sample-data/units.json letter --urge --unit "Sở Nội vụ" \
	--today 2026-12-04 -o "$tmp/don-doc.docx" >/dev/null
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf \
	--outdir "$tmp" "$tmp/don-doc.docx" >/dev/null 2>&1
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$tmp/don-doc.pdf" "$tmp/page"
cp "$tmp/page.png" "$out"
echo "wrote $out"
