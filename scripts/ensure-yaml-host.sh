#!/usr/bin/env bash
# Provides the Pulumi YAML language host (pulumi-language-yaml) from the Go module proxy, once per
# machine, and prints its bin directory: the e2e tests of YAML programs put it on PATH beside the
# engine. scripts/engine-yaml/go.sum pins every module hash. Nothing is written into the repository.
#
# Environment: PULUMI_REWST_CSP_CACHE (cache root, default ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rewst-csp).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$repo_root/scripts/engine-yaml"
version="$(sed -n 's#.*github.com/pulumi/pulumi-yaml v\([0-9.]*\).*#\1#p' "$src/go.mod" | head -n1)"
hash="$(cat "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-12)"
cache_root="${PULUMI_REWST_CSP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rewst-csp}"
bin="$cache_root/yaml-host/v$version-$hash/bin"
log() { printf 'ensure-yaml-host: %s\n' "$*" >&2; }

if [ ! -x "$bin/pulumi-language-yaml" ]; then
  command -v go >/dev/null || { log "error: go is needed to build pulumi-language-yaml $version"; exit 1; }
  log "building pulumi-language-yaml $version into $bin (a cold build takes a few minutes)"
  staging="$(mktemp -d "${TMPDIR:-/tmp}/yaml-host.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  (cd "$src" && CGO_ENABLED=0 go build -mod=readonly -trimpath -ldflags "-s -w" \
    -o "$staging/" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml)
  mkdir -p "$(dirname "$bin")"
  rm -rf "$bin"
  mv "$staging" "$bin"
  trap - EXIT
  chmod 0755 "$bin"
fi
printf '%s\n' "$bin"
