package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/cost"
	"github.com/ekskit/ekskit/plan"
	"github.com/ekskit/ekskit/rules"
	"github.com/ekskit/ekskit/stackconfig"
)

// reCommit is a commit's SHA as --commit takes it: SHA-1 or SHA-256, whole
// or abbreviated as git does (7 digits at least).
var reCommit = regexp.MustCompile(`^[0-9a-f]{7,64}$`)

// Exit codes of `ekskit plan`.
const (
	exitOK      = 0
	exitHazard  = 1 // --diff found a change to review (plan.Diff.Hazards)
	exitInvalid = 2
)

type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, ",") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

// planUsage is the synopsis of ekskit plan.
const planUsage = "ekskit plan (--stack NAME | --config-file PATH) [--project PATH] [--set PATH=VALUE]... " +
	"[--diff PLAN.json [--markdown [--commit SHA] [--comment-limit BYTES]]] [--json] [--today YYYY-MM-DD]"

// runPlan is `ekskit plan`: the stack's resource graph, offline.
func runPlan(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	stack := fs.String("stack", "", "stack `NAME`: reads its file from the project's stackConfigDir (stacks/Pulumi.NAME.yaml)")
	configFile := fs.String("config-file", "", "a stack config file of the same format at `PATH`, instead of --stack")
	project := fs.String("project", "Pulumi.yaml", "the Pulumi project file, at `PATH`")
	asJSON := fs.Bool("json", false, "print the machine-readable plan (with --diff, the diff)")
	todayFlag := fs.String("today", "", "the day, `YYYY-MM-DD`, that the guardrails check support windows against "+
		"and that the cost estimate prices the control plane's support on (standard or extended); default: today")
	markdown := fs.Bool("markdown", false, "with --diff: print the body of a pull-request comment (GitHub Markdown)")
	commit := fs.String("commit", "", "with --markdown: the `SHA` of the commit the plan is for (in CI, the pull request's head, planned merged into the base), named in the comment")
	limit := fs.Int("comment-limit", commentLimit, fmt.Sprintf("with --markdown: cut the comment to `BYTES` bytes, saying so (GitHub refuses "+
		"a comment over %d characters); 0: whole", githubCommentLimit))
	diffPath := fs.String("diff", "", "the plan saved with --json in `PLAN.json` (e.g. from the base branch): show what changes against it; "+
		"exit 1 when a change is to review (a replacement, a delete or update that loses data or breaks what runs, one pulumi up refuses or fails on, the policy loosened, a new finding)")
	var sets setFlags
	fs.Var(&sets, "set", "`PATH=VALUE`, PATH as 'pulumi config set --path' takes it, VALUE parsed as YAML; repeatable")
	if code, done := parseFlags(fs, args, planUsage, stdout, stderr); done {
		return code
	}
	var misuse []string
	if (*stack == "") == (*configFile == "") {
		misuse = append(misuse, "give --stack or --config-file, one of them")
	}
	if fs.NArg() > 0 {
		misuse = append(misuse, fmt.Sprintf("plan takes no arguments, got %q", strings.Join(fs.Args(), " ")))
	}
	switch {
	case *markdown && *asJSON:
		misuse = append(misuse, "--markdown and --json are two outputs: give one")
	case *markdown && *diffPath == "":
		misuse = append(misuse, "--markdown goes with --diff (it renders a pull-request comment of the changes)")
	}
	fs.Visit(func(f *flag.Flag) {
		if (f.Name == "commit" || f.Name == "comment-limit") && !*markdown {
			misuse = append(misuse, fmt.Sprintf("--%s goes with --markdown (it is about the comment)", f.Name))
		}
	})
	if *commit != "" && !reCommit.MatchString(*commit) {
		misuse = append(misuse, fmt.Sprintf("--commit %q: want a commit's SHA, 7 to 64 hexadecimal digits", *commit))
	}
	if *limit < 0 {
		misuse = append(misuse, fmt.Sprintf("--comment-limit %d: want a number of bytes, or 0 for no limit", *limit))
	}
	if len(misuse) > 0 {
		fmt.Fprintf(stderr, "ekskit plan: %s\nusage: %s\n", strings.Join(misuse, "; "), planUsage)
		return exitInvalid
	}
	proj, err := plan.LoadProject(*project)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitInvalid
	}
	path, name := *configFile, *stack
	var md bytes.Buffer // the --markdown comment
	if name == "" {
		name = plan.StackName(path)
	} else {
		path = proj.StackPath(name)
	}
	if *markdown {
		// every comment below goes through md, cut to the limit on the way out
		defer func() { _, _ = io.WriteString(stdout, fitComment(md.String(), *limit, name)) }()
	}
	if _, err := os.Stat(path); err != nil {
		if *stack != "" {
			fmt.Fprintf(stderr, "no stack %s: %s does not exist (stacks: %s)\n", name, path, strings.Join(proj.Stacks(), ", "))
		} else {
			fmt.Fprintf(stderr, "--config-file %s: %v\n", path, err)
		}
		return exitInvalid
	}
	file, err := proj.LoadStack(path)
	if err != nil {
		if *markdown {
			writeProblemsComment(&md, name, *commit, []string{err.Error()})
		}
		fmt.Fprintln(stderr, err)
		return exitInvalid
	}
	cfg, secure, environments := file.Config, file.Secure, file.Environments
	// the stack file's own policy, before --set (applySet changes cfg):
	// what a later plan --diff holds its policy against
	filePolicy := stackConfig{}
	if v, ok := cfg[stackconfig.KeyPolicy]; ok {
		filePolicy[stackconfig.KeyPolicy] = v
	}
	var problems []string
	for _, s := range sets {
		if err := applySet(cfg, string(proj.Name), s); err != nil {
			problems = append(problems, err.Error())
		}
	}
	// what pulumi preview refuses before the program runs; an ESC
	// environment may set it, which only the Pulumi Cloud knows (EKS022)
	var missing []string
	if len(environments) == 0 {
		missing = proj.Missing(cfg, secure)
	}
	if len(missing) > 0 {
		problems = append(problems, fmt.Sprintf("%s not set, and Pulumi.yaml declares no default: pulumi preview and up refuse "+
			"the stack before the program runs (set it in the stack file, or give it a default in Pulumi.yaml)", strings.Join(missing, ", ")))
	}
	// a key ekskit reads left out for its secure value: the rest of the
	// config is not checked against what it cannot see
	var parsed stackconfig.Config
	if hidden := secureProblems(secure); len(hidden) > 0 {
		problems = append(problems, hidden.Error())
	} else if parsed, err = stackconfig.Parse(cfg); err != nil {
		// a key said missing above is not said required again
		var probs spec.Problems
		if errors.As(err, &probs) {
			probs = slices.DeleteFunc(probs, func(p spec.Problem) bool { return slices.Contains(missing, string(p.Path)) })
			err = probs.Err()
		}
		if err != nil {
			problems = append(problems, err.Error())
		}
	}
	today := now()
	if *todayFlag != "" {
		if today, err = time.Parse(time.DateOnly, *todayFlag); err != nil || today.IsZero() {
			problems = append(problems, fmt.Sprintf("--today %q: want a day, YYYY-MM-DD", *todayFlag))
		}
	}
	var base plan.Document
	var saved savedPlan
	var data []byte // the --diff file, read once
	if *diffPath != "" {
		if data, err = os.ReadFile(*diffPath); err != nil {
			problems = append(problems, fmt.Sprintf("--diff %s: %v", *diffPath, err))
		} else if base, err = plan.DecodeDocument(bytes.NewReader(data)); err != nil {
			problems = append(problems, fmt.Sprintf("--diff %s: %v", *diffPath, err))
		} else if base.Stack != name {
			// URNs hold the stack: every resource would be a delete and a create
			problems = append(problems, fmt.Sprintf("--diff %s: a plan of stack %q, and this is stack %s%s: "+
				"pulumi up compares a stack with its own state only", *diffPath, base.Stack, name, namedAfter(*configFile)))
		} else if saved = readSaved(data); saved.Cost != nil {
			// a plan saved before resources carried their region: its
			// cost estimate says the stack's
			base = base.WithRegion(saved.Cost.Region)
		}
	}
	if len(problems) > 0 {
		if *markdown {
			writeProblemsComment(&md, name, *commit, problems)
		}
		fmt.Fprintln(stderr, strings.Join(problems, "\n"))
		return exitInvalid
	}
	// the program run below checks the guardrails too: on the same day
	defer func(old func() time.Time) { now = old }(now)
	now = func() time.Time { return today }
	// the stack's own region: without one, EKS020 says what is assumed,
	// and the plan, the default VPC's zones and the cost take that
	region, _ := plan.StackRegion(cfg)
	var findings []rules.Finding
	zones, err := plan.DefaultCloud().DefaultVPCZoneIDs(region)
	if err == nil {
		findings, err = rules.Check(rules.Input{Stack: parsed.Stack(), Policy: parsed.Policy, Today: today,
			Region: cfg[stackconfig.KeyRegion], Environments: environments, DefaultVPCZones: zones})
	}
	if err != nil {
		if *markdown {
			writeProblemsComment(&md, name, *commit, []string{err.Error()})
		}
		fmt.Fprintln(stderr, err)
		return exitInvalid
	}
	estimate := cost.Of(parsed.Stack(), region, today)
	delta := newCostDelta(nil, estimate)
	if *diffPath != "" {
		delta = costAgainst(saved, estimate, today)
	}
	if stop := rules.Enforced(findings, parsed.Policy); len(stop) > 0 {
		if *markdown {
			writeComment(&md, review{Stack: name, Commit: *commit, Findings: findings, Enforced: stop, Cost: delta})
		}
		fmt.Fprintln(stderr, rules.Refusal(stop, parsed.Policy))
		return exitInvalid
	}
	g, err := plan.Run(program, plan.Options{Project: string(proj.Name), Stack: name, Config: cfg, Preview: true})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitInvalid
	}
	if *diffPath != "" {
		d := plan.Compare(base, g.Document())
		filePol, _ := stackconfig.DecodePolicy(filePolicy) // a file policy that does not decode stopped the plan above
		guards := guardrailsAgainst(baseGuardrails{saved: saved, empty: saved.New,
			check: baseFindings(rules.Input{Today: today})}, parsed.Policy, filePol, findings, environments)
		switch {
		case *markdown:
			var tree bytes.Buffer
			plan.WriteTree(&tree, g)
			writeComment(&md, review{Stack: name, Commit: *commit, Diff: d, Findings: findings, Guardrails: &guards, Cost: delta,
				BasePath: base.CriticalPath(), HeadPath: g.Document().CriticalPath(), Tree: tree.String()})
		case *asJSON:
			writeJSON(stdout, diffOutput{Diff: d, Blocking: d.Blocking(), ToReview: len(d.Hazards()) + guards.ToReview(),
				Guardrails: guards, Cost: delta})
		default:
			plan.WriteDiff(stdout, d, *diffPath)
			writeGuardrails(stdout, guards, len(d.Hazards()))
			writeCostDelta(stdout, delta)
		}
		if len(d.Hazards()) > 0 || guards.ToReview() > 0 {
			return exitHazard
		}
		return exitOK
	}
	if *asJSON {
		writeJSON(stdout, planOutput{Document: g.Document(), Findings: findings, StackConfig: recordConfig(cfg),
			StackPolicy: filePolicy, Environments: environments, Cost: estimate})
		return exitOK
	}
	plan.WriteTree(stdout, g)
	writeFindings(stdout, findings)
	writeCost(stdout, estimate)
	return exitOK
}

