package plan

import (
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// Project is a loaded Pulumi.yaml.
type Project struct {
	*workspace.Project
	// Path of Pulumi.yaml.
	Path string
}

// LoadProject loads and validates a Pulumi.yaml with Pulumi's own loader.
func LoadProject(path string) (Project, error) {
	p, err := workspace.LoadProject(path)
	if err != nil {
		return Project{}, fmt.Errorf("project %s: %w", path, err)
	}
	return Project{Project: p, Path: path}, nil
}

// StackPath is where a stack's config file lives (honouring stackConfigDir).
func (p Project) StackPath(stack string) string {
	return workspace.ProjectStackPath(p.Path, p.Project, tokens.QName(stack))
}

// Stacks are the names of the stacks that have a config file where
// [Project.StackPath] looks (stackConfigDir), sorted.
func (p Project) Stacks() []string {
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(p.StackPath("x")), "Pulumi.*.yaml"))
	names := make([]string, 0, len(files))
	for _, f := range files {
		names = append(names, StackName(f))
	}
	sort.Strings(names)
	return names
}

// StackName is the stack a config file is for: Pulumi.NAME.yaml names NAME
// (the inverse of [Project.StackPath]).
func StackName(path string) string {
	return strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "Pulumi."), filepath.Ext(path))
}

// StackFile is a stack config file as [Project.LoadStack] reads it.
type StackFile struct {
	// Config is the flat map [Options.Config] takes: keys
	// "<namespace>:<key>", objects as JSON, with the project's config
	// applied. Encrypted (secure:) values cannot be read offline and are
	// left out.
	Config map[string]string
	// Secure are the keys left out of Config for their secure values,
	// sorted, for the caller to refuse the ones its program reads (an
	// aws:secretKey, say, the offline plan does without).
	Secure []string
	// Environments are the Pulumi ESC environments the file imports (its
	// `environment:`), in order; empty, not nil, for a file that imports
	// none, which rules.Input.Environments tells from not known. pulumi
	// preview and up merge their config values into the file's (the
	// file's win), which only the Pulumi Cloud can read.
	Environments []string
}

// LoadStack reads a stack config file, once, with Pulumi's own loader: its
// config, the keys of its secure values and the ESC environments it
// imports ([StackFile]).
//
// The project's config is applied as pulumi preview and up apply it
// before the program runs ([Project.applyProjectConfig]): a key it
// declares with a default gets the default; [Project.Missing] says which
// keys it requires are not set.
func (p Project) LoadStack(path string) (StackFile, error) {
	ps, err := workspace.LoadProjectStack(nil, p.Project, path)
	if err != nil {
		return StackFile{}, fmt.Errorf("stack file %s: %w", filepath.Base(path), err)
	}
	if err := p.applyProjectConfig(ps.Config); err != nil {
		return StackFile{}, fmt.Errorf("stack file %s: %w", filepath.Base(path), err)
	}
	var secure []string
	for k, v := range ps.Config {
		if v.Secure() {
			secure = append(secure, k.String())
			delete(ps.Config, k)
		}
	}
	sort.Strings(secure)
	dec, err := ps.Config.Decrypt(config.NopDecrypter)
	if err != nil {
		return StackFile{}, fmt.Errorf("stack file %s: %w", filepath.Base(path), err)
	}
	flat := make(map[string]string, len(dec))
	for k, v := range dec {
		flat[k.String()] = v
	}
	environments := []string{}
	if ps.Environment != nil {
		environments = append(environments, ps.Environment.Imports()...)
	}
	return StackFile{Config: flat, Secure: secure, Environments: environments}, nil
}

// applyProjectConfig does to a stack's config what pulumi preview and up
// do before the program runs (pkg/v3 workspace, mergeConfig, which
// conformance/pulumi-config runs on the committed stacks): a key Pulumi.yaml
// declares with a value or default, and that the stack does not set, gets
// it (a string, number or bool as text, anything else as JSON). A key of
// the project's own namespace with neither is left to [Project.Missing].
func (p Project) applyProjectConfig(cfg config.Map) error {
	for _, name := range slices.Sorted(maps.Keys(p.Config)) {
		decl := p.Config[name]
		key, err := configKey(p.Name.String(), name)
		if err != nil {
			return fmt.Errorf("config %s in Pulumi.yaml: %w", name, err)
		}
		if _, set, err := cfg.Get(key, true); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		} else if set {
			continue
		}
		value := projectDefault(decl)
		if value == nil {
			continue
		}
		v, err := configValue(value)
		if err != nil {
			return fmt.Errorf("config %s in Pulumi.yaml: default: %w", name, err)
		}
		if err := cfg.Set(key, v, true); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
	}
	return nil
}

// Missing are the keys of the project's own namespace that Pulumi.yaml
// declares with no default or value and that neither cfg (a stack's
// [StackFile].Config, with what pulumi config set would add) nor secure
// (its [StackFile].Secure, the keys left out for their secure values) sets,
// sorted: pulumi preview and up refuse such a stack before the program
// runs (pkg/v3 workspace, mergeConfig), unless an ESC environment the
// stack imports sets them.
func (p Project) Missing(cfg map[string]string, secure []string) []string {
	var missing []string
	for name, decl := range p.Config {
		key, err := configKey(p.Name.String(), name)
		if err != nil || key.Namespace() != p.Name.String() || projectDefault(decl) != nil {
			continue
		}
		if _, ok := cfg[key.String()]; !ok && !slices.Contains(secure, key.String()) {
			missing = append(missing, key.String())
		}
	}
	slices.Sort(missing)
	return missing
}

// projectDefault is what Pulumi gives a declared key the stack leaves
// out: its default, else its value; nil for neither.
func projectDefault(decl workspace.ProjectConfigType) any {
	if decl.Default != nil {
		return decl.Default
	}
	return decl.Value
}

// configKey is a project config key as Pulumi reads it: "name" is in the
// project's namespace, "ns:name" in ns's.
func configKey(project, name string) (config.Key, error) {
	if strings.Contains(name, ":") {
		return config.ParseKey(name)
	}
	return config.ParseKey(project + ":" + name)
}

// configValue is a Pulumi.yaml default as a stack config value.
func configValue(v any) (config.Value, error) {
	switch v.(type) {
	case string, int, bool: // as Pulumi's createConfigValue
		return config.NewValue(fmt.Sprintf("%v", v)), nil
	}
	simple, err := workspace.SimplifyMarshalledValue(v)
	if err != nil {
		return config.Value{}, err
	}
	data, err := json.Marshal(simple)
	if err != nil {
		return config.Value{}, err
	}
	return config.NewObjectValue(string(data)), nil
}
