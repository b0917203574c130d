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
// findings above info that it brings. Either is a change to review
// (plan --diff exits 1): the policy lives in the stack file that the
// same pull request edits, so a change could loosen it and pass it.
type guardrailDelta struct {
	// Loosened says each way the policy lets through what the base's
	// stops ([stackconfig.Policy.Loosened]): the base's is its stack
	// file's own (base plans are saved with --set policy.fail=none), this
	// plan's is as planned, --set applied.
	Loosened []string `json:"loosened"`
	// New are this plan's findings above info, not excepted, whose rule
	// and resource the base's config does not have, checked on the same
	// day (so a support window that ends between the two is not the
	// change's); or, where the base's config does not parse, not in the
	// base plan's own findings.
	New []rules.Finding `json:"newFindings"`
	// Unchecked says what could not be compared, and why; empty when
	// both were.
	Unchecked []string `json:"unchecked,omitempty"`
}

// ToReview counts what a reviewer must look at.
func (g guardrailDelta) ToReview() int { return len(g.Loosened) + len(g.New) }

// guardrailsAgainst compares the guardrails of the saved base plan with
// this plan's: its policy, and findings, those of check(base config).
func guardrailsAgainst(saved savedPlan, policy stackconfig.Policy, findings []rules.Finding,
	check func(stackconfig.Config, map[string]string) ([]rules.Finding, error)) guardrailDelta {
	g := guardrailDelta{Loosened: []string{}, New: []rules.Finding{}}
	switch base, err := stackconfig.DecodePolicy(saved.StackPolicy); {
	case saved.StackPolicy == nil:
		g.Unchecked = append(g.Unchecked, "the policy: the base plan records no stack policy (saved by an older ekskit)")
	case err != nil:
		g.Unchecked = append(g.Unchecked, fmt.Sprintf("the policy: the base plan's stack policy does not read: %v", err))
	default:
		g.Loosened = base.Loosened(policy)
	}
	var before []rules.Finding
	var err error
	if saved.StackConfig == nil {
		err = fmt.Errorf("the base plan records no stack config (saved by an older ekskit)")
	} else if c, perr := stackconfig.Parse(saved.StackConfig); perr != nil {
		err = fmt.Errorf("the base plan's stack config does not parse: %w", perr)
	} else {
		before, err = check(c, saved.StackConfig)
	}
	if err != nil {
		if saved.Findings == nil {
			g.Unchecked = append(g.Unchecked, "new findings: "+err.Error())
			return g
		}
		before = saved.Findings // as the base planned them, on its own day
	}
	had := map[[2]string]bool{}
	for _, f := range before {
		had[[2]string{f.Rule, f.Resource}] = true
	}
	for _, f := range findings {
		if f.Severity != rules.Info && f.Exception == "" && !had[[2]string{f.Rule, f.Resource}] {
			g.New = append(g.New, f)
		}
	}
	return g
}

// writeGuardrails prints what writeDiff leaves out: the guardrails'
// changes, as a list after the resources'.
func writeGuardrails(w io.Writer, g guardrailDelta) {
	if g.ToReview() == 0 && len(g.Unchecked) == 0 {
		fmt.Fprintln(w, "\nGuardrails: the policy and the findings above info are as in the base")
		return
	}
	if len(g.Loosened) > 0 {
		fmt.Fprintf(w, "\nPolicy loosened (a change to review):\n")
		for _, l := range g.Loosened {
			fmt.Fprintf(w, "    %s\n", l)
		}
	}
	if len(g.New) > 0 {
		fmt.Fprintf(w, "\nNew findings above info (a change to review):\n")
		for _, f := range g.New {
			fmt.Fprintf(w, "    %-7s %s %s: %s\n            fix: %s\n", f.Severity, f.Rule, f.Resource, f.Message, f.Fix)
		}
	}
	for _, u := range g.Unchecked {
		fmt.Fprintf(w, "\nNot compared: %s\n", u)
	}
}

// baseFindings returns a function that checks a base plan's config as the
// plan command checks this one, on the same day.
func baseFindings(in rules.Input) func(stackconfig.Config, map[string]string) ([]rules.Finding, error) {
	return func(c stackconfig.Config, flat map[string]string) ([]rules.Finding, error) {
		region, _ := plan.StackRegion(flat)
		zones, err := plan.DefaultCloud().DefaultVPCZoneIDs(region)
		if err != nil {
			return nil, err
		}
		in.Stack, in.Policy, in.Region, in.DefaultVPCZones = c.Stack(), c.Policy, flat[stackconfig.KeyRegion], zones
		return rules.Check(in)
	}
}
