#!/usr/bin/env bash
# Prints the folder of the Go and Python language hosts (scripts/engine-langs), building them into
# the cache on first use: the Go host runs Go programs and generates Go SDKs, the Python host
# generates Python SDKs (`pulumi package gen-sdk`). Both use the engine's own code generators from
# github.com/pulumi/pulumi/pkg/v3; the upstream hosts' modules are not served by the Go proxy.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$repo_root/scripts/engine-langs"
version="$(sed -n 's#^\s*github.com/pulumi/pulumi/pkg/v3 v\([0-9.]*\).*#\1#p' "$src/go.mod" | head -n1)"
hash="$(cat "$src/go.mod" "$src/go.sum" $(find "$src" -name '*.go' | sort) | sha256sum | cut -c1-12)"
cache_root="${PULUMI_REWST_CSP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rewst-csp}"
bin="$cache_root/language-hosts/v$version-$hash/bin"
log() { printf 'ensure-language-hosts: %s\n' "$*" >&2; }

if [ ! -x "$bin/pulumi-language-go" ] || [ ! -x "$bin/pulumi-language-python" ]; then
  command -v go >/dev/null || { log "error: go is needed to build the language hosts"; exit 1; }
  log "building pulumi-language-go and pulumi-language-python (codegen of pulumi $version) into $bin"
  staging="$(mktemp -d "${TMPDIR:-/tmp}/language-hosts.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  (cd "$src" && CGO_ENABLED=0 go build -mod=readonly -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
    -o "$staging/" ./cmd/...)
  mkdir -p "$(dirname "$bin")"
  rm -rf "$bin"
  mv "$staging" "$bin"
  trap - EXIT
  chmod 0755 "$bin"
fi
printf '%s\n' "$bin"
