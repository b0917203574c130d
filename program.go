package main

import (
	"encoding/json"
	"os"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/cluster"
	"github.com/ekskit/ekskit/rules"
	"github.com/ekskit/ekskit/stackconfig"
)

// logicalName names the roles and control-plane components (and, through
// them, their children) in every stack. It never changes with the config:
// renaming the cluster is then a replacement that `pulumi preview` and
// `plan --diff` show as such, not a delete and a create of unrelated
// resources. Physical names come from the config (cluster.name).
const logicalName = "eks"

// now is the day the guardrails check against (support windows end).
var now = time.Now

// program loads and validates the stack config, builds the cluster (roles,
// control plane, node groups) and exports the outputs.
func program(ctx *pulumi.Context) error {
	flat := flatConfig(ctx)
	cfg, err := stackconfig.Parse(flat)
	if err != nil {
		return err
	}
	findings, err := rules.Enforce(rules.Input{Stack: cfg.Stack(), Policy: cfg.Policy, Today: now(), Region: flat[stackconfig.KeyRegion]})
	if err != nil {
		return err
	}
	for _, f := range findings {
		if err := ctx.Log.Warn(f.String(), nil); err != nil {
			return err
		}
	}
	c, err := cluster.Build(ctx, logicalName, cfg.Stack())
	if err != nil {
		return err
	}
	cp, r := c.ControlPlane, c.Roles
	names := pulumi.StringMap{}
	for name, ng := range c.NodeGroups {
		names[name] = ng.Name
	}
	ctx.Export("clusterName", cp.ClusterName)
	ctx.Export("clusterArn", cp.ARN)
	ctx.Export("endpoint", cp.Endpoint)
	ctx.Export("certificateAuthorityData", cp.CertificateAuthorityData)
	ctx.Export("oidcIssuer", cp.OIDCIssuer)
	ctx.Export("oidcProviderArn", cp.OIDCProviderARN)
	ctx.Export("clusterSecurityGroupId", cp.ClusterSecurityGroupID)
	ctx.Export("kubeconfig", cp.Kubeconfig)
	ctx.Export("clusterRoleArn", r.ClusterRoleARN)
	ctx.Export("nodeRoleArn", r.NodeRoleARN)
	ctx.Export("nodeGroups", names)
	addonRoles := pulumi.StringMap{}
	for name, role := range cp.AddonRoles {
		addonRoles[name] = role.Arn
	}
	ctx.Export("addonRoleArns", addonRoles)
	podIdentityRoles := pulumi.StringMap{}
	for name, role := range cp.PodIdentityRoles {
		podIdentityRoles[name] = role.Arn
	}
	ctx.Export("podIdentityRoleArns", podIdentityRoles)
	return nil
}

// flatConfig returns the ekskit keys of the stack config, aws:region and
// aws:defaultTags.
// Under the Pulumi engine every key is in PULUMI_CONFIG, so unknown
// ekskit: keys are found too; otherwise the keys the stack config reads
// (stackconfig.Keys) are read one by one.
func flatConfig(ctx *pulumi.Context) map[string]string {
	flat := map[string]string{}
	if env := os.Getenv("PULUMI_CONFIG"); env != "" {
		var all map[string]string
		if json.Unmarshal([]byte(env), &all) == nil {
			for k, v := range all {
				if strings.HasPrefix(k, stackconfig.Namespace+":") {
					flat[k] = v
				}
			}
		}
	}
	for _, k := range stackconfig.Keys() {
		if v, ok := ctx.GetConfig(k); ok {
			flat[k] = v
		}
	}
	return flat
}
