package main

import (
	"bytes"
	"os"
	"runtime/debug"
	"strings"
	"testing"
)

func TestCommand(t *testing.T) {
	stacks := strings.Join(stackNames(t), ", ")
	for _, tc := range []struct {
		name        string
		args        []string
		underEngine bool
		wantCode    int
		wantProgram bool
		// wantOut and wantErr must appear in stdout and stderr; an empty
		// one means that stream stays empty.
		wantOut, wantErr string
	}{
		{name: "under the engine", underEngine: true, wantProgram: true},
		{name: "no arguments, no engine", wantCode: exitUsage,
			wantErr: "ekskit runs under the Pulumi CLI (pulumi up), or as ekskit plan.\n\nekskit: Amazon EKS clusters"},
		{name: "help", args: []string{"help"}, wantOut: "ekskit plan (--stack NAME | --config-file PATH)"},
		{name: "--help", args: []string{"--help"}, wantOut: "pulumi up --stack dev"},
		{name: "-h", args: []string{"-h"}, wantOut: "ekskit version"},
		{name: "unknown command", args: []string{"deploy"}, wantCode: exitUsage,
			wantErr: "ekskit: unknown command \"deploy\"\n\nekskit: Amazon EKS clusters"},
		// arguments are a command even under the engine
		{name: "help under the engine", args: []string{"help"}, underEngine: true, wantOut: "ekskit help"},
		{name: "version", args: []string{"version"}, wantOut: "ekskit "},
		{name: "stacks", args: []string{"stacks"}, wantOut: `["` + strings.Join(stackNames(t), `","`) + `"]`},
		{name: "stacks of another project", args: []string{"stacks", "--project", "testdata/nosuch/Pulumi.yaml"}, wantCode: exitUsage,
			wantErr: "testdata/nosuch/Pulumi.yaml"},
		{name: "stacks --help", args: []string{"stacks", "--help"}, wantOut: "usage: ekskit stacks [--project PATH]: the project's stacks, as a JSON list\n  --project PATH\n"},
		{name: "stacks, unknown flag", args: []string{"stacks", "--json"}, wantCode: exitUsage,
			wantErr: "flag provided but not defined: --json\nusage: ekskit stacks"},
		{name: "stacks with an argument", args: []string{"stacks", "dev"}, wantCode: exitUsage, wantErr: `ekskit stacks takes no arguments, got "dev"`},
		{name: "version with an argument", args: []string{"version", "--json"}, wantCode: exitUsage,
			wantErr: `ekskit version takes no arguments, got "--json"`},
		{name: "unknown stack", args: []string{"plan", "--stack", "nosuch"}, wantCode: exitInvalid,
			wantErr: "no stack nosuch: stacks/Pulumi.nosuch.yaml does not exist (stacks: " + stacks + ")"},
		{name: "plan --help", args: []string{"plan", "--help"}, wantOut: "PATH as 'pulumi config set --path' takes it"},
		{name: "plan -h", args: []string{"plan", "-h"}, wantOut: "usage: ekskit plan (--stack NAME | --config-file PATH) [--project PATH]"},
		{name: "plan, unknown flag", args: []string{"plan", "--stak", "dev"}, wantCode: exitInvalid,
			wantErr: "flag provided but not defined: --stak (did you mean \"--stack\"?)\nusage: ekskit plan"},
		{name: "plan, a flag without its value", args: []string{"plan", "--stack"}, wantCode: exitInvalid,
			wantErr: "flag needs an argument: --stack\nusage: ekskit plan"},
		{name: "plan, a bad value", args: []string{"plan", "--stack", "dev", "--comment-limit", "x"}, wantCode: exitInvalid,
			wantErr: `invalid value "x" for flag --comment-limit: parse error` + "\nusage: ekskit plan"},
		{name: "plan, a bad boolean", args: []string{"plan", "--stack", "dev", "--json=maybe"}, wantCode: exitInvalid,
			wantErr: `invalid boolean value "maybe" for --json: parse error` + "\nusage: ekskit plan"},
		{name: "plan, both stack and file, an argument, markdown alone", args: []string{"plan", "--stack", "dev", "--config-file", "x.yaml", "--markdown", "extra"},
			wantCode: exitInvalid, wantErr: `ekskit plan: give --stack or --config-file, one of them; plan takes no arguments, got "extra"; --markdown goes with --diff (it renders a pull-request comment of the changes)`},
		{name: "plan, markdown and json", args: []string{"plan", "--stack", "dev", "--diff", "x.json", "--markdown", "--json"},
			wantCode: exitInvalid, wantErr: "ekskit plan: --markdown and --json are two outputs: give one"},
		{name: "missing config file", args: []string{"plan", "--config-file", "testdata/nosuch.yaml"}, wantCode: exitInvalid,
			wantErr: "--config-file testdata/nosuch.yaml: stat testdata/nosuch.yaml: no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code, program := command(tc.args, tc.underEngine, &out, &errOut)
			if code != tc.wantCode || program != tc.wantProgram {
				t.Errorf("exit %d, runs the program %v; want %d, %v", code, program, tc.wantCode, tc.wantProgram)
			}
			for _, s := range []struct{ name, got, want string }{{"stdout", out.String(), tc.wantOut}, {"stderr", errOut.String(), tc.wantErr}} {
				if (s.want == "") != (s.got == "") || !strings.Contains(s.got, s.want) {
					t.Errorf("%s = %q, want it to hold %q", s.name, s.got, s.want)
				}
			}
		})
	}
}

