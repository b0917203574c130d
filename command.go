package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/plan"
)

// usage is what `ekskit help` prints.
const usage = `ekskit: Amazon EKS clusters with Pulumi, one stack per environment.

Under the Pulumi CLI (from this directory; Pulumi CLI 3.113.0 or later):
  pulumi preview --stack dev        what would change in AWS
  pulumi up --stack dev             apply it

Offline, without an AWS account or the Pulumi CLI:
  ` + planUsage + `
                                    the resources a stack would create, or what changes
                                    against a plan saved with --json (exit 1: a change to
                                    review); ekskit plan --help describes each flag
  ekskit stacks [--project PATH]    the stacks there are, as a JSON list (CI matrices)
  ekskit version                    this build's version and the Pulumi SDKs it was built with
  ekskit help                       this text

Stacks are stacks/Pulumi.<name>.yaml; the README has the config reference.
`

// Exit codes of the command (plan has its own, see plancmd.go).
const (
	exitHelp  = 0
	exitUsage = 2
)

// command decides what main does with its arguments: it runs the plan,
// prints help, usage or the version and returns the exit code, or reports
// runProgram when the Pulumi engine runs the program (no arguments and the
// engine's PULUMI_MONITOR set).
func command(args []string, underEngine bool, stdout, stderr io.Writer) (code int, runProgram bool) {
	if len(args) == 0 {
		if underEngine {
			return 0, true
		}
		fmt.Fprint(stderr, "ekskit runs under the Pulumi CLI (pulumi up), or as ekskit plan.\n\n"+usage)
		return exitUsage, false
	}
	switch args[0] {
	case "plan":
		return runPlan(args[1:], stdout, stderr), false
	case "version", "--version":
		if len(args) > 1 {
			fmt.Fprintf(stderr, "ekskit version takes no arguments, got %q\n", strings.Join(args[1:], " "))
			return exitUsage, false
		}
		bi, _ := debug.ReadBuildInfo()
		fmt.Fprint(stdout, versionText(bi))
		return 0, false
	case "stacks":
		return runStacks(args[1:], stdout, stderr), false
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitHelp, false
	}
	fmt.Fprintf(stderr, "ekskit: unknown command %q\n\n%s", args[0], usage)
	return exitUsage, false
}

// sdkModules are the modules `ekskit version` reports, by what it calls them.
var sdkModules = []struct{ name, path string }{
	{"pulumi", "github.com/pulumi/pulumi/sdk/v3"},
	{"pulumi-aws", "github.com/pulumi/pulumi-aws/sdk/v6"},
	{"pulumi-eks", "github.com/pulumi/pulumi-eks/sdk/v2"},
}

// versionText is `ekskit version`: the module's version (or the VCS
// revision of a build from a checkout) and the Pulumi SDK versions linked
// in, from the binary's build information.
func versionText(bi *debug.BuildInfo) string {
	if bi == nil {
		return "ekskit: no build information in this binary\n"
	}
	var b strings.Builder
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "(devel)"
		settings := map[string]string{}
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
		if rev := settings["vcs.revision"]; rev != "" {
			v += " " + rev
			if settings["vcs.modified"] == "true" {
				v += " (modified)"
			}
		}
	}
	fmt.Fprintf(&b, "ekskit %s (%s)\n", v, bi.GoVersion)
	deps := map[string]string{}
	for _, d := range bi.Deps {
		deps[d.Path] = d.Version
		if r := d.Replace; r != nil { // as `go version -m` shows it
			deps[d.Path] += " => " + strings.TrimSpace(r.Path+" "+r.Version)
		}
	}
	for _, m := range sdkModules {
		version := deps[m.path]
		if version == "" {
			version = "not linked"
		}
		fmt.Fprintf(&b, "%-11s %s\n", m.name, version)
	}
	return b.String()
}

// parseFlags parses a subcommand's flags. Asked for help (-h, --help), it
// prints the usage and the flags ([printFlags]) on stdout and exits 0; a
// bad flag is named on stderr with the usage, exit 2. done says the
// command ends there, with code.
func parseFlags(fs *flag.FlagSet, args []string, usage string, stdout, stderr io.Writer) (code int, done bool) {
	fs.SetOutput(io.Discard) // its error is printed below, with two dashes
	fs.Usage = func() {}     // printed below: to stdout when asked for
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintln(stdout, "usage: "+usage)
		printFlags(stdout, fs)
		return exitHelp, true
	case err != nil:
		fmt.Fprintln(stderr, flagError(fs, err))
		fmt.Fprintln(stderr, "usage: "+usage)
		return exitUsage, true
	}
	return 0, false
}

// oneDash is a flag as the flag package's errors name it, with one dash
// ("flag provided but not defined: -stak", "invalid value "x" for flag
// -today: ...").
var oneDash = regexp.MustCompile(`^(flag provided but not defined: |flag needs an argument: |invalid (?:boolean )?value ".*" for (?:flag )?)-([^-:\s][^:\s]*)`)

// flagError is the flag package's parse error with the flag named as the
// usage names it, --name, and for an unknown flag the closest there is.
func flagError(fs *flag.FlagSet, err error) string {
	m := oneDash.FindStringSubmatch(err.Error())
	if m == nil {
		return err.Error()
	}
	msg := m[1] + "--" + m[2] + strings.TrimPrefix(err.Error(), m[0])
	if strings.HasPrefix(m[1], "flag provided but not defined") {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, "--"+f.Name) })
		msg += spec.Suggest("--"+m[2], names)
	}
	return msg
}

// printFlags lists a command's flags as flag.PrintDefaults does, but each
// with the two dashes the usage line and the README give it (the flag
// package takes both).
func printFlags(w io.Writer, fs *flag.FlagSet) {
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	io.WriteString(w, flagLine.ReplaceAllString(b.String(), "  --"))
}

// flagLine begins a flag's line in flag.PrintDefaults's listing.
var flagLine = regexp.MustCompile(`(?m)^  -`)

const stacksUsage = "ekskit stacks [--project PATH]: the project's stacks, as a JSON list"

// runStacks is `ekskit stacks`: the stack names of the project's
// stackConfigDir, as a JSON list.
func runStacks(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("stacks", flag.ContinueOnError)
	project := fs.String("project", "Pulumi.yaml", "the Pulumi project file, at `PATH`")
	if code, done := parseFlags(fs, args, stacksUsage, stdout, stderr); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ekskit stacks takes no arguments, got %q\n", strings.Join(fs.Args(), " "))
		return exitUsage
	}
	proj, err := plan.LoadProject(*project)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	b, _ := json.Marshal(proj.Stacks()) // a list of strings always encodes
	fmt.Fprintln(stdout, string(b))
	return 0
}
