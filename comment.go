package main

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/ekskit/ekskit/plan"
	"github.com/ekskit/ekskit/rules"
)

// commentMarker starts every comment, so that a workflow finds and updates
// its own comment for a stack instead of adding one per push.
func commentMarker(stack string) string { return "<!-- ekskit-plan:" + stack + " -->" }

// review is what a pull-request comment says about one stack.
type review struct {
	Stack string
	// Commit is the commit the plan is for (in CI the pull request's head,
	// planned merged into the base), named in the heading so that a comment
	// left from an earlier push shows as such; "" names none.
	Commit   string
	Diff     plan.Diff
	Findings []rules.Finding
	Enforced []rules.Finding
	// Guardrails are the policy loosened and the findings new against the
	// base; nil when not compared.
	Guardrails *guardrailDelta
	Cost       costDelta
	// BasePath and HeadPath are the critical paths of the base and head.
	BasePath, HeadPath plan.Path
	// Tree is the head's full plan, as plan prints it: the preview of a
	// new stack, every resource a create.
	Tree string
}

// writeComment renders the body of a pull-request comment for one stack,
// in GitHub-flavoured Markdown: a summary line, what a reviewer must look
// at first (changes pulumi up refuses or cannot apply, deletes that lose
// data or break what runs, replacements, enforced findings, each with its
// notes), every change in a table, the other findings above info, the
// monthly cost and its change, the critical path when it changes, and the
// full plan collapsed, labelled as the preview of a new stack it is.
func writeComment(w io.Writer, r review) {
	d := r.Diff
	hazards := d.Hazards()
	var guards guardrailDelta
	if r.Guardrails != nil {
		guards = *r.Guardrails
	}
	fmt.Fprintln(w, commentMarker(r.Stack))
	verdict := "no change to review"
	switch {
	case len(r.Enforced) > 0:
		verdict = fmt.Sprintf("**blocked**: %d finding(s) the stack's policy enforces", len(r.Enforced))
	case len(hazards)+guards.ToReview() > 0:
		verdict = fmt.Sprintf("**%d change(s) to review**", len(hazards)+guards.ToReview())
	case d.Count(plan.OpSame) == len(d.Changes) && len(d.Changes) > 0:
		verdict = fmt.Sprintf("no change in AWS; %d resource(s) whose options pulumi up records change", len(d.Changes))
	case len(d.Changes) > 0:
		verdict = "changes, none hazardous"
	}
	fmt.Fprintf(w, "%s\n\n", commentHeading(r.Stack, r.Commit))
	counts := d.Counts()
	if len(r.Enforced) > 0 {
		counts = "not planned"
	}
	fmt.Fprintf(w, "%s · %s · monthly cost %s\n\n", verdict, counts, costSummary(r.Cost))

	if len(r.Enforced) > 0 {
		fmt.Fprintf(w, "#### Blocked by the policy\n\n")
		for _, f := range r.Enforced {
			fmt.Fprintf(w, "- :no_entry: **%s** (%s) `%s`: %s. Fix: %s\n", f.Rule, f.Severity, f.Resource, mdEscape(f.Message), mdEscape(f.Fix))
		}
		fmt.Fprintln(w)
	}
	// protection removed is no hazard, but a reviewer should see it
	var unprotected []plan.Change
	for _, c := range d.Changes {
		if c.Unprotects() {
			unprotected = append(unprotected, c)
		}
	}
	if len(hazards) > 0 || len(unprotected) > 0 || guards.ToReview() > 0 {
		fmt.Fprintf(w, "#### Review first\n\n")
		// the guardrails first: a policy loosened lets through what the
		// rest of this comment may show
		for _, l := range guards.Loosened {
			fmt.Fprintf(w, "- :unlock: policy loosened: %s\n", mdEscape(l))
		}
		for _, f := range guards.New {
			fmt.Fprintf(w, "- :warning: new finding **%s** (%s) `%s`: %s. Fix: %s\n", f.Rule, f.Severity, f.Resource,
				mdEscape(f.Message), mdEscape(f.Fix))
		}
		// what makes pulumi up fail or refuse first, then what goes for
		// good, then what goes away before its replacement exists, then the
		// other replacements
		slices.SortStableFunc(hazards, func(a, b plan.Change) int { return cmp.Compare(hazardRank(a), hazardRank(b)) })
		for _, c := range hazards {
			icon := ":warning:"
			if hazardRank(c) == 0 {
				icon = ":no_entry:"
			}
			line := c.Sentence()
			for _, n := range c.Notes {
				line += "; note: " + n
			}
			fmt.Fprintf(w, "- %s %s\n", icon, mdEscape(line))
		}
		for _, c := range unprotected {
			if c.Op == plan.OpSame {
				fmt.Fprintf(w, "- :unlock: %s\n", mdEscape(c.Sentence()))
			} else {
				fmt.Fprintf(w, "- :unlock: %s %s: no longer protected\n", c.Kind, c.Name)
			}
		}
		fmt.Fprintln(w)
	}
	if len(d.Changes) > 0 {
		fmt.Fprintf(w, "#### Changes\n\n| | resource | type | why |\n|---|---|---|---|\n")
		changes := slices.Clone(d.Changes)
		slices.SortStableFunc(changes, func(a, b plan.Change) int { return opRank(a.Op) - opRank(b.Op) })
		for _, c := range changes {
			why := c.Reasons()
			if len(why) == 0 {
				for _, ic := range c.Inputs {
					why = append(why, ic.Text()) // as the text diff has it
				}
			}
			// a change to review has its notes under Review first, above
			switch {
			case len(c.Notes) == 0:
			case slices.ContainsFunc(hazards, func(h plan.Change) bool { return h.URN == c.URN }):
				why = append(why, "notes under Review first")
			default:
				for _, n := range c.Notes {
					why = append(why, "note: "+n)
				}
			}
			fmt.Fprintf(w, "| %s | `%s` | %s | %s |\n", c.Op, c.Name, c.Kind, mdEscape(strings.Join(why, "; ")))
		}
		fmt.Fprintln(w)
	}
	// an enforced finding is listed once, under Blocked by the policy, and
	// a new one under Review first
	enforced := map[string]bool{}
	for _, f := range append(slices.Clone(r.Enforced), guards.New...) {
		enforced[f.String()] = true
	}
	var shown []rules.Finding
	for _, f := range r.Findings {
		if f.Severity != rules.Info && !enforced[f.String()] {
			shown = append(shown, f)
		}
	}
	if len(shown) > 0 {
		heading := "Findings above info"
		if len(r.Enforced) > 0 {
			heading = "Other findings above info"
		}
		fmt.Fprintf(w, "#### %s\n\n| rule | severity | resource | finding | fix |\n|---|---|---|---|---|\n", heading)
		for _, f := range shown {
			msg := f.Message
			if f.Exception != "" {
				msg += " (excepted: " + f.Exception + ")"
			}
			if slices.ContainsFunc(guards.Changed, func(c rules.Finding) bool { return c.String() == f.String() }) {
				msg += " (changed since the base)"
			}
			fmt.Fprintf(w, "| %s | %s | `%s` | %s | %s |\n", f.Rule, f.Severity, f.Resource, mdEscape(msg), mdEscape(f.Fix))
		}
		fmt.Fprintln(w)
	}
	for _, u := range guards.Unchecked {
		fmt.Fprintf(w, "_Not compared with the base: %s._\n\n", mdEscape(u))
	}
	fmt.Fprintf(w, "#### Monthly cost\n\n")
	var estimate bytes.Buffer
	writeCost(&estimate, r.Cost.Head)
	if r.Cost.Base != nil {
		writeCostDelta(&estimate, r.Cost)
	}
	fmt.Fprintf(w, "```\n%s```\n\n", strings.TrimPrefix(estimate.String(), "\n"))
	if r.BasePath.String() != r.HeadPath.String() {
		fmt.Fprintf(w, "#### Critical path of a new stack\n\n- was: %s\n- now: %s\n\n", r.BasePath, r.HeadPath)
	}
	if r.Tree != "" {
		// the tree previews the head as a new stack: every resource a
		// create, whatever this change does to the deployed one
		fmt.Fprintf(w, "<details><summary>Full plan of <code>%s</code>, previewed as a new stack "+
			"(every resource shown as a create; what this change does is above)</summary>\n\n```\n%s```\n\n</details>\n", r.Stack, r.Tree)
	}
}