// TestFlagListing: --help lists each flag as the usage line and the
// README's table of plan's flags write it, --name and its value's name
// ("  --stack NAME"), never Go's single dash; defaults as Go prints them,
// and --today says what the day is for: the guardrails and the cost.
func TestFlagListing(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		command string
		flags   int
		wants   []string
	}{
		{"plan", 10, []string{
			"\n  --stack NAME\n    \tstack NAME: reads its file",
			"\n  --json\n    \tprint the machine-readable plan",
			"\n  --project PATH\n    \tthe Pulumi project file, at PATH (default \"Pulumi.yaml\")\n",
			"\n  --comment-limit BYTES\n    \twith --markdown: cut the comment to BYTES bytes",
			"0: whole (default 64000)\n",
			"\n  --set PATH=VALUE\n    \tPATH=VALUE, PATH as 'pulumi config set --path' takes it, VALUE parsed as YAML; repeatable\n",
			"\n  --today YYYY-MM-DD\n    \tthe day, YYYY-MM-DD, that the guardrails check support windows against " +
				"and that the cost estimate prices the control plane's support on (standard or extended); default: today\n"}},
		{"stacks", 1, []string{"\n  --project PATH\n    \tthe Pulumi project file, at PATH (default \"Pulumi.yaml\")\n"}},
	} {
		var out, errOut bytes.Buffer
		if code, _ := command([]string{tc.command, "--help"}, false, &out, &errOut); code != exitHelp {
			t.Fatalf("%s --help: exit %d: %s", tc.command, code, errOut.String())
		}
		for _, want := range tc.wants {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s --help lacks %q:\n%s", tc.command, want, out.String())
			}
		}
		flags := 0
		for line := range strings.Lines(out.String()) {
			line = strings.TrimSuffix(line, "\n")
			if strings.HasPrefix(line, "usage: ") || strings.HasPrefix(line, "    \t") {
				continue
			}
			flags++
			if !strings.HasPrefix(line, "  --") {
				t.Errorf("%s --help: %q is not a flag as the usage line writes one (--name)", tc.command, line)
			}
			// as plan's flags table in the README names it
			if tc.command == "plan" && !bytes.Contains(readme, []byte("| `"+strings.TrimSpace(line)+"` |")) {
				t.Errorf("plan --help: %q is not in the README's table of flags", strings.TrimSpace(line))
			}
		}
		if flags != tc.flags {
			t.Errorf("%s --help lists %d flags, want %d:\n%s", tc.command, flags, tc.flags, out.String())
		}
	}
}

func TestVersionText(t *testing.T) {
	deps := []*debug.Module{
		{Path: "github.com/pulumi/pulumi/sdk/v3", Version: "v3.274.1"},
		{Path: "github.com/pulumi/pulumi-aws/sdk/v6", Version: "v6.83.4",
			Replace: &debug.Module{Path: "github.com/example/pulumi-aws/sdk/v6", Version: "v6.83.5-fix"}},
		{Path: "golang.org/x/text", Version: "v0.43.0"},
	}
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"released", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}, Deps: deps},
			"ekskit v1.4.0 (go1.26.8)\npulumi      v3.274.1\npulumi-aws  v6.83.4 => github.com/example/pulumi-aws/sdk/v6 v6.83.5-fix\npulumi-eks  not linked\n"},
		{"checkout", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "17be631"}, {Key: "vcs.modified", Value: "true"}}},
			"ekskit (devel) 17be631 (modified) (go1.26.8)\npulumi      not linked\npulumi-aws  not linked\npulumi-eks  not linked\n"},
		{"no build information", nil, "ekskit: no build information in this binary\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionText(tc.bi); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
