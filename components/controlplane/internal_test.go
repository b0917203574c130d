package controlplane

import (
	"errors"
	"strings"
	"testing"

	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
)

func TestCheckPulumiVersion(t *testing.T) {
	tooOld := errors.New(`CLI version 3.112.0 does not satisfy the version range ">=3.113.0"`)
	noRPC := errors.New("The installed version of the CLI does not support the `RequirePulumiVersion` RPC. " +
		"Please upgrade the Pulumi CLI.")
	for _, tc := range []struct {
		name    string
		answer  error
		wantErr string
	}{
		{"new enough", nil, ""},
		{"predates the RPC", noRPC, ""},
		{"too old", tooOld, "need Pulumi CLI 3.113.0 or later"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked string
			err := checkPulumiVersion(func(r string) error { asked = r; return tc.answer })
			if asked != ">=3.113.0" {
				t.Errorf("asked for %q", asked)
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("error %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.Is(err, tc.answer)):
				t.Errorf("error %v, want one saying %q and wrapping the engine's", err, tc.wantErr)
			}
		})
	}
}

// TestOutputErrors: the callbacks of the control plane's outputs name the
// control plane in their errors, which reach the program after New.
func TestOutputErrors(t *testing.T) {
	c := &ControlPlane{name: "demo", partition: "aws"}
	issuer := "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"
	if got, err := c.oidcIssuer([]awseks.ClusterIdentity{{Oidcs: []awseks.ClusterIdentityOidc{{Issuer: &issuer}}}}); got != issuer || err != nil {
		t.Errorf("got %q, %v", got, err)
	}
	for _, ids := range [][]awseks.ClusterIdentity{nil, {{}}, {{Oidcs: []awseks.ClusterIdentityOidc{{}}}}} {
		if _, err := c.oidcIssuer(ids); err == nil || !strings.HasPrefix(err.Error(), "control plane demo: the EKS cluster reports no OIDC issuer") {
			t.Errorf("%v: error %v", ids, err)
		}
	}
	if _, err := c.eksCluster(nil); err == nil || !strings.HasPrefix(err.Error(), "control plane demo: pulumi-eks's") || !errors.Is(err, errNoEKSCluster) {
		t.Errorf("no aws cluster: %v", err)
	}
	if _, err := c.oidcProviderARN([]any{"", issuer}); err == nil || !strings.HasPrefix(err.Error(), "control plane demo: ") {
		t.Errorf("no cluster ARN: %v", err)
	}
	arn, err := c.oidcProviderARN([]any{"arn:aws:eks:eu-west-1:111122223333:cluster/demo", issuer})
	if want := "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"; arn != want || err != nil {
		t.Errorf("got %q, %v, want %q", arn, err, want)
	}
}
