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
)

// The workflows' scripts in .ci, run for real with bash and git: base-plan
// on a temporary repository whose "ekskit" is a tiny main package, and
// last-deploy against a stub gh answering from canned pages.

// scriptRun is what one run of a script did.
type scriptRun struct {
	stdout, stderr string
	code           int
}

// lastLine is the last line of stderr, where the scripts say why they failed.
func (r scriptRun) lastLine() string {
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	return lines[len(lines)-1]
}

func (r scriptRun) String() string {
	return fmt.Sprintf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
}

// needTools skips the test when a tool the scripts run is missing, and
// fails it in CI (CI set, as .ci/run and GitHub's runners set it).
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" { // .ci/run installs them, and GitHub's runners have them
				t.Fatalf("%s is not on the PATH: the scripts in .ci need it", tool)
			}
			t.Skipf("%s is not on the PATH: the scripts in .ci need it", tool)
		}
	}
}

// scriptEnv is the environment the scripts run in: the test's, without
// what would point git elsewhere or read the user's git settings, with the
// directory bin first on the PATH, and extra.
func scriptEnv(bin string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GIT_") || strings.HasPrefix(kv, "PATH=") || strings.HasPrefix(kv, "RUNNER_TEMP=") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	return append(env, extra...)
}

// runScript runs bash .ci/<name> args... in dir.
func runScript(t *testing.T, dir string, env []string, name string, args ...string) scriptRun {
	t.Helper()
	script, err := filepath.Abs(filepath.Join(".ci", name))
	if err != nil {
		t.Fatal(err)
	}
	return runBash(t, dir, env, append([]string{script}, args...)...)
}

