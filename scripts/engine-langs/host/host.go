// Package host serves the parts of Pulumi's LanguageRuntime protocol the tests need from a
// language this repository does not write its programs in: SDK generation (`pulumi package
// gen-sdk`) with the engine's own code generators (github.com/pulumi/pulumi/pkg/v3/codegen), and,
// where a language provides it, running a program.
//
// Why it exists: the upstream language hosts live in untagged modules that the Go module proxy
// reachable from our machines refuses to serve (403), as the Node.js host does (see
// scripts/engine/cmd/pulumi-language-nodejs). The code generators and the Go SDK are tagged and
// served, so the SDKs generated here are the ones upstream would generate.
package host

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Generator writes a package's SDK files (path → contents) with one language's code generator.
type Generator func(
	pkg *schema.Package, req *pulumirpc.GeneratePackageRequest, loader schema.ReferenceLoader,
) (map[string][]byte, error)

// Runner runs a program of the language against the engine (nil: the host cannot run programs).
type Runner func(ctx context.Context, req *pulumirpc.RunRequest, engineAddress string) (*pulumirpc.RunResponse, error)

// Linker makes generated SDKs usable from a program (`pulumi package add`; nil: not supported).
type Linker func(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error)

// Host is one language's runtime: generation always, running where Run is set.
type Host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	Language string
	Generate Generator
	Run_     Runner
	Link_    Linker

	mu            sync.Mutex
	engineAddress string
}

// Serve starts the gRPC server and prints its port on the first line, as the engine expects.
func Serve(h *Host) {
	flag.String("tracing", "", "accepted for compatibility")
	flag.String("runtime", h.Language, "accepted for compatibility")
	flag.String("root", "", "accepted for compatibility: the project or plugin root")
	showVersion := flag.Bool("version", false, "print the plugin version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	if args := flag.Args(); len(args) > 0 {
		h.engineAddress = args[0]
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cancel := make(chan bool)
	go func() { <-ctx.Done(); close(cancel) }()
	if h.engineAddress != "" {
		// Exit when the engine goes away so no orphaned host keeps running.
		if err := rpcutil.Healthcheck(ctx, h.engineAddress, 5*time.Minute, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start health check: %w", err))
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host RPC server: %w", err))
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}

func (h *Host) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

func (h *Host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.engineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *Host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GetRequiredPackages: programs here name their plugins in Pulumi.yaml (plugins.providers).
func (h *Host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *Host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// InstallDependencies: a program's dependencies are resolved when it is built (Go) or not at all.
func (h *Host) InstallDependencies(
	*pulumirpc.InstallDependenciesRequest, pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	return nil
}

func (h *Host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if h.Run_ == nil {
		return nil, status.Errorf(codes.Unimplemented, "this %s host generates SDKs; it does not run programs", h.Language)
	}
	return h.Run_(ctx, req, h.engine())
}

func (h *Host) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	if h.Link_ == nil {
		return nil, status.Errorf(codes.Unimplemented, "this %s host does not link packages into programs", h.Language)
	}
	return h.Link_(ctx, req)
}

// GeneratePackage binds the schema (validated against Pulumi's metaschema) and writes the SDK.
func (h *Host) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, fmt.Errorf("the schema does not parse: %w", err)
	}
	cached := schema.NewCachedLoader(loader)
	pkg, diags, err := schema.BindSpec(spec, cached, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("the schema does not bind: %s", diags.Error())
	}
	files, err := h.Generate(pkg, req, cached)
	if err != nil {
		return nil, err
	}
	for name, contents := range files {
		target := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(target, contents, 0o644); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GeneratePackageResponse{}, nil
}