// namedAfter says where a --config-file's stack name comes from, "" for
// --stack.
func namedAfter(configFile string) string {
	if configFile == "" {
		return ""
	}
	return fmt.Sprintf(" (named after %s: name the file Pulumi.NAME.yaml)", filepath.Base(configFile))
}

// planOutput is what plan --json prints: the plan document, the
// guardrails' findings, the stack config planned and its cost.
type planOutput struct {
	plan.Document
	Findings []rules.Finding `json:"findings"`
	// StackConfig is the config the plan is of, as ekskit read it: what a
	// later plan --diff against this one prices it from.
	StackConfig stackConfig `json:"stackConfig"`
	// StackPolicy is the stack file's own ekskit:policy, before --set
	// (a base plan is saved with --set policy.fail=none), as a stackConfig
	// of that one key (none when the file has none): what a later plan
	// --diff holds its policy against ([guardrailDelta]).
	StackPolicy stackConfig `json:"stackPolicy"`
	// Environments are the Pulumi ESC environments the stack file
	// imports, none an empty list: a later plan --diff checks this plan's
	// config with them (EKS022).
	Environments []string      `json:"environments"`
	Cost         cost.Estimate `json:"cost"`
}

// stackConfig is the config of a stack that ekskit reads (its ekskit:
// keys, aws:region and aws:defaultTags: stackconfig.Reads), as plan read
// it: --set applied, keyed "<namespace>:<key>", each value the string
// Pulumi gives the program (an object as JSON), which stackconfig.Parse
// takes. Secure values are never in it: plan leaves them out, and refuses
// one under a key it reads; other keys (aws:profile, a plain
// aws:secretKey) are left out too.
//
// It is the stack file's own contract, not ekskit's Go types, so that a
// later ekskit reads it back with its own Parse and defaults. In JSON it
// reads as the stack file's config: an object value as an object, any
// other as its string.
type stackConfig map[string]string

