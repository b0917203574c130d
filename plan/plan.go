package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/ekskit/ekskit/components/spec"
)

// Options say what to plan.
type Options struct {
	// Project is the Pulumi project name (Pulumi.yaml's name). Required.
	Project string
	// Stack is the stack name. Required.
	Stack string
	// Config is the flat stack config, keyed "<namespace>:<key>", object
	// values as JSON strings (the form PULUMI_CONFIG takes). Defaults to empty.
	Config map[string]string
	// Preview runs with preview semantics: provider-computed values are
	// unknown. Defaults to false (update semantics, values built from inputs).
	Preview bool
	// Cloud gives the offline answers. Defaults to [DefaultCloud], field by
	// field: a field left unset ("", a nil slice) is DefaultCloud's, so
	// &Cloud{AccountID: "111122223333"} changes the account alone. An
	// unset partition is that of the provider's region (the config's
	// aws:region, else Cloud.Region), as the aws provider finds it
	// ([spec.PartitionOf]: aws-cn for cn-north-1), else (no region, or one
	// in no partition) DefaultCloud's; a partition set that is not that
	// region's is an error (so &Cloud{Partition: "aws-cn"} works, and
	// DefaultCloud() with only its Partition changed does not: its Region
	// is us-east-1). The partition and region are the default aws
	// provider's: an explicit aws provider answers in its own region and
	// that region's partition ([Cloud].Partition).
	Cloud *Cloud
	// Answers answer the program's data-source calls (invokes) by type
	// token, before the offline answers of [Cloud]: for look-ups the
	// offline account does not know, such as iam.GetPolicyDocument,
	// ssm.LookupParameter or ec2.LookupVpc of a VPC that is not the default
	// one. An answer gets the call and returns its result (as the provider
	// would) or an error, which fails the call. The program's calls may
	// run at once, from goroutines of their own: an answer that keeps
	// state must lock it. pulumi-eks's own look-ups are the model's.
	// Defaults to none.
	Answers map[string]Answer
}

// Answer answers one data-source call.
type Answer func(Lookup) (resource.PropertyMap, error)

// Lookup is a data-source call that [Options].Answers answers.
type Lookup struct {
	Token string
	Args  resource.PropertyMap
	// Region and Partition are those of the aws provider the call is made
	// through: the default provider's, or an explicit one's.
	Region, Partition string
}

// Graph is what a program registered.
type Graph struct {
	Project string
	Stack   string
	// Resources in registration order (stable for a given program and config
	// when the program registers in a deterministic order; see [Graph.Sorted]).
	Resources []Resource
	// Outputs are the stack outputs.
	Outputs resource.PropertyMap
	// Invokes are the data-source calls, each with its offline answer.
	Invokes []Invoke
}

// Resource is one registered resource.
type Resource struct {
	URN    string
	Type   string
	Name   string
	Parent string
	Custom bool
	// Remote is true for a component run by a plugin (its children are not seen).
	Remote bool
	// Read is set for an existing resource the program reads
	// (ctx.ReadResource, a resource type's Get: pulumi preview shows it as
	// a read), which pulumi up neither creates nor deletes; ID is the id it
	// is read by, and Inputs the properties the program gave to find it.
	Read bool
	ID   string
	// Region is the region an aws resource is created in, or read from:
	// its aws provider's ("" for other packages).
	Region string
	// DefaultTags are the tags an aws resource's provider puts on it
	// (aws:defaultTags, or an explicit provider's defaultTags), where the
	// provider's schema says the type takes them ([Kind].Tagged); its own
	// tags win.
	DefaultTags map[string]string
	// Inputs as sent to the engine; unknown values are computed properties.
	Inputs resource.PropertyMap
	// Dependencies are the URNs this resource depends on.
	Dependencies []string
	// PropertyDependencies maps an input to the URNs its value came from.
	PropertyDependencies map[string][]string
	Options              ResourceOptions
	// Outputs are the outputs the provider model returned (update mode),
	// or a read resource's state (both modes).
	Outputs resource.PropertyMap
}