// runBash runs bash args... in dir, in the environment env.
func runBash(t *testing.T, dir string, env []string, args ...string) scriptRun {
	t.Helper()
	var o, e bytes.Buffer
	cmd := exec.Command("bash", args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, &o, &e
	err := cmd.Run()
	r := scriptRun{stdout: o.String(), stderr: e.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return r
}

// gitIn returns a function that runs git with args in dir, in the
// environment env, and returns its output trimmed; a failure fails t.
func gitIn(t *testing.T, dir string, env []string) func(args ...string) string {
	return func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
}

// linkCI links the repository's .ci into dir, as a checkout has it, for a
// workflow step to run its scripts there.
func linkCI(t *testing.T, dir string) {
	t.Helper()
	ci, err := filepath.Abs(".ci")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(ci, filepath.Join(dir, ".ci")); err != nil {
		t.Fatal(err)
	}
}

// ghEnv is scriptEnv with the stub gh (ghStub) on the PATH, and extra.
func ghEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	bin := t.TempDir()
	writeFile(t, filepath.Join(bin, "gh"), ghStub, 0o755)
	return scriptEnv(bin, extra...)
}

func writeFile(t *testing.T, name, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

// fakeEkskit is REV's ekskit in TestBasePlan: it takes only the arguments
// base-plan gives it, plans from the stack file in its working directory,
// names the commit it was built from (builtAt) and, for a stack file that
// says "fail", exits 2 after half a plan.
const fakeEkskit = `package main

import (
	"fmt"
	"os"
	"strings"
)

const builtAt = %q

func main() {
	args := strings.Join(os.Args[1:], " ")
	const prefix, suffix = "plan --stack ", " --set policy.fail=none --json"
	if !strings.HasPrefix(args, prefix) || !strings.HasSuffix(args, suffix) {
		fmt.Fprintf(os.Stderr, "fake ekskit: unexpected arguments %%q\n", args)
		os.Exit(2)
	}
	stack := strings.TrimSuffix(strings.TrimPrefix(args, prefix), suffix)
	data, err := os.ReadFile("stacks/Pulumi." + stack + ".yaml")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	config := strings.TrimSpace(string(data))
	fmt.Printf("{\"stack\": %%q, \"resources\": [{\"config\": %%q, \"built\": %%q}]", stack, config, builtAt)
	if config == "fail" {
		fmt.Fprintln(os.Stderr, "fake ekskit: the plan fails")
		os.Exit(2)
	}
	fmt.Println("}")
}
`

// fakePlan is what fakeEkskit built at builtAt writes for stack, whose file says config.
func fakePlan(stack, config, builtAt string) string {
	return fmt.Sprintf("{\"stack\": %q, \"resources\": [{\"config\": %q, \"built\": %q}]}\n", stack, config, builtAt)
}

// goWrapper stands first on the PATH as go: it logs each go build to
// $GO_LOG, with the directory it ran in, and runs the real go.
const goWrapper = `#!/usr/bin/env bash
if [ "${1:-}" = build ]; then
  printf '%%s: go %%s\n' "$PWD" "$*" >> "$GO_LOG"
fi
exec %q "$@"
`

// TestBasePlan: .ci/base-plan plans a stack with the ekskit and the stack
// files of the commit it is given, not of the checkout, builds that ekskit
// once per commit whatever the stack, gives the empty plan for a stack
// absent at the commit only when asked to, and on a failure exits 1 with
// OUT as it was.
func TestBasePlan(t *testing.T) {
	needTools(t, "bash", "git")
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on the PATH: base-plan builds ekskit with it")
	}
	bin := t.TempDir()
	goLog := filepath.Join(t.TempDir(), "go.log")
	writeFile(t, filepath.Join(bin, "go"), fmt.Sprintf(goWrapper, realGo), 0o755)
	env := scriptEnv(bin, "GO_LOG="+goLog)
	// builds is the go builds run since the last call, where they ran
	builds := func() []string {
		t.Helper()
		data, err := os.ReadFile(goLog)
		if errors.Is(err, os.ErrNotExist) {
			return nil
		} else if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(goLog); err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSpace(string(data)), "\n")
	}

	repo := t.TempDir()
	git := gitIn(t, repo, env)
	commit := func(files map[string]string) string {
		t.Helper()
		for name, content := range files {
			writeFile(t, filepath.Join(repo, name), content, 0o644)
		}
		git("add", "-A")
		git("commit", "-q", "--no-gpg-sign", "-m", "commit")
		return git("rev-parse", "HEAD")
	}
	git("init", "-q")
	a := commit(map[string]string{
		"go.mod":                    "module example.com/fakeekskit\n\ngo 1.21\n",
		"main.go":                   fmt.Sprintf(fakeEkskit, "A"),
		"stacks/Pulumi.dev.yaml":    "dev at A\n",
		"stacks/Pulumi.prod.yaml":   "prod at A\n",
		"stacks/Pulumi.broken.yaml": "fail\n",
	})
	b := commit(map[string]string{
		"main.go":                fmt.Sprintf(fakeEkskit, "B"),
		"stacks/Pulumi.dev.yaml": "dev at B\n",
		"stacks/Pulumi.new.yaml": "new at B\n",
	})
	c := commit(map[string]string{"main.go": "package main\n\nfunc main() { this does not build }\n"})
	// the checkout is at c, which does not build: a plan made means REV's
	// ekskit was built

	out := filepath.Join(t.TempDir(), "base.json")
	basePlan := func(args ...string) scriptRun {
		t.Helper()
		os.Remove(out)
		return runScript(t, repo, env, "base-plan", args...)
	}
	// wrote checks that the run succeeded with OUT as want
	wrote := func(r scriptRun, want string) {
		t.Helper()
		got, err := os.ReadFile(out)
		if r.code != 0 || err != nil || string(got) != want {
			t.Errorf("%v; OUT %q (%v), want %q", r, got, err, want)
		}
	}
	// failed checks that the run exited 1, saying why on its last line,
	// and left nothing in OUT's directory but what was there
	failed := func(r scriptRun, reason string, before []string) {
		t.Helper()
		if r.code != 1 || !strings.Contains(r.lastLine(), reason) {
			t.Errorf("%v; want exit 1, the last line of stderr saying %q", r, reason)
		}
		entries, err := os.ReadDir(filepath.Dir(out))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if strings.Join(names, " ") != strings.Join(before, " ") {
			t.Errorf("OUT's directory holds %v after the failure, want %v", names, before)
		}
	}

	t.Run("built once per commit", func(t *testing.T) {
		cache := t.TempDir()
		wrote(basePlan("--cache", cache, "dev", a, out), fakePlan("dev", "dev at A", "A"))
		if got := builds(); len(got) != 1 || !strings.HasPrefix(got[0], filepath.Join(cache, a)) {
			t.Errorf("go builds %q, want one in %s", got, filepath.Join(cache, a))
		}
		wrote(basePlan("--cache", cache, "prod", a, out), fakePlan("prod", "prod at A", "A"))
		if got := builds(); len(got) != 0 {
			t.Errorf("a second stack of the same commit built ekskit again: %q", got)
		}
		// a revision is any name git has for a commit
		wrote(basePlan("--cache", cache, "dev", "HEAD~1", out), fakePlan("dev", "dev at B", "B"))
		if got := builds(); len(got) != 1 || !strings.HasPrefix(got[0], filepath.Join(cache, b)) {
			t.Errorf("go builds %q, want one in %s", got, filepath.Join(cache, b))
		}
		wrote(basePlan("--cache", cache, "dev", a, out), fakePlan("dev", "dev at A", "A"))
		if got := builds(); len(got) != 0 {
			t.Errorf("the first commit built again: %q", got)
		}

		// --ekskit: the given binary (built at b) plans a's stack file, and nothing is built
		wrote(basePlan("--cache", t.TempDir(), "--ekskit", filepath.Join(cache, b, "ekskit"), "dev", a, out), fakePlan("dev", "dev at A", "B"))
		if got := builds(); len(got) != 0 {
			t.Errorf("--ekskit: go builds %q, want none", got)
		}
	})

	t.Run("stack absent at the commit", func(t *testing.T) {
		cache := t.TempDir()
		wrote(basePlan("--cache", cache, "--empty-if-absent", "new", a, out), `{"stack": "new", "resources": [], "new": true}`+"\n")
		if got := builds(); len(got) != 0 {
			t.Errorf("an empty plan built ekskit: %q", got)
		}
		failed(basePlan("--cache", cache, "new", a, out), "has no stacks/Pulumi.new.yaml", nil)
		// present at b: planned, --empty-if-absent or not
		wrote(basePlan("--cache", cache, "--empty-if-absent", "new", b, out), fakePlan("new", "new at B", "B"))
		builds()
	})

	t.Run("build fails", func(t *testing.T) {
		cache := t.TempDir()
		// a plan already at OUT is left as it was
		writeFile(t, out, "before\n", 0o644)
		r := runScript(t, repo, env, "base-plan", "--cache", cache, "dev", c, out)
		failed(r, "ekskit did not build at "+c, []string{"base.json"})
		if got := builds(); len(got) != 1 {
			t.Errorf("go builds %q, want one", got)
		}
		if got, _ := os.ReadFile(out); string(got) != "before\n" {
			t.Errorf("OUT is %q after the failure, want it as it was", got)
		}
		// the next stack of that commit fails without building it again
		failed(basePlan("--cache", cache, "prod", c, out), "ekskit did not build at "+c, nil)
		if got := builds(); len(got) != 0 {
			t.Errorf("a failed build was run again: %q", got)
		}
	})

	t.Run("plan fails", func(t *testing.T) {
		r := basePlan("--cache", t.TempDir(), "broken", a, out)
		failed(r, "ekskit plan --stack broken failed at "+a, nil)
		if !strings.Contains(r.stderr, "fake ekskit: the plan fails") {
			t.Errorf("ekskit's own error is not passed on: %v", r)
		}
		builds()
	})

	t.Run("not a commit", func(t *testing.T) {
		failed(basePlan("--cache", t.TempDir(), "dev", "no-such-rev", out), "no-such-rev is not a commit", nil)
	})

	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{
			nil,
			{"dev", a},
			{"dev", a, out, "extra"},
			{"--cache"},
			{"--bogus", "dev", a, out},
			{"../dev", a, out},
			{"", a, out},
		} {
			if r := basePlan(args...); r.code != 2 || r.stderr == "" {
				t.Errorf("base-plan %q: %v, want exit 2 and why", args, r)
			}
		}
		if entries, err := os.ReadDir(filepath.Dir(out)); err != nil || len(entries) != 0 {
			t.Errorf("OUT's directory holds %v (%v), want nothing", entries, err)
		}
	})
}

