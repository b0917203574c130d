package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// keyInputs are the inputs shown per resource type in the tree.
var keyInputs = map[string][]string{
	"aws:iam/role:Role": {"name", "namePrefix", "path"},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {"policyArn"},
	"eks:index:Cluster":                {"name", "version", "endpointPublicAccess", "endpointPrivateAccess", "publicAccessCidrs", "enabledClusterLogTypes", "subnetIds"},
	"aws:eks/nodeGroup:NodeGroup":      {"amiType", "capacityType", "instanceTypes", "diskSize", "scalingConfig", "updateConfig", "labels", "taints"},
	"aws:eks/addon:Addon":              {"addonName", "addonVersion"},
	"aws:kms/key:Key":                  {"enableKeyRotation"},
	"aws:cloudwatch/logGroup:LogGroup": {"name", "retentionInDays"},
	// pulumi-eks's children
	"aws:eks/cluster:Cluster":                                 {"upgradePolicy", "accessConfig", "encryptionConfig", "kubernetesNetworkConfig"},
	"aws:eks/accessEntry:AccessEntry":                         {"principalArn", "type"},
	"aws:eks/accessPolicyAssociation:AccessPolicyAssociation": {"policyArn"},
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider":     {"thumbprintLists"},
	"aws:ec2/securityGroupRule:SecurityGroupRule":             {"type", "protocol", "fromPort", "toPort", "cidrBlocks"},
}

// WriteTree prints the graph as `pulumi preview` does: a tree of resources
// to create (and of existing ones read, marked >, with their ids) with
// their key inputs, the offline answers used, the stack outputs and a
// summary line, which counts no read.
func WriteTree(w io.Writer, g *Graph) {
	doc := g.Document() // plain values, resources and invokes in order
	fmt.Fprintf(w, "Previewing update (%s), offline: nothing is sent to AWS.\n\n", g.Stack)
	children := map[string][]DocumentResource{}
	for _, r := range doc.Resources {
		children[r.Parent] = append(children[r.Parent], r)
	}
	type row struct{ symbol, typ, name, plan string }
	var rows []row
	var details []string // detail lines, indexed with rows: details[i] printed after rows[i]
	root := string(resource.DefaultRootStackURN(tokens.QName(g.Stack), tokens.PackageName(g.Project)))
	rows, details = append(rows, row{"+ ", "pulumi:pulumi:Stack", g.Project + "-" + g.Stack, "create"}), append(details, "")
	reads := 0
	var walk func(parent, indent string)
	walk = func(parent, indent string) {
		kids := children[parent]
		for i, r := range kids {
			branch, next := "├─ ", "│  "
			if i == len(kids)-1 {
				branch, next = "└─ ", "   "
			}
			var opts []string
			if r.Options.Protect {
				opts = append(opts, "protected")
			}
			if r.Options.RetainOnDelete {
				opts = append(opts, "retained on delete")
			}
			if len(r.Options.IgnoreChanges) > 0 {
				opts = append(opts, "ignores "+strings.Join(r.Options.IgnoreChanges, ","))
			}
			symbol, planText := "+ ", "create"
			var d strings.Builder
			if r.Read {
				symbol, planText = "> ", "read"
				reads++
				fmt.Fprintf(&d, "     %s%s    id: %s\n", indent, next, jsonText(r.ID))
			}
			if len(opts) > 0 {
				planText += " [" + strings.Join(opts, "; ") + "]"
			}
			for _, k := range keyInputs[r.Type] {
				if v, ok := r.Inputs[k]; ok {
					b, _ := json.Marshal(v)
					fmt.Fprintf(&d, "     %s%s    %s: %s\n", indent, next, k, b)
				}
			}
			rows, details = append(rows, row{symbol, indent + branch + r.Type, r.Name, planText}), append(details, d.String())
			walk(r.URN, indent+next)
		}
	}
	walk(root, "")
	wType, wName := len("Type"), len("Name")
	for _, r := range rows {
		wType, wName = max(wType, utf8.RuneCountInString(r.typ)), max(wName, len(r.name))
	}
	pad := func(s string, w int) string { return s + strings.Repeat(" ", w-utf8.RuneCountInString(s)) }
	fmt.Fprintf(w, "     %s  %s  Plan\n", pad("Type", wType), pad("Name", wName))
	for i, r := range rows {
		fmt.Fprintf(w, " %s  %s  %s  %s\n", r.symbol, pad(r.typ, wType), pad(r.name, wName), r.plan)
		fmt.Fprint(w, details[i])
	}

	if len(doc.Invokes) > 0 {
		fmt.Fprintln(w, "\nOffline answers (looked up from AWS at deploy time):")
		for _, inv := range doc.Invokes {
			fmt.Fprintf(w, "    %s: %s\n", inv.Token, inv.Note)
		}
	}
	fmt.Fprintln(w, "\nOutputs:")
	for _, k := range slices.Sorted(maps.Keys(doc.Outputs)) {
		b, _ := json.Marshal(doc.Outputs[k])
		fmt.Fprintf(w, "    %s: %s\n", k, b)
	}
	fmt.Fprintf(w, "\nResources:\n    + %d to create\n", len(doc.Resources)-reads+1)
	fmt.Fprintf(w, "\nProvisioning, by typical creation times (critical path):\n    %s\n", doc.CriticalPath())
	for _, wait := range doc.EndpointWaits() {
		fmt.Fprintf(w, "    %s\n", wait)
	}
}
