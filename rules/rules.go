// Package rules holds ekskit's guardrails: checks of a cluster's validated
// settings ([spec.Stack], as a stack config or cluster.Build takes them)
// that security scanners (checkov, trivy, KICS) would make if they
// could read a Pulumi Go program, and that a reviewer needs before
// approving a change. Each rule has a stable id, a title, a severity, the
// public rule ids it stands for, a one-line fix and a check.
//
// Which findings stop a stack is the stack's policy (`ekskit:policy`):
// findings at or above its fail severity, unless excepted with a reason,
// stop the program before anything is registered (see [Enforce]); the
// others are reported. Nothing here imports Pulumi.
package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/stackconfig"
)

// Severity of a finding: info, warning or error.
type Severity string

// Severities.
const (
	Info    Severity = "info"
	Warning Severity = "warning"
	Error   Severity = "error"
)

func (s Severity) rank() int { return slices.Index(stackconfig.Severities, string(s)) }

// Rule is one guardrail.
type Rule struct {
	// ID is stable: EKS001, ...
	ID    string
	Title string
	// Severity of its findings.
	Severity Severity
	// Refs are the public rule ids it stands for (checkov CKV_AWS_*, trivy
	// AVD-AWS-*, CIS Amazon EKS Benchmark items).
	Refs []string
	// Fix says in one line what to change.
	Fix string
	// check returns a finding's resource (a config key path) and message
	// per problem found; nil for a rule [Check] works out from the other
	// rules' findings.
	check func(Input) []hit
	// knows says whether in holds what check reads; nil: always. Where it
	// does not (a program run has no stack file's environments), an
	// exception of the rule is not called stale.
	knows func(Input) bool
}

type hit struct{ resource, message string }

// Input is what the rules read: a cluster's validated settings, the
// stack's policy, the day they are checked on (support windows end), and
// the region (prices).
type Input struct {
	// Stack are the settings checked. Unset settings are checked at their
	// defaults.
	Stack spec.Stack
	// Policy is the stack's `ekskit:policy`: its exceptions mark findings,
	// and its fail severity says which stop the stack ([Enforce]). The zero
	// Policy excepts nothing and fails on errors.
	Policy stackconfig.Policy
	// Today is required.
	Today time.Time
	// Region is the region the stack deploys to: its aws:region, or a
	// program's own provider's; "" when not known, which EKS020 warns of
	// (EKS008 then names the commercial regions' price, saying so).
	Region string
	// Environments are the Pulumi ESC environments the stack file imports,
	// whose config values a plan cannot read offline (EKS022): non-nil
	// (empty when it imports none) where the stack file was read, nil
	// where it is not known, as in a program run, which has their values
	// merged in; an exception of EKS022 is then not stale either.
	Environments []string
	// DefaultVPCZones are the Availability Zone IDs of the subnets a
	// cluster in the default VPC (vpcId unset) runs in, which its node
	// groups without subnets of their own share (EKS009): non-nil where
	// known, as in a plan, which takes them from its offline account
	// (plan.Cloud.DefaultVPCZoneIDs); nil where not, as in a program run,
	// which looks them up only when it builds the cluster, after the
	// rules. Without them EKS009 knows only that there are two or more
	// (EKS takes a cluster in two zones or more), and an exception of it
	// is then not stale where that does not tell.
	DefaultVPCZones []string
}

// Finding is one rule's finding on one resource.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// IDs are the rule's public ids.
	IDs      []string `json:"ids"`
	Resource string   `json:"resource"`
	Message  string   `json:"message"`
	Fix      string   `json:"fix"`
	// Exception is the stack's reason for accepting the finding, if it does.
	Exception string `json:"exception,omitempty"`
}

func (f Finding) String() string {
	s := fmt.Sprintf("%s %s %s: %s (fix: %s)", f.Severity, f.Rule, f.Resource, f.Message, f.Fix)
	if len(f.IDs) > 0 {
		s += " [" + strings.Join(f.IDs, ", ") + "]"
	}
	if f.Exception != "" {
		s += " [excepted: " + f.Exception + "]"
	}
	return s
}

