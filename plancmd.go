package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ekskit/ekskit/plan"
	"github.com/ekskit/ekskit/rules"
	"github.com/ekskit/ekskit/stackconfig"
)

// Exit codes of `ekskit plan`.
const (
	exitOK      = 0
	exitHazard  = 1 // --diff found a replacement or a delete of a protected resource
	exitInvalid = 2
)

type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, ",") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

// runPlan is `ekskit plan`: the stack's resource graph, offline.
func runPlan(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "stack name: reads its file from the project's stackConfigDir (stacks/Pulumi.NAME.yaml)")
	configFile := fs.String("config-file", "", "a stack config file of the same format, instead of --stack")
	project := fs.String("project", "Pulumi.yaml", "the Pulumi project file")
	asJSON := fs.Bool("json", false, "print the machine-readable plan (with --diff, the diff)")
	todayFlag := fs.String("today", "", "the day the guardrails check against, YYYY-MM-DD (default: today)")
	diffPath := fs.String("diff", "", "a plan saved with --json (e.g. from the base branch): show what changes against it")
	var sets setFlags
	fs.Var(&sets, "set", "PATH=VALUE, as `pulumi config set --path` (value parsed as YAML); repeatable")
	if err := fs.Parse(args); err != nil {
		return exitInvalid
	}
	if (*stack == "") == (*configFile == "") || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: ekskit plan (--stack NAME | --config-file PATH) [--set PATH=VALUE]... [--diff PLAN.json] [--json]")
		return exitInvalid
	}
	proj, err := plan.LoadProject(*project)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitInvalid
	}
	path, name := *configFile, *stack
	if name == "" {
		name = plan.StackName(path)
	} else {
		path = proj.StackPath(name)
	}
	if _, err := os.Stat(path); err != nil {
		if *stack != "" {
			fmt.Fprintf(stderr, "no stack %s: %s does not exist (stacks: %s)\n", name, path, strings.Join(proj.Stacks(), ", "))
		} else {
			fmt.Fprintf(stderr, "--config-file %s: %v\n", path, err)
		}
		return exitInvalid
	}
	cfg, err := proj.StackConfig(path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitInvalid
	}
	var problems []string
	for _, s := range sets {
		if err := applySet(cfg, string(proj.Name), s); err != nil {
			problems = append(problems, err.Error())
		}
	}
	parsed, err := stackconfig.Parse(cfg)
	if err != nil {
		problems = append(problems, err.Error())
	}
	today := now()
	if *todayFlag != "" {
		if today, err = time.Parse(time.DateOnly, *todayFlag); err != nil {
			problems = append(problems, fmt.Sprintf("--today %q: want YYYY-MM-DD", *todayFlag))
		}
	}
	var base plan.Document
	if *diffPath != "" {
		if base, err = plan.ReadDocument(*diffPath); err != nil {
			problems = append(problems, fmt.Sprintf("--diff %s: %v", *diffPath, err))
		}
	}
	if len(problems) > 0 {
		fmt.Fprintln(stderr, strings.Join(problems, "\n"))
		return exitInvalid
	}
	findings, err := rules.Enforce(rules.Input{Config: parsed, Today: today})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitInvalid
	}
	g, err := plan.Run(program, plan.Options{Project: string(proj.Name), Stack: name, Config: cfg, Preview: true})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitInvalid
	}
	if *diffPath != "" {
		d := plan.Compare(base, g.Document())
		if *asJSON {
			writeJSON(stdout, d)
		} else {
			plan.WriteDiff(stdout, d, *diffPath)
		}
		if len(d.Hazards()) > 0 {
			return exitHazard
		}
		return exitOK
	}
	if *asJSON {
		writeJSON(stdout, planOutput{Document: g.Document(), Findings: findings})
		return exitOK
	}
	plan.WriteTree(stdout, g)
	writeFindings(stdout, findings)
	return exitOK
}

// planOutput is what plan --json prints: the plan document and the
// guardrails' findings.
type planOutput struct {
	plan.Document
	Findings []rules.Finding `json:"findings"`
}

// writeFindings lists the findings under the tree.
func writeFindings(w io.Writer, findings []rules.Finding) {
	if len(findings) == 0 {
		fmt.Fprintln(w, "\nFindings: none")
		return
	}
	fmt.Fprintf(w, "\nFindings (%d; ekskit:policy decides which stop the stack):\n", len(findings))
	for _, f := range findings {
		refs := ""
		if len(f.IDs) > 0 {
			refs = " (" + strings.Join(f.IDs, ", ") + ")"
		}
		fmt.Fprintf(w, "    %-7s %s %s: %s\n            fix: %s%s\n", f.Severity, f.Rule, f.Resource, f.Message, f.Fix, refs)
		if f.Exception != "" {
			fmt.Fprintf(w, "            excepted: %s\n", f.Exception)
		}
	}
}

// writeJSON prints v indented; plan values always encode.
func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// applySet applies one --set PATH=VALUE: the value is parsed as YAML and
// stored with [stackconfig.SetPath]; a PATH without a namespace gets the
// project's, as with `pulumi config set --path`.
func applySet(cfg map[string]string, project, set string) error {
	path, raw, ok := strings.Cut(set, "=")
	if !ok || path == "" {
		return fmt.Errorf("--set %q: want PATH=VALUE", set)
	}
	var value any
	if err := yaml.Unmarshal([]byte(raw), &value); err != nil {
		return fmt.Errorf("--set %s: value %q is not YAML: %v", path, raw, err)
	}
	if top, _, _ := strings.Cut(path, "."); !strings.Contains(top, ":") {
		path = project + ":" + path
	}
	if err := stackconfig.SetPath(cfg, path, value); err != nil {
		return fmt.Errorf("--set %w", err)
	}
	return nil
}