// ResourceOptions are the options the engine receives with a resource.
type ResourceOptions struct {
	Protect             bool     `json:"protect,omitempty"`
	RetainOnDelete      bool     `json:"retainOnDelete,omitempty"`
	DeleteBeforeReplace bool     `json:"deleteBeforeReplace,omitempty"`
	IgnoreChanges       []string `json:"ignoreChanges,omitempty"`
	ReplaceOnChanges    []string `json:"replaceOnChanges,omitempty"`
	Provider            string   `json:"provider,omitempty"`
	// Providers is the providers map a component passes on to its
	// children, by package (what a remote component's plugin receives).
	Providers map[string]string `json:"providers,omitempty"`
	Version   string            `json:"version,omitempty"`
	// Aliases are the resource's aliases, as the SDK sends them: specs of
	// old URNs that pulumi up looks it up by in the stack's state when its
	// own is not there ([aliasMoves]).
	Aliases []ResourceAlias `json:"aliases,omitempty"`
}

// Find returns the resources of a type token, in URN order.
func (g *Graph) Find(typ string) []Resource {
	var out []Resource
	for _, r := range g.Sorted() {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// ByURN returns the resource with that URN.
func (g *Graph) ByURN(urn string) (Resource, bool) {
	for _, r := range g.Resources {
		if r.URN == urn {
			return r, true
		}
	}
	return Resource{}, false
}

// Sorted returns the resources ordered by URN.
func (g *Graph) Sorted() []Resource {
	out := slices.Clone(g.Resources)
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// Run runs the program on the mock engine and returns what it registered.
// An error from the program (for example invalid config) is returned as is,
// wrapped, with the partial graph.
//
// In a test, find resources with [Graph.Find] and read what would be sent
// to AWS from their Inputs: Inputs.Mappable() gives plain Go values (an
// unknown or secret one as the SDK's resource.Computed or *resource.Secret),
// [Plain] one value as the plan's JSON writes it ([Unknown], [Secret]), and
// [Graph.Document] the whole graph so.
//
// A read of an existing resource (ctx.ReadResource, or a type's Get such
// as iam.GetRole(ctx, name, pulumi.ID("AWSEKSClusterRole"), nil)) is
// answered as the provider would, in both modes, and recorded
// ([Resource].Read): its state is the properties given and, for the types
// whose ARN format the plan knows (IAM role, KMS key, log group, EKS
// cluster, node group and add-on), what the id says (a role's name) and
// the ARN, built from the Cloud's account and the partition and region of
// the aws provider it is read through. In preview mode the SDK's mock
// engine leaves the read resource's ID() unknown; its other outputs are
// known.
func Run(program pulumi.RunFunc, opts Options) (*Graph, error) {
	if opts.Project == "" || opts.Stack == "" {
		return nil, errors.New("plan: project and stack are required")
	}
	var cloud Cloud
	if opts.Cloud != nil {
		cloud = *opts.Cloud
	}
	// the provider's partition is its region's (aws:region, else
	// Cloud.Region); a region in none (which the program's config check
	// reports) leaves DefaultCloud's, as the AWS SDKs fall back to aws
	if region, set := cloud.stackRegion(opts.Config); region != "" {
		from := "aws:region"
		if !set {
			from = "Cloud.Region"
		}
		if p, ok := spec.PartitionOf(region); ok {
			switch {
			case cloud.Partition == "":
				cloud.Partition = p.ID
			case cloud.Partition != p.ID:
				return nil, fmt.Errorf("plan: Cloud.Partition %s, but %s %s is in partition %s", cloud.Partition, from, region, p.ID)
			}
		}
	}
	if _, ok := spec.PartitionByID(cloud.Partition); cloud.Partition != "" && !ok {
		return nil, fmt.Errorf("plan: Cloud.Partition %q is not an AWS partition", cloud.Partition)
	}
	cloud = cloud.withDefaults()
	region, set := cloud.stackRegion(opts.Config)
	source := "config"
	if !set {
		source = "Cloud.Region (aws:region is not set)"
	}
	m := &monitor{cloud: cloud, answers: opts.Answers, stackAWS: awsSettings{region: region, partition: cloud.Partition, source: source}, preview: opts.Preview,
		project: opts.Project, stack: opts.Stack, byURN: map[string]Resource{},
		transforms: map[string][]pulumi.ResourceTransform{}, providers: map[string]awsSettings{}}
	if v, ok := opts.Config["aws:defaultTags"]; ok {
		tags, err := defaultTags(resource.NewProperty(v))
		if err != nil {
			return nil, fmt.Errorf("plan: aws:defaultTags: %w", err)
		}
		m.stackAWS.defaultTags = tags
	}
	g := &Graph{Project: opts.Project, Stack: opts.Stack}

	body := func(ctx *pulumi.Context) error {
		if err := program(ctx); err != nil {
			return err
		}
		outs, err := awaitExports(ctx)
		g.Outputs = outs
		return err
	}
	err := pulumi.RunErr(body, pulumi.WithMocks(opts.Project, opts.Stack, m), func(ri *pulumi.RunInfo) {
		ri.Config = opts.Config
		ri.DryRun = opts.Preview
	})
	m.mu.Lock()
	g.Resources, g.Invokes = m.resources, m.invokes
	m.mu.Unlock()
	if err != nil {
		return g, fmt.Errorf("program: %w", err)
	}
	if err := sameNames(g.Document().Resources, stackCredentials(opts.Config)); err != nil {
		return g, fmt.Errorf("plan: %w", err)
	}
	return g, nil
}

func awaitExports(ctx *pulumi.Context) (resource.PropertyMap, error) {
	outs := resource.PropertyMap{}
	for k, v := range ctx.GetCurrentExportMap() {
		res, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.ToOutput(v))
		if err != nil {
			return nil, fmt.Errorf("output %s: %w", k, err)
		}
		var pv resource.PropertyValue
		if !res.Known {
			pv = resource.MakeComputed(resource.NewProperty(""))
		} else {
			pv = resource.NewPropertyValue(res.Value)
		}
		if res.Secret {
			pv = resource.MakeSecret(pv)
		}
		outs[resource.PropertyKey(k)] = pv
	}
	return outs, nil
}

// monitor is the mock resource monitor: it records every registration and
// answers like the provider model.
type monitor struct {
	cloud   Cloud
	answers map[string]Answer
	// stackAWS is what the default aws provider applies: the stack's
	// aws:region and aws:defaultTags.
	stackAWS       awsSettings
	preview        bool
	project, stack string
	mu             sync.Mutex
	resources      []Resource
	invokes        []Invoke
	// byURN are the registrations so far (the engine refuses a URN twice).
	byURN map[string]Resource
	// transforms are each resource's own transforms, by URN; stack
	// transforms apply to every resource.
	transforms      map[string][]pulumi.ResourceTransform
	stackTransforms []pulumi.ResourceTransform
	// providers are the explicit aws providers' settings, by provider URN.
	providers map[string]awsSettings
}

// awsSettings are what an aws provider applies to its resources: its
// region, the partition it answers in (its region's) and its default tags.
type awsSettings struct {
	region, partition string
	// source says where the region comes from, for the notes of invoke
	// answers: "config", or "provider <name>".
	source      string
	defaultTags map[string]string
}

// explicitAWS is what an explicit aws provider of that name and region
// applies: its region, in the region's partition as the aws provider finds
// it ([spec.PartitionOf]; a region in none is in aws, the AWS SDK's
// fallback), and no default tags yet.
func explicitAWS(name, region string) awsSettings {
	partition := "aws"
	if p, ok := spec.PartitionOf(region); ok {
		partition = p.ID
	}
	return awsSettings{region: region, partition: partition, source: "provider " + name}
}

// cloud is c as the provider answers it: in its partition and region (the
// account and the default VPC are c's in every partition and region).
func (s awsSettings) cloud(c Cloud) Cloud {
	c.Partition, c.Region = s.partition, s.region
	return c
}

// apply gives an aws resource its provider's region and, where its type
// takes tags, its default tags.
func (s awsSettings) apply(r *Resource) {
	r.Region = s.region
	if Kinds[r.Type].Tagged {
		r.DefaultTags = maps.Clone(s.defaultTags)
	}
}

func (m *monitor) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(m.stack), tokens.PackageName(m.project), parentType,
		tokens.Type(typ), name))
}

