//go:build tools

// Package tools pins the Pulumi YAML language host (github.com/pulumi/pulumi-yaml), which
// scripts/ensure-yaml-host.sh builds for the e2e tests of YAML programs.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
