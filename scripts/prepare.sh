#!/usr/bin/env bash
# Makes a fresh checkout ready to run the demo or the tests: compiles the package (the provider
# runtime the serialized shim loads lives in dist/), installs the policy pack's own dependencies
# (the Pulumi CLI never installs a local pack's), and provides the pinned engine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

npm run --silent build

if [ ! -d policies/node_modules/@pulumi/policy ] ||
  [ policies/package-lock.json -nt policies/node_modules/.package-lock.json ]; then
  echo "prepare: installing the policy pack's dependencies" >&2
  (cd policies && npm ci --no-audit --no-fund --loglevel=error)
fi

bash scripts/ensure-pulumi.sh >/dev/null
# The YAML language host, for the e2e tests of the native provider from a Pulumi YAML program.
bash scripts/ensure-yaml-host.sh >/dev/null
# The Go and Python language hosts (Go programs, generated SDKs), for the conformance and SDK suites.
bash scripts/ensure-language-hosts.sh >/dev/null
