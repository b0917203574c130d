package plan

import (
	"fmt"
	"path/filepath"
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

// StackConfig loads a stack config file with Pulumi's own loader and returns
// it as the flat map [Options.Config] takes: keys "<namespace>:<key>",
// objects as JSON. Encrypted (secure:) values cannot be read offline: they
// are left out of the map, and their keys returned, sorted, for the caller
// to refuse the ones its program reads (an aws:secretKey, say, the offline
// plan does without).
func (p Project) StackConfig(path string) (flat map[string]string, secure []string, err error) {
	ps, err := workspace.LoadProjectStack(nil, p.Project, path)
	if err != nil {
		return nil, nil, fmt.Errorf("stack file %s: %w", filepath.Base(path), err)
	}
	for k, v := range ps.Config {
		if v.Secure() {
			secure = append(secure, k.String())
			delete(ps.Config, k)
		}
	}
	sort.Strings(secure)
	dec, err := ps.Config.Decrypt(config.NopDecrypter)
	if err != nil {
		return nil, nil, fmt.Errorf("stack file %s: %w", filepath.Base(path), err)
	}
	flat = make(map[string]string, len(dec))
	for k, v := range dec {
		flat[k.String()] = v
	}
	return flat, secure, nil
}
