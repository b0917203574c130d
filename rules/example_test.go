package rules_test

import (
	"fmt"
	"time"

	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/rules"
)

// ExampleCheck runs the guardrails on the settings a program gives
// cluster.Build (cluster.Settings is spec.Stack), which checks only what
// AWS would refuse: here a cluster whose only node group is tainted spot
// capacity that scales from zero, so coredns has nowhere to run when it
// is created.
func ExampleCheck() {
	s := spec.Stack{
		Cluster: spec.Cluster{Name: "demo", EndpointAccess: spec.EndpointPrivate,
			Logging:    []string{"api", "audit", "authenticator", "controllerManager", "scheduler"},
			Encryption: &spec.Encryption{Create: true}},
		NodeGroups: map[string]spec.NodeGroup{"batch": {
			CapacityType: "SPOT", InstanceTypes: []string{"c6i.xlarge", "c5.xlarge"},
			MinSize: new(0), MaxSize: new(10), DesiredSize: new(0),
			Taints: []spec.Taint{{Key: "dedicated", Value: "batch", Effect: "NO_SCHEDULE"}},
		}},
	}
	findings, err := rules.Check(rules.Input{Stack: s, Today: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Region: "eu-west-1"})
	if err != nil {
		panic(err)
	}
	for _, f := range findings {
		if f.Severity != rules.Info {
			fmt.Printf("%s %s %s: %s\n", f.Severity, f.Rule, f.Resource, f.Message)
		}
	}
	// Output:
	// warning EKS013 ekskit:cluster.addons.coredns: no node group runs nodes coredns can run on (Linux, without a taint it does not tolerate): coredns stays DEGRADED (a new one times out after 20 minutes)
}
