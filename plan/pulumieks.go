package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// This file is a model of what the pulumi-eks plugin registers when it
// constructs an eks:index:Cluster: the children a real `pulumi preview` or
// `pulumi up` creates and the Go mock engine never sees (it gets the remote
// component alone). Its source is pulumi-eks v2.8.1's own JavaScript, the
// `@pulumi/eks@2.8.1` npm package that the plugin runs: createCore and
// createCluster in cluster.js, createNodeGroupSecurityGroup in
// securitygroup.js, ServiceRole in servicerole.js and createAccessEntries in
// authenticationMode.js. Only the options ekskit uses are modelled; any other
// input is an error, so that a new option is modelled before it is planned.
//
// conformance/pulumi-eks runs that JavaScript on @pulumi/pulumi's mock
// engine for the committed cases and records what it registers; a test holds
// this model to those recordings.

// PulumiEKSVersion is the pulumi-eks version the model follows, and the
// versions of the packages its plugin bundles (its yarn.lock): the children
// it registers carry these versions.
const (
	PulumiEKSVersion        = "2.8.1"
	PulumiEKSAWSVersion     = "6.45.0"
	PulumiEKSKubernetesVers = "4.15.0"
)

// eksModelInputs are the eks:index:Cluster inputs the model follows.
var eksModelInputs = []string{
	"accessEntries", "authenticationMode", "createOidcProvider", "enabledClusterLogTypes",
	"encryptionConfigKeyArn", "endpointPrivateAccess", "endpointPublicAccess", "instanceRoles",
	"kubernetesServiceIpAddressRange", "name", "publicAccessCidrs", "serviceRole", "skipDefaultNodeGroup",
	"subnetIds", "tags", "useDefaultVpcCni", "version", "vpcId",
}

// eksCluster is one eks:index:Cluster as the model reads it.
type eksCluster struct {
	Resource
	// dnsSuffix is the DNS suffix of its aws provider's partition.
	dnsSuffix string
	// aws is what its aws provider applies to the children.
	aws awsSettings
	// awsProvider is the reference the aws children get from the
	// component's providers map ("" for the engine's default provider).
	awsProvider string
	// outputOf reads an output of a resource the program registered
	// (unknown when absent, as in a preview of its creation).
	outputOf func(urn, key string) resource.PropertyValue
}

// construct returns the children pulumi-eks registers for a remote
// eks:index:Cluster, with the transforms that apply to them run as the
// engine runs them.
func (m *monitor) construct(c Resource) ([]Resource, []Invoke, error) {
	if c.Options.Version != PulumiEKSVersion {
		return nil, nil, fmt.Errorf("eks:index:Cluster %s: pulumi-eks %s: the plan models pulumi-eks %s only",
			c.Name, c.Options.Version, PulumiEKSVersion)
	}
	var unmodelled []string
	for k := range c.Inputs {
		if !slices.Contains(eksModelInputs, string(k)) {
			unmodelled = append(unmodelled, string(k))
		}
	}
	if len(unmodelled) > 0 {
		slices.Sort(unmodelled)
		return nil, nil, fmt.Errorf("eks:index:Cluster %s: inputs %s are not in the plan's pulumi-eks model",
			c.Name, strings.Join(unmodelled, ", "))
	}
	for _, k := range []resource.PropertyKey{"vpcId", "instanceRoles"} {
		if _, ok := c.Inputs[k]; !ok {
			// without vpcId it looks up the default VPC; without
			// instanceRoles it creates its default instance role
			return nil, nil, fmt.Errorf("eks:index:Cluster %s: no %s: the plan's pulumi-eks model needs it", c.Name, k)
		}
	}
	awsRef := c.Options.Providers["aws"]
	aws := m.awsOf(awsRef)
	e := eksCluster{Resource: c, dnsSuffix: aws.cloud(m.cloud).dnsSuffix(),
		aws: aws, awsProvider: awsRef, outputOf: m.outputOf}

	// its look-ups: partition and region (aws:ec2/getVpc only without vpcId)
	var invokes []Invoke
	for _, token := range []string{"aws:index/getPartition:getPartition", "aws:index/getRegion:getRegion"} {
		ans, note, err := m.cloud.answer(token, resource.PropertyMap{}, e.aws)
		if err != nil {
			return nil, nil, err
		}
		invokes = append(invokes, Invoke{Token: token, Args: map[string]any{}, Answer: plainMap(ans),
			Note: note + " (by pulumi-eks)", Provider: awsRef, Version: PulumiEKSAWSVersion})
	}

	children := e.children()
	out := make([]Resource, 0, len(children))
	for _, r := range children {
		r.URN = m.urn(r.Parent, r.Type, r.Name)
		if _, err := m.register(&r, nil); err != nil {
			return nil, nil, err
		}
		r.Outputs = knownOnly(r.Inputs)
		m.mu.Lock()
		m.byURN[r.URN] = r
		m.mu.Unlock()
		out = append(out, r)
	}
	return out, invokes, nil
}