// ghStub stands first on the PATH as gh: gh api [--paginate] URL [--jq
// FILTER] answers from $GH_STUB/<key>.<page>.json, the key being URL with
// every character other than A-Z a-z 0-9 . _ - as _, through jq as gh does;
// every page with --paginate, the first without. <key>.<page>.fail makes
// that page fail; a URL without a first page is not found. Each call is
// logged to $GH_STUB/calls.
const ghStub = `#!/usr/bin/env bash
set -euo pipefail
echo "$*" >> "$GH_STUB/calls"
if [ "${1:-}" != api ]; then
  echo "gh stub: only gh api" >&2
  exit 1
fi
shift
paginate=false url="" filter=.
while [ "$#" -gt 0 ]; do
  case $1 in
    --paginate) paginate=true; shift ;;
    --jq) filter=$2; shift 2 ;;
    -*) echo "gh stub: unknown flag $1" >&2; exit 1 ;;
    *) url=$1; shift ;;
  esac
done
key=$(printf '%s' "$url" | tr -c 'A-Za-z0-9._-' '_')
page=1
while :; do
  f=$GH_STUB/$key.$page
  if [ -e "$f.fail" ]; then
    echo "HTTP 502: Bad Gateway (https://api.github.com/$url, page $page)" >&2
    exit 1
  fi
  if [ ! -e "$f.json" ]; then
    if [ "$page" = 1 ]; then
      echo "HTTP 404: Not Found (https://api.github.com/$url)" >&2
      exit 1
    fi
    break
  fi
  jq -r "$filter" "$f.json"
  [ "$paginate" = true ] || break
  page=$((page + 1))
done
`

// ghPages writes into stub the pages ghStub answers with: pages maps a URL
// to its pages, in order; "fail" is a page that fails.
func ghPages(t *testing.T, stub string, pages map[string][]string) {
	t.Helper()
	for url, ps := range pages {
		key := strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("._-", r) {
				return r
			}
			return '_'
		}, url)
		for i, p := range ps {
			name := filepath.Join(stub, fmt.Sprintf("%s.%d.json", key, i+1))
			if p == "fail" {
				name = strings.TrimSuffix(name, ".json") + ".fail"
			}
			writeFile(t, name, p, 0o644)
		}
	}
}