// RegisterTransform implements pulumi.MockResourceMonitorWithTransforms:
// a stack transform, which the engine runs on every later registration.
func (m *monitor) RegisterTransform(t pulumi.ResourceTransform) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stackTransforms = append(m.stackTransforms, t)
}

// RegisterInvokeTransform implements pulumi.MockResourceMonitorWithTransforms.
// Invoke transforms are not run offline.
func (m *monitor) RegisterInvokeTransform(pulumi.InvokeTransform) {}

// NewResource implements pulumi.MockResourceMonitor.
func (m *monitor) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	if rpc == nil {
		return m.read(args)
	}
	inputs, err := plugin.UnmarshalProperties(rpc.GetObject(), asSent)
	if err != nil {
		return "", nil, fmt.Errorf("inputs of %s: %w", args.Name, err)
	}
	r := Resource{
		URN:          m.urn(rpc.GetParent(), rpc.GetType(), rpc.GetName()),
		Type:         rpc.GetType(),
		Name:         rpc.GetName(),
		Parent:       rpc.GetParent(),
		Custom:       rpc.GetCustom(),
		Remote:       rpc.GetRemote(),
		Inputs:       inputs,
		Dependencies: sortedUnique(rpc.GetDependencies()),
		Options: ResourceOptions{
			Protect:             rpc.GetProtect(),
			RetainOnDelete:      rpc.GetRetainOnDelete(),
			DeleteBeforeReplace: rpc.GetDeleteBeforeReplace(),
			IgnoreChanges:       rpc.GetIgnoreChanges(),
			ReplaceOnChanges:    rpc.GetReplaceOnChanges(),
			Provider:            rpc.GetProvider(),
			Providers:           rpc.GetProviders(),
			Version:             rpc.GetVersion(),
			Aliases:             resourceAliases(rpc),
		},
	}
	if len(r.Options.Providers) == 0 {
		r.Options.Providers = nil
	}
	if pd := rpc.GetPropertyDependencies(); len(pd) > 0 {
		r.PropertyDependencies = map[string][]string{}
		for k, v := range pd {
			if urns := sortedUnique(v.GetUrns()); len(urns) > 0 {
				r.PropertyDependencies[k] = urns
			}
		}
	}
	transformedInputs, err := m.register(&r, args.Transforms)
	if err != nil {
		return "", nil, err
	}
	echo := args.Inputs.Copy()
	if transformedInputs {
		echo = knownOnly(r.Inputs)
	}
	id, outs, err := m.answer(&r, echo)
	if err != nil {
		return "", nil, err
	}
	var children []Resource
	var invokes []Invoke
	if r.Type == eksClusterType && r.Remote {
		if children, invokes, err = m.construct(r); err != nil {
			return "", nil, err
		}
	}

	m.mu.Lock()
	m.resources = append(m.resources, r)
	m.resources = append(m.resources, children...)
	m.invokes = append(m.invokes, invokes...)
	m.mu.Unlock()
	return id, outs, nil
}

