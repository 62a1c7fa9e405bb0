// The project's trimmed Dapr sidecar: dapr's runtime with only the components this project uses
// (registered in components.go), so it builds in minutes instead of linking every cloud SDK.
// It takes the same flags as the official daprd, parsed by dapr's own options package.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/dapr/dapr/cmd/daprd/options"
	"github.com/dapr/dapr/pkg/buildinfo"
	bindings "github.com/dapr/dapr/pkg/components/bindings"
	configuration "github.com/dapr/dapr/pkg/components/configuration"
	conversation "github.com/dapr/dapr/pkg/components/conversation"
	crypto "github.com/dapr/dapr/pkg/components/crypto"
	lock "github.com/dapr/dapr/pkg/components/lock"
	httpmiddleware "github.com/dapr/dapr/pkg/components/middleware/http"
	nameresolution "github.com/dapr/dapr/pkg/components/nameresolution"
	pubsub "github.com/dapr/dapr/pkg/components/pubsub"
	secretstores "github.com/dapr/dapr/pkg/components/secretstores"
	state "github.com/dapr/dapr/pkg/components/state"
	"github.com/dapr/dapr/pkg/healthz"
	"github.com/dapr/dapr/pkg/metrics"
	"github.com/dapr/dapr/pkg/modes"
	"github.com/dapr/dapr/pkg/runtime"
	"github.com/dapr/dapr/pkg/runtime/registry"
	"github.com/dapr/dapr/pkg/security"
	"github.com/dapr/kit/concurrency"
	"github.com/dapr/kit/logger"
	"github.com/dapr/kit/signals"
	"go.uber.org/automaxprocs/maxprocs"
)

var log = logger.NewLogger("dapr.runtime")

func main() {
	_, _ = maxprocs.Set()
	opts, err := options.New(os.Args[1:])
	if err != nil {
		log.Fatalf("Failed to parse flags: %v", err)
	}
	switch {
	case opts.RuntimeVersion:
		fmt.Println(buildinfo.Version())
		return
	case opts.BuildInfo:
		fmt.Printf("Version: %s\nGit Commit: %s\nGit Version: %s\n", buildinfo.Version(), buildinfo.Commit(), buildinfo.GitVersion())
		return
	case opts.WaitCommand:
		runtime.WaitUntilDaprOutboundReady(opts.DaprHTTPPort)
		return
	}

	opts.Logger.SetAppID(opts.AppID)
	if err := logger.ApplyOptionsToLoggers(&opts.Logger); err != nil {
		log.Fatal(err)
	}
	log.Infof("Starting trimmed Dapr runtime %s (commit %s)", buildinfo.Version(), buildinfo.Commit())

	if err := run(signals.Context(), opts); err != nil {
		log.Fatalf("Fatal error from runtime: %s", err)
	}
	log.Info("Daprd shutdown gracefully")
}

// run starts the security provider (mTLS, when enabled) and, once it hands out its handler, the runtime;
// both stop when ctx ends (SIGINT/SIGTERM).
func run(ctx context.Context, opts *options.Options) error {
	health := healthz.New()
	provider, err := security.New(ctx, security.Options{
		SentryAddress:           opts.SentryAddress,
		ControlPlaneTrustDomain: opts.ControlPlaneTrustDomain,
		ControlPlaneNamespace:   opts.ControlPlaneNamespace,
		TrustAnchors:            opts.TrustAnchors,
		AppID:                   opts.AppID,
		MTLSEnabled:             opts.EnableMTLS,
		Mode:                    modes.DaprMode(opts.Mode),
		Healthz:                 health,
		JwtAudiences:            opts.SentryRequestJwtAudiences,
	})
	if err != nil {
		return err
	}
	startRuntime := func(ctx context.Context) error {
		handler, err := provider.Handler(ctx)
		if err != nil {
			return err
		}
		rt, err := runtime.FromConfig(ctx, runtimeConfig(opts, handler, health))
		if err != nil {
			return err
		}
		return rt.Run(ctx)
	}
	return concurrency.NewRunnerManager(provider.Run, startRuntime).Run(ctx)
}