// TestLastDeploy: .ci/last-deploy prints the commit of the newest
// deployment of the environment with a success status on any page, nothing
// for one never deployed, and exits 1, saying why, when a page of
// deployments or of a deployment's statuses cannot be read.
func TestLastDeploy(t *testing.T) {
	needTools(t, "bash", "git", "jq") // jq: the stub gh evaluates the script's --jq filters with it, as gh does
	sha := func(n int) string { return strings.Repeat(fmt.Sprintf("%02d", n), 20) }
	const deployments = "repos/octo/ekskit/deployments?environment=dev&per_page=100"
	statuses := func(id int) string { return fmt.Sprintf("repos/octo/ekskit/deployments/%d/statuses?per_page=100", id) }
	deployment := func(id int) string { return fmt.Sprintf(`{"id": %d, "sha": %q, "environment": "dev"}`, id, sha(id)) }
	states := func(states ...string) string {
		var s []string
		for _, state := range states {
			s = append(s, fmt.Sprintf(`{"state": %q}`, state))
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	list := func(items ...string) string { return "[" + strings.Join(items, ", ") + "]" }

	// pages: URL to its pages, in order; "fail" is a page that fails
	run := func(t *testing.T, pages map[string][]string, extraEnv ...string) (scriptRun, string) {
		t.Helper()
		stub := t.TempDir()
		ghPages(t, stub, pages)
		env := ghEnv(t, append([]string{"GH_STUB=" + stub, "REPO=octo/ekskit"}, extraEnv...)...)
		r := runScript(t, t.TempDir(), env, "last-deploy", "dev")
		calls, _ := os.ReadFile(filepath.Join(stub, "calls"))
		return r, string(calls)
	}

	t.Run("newest success", func(t *testing.T) {
		r, calls := run(t, map[string][]string{
			// newest first; 50 and 40 never succeeded, 30 did on its
			// second page of statuses, 20 did before it
			deployments:  {list(deployment(50), deployment(40)), list(deployment(30), deployment(20))},
			statuses(50): {states("failure", "in_progress", "queued")},
			statuses(40): {states()},
			statuses(30): {states("inactive", "in_progress"), states("success", "queued")},
			statuses(20): {states("inactive", "success")},
		})
		if r.code != 0 || r.stdout != sha(30)+"\n" || r.stderr != "" {
			t.Errorf("%v, want %s", r, sha(30))
		}
		if strings.Contains(calls, "deployments/20/") {
			t.Errorf("read on past the newest success:\n%s", calls)
		}
		if !strings.Contains(calls, "api --paginate "+deployments+" --jq") {
			t.Errorf("the deployments are not read with --paginate:\n%s", calls)
		}
	})

	t.Run("never deployed", func(t *testing.T) {
		for name, pages := range map[string]map[string][]string{
			"no deployment": {deployments: {list()}},
			"none succeeded": {
				deployments:  {list(deployment(50)), list(deployment(40))},
				statuses(50): {states("failure")},
				statuses(40): {states("error", "inactive")},
			},
		} {
			if r, _ := run(t, pages); r.code != 0 || r.stdout != "" || r.stderr != "" {
				t.Errorf("%s: %v, want nothing", name, r)
			}
		}
	})

	t.Run("deployments unread", func(t *testing.T) {
		for name, pages := range map[string]map[string][]string{
			"first page":  {deployments: {"fail"}},
			"second page": {deployments: {list(deployment(50)), "fail"}, statuses(50): {states("failure")}},
		} {
			r, _ := run(t, pages)
			if r.code != 1 || r.stdout != "" || r.lastLine() != "GitHub's deployments of environment dev could not be read" || !strings.Contains(r.stderr, "HTTP 502") {
				t.Errorf("%s: %v, want exit 1 and why, after gh's error", name, r)
			}
		}
	})

	t.Run("statuses unread", func(t *testing.T) {
		// 40 succeeded, but 50, newer, may have too
		r, _ := run(t, map[string][]string{
			deployments:  {list(deployment(50), deployment(40))},
			statuses(50): {states("inactive"), "fail"},
			statuses(40): {states("success")},
		})
		if r.code != 1 || r.stdout != "" || r.lastLine() != "the statuses of deployment 50 could not be read" {
			t.Errorf("%v, want exit 1 and why", r)
		}
	})

	t.Run("no commit", func(t *testing.T) {
		r, _ := run(t, map[string][]string{
			deployments:  {`[{"id": 50, "sha": "main"}]`},
			statuses(50): {states("success")},
		})
		if r.code != 1 || r.stdout != "" || r.lastLine() != `deployment 50 names no commit (sha "main")` {
			t.Errorf("%v, want exit 1 and why", r)
		}
	})

	t.Run("usage", func(t *testing.T) {
		if r, calls := run(t, nil, "REPO="); r.code != 2 || r.stderr == "" || calls != "" {
			t.Errorf("REPO empty: %v, gh called %q; want exit 2 and why", r, calls)
		}
	})
}

// findStep returns the step with id of job in .github/workflows/<file>.
func findStep(t *testing.T, file, job, id string) workflowStep {
	t.Helper()
	for _, st := range readWorkflow(t, file).Jobs[job].Steps {
		if st.ID == id {
			if st.Run == "" {
				t.Fatalf("%s: job %s, step %s runs no script", file, job, id)
			}
			return st
		}
	}
	t.Fatalf("%s: job %s has no step with id %s", file, job, id)
	return workflowStep{}
}

// run runs the step's script as GitHub runs a run: step (bash -e) in dir,
// in env, with GITHUB_OUTPUT set to a new file, and returns what it wrote
// there. stepEnv is the step's env: as the test gives it, which must name
// exactly the keys the workflow does, so that a variable the step gets is
// never left out of the test.
func (st workflowStep) run(t *testing.T, dir string, env []string, stepEnv map[string]string) (string, scriptRun) {
	t.Helper()
	for k := range st.Env {
		if _, ok := stepEnv[k]; !ok {
			t.Fatalf("step %s gets %s (%s), which the test does not set", st.ID, k, st.Env[k])
		}
	}
	for k, v := range stepEnv {
		if _, ok := st.Env[k]; !ok {
			t.Fatalf("the test sets %s for step %s, which gets no such variable", k, st.ID)
		}
		env = append(env, k+"="+v)
	}
	out := filepath.Join(t.TempDir(), "output")
	writeFile(t, out, "", 0o644)
	r := runBash(t, dir, append(env, "GITHUB_OUTPUT="+out), "-e", "-c", st.Run)
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(got), r
}

// TestPreviewBase: the preview's base is the first parent of the merge
// commit the run checks out, as the step in preview.yml works it out (run
// as written there, with bash -e as GitHub runs it), and a checkout that is
// not a merge fails the job rather than plan against a wrong base.
func TestPreviewBase(t *testing.T) {
	needTools(t, "bash", "git")
	step := findStep(t, "preview.yml", "build", "base")
	dir := t.TempDir()
	env := scriptEnv(t.TempDir())
	git := gitIn(t, dir, env)
	git("init", "-q", "-b", "main")
	git("commit", "-q", "--allow-empty", "-m", "the base the pull request was opened on")
	git("checkout", "-q", "-b", "feature")
	git("commit", "-q", "--allow-empty", "-m", "the pull request")
	git("checkout", "-q", "main")
	git("commit", "-q", "--allow-empty", "-m", "main moves on")
	tip := git("rev-parse", "HEAD")
	git("merge", "-q", "--no-ff", "-m", "the merge GitHub makes", "feature")
	run := func() (string, scriptRun) {
		return step.run(t, dir, append(env, "GITHUB_SHA="+git("rev-parse", "HEAD")), nil)
	}
	if got, r := run(); r.code != 0 || got != "sha="+tip+"\n" {
		t.Errorf("merge commit: output %q, %v; want sha=%s, main's tip when merged", got, r, tip)
	}
	git("checkout", "-q", "feature")
	if got, r := run(); r.code == 0 || got != "" || !strings.Contains(r.stdout, "is not a merge commit") {
		t.Errorf("not a merge: output %q, %v; want a failure that says so", got, r)
	}
}

// TestCloudPreviewStacks: the stacks the preview's cloud job runs for are
// every stack when CLOUD_PREVIEW_STACKS is unset, else its JSON list, as
// the build job's step checks it (run as written there): a value that is
// not one list of stacks ekskit stacks lists, each once, fails the job
// with an error naming the variable, its value and what it may be.
func TestCloudPreviewStacks(t *testing.T) {
	needTools(t, "bash", "jq")
	step := findStep(t, "preview.yml", "build", "cloud")
	const stacks = `["dev","prod"]`
	for _, tc := range []struct {
		name, value string
		want        string // the step's output; "" for a failure
	}{
		{"unset", "", stacks},
		{"one", `["dev"]`, `["dev"]`},
		{"both, spaced out", "[ \"prod\",\n  \"dev\" ]\n", `["prod","dev"]`},
		{"none", `[]`, `[]`},
		{"a stack that is gone", `["dev","staging"]`, ""},
		{"twice", `["dev","dev"]`, ""},
		{"not JSON", `dev`, ""},
		{"not a list", `"dev"`, ""},
		{"a list of lists", `[["dev"]]`, ""},
		{"two lists", `["dev"] ["prod"]`, ""},
		{"null", `null`, ""},
		{"blank", " \n", ""},
		{"a line break and a percent sign", "[\"dev\",\n\"100%\"]", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, r := step.run(t, t.TempDir(), scriptEnv(t.TempDir()),
				map[string]string{"CLOUD_PREVIEW_STACKS": tc.value, "STACKS": stacks})
			if tc.want != "" {
				if r.code != 0 || got != "stacks="+tc.want+"\n" {
					t.Errorf("output %q, %v; want stacks=%s", got, r, tc.want)
				}
				return
			}
			lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
			value := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(tc.value)
			if r.code == 0 || got != "" || len(lines) != 1 ||
				!strings.HasPrefix(lines[0], "::error::the repository variable CLOUD_PREVIEW_STACKS is "+value+": ") ||
				!strings.Contains(lines[0], stacks) {
				t.Errorf("output %q, %v; want a failure, one error line naming the variable, its value and the stacks", got, r)
			}
		})
	}
}

// TestPreviewOK: the one check branch protection requires passes when
// build and plan succeeded and cloud succeeded or was skipped (a fork,
// Dependabot, no preview role, CLOUD_PREVIEW_STACKS []), as preview.yml's
// step decides it, run as written there.
func TestPreviewOK(t *testing.T) {
	needTools(t, "bash")
	step := findStep(t, "preview.yml", "preview-ok", "ok")
	for _, tc := range []struct {
		build, plan, cloud string
		ok                 bool
	}{
		{"success", "success", "success", true},
		{"success", "success", "skipped", true},
		{"success", "success", "failure", false},
		{"success", "success", "cancelled", false},
		{"success", "failure", "success", false},
		{"success", "skipped", "skipped", false},
		{"failure", "skipped", "skipped", false},
	} {
		_, r := step.run(t, t.TempDir(), scriptEnv(t.TempDir()), map[string]string{"BUILD": tc.build, "PLAN": tc.plan, "CLOUD": tc.cloud})
		if (r.code == 0) != tc.ok {
			t.Errorf("build %s, plan %s, cloud %s: %v; want it to pass: %v", tc.build, tc.plan, tc.cloud, r, tc.ok)
		}
	}
}

// previewEkskit is the head's ekskit in TestPreviewPlan: its diff's
// comment, summary and JSON ($DIFF_JSON), each exiting $DIFF_CODE.
const previewEkskit = `#!/usr/bin/env bash
case "$*" in
  "plan --stack dev --diff "*" --markdown --commit "*" --comment-limit 0") echo "the whole diff" ;;
  "plan --stack dev --diff "*" --markdown --commit "*) printf '<!-- ekskit-plan:dev -->\nthe diff against %s\n' "$(cat "$5")" ;;
  "plan --stack dev --diff "*" --json") printf '%s' "$DIFF_JSON" ;;
  *) echo "ekskit: unexpected arguments $*" >&2; exit 3 ;;
esac
exit "$DIFF_CODE"
`

// TestPreviewPlan: the preview's plan step (preview.yml, run as written
// there with the real .ci scripts and a stub ekskit) writes the stack's
// comment and the code the job fails on: 0 for changes that do not block,
// 1 for one pulumi up fails on or refuses, and 2, with a comment that
// says why, when the base's plan cannot be made.
func TestPreviewPlan(t *testing.T) {
	needTools(t, "bash", "git", "jq")
	step := findStep(t, "preview.yml", "plan", "plan")
	env := scriptEnv(t.TempDir())
	repo := t.TempDir()
	git := gitIn(t, repo, env)
	git("init", "-q")
	git("commit", "-q", "--allow-empty", "--no-gpg-sign", "-m", "a base without the stack")
	base := git("rev-parse", "HEAD")
	linkCI(t, repo)
	writeFile(t, filepath.Join(repo, "bin", "ekskit"), previewEkskit, 0o644)
	writeFile(t, filepath.Join(repo, "bin", "ekskit-base"), "#!/bin/sh\nexit 3\n", 0o644) // not run: the stack is new
	head := strings.Repeat("cd", 20)
	for _, tc := range []struct {
		name, base, diffJSON string
		diffCode             int
		wantCode             string
		wantComment          []string
	}{
		{"nothing blocks", base, `{"blocking": 0}`, 1, "0",
			[]string{"<!-- ekskit-plan:dev -->\nthe diff against {\"stack\": \"dev\", \"resources\": [], \"new\": true}"}},
		{"a change blocks", base, `{"blocking": 2}`, 1, "1", []string{"<!-- ekskit-plan:dev -->"}},
		// a fence in the reason would end the comment's code block
		{"no base plan, a fence in its reason", "no```such", `{"blocking": 0}`, 0, "2", []string{
			"```\nbase-plan: no'''such is not a commit of this repository\n```\n"}},
		{"no base plan", strings.Repeat("ab", 20), `{"blocking": 0}`, 0, "2", []string{
			"<!-- ekskit-plan:dev -->\n### ekskit plan: stack `dev` at " + head + "\n\n**blocked**: not planned: the base's plan (at " +
				strings.Repeat("ab", 20) + "), which the change is compared with, could not be made",
			"```\nbase-plan: " + strings.Repeat("ab", 20) + " is not a commit of this repository\n```\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			if err := os.RemoveAll(filepath.Join(repo, "comment")); err != nil {
				t.Fatal(err)
			}
			out, r := step.run(t, repo, append(env, "RUNNER_TEMP="+tmp, "GITHUB_STEP_SUMMARY="+filepath.Join(tmp, "summary.md"),
				"DIFF_JSON="+tc.diffJSON, fmt.Sprintf("DIFF_CODE=%d", tc.diffCode)),
				map[string]string{"STACK": "dev", "BASE_SHA": tc.base, "HEAD_SHA": head})
			if r.code != 0 || out != "code="+tc.wantCode+"\n" {
				t.Errorf("output %q, %v; want code=%s, and the step to pass (the next step fails the job)", out, r, tc.wantCode)
			}
			comment, _ := os.ReadFile(filepath.Join(repo, "comment", "dev.md"))
			for _, w := range tc.wantComment {
				if !strings.Contains(string(comment), w) {
					t.Errorf("comment lacks %q:\n%s", w, comment)
				}
			}
			// the job's summary has the comment whole
			if summary, _ := os.ReadFile(filepath.Join(tmp, "summary.md")); tc.wantCode == "2" && !strings.Contains(string(summary), string(comment)) {
				t.Errorf("summary lacks the comment:\n%s", summary)
			}
		})
	}
}

