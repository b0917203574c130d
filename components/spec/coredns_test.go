package spec

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestToleratesTaint holds Toleration.ToleratesTaint to Kubernetes's
// (k8s.io/api core/v1, toleration.go, Toleration.ToleratesTaint) on
// taints in EKS's spelling: an empty effect matches every effect; an empty
// key with Exists every key and value; Exists any value of its key; Equal,
// or no operator, an equal value only (an empty one included); any other
// operator nothing.
func TestToleratesTaint(t *testing.T) {
	dedicated := Taint{Key: "dedicated", Value: "x", Effect: "NO_SCHEDULE"}
	noValue := Taint{Key: "dedicated", Effect: "NO_EXECUTE"}
	for _, tc := range []struct {
		tol   Toleration
		taint Taint
		want  bool
	}{
		{Toleration{Operator: "Exists"}, dedicated, true},
		{Toleration{Operator: "Exists"}, noValue, true},
		{Toleration{Operator: "Exists", Effect: "NoSchedule"}, dedicated, true},
		{Toleration{Operator: "Exists", Effect: "NoExecute"}, dedicated, false},
		{Toleration{Operator: "Exists", Effect: "NoExecute"}, noValue, true},
		{Toleration{Key: "dedicated", Operator: "Exists"}, dedicated, true},
		{Toleration{Key: "other", Operator: "Exists"}, dedicated, false},
		{Toleration{Key: "dedicated", Operator: "Equal", Value: "x"}, dedicated, true},
		{Toleration{Key: "dedicated", Operator: "Equal", Value: "y"}, dedicated, false},
		{Toleration{Key: "dedicated", Value: "x"}, dedicated, true}, // no operator: Equal
		{Toleration{Key: "dedicated"}, dedicated, false},            // Equal to the empty value
		{Toleration{Key: "dedicated"}, noValue, true},
		{Toleration{Key: "dedicated", Value: "x", Effect: "NoSchedule"}, dedicated, true},
		{Toleration{Key: "dedicated", Value: "x", Effect: "PreferNoSchedule"}, dedicated, false},
		{Toleration{Key: "dedicated", Operator: "Exists", Effect: "PreferNoSchedule"}, Taint{Key: "dedicated", Effect: "PREFER_NO_SCHEDULE"}, true},
		{Toleration{Key: "dedicated", Operator: "Gt", Value: "1"}, Taint{Key: "dedicated", Value: "2", Effect: "NO_SCHEDULE"}, false},
		{Toleration{Key: "dedicated", Operator: "exists"}, dedicated, false}, // operators are case-sensitive
		// EKS's defaults
		{CoreDNSDefaultTolerations[0], Taint{Key: "CriticalAddonsOnly", Value: "true", Effect: "NO_EXECUTE"}, true},
		{CoreDNSDefaultTolerations[1], Taint{Key: "node-role.kubernetes.io/control-plane", Effect: "NO_SCHEDULE"}, true},
		{CoreDNSDefaultTolerations[1], Taint{Key: "node-role.kubernetes.io/control-plane", Effect: "NO_EXECUTE"}, false},
	} {
		if got := tc.tol.ToleratesTaint(tc.taint); got != tc.want {
			t.Errorf("%+v tolerates %+v: %v, want %v", tc.tol, tc.taint, got, tc.want)
		}
	}
}

