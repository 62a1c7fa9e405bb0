// Command chart-check validates rendered Kubernetes manifests strictly: the
// multi-document YAML that `helm template` prints, read from stdin.
//
//	helm template todo helm/todo-chatbot | chart-check [--allow-kind Kafka]...
//
// Every document must decode without unknown, duplicate or mistyped fields:
// Kubernetes built-in kinds through client-go's scheme (the apimachinery
// serializer in strict mode, as the API server's field validation would),
// Dapr kinds (dapr.io) into Dapr's own Go types. A few checks the API server
// would make follow: names, label keys and values, container, port and env
// var names, that a workload's selector matches its pod template, and that
// its dapr.io/* annotations are ones Dapr's injector reads.
// Any other kind is an error unless named with --allow-kind.
//
// Exit status: 0 all documents OK (prints "chart-check: N documents OK"),
// 1 a problem (one line per problem on stderr), 2 bad usage.
// Built by scripts/provision/helm.sh.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	componentsv1alpha1 "github.com/dapr/dapr/pkg/apis/components/v1alpha1"
	configurationv1alpha1 "github.com/dapr/dapr/pkg/apis/configuration/v1alpha1"
	resiliencyv1alpha1 "github.com/dapr/dapr/pkg/apis/resiliency/v1alpha1"
	subscriptionsv2alpha1 "github.com/dapr/dapr/pkg/apis/subscriptions/v2alpha1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	k8sjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/util/validation"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

const prog = "chart-check"

// allowKinds is the repeatable --allow-kind flag.
type allowKinds map[string]bool

func (a allowKinds) String() string {
	ks := make([]string, 0, len(a))
	for k := range a {
		ks = append(ks, k)
	}
	return strings.Join(ks, ",")
}

func (a allowKinds) Set(v string) error {
	if v == "" {
		return errors.New("empty kind")
	}
	a[v] = true
	return nil
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(prog, flag.ContinueOnError)
	fs.SetOutput(stderr)
	allow := allowKinds{}
	fs.Var(allow, "allow-kind", "accept documents of this `Kind` (one not known to chart-check, e.g. a CRD's); repeatable")
	showVersion := fs.Bool("version", false, "print the versions of the libraries chart-check checks against, and exit")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: helm template ... | %s [--allow-kind Kind]...\n", prog)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q (manifests are read from stdin)\n", prog, fs.Arg(0))
		fs.Usage()
		return 2
	}
	if *showVersion {
		fmt.Fprintln(stdout, versionString())
		return 0
	}

	docs, err := splitDocuments(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "%s: reading input: %v\n", prog, err)
		return 1
	}
	c := &checker{allow: allow, seen: map[string]int{}}
	n := 0
	for i, raw := range docs {
		if c.checkDocument(i+1, raw) {
			n++
		}
	}
	if len(c.problems) > 0 {
		for _, p := range c.problems {
			fmt.Fprintf(stderr, "%s: %s\n", prog, p)
		}
		return 1
	}
	fmt.Fprintf(stdout, "%s: %d documents OK\n", prog, n)
	return 0
}

// versionString names the modules the checks come from (from the build info).
func versionString() string {
	want := map[string]string{"k8s.io/api": "", "k8s.io/apimachinery": "", "github.com/dapr/dapr": ""}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if _, ok := want[d.Path]; ok {
				want[d.Path] = d.Version
			}
		}
	}
	return fmt.Sprintf("%s (k8s.io/api %s, k8s.io/apimachinery %s, github.com/dapr/dapr %s)",
		prog, want["k8s.io/api"], want["k8s.io/apimachinery"], want["github.com/dapr/dapr"])
}

// splitDocuments splits a YAML stream on its "---" separator lines.
func splitDocuments(r io.Reader) ([][]byte, error) {
	yr := utilyaml.NewYAMLReader(bufio.NewReader(r))
	var docs [][]byte
	for {
		d, err := yr.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, bytes.Clone(d))
	}
}

type checker struct {
	allow    allowKinds
	seen     map[string]int // group/Kind/namespace/name -> document number
	problems []string
}