// Check runs every rule on in and returns the findings, errors first, the
// stack's exceptions marked. The policy's problems
// ([stackconfig.Policy.Validate], which this package tells which rules an
// exception may name: not an unknown one, nor EKS016) are problems of the
// config (at ekskit:policy...), so a stack file gets them with its others
// (Check checks again, on purpose, for a policy a Go program builds); an
// exception whose rule finds nothing is an EKS016 finding.
func Check(in Input) ([]Finding, error) {
	if in.Today.IsZero() {
		return nil, fmt.Errorf("rules: Input.Today is required (support windows end on dates)")
	}
	in.Stack = in.Stack.WithDefaults() // no nil size below
	if err := in.Policy.Validate().Err(); err != nil {
		return nil, err
	}
	excepted := map[string]string{}
	for _, e := range in.Policy.Exceptions {
		excepted[e.Rule] = e.Reason
	}
	var out []Finding
	add := func(r Rule, h hit) {
		out = append(out, Finding{Rule: r.ID, Severity: r.Severity, IDs: r.Refs, Resource: h.resource,
			Message: h.message, Fix: r.Fix, Exception: excepted[r.ID]})
	}
	found := map[string]bool{}
	for _, r := range All {
		if r.check == nil {
			continue
		}
		for _, h := range r.check(in) {
			add(r, h)
			found[r.ID] = true
		}
	}
	stale, _ := byID(staleException)
	for i, e := range in.Policy.Exceptions {
		if r, _ := byID(e.Rule); !found[e.Rule] && (r.knows == nil || r.knows(in)) {
			add(stale, hit{string(spec.Path(stackconfig.KeyPolicy).Key("exceptions").Index(i)),
				fmt.Sprintf("%s finds nothing on this stack: the exception would accept, unreviewed, the finding a later change brings", e.Rule)})
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return b.Severity.rank() - a.Severity.rank() })
	return out, nil
}

// Enforced are the findings that stop the stack under its policy: at or
// above policy.fail, not excepted.
func Enforced(findings []Finding, policy stackconfig.Policy) []Finding {
	policy = policy.WithDefaults()
	if policy.Fail == "none" {
		return nil
	}
	least := Severity(policy.Fail).rank()
	var out []Finding
	for _, f := range findings {
		if f.Exception == "" && f.Severity.rank() >= least {
			out = append(out, f)
		}
	}
	return out
}

// Enforce checks a stack and returns an error listing every enforced
// finding, or the findings to report.
func Enforce(in Input) ([]Finding, error) {
	findings, err := Check(in)
	if err != nil {
		return nil, err
	}
	return findings, Refusal(Enforced(findings, in.Policy), in.Policy)
}

// Refusal is the error that stops a stack for its enforced findings (nil
// when there are none).
func Refusal(stop []Finding, policy stackconfig.Policy) error {
	if len(stop) == 0 {
		return nil
	}
	policy = policy.WithDefaults()
	lines := make([]string, len(stop))
	for i, f := range stop {
		lines[i] = f.String()
	}
	return fmt.Errorf("%d finding(s) at or above %s (%s):\n  %s", len(stop), policy.Fail,
		stackconfig.KeyPolicy+".fail", strings.Join(lines, "\n  "))
}

func byID(id string) (Rule, bool) {
	for _, r := range All {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

func init() { stackconfig.SetExceptionCheck(exceptable) }

// exceptable says what is wrong with a policy exception of rule id, or "".
func exceptable(id string) string {
	if _, ok := byID(id); !ok {
		return "not a rule" + spec.Suggest(id, ids())
	}
	if id == staleException {
		return "cannot be excepted: it would hide every stale exception; remove the exceptions it names instead"
	}
	return ""
}

func ids() []string {
	out := make([]string, len(All))
	for i, r := range All {
		out[i] = r.ID
	}
	return out
}
