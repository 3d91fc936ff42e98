#!/usr/bin/env bash
# Generates the native plugin's SDKs from provider/native/schema.json with `pulumi package gen-sdk`
# (the engine's own code generators: scripts/engine-langs for Go and Python, the engine's Node host
# for Node.js) into provider/native/sdk/<lang>,
# or into the folder given as $1 (the freshness test compares the two). The Go SDK's go.mod and
# go.sum are kept: gen-sdk writes none for a package without local dependencies.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$repo_root/provider/native/sdk}"
engine="$(bash "$repo_root/scripts/ensure-pulumi.sh")"
hosts="$(bash "$repo_root/scripts/ensure-language-hosts.sh")"
staging="$(mktemp -d "${TMPDIR:-/tmp}/rewst-csp-sdks.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
export PULUMI_HOME="$staging/home" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
for language in go python nodejs; do
  PATH="$hosts:$engine:$PATH" pulumi package gen-sdk "$repo_root/provider/native/schema.json" \
    --language "$language" --out "$staging/sdk" 2> >(grep -v "^warning: using pulumi-language-" >&2) >/dev/null
done
cp "$repo_root/provider/native/sdk/go/go.mod" "$repo_root/provider/native/sdk/go/go.sum" "$staging/sdk/go/"
mkdir -p "$out"
for language in go python nodejs; do
  rm -rf "${out:?}/$language"
  cp -R "$staging/sdk/$language" "$out/$language"
done
echo "generate-sdks: wrote $out/{go,python,nodejs}" >&2