// asSent reads a registration's properties as the engine receives them:
// unknowns, secrets and resource references kept.
var asSent = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true}

// read answers a read of an existing resource (the engine's read step,
// which asks the provider for its state by id): the resource is recorded
// ([Resource].Read) and its state is the properties given, echoed, with
// what the provider model derives from the id ([model].read).
func (m *monitor) read(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.ReadRPC
	if rpc == nil {
		return "", nil, fmt.Errorf("%s %s: neither a registration nor a read", args.TypeToken, args.Name)
	}
	inputs, err := plugin.UnmarshalProperties(rpc.GetProperties(), asSent)
	if err != nil {
		return "", nil, fmt.Errorf("properties of %s: %w", rpc.GetName(), err)
	}
	r := Resource{
		URN:          m.urn(rpc.GetParent(), rpc.GetType(), rpc.GetName()),
		Type:         rpc.GetType(),
		Name:         rpc.GetName(),
		Parent:       rpc.GetParent(),
		Custom:       true,
		Read:         true,
		ID:           rpc.GetId(),
		Inputs:       inputs,
		Dependencies: sortedUnique(rpc.GetDependencies()),
		Options:      ResourceOptions{Provider: rpc.GetProvider(), Version: rpc.GetVersion()},
	}
	if r.ID == "" { // the SDK waits for a known id; the engine refuses an empty one
		return "", nil, fmt.Errorf("read of %s %s: no id", r.Type, r.Name)
	}
	aws := m.awsOf(r.Options.Provider)
	if strings.HasPrefix(r.Type, "aws:") {
		r.Region = aws.region
	}
	state := args.Inputs.Copy()
	if md, ok := models[r.Type]; ok && md.read != nil {
		maps.Copy(state, md.read(aws.cloud(m.cloud), created{urn: r.URN, name: r.Name, region: aws.region, inputs: r.Inputs}, r.ID))
	}
	r.Outputs = state

	m.mu.Lock()
	defer m.mu.Unlock()
	if prev, dup := m.byURN[r.URN]; dup {
		return "", nil, duplicateError(prev, r)
	}
	m.byURN[r.URN] = r
	m.resources = append(m.resources, r)
	return r.ID, state, nil
}

