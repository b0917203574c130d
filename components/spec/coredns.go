package spec

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
)

// Toleration is a Kubernetes pod toleration (k8s.io/api core/v1
// Toleration), as coredns's configurationValues give it: Effect in
// Kubernetes's spelling (NoSchedule), not EKS's.
type Toleration struct {
	Key      string `json:"key"`
	Operator string `json:"operator"`
	Value    string `json:"value"`
	Effect   string `json:"effect"`
	// TolerationSeconds, with effect NoExecute, is how long the pod stays
	// on a node with a matching taint before it is evicted; nil: for ever.
	TolerationSeconds *int64 `json:"tolerationSeconds"`
}

// Kubernetes's toleration operators and taint effects (core/v1).
const (
	tolerationEqual  = "Equal"
	tolerationExists = "Exists"
	noSchedule       = "NoSchedule"
	preferNoSchedule = "PreferNoSchedule"
	noExecute        = "NoExecute"
)

// kubernetesEffect is a taint effect of EKS's API (NO_SCHEDULE) in
// Kubernetes's spelling (NoSchedule), which EKS puts on the nodes.
var kubernetesEffect = map[string]string{
	string(ekstypes.TaintEffectNoSchedule):       noSchedule,
	string(ekstypes.TaintEffectNoExecute):        noExecute,
	string(ekstypes.TaintEffectPreferNoSchedule): preferNoSchedule,
}

// ToleratesTaint reports whether t tolerates a node group's taint, as
// Kubernetes's Toleration.ToleratesTaint (k8s.io/api core/v1,
// toleration.go) matches them: an empty effect matches every effect,
// else the effects are equal; an empty key matches every key (its
// operator is then Exists), else the keys are equal; operator Exists
// matches every value, Equal (or none) an equal value. Other operators
// match nothing: Lt and Gt are Kubernetes 1.35's alpha
// TaintTolerationComparisonOperators, which the validation of coredns's
// configurationValues refuses.
func (t Toleration) ToleratesTaint(taint Taint) bool {
	if t.Effect != "" && t.Effect != kubernetesEffect[taint.Effect] {
		return false
	}
	if t.Key != "" && t.Key != taint.Key {
		return false
	}
	switch t.Operator {
	case "", tolerationEqual:
		return t.Value == taint.Value
	case tolerationExists:
		return true
	}
	return false
}

// CoreDNSDefaultTolerations are the tolerations of the EKS coredns
// add-on's pods when its configurationValues give none: the default of
// its configuration schema (aws eks describe-addon-configuration
// --addon-name coredns: definitions.Coredns.properties.tolerations.default;
// containers-roadmap#2167 shows the deployment carries them).
var CoreDNSDefaultTolerations = []Toleration{
	{Key: "CriticalAddonsOnly", Operator: tolerationExists},
	{Key: "node-role.kubernetes.io/control-plane", Effect: noSchedule},
}

// CoreDNSPlacement says which nodes the coredns add-on's pods may be
// scheduled on, from its configurationValues ([Cluster.CoreDNSPlacement]).
type CoreDNSPlacement struct {
	// Tolerations of the pods: configurationValues' tolerations, which
	// replace [CoreDNSDefaultTolerations] (a schema default applies only
	// when the key is left out), else those.
	Tolerations []Toleration
	// NodeSelector is configurationValues' nodeSelector: labels a node
	// must have, with these values. Empty: none.
	NodeSelector map[string]string
	// NodeAffinity is configurationValues'
	// affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
	// .nodeSelectorTerms: a node must match one of them. nil: none given,
	// and EKS's default affinity, Linux nodes of amd64 or arm64, which
	// every group but a Windows one has.
	NodeAffinity []NodeSelectorTerm
}

// CoreDNSPlacement is where the coredns add-on's pods may run, as its
// configurationValues (a JSON object: [Addon.ConfigurationValues]) set
// their tolerations, nodeSelector and required node affinity; without
// them, EKS's defaults (its default affinity requires Linux nodes of amd64
// or arm64: [NodeGroup.AdmitsCoreDNS] reads Windows). Keys are read as
// Kubernetes reads them, case and all (a toleration's "Key" is no key).
//
// Values that validate ([Cluster.Validate], which the stack config,
// cluster.Build and the components run before they read the placement,
// and rules.Input asks of its settings) are read whole. Of values that do not, which EKS refuses, each setting
// is read on its own and what cannot be read is left out: a toleration
// with a field of another type tolerates nothing, a nodeSelector's label
// that is not a string selects nothing, tolerations that are not a list
// are EKS's defaults, and so is all of it for values that are not a JSON
// object. An affinity with a problem is not read at all.
func (c Cluster) CoreDNSPlacement() CoreDNSPlacement {
	p, _ := readCoreDNSPlacement(c.Addons["coredns"].ConfigurationValues)
	return p
}