// costSummary is the head's monthly estimate and its change.
func costSummary(d costDelta) string {
	if !d.Head.Priced() {
		return "unknown"
	}
	s := money(d.Head.Low, d.Head.High)
	if !d.Head.Complete {
		s += " and unknowns"
	}
	c := d.Change
	asSaved := d.asSaved()
	switch {
	case c == nil:
	case !c.Known:
		s += " (change unknown" + asSaved + ")"
	case c.Low != 0 || c.High != 0 || len(c.LeftOut) > 0: // Compare rounds to the cent
		partial := ""
		if len(c.LeftOut) > 0 {
			partial = ", known lines only"
		}
		s += fmt.Sprintf(" (%s%s%s)", signed(c.Low, c.High), partial, asSaved)
	}
	return s
}

// signed is a change of the monthly cost, a range written from its lower
// end to its higher, as [money] writes an estimate's: the change of the
// estimates' Low can be above the change of their High (removing an
// autoscaled group of 0 to 10 nodes saves nothing at the low end and ten
// nodes at the high), and -$750.80 to +$0.00 reads as a range where
// +$0.00 to -$750.80 does not. The comment's summary and the estimate it
// shows (the text output's) both print it.
func signed(lo, hi float64) string {
	lo, hi = min(lo, hi), max(lo, hi)
	sign := func(v float64) string {
		if v < 0 {
			return fmt.Sprintf("-$%.2f", -v)
		}
		return fmt.Sprintf("+$%.2f", v)
	}
	if fmt.Sprintf("%.2f", lo) == fmt.Sprintf("%.2f", hi) {
		return sign(lo)
	}
	return sign(lo) + " to " + sign(hi)
}

