package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

const deployment = `# Source: todo-chatbot/templates/gateway.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: todo-gateway
  labels:
    app.kubernetes.io/name: todo-gateway
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: todo-gateway
  template:
    metadata:
      labels:
        app.kubernetes.io/name: todo-gateway
      annotations:
        dapr.io/enabled: "true"
        dapr.io/app-id: todo-gateway
    spec:
      containers:
        - name: gateway
          image: todo-gateway:dev
          ports:
            - name: http
              containerPort: 3000
          env:
            - name: PORT
              value: "3000"
`

const service = `apiVersion: v1
kind: Service
metadata:
  name: todo-gateway
spec:
  selector:
    app.kubernetes.io/name: todo-gateway
  ports:
    - name: http
      port: 80
      targetPort: http
`

const component = `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: statestore
spec:
  type: state.postgresql
  version: v1
  metadata:
    - name: connectionString
      secretKeyRef:
        name: pg
        key: url
    - name: timeout
      value: 30
scopes:
  - todo-core
`

const kafka = `apiVersion: kafka.strimzi.io/v1beta2
kind: Kafka
metadata:
  name: todo-kafka
spec:
  kafka:
    replicas: 1
`

func check(t *testing.T, input string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(input), &out, &errb)
	return code, out.String(), errb.String()
}

func join(docs ...string) string { return "---\n" + strings.Join(docs, "---\n") }

func wantOK(t *testing.T, input string, n int, args ...string) {
	t.Helper()
	code, out, errs := check(t, input, args...)
	want := "chart-check: " + strconv.Itoa(n) + " documents OK\n"
	if code != 0 || out != want {
		t.Fatalf("exit %d, stdout %q, stderr:\n%s\nwant exit 0 and %q", code, out, errs, want)
	}
}

func wantFail(t *testing.T, input string, wantErr ...string) string {
	t.Helper()
	code, out, errs := check(t, input)
	if code != 1 {
		t.Fatalf("exit %d (stdout %q, stderr %q), want 1", code, out, errs)
	}
	if out != "" {
		t.Errorf("stdout %q, want nothing on failure", out)
	}
	for _, w := range wantErr {
		if !strings.Contains(errs, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errs)
		}
	}
	return errs
}

func TestValidDeploymentServiceComponent(t *testing.T) {
	// Empty documents (comments only, bare separators) are skipped.
	wantOK(t, join(deployment, "# Source: nothing rendered\n", service, "", component), 3)
}

func TestEmptyInput(t *testing.T) {
	wantOK(t, "", 0)
	wantOK(t, "---\n# only a comment\n---\n", 0)
}

func TestUnknownFieldInDeployment(t *testing.T) {
	in := strings.Replace(deployment, "          image: todo-gateway:dev\n",
		"          image: todo-gateway:dev\n          imagePullPolicyy: Always\n", 1)
	wantFail(t, in, "chart-check: Deployment/todo-gateway: ", `unknown field "spec.template.spec.containers[0].imagePullPolicyy"`)
}

func TestDuplicateField(t *testing.T) {
	in := strings.Replace(deployment, "  replicas: 1\n", "  replicas: 1\n  replicas: 2\n", 1)
	wantFail(t, in, "Deployment/todo-gateway", `replicas`)
}

func TestWrongType(t *testing.T) {
	// The classic: an env var value rendered as a number.
	in := strings.Replace(deployment, `value: "3000"`, `value: 3000`, 1)
	wantFail(t, in, "chart-check: Deployment/todo-gateway: ", "cannot unmarshal number into Go struct field EnvVar")
	in = strings.Replace(deployment, "replicas: 1", `replicas: "one"`, 1)
	wantFail(t, in, "chart-check: Deployment/todo-gateway: ", "cannot unmarshal string")
}

func TestBadDaprComponentField(t *testing.T) {
	in := strings.Replace(component, "  version: v1\n", "  version: v1\n  initTimeOut: 5s\n", 1)
	wantFail(t, in, "chart-check: Component/statestore: ", `unknown field "spec.initTimeOut"`)
	// Case matters, as for the API server.
	in = strings.Replace(component, "  type: state.postgresql\n", "  Type: state.postgresql\n", 1)
	wantFail(t, in, "chart-check: Component/statestore: ", `unknown field "spec.Type"`, "spec.type: required")
	// A wrong type inside Dapr's types.
	in = strings.Replace(component, "  version: v1\n", "  version: v1\n  ignoreErrors: maybe\n", 1)
	wantFail(t, in, "chart-check: Component/statestore: ", "ignoreErrors")
	// Missing version.
	wantFail(t, strings.Replace(component, "  version: v1\n", "", 1), "Component/statestore: spec.version: required")
}

func TestDaprKinds(t *testing.T) {
	sub := `apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: task-events
spec:
  pubsubname: pubsub
  topic: task-events
  routes:
    default: /events/tasks
  deadLetterTopic: task-events-dlq
scopes: [todo-notifier]
`
	cfg := `apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: daprconfig
spec:
  tracing:
    samplingRate: "1"
`
	res := `apiVersion: dapr.io/v1alpha1
kind: Resiliency
metadata:
  name: resiliency
spec:
  policies:
    retries:
      pubsubRetry:
        policy: constant
        duration: 5s
        maxRetries: 10
  targets:
    components:
      pubsub:
        inbound:
          retry: pubsubRetry
`
	wantOK(t, join(sub, cfg, res), 3)
	wantFail(t, strings.Replace(sub, "  topic: task-events\n", "  topics: task-events\n", 1),
		`Subscription/task-events: `, `unknown field "spec.topics"`, "spec.topic: required")
	wantFail(t, strings.Replace(res, "maxRetries: 10", "maxRetries: ten", 1), "Resiliency/resiliency: ")
	wantFail(t, strings.Replace(sub, "dapr.io/v2alpha1", "dapr.io/v9", 1), "Subscription/task-events: unknown Dapr kind")
}