// readCoreDNSPlacement is [Cluster.CoreDNSPlacement] of configurationValues
// values, and what of them it left out: nothing (a nil error) for values
// validateCoreDNSValues accepts.
func readCoreDNSPlacement(values string) (CoreDNSPlacement, error) {
	p := CoreDNSPlacement{Tolerations: CoreDNSDefaultTolerations}
	if values == "" {
		return p, nil
	}
	parsed, err := parseJSON(values)
	obj, ok := parsed.(map[string]any)
	if err != nil || !ok {
		return p, errors.New("configurationValues is not a JSON object")
	}
	var left []error
	if raw, ok := obj["tolerations"]; ok {
		if list, ok := raw.([]any); !ok {
			left = append(left, fmt.Errorf("tolerations: %s, not a list", jsonKind(raw)))
		} else {
			p.Tolerations = make([]Toleration, 0, len(list))
			for i, item := range list {
				t, err := readToleration(item)
				if err != nil {
					left = append(left, fmt.Errorf("tolerations[%d]: %w", i, err))
					continue
				}
				p.Tolerations = append(p.Tolerations, t)
			}
		}
	}
	if raw, ok := obj["nodeSelector"]; ok {
		if sel, ok := raw.(map[string]any); !ok {
			left = append(left, fmt.Errorf("nodeSelector: %s, not an object", jsonKind(raw)))
		} else {
			var bad []string
			p.NodeSelector, bad = selectorLabels(sel)
			for _, k := range bad {
				left = append(left, fmt.Errorf("nodeSelector[%q]: %s, not a string", k, jsonKind(sel[k])))
			}
		}
	}
	terms, problems := readNodeAffinity(obj)
	p.NodeAffinity = terms
	for _, a := range problems {
		left = append(left, errors.New(a.msg))
	}
	return p, errors.Join(left...)
}

// selectorLabels are the labels of a nodeSelector of coredns's
// configurationValues (sel, as parseJSON decodes it) whose values are
// strings, and the keys, sorted, of those whose values are not. Both
// readCoreDNSPlacement and validateCoreDNSValues read it so.
func selectorLabels(sel map[string]any) (labels map[string]string, bad []string) {
	labels = make(map[string]string, len(sel))
	for _, k := range slices.Sorted(maps.Keys(sel)) {
		if v, ok := sel[k].(string); ok {
			labels[k] = v
		} else {
			bad = append(bad, k)
		}
	}
	return labels, bad
}

// tolerationStrings is a toleration of coredns's configurationValues (obj,
// as parseJSON decodes it) with those of its string fields, key, operator,
// value and effect, that are strings, and the keys of those of another
// type, in that order. Both readToleration and validateCoreDNSValues
// read it so.
func tolerationStrings(obj map[string]any) (t Toleration, bad []string) {
	for _, f := range []struct {
		key string
		to  *string
	}{{"key", &t.Key}, {"operator", &t.Operator}, {"value", &t.Value}, {"effect", &t.Effect}} {
		switch v := obj[f.key].(type) {
		case nil:
		case string:
			*f.to = v
		default:
			bad = append(bad, f.key)
		}
	}
	return t, bad
}

// readToleration is a toleration of coredns's configurationValues (item,
// as parseJSON decodes it), or an error naming its first field not of the
// type of Kubernetes's Toleration's.
func readToleration(item any) (Toleration, error) {
	obj, ok := item.(map[string]any)
	if !ok {
		return Toleration{}, fmt.Errorf("%s, not an object", jsonKind(item))
	}
	t, bad := tolerationStrings(obj)
	if len(bad) > 0 {
		return Toleration{}, fmt.Errorf("%s: %s, not a string", bad[0], jsonKind(obj[bad[0]]))
	}
	if s := obj["tolerationSeconds"]; s != nil {
		n, ok := jsonInt64(s)
		if !ok {
			return Toleration{}, fmt.Errorf("tolerationSeconds: %v, not an integer of int64", s)
		}
		t.TolerationSeconds = &n
	}
	return t, nil
}

// jsonInt64 is the value of a JSON number (as parseJSON decodes it) that
// Kubernetes's decoding reads into an int64 field: an integer written as
// one, in int64's range. 1.5, 1e3 and 1.0 are not (strconv.ParseInt, as
// its json decoding calls, refuses them): the API server answers "cannot
// unmarshal number 1.5 into Go struct field ... of type int64".
func jsonInt64(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	return i, err == nil
}