// componentRegistries hands the runtime every registry; only the ones components.go fills have entries.
func componentRegistries() *registry.Options {
	contribLog := logger.NewLogger("dapr.contrib")
	secretstores.DefaultRegistry.Logger = contribLog
	state.DefaultRegistry.Logger = contribLog
	pubsub.DefaultRegistry.Logger = contribLog
	bindings.DefaultRegistry.Logger = contribLog
	nameresolution.DefaultRegistry.Logger = contribLog
	return registry.NewOptions().
		WithSecretStores(secretstores.DefaultRegistry).
		WithStateStores(state.DefaultRegistry).
		WithPubSubs(pubsub.DefaultRegistry).
		WithBindings(bindings.DefaultRegistry).
		WithNameResolutions(nameresolution.DefaultRegistry).
		WithConfigurations(configuration.DefaultRegistry).
		WithLocks(lock.DefaultRegistry).
		WithCryptoProviders(crypto.DefaultRegistry).
		WithHTTPMiddlewares(httpmiddleware.DefaultRegistry).
		WithConversations(conversation.DefaultRegistry)
}

// runtimeConfig passes every command-line option through to the runtime unchanged.
func runtimeConfig(opts *options.Options, handler security.Handler, health healthz.Healthz) *runtime.Config {
	return &runtime.Config{
		AppID:                         opts.AppID,
		Mode:                          opts.Mode,
		Config:                        opts.Config,
		ResourcesPath:                 opts.ResourcesPath,
		ComponentsPath:                opts.ComponentsPath,
		ControlPlaneAddress:           opts.ControlPlaneAddress,
		SentryAddress:                 opts.SentryAddress,
		EnableMTLS:                    opts.EnableMTLS,
		ActorsService:                 opts.ActorsService,
		RemindersService:              opts.RemindersService,
		SchedulerAddress:              opts.SchedulerAddress,
		SchedulerStreams:              opts.SchedulerJobStreams,
		AllowedOrigins:                opts.AllowedOrigins,
		DaprHTTPPort:                  opts.DaprHTTPPort,
		DaprAPIGRPCPort:               opts.DaprAPIGRPCPort,
		DaprAPIListenAddresses:        opts.DaprAPIListenAddresses,
		DaprInternalGRPCPort:          opts.DaprInternalGRPCPort,
		DaprInternalGRPCListenAddress: opts.DaprInternalGRPCListenAddress,
		DaprPublicPort:                opts.DaprPublicPort,
		DaprPublicListenAddress:       opts.DaprPublicListenAddress,
		UnixDomainSocket:              opts.UnixDomainSocket,
		MaxRequestSize:                opts.MaxRequestSize,
		ReadBufferSize:                opts.ReadBufferSize,
		DaprGracefulShutdownSeconds:   opts.DaprGracefulShutdownSeconds,
		DaprBlockShutdownDuration:     opts.DaprBlockShutdownDuration,
		DisableBuiltinK8sSecretStore:  opts.DisableBuiltinK8sSecretStore,
		EnableAPILogging:              opts.EnableAPILogging,
		ProfilePort:                   opts.ProfilePort,
		EnableProfiling:               opts.EnableProfiling,
		AppProtocol:                   opts.AppProtocol,
		ApplicationPort:               opts.AppPort,
		AppChannelAddress:             opts.AppChannelAddress,
		AppMaxConcurrency:             opts.AppMaxConcurrency,
		AppSSL:                        opts.AppSSL,
		EnableAppHealthCheck:          opts.EnableAppHealthCheck,
		AppHealthCheckPath:            opts.AppHealthCheckPath,
		AppHealthProbeInterval:        opts.AppHealthProbeInterval,
		AppHealthProbeTimeout:         opts.AppHealthProbeTimeout,
		AppHealthThreshold:            opts.AppHealthThreshold,
		Metrics: metrics.Options{
			Enabled:       opts.Metrics.Enabled(),
			Log:           log,
			Port:          opts.Metrics.Port(),
			Namespace:     metrics.DefaultMetricNamespace,
			Healthz:       health,
			ListenAddress: opts.Metrics.ListenAddress(),
		},
		Registry: componentRegistries(),
		Security: handler,
		Healthz:  health,
	}
}
