package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ekskit/ekskit/internal/golden"
)

// TestBinary builds the command once and runs it as a user would, on every
// committed stack: the JSON plan is the golden one, the tree names the
// critical path, bad config exits 2 and a replacement exits 1.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "ekskit")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := func(args ...string) (stdout, stderr string, code int) {
		var o, e bytes.Buffer
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit):
			code = exit.ExitCode()
		case err != nil:
			t.Fatal(err)
		}
		return o.String(), e.String(), code
	}

	for _, stack := range stackNames(t) {
		t.Run(stack, func(t *testing.T) {
			out, stderr, code := run("plan", "--stack", stack, "--json", "--today", goldenDay)
			if code != exitOK || stderr != "" {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			golden.JSON(t, filepath.Join("testdata", "plans", stack+".json"), []byte(out))

			tree, _, code := run("plan", "--stack", stack, "--today", goldenDay)
			if code != exitOK || !strings.Contains(tree, "to create") || !strings.Contains(tree, "critical path") {
				t.Errorf("tree: exit %d:\n%s", code, tree)
			}
		})
	}

	out, stderr, code := run("plan", "--stack", "dev", "--today", goldenDay, "--set", "nodeGroups.simple-bank.minSize=-1", "--set", "cluster.version=1.10")
	if code != exitInvalid || out != "" || !strings.Contains(stderr, "ekskit:nodeGroups.simple-bank.minSize") || !strings.Contains(stderr, "ekskit:cluster.version") {
		t.Errorf("bad config: exit %d, stdout %q, stderr %q", code, out, stderr)
	}

	// the built binary names the SDK versions go.mod requires
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	version, _, code := run("version")
	for _, m := range sdkModules {
		line := ""
		for _, l := range strings.Split(string(mod), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == m.path {
				line = fmt.Sprintf("%-11s %s\n", m.name, f[1])
			}
		}
		if code != exitOK || line == "" || !strings.Contains(version, line) {
			t.Errorf("version: exit %d, want %q (go.mod) in:\n%s", code, line, version)
		}
	}
	// outside the engine, without arguments: the usage, exit 2
	if out, stderr, code := run(); code != exitUsage || out != "" || !strings.Contains(stderr, "ekskit plan (--stack NAME") {
		t.Errorf("no arguments: exit %d, stdout %q, stderr %q", code, out, stderr)
	}

	base := filepath.Join(t.TempDir(), "base.json")
	saved, _, _ := run("plan", "--stack", "dev", "--json", "--today", goldenDay)
	if err := os.WriteFile(base, []byte(saved), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = run("plan", "--stack", "dev", "--today", goldenDay, "--diff", base, "--set", "nodeGroups.simple-bank.instanceTypes=[t3.small]")
	if code != exitHazard || !strings.Contains(out, "node group simple-bank will be REPLACED (instanceTypes changed)") {
		t.Errorf("replacement: exit %d:\n%s", code, out)
	}
}