func TestPortNameTooLong(t *testing.T) {
	in := strings.Replace(deployment, "- name: http\n", "- name: http-metrics-port\n", 1)
	wantFail(t, in, "chart-check: Deployment/todo-gateway: spec.template.spec.containers[0].ports[0].name",
		"must be no more than 15 characters")
}

func TestSelectorTemplateMismatch(t *testing.T) {
	in := strings.Replace(deployment, "      labels:\n        app.kubernetes.io/name: todo-gateway\n",
		"      labels:\n        app.kubernetes.io/name: todo-gatway\n", 1)
	wantFail(t, in, "chart-check: Deployment/todo-gateway: spec.selector", "does not match spec.template.metadata.labels")
}

func TestNamesAndLabels(t *testing.T) {
	wantFail(t, strings.Replace(service, "name: todo-gateway", "name: 1gateway", 1), "Service/1gateway: metadata.name")
	wantFail(t, strings.Replace(deployment, "  name: todo-gateway\n", "  name: Todo_Gateway\n", 1), "Deployment/Todo_Gateway: metadata.name")
	wantFail(t, strings.Replace(deployment, "    app.kubernetes.io/name: todo-gateway\nspec:", "    app.kubernetes.io/name: todo gateway\nspec:", 1), "metadata.labels[app.kubernetes.io/name]")
	wantFail(t, strings.Replace(deployment, "- name: PORT", "- name: 1-PORT", 1), "containers[0].env[0].name")
	wantFail(t, strings.Replace(deployment, "- name: gateway", "- name: Gateway", 1), "containers[0].name")
	wantFail(t, join(service, service), "Service/todo-gateway: defined twice (documents 1 and 2)")
}

func TestUnknownKindAndAllowKind(t *testing.T) {
	wantFail(t, join(deployment, kafka), "chart-check: Kafka/todo-kafka: unknown apiVersion/kind kafka.strimzi.io/v1beta2 Kafka")
	wantOK(t, join(deployment, kafka), 2, "--allow-kind", "Kafka")
	wantOK(t, join(deployment, kafka), 2, "--allow-kind=KafkaTopic", "--allow-kind=Kafka")
	// An allowed kind still gets the metadata checks.
	code, _, errs := check(t, strings.Replace(kafka, "todo-kafka", "Todo_Kafka", 1), "--allow-kind", "Kafka")
	if code != 1 || !strings.Contains(errs, "Kafka/Todo_Kafka: metadata.name") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

func TestBadYAML(t *testing.T) {
	errs := wantFail(t, join(service, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n"), "document 2", "invalid YAML")
	if strings.Count(errs, "\n") < 1 {
		t.Errorf("want a message, got %q", errs)
	}
	wantFail(t, "- just\n- a list\n", "not a YAML mapping")
	wantFail(t, "kind: ConfigMap\nmetadata:\n  name: x\n", "missing apiVersion or kind")
}

func TestUsage(t *testing.T) {
	if code, _, _ := check(t, "", "--no-such-flag"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	if code, _, _ := check(t, "", "file.yaml"); code != 2 {
		t.Errorf("argument: exit %d, want 2", code)
	}
	if code, out, _ := check(t, "", "--version"); code != 0 || !strings.HasPrefix(out, "chart-check (") {
		t.Errorf("--version: exit %d, stdout %q", code, out)
	}
}

func TestDuplicateFieldDaprAndAllowed(t *testing.T) {
	in := strings.Replace(component, "  version: v1\n", "  version: v1\n  version: v2\n", 1)
	errs := wantFail(t, in, "chart-check: Component/statestore: duplicate field", `"version" already set`)
	if n := strings.Count(errs, "\n"); n != 1 { // one line per problem
		t.Errorf("want 1 problem line, got:\n%s", errs)
	}
	code, _, errs := check(t, kafka+"  kafka: {}\n", "--allow-kind", "Kafka")
	if code != 1 || !strings.Contains(errs, "Kafka/todo-kafka: duplicate field") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

func TestDaprAnnotations(t *testing.T) {
	withAnnotation := func(line string) string {
		return strings.Replace(deployment, "        dapr.io/app-id: todo-gateway\n",
			"        dapr.io/app-id: todo-gateway\n"+line+"\n", 1)
	}
	wantOK(t, withAnnotation(`        dapr.io/app-port: "3000"`), 1)
	wantOK(t, withAnnotation(`        dapr.io/graceful-shutdown-seconds: "20"`), 1)
	wantFail(t, withAnnotation(`        dapr.io/app-health-check-paht: /healthz`),
		`Deployment/todo-gateway: spec.template.metadata.annotations: "dapr.io/app-health-check-paht" is not an annotation Dapr's sidecar injector reads`)
	wantFail(t, withAnnotation(`        dapr.io/app-port: http`),
		`Deployment/todo-gateway: spec.template.metadata.annotations["dapr.io/app-port"]: "http" is not a whole number`)
	// Other prefixes are not Dapr's business.
	wantOK(t, withAnnotation(`        checksum/settings: abc`), 1)
}
