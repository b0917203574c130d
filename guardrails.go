package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/ekskit/ekskit/plan"
	"github.com/ekskit/ekskit/rules"
	"github.com/ekskit/ekskit/stackconfig"
)

// guardrailDelta is what a change does to the stack's guardrails against
// the base plan: the ways its ekskit:policy lets more through, and the
// findings above info that it brings (and, for information, those it
// changes). Either of the first two is a change to review (plan --diff exits 1, and the comment lists it first): the policy
// lives in the stack file that the same pull request edits. Neither blocks
// (plan.Diff.Blocking counts what pulumi up fails on or refuses): a team
// that wants a second pair of eyes on every policy change gives stacks/ a
// code owner.
type guardrailDelta struct {
	// Loosened says each way the policy lets through what the base's
	// stops ([stackconfig.Policy.Loosened]): the base's is its stack
	// file's own (base plans are saved with --set policy.fail=none), or
	// the default policy for a stack new since the base; this plan's is
	// as planned, --set applied: a way that the stack file's own policy
	// does not loosen ends in "(by --set)".
	Loosened []string `json:"loosened"`
	// New are this plan's findings above info, not excepted, whose rule
	// and resource the base's config has no finding for, checked by this
	// ekskit on the same day (so a support window that ends between the
	// two is not the change's), with the base's own ESC environments; or,
	// where the base's config does not parse, not in the base plan's own
	// findings. For a stack new since the base, every finding above info.
	New []rules.Finding `json:"newFindings"`
	// Changed are this plan's findings above info, not excepted, that the
	// base's config has for the same rule and resource with another
	// message: more log types off, or fewer. Shown, not to review: a
	// message does not say which way it went.
	Changed []rules.Finding `json:"changedFindings"`
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
	g := guardrailDelta{Loosened: []string{}, New: []rules.Finding{}, Changed: []rules.Finding{}, Unchecked: []string{}}
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
	} else {
		byFile := basePolicy.Loosened(filePolicy)
		for _, l := range basePolicy.Loosened(policy) {
			if !slices.Contains(byFile, l) {
				l += " (by --set)"
			}
			g.Loosened = append(g.Loosened, l)
		}
	}
	g.New, g.Changed = newFindings(base, findings, environments, &g.Unchecked)
	return g
}

// newFindings are the findings above info, not excepted, whose rule and
// resource the base has no finding for, and those it has with another
// message; what could not be compared is added to unchecked.
func newFindings(base baseGuardrails, findings []rules.Finding, environments []string, unchecked *[]string) (added, changed []rules.Finding) {
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
	asSaved := false
	if err != nil {
		if saved.Findings == nil {
			*unchecked = append(*unchecked, "new findings: "+err.Error())
			return []rules.Finding{}, []rules.Finding{}
		}
		// as the base planned them, on its own day: their messages (day
		// counts) are not compared
		before, asSaved = saved.Findings, true
		*unchecked = append(*unchecked, "changed findings: "+err.Error()+"; new ones are those of rules and resources the base plan's own findings lack")
	}
	had := map[[2]string][]string{} // messages by rule and resource
	for _, f := range before {
		k := [2]string{f.Rule, f.Resource}
		had[k] = append(had[k], f.Message)
	}
	added, changed = []rules.Finding{}, []rules.Finding{}
	for _, f := range findings {
		msgs, ok := had[[2]string{f.Rule, f.Resource}]
		switch {
		case f.Severity == rules.Info || f.Exception != "":
		case !ok:
			added = append(added, f)
		case !asSaved && !slices.Contains(msgs, f.Message):
			changed = append(changed, f)
		}
	}
	return added, changed
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
	}
	for _, list := range []struct {
		heading  string
		findings []rules.Finding
	}{{"New findings above info (a change to review)", g.New}, {"Changed findings above info (to read: more or less of the same)", g.Changed}} {
		if len(list.findings) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s:\n", list.heading)
		for _, f := range list.findings {
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