// outputOf is an output of a registered resource, unknown when the model
// has none (a preview does not know what a create will return).
func (m *monitor) outputOf(urn, key string) resource.PropertyValue {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.byURN[urn].Outputs[resource.PropertyKey(key)]; ok {
		return v
	}
	return unknown()
}

func unknown() resource.PropertyValue { return resource.MakeComputed(resource.NewProperty("")) }

// child starts a child registration: custom, with the version of its
// package that the plugin bundles.
func (e eksCluster) child(typ, name string, parent string, inputs resource.PropertyMap) Resource {
	// children inherit protect from their parent (@pulumi/pulumi resource.js)
	r := Resource{Type: typ, Name: name, Parent: parent, Custom: true, Inputs: inputs,
		Options: ResourceOptions{Protect: e.Options.Protect}}
	switch {
	case strings.HasPrefix(typ, "aws:"):
		r.Options.Version, r.Options.Provider = PulumiEKSAWSVersion, e.awsProvider
		e.aws.apply(&r)
	case typ == "pulumi:providers:kubernetes":
		r.Options.Version = PulumiEKSKubernetesVers
	}
	return r
}

func (e eksCluster) in(key string) resource.PropertyValue {
	return e.Inputs[resource.PropertyKey(key)]
}

// children lists what createCluster registers in ekskit's configuration,
// URNs not yet set (names, parents and dependencies by URN are).
func (e eksCluster) children() []Resource {
	n, self := e.Name, e.URN
	urn := childURN
	var out []Resource
	add := func(r Resource) string {
		out = append(out, r)
		return urn(r.Parent, r.Type, r.Name)
	}
	tags := e.in("tags")
	withTags := func(first map[string]string) resource.PropertyValue {
		m := resource.PropertyMap{}
		for k, v := range first {
			m[resource.PropertyKey(k)] = resource.NewProperty(v)
		}
		if tags.IsObject() {
			maps.Copy(m, tags.ObjectValue())
		}
		return resource.NewProperty(m)
	}

	// an input that came from other resources brings its dependencies to
	// the children that take it (server.js's deserializeInputs)
	from := func(input string) []string { return e.PropertyDependencies[input] }
	withDeps := func(r *Resource, input string, urns []string) {
		if len(urns) == 0 {
			return
		}
		if r.PropertyDependencies == nil {
			r.PropertyDependencies = map[string][]string{}
		}
		r.PropertyDependencies[input] = sortedUnique(append(r.PropertyDependencies[input], urns...))
		r.Dependencies = sortedUnique(append(r.Dependencies, urns...))
	}

	// createCore: the cluster security group and its egress rule
	clusterSGr := e.child(typeSecurityGroup, n+"-eksClusterSecurityGroup", self, resource.PropertyMap{
		"description":         resource.NewProperty("Managed by Pulumi"),
		"vpcId":               e.in("vpcId"),
		"revokeRulesOnDelete": resource.NewProperty(true),
		"tags":                withTags(map[string]string{"Name": n + "-eksClusterSecurityGroup"}),
	})
	withDeps(&clusterSGr, "vpcId", from("vpcId"))
	clusterSG := add(clusterSGr)
	egress := e.child(typeSecurityGroupRule, n+"-eksClusterInternetEgressRule", self, rule("egress", 0, 0, "-1", "Allow internet access."))
	egress.Inputs["cidrBlocks"] = strings1("0.0.0.0/0")
	egress.Inputs["securityGroupId"] = unknown()
	egress.PropertyDependencies = map[string][]string{"securityGroupId": {clusterSG}}
	egress.Dependencies = []string{clusterSG}
	add(egress)

	// the aws cluster
	role := e.in("serviceRole")
	roleArn := unknown()
	var roleURN string
	if role.IsResourceReference() {
		roleURN = string(role.ResourceReferenceValue().URN)
		roleArn = e.outputOf(roleURN, "arn")
	}
	vpc := resource.PropertyMap{
		"securityGroupIds": resource.NewProperty([]resource.PropertyValue{unknown()}),
		"subnetIds":        e.in("subnetIds"),
	}
	for _, k := range []string{"endpointPrivateAccess", "endpointPublicAccess", "publicAccessCidrs"} {
		if v, ok := e.Inputs[resource.PropertyKey(k)]; ok {
			vpc[resource.PropertyKey(k)] = v
		}
	}
	cl := resource.PropertyMap{
		"name":      e.in("name"),
		"roleArn":   roleArn,
		"vpcConfig": resource.NewProperty(vpc),
		"version":   e.in("version"),
		"tags":      withTags(map[string]string{"Name": n + "-eksCluster"}),
	}
	if v, ok := e.Inputs["enabledClusterLogTypes"]; ok {
		cl["enabledClusterLogTypes"] = v
	}
	if v, ok := e.Inputs["encryptionConfigKeyArn"]; ok {
		cl["encryptionConfig"] = applied(v, func() resource.PropertyValue {
			return resource.NewProperty(resource.PropertyMap{
				"provider":  resource.NewProperty(resource.PropertyMap{"keyArn": v}),
				"resources": strings1("secrets"),
			})
		})
	}
	if v, ok := e.Inputs["kubernetesServiceIpAddressRange"]; ok {
		cl["kubernetesNetworkConfig"] = applied(v, func() resource.PropertyValue {
			return resource.NewProperty(resource.PropertyMap{"serviceIpv4Cidr": v, "ipFamily": resource.NewProperty("ipv4")})
		})
	}
	if v, ok := e.Inputs["authenticationMode"]; ok {
		cl["accessConfig"] = resource.NewProperty(resource.PropertyMap{
			"authenticationMode":                      v,
			"bootstrapClusterCreatorAdminPermissions": resource.NewProperty(true),
		})
	}
	cluster := e.child(typeAWSCluster, n+"-eksCluster", self, cl)
	cluster.Options.IgnoreChanges = []string{"accessConfig.bootstrapClusterCreatorAdminPermissions"}
	cluster.PropertyDependencies = map[string][]string{"vpcConfig": {clusterSG}}
	cluster.Dependencies = []string{clusterSG}
	if roleURN != "" {
		cluster.PropertyDependencies["roleArn"] = []string{roleURN}
		cluster.Dependencies = append(cluster.Dependencies, roleURN)
	}
	for k, input := range map[string]string{"encryptionConfig": "encryptionConfigKeyArn", "kubernetesNetworkConfig": "kubernetesServiceIpAddressRange"} {
		if _, ok := cl[resource.PropertyKey(k)]; ok {
			cluster.PropertyDependencies[k] = nil
			withDeps(&cluster, k, from(input))
		}
	}
	withDeps(&cluster, "vpcConfig", from("subnetIds"))
	clusterURN := add(cluster)
	clusterName := e.in("name")

	// the kubeconfig provider of createCore
	add(e.k8sProvider(n+"-eks-k8s", clusterURN))

	var entries []Resource
	entry := func(key string, in resource.PropertyMap) string {
		in["clusterName"] = clusterName
		r := e.child(typeAccessEntry, n+"-"+key, self, in)
		r.Dependencies = []string{clusterURN}
		r.PropertyDependencies = map[string][]string{"clusterName": {clusterURN}}
		entries = append(entries, r)
		return urn(r.Parent, r.Type, r.Name)
	}

	// access entries given (the admins), each with its policy associations
	if ae := e.in("accessEntries"); ae.IsObject() {
		for _, key := range ae.ObjectValue().StableKeys() {
			spec := ae.ObjectValue()[key].ObjectValue()
			in := resource.PropertyMap{"principalArn": spec["principalArn"]}
			for _, k := range []resource.PropertyKey{"kubernetesGroups", "type", "tags"} {
				if v, ok := spec[k]; ok {
					in[k] = v
				}
			}
			entryURN := entry(string(key), in)
			if pols := spec["accessPolicies"]; pols.IsObject() {
				for _, pk := range pols.ObjectValue().StableKeys() {
					pol := pols.ObjectValue()[pk].ObjectValue()
					a := e.child(typeAccessPolicyAssociation, n+"-"+string(key)+"-"+string(pk), entryURN, resource.PropertyMap{
						"accessScope":  pol["accessScope"],
						"principalArn": spec["principalArn"],
						"policyArn":    pol["policyArn"],
						"clusterName":  clusterName,
					})
					a.Dependencies = []string{clusterURN, entryURN}
					a.PropertyDependencies = map[string][]string{"clusterName": {clusterURN}}
					entries = append(entries, a)
				}
			}
		}
	}
	out = append(out, entries...)

	// the OIDC provider: its thumbprint is fetched over TLS from the
	// region's issuer host, in a preview too
	if v := e.in("createOidcProvider"); v.IsBool() && v.BoolValue() {
		oidc := e.child(typeOIDCProvider, n+"-oidcProvider", self, resource.PropertyMap{
			"clientIdLists":   strings1("sts.amazonaws.com"),
			"url":             unknown(),
			"thumbprintLists": strings1(Thumbprint(fmt.Sprintf("https://oidc.eks.%s.%s", e.aws.region, e.dnsSuffix))),
		})
		oidc.Dependencies = []string{clusterURN}
		oidc.PropertyDependencies = map[string][]string{"url": {clusterURN}}
		add(oidc)
	}

	// createCluster: the node security group and its rules
	nodeSGr := e.child(typeSecurityGroup, n+"-nodeSecurityGroup", self, resource.PropertyMap{
		"description":         resource.NewProperty("Managed by Pulumi"),
		"vpcId":               e.in("vpcId"),
		"revokeRulesOnDelete": resource.NewProperty(true),
		"tags": withTags(map[string]string{
			"Name": n + "-nodeSecurityGroup", "kubernetes.io/cluster/" + clusterName.StringValue(): "owned"}),
	})
	nodeSGr.Dependencies = []string{clusterURN} // the tag takes the cluster's name output
	nodeSGr.PropertyDependencies = map[string][]string{"tags": {clusterURN}}
	withDeps(&nodeSGr, "vpcId", from("vpcId"))
	nodeSG := add(nodeSGr)
	sgRule := func(name, typ string, from, to float64, proto, desc, sg, source string, toSelf, anywhere bool) {
		r := e.child(typeSecurityGroupRule, n+"-"+name, e.URN, rule(typ, from, to, proto, desc))
		r.Inputs["securityGroupId"] = unknown()
		r.PropertyDependencies = map[string][]string{"securityGroupId": {sg}}
		r.Dependencies = []string{sg}
		if source != "" {
			r.Inputs["sourceSecurityGroupId"] = unknown()
			r.PropertyDependencies["sourceSecurityGroupId"] = []string{source}
			r.Dependencies = sortedUnique(append(r.Dependencies, source))
		}
		if toSelf {
			r.Inputs["self"] = resource.NewProperty(true)
		}
		if anywhere {
			r.Inputs["cidrBlocks"] = strings1("0.0.0.0/0")
		}
		add(r)
	}
	sgRule("eksNodeIngressRule", "ingress", 0, 0, "-1", "Allow nodes to communicate with each other", nodeSG, "", true, false)
	sgRule("eksNodeClusterIngressRule", "ingress", 1025, 65535, "tcp", "Allow worker Kubelets and pods to receive communication from the cluster control plane", nodeSG, clusterSG, false, false)
	sgRule("eksExtApiServerClusterIngressRule", "ingress", 443, 443, "tcp", "Allow pods running extension API servers on port 443 to receive communication from cluster control plane", nodeSG, clusterSG, false, false)
	sgRule("eksNodeInternetEgressRule", "egress", 0, 0, "-1", "Allow internet access.", nodeSG, "", false, true)
	sgRule("eksClusterIngressRule", "ingress", 443, 443, "tcp", "Allow pods to communicate with the cluster API Server", clusterSG, nodeSG, false, false)

	// the kubeconfig provider of createCluster
	add(e.k8sProvider(n+"-provider", clusterURN))
	return out
}