// validateCoreDNSValues reports, at the configurationValues key path, the
// tolerations and nodeSelector of coredns's configurationValues (parsed,
// a JSON object) that EKS refuses: not of its configuration schema's
// types (tolerations a list of objects, nodeSelector an object of
// strings), or tolerations Kubernetes's API validation refuses
// (ValidateTolerations: an operator Exists or Equal, an empty key only
// with Exists, no value with Exists, an effect NoSchedule,
// PreferNoSchedule or NoExecute, tolerationSeconds only with NoExecute),
// or its decoding does (tolerationSeconds an int64: [jsonInt64]). EKS
// answers them "The configuration values provided are invalid". What this
// accepts, [Cluster.CoreDNSPlacement] reads whole.
func validateCoreDNSValues(p *Problems, at Path, parsed map[string]any) {
	_, problems := readNodeAffinity(parsed)
	for _, a := range problems {
		p.Add(at, a.value, "%s", a.msg)
	}
	if raw, ok := parsed["nodeSelector"]; ok {
		sel, ok := raw.(map[string]any)
		if !ok {
			p.Add(at, raw, "coredns's nodeSelector must be an object of label keys and values, not %s", jsonKind(raw))
		}
		_, bad := selectorLabels(sel)
		for _, k := range bad {
			p.Add(at, sel[k], "coredns's nodeSelector[%q] must be a string, not %s", k, jsonKind(sel[k]))
		}
	}
	raw, ok := parsed["tolerations"]
	if !ok {
		return
	}
	list, ok := raw.([]any)
	if !ok {
		p.Add(at, raw, "coredns's tolerations must be a list, not %s", jsonKind(raw))
		return
	}
	for i, item := range list {
		where := fmt.Sprintf("coredns's tolerations[%d]", i)
		obj, ok := item.(map[string]any)
		if !ok {
			p.Add(at, item, "%s must be an object ({key, operator, value, effect}), not %s", where, jsonKind(item))
			continue
		}
		t, bad := tolerationStrings(obj)
		for _, k := range bad {
			p.Add(at, obj[k], "%s.%s must be a string, not %s", where, k, jsonKind(obj[k]))
		}
		switch op := t.Operator; {
		case op != "" && op != tolerationEqual && op != tolerationExists:
			p.Add(at, op, "%s.operator must be Exists or Equal (Lt and Gt are an alpha feature of Kubernetes 1.35, off in EKS)", where)
		case t.Key == "" && op != tolerationExists:
			p.Add(at, op, "%s: a toleration with no key must have operator Exists (it then tolerates every taint)", where)
		case op == tolerationExists && t.Value != "":
			p.Add(at, t.Value, "%s: a toleration with operator Exists takes no value", where)
		}
		if e := t.Effect; e != "" && e != noSchedule && e != preferNoSchedule && e != noExecute {
			p.Add(at, e, "%s.effect must be NoSchedule, PreferNoSchedule or NoExecute (Kubernetes's spelling), or left out for all", where)
		}
		if s, ok := obj["tolerationSeconds"]; ok && s != nil {
			if _, num := s.(json.Number); !num {
				p.Add(at, s, "%s.tolerationSeconds must be a whole number of seconds, not %s", where, jsonKind(s))
			} else if _, ok := jsonInt64(s); !ok {
				p.Add(at, s, "%s.tolerationSeconds must be a whole number of seconds written as one (300, not 300.0 or 3e2), "+
					"from %d to %d: Kubernetes reads it into an int64 and refuses another number", where, int64(math.MinInt64), int64(math.MaxInt64))
			} else if t.Effect != noExecute {
				p.Add(at, s, "%s: tolerationSeconds needs effect NoExecute", where)
			}
		}
	}
}

// nodeLabel is the value of the label key on a node group's nodes (its
// defaults applied or not), whether they have it, and whether that is
// known here: the group's labels, and
// kubernetes.io/os, kubernetes.io/arch (kubelet's) and
// eks.amazonaws.com/capacityType (EKS's). Any other key with a prefix
// (prefix/name) is not known: Kubernetes asks automated components that
// label nodes to use one (kubelet, the cloud provider, EKS, controllers).
// An unprefixed key the group does not give is on none of its nodes, but
// for a group with a launch template, whose user data may pass kubelet
// labels of its own.
func (ng NodeGroup) nodeLabel(key string) (value string, present, known bool) {
	if v, ok := ng.Labels[key]; ok {
		return v, true, true
	}
	switch key {
	case "kubernetes.io/os":
		if ng.Windows() {
			return "windows", true, true
		}
		return "linux", true, true
	case "kubernetes.io/arch":
		arch := amiArch(ng.AMIType)
		if arch == "" && len(ng.InstanceTypes) > 0 { // CUSTOM: the types' one architecture
			arch = Arch(ng.InstanceTypes[0])
		}
		switch arch {
		case "x86_64":
			return "amd64", true, true
		case "arm64":
			return "arm64", true, true
		}
		return "", false, false
	case "eks.amazonaws.com/capacityType":
		// unset: EKS's default, as on a group WithDefaults has not filled
		return cmp.Or(ng.CapacityType, DefaultCapacityType), true, true
	}
	if strings.Contains(key, "/") || ng.LaunchTemplate != nil {
		return "", false, false
	}
	return "", false, true
}