// register checks the URN is new, keeps the resource's own transforms and
// runs the transforms that apply to it, as the engine would. It reports
// whether a transform changed the inputs.
func (m *monitor) register(r *Resource, own []pulumi.ResourceTransform) (bool, error) {
	m.mu.Lock()
	if prev, dup := m.byURN[r.URN]; dup {
		m.mu.Unlock()
		return false, duplicateError(prev, *r)
	}
	// A component takes on its parent component's providers map
	// (pkg/resource/deploy/source_eval.go, RegisterResource): so a remote
	// component's plugin receives the providers given to any component above.
	if parent, ok := m.byURN[r.Parent]; ok && !r.Custom && !parent.Custom {
		for pkg, ref := range parent.Options.Providers {
			if _, own := r.Options.Providers[pkg]; !own {
				if r.Options.Providers == nil {
					r.Options.Providers = map[string]string{}
				}
				r.Options.Providers[pkg] = ref
			}
		}
	}
	m.byURN[r.URN] = *r
	if len(own) > 0 {
		m.transforms[r.URN] = own
	}
	chain := m.transformChain(r.Parent, own)
	m.mu.Unlock()
	if len(chain) == 0 {
		return false, nil
	}
	t, err := applyTransforms(chain, r.Type, r.Name, r.Custom, r.Parent,
		transformed{inputs: r.Inputs, opts: r.Options})
	if err != nil {
		return false, err
	}
	r.Inputs, r.Options = t.inputs, t.opts
	r.Dependencies = sortedUnique(append(r.Dependencies, t.dependsOn...))
	m.mu.Lock()
	m.byURN[r.URN] = *r
	m.mu.Unlock()
	return true, nil
}

// transformChain lists the transforms the engine runs on a resource: its
// own, then each ancestor's from the parent up, then the stack's. The
// caller holds m.mu.
func (m *monitor) transformChain(parent string, own []pulumi.ResourceTransform) []pulumi.ResourceTransform {
	chain := slices.Clone(own)
	for p := parent; p != ""; p = m.byURN[p].Parent {
		chain = append(chain, m.transforms[p]...)
	}
	return append(chain, m.stackTransforms...)
}

// duplicateError is the engine's refusal of a second resource with a URN.
func duplicateError(first, second Resource) error {
	where := func(r Resource) string {
		if r.Parent == "" || resource.URN(r.Parent).QualifiedType() == resource.RootStackType {
			return "at the top of the stack"
		}
		return "under " + r.Parent
	}
	return fmt.Errorf("duplicate resource URN %s: %s %q is registered twice (%s, then %s); "+
		"pulumi up refuses the program: give one of them another name", second.URN, second.Type, second.Name,
		where(first), where(second))
}

// awsOf is what the aws provider of a resource or invoke applies: its
// explicit aws provider's region, partition and default tags, else the
// stack's aws:region (its partition) and aws:defaultTags.
func (m *monitor) awsOf(providerRef string) awsSettings {
	urn := providerURN(providerRef)
	m.mu.Lock()
	defer m.mu.Unlock()
	if p, ok := m.providers[urn]; ok {
		return p
	}
	return m.stackAWS
}

// defaultTags reads an aws provider's defaultTags ({tags: {KEY: VALUE}}),
// given as an object (an explicit provider's input) or as its JSON (the
// stack's aws:defaultTags). A value unknown at preview or secret is kept
// as [Unknown] or [Secret]; tags unknown or secret as a whole are
// {Unknown: Unknown} or {Secret: Secret}.
func defaultTags(v resource.PropertyValue) (map[string]string, error) {
	raw := Plain(v)
	if v.IsString() {
		if err := json.Unmarshal([]byte(v.StringValue()), &raw); err != nil {
			return nil, fmt.Errorf("not JSON: %w", err)
		}
	}
	if raw == Unknown || raw == Secret {
		return map[string]string{raw.(string): raw.(string)}, nil
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want {tags: {KEY: VALUE, ...}}, not %s", jsonText(raw))
	}
	switch tags := obj["tags"].(type) {
	case nil:
		return nil, nil
	case string:
		if tags == Unknown || tags == Secret {
			return map[string]string{tags: tags}, nil
		}
	case map[string]any:
		out := make(map[string]string, len(tags))
		for key, val := range tags {
			text, ok := val.(string)
			if !ok {
				return nil, fmt.Errorf("want {tags: {KEY: VALUE, ...}}: tag %s is %s, not a string", key, jsonText(val))
			}
			out[key] = text
		}
		return out, nil
	}
	return nil, fmt.Errorf("want {tags: {KEY: VALUE, ...}}, not %s", jsonText(raw))
}