// recordConfig is the part of the flat config cfg that ekskit reads.
func recordConfig(cfg map[string]string) stackConfig {
	c := stackConfig{}
	for k, v := range cfg {
		if stackconfig.Reads(k) {
			c[k] = v
		}
	}
	return c
}

// MarshalJSON writes an object value as an object, any other as a string.
func (c stackConfig) MarshalJSON() ([]byte, error) {
	values := make(map[string]json.RawMessage, len(c))
	for k, v := range c {
		if t := strings.TrimSpace(v); strings.HasPrefix(t, "{") && json.Valid([]byte(t)) {
			values[k] = json.RawMessage(t)
			continue
		}
		values[k], _ = json.Marshal(v) // a string: cannot fail
	}
	return json.Marshal(values)
}

// UnmarshalJSON reads what MarshalJSON writes: a string value as itself,
// any other as its JSON text, as Pulumi gives an object value.
func (c *stackConfig) UnmarshalJSON(data []byte) error {
	var values map[string]json.RawMessage
	if err := json.Unmarshal(data, &values); err != nil {
		return err
	}
	*c = make(stackConfig, len(values))
	for k, raw := range values {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			var compact bytes.Buffer
			if err := json.Compact(&compact, raw); err != nil {
				return err
			}
			s = compact.String()
		}
		(*c)[k] = s
	}
	return nil
}

