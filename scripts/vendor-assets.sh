#!/usr/bin/env bash
# Re-fetch the dashboard's vendored JavaScript libraries at their pinned
# versions, or (with --check) verify the committed copies against the pinned
# checksums without touching the network.
#
# The committed files under crates/demarche-serve/assets/vendor/ are what the
# build embeds; this script only exists so that anyone can reproduce them from
# the npm registry and see that they were not edited by hand.
#
#   scripts/vendor-assets.sh          fetch with `npm pack`, verify, copy
#   scripts/vendor-assets.sh --check  verify the committed copies only
set -euo pipefail
cd "$(dirname "$0")/.."

VENDOR=crates/demarche-serve/assets/vendor

# package version tarball-integrity (npm's sha512, as `npm view P@V dist.integrity` prints it)
PACKAGES=(
  "uplot 1.6.32 sha512-KIMVnG68zvu5XXUbC4LQEPnhwOxBuLyW1AHtpm6IKTXImkbLgkMy+jabjLgSLMasNuGGzQm/ep3tOkyTxpiQIw=="
  "cytoscape 3.35.0 sha512-sMvBIXiGMnhkCaWz2R06FwF/27MNlS+Tqvi17foO9UhnUg3XGZccKjxsvEqQFAQYMSSZmN5SxYzUYlQ0DOJJ3g=="
)

# sha256 destination (under $VENDOR) source (inside the package tarball)
# Only the minified builds the dashboard loads, plus each licence.
FILES=(
  "19c8d4c6ad88929a79f4ae49d6f7161566dfd0ba3d15cc495e974f787eb78f1f uplot/uPlot.iife.min.js package/dist/uPlot.iife.min.js"
  "df630c6a8d6f8eeaff264b50f73ce5b114f646ffd9a0bb74f049b0a00135fa04 uplot/uPlot.min.css package/dist/uPlot.min.css"
  "8f989229699b4fe2f1a0432d0e9edc338a8a911e250e2d1b01ecd770a5f5b1bd uplot/LICENSE package/LICENSE"
  "71fa9ebec21a7ca2c40cff6aacc30d1f6464e363662ad4b2c197e1adc770cd94 cytoscape/cytoscape.min.js package/dist/cytoscape.min.js"
  "eb319c6e6f233607f71e8e2f450391751883cfc0eeb3ca7ef574c13d1d9c2203 cytoscape/LICENSE package/LICENSE"
)

check() {
  local bad=0 sum dest src
  for f in "${FILES[@]}"; do
    read -r sum dest src <<<"$f"
    if [ ! -f "$VENDOR/$dest" ]; then
      echo "missing: $VENDOR/$dest" >&2
      bad=1
    elif [ "$(sha256sum "$VENDOR/$dest" | cut -d' ' -f1)" != "$sum" ]; then
      echo "checksum mismatch: $VENDOR/$dest" >&2
      bad=1
    fi
  done
  # A file in vendor/ that is not pinned here would be embedded unchecked.
  while IFS= read -r path; do
    local rel=${path#"$VENDOR"/} known=0
    for f in "${FILES[@]}"; do
      read -r sum dest src <<<"$f"
      [ "$dest" = "$rel" ] && known=1
    done
    [ "$known" = 1 ] || { echo "unpinned file: $path" >&2; bad=1; }
  done < <(find "$VENDOR" -type f | sort)
  [ "$bad" = 0 ] && echo "vendored assets match their pinned checksums"
  return "$bad"
}

if [ "${1:-}" = "--check" ]; then
  check
  exit
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for p in "${PACKAGES[@]}"; do
  read -r name version integrity <<<"$p"
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
  tgz="$work/$name-$version.tgz"
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ "$got" != "$integrity" ]; then
    echo "integrity mismatch for $name@$version: $got" >&2
    exit 1
  fi
  mkdir -p "$work/$name"
  tar -xzf "$tgz" -C "$work/$name"
done

for f in "${FILES[@]}"; do
  read -r sum dest src <<<"$f"
  # The first path component of the destination is the package's name.
  mkdir -p "$VENDOR/$(dirname "$dest")"
  cp "$work/${dest%%/*}/$src" "$VENDOR/$dest"
done

check
