#!/usr/bin/env bash
# Provides actionlint (the GitHub Actions workflow linter) from the Go module proxy, once per
# machine, and prints its path. Nothing is written into the repository.
#
# Environment: PULUMI_REWST_CSP_CACHE (cache root, default ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rewst-csp).
set -euo pipefail

version="v1.7.7"
cache_root="${PULUMI_REWST_CSP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-rewst-csp}"
bin_dir="$cache_root/actionlint/$version"
log() { printf 'ensure-actionlint: %s\n' "$*" >&2; }

if [ ! -x "$bin_dir/actionlint" ]; then
  command -v go >/dev/null || { log "error: go is needed to build actionlint $version"; exit 1; }
  log "building actionlint $version from the Go module proxy into $bin_dir"
  mkdir -p "$bin_dir"
  GOBIN="$bin_dir" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
fi
printf '%s\n' "$bin_dir/actionlint"
