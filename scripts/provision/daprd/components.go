// The components this project's Dapr resources name, and nothing else. Dapr's own list
// (cmd/daprd/components) cannot be imported trimmed: without its build tags it refuses to load,
// and with them it links every component. To add one, register its constructor under the type
// name the resource YAML uses (see README.md).

package main

import (
	// bindings
	"github.com/dapr/components-contrib/bindings/cron"
	// name resolution
	nrsqlite "github.com/dapr/components-contrib/nameresolution/sqlite"
	// pub/sub
	pubsubinmemory "github.com/dapr/components-contrib/pubsub/in-memory"
	"github.com/dapr/components-contrib/pubsub/kafka"
	// secret stores
	"github.com/dapr/components-contrib/secretstores/local/env"
	"github.com/dapr/components-contrib/secretstores/local/file"
	// state
	stateinmemory "github.com/dapr/components-contrib/state/in-memory"
	pgv1 "github.com/dapr/components-contrib/state/postgresql/v1"
	pgv2 "github.com/dapr/components-contrib/state/postgresql/v2"

	"github.com/dapr/dapr/pkg/components"
	bindingsLoader "github.com/dapr/dapr/pkg/components/bindings"
	nrLoader "github.com/dapr/dapr/pkg/components/nameresolution"
	pubsubLoader "github.com/dapr/dapr/pkg/components/pubsub"
	secretstoresLoader "github.com/dapr/dapr/pkg/components/secretstores"
	stateLoader "github.com/dapr/dapr/pkg/components/state"
)

func init() {
	// bindings.cron (input binding)
	bindingsLoader.DefaultRegistry.RegisterInputBinding(cron.NewCron, "cron")

	// nameresolution.sqlite (local multi-process name resolution, no mDNS)
	nrLoader.DefaultRegistry.RegisterComponent(nrsqlite.NewResolver, "sqlite")

	// pubsub.kafka, pubsub.in-memory (the latter for tests without a broker)
	pubsubLoader.DefaultRegistry.RegisterComponent(kafka.NewKafka, "kafka")
	pubsubLoader.DefaultRegistry.RegisterComponent(pubsubinmemory.New, "in-memory")

	// secretstores.local.file, secretstores.local.env
	secretstoresLoader.DefaultRegistry.RegisterComponent(file.NewLocalSecretStore, "local.file")
	secretstoresLoader.DefaultRegistry.RegisterComponent(env.NewEnvSecretStore, "local.env")

	// state.postgresql / state.postgres: "v1" is the default version,
	// "version: v2" in the component YAML selects the v2 schema.
	pg := components.Versioning{
		Preferred: components.VersionConstructor{Version: "v2", Constructor: pgv2.NewPostgreSQLStateStore},
		Others:    []components.VersionConstructor{{Version: "v1", Constructor: pgv1.NewPostgreSQLStateStore}},
		Default:   "v1",
	}
	stateLoader.DefaultRegistry.RegisterComponentWithVersions("postgresql", pg)
	stateLoader.DefaultRegistry.RegisterComponentWithVersions("postgres", pg)
	// state.in-memory (tests without a database; supports transactions)
	stateLoader.DefaultRegistry.RegisterComponent(stateinmemory.NewInMemoryStateStore, "in-memory")
}
