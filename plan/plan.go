package plan

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
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
	// Cloud gives the offline answers. Defaults to [DefaultCloud].
	Cloud *Cloud
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
	// Inputs as sent to the engine; unknown values are computed properties.
	Inputs resource.PropertyMap
	// Dependencies are the URNs this resource depends on.
	Dependencies []string
	// PropertyDependencies maps an input to the URNs its value came from.
	PropertyDependencies map[string][]string
	Options              ResourceOptions
	// Outputs are the outputs the provider model returned (update mode).
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
	Version             string   `json:"version,omitempty"`
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
func Run(program pulumi.RunFunc, opts Options) (*Graph, error) {
	if opts.Project == "" || opts.Stack == "" {
		return nil, errors.New("plan: project and stack are required")
	}
	cloud := DefaultCloud()
	if opts.Cloud != nil {
		cloud = *opts.Cloud
	}
	region := cloud.Region
	if r, ok := opts.Config["aws:region"]; ok && r != "" {
		region = r
	}
	m := &monitor{cloud: cloud, region: region, preview: opts.Preview,
		project: opts.Project, stack: opts.Stack}
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
	cloud          Cloud
	region         string
	preview        bool
	project, stack string
	mu             sync.Mutex
	resources      []Resource
	invokes        []Invoke
}

func (m *monitor) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(m.stack), tokens.PackageName(m.project), parentType,
		tokens.Type(typ), name))
}

// NewResource implements pulumi.MockResourceMonitor.
func (m *monitor) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	if rpc == nil {
		return "", nil, fmt.Errorf("read of %s %s is not supported offline", args.TypeToken, args.Name)
	}
	inputs, err := plugin.UnmarshalProperties(rpc.GetObject(), plugin.MarshalOptions{
		KeepUnknowns: true, KeepSecrets: true, KeepResources: true})
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
			Version:             rpc.GetVersion(),
		},
	}
	if pd := rpc.GetPropertyDependencies(); len(pd) > 0 {
		r.PropertyDependencies = map[string][]string{}
		for k, v := range pd {
			if urns := sortedUnique(v.GetUrns()); len(urns) > 0 {
				r.PropertyDependencies[k] = urns
			}
		}
	}

	// Outputs: the inputs echoed (a provider returns them as state), plus
	// what the provider knows at preview, plus (update only) what it computes.
	outs := args.Inputs.Copy()
	id := ""
	c := created{urn: r.URN, name: r.Name, region: m.region, inputs: inputs}
	md, ok := models[r.Type]
	if ok && md.known != nil {
		for k, v := range md.known(m.cloud, c) {
			outs[k] = v
		}
	}
	if !m.preview {
		id = r.Name
		if ok && md.computed != nil {
			var computed resource.PropertyMap
			id, computed = md.computed(m.cloud, c)
			for k, v := range computed {
				outs[k] = v
			}
		}
		if !r.Custom {
			id = ""
		}
	}
	r.Outputs = outs

	m.mu.Lock()
	m.resources = append(m.resources, r)
	m.mu.Unlock()
	return id, outs, nil
}

// Call implements pulumi.MockResourceMonitor (invokes).
func (m *monitor) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	out, note, err := m.cloud.answer(args.Token, args.Args, m.region)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.invokes = append(m.invokes, Invoke{Token: args.Token, Args: plainMap(args.Args),
		Answer: plainMap(out), Note: note})
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