// diffOutput is what plan --diff --json prints: the diff and the monthly
// cost against the base plan's.
type diffOutput struct {
	plan.Diff
	// Blocking counts the changes pulumi up fails on or refuses
	// (plan.Change.Blocks): what CI fails a pull request on.
	Blocking int `json:"blocking"`
	// ToReview counts what is to review in all (plan --diff exits 1 when
	// it is not 0): the changes of plan.Diff.Hazards and the guardrails'
	// (guardrailDelta.ToReview).
	ToReview int `json:"toReview"`
	// Guardrails are the policy loosened and the findings new against the
	// base plan: each a change to review, none blocking.
	Guardrails guardrailDelta `json:"guardrails"`
	Cost       costDelta      `json:"cost"`
}

// costDelta is the monthly cost of the base plan (nil when it has none)
// and of the head, and the change between them (nil without a base).
type costDelta struct {
	Base *cost.Estimate `json:"base"`
	// BaseAsSaved, when set, says in a phrase why Base is the estimate
	// the base plan saved, priced by the ekskit that made it: the plan
	// records no stack config (an older ekskit's), or its config does
	// not parse here ([costAgainst]). Unset, Base is the base's config
	// priced as Head is, by this ekskit.
	BaseAsSaved string        `json:"baseAsSaved,omitempty"`
	Head        cost.Estimate `json:"head"`
	Change      *cost.Change  `json:"change"`
}

// asSaved is "; " and BaseAsSaved, to follow a figure of the base's; ""
// when the base is priced as the head is.
func (d costDelta) asSaved() string {
	if d.BaseAsSaved == "" {
		return ""
	}
	return "; " + d.BaseAsSaved
}

