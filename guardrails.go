package main

import (
	"fmt"
	"io"

	"github.com/ekskit/ekskit/plan"
	"github.com/ekskit/ekskit/rules"
	"github.com/ekskit/ekskit/stackconfig"
)

// guardrailDelta is what a change does to the stack's guardrails against
// the base plan: the ways its ekskit:policy lets more through, and the
// findings above info that it brings or changes. Either is a change to
// review (plan --diff exits 1, and the comment lists it first): the policy
// lives in the stack file that the same pull request edits. Neither blocks
// (plan.Diff.Blocking counts what pulumi up fails on or refuses): a team
// that wants a second pair of eyes on every policy change gives stacks/ a
// code owner.
type guardrailDelta struct {
	// Loosened says each way the policy lets through what the base's
	// stops ([stackconfig.Policy.Loosened]): the base's is its stack
	// file's own (base plans are saved with --set policy.fail=none), or
	// the default policy for a stack new since the base; this plan's is
	// as planned, --set applied.
	Loosened []string `json:"loosened"`
	// FromSet is set when this run's --set alone loosens the policy: the
	// stack file's own policy does not.
	FromSet bool `json:"fromSet,omitempty"`
	// New are this plan's findings above info, not excepted, that the
	// base's config does not have as they are (rule, resource and
	// message: a finding that changes, such as more log types off, is
	// listed too), checked by this ekskit on the same day (so a support
	// window that ends between the two is not the change's), with the
	// base's own ESC environments; or, where the base's config does not
	// parse, not in the base plan's own findings. For a stack new since
	// the base, every finding above info.
	New []rules.Finding `json:"newFindings"`
	// Unchecked says what could not be compared, and why.
	Unchecked []string `json:"unchecked"`
}

// ToReview counts what a reviewer must look at.
func (g guardrailDelta) ToReview() int { return len(g.Loosened) + len(g.New) }

// baseGuardrails is what of a saved base plan the guardrails are compared
// with.
type baseGuardrails struct {
	saved savedPlan
	// empty is set for a base without the stack (a stack new since the
	// base: .ci/base-plan --empty-if-absent's plan, which has no
	// resources and records nothing else).
	empty bool
	// check returns the findings of the base's config, on the head's day.
	check func(c stackconfig.Config, flat map[string]string, environments []string) ([]rules.Finding, error)
}

// guardrailsAgainst compares the guardrails of the base with this plan's:
// its policy (and the stack file's own, filePolicy, before --set), and
// findings.
func guardrailsAgainst(base baseGuardrails, policy, filePolicy stackconfig.Policy, findings []rules.Finding,
	environments []string) guardrailDelta {
	saved := base.saved
	g := guardrailDelta{Loosened: []string{}, New: []rules.Finding{}, Unchecked: []string{}}
	basePolicy, err := stackconfig.DecodePolicy(saved.StackPolicy)
	switch {
	case base.empty:
		basePolicy, err = stackconfig.Policy{}, nil // a new stack: against the default policy
	case saved.StackPolicy == nil:
		err = fmt.Errorf("the base plan records no stack policy (saved by an older ekskit)")
	case err != nil:
		err = fmt.Errorf("the base plan's stack policy does not read: %w", err)
	}
	if err != nil {
		g.Unchecked = append(g.Unchecked, "the policy: "+err.Error())
	} else if g.Loosened = basePolicy.Loosened(policy); len(g.Loosened) > 0 {
		g.FromSet = len(basePolicy.Loosened(filePolicy)) == 0
	}
	g.New = newFindings(base, findings, environments, &g.Unchecked)
	return g
}

// newFindings are the findings above info, not excepted, that the base
// does not have as they are; what could not be compared is added to
// unchecked.
func newFindings(base baseGuardrails, findings []rules.Finding, environments []string, unchecked *[]string) []rules.Finding {
	saved := base.saved
	var before []rules.Finding
	var err error
	switch {
	case base.empty: // a new stack: every finding is the change's
	case saved.StackConfig == nil:
		err = fmt.Errorf("the base plan records no stack config (saved by an older ekskit)")
	default:
		c, perr := stackconfig.Parse(saved.StackConfig)
		if perr != nil {
			err = fmt.Errorf("the base plan's stack config does not parse: %w", perr)
			break
		}
		envs := saved.Environments
		if envs == nil { // not recorded (an older ekskit's plan): taken to be the head's
			envs = environments
			if len(environments) > 0 {
				*unchecked = append(*unchecked, "the ESC environments the stack imports (EKS022): the base plan records none "+
					"(saved by an older ekskit), so they are taken to be this plan's")
			}
		}
		before, err = base.check(c, saved.StackConfig, envs)
	}
	if err != nil {
		if saved.Findings == nil {
			*unchecked = append(*unchecked, "new findings: "+err.Error())
			return []rules.Finding{}
		}
		before = saved.Findings // as the base planned them, on its own day
	}
	had := map[[3]string]bool{}
	for _, f := range before {
		had[[3]string{f.Rule, f.Resource, f.Message}] = true
	}
	out := []rules.Finding{}
	for _, f := range findings {
		if f.Severity != rules.Info && f.Exception == "" && !had[[3]string{f.Rule, f.Resource, f.Message}] {
			out = append(out, f)
		}
	}
	return out
}

// writeGuardrails prints what plan.WriteDiff leaves out: the guardrails'
// changes, after the resources', and what is to review in all (hazards:
// the resources' changes to review).
func writeGuardrails(w io.Writer, g guardrailDelta, hazards int) {
	if len(g.Loosened) > 0 {
		fmt.Fprintf(w, "\nPolicy loosened (a change to review):\n")
		for _, l := range g.Loosened {
			fmt.Fprintf(w, "    %s\n", l)
		}
		if g.FromSet {
			fmt.Fprintf(w, "    (by --set alone: the stack file's own policy is not loosened)\n")
		}
	}
	if len(g.New) > 0 {
		fmt.Fprintf(w, "\nNew or changed findings above info (a change to review):\n")
		for _, f := range g.New {
			fmt.Fprintf(w, "    %-7s %s %s: %s\n            fix: %s\n", f.Severity, f.Rule, f.Resource, f.Message, f.Fix)
		}
	}
	for _, u := range g.Unchecked {
		fmt.Fprintf(w, "\nNot compared: %s\n", u)
	}
	switch {
	case g.ToReview()+hazards > 0:
		fmt.Fprintf(w, "\nTo review in all: %d (%d of resources, %d of guardrails)\n", g.ToReview()+hazards, hazards, g.ToReview())
	case len(g.Unchecked) == 0:
		fmt.Fprintln(w, "\nGuardrails: the policy and the findings above info are as in the base")
	}
}

// baseFindings returns a function that checks a base plan's config as the
// plan command checks this one, on the same day (in.Today).
func baseFindings(in rules.Input) func(stackconfig.Config, map[string]string, []string) ([]rules.Finding, error) {
	return func(c stackconfig.Config, flat map[string]string, environments []string) ([]rules.Finding, error) {
		region, _ := plan.StackRegion(flat)
		zones, err := plan.DefaultCloud().DefaultVPCZoneIDs(region)
		if err != nil {
			return nil, err
		}
		in.Stack, in.Policy, in.Region, in.DefaultVPCZones, in.Environments = c.Stack(), c.Policy, flat[stackconfig.KeyRegion], zones, environments
		return rules.Check(in)
	}
}
