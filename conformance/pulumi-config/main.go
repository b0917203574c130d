// Command pulumi-config applies a project's config to stack files with
// Pulumi's own code, as pulumi preview and up do before the program runs
// (github.com/pulumi/pulumi/pkg/v3/workspace,
// ValidateStackConfigAndApplyProjectConfig), and prints one line a stack
// file: "ok" and the project keys it got from Pulumi.yaml's defaults, or
// "refused" and Pulumi's error. It exits 1 when it cannot read a file.
//
//	go run . PULUMI_YAML STACK_FILE...
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	pkgws "github.com/pulumi/pulumi/pkg/v3/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/common/esc"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: pulumi-config PULUMI_YAML STACK_FILE...")
		os.Exit(2)
	}
	proj, err := workspace.LoadProject(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, path := range os.Args[2:] {
		ps, err := workspace.LoadProjectStack(nil, proj, path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		before := map[string]bool{}
		for k := range ps.Config {
			before[k.String()] = true
		}
		stack := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "Pulumi."), filepath.Ext(path))
		if err := pkgws.ValidateStackConfigAndApplyProjectConfig(context.Background(), stack, proj, esc.Value{},
			ps.Config, config.NopEncrypter, config.NopDecrypter); err != nil {
			fmt.Printf("%s: refused: %v\n", filepath.Base(path), err)
			continue
		}
		var added []string
		for k, v := range ps.Config {
			if !before[k.String()] {
				text, _ := v.Value(config.NopDecrypter)
				added = append(added, k.String()+"="+text)
			}
		}
		slices.Sort(added)
		fmt.Printf("%s: ok %s\n", filepath.Base(path), strings.Join(added, " "))
	}
}