// addf records a problem, on one line.
func (c *checker) addf(who, format string, a ...any) {
	msg := fmt.Sprintf(format, a...)
	lines := strings.Split(msg, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	c.problems = append(c.problems, who+": "+strings.Join(lines, " "))
}

// k8sDecoder decodes built-in kinds strictly: unknown and duplicate fields
// are strict decoding errors, a wrong type is a decoding error.
var k8sDecoder = k8sjson.NewSerializerWithOptions(k8sjson.DefaultMetaFactory, scheme.Scheme, scheme.Scheme,
	k8sjson.SerializerOptions{Yaml: true, Strict: true})

// daprKinds: the Dapr resources chart-check knows, with their Go types.
var daprKinds = map[schema.GroupVersionKind]func() any{
	{Group: "dapr.io", Version: "v1alpha1", Kind: "Component"}:     func() any { return &componentsv1alpha1.Component{} },
	{Group: "dapr.io", Version: "v1alpha1", Kind: "Configuration"}: func() any { return &configurationv1alpha1.Configuration{} },
	{Group: "dapr.io", Version: "v1alpha1", Kind: "Resiliency"}:    func() any { return &resiliencyv1alpha1.Resiliency{} },
	{Group: "dapr.io", Version: "v2alpha1", Kind: "Subscription"}:  func() any { return &subscriptionsv2alpha1.Subscription{} },
}

// checkDocument checks document number i; false if it is empty (skipped).
func (c *checker) checkDocument(i int, raw []byte) bool {
	who := fmt.Sprintf("document %d", i)
	if src := sourceComment(raw); src != "" {
		who += " (" + src + ")"
	}
	js, err := yaml.YAMLToJSON(raw)
	if err != nil {
		c.addf(who, "invalid YAML: %v", err)
		return true
	}
	// A duplicate key; reported below, once the document has a name.
	_, dupErr := yaml.YAMLToJSONStrict(raw)
	js = bytes.TrimSpace(js)
	if len(js) == 0 || string(js) == "null" {
		return false
	}
	var u map[string]any
	if err := sigsjson.UnmarshalCaseSensitivePreserveInts(js, &u); err != nil {
		c.addf(who, "not a YAML mapping (a Kubernetes object): %s", firstLine(string(js)))
		return true
	}
	apiVersion, _ := u["apiVersion"].(string)
	kind, _ := u["kind"].(string)
	meta, _ := u["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	namespace, _ := meta["namespace"].(string)
	if kind != "" && name != "" {
		who = kind + "/" + name
	}
	if apiVersion == "" || kind == "" {
		c.addf(who, "missing apiVersion or kind")
		return true
	}
	gv, err := schema.ParseGroupVersion(apiVersion)
	if err != nil {
		c.addf(who, "bad apiVersion %q: %v", apiVersion, err)
		return true
	}
	gvk := gv.WithKind(kind)

	if name == "" {
		c.addf(who, "metadata.name is missing")
	}
	key := gvk.Group + "/" + kind + "/" + namespace + "/" + name
	if j, dup := c.seen[key]; dup {
		c.addf(who, "defined twice (documents %d and %d)", j, i)
	} else {
		c.seen[key] = i
	}

	// Built-in kinds: the strict decoder reports a duplicate field itself.
	reportDup := func() {
		if dupErr != nil {
			c.addf(who, "duplicate field: %v", dupErr)
		}
	}
	// A kind allowed by --allow-kind has no Go type here: its duplicate keys and metadata are checked.
	checkAllowed := func() {
		reportDup()
		c.checkMeta(who, kind, metaFrom(u))
	}

	switch {
	case gvk.Group == "dapr.io":
		newObj, known := daprKinds[gvk]
		if !known {
			if c.allow[kind] {
				checkAllowed()
				return true
			}
			c.addf(who, "unknown Dapr kind %s %s (chart-check knows dapr.io/v1alpha1 Component, Configuration, Resiliency and dapr.io/v2alpha1 Subscription; --allow-kind %s to accept it)", apiVersion, kind, kind)
			return true
		}
		reportDup()
		obj := newObj()
		// Case-sensitive like the API server (encoding/json would take "Type"
		// for "type"); unknown and duplicate fields are errors.
		strictErrs, err := sigsjson.UnmarshalStrict(js, obj, sigsjson.DisallowDuplicateFields, sigsjson.DisallowUnknownFields)
		if err != nil {
			c.addf(who, "%v", err)
			return true
		}
		for _, e := range strictErrs {
			c.addf(who, "strict decoding error: %v", e)
		}
		c.checkDapr(who, obj)
		return true
	default:
		obj, _, err := k8sDecoder.Decode(raw, nil, nil)
		if runtime.IsNotRegisteredError(err) {
			if c.allow[kind] {
				checkAllowed()
				return true
			}
			c.addf(who, "unknown apiVersion/kind %s %s (--allow-kind %s to accept it)", apiVersion, kind, kind)
			return true
		}
		if err != nil && !runtime.IsStrictDecodingError(err) {
			c.addf(who, "%v", err)
			return true
		}
		if err != nil {
			if se, ok := runtime.AsStrictDecodingError(err); ok {
				for _, e := range se.Errors() {
					c.addf(who, "strict decoding error: %v", e)
				}
			} else {
				c.addf(who, "%v", err)
			}
		}
		c.checkBuiltin(who, obj)
		return true
	}
}

// sourceComment returns the template path of a `# Source: ...` line (helm template).
func sourceComment(raw []byte) string {
	for _, line := range strings.Split(string(raw), "\n") {
		if s, ok := strings.CutPrefix(strings.TrimSpace(line), "# Source: "); ok {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return s
}

// metaFrom takes metadata.name, namespace, labels and annotations from an
// undecoded object; a label that is not a string becomes "<non-string>",
// which fails the label value check.
func metaFrom(u map[string]any) metav1.ObjectMeta {
	var om metav1.ObjectMeta
	m, _ := u["metadata"].(map[string]any)
	om.Name, _ = m["name"].(string)
	om.Namespace, _ = m["namespace"].(string)
	conv := func(v any) map[string]string {
		in, _ := v.(map[string]any)
		if in == nil {
			return nil
		}
		out := map[string]string{}
		for k, v := range in {
			s, ok := v.(string)
			if !ok {
				s = "<non-string>"
			}
			out[k] = s
		}
		return out
	}
	om.Labels = conv(m["labels"])
	om.Annotations = conv(m["annotations"])
	return om
}

// checkMeta: metadata.name (a DNS-1035 label for a Service, else a DNS-1123
// subdomain), namespace, label and annotation keys, label values.
func (c *checker) checkMeta(who, kind string, om metav1.ObjectMeta) {
	if om.Name != "" {
		if kind == "Service" {
			c.errs(who, "metadata.name", om.Name, validation.IsDNS1035Label(om.Name))
		} else {
			c.errs(who, "metadata.name", om.Name, validation.IsDNS1123Subdomain(om.Name))
		}
	}
	if om.Namespace != "" {
		c.errs(who, "metadata.namespace", om.Namespace, validation.IsDNS1123Label(om.Namespace))
	}
	c.checkLabels(who, "metadata.labels", om.Labels)
	for k := range om.Annotations {
		c.errs(who, "metadata.annotations", k, validation.IsQualifiedName(k))
	}
}

func (c *checker) checkLabels(who, field string, l map[string]string) {
	for k, v := range l {
		c.errs(who, field, k, validation.IsQualifiedName(k))
		c.errs(who, field+"["+k+"]", v, validation.IsValidLabelValue(v))
	}
}

// errs records validation messages about value (at field), if any.
func (c *checker) errs(who, field, value string, msgs []string) {
	for _, m := range msgs {
		c.addf(who, "%s: invalid value %q: %s", field, value, m)
	}
}

func (c *checker) checkBuiltin(who string, obj runtime.Object) {
	kind := obj.GetObjectKind().GroupVersionKind().Kind
	if mo, ok := obj.(metav1.Object); ok {
		c.checkMeta(who, kind, metav1.ObjectMeta{
			Name: mo.GetName(), Namespace: mo.GetNamespace(),
			Labels: mo.GetLabels(), Annotations: mo.GetAnnotations(),
		})
	}
	switch o := obj.(type) {
	case *corev1.Pod:
		c.checkPodSpec(who, "spec", &o.Spec)
	case *appsv1.Deployment:
		c.checkWorkload(who, o.Spec.Selector, &o.Spec.Template)
	case *appsv1.StatefulSet:
		c.checkWorkload(who, o.Spec.Selector, &o.Spec.Template)
	case *appsv1.DaemonSet:
		c.checkWorkload(who, o.Spec.Selector, &o.Spec.Template)
	case *appsv1.ReplicaSet:
		c.checkWorkload(who, o.Spec.Selector, &o.Spec.Template)
	case *batchv1.Job:
		c.checkTemplate(who, "spec.template", &o.Spec.Template)
	case *batchv1.CronJob:
		c.checkTemplate(who, "spec.jobTemplate.spec.template", &o.Spec.JobTemplate.Spec.Template)
	case *corev1.Service:
		c.checkService(who, o)
	}
}

// checkWorkload: selector present, valid, and matching the pod template's labels.
func (c *checker) checkWorkload(who string, sel *metav1.LabelSelector, tpl *corev1.PodTemplateSpec) {
	c.checkTemplate(who, "spec.template", tpl)
	if sel == nil || (len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0) {
		c.addf(who, "spec.selector: required (matchLabels or matchExpressions)")
		return
	}
	c.checkLabels(who, "spec.selector.matchLabels", sel.MatchLabels)
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		c.addf(who, "spec.selector: %v", err)
		return
	}
	if !s.Matches(labels.Set(tpl.Labels)) {
		c.addf(who, "spec.selector %q does not match spec.template.metadata.labels %v", s.String(), labels.Set(tpl.Labels))
	}
}

func (c *checker) checkTemplate(who, field string, tpl *corev1.PodTemplateSpec) {
	c.checkLabels(who, field+".metadata.labels", tpl.Labels)
	c.checkDaprAnnotations(who, field, tpl.Annotations)
	c.checkPodSpec(who, field+".spec", &tpl.Spec)
}

func (c *checker) checkPodSpec(who, field string, ps *corev1.PodSpec) {
	names := map[string]bool{}
	check := func(list string, ctrs []corev1.Container) {
		for i, ct := range ctrs {
			f := fmt.Sprintf("%s.%s[%d]", field, list, i)
			if ct.Name == "" {
				c.addf(who, "%s.name: required", f)
			} else {
				c.errs(who, f+".name", ct.Name, validation.IsDNS1123Label(ct.Name))
				if names[ct.Name] {
					c.addf(who, "%s.name: duplicate container name %q", f, ct.Name)
				}
				names[ct.Name] = true
			}
			if ct.Image == "" {
				c.addf(who, "%s.image: required", f)
			}
			for j, p := range ct.Ports {
				pf := fmt.Sprintf("%s.ports[%d]", f, j)
				if p.Name != "" {
					c.errs(who, pf+".name", p.Name, validation.IsValidPortName(p.Name))
				}
				c.errs(who, pf+".containerPort", fmt.Sprint(p.ContainerPort), validation.IsValidPortNum(int(p.ContainerPort)))
			}
			for j, e := range ct.Env {
				c.errs(who, fmt.Sprintf("%s.env[%d].name", f, j), e.Name, validation.IsEnvVarName(e.Name))
			}
		}
	}
	check("initContainers", ps.InitContainers)
	check("containers", ps.Containers)
	if len(ps.Containers) == 0 {
		c.addf(who, "%s.containers: required (at least one container)", field)
	}
}

func (c *checker) checkService(who string, s *corev1.Service) {
	c.checkLabels(who, "spec.selector", s.Spec.Selector)
	for i, p := range s.Spec.Ports {
		f := fmt.Sprintf("spec.ports[%d]", i)
		if p.Name != "" {
			c.errs(who, f+".name", p.Name, validation.IsDNS1123Label(p.Name))
		} else if len(s.Spec.Ports) > 1 {
			c.addf(who, "%s.name: required when a Service has more than one port", f)
		}
		c.errs(who, f+".port", fmt.Sprint(p.Port), validation.IsValidPortNum(int(p.Port)))
		if p.TargetPort.StrVal != "" {
			c.errs(who, f+".targetPort", p.TargetPort.StrVal, validation.IsValidPortName(p.TargetPort.StrVal))
		} else if p.TargetPort.IntVal != 0 {
			c.errs(who, f+".targetPort", fmt.Sprint(p.TargetPort.IntVal), validation.IsValidPortNum(int(p.TargetPort.IntVal)))
		}
	}
}

// checkDapr: metadata checks and the spec fields Dapr cannot do without.
func (c *checker) checkDapr(who string, obj any) {
	switch o := obj.(type) {
	case *componentsv1alpha1.Component:
		c.checkMeta(who, "Component", o.ObjectMeta)
		if o.Spec.Type == "" {
			c.addf(who, "spec.type: required (e.g. state.redis)")
		}
		if o.Spec.Version == "" {
			c.addf(who, "spec.version: required (e.g. v1)")
		}
		for i, md := range o.Spec.Metadata {
			if md.Name == "" {
				c.addf(who, "spec.metadata[%d].name: required", i)
			}
		}
	case *configurationv1alpha1.Configuration:
		c.checkMeta(who, "Configuration", o.ObjectMeta)
	case *resiliencyv1alpha1.Resiliency:
		c.checkMeta(who, "Resiliency", o.ObjectMeta)
	case *subscriptionsv2alpha1.Subscription:
		c.checkMeta(who, "Subscription", o.ObjectMeta)
		if o.Spec.Pubsubname == "" {
			c.addf(who, "spec.pubsubname: required")
		}
		if o.Spec.Topic == "" {
			c.addf(who, "spec.topic: required")
		}
		if o.Spec.Routes.Default == "" && len(o.Spec.Routes.Rules) == 0 {
			c.addf(who, "spec.routes: required (default or rules)")
		}
	}
}
