package deps

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func TestPresent(t *testing.T) {
	var typedNil *pulumi.CustomResourceState
	a, b := &pulumi.CustomResourceState{}, &pulumi.ResourceState{}
	got := Present([]pulumi.Resource{nil, a}, nil, []pulumi.Resource{typedNil, b})
	if len(got) != 2 || got[0] != a || got[1] != b {
		t.Errorf("Present = %v, want the two resources that exist, in order", got)
	}
	if got := Present(); got != nil {
		t.Errorf("Present() = %v, want nil", got)
	}
}