// answer gives the outputs of a registration: the inputs echoed (a provider
// returns them as state), plus what the provider knows at preview, plus
// (update only) what it computes, in the partition and region of the aws
// provider that serves it. An explicit aws provider's region, its
// partition and its default tags are kept for the resources and invokes
// that use it.
func (m *monitor) answer(r *Resource, echo resource.PropertyMap) (string, resource.PropertyMap, error) {
	if r.Type == awsProviderType {
		region := r.Inputs["region"]
		if !region.IsString() || region.StringValue() == "" {
			return "", nil, fmt.Errorf("aws provider %s: no region: an explicit provider does not read the stack's aws:region; set its region", r.Name)
		}
		p := explicitAWS(r.Name, region.StringValue())
		if v, ok := r.Inputs["defaultTags"]; ok && !v.IsNull() {
			tags, err := defaultTags(v)
			if err != nil {
				return "", nil, fmt.Errorf("aws provider %s: defaultTags: %w", r.Name, err)
			}
			p.defaultTags = tags
		}
		m.mu.Lock()
		m.providers[r.URN] = p
		m.mu.Unlock()
	}
	outs := echo
	id := ""
	aws := m.awsOf(r.awsProvider())
	cloud := aws.cloud(m.cloud)
	c := created{urn: r.URN, name: r.Name, region: aws.region, inputs: r.Inputs}
	if r.Custom && strings.HasPrefix(r.Type, "aws:") {
		aws.apply(r)
	}
	md, ok := models[r.Type]
	if ok && md.known != nil {
		for k, v := range md.known(cloud, c) {
			outs[k] = v
		}
	}
	if !m.preview {
		id = r.Name
		if ok && md.computed != nil {
			var computed resource.PropertyMap
			id, computed = md.computed(cloud, c)
			for k, v := range computed {
				outs[k] = v
			}
		}
		if !r.Custom {
			id = ""
		}
	}
	r.Outputs = outs
	return id, outs, nil
}

// awsProvider is the reference to the aws provider that serves a
// registration: a custom resource's provider (the SDK resolves it from
// the parents' providers), a component's "aws" entry of its providers map
// (what a remote component's plugin gives its aws children); "" for the
// default provider.
func (r Resource) awsProvider() string {
	if r.Custom {
		return r.Options.Provider
	}
	return r.Options.Providers["aws"]
}

// knownOnly drops unknown values: what the mock engine echoes as outputs.
func knownOnly(m resource.PropertyMap) resource.PropertyMap {
	out := resource.PropertyMap{}
	for k, v := range m {
		if !v.ContainsUnknowns() {
			out[k] = v
		}
	}
	return out
}

// Call implements pulumi.MockResourceMonitor (invokes).
func (m *monitor) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	var out resource.PropertyMap
	var note string
	var err error
	aws := m.awsOf(args.Provider)
	if answer, ok := m.answers[args.Token]; ok {
		note = "answered by Options.Answers"
		if out, err = answer(Lookup{Token: args.Token, Args: args.Args, Region: aws.region, Partition: aws.partition}); err != nil {
			return nil, fmt.Errorf("%s (Options.Answers): %w", args.Token, err)
		}
	} else if out, note, err = m.cloud.answer(args.Token, args.Args, aws); err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.invokes = append(m.invokes, Invoke{Token: args.Token, Args: plainMap(args.Args),
		Answer: plainMap(out), Note: note, Provider: args.Provider})
	m.mu.Unlock()
	return out, nil
}

func sortedUnique(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	out := slices.Clone(in)
	slices.Sort(out)
	return slices.Compact(out)
}

// Type tokens the monitor treats specially.
const (
	awsProviderType = "pulumi:providers:aws"
	eksClusterType  = "eks:index:Cluster"
)