// What costDelta.BaseAsSaved says.
const (
	asSavedOlder    = "base priced as saved by an older ekskit"
	asSavedUnparsed = "base priced as saved: its stack config does not parse"
)

// costAgainst is the cost change from the saved base plan to head: the
// base's recorded stack config priced by this ekskit (its own region, on
// today, as head), so that only a change of config moves the cost, not
// one of prices or of how ekskit prices. A base that records no config
// (saved by an older ekskit), or one that does not parse here, is priced
// as it saved its estimate, and the change says so.
func costAgainst(saved savedPlan, head cost.Estimate, today time.Time) costDelta {
	if saved.StackConfig != nil {
		if c, err := stackconfig.Parse(saved.StackConfig); err == nil {
			region, _ := plan.StackRegion(saved.StackConfig)
			base := cost.Of(c.Stack(), region, today)
			return newCostDelta(&base, head)
		}
	}
	d := newCostDelta(saved.Cost, head)
	switch {
	case saved.Cost == nil:
	case saved.StackConfig == nil:
		d.BaseAsSaved = asSavedOlder
	default:
		d.BaseAsSaved = asSavedUnparsed
	}
	return d
}

// newCostDelta compares base, when there is one, with head.
func newCostDelta(base *cost.Estimate, head cost.Estimate) costDelta {
	d := costDelta{Base: base, Head: head}
	if base != nil {
		c := cost.Compare(*base, head)
		d.Change = &c
	}
	return d
}

// savedPlan is what a plan saved with --json holds beside its document:
// the stack config it is of and its cost estimate, each nil when it has
// none (a plan of an older ekskit).
type savedPlan struct {
	StackConfig stackConfig
	Cost        *cost.Estimate
	// StackPolicy, Findings and Environments are the stack file's policy,
	// the plan's findings and the ESC environments the file imports
	// ([planOutput]), nil where the plan has none.
	StackPolicy  stackConfig
	Findings     []rules.Finding
	Environments []string
	// New is set in the plan .ci/base-plan writes for a stack new since
	// the base ({"stack", "resources": [], "new": true}).
	New bool
}

// readSaved reads the stack config and cost a saved plan (data) holds,
// each on its own: a cost that does not read is none, and a stackConfig
// that is not an object of config keys reads as one that does not parse
// ([costAgainst]).
func readSaved(data []byte) savedPlan {
	var saved savedPlan
	var raw struct {
		StackConfig  json.RawMessage `json:"stackConfig"`
		Cost         json.RawMessage `json:"cost"`
		StackPolicy  json.RawMessage `json:"stackPolicy"`
		Findings     json.RawMessage `json:"findings"`
		Environments json.RawMessage `json:"environments"`
		New          bool            `json:"new"`
	}
	if json.Unmarshal(data, &raw) != nil {
		return saved
	}
	if len(raw.StackPolicy) > 0 && string(raw.StackPolicy) != "null" && json.Unmarshal(raw.StackPolicy, &saved.StackPolicy) != nil {
		saved.StackPolicy = stackConfig{stackconfig.KeyPolicy: string(raw.StackPolicy)} // reads as a policy that does not decode
	}
	if json.Unmarshal(raw.Findings, &saved.Findings) != nil {
		saved.Findings = nil
	}
	if json.Unmarshal(raw.Environments, &saved.Environments) != nil {
		saved.Environments = nil
	}
	saved.New = raw.New
	if json.Unmarshal(raw.Cost, &saved.Cost) != nil {
		saved.Cost = nil
	}
	if len(raw.StackConfig) > 0 && string(raw.StackConfig) != "null" && json.Unmarshal(raw.StackConfig, &saved.StackConfig) != nil {
		saved.StackConfig = stackConfig{}
	}
	return saved
}

// money is a range of USD, or one figure when its ends meet.
func money(lo, hi float64) string {
	if fmt.Sprintf("%.2f", lo) == fmt.Sprintf("%.2f", hi) {
		return fmt.Sprintf("$%.2f", lo)
	}
	return fmt.Sprintf("$%.2f to $%.2f", lo, hi)
}