// TestAdmitsCoreDNS: a group's nodes take coredns when coredns tolerates
// each of their NoSchedule and NoExecute taints (EKS's defaults, or
// configurationValues' tolerations, which replace them), a NoExecute one
// for ever, and have the labels of its nodeSelector as far as ekskit
// knows them.
func TestAdmitsCoreDNS(t *testing.T) {
	taint := func(key, value, effect string) []Taint { return []Taint{{Key: key, Value: value, Effect: effect}} }
	for _, tc := range []struct {
		name   string
		values string // coredns's configurationValues
		group  NodeGroup
		want   bool
	}{
		{"untainted, defaults", "", NodeGroup{}, true},
		{"Windows", `{"tolerations":[{"operator":"Exists"}]}`, NodeGroup{AMIType: "WINDOWS_CORE_2022_x86_64"}, false},
		{"tainted, defaults", "", NodeGroup{Taints: taint("dedicated", "x", "NO_SCHEDULE")}, false},
		{"PreferNoSchedule keeps no pod off", "", NodeGroup{Taints: taint("dedicated", "x", "PREFER_NO_SCHEDULE")}, true},
		{"CriticalAddonsOnly, defaults", "", NodeGroup{Taints: taint("CriticalAddonsOnly", "true", "NO_EXECUTE")}, true},
		{"tolerates every taint", `{"tolerations":[{"operator":"Exists"}]}`, NodeGroup{Taints: taint("dedicated", "x", "NO_SCHEDULE")}, true},
		{"tolerates the key", `{"tolerations":[{"key":"dedicated","operator":"Exists","effect":"NoSchedule"}]}`,
			NodeGroup{Taints: taint("dedicated", "x", "NO_SCHEDULE")}, true},
		{"tolerates another value", `{"tolerations":[{"key":"dedicated","value":"y"}]}`, NodeGroup{Taints: taint("dedicated", "x", "NO_SCHEDULE")}, false},
		{"one of two taints", `{"tolerations":[{"key":"dedicated","operator":"Exists"}]}`,
			NodeGroup{Taints: []Taint{{Key: "dedicated", Effect: "NO_SCHEDULE"}, {Key: "gpu", Effect: "NO_SCHEDULE"}}}, false},
		{"tolerations replace the defaults", `{"tolerations":[{"key":"dedicated","operator":"Exists"}]}`,
			NodeGroup{Taints: taint("CriticalAddonsOnly", "true", "NO_SCHEDULE")}, false},
		{"no tolerations at all", `{"tolerations":[]}`, NodeGroup{Taints: taint("CriticalAddonsOnly", "true", "NO_SCHEDULE")}, false},
		{"NoExecute for a while only", `{"tolerations":[{"operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]}`,
			NodeGroup{Taints: taint("dedicated", "x", "NO_EXECUTE")}, false},
		{"NoExecute for ever", `{"tolerations":[{"operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"dedicated","operator":"Exists"}]}`,
			NodeGroup{Taints: taint("dedicated", "x", "NO_EXECUTE")}, true},
		{"NoExecute for a while, the longest int64", `{"tolerations":[{"operator":"Exists","effect":"NoExecute","tolerationSeconds":9223372036854775807}]}`,
			NodeGroup{Taints: taint("dedicated", "x", "NO_EXECUTE")}, false},
		{"keys are case-sensitive", `{"tolerations":[{"Key":"other","operator":"Exists"}]}`, NodeGroup{Taints: taint("dedicated", "x", "NO_SCHEDULE")}, true},
		{"other keys: tolerations only", `{"replicaCount":3,"tolerations":[{"operator":"Exists"}]}`, NodeGroup{Taints: taint("a", "", "NO_SCHEDULE")}, true},
		// nodeSelector
		{"selector on a group label", `{"nodeSelector":{"role":"system"}}`, NodeGroup{Labels: map[string]string{"role": "system"}}, true},
		{"selector, another value", `{"nodeSelector":{"role":"system"}}`, NodeGroup{Labels: map[string]string{"role": "batch"}}, false},
		{"selector, label missing", `{"nodeSelector":{"role":"system"}}`, NodeGroup{}, false},
		{"selector, label maybe from the launch template", `{"nodeSelector":{"role":"system"}}`,
			NodeGroup{LaunchTemplate: &LaunchTemplate{ID: "lt-0123456789abcdef0", Version: "1"}}, true},
		{"selector, a prefixed label ekskit cannot know", `{"nodeSelector":{"topology.k8s.aws/zone-id":"use1-az1"}}`, NodeGroup{}, true},
		{"selector on the architecture", `{"nodeSelector":{"kubernetes.io/arch":"arm64"}}`, NodeGroup{AMIType: "AL2023_ARM_64_STANDARD"}, true},
		{"selector on another architecture", `{"nodeSelector":{"kubernetes.io/arch":"arm64"}}`, NodeGroup{AMIType: "AL2023_x86_64_STANDARD"}, false},
		{"selector on the capacity type", `{"nodeSelector":{"eks.amazonaws.com/capacityType":"ON_DEMAND"}}`, NodeGroup{CapacityType: "SPOT"}, false},
		{"selector on the default capacity type", `{"nodeSelector":{"eks.amazonaws.com/capacityType":"ON_DEMAND"}}`, NodeGroup{}, true},
		{"selector on spot, capacity type unset", `{"nodeSelector":{"eks.amazonaws.com/capacityType":"SPOT"}}`, NodeGroup{}, false},
		{"selector on the OS", `{"nodeSelector":{"kubernetes.io/os":"linux"}}`, NodeGroup{}, true},
		// required node affinity: one term of all its expressions
		{"affinity In, a group label", affinity(`{"key":"role","operator":"In","values":["system","infra"]}`),
			NodeGroup{Labels: map[string]string{"role": "infra"}}, true},
		{"affinity In, another value", affinity(`{"key":"role","operator":"In","values":["system"]}`),
			NodeGroup{Labels: map[string]string{"role": "batch"}}, false},
		{"affinity NotIn, label missing", affinity(`{"key":"role","operator":"NotIn","values":["batch"]}`), NodeGroup{}, true},
		{"affinity NotIn spot", affinity(`{"key":"eks.amazonaws.com/capacityType","operator":"NotIn","values":["SPOT"]}`),
			NodeGroup{CapacityType: "SPOT"}, false},
		{"affinity Exists", affinity(`{"key":"role","operator":"Exists"}`), NodeGroup{}, false},
		{"affinity DoesNotExist", affinity(`{"key":"role","operator":"DoesNotExist"}`), NodeGroup{Labels: map[string]string{"role": "x"}}, false},
		{"affinity Gt", affinity(`{"key":"tier","operator":"Gt","values":["2"]}`), NodeGroup{Labels: map[string]string{"tier": "3"}}, true},
		{"affinity Lt, not a number", affinity(`{"key":"tier","operator":"Lt","values":["2"]}`), NodeGroup{Labels: map[string]string{"tier": "one"}}, false},
		{"affinity, all of a term", affinity(`{"key":"role","operator":"Exists"},{"key":"kubernetes.io/arch","operator":"In","values":["arm64"]}`),
			NodeGroup{Labels: map[string]string{"role": "x"}, AMIType: "AL2023_x86_64_STANDARD"}, false},
		{"affinity, one of the terms", `{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[` +
			`{"matchExpressions":[{"key":"role","operator":"Exists"}]},{"matchExpressions":[{"key":"kubernetes.io/os","operator":"In","values":["linux"]}]}]}}}}`,
			NodeGroup{}, true},
		{"affinity on a label ekskit cannot know", affinity(`{"key":"eks.amazonaws.com/nodegroup","operator":"In","values":["system"]}`), NodeGroup{}, true},
		{"affinity by node name only", `{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[` +
			`{"matchFields":[{"key":"metadata.name","operator":"In","values":["ip-10-0-0-1"]}]}]}}}}`, NodeGroup{}, true},
		{"affinity, an empty term matches no node", `{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{}]}}}}`,
			NodeGroup{}, false},
		{"preferred affinity only", `{"affinity":{"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,` +
			`"preference":{"matchExpressions":[{"key":"role","operator":"In","values":["system"]}]}}]}}}`,
			NodeGroup{Labels: map[string]string{"role": "batch"}}, true},
		{"affinity Gt on a value not an integer", affinity(`{"key":"tier","operator":"Gt","values":["1.5"]}`),
			NodeGroup{Labels: map[string]string{"tier": "3"}}, false},
		{"affinity Gt, a label ekskit cannot know, a value not an integer", affinity(`{"key":"example.com/tier","operator":"Gt","values":["x"]}`),
			NodeGroup{}, false},
		{"affinity, a null term", `{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[null]}}}}`,
			NodeGroup{}, false},
	} {
		c := Cluster{Addons: map[string]Addon{"coredns": {ConfigurationValues: tc.values}}}
		if p := (Cluster{Name: "demo", Addons: c.Addons}).Validate("").Err(); p != nil {
			t.Fatalf("%s: %v", tc.name, p)
		}
		// the same with the group's defaults applied or not
		if got := tc.group.WithDefaults().AdmitsCoreDNS(c.CoreDNSPlacement()); got != tc.want {
			t.Errorf("%s: AdmitsCoreDNS %v, want %v", tc.name, got, tc.want)
		}
		if got := tc.group.AdmitsCoreDNS(c.CoreDNSPlacement()); got != tc.want {
			t.Errorf("%s, defaults not applied: AdmitsCoreDNS %v, want %v", tc.name, got, tc.want)
		}
	}
}