// headEkskit is the run's own ekskit in TestDeployGate: it lists the
// stack dev, plans it without a problem, exits 1 on its diff against any
// plan (something to review) and answers plan --diff --json with
// $AGAINST_NOTHING against the empty plan, $AGAINST_BASE against any other.
// Each call is logged to $EKSKIT_LOG.
const headEkskit = `#!/usr/bin/env bash
echo "$*" >> "$EKSKIT_LOG"
case "$*" in
  stacks) echo '["dev"]' ;;
  "plan --stack dev") ;;
  "plan --stack dev --diff "*" --markdown --commit "*" --comment-limit 0")
    echo "the diff against $(cat "$5")"
    exit 1 ;;
  "plan --stack dev --diff "*" --json")
    if grep -q '"resources": \[\]' "$5"; then printf '%s' "$AGAINST_NOTHING"; else printf '%s' "$AGAINST_BASE"; fi
    exit 1 ;;
  *) echo "head ekskit: unexpected arguments $*" >&2; exit 3 ;;
esac
`

// TestDeployGate: the deploy's summary step (deploy.yml, run as written
// there with the real .ci scripts, a stub gh and ekskit) stops the run on
// what pulumi up fails on or refuses against the stack's last deploy, or
// as a new stack when it was never deployed; not against nothing when the
// last deploy could not be had (there a change reads as a create, which
// may block where the change does not), which it says; and tells a count
// it could not read from changes that block, failing on both.
func TestDeployGate(t *testing.T) {
	needTools(t, "bash", "git", "jq")
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on the PATH: base-plan builds the last deploy's ekskit with it")
	}
	step := findStep(t, "deploy.yml", "build", "plans")
	env := ghEnv(t)
	repo := t.TempDir()
	git := gitIn(t, repo, env)
	git("init", "-q")
	for name, content := range map[string]string{
		"go.mod":                 "module example.com/fakeekskit\n\ngo 1.21\n",
		"main.go":                fmt.Sprintf(fakeEkskit, "A"),
		"stacks/Pulumi.dev.yaml": "dev at A\n",
	} {
		writeFile(t, filepath.Join(repo, name), content, 0o644)
	}
	git("add", "-A")
	git("commit", "-q", "--no-gpg-sign", "-m", "the last deploy")
	deployed := git("rev-parse", "HEAD")
	linkCI(t, repo)
	writeFile(t, filepath.Join(repo, "bin", "ekskit"), headEkskit, 0o755)

	const deployments = "repos/octo/ekskit/deployments?environment=dev&per_page=100"
	deployedAt := func(sha string) map[string][]string {
		return map[string][]string{
			deployments: {fmt.Sprintf(`[{"id": 7, "sha": %q}]`, sha)},
			"repos/octo/ekskit/deployments/7/statuses?per_page=100": {`[{"state": "success"}]`},
		}
	}
	notACommit := strings.Repeat("ab", 20)
	for _, tc := range []struct {
		name  string
		pages map[string][]string // GitHub's deployments, as in TestLastDeploy
		// againstBase is ekskit's JSON against the last deploy's plan
		againstBase string
		blocked     bool // deploy-blocked
		wantCode    int
		gated       bool     // whether .ci/blocking runs
		want        []string // in the step's output or its summary
		notWant     []string
		planned     string // what dev was planned against, for its deploy job to check
	}{
		{name: "never deployed", pages: map[string][]string{deployments: {"[]"}},
			wantCode: 1, gated: true,
			want: []string{"no deploy of it ever succeeded", "::error::dev: 1 change(s) pulumi up fails on or refuses, as a new stack",
				"::error::nothing deployed: pulumi up would stop half way on dev"}, planned: ""},
		{name: "deployments unread", pages: map[string][]string{deployments: {"fail"}},
			wantCode: 0, gated: false,
			want: []string{"::warning::dev: GitHub's deployments of environment dev could not be read: its plan below is against nothing",
				"what pulumi up fails on or refuses is NOT checked"},
			notWant: []string{"::error::"}, planned: "unread"},
		{name: "old plan not made", pages: deployedAt(notACommit),
			wantCode: 0, gated: false,
			want: []string{"::warning::dev: the plan of its last deploy (" + notACommit + ") could not be made (base-plan: " + notACommit +
				" is not a commit of this repository)", "what pulumi up fails on or refuses is not checked", "is NOT checked"},
			notWant: []string{"::error::"}, planned: notACommit},
		{name: "nothing blocks", pages: deployedAt(deployed), againstBase: `{"blocking": 0}`,
			wantCode: 0, gated: true,
			want:    []string{"against its last deploy, " + deployed, `the diff against {"stack": "dev", "resources": [{"config": "dev at A"`},
			notWant: []string{"::error::", "::warning::"}, planned: deployed},
		{name: "two block", pages: deployedAt(deployed), againstBase: `{"blocking": 2}`,
			wantCode: 1, gated: true,
			want: []string{"::error::dev: 2 change(s) pulumi up fails on or refuses, against its last deploy",
				"::error::nothing deployed: pulumi up would stop half way on dev"}, planned: deployed},
		{name: "count unread", pages: deployedAt(deployed), againstBase: `{"stack": "dev"}`,
			wantCode: 1, gated: true,
			want: []string{"::error::dev: the count of changes pulumi up fails on or refuses, against its last deploy, could not be read",
				"::error::nothing deployed: what pulumi up fails on or refuses could not be counted for dev", "gave no blocking count"},
			notWant: []string{"change(s) pulumi up", "would stop half way", "deploy-blocked"}, planned: deployed},
		{name: "deploy-blocked", pages: deployedAt(deployed), againstBase: `{"blocking": 2}`, blocked: true,
			wantCode: 0, gated: true,
			want:    []string{"::error::dev: 2 change(s)", "::warning::deploying anyway (deploy-blocked): dev"},
			notWant: []string{"nothing deployed"}, planned: deployed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp, stub := t.TempDir(), t.TempDir()
			ghPages(t, stub, tc.pages)
			summary, log := filepath.Join(tmp, "summary.md"), filepath.Join(tmp, "ekskit.log")
			out, r := step.run(t, repo, append(env, "GH_STUB="+stub, "RUNNER_TEMP="+tmp, "GITHUB_STEP_SUMMARY="+summary,
				"GITHUB_SHA="+deployed, "EKSKIT_LOG="+log, "AGAINST_NOTHING={\"blocking\": 1}", "AGAINST_BASE="+tc.againstBase),
				map[string]string{"GH_TOKEN": "token", "REPO": "octo/ekskit", "DEPLOY_BLOCKED": fmt.Sprint(tc.blocked)})
			sum, _ := os.ReadFile(summary)
			calls, _ := os.ReadFile(log)
			all := r.stdout + r.stderr + string(sum)
			if want := fmt.Sprintf("bases={%q:%q}\n", "dev", tc.planned); !strings.Contains(out, want) {
				t.Errorf("output %q, want %q", out, want)
			}
			if r.code != tc.wantCode {
				t.Errorf("exit %d, want %d\n%v\nsummary:\n%s", r.code, tc.wantCode, r, sum)
			}
			if gated := strings.Contains(string(calls), "--json"); gated != tc.gated {
				t.Errorf("blocking checked: %v, want %v; ekskit's calls:\n%s", gated, tc.gated, calls)
			}
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("no %q in\n%v\nsummary:\n%s", w, r, sum)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(all, w) {
					t.Errorf("%q in\n%v\nsummary:\n%s", w, r, sum)
				}
			}
		})
	}
}

