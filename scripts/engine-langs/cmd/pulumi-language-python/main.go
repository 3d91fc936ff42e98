// Command pulumi-language-python generates Python SDKs (`pulumi package gen-sdk --language
// python`) with the engine's Python code generator. It runs no programs: no Python Pulumi SDK can be
// installed here (PyPI is not reachable).
package main

import (
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pulumi-rewst-csp/engine-langs/host"
)

func main() {
	host.Serve(&host.Host{
		Language: "python",
		Generate: func(
			pkg *schema.Package, req *pulumirpc.GeneratePackageRequest, loader schema.ReferenceLoader,
		) (map[string][]byte, error) {
			return python.GeneratePackage("pulumi-language-python", pkg, req.GetExtraFiles(), loader)
		},
	})
}