// affinity is coredns's configurationValues with a required node affinity
// of one term of the expressions given (JSON objects, comma-separated).
func affinity(expressions string) string {
	return `{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[` +
		expressions + `]}]}}}}`
}

// coreDNSValues are configurationValues of coredns, and a part of the
// problem Validate reports on them ("" for none).
var coreDNSValues = []struct{ values, want string }{
	{`{"tolerations":[{"operator":"Exists"}],"nodeSelector":{"role":"system"}}`, ""},
	{`{"tolerations":[{"key":"a","operator":"Equal","value":"b","effect":"NoExecute","tolerationSeconds":60}]}`, ""},
	{`{"tolerations":[{"key":"a","operator":"Exists","effect":"NoExecute","tolerationSeconds":-1}]}`, ""},
	{`{"tolerations":[{"key":"a","operator":"Exists","effect":"NoExecute","tolerationSeconds":9223372036854775807}]}`, ""},
	{`{"tolerations":[{"key":"a","operator":"Exists","effect":"NoExecute","tolerationSeconds":null}]}`, ""},
	{`{"tolerations":[{"Key":"a","operator":"Exists","TolerationSeconds":1.5}],"NodeSelector":["role"]}`, ""}, // not the keys read
	{`{"tolerations":{"operator":"Exists"}}`, "coredns's tolerations must be a list, not"},
	{`{"tolerations":null}`, "coredns's tolerations must be a list, not null"},
	{`{"tolerations":["CriticalAddonsOnly"]}`, "coredns's tolerations[0] must be an object"},
	{`{"tolerations":[{"key":1}]}`, "coredns's tolerations[0].key must be a string"},
	{`{"tolerations":[{"key":"a","operator":"Lt","value":"3"}]}`, "coredns's tolerations[0].operator must be Exists or Equal"},
	{`{"tolerations":[{"effect":"NoSchedule"}]}`, "a toleration with no key must have operator Exists"},
	{`{"tolerations":[{"key":"a","operator":"Exists","value":"b"}]}`, "operator Exists takes no value"},
	{`{"tolerations":[{"key":"a","operator":"Exists","effect":"NO_SCHEDULE"}]}`, "effect must be NoSchedule, PreferNoSchedule or NoExecute"},
	{`{"tolerations":[{"key":"a","operator":"Exists","tolerationSeconds":60}]}`, "tolerationSeconds needs effect NoExecute"},
	{`{"tolerations":[{"key":"a","operator":"Exists","effect":"NoExecute","tolerationSeconds":"60"}]}`,
		`: "60": coredns's tolerations[0].tolerationSeconds must be a whole number of seconds, not a string`},
	{`{"tolerations":[{"operator":"Exists"},{"key":"a","operator":"Exists","effect":"NoExecute","tolerationSeconds":1.5}]}`,
		": 1.5: coredns's tolerations[1].tolerationSeconds must be a whole number of seconds written as one"},
	{`{"tolerations":[{"key":"a","operator":"Exists","effect":"NoExecute","tolerationSeconds":3e2}]}`, ": 3e2: coredns's tolerations[0].tolerationSeconds must be"},
	{`{"tolerations":[{"key":"a","operator":"Exists","effect":"NoExecute","tolerationSeconds":300.0}]}`, ": 300.0: coredns's tolerations[0].tolerationSeconds must be"},
	{`{"tolerations":[{"key":"a","operator":"Exists","effect":"NoExecute","tolerationSeconds":9223372036854775808}]}`,
		"to 9223372036854775807: Kubernetes reads it into an int64"},
	{`{"nodeSelector":["role"]}`, "coredns's nodeSelector must be an object"},
	{affinity(`{"key":"role","operator":"In","values":["a",null]},{"key":"tier","operator":"Lt","values":["3"]}`), ""},
	{affinity(`{"key":"tier","operator":"Gt","values":["1.5"]}`), ""},                                                     // the term matches no node
	{`{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[null]}}}}`, ""}, // an empty term
	{affinity(`{"key":"tier","operator":"Lt","values":["-3"]}`), "matchExpressions[0].values[0] must be a label value"},
	{affinity(`{"key":"role","operator":"In","values":["has space"]}`), "matchExpressions[0].values[0] must be a label value"},
	{affinity(`{"key":"bad key!","operator":"Exists"}`), "matchExpressions[0].key must be a label key"},
	{`{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[` +
		`{"matchFields":[{"key":"metadata.labels","operator":"Exists"}]}]}}}}`, "matchFields[0] must select metadata.name with operator In or NotIn and one value"},
	{`{"affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[]}}}`, ""},
	{`{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":null}}}`, ""},
	{`{"affinity":[]}`, "coredns's affinity must be an object, not an array"},
	{`{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[]}}}}`,
		"nodeSelectorTerms must be a list of at least one term"},
	{affinity(`{"key":"role","operator":"in","values":["a"]}`), "matchExpressions[0].operator must be one of In, NotIn, Exists, DoesNotExist, Gt, Lt"},
	{affinity(`{"operator":"Exists"}`), "matchExpressions[0].key must be a label key"},
	{affinity(`{"key":"role","operator":"In"}`), "operator In needs values"},
	{affinity(`{"key":"role","operator":"Exists","values":["a"]}`), "operator Exists takes no values"},
	{affinity(`{"key":"tier","operator":"Gt","values":["1","2"]}`), "operator Gt takes one value"},
	{affinity(`{"key":"role","operator":"In","values":[1]}`), "matchExpressions[0].values[0] must be a string, not a number"},
	{affinity(`{"key":"role","operator":"In","values":"a"}`), "matchExpressions[0].values must be a list of strings"},
	{`{"nodeSelector":{"role":true}}`, `coredns's nodeSelector["role"] must be a string`},
}

