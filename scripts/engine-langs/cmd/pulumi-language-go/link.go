package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/blang/semver"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// link makes SDKs that `pulumi package add` generated into the program's folder usable from its
// go.mod: each becomes a module (a go.mod is written where the generator wrote none) that the
// program requires and replaces with its folder, then `go mod tidy` records its dependencies.
func link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	programDir := req.GetInfo().GetProgramDirectory()
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	var imports []string
	for _, dep := range req.GetPackages() {
		descriptor := &schema.PackageDescriptor{Name: dep.GetPackage().GetName()}
		if v := dep.GetPackage().GetVersion(); v != "" {
			parsed, err := semver.ParseTolerant(v)
			if err != nil {
				return nil, fmt.Errorf("package %s: version %q: %w", descriptor.Name, v, err)
			}
			descriptor.Version = &parsed
		}
		pkg, err := loader.LoadPackageV2(ctx, descriptor)
		if err != nil {
			return nil, err
		}
		if err := pkg.ImportLanguages(map[string]schema.Language{"go": gogen.Importer}); err != nil {
			return nil, err
		}
		info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
		importPath := info.ImportBasePath
		module := info.ModulePath
		if module == "" {
			module = importPath
		}
		if module == "" {
			return nil, fmt.Errorf("package %s names no Go import path (language.go.importBasePath)", pkg.Name)
		}
		sdkDir := filepath.Join(programDir, dep.GetPath())
		// A local SDK puts the package in a folder of its own name: the module is one level up.
		if stat, err := os.Stat(filepath.Join(sdkDir, path.Base(module))); err == nil && stat.IsDir() {
			module = path.Dir(module)
		}
		goMod := filepath.Join(sdkDir, "go.mod")
		if _, err := os.Stat(goMod); os.IsNotExist(err) {
			contents := fmt.Sprintf("module %s\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n", module, version.Version)
			if err := os.WriteFile(goMod, []byte(contents), 0o644); err != nil {
				return nil, err
			}
		}
		relative := "./" + filepath.ToSlash(dep.GetPath())
		if err := goCommand(ctx, programDir, "mod", "edit", "-require="+module+"@v0.0.0", "-replace="+module+"="+relative); err != nil {
			return nil, err
		}
		imports = append(imports, fmt.Sprintf("import %q", importPath))
	}
	if err := goCommand(ctx, programDir, "mod", "tidy"); err != nil {
		return nil, err
	}
	return &pulumirpc.LinkResponse{
		ImportInstructions: "Use the package in your Go program:\n\n  " + strings.Join(imports, "\n  "),
	}, nil
}

func goCommand(ctx context.Context, dir string, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}