// TestPlannedAgainstLastDeploy: a deploy job (pulumi-up.yml, its step run
// as written there with the real .ci/last-deploy and a stub gh) stops when
// the stack was deployed by another run since its run planned the change,
// so that nothing is deployed on a stale summary and gate, or warns, with
// stale-plan: warn; a plan made against nothing, or GitHub's deployments
// unread now, only warn.
func TestPlannedAgainstLastDeploy(t *testing.T) {
	needTools(t, "bash", "jq")
	step := findStep(t, "pulumi-up.yml", "up", "planned")
	env, dir := ghEnv(t), t.TempDir()
	linkCI(t, dir)
	old, newer := strings.Repeat("a1", 20), strings.Repeat("b2", 20)
	const deployments = "repos/octo/ekskit/deployments?environment=prod&per_page=100"
	deployedAt := map[string][]string{
		deployments: {fmt.Sprintf(`[{"id": 9, "sha": %q}]`, newer)},
		"repos/octo/ekskit/deployments/9/statuses?per_page=100": {`[{"state": "success"}]`},
	}
	for _, tc := range []struct {
		name, planned string
		pages         map[string][]string
		code          int
		want          string
		stale         string // the job's stale-plan
	}{
		{"still the last deploy", newer, deployedAt, 0, "", "fail"},
		{"deployed since, warned", old, deployedAt, 0, "::warning::prod was deployed from " + newer + " since this run planned it against " + old +
			": its summary and the check of what pulumi up fails on or refuses are stale; deploying (stale-plan: warn)", "warn"},
		{"deployed since", old, deployedAt, 1, "::error::prod was deployed from " + newer + " since this run planned it against " + old +
			": its summary and the check of what pulumi up fails on or refuses are stale. Re-run this workflow (all jobs) to plan against " + newer, "fail"},
		{"deployed since it was new", "", deployedAt, 1, "since this run planned it against nothing (never deployed)", "fail"},
		{"still never deployed", "", map[string][]string{deployments: {"[]"}}, 0, "", "fail"},
		{"planned against nothing", "unread", deployedAt, 0, "::warning::prod: the run planned against nothing", "fail"},
		{"deployments unread now", newer, map[string][]string{deployments: {"fail"}}, 0, "::warning::prod: GitHub's deployments could not be read", "fail"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stub := t.TempDir()
			ghPages(t, stub, tc.pages)
			_, r := step.run(t, dir, append(env, "GH_STUB="+stub),
				map[string]string{"GH_TOKEN": "token", "REPO": "octo/ekskit", "STACK": "prod", "PLANNED": tc.planned, "STALE_PLAN": tc.stale})
			if r.code != tc.code || tc.want != "" && !strings.Contains(r.stdout, tc.want) || tc.want == "" && strings.Contains(r.stdout, "::") {
				t.Errorf("%v; want exit %d and %q", r, tc.code, tc.want)
			}
		})
	}
}

