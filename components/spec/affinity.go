package spec

import (
	"fmt"
	"slices"
	"strconv"
)

// NodeSelectorRequirement is one of a node selector term's
// matchExpressions (k8s.io/api core/v1): a node label's key, an operator
// (In, NotIn, Exists, DoesNotExist, Gt, Lt) and the values it compares.
type NodeSelectorRequirement struct {
	Key      string
	Operator string
	Values   []string
}

// NodeSelectorTerm is one term of a required node affinity (core/v1): a
// node matches it when it matches each of MatchExpressions.
type NodeSelectorTerm struct {
	MatchExpressions []NodeSelectorRequirement
	// HasMatchFields is set when the term selects by node fields too (a
	// node's name), which are not known here: they are taken to match. A
	// term with neither matches no node, as in Kubernetes.
	HasMatchFields bool
}

// The node selector operators of core/v1.
var nodeSelectorOperators = []string{"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"}

// affinityProblem is a problem with coredns's affinity: the bad value and
// what is wrong, the path under configurationValues first.
type affinityProblem struct {
	value any
	msg   string
}

// readNodeAffinity reads the required node affinity of coredns's
// configurationValues (obj, as parseJSON decodes it):
// affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms,
// checked as Kubernetes's API checks a required node selector
// (ValidateNodeSelector, ValidateNodeSelectorRequirement): at least one
// term (a null one is an empty term, which matches no node); each
// expression's key a qualified name, its operator one of six, In and
// NotIn with values, Exists and DoesNotExist without, Gt and Lt with one
// (a value that is not an integer makes the term match no node, as the
// scheduler has it); each value a label value (Kubernetes 1.32 and
// later; a null one is ""); matchFields on metadata.name only, In or
// NotIn with one value. nil terms when none is given, or when there are
// problems: then the affinity is not read at all. The rest of affinity
// (preferred terms, pod affinity) is not read.
func readNodeAffinity(obj map[string]any) ([]NodeSelectorTerm, []affinityProblem) {
	var problems []affinityProblem
	bad := func(v any, format string, args ...any) {
		problems = append(problems, affinityProblem{v, fmt.Sprintf(format, args...)})
	}
	object := func(where string, v any) (map[string]any, bool) {
		m, ok := v.(map[string]any)
		if !ok && v != nil {
			bad(v, "coredns's %s must be an object, not %s", where, jsonKind(v))
		}
		return m, ok
	}
	where := "affinity"
	aff, ok := object(where, obj[where])
	if !ok {
		return nil, problems
	}
	where += ".nodeAffinity"
	na, ok := object(where, aff["nodeAffinity"])
	if !ok {
		return nil, problems
	}
	where += ".requiredDuringSchedulingIgnoredDuringExecution"
	req, ok := object(where, na["requiredDuringSchedulingIgnoredDuringExecution"])
	if !ok {
		return nil, problems
	}
	where += ".nodeSelectorTerms"
	list, ok := req["nodeSelectorTerms"].([]any)
	if !ok || len(list) == 0 {
		bad(req["nodeSelectorTerms"], "coredns's %s must be a list of at least one term", where)
		return nil, problems
	}
	terms := make([]NodeSelectorTerm, len(list))
	for i, item := range list {
		at := fmt.Sprintf("%s[%d]", where, i)
		term, ok := object(at, item)
		if !ok {
			continue // null: an empty term
		}
		if f, ok := term["matchFields"]; ok && f != nil {
			fields, ok := f.([]any)
			if !ok {
				bad(f, "coredns's %s.matchFields must be a list, not %s", at, jsonKind(f))
			}
			for j, e := range fields {
				m, _ := e.(map[string]any)
				values, _ := m["values"].([]any)
				if op := m["operator"]; m["key"] != "metadata.name" || op != "In" && op != "NotIn" || len(values) != 1 {
					bad(e, "coredns's %s.matchFields[%d] must select metadata.name with operator In or NotIn and one value", at, j)
				} else if _, ok := values[0].(string); !ok {
					bad(values[0], "coredns's %s.matchFields[%d].values[0] must be a node's name", at, j)
				}
			}
			terms[i].HasMatchFields = len(fields) > 0
		}
		exprs, ok := term["matchExpressions"].([]any)
		if e := term["matchExpressions"]; !ok && e != nil {
			bad(e, "coredns's %s.matchExpressions must be a list, not %s", at, jsonKind(e))
		}
		for j, e := range exprs {
			if r, ok := readRequirement(fmt.Sprintf("%s.matchExpressions[%d]", at, j), e, bad); ok {
				terms[i].MatchExpressions = append(terms[i].MatchExpressions, r)
			}
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return terms, nil
}

// readRequirement reads one of a term's matchExpressions at where,
// reporting its problems with bad; ok when it has none.
func readRequirement(where string, v any, bad func(any, string, ...any)) (NodeSelectorRequirement, bool) {
	var r NodeSelectorRequirement
	obj, ok := v.(map[string]any)
	if !ok {
		bad(v, "coredns's %s must be an object ({key, operator, values}), not %s", where, jsonKind(v))
		return r, false
	}
	fine := true
	if r.Key, ok = obj["key"].(string); !ok || !qualifiedName(r.Key) {
		bad(obj["key"], "coredns's %s.key must be a label key: an optional DNS subdomain prefix/, then 1 to 63 letters, "+
			"digits, -, _ or ., starting and ending with a letter or digit", where)
		fine = false
	}
	if r.Operator, ok = obj["operator"].(string); !ok || !slices.Contains(nodeSelectorOperators, r.Operator) {
		bad(obj["operator"], "coredns's %s.operator must be one of In, NotIn, Exists, DoesNotExist, Gt, Lt", where)
		return r, false
	}
	if vs, ok := obj["values"].([]any); ok {
		for k, e := range vs {
			s, ok := e.(string)
			switch {
			case !ok && e != nil:
				bad(e, "coredns's %s.values[%d] must be a string, not %s", where, k, jsonKind(e))
				fine = false
			case s != "" && !labelValue(s):
				bad(s, "coredns's %s.values[%d] must be a label value: at most %d letters, digits, -, _ or ., "+
					"starting and ending with a letter or digit", where, k, maxLabelPart)
				fine = false
			}
			r.Values = append(r.Values, s)
		}
	} else if vs := obj["values"]; vs != nil {
		bad(vs, "coredns's %s.values must be a list of strings, not %s", where, jsonKind(vs))
		return r, false
	}
	switch n := len(r.Values); r.Operator {
	case "In", "NotIn":
		if n == 0 {
			bad(nil, "coredns's %s: operator %s needs values", where, r.Operator)
			fine = false
		}
	case "Exists", "DoesNotExist":
		if n > 0 {
			bad(r.Values, "coredns's %s: operator %s takes no values", where, r.Operator)
			fine = false
		}
	default: // Gt, Lt
		if n != 1 {
			bad(r.Values, "coredns's %s: operator %s takes one value", where, r.Operator)
			fine = false
		}
	}
	return r, fine
}

// first is the first of values, "" for none.
func first(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}

// matchesTerm reports whether a node group's nodes may match a required
// node affinity's term: each expression holds of a label the group's
// nodes have or lack ([NodeGroup.nodeLabel]), or is of a label not known
// here.
func (ng NodeGroup) matchesTerm(term NodeSelectorTerm) bool {
	if len(term.MatchExpressions) == 0 && !term.HasMatchFields {
		return false
	}
	for _, r := range term.MatchExpressions {
		if _, err := strconv.ParseInt(first(r.Values), 10, 64); (r.Operator == "Gt" || r.Operator == "Lt") && err != nil {
			return false // the scheduler's selector takes no node with it
		}
		v, present, known := ng.nodeLabel(r.Key)
		if !known {
			continue
		}
		var holds bool
		switch r.Operator {
		case "In":
			holds = present && slices.Contains(r.Values, v)
		case "NotIn":
			holds = !present || !slices.Contains(r.Values, v)
		case "Exists":
			holds = present
		case "DoesNotExist":
			holds = !present
		case "Gt", "Lt":
			n, err := strconv.ParseInt(v, 10, 64)
			limit, _ := strconv.ParseInt(first(r.Values), 10, 64)
			holds = present && err == nil && (r.Operator == "Gt" && n > limit || r.Operator == "Lt" && n < limit)
		}
		if !holds {
			return false
		}
	}
	return true
}
