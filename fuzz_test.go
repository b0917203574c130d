package main

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/plan"
	"github.com/ekskit/ekskit/stackconfig"
)

// configPaths are the paths of every setting a stack file can hold, as
// --set takes them, from the types stackconfig decodes into: a list gets
// its first two elements, a node group map the stack's first group (group)
// and a new one, any other map one key.
func configPaths(group string) []string {
	var out []string
	var walk func(path string, t reflect.Type)
	walk = func(path string, t reflect.Type) {
		switch t.Kind() {
		case reflect.Pointer:
			walk(path, t.Elem())
		case reflect.Struct:
			for i := range t.NumField() {
				f := t.Field(i)
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				switch {
				case f.Anonymous && name == "":
					walk(path, f.Type)
				case name != "" && name != "-":
					walk(path+"."+name, f.Type)
				}
			}
		case reflect.Map:
			keys := []string{"k"}
			if t.Elem() == reflect.TypeFor[spec.NodeGroup]() {
				keys = []string{group, "extra"}
			}
			for _, k := range keys {
				walk(path+"."+k, t.Elem())
			}
		case reflect.Slice:
			walk(path+"[0]", t.Elem())
			walk(path+"[1]", t.Elem())
		default:
			out = append(out, path)
		}
	}
	c := stackconfig.Config{}
	walk(stackconfig.KeyCluster, reflect.TypeOf(c.Cluster))
	walk(stackconfig.KeyRoles, reflect.TypeOf(c.Roles))
	walk(stackconfig.KeyNodeGroups, reflect.TypeOf(c.NodeGroups))
	walk(stackconfig.KeyPolicy, reflect.TypeOf(c.Policy))
	return append(out, stackconfig.KeyRegion, stackconfig.KeyDefaultTags+".tags.k", stackconfig.KeyDefaultTags)
}

func TestConfigPaths(t *testing.T) {
	paths := configPaths("g")
	for _, want := range []string{"ekskit:cluster.name", "ekskit:cluster.quotas.nodeGroups", "ekskit:cluster.addons.k.version",
		"ekskit:nodeGroups.g.taints[1].effect", "ekskit:nodeGroups.extra.labels.k", "ekskit:cluster.tags.k", "ekskit:roles.path",
		"ekskit:policy.exceptions[0].rule", "aws:region", "aws:defaultTags.tags.k"} {
		if !slices.Contains(paths, want) {
			t.Errorf("configPaths lacks %s", want)
		}
	}
}

// FuzzPlanAcceptedConfig changes up to two settings of the dev or prod
// stack, as --set does, and runs the plan command. What it checks is the
// promise that bad input never reaches AWS: a config that validation and
// the guardrails accept must plan without an error from the program (an
// error there is a rule that only the program knows, found after resources
// were registered), a refused one must say why, and nothing may panic.
func FuzzPlanAcceptedConfig(f *testing.F) {
	f.Add(false, uint16(0), "simple-bank", uint16(1), "1.35", false)
	for i, v := range []string{"0", "-1", "1000", `""`, "[]", "{}", "x", "AL2023_ARM_64_STANDARD", "[t4g.medium]",
		"SPOT", "[{key: a, effect: NO_SCHEDULE}]", "{create: true}", "private", "[10.0.0.0/8]", "none", "true"} {
		f.Add(i%2 == 0, uint16(i*7), v, uint16(i*13+5), v, i%3 == 0)
	}
	paths := map[bool][]string{}
	for _, prod := range []bool{false, true} {
		stack := map[bool]string{false: "dev", true: "prod"}[prod]
		cfg, err := stackconfig.Parse(loadStack(f, stack))
		if err != nil {
			f.Fatal(err)
		}
		groups := slices.Sorted(func(yield func(string) bool) {
			for name := range cfg.NodeGroups {
				if !yield(name) {
					return
				}
			}
		})
		paths[prod] = configPaths(groups[0])
	}
	f.Fuzz(func(t *testing.T, prod bool, p1 uint16, v1 string, p2 uint16, v2 string, diff bool) {
		stack, list := "dev", paths[prod]
		if prod {
			stack = "prod"
		}
		args := []string{"--stack", stack, "--today", "2026-11-30",
			"--set", list[int(p1)%len(list)] + "=" + v1, "--set", list[int(p2)%len(list)] + "=" + v2}
		if diff {
			args = append(args, "--diff", "testdata/plans/"+stack+".json", "--markdown")
		} else {
			args = append(args, "--json")
		}
		var out, errOut bytes.Buffer
		code := runPlan(args, &out, &errOut)
		switch {
		case code == exitInvalid && strings.HasPrefix(errOut.String(), "program:"):
			t.Fatalf("accepted config failed in the program: %v\n%s", args, errOut.String())
		case code == exitInvalid && strings.TrimSpace(errOut.String()) == "":
			t.Fatalf("refused with no reason: %v", args)
		case code != exitInvalid && errOut.Len() > 0:
			t.Fatalf("exit %d with errors: %v\n%s", code, args, errOut.String())
		case code == exitOK && !diff:
			if _, err := plan.DecodeDocument(&out); err != nil {
				t.Fatalf("plan --json does not decode: %v: %v", args, err)
			}
		}
	})
}