// TestCoreDNSValues: coredns's tolerations and nodeSelector in
// configurationValues are checked as EKS's schema and Kubernetes's API
// check them; another add-on's keys are not read.
func TestCoreDNSValues(t *testing.T) {
	for _, tc := range coreDNSValues {
		err := Cluster{Name: "demo", Addons: map[string]Addon{"coredns": {ConfigurationValues: tc.values}}}.Validate("").Err()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.values, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), "addons.coredns.configurationValues") || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want %q", tc.values, err, tc.want)
		}
		// another add-on's own keys
		if err := (Cluster{Name: "demo", Addons: map[string]Addon{"aws-ebs-csi-driver": {ConfigurationValues: tc.values}}}).Validate("").Err(); err != nil {
			t.Errorf("aws-ebs-csi-driver %s: %v", tc.values, err)
		}
	}
}

// TestReadCoreDNSPlacement: configurationValues that do not validate are
// read setting by setting, toleration by toleration and label by label;
// what cannot be read is left out, and said, and the rest is kept.
func TestReadCoreDNSPlacement(t *testing.T) {
	exists := Toleration{Operator: "Exists"}
	for _, tc := range []struct {
		values    string
		want      CoreDNSPlacement
		wantError string // "": none
	}{
		{"", CoreDNSPlacement{Tolerations: CoreDNSDefaultTolerations}, ""},
		{`{}`, CoreDNSPlacement{Tolerations: CoreDNSDefaultTolerations}, ""},
		{`{"tolerations":[],"nodeSelector":{}}`, CoreDNSPlacement{Tolerations: []Toleration{}, NodeSelector: map[string]string{}}, ""},
		{`{"tolerations":[{"key":"a","operator":"Equal","value":"b","effect":"NoExecute","tolerationSeconds":9223372036854775807}]}`,
			CoreDNSPlacement{Tolerations: []Toleration{{Key: "a", Operator: "Equal", Value: "b", Effect: "NoExecute", TolerationSeconds: new(int64(9223372036854775807))}}}, ""},
		{`{"tolerations":[{"Key":"a","operator":"Exists","TolerationSeconds":1.5}],"Tolerations":[],"NodeSelector":{"role":"system"}}`,
			CoreDNSPlacement{Tolerations: []Toleration{exists}}, ""}, // Kubernetes's keys, case and all
		{`{"tolerations":[{"operator":"Exists"},{"key":"a","operator":"Exists","effect":"NoExecute","tolerationSeconds":1.5}]}`,
			CoreDNSPlacement{Tolerations: []Toleration{exists}}, "tolerations[1]: tolerationSeconds: 1.5, not an integer of int64"},
		{`{"tolerations":[{"key":1},{"operator":"Exists"},"a"],"nodeSelector":{"role":"system"}}`,
			CoreDNSPlacement{Tolerations: []Toleration{exists}, NodeSelector: map[string]string{"role": "system"}},
			"tolerations[0]: key: a number, not a string\ntolerations[2]: a string, not an object"},
		{`{"tolerations":{"operator":"Exists"},"nodeSelector":{"role":"system","zone":1}}`,
			CoreDNSPlacement{Tolerations: CoreDNSDefaultTolerations, NodeSelector: map[string]string{"role": "system"}},
			"tolerations: an object, not a list\nnodeSelector[\"zone\"]: a number, not a string"},
		{`{"tolerations":[{"operator":"Exists"}],"nodeSelector":["role"]}`, CoreDNSPlacement{Tolerations: []Toleration{exists}},
			"nodeSelector: an array, not an object"},
		{affinity(`{"key":"role","operator":"NotIn","values":["a","b"]}`), CoreDNSPlacement{Tolerations: CoreDNSDefaultTolerations,
			NodeAffinity: []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{{Key: "role", Operator: "NotIn", Values: []string{"a", "b"}}}}}}, ""},
		{affinity(`{"key":"role","operator":"NotIn","values":["a"]},{"key":"tier","operator":"Gt"}`), CoreDNSPlacement{Tolerations: CoreDNSDefaultTolerations},
			"coredns's affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1]: " +
				"operator Gt takes one value"}, // not read at all
		{`["tolerations"]`, CoreDNSPlacement{Tolerations: CoreDNSDefaultTolerations}, "configurationValues is not a JSON object"},
		{`{"tolerations":[]`, CoreDNSPlacement{Tolerations: CoreDNSDefaultTolerations}, "configurationValues is not a JSON object"},
	} {
		got, err := readCoreDNSPlacement(tc.values)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.values, got, tc.want)
		}
		if gotErr := fmt.Sprint(err); (err == nil) != (tc.wantError == "") || err != nil && gotErr != tc.wantError {
			t.Errorf("%s: error %v, want %q", tc.values, err, tc.wantError)
		}
	}
}

// FuzzCoreDNSPlacement: what Validate accepts of coredns's
// configurationValues, CoreDNSPlacement reads whole, so that EKS013 and
// the node groups' order read the placement EKS makes.
func FuzzCoreDNSPlacement(f *testing.F) {
	for _, tc := range coreDNSValues {
		f.Add(tc.values)
	}
	f.Fuzz(func(t *testing.T, values string) {
		c := Cluster{Name: "demo", Addons: map[string]Addon{"coredns": {ConfigurationValues: values}}}
		_, err := readCoreDNSPlacement(values)
		if c.Validate("").Err() == nil && err != nil {
			t.Errorf("%s validates, and is read leaving out %v", values, err)
		}
	})
}