// TestBlocking: .ci/blocking clears a change only on an explicit count of
// 0 from ekskit's JSON, whatever ekskit exits with (1 is any change to
// review); a count above 0, a JSON without it, or no JSON at all blocks.
func TestBlocking(t *testing.T) {
	needTools(t, "bash", "jq")
	for _, tc := range []struct {
		name string
		// out and code are what the stub ekskit prints and exits with
		out  string
		code int
		// want is the script's stdout and exit code
		want     string
		wantCode int
	}{
		{"nothing blocks", `{"stack":"dev","blocking":0}`, 1, "0\n", 0},
		{"no change at all", `{"stack":"dev","blocking":0}`, 0, "0\n", 0},
		{"two block", `{"stack":"dev","blocking":2}`, 1, "2\n", 1},
		{"no count", `{"stack":"dev"}`, 1, "", 1},
		{"a count of null", `{"blocking":null}`, 1, "", 1},
		{"a count as a string", `{"blocking":"0"}`, 1, "", 1},
		{"no JSON", "", 2, "", 1},
		{"not JSON", "1 config problem(s)", 2, "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			stub := filepath.Join(dir, "ekskit")
			// the stub checks it is asked for the diff's JSON
			writeFile(t, stub, fmt.Sprintf("#!/usr/bin/env bash\n"+
				"[ \"$*\" = 'plan --stack dev --diff base.json --json' ] || { echo \"args: $*\" >&2; exit 3; }\n"+
				"printf '%%s' %q\nexit %d\n", tc.out, tc.code), 0o755)
			r := runScript(t, dir, scriptEnv(dir), "blocking", stub, "dev", "base.json")
			if r.stdout != tc.want || r.code != tc.wantCode {
				t.Errorf("%v; want stdout %q, exit %d", r, tc.want, tc.wantCode)
			}
			if r.code != 0 && tc.want == "" && !strings.Contains(r.lastLine(), "gave no blocking count") {
				t.Errorf("no count, and stderr does not say so: %v", r)
			}
		})
	}
	if r := runScript(t, t.TempDir(), scriptEnv(t.TempDir()), "blocking", "ekskit", "dev"); r.code != 2 {
		t.Errorf("two arguments: %v; want usage, exit 2", r)
	}
}