func opRank(op plan.Op) int {
	return slices.Index([]plan.Op{plan.OpReplace, plan.OpDelete, plan.OpCreate, plan.OpUpdate, plan.OpSame}, op)
}

// mdEscape keeps a table cell in one piece, and a text's <word> in it.
func mdEscape(s string) string {
	return htmlStart.ReplaceAllString(strings.NewReplacer("|", `\|`, "\n", " ").Replace(s), "&lt;$1")
}

// htmlStart is a < that GitHub's Markdown reads as the start of an HTML
// tag, which its sanitizer drops with what it encloses: the <name> of
// nodeGroups.<name>.minSize, say.
var htmlStart = regexp.MustCompile(`<([A-Za-z/!?])`)

// writeProblemsComment is the comment for a stack ekskit could not plan:
// its config (or policy) does not validate, or the flags are wrong (a
// --diff base that does not load, or is another stack's).
func writeProblemsComment(w io.Writer, stack, commit string, problems []string) {
	fmt.Fprintln(w, commentMarker(stack))
	fmt.Fprintf(w, "%s\n\n**blocked**: not planned, for the problems below\n\n```\n%s\n```\n",
		commentHeading(stack, commit), strings.Join(problems, "\n"))
}

// commentHeading is a comment's heading: the stack, and the commit when
// there is one (GitHub links a commit's SHA written out in a comment).
func commentHeading(stack, commit string) string {
	h := fmt.Sprintf("### ekskit plan: stack `%s`", stack)
	if commit != "" {
		h += " at " + commit
	}
	return h
}

// GitHub refuses a comment longer than githubCommentLimit characters.
// A comment is cut to commentLimit bytes by default (plan --comment-limit):
// a byte count is never below the character count, and the margin leaves
// room for the line preview-comment.yml puts on a comment that a run did
// not update.
const (
	githubCommentLimit = 65536
	commentLimit       = 64000
)

// fitComment cuts a comment body longer than limit bytes (0: no limit)
// after its last whole line that fits, closes the code block and the
// <details> the cut leaves open, and ends it with a line saying it was cut
// and where the whole comment is: the job summary of the stack's plan job,
// which preview.yml writes uncut. The first line, the marker
// preview-comment.yml finds the comment by, always stays.
func fitComment(body string, limit int, stack string) string {
	if limit <= 0 || len(body) <= limit {
		return body
	}
	note := fmt.Sprintf("\n:scissors: **Cut here** to fit GitHub's limit for a comment (%d characters). The whole comment is in "+
		"the summary of the `plan (%s)` job of the preview workflow (the pull request's checks); "+
		"`ekskit plan --diff … --markdown --comment-limit 0` prints it.\n", githubCommentLimit, stack)
	const closing = "```\n\n</details>\n"
	kept := body[:max(limit-len(note)-len(closing), 0)]
	kept = kept[:strings.LastIndexByte(kept, '\n')+1]
	if first := strings.IndexByte(body, '\n') + 1; len(kept) < first {
		kept = body[:first]
	}
	var b strings.Builder
	b.WriteString(kept)
	fenced := false
	for line := range strings.Lines(kept) {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
	}
	if fenced {
		b.WriteString("```\n")
	}
	if strings.Count(kept, "<details>") > strings.Count(kept, "</details>") {
		b.WriteString("\n</details>\n")
	}
	b.WriteString(note)
	return b.String()
}

// hazardRank orders the changes to review: 0 for one pulumi up fails on or
// refuses (a protected resource, a change it cannot apply), 1 for a
// delete, replacement or update that loses data or breaks what runs
// (plan.Change.Loses), 2 for a replacement that deletes first, 3 for the
// rest (other replacements, updates that cannot be undone).
func hazardRank(c plan.Change) int {
	switch {
	case c.Blocks():
		return 0
	case c.Loses:
		return 1
	case c.DeleteFirst:
		return 2
	}
	return 3
}
