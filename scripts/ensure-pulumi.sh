#!/usr/bin/env bash
# Provides the pinned Pulumi engine without downloading any release binary.
#
#   scripts/ensure-pulumi.sh              ensure the engine exists, print its bin directory on stdout
#   scripts/ensure-pulumi.sh --check      exit 1 (without building) when the engine is not there yet
#
# Order: a `pulumi` on PATH at or above the package's minimum (the lower bound of its
# @pulumi/pulumi peer range), with a language host beside it, is used as is; otherwise the pinned
# engine (the exact @pulumi/pulumi dev pin) is built from the Go module proxy into a cache folder
# outside the repository and reused on later runs. See README.md, "How the engine is obtained offline".
#
# Environment: PULUMI_REWST_CSP_CACHE (cache root, default ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rewst-csp),
# GOMODCACHE / GOCACHE (Go's own caches, Go's defaults unless set).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
engine_src="$repo_root/scripts/engine"
mode="${1:-}"

log() { printf 'ensure-pulumi: %s\n' "$*" >&2; }
fail() { log "error: $*"; exit 1; }

# The engine built here matches the SDK the repository develops with: read the dev pin and check the
# Go module agrees.
sdk_version="$(node -p 'require(process.argv[1]).devDependencies["@pulumi/pulumi"]' "$repo_root/package.json")"
[[ "$sdk_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
  fail "package.json must pin @pulumi/pulumi in devDependencies to an exact version (found '$sdk_version')"
peer_range="$(node -p 'require(process.argv[1]).peerDependencies["@pulumi/pulumi"]' "$repo_root/package.json")"
minimum_version="$(printf '%s' "$peer_range" | sed -n 's/^[\^~>=]*\([0-9]*\.[0-9]*\.[0-9]*\).*/\1/p')"
[ -n "$minimum_version" ] || fail "cannot read a minimum version from the @pulumi/pulumi peer range '$peer_range'"
engine_version="$(sed -n 's#^\s*github.com/pulumi/pulumi/pkg/v3 v\([0-9.]*\).*#\1#p' "$engine_src/go.mod")"
[ "$engine_version" = "$sdk_version" ] ||
  fail "scripts/engine/go.mod builds pulumi $engine_version but package.json pins @pulumi/pulumi $sdk_version"
version="v$sdk_version"

launcher_source="$repo_root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

at_least_minimum() { # $1 like v3.250.1 (pre-release and build suffixes ignored)
  local found="${1#v}"
  found="${found%%[-+]*}"
  [[ "$found" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] &&
    [ "$(printf '%s\n%s\n' "$minimum_version" "$found" | sort -V | head -n1)" = "$minimum_version" ]
}

# 1. A pulumi on PATH at or above the minimum, with a language host next to it or on PATH.
if path_pulumi="$(command -v pulumi 2>/dev/null)"; then
  path_version="$(pulumi version 2>/dev/null || true)"
  path_bin="$(dirname "$(readlink -f "$path_pulumi")")"
  if at_least_minimum "$path_version" &&
    { [ -x "$path_bin/pulumi-language-nodejs" ] || command -v pulumi-language-nodejs >/dev/null; }; then
    log "using pulumi ${path_version} from PATH ($path_bin; the package needs >= $minimum_version)"
    printf '%s\n' "$path_bin"
    exit 0
  fi
  log "ignoring pulumi on PATH ($path_pulumi, version '${path_version:-unknown}'): the package needs >= $minimum_version with pulumi-language-nodejs beside it"
fi

# 2. The cache. Its key covers the engine sources so a change to the language host rebuilds it.
cache_root="${PULUMI_REWST_CSP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rewst-csp}"
source_hash="$(cat "$engine_src/go.mod" "$engine_src/go.sum" "$engine_src"/cmd/*/*.go | sha256sum | cut -c1-12)"
bin="$cache_root/engine/$version-$source_hash/bin"

install_launcher() {
  # The dynamic-provider launcher ships in @pulumi/pulumi; keeping a copy beside the CLI lets the
  # engine find it as a bundled plugin instead of warning about one taken from PATH.
  if [ -f "$launcher_source" ] && ! cmp -s "$launcher_source" "$bin/pulumi-resource-pulumi-nodejs"; then
    install -m 0755 "$launcher_source" "$bin/pulumi-resource-pulumi-nodejs"
  fi
}

if [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ]; then
  install_launcher
  log "using cached pulumi $version ($bin)"
  printf '%s\n' "$bin"
  exit 0
fi

if [ "$mode" = "--check" ]; then
  log "pulumi $version is not built yet (expected in $bin); run: npm run ensure-pulumi"
  exit 1
fi

# 3. Build from the Go module proxy. scripts/engine/go.sum pins every module hash, so the build
#    verifies downloads against the repository and needs no checksum-database lookup.
command -v go >/dev/null || fail "Go >= 1.25.11 is needed to build the Pulumi engine (none on PATH)"
go_version="$(go env GOVERSION | sed 's/^go//')"
if [ "$(printf '%s\n1.25.11\n' "$go_version" | sort -V | head -n1)" != "1.25.11" ]; then
  fail "Go $go_version is too old to build pulumi $version; Go >= 1.25.11 is needed"
fi

log "building pulumi $version and pulumi-language-nodejs into $bin (cold builds take several minutes)"
started=$SECONDS
staging="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-engine.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$cache_root"
build_log="$cache_root/engine-build.log"
if ! (
  cd "$engine_src"
  CGO_ENABLED=0 go build -mod=readonly -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
    -o "$staging/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi ./cmd/pulumi-language-nodejs
) >"$build_log" 2>&1; then
  tail -n 40 "$build_log" >&2
  fail "go build failed (full log: $build_log)"
fi
built_version="$("$staging/pulumi" version)"
[ "$built_version" = "$version" ] || fail "built pulumi reports '$built_version', expected $version"

# Move into place only when complete, so an interrupted build never looks like a cached one.
mkdir -p "$(dirname "$bin")"
rm -rf "$bin.partial"
mv "$staging" "$bin.partial"
trap - EXIT
rm -rf "$bin"
mv "$bin.partial" "$bin"
chmod 0755 "$bin"
install_launcher
log "built pulumi $version in $((SECONDS - started))s"
printf '%s\n' "$bin"