// total is an estimate's known lines added up, and says when some are
// unknown; "unknown" when none is known.
func total(e cost.Estimate) string {
	switch {
	case !e.Priced():
		return "unknown"
	case !e.Complete:
		return money(e.Low, e.High) + ", plus what is unknown"
	}
	return money(e.Low, e.High)
}

// maxCostItem is the widest the estimate's column of items gets: a longer
// item (a node group of many instance types) wraps.
const maxCostItem = 100

// writeCost prints the monthly estimate: each line's item, in a column as
// wide as the longest (up to maxCostItem), and its price.
func writeCost(w io.Writer, e cost.Estimate) {
	dated := "no instance prices; sources in the README"
	if e.PricesAsOf != "" {
		dated = "instance prices of " + e.PricesAsOf + " from " + e.PricesFrom + "; sources in the README"
	}
	fmt.Fprintf(w, "\nMonthly cost estimate (%s, USD, %d hours; %s):\n", e.Region, cost.HoursPerMonth, dated)
	width := len("total")
	for _, l := range e.Lines {
		width = max(width, utf8.RuneCountInString(l.Item))
	}
	width = min(width, maxCostItem)
	row := func(item, price string) {
		lines := wrapWords(item, width)
		fmt.Fprintf(w, "    %-*s  %s\n", width, lines[0], price)
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "        %s\n", l)
		}
	}
	for _, l := range e.Lines {
		if l.Unknown != "" {
			row(l.Item, "unknown: "+l.Unknown)
			continue
		}
		row(l.Item, money(l.Low, l.High))
	}
	row("total", total(e))
	fmt.Fprintf(w, "    not estimated: %s\n", strings.Join(e.NotEstimated, "; "))
}

// wrapWords breaks s at spaces into lines of at most width runes, the
// lines after the first at most width-4 (writeCost indents them); a word
// longer than that has a line of its own.
func wrapWords(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		limit := width
		if len(lines) > 0 {
			limit = width - 4
		}
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= limit:
			line += " " + word
		default:
			lines, line = append(lines, line), word
		}
	}
	return append(lines, line)
}

// writeCostDelta prints how the monthly estimate changes.
func writeCostDelta(w io.Writer, d costDelta) {
	if d.Base == nil {
		fmt.Fprintf(w, "\nMonthly cost: %s (the base plan has no estimate)\n", total(d.Head))
		return
	}
	asSaved := d.asSaved()
	if !d.Change.Known {
		fmt.Fprintf(w, "\nMonthly cost: change unknown (now %s, was %s%s): every line is unknown in one plan or the other\n", total(d.Head), total(*d.Base), asSaved)
		return
	}
	leftOut := ""
	if len(d.Change.LeftOut) > 0 {
		leftOut = "; unknown in either plan, so not counted: " + strings.Join(d.Change.LeftOut, ", ")
	}
	fmt.Fprintf(w, "\nMonthly cost: %s (%s, was %s%s%s)\n", signed(d.Change.Low, d.Change.High), total(d.Head), total(*d.Base), asSaved, leftOut)
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
	var value any = "" // an empty value is the empty string, as pulumi config set stores it
	if raw != "" {
		if err := yaml.Unmarshal([]byte(raw), &value); err != nil {
			return fmt.Errorf("--set %s: value %q is not YAML: %v", path, raw, err)
		}
	}
	if top, _, _ := strings.Cut(path, "."); !strings.Contains(top, ":") {
		path = project + ":" + path
	}
	if err := stackconfig.SetPath(cfg, path, value); err != nil {
		return fmt.Errorf("--set %w", err)
	}
	return nil
}

// secureProblems are the keys ekskit reads whose values are secure: the
// offline plan left them out (plan.StackFile.Secure; Pulumi encrypts a
// key as a whole, whatever under it is secure).
func secureProblems(secure []string) spec.Problems {
	var p spec.Problems
	for _, k := range secure {
		if stackconfig.Reads(k) {
			p.Add(spec.Path(k), nil, "holds a secure value (at or under it: Pulumi encrypts the key as a whole), which cannot "+
				"be decrypted offline, and ekskit reads it: keep it in plain text (other keys' secure values are left out "+
				"of the offline plan); the rest of the config is checked once it can be read")
		}
	}
	return p
}
