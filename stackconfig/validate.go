package stackconfig

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ekskit/ekskit/components/spec"
)

// WithDefaults returns a copy of c with every unset setting at its
// default (the components' defaults, from package spec); c is not changed.
func (c Config) WithDefaults() Config {
	d := c.Stack().WithDefaults()
	out := c
	out.Roles, out.Cluster.Cluster, out.Cluster.Quotas, out.NodeGroups = d.Roles, d.Cluster, d.Quotas, d.NodeGroups
	out.Policy = c.Policy.WithDefaults()
	return out
}

// Stack is the config's settings of the whole cluster, as cluster.Build
// takes them.
func (c Config) Stack() spec.Stack {
	return spec.Stack{Roles: c.Roles, Cluster: c.Cluster.Cluster, NodeGroups: c.NodeGroups, Quotas: c.Cluster.Quotas,
		DefaultTags: c.DefaultTags}
}

// Validate checks a config (after [Config.WithDefaults]) and returns every
// problem found as [spec.Problems], or nil: the settings' rules (package
// spec, [spec.Stack], the account's quotas and aws:defaultTags included)
// at their config keys, then the file's own: the policy ([Policy.Validate];
// the rule ids its exceptions name are checked only in a program that
// links package rules, [SetExceptionCheck]).
func (c Config) Validate() error {
	c = c.WithDefaults()
	p := c.Stack().Validate(KeyRoles, KeyCluster, KeyNodeGroups, spec.Path(KeyCluster).Key("quotas"), spec.Path(KeyDefaultTags).Key("tags"))
	p = append(p, c.Policy.Validate()...)
	return p.Err()
}

// exceptionCheck says what is wrong with excepting a rule id ("" for
// nothing); package rules sets it ([SetExceptionCheck]).
var exceptionCheck func(rule string) string

// SetExceptionCheck is how package rules, which owns the rules, tells the
// policy which rule ids an exception may name: check returns what is wrong
// with excepting one ("not a rule", ...), or "". Set, the stack file's
// rule ids are checked with every other problem of the file; unset (a
// program that does not link package rules), they are not.
func SetExceptionCheck(check func(rule string) string) { exceptionCheck = check }

// Validate returns the policy's problems (after [Policy.WithDefaults]) at
// their ekskit:policy key paths: a fail that is not a severity or none, an
// exception without its rule or reason, a rule excepted twice, and one that
// cannot be excepted ([SetExceptionCheck]).
func (pol Policy) Validate() spec.Problems {
	pol = pol.WithDefaults()
	var p spec.Problems
	at := spec.Path(KeyPolicy)
	if !slices.Contains(append(slices.Clone(Severities), "none"), pol.Fail) {
		p.Add(at.Key("fail"), pol.Fail, "must be one of info, warning, error, none")
	}
	seen := map[string]bool{}
	for i, e := range pol.Exceptions {
		if e.Rule != "" && seen[e.Rule] {
			p.Add(at.Key("exceptions").Index(i).Key("rule"), e.Rule, "listed twice: give a rule one exception, with one reason")
		}
		seen[e.Rule] = true
		if e.Rule == "" {
			p.Add(at.Key("exceptions").Index(i).Key("rule"), nil, "required: the rule's id")
		} else if exceptionCheck != nil {
			if msg := exceptionCheck(e.Rule); msg != "" {
				p.Add(at.Key("exceptions").Index(i).Key("rule"), e.Rule, "%s", msg)
			}
		}
		if strings.TrimSpace(e.Reason) == "" {
			p.Add(at.Key("exceptions").Index(i).Key("reason"), nil, "required: why this stack accepts the finding")
		}
	}
	return p
}

// DecodePolicy decodes and validates the flat config's ekskit:policy
// alone, as [Parse] does with the whole config: the zero Policy where the
// key is absent.
func DecodePolicy(flat map[string]string) (Policy, error) {
	var pol Policy
	var p spec.Problems
	if v, ok := flat[KeyPolicy]; ok {
		decodeKey(KeyPolicy, v, &pol, &p)
	}
	if len(p) == 0 {
		p = pol.Validate()
	}
	return pol, p.Err()
}

// Loosened says each way the policy next lets through what pol stops: a
// fail severity raised (or none), production turned off, and each rule
// newly excepted; none when next holds the stack at least as tightly.
func (pol Policy) Loosened(next Policy) []string {
	pol, next = pol.WithDefaults(), next.WithDefaults()
	var out []string
	levels := append(slices.Clone(Severities), "none")
	was, now := slices.Index(levels, pol.Fail), slices.Index(levels, next.Fail)
	if was >= 0 && now > was {
		out = append(out, fmt.Sprintf("%s: %s => %s: findings at %s no longer stop the stack", spec.Path(KeyPolicy).Key("fail"),
			pol.Fail, next.Fail, strings.Join(levels[was:now], " and ")))
	}
	if pol.Production && !next.Production {
		out = append(out, fmt.Sprintf("%s: true => false: the stack's cluster need no longer be protected (EKS011)",
			spec.Path(KeyPolicy).Key("production")))
	}
	excepted := map[string]bool{}
	for _, e := range pol.Exceptions {
		excepted[e.Rule] = true
	}
	for i, e := range next.Exceptions {
		if !excepted[e.Rule] {
			out = append(out, fmt.Sprintf("%s: %s excepted (%q): its findings no longer stop the stack",
				spec.Path(KeyPolicy).Key("exceptions").Index(i), e.Rule, e.Reason))
		}
	}
	return out
}