// k8sProvider is a kubernetes provider configured with a kubeconfig built
// from the aws cluster's outputs.
func (e eksCluster) k8sProvider(name, clusterURN string) Resource {
	r := e.child(typeK8sProvider, name, e.URN, resource.PropertyMap{"kubeconfig": unknown()})
	r.Dependencies = []string{clusterURN}
	r.PropertyDependencies = map[string][]string{"kubeconfig": {clusterURN}}
	return r
}

// Thumbprint is how the plan shows the OIDC provider's thumbprint: pulumi-eks
// fetches it over TLS from the issuer host when it runs, in a preview too.
func Thumbprint(url string) string { return "thumbprint of " + url }

// childURN is the URN of a child of parent.
func childURN(parent, typ, name string) string {
	u := resource.URN(parent)
	return string(resource.NewURN(u.Stack(), u.Project(), u.QualifiedType(), tokens.Type(typ), name))
}

// applied is an apply over one value: unknown while the value is.
func applied(v resource.PropertyValue, f func() resource.PropertyValue) resource.PropertyValue {
	if v.ContainsUnknowns() {
		return unknown()
	}
	return f()
}

func strings1(s string) resource.PropertyValue {
	return resource.NewProperty([]resource.PropertyValue{resource.NewProperty(s)})
}

func rule(typ string, from, to float64, proto, desc string) resource.PropertyMap {
	return resource.PropertyMap{
		"description": resource.NewProperty(desc),
		"type":        resource.NewProperty(typ),
		"fromPort":    resource.NewProperty(from),
		"toPort":      resource.NewProperty(to),
		"protocol":    resource.NewProperty(proto),
	}
}

// Type tokens of pulumi-eks's children.
const (
	typeAWSCluster              = "aws:eks/cluster:Cluster"
	typeSecurityGroup           = "aws:ec2/securityGroup:SecurityGroup"
	typeSecurityGroupRule       = "aws:ec2/securityGroupRule:SecurityGroupRule"
	typeAccessEntry             = "aws:eks/accessEntry:AccessEntry"
	typeAccessPolicyAssociation = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"
	typeOIDCProvider            = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
	typeK8sProvider             = "pulumi:providers:kubernetes"
)
