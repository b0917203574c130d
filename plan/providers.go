package plan

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Known after apply is how computed values are shown, as in `pulumi preview`.
const Unknown = "(known after apply)"

// model is what a provider does on create: the outputs it adds to the
// inputs. known are the outputs a real preview knows too (auto-names, which
// the provider's Check fills in); computed are the ones only create knows.
// read is what its Read returns, beyond the properties given, for an
// existing resource read by id: what the id says, and the ARN.
type model struct {
	known    func(c Cloud, r created) resource.PropertyMap
	computed func(c Cloud, r created) (id string, out resource.PropertyMap)
	read     func(c Cloud, r created, id string) resource.PropertyMap
}

// created is a resource as the provider model sees it.
type created struct {
	urn, name, region string
	inputs            resource.PropertyMap
}

func (r created) str(key string) string {
	v, ok := r.inputs[resource.PropertyKey(key)]
	if !ok || !v.IsString() {
		return ""
	}
	return v.StringValue()
}

// autoName is the engine's auto-naming: logical name, a dash and 7 hex digits.
func autoName(r created) string { return r.name + "-" + suffix(r.urn, 7) }

// models lists the provider behaviour per resource type token. Types not
// listed echo their inputs and get their logical name as id.
var models = map[string]model{
	"aws:iam/role:Role": {
		known: func(_ Cloud, r created) resource.PropertyMap {
			if r.str("name") != "" || r.str("namePrefix") != "" {
				return nil
			}
			return props("name", autoName(r))
		},
		computed: func(c Cloud, r created) (string, resource.PropertyMap) {
			name := r.str("name")
			if name == "" {
				name = r.str("namePrefix") + suffix(r.urn, 26)
			}
			return name, roleState(c, r, name)
		},
		// the id of a role is its name
		read: func(c Cloud, r created, id string) resource.PropertyMap {
			state := roleState(c, r, id)
			state["path"] = resource.NewProperty(rolePath(r))
			return state
		},
	},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
		computed: func(_ Cloud, r created) (string, resource.PropertyMap) {
			return r.str("role") + "-" + suffix(r.urn, 20), nil
		},
	},
	"aws:kms/key:Key": {
		computed: func(c Cloud, r created) (string, resource.PropertyMap) {
			id := suffix(r.urn, 8) + "-0000-4000-8000-" + suffix(r.urn+"k", 12)
			return id, keyState(c, r, id)
		},
		// the id of a key is its key id
		read: keyState,
	},
	"aws:cloudwatch/logGroup:LogGroup": {
		computed: func(c Cloud, r created) (string, resource.PropertyMap) {
			name := r.str("name")
			return name, props("arn", c.arn("logs", r.region, "log-group:"+name))
		},
		read: func(c Cloud, r created, id string) resource.PropertyMap {
			return props("name", id, "arn", c.arn("logs", r.region, "log-group:"+id))
		},
	},
	// pulumi-eks creates it (a child of eks:index:Cluster); a program may
	// read an existing one by name
	"aws:eks/cluster:Cluster": {
		read: func(c Cloud, r created, id string) resource.PropertyMap {
			return props("name", id, "arn", c.arn("eks", r.region, "cluster/"+id))
		},
	},
	"aws:eks/nodeGroup:NodeGroup": {
		computed: func(c Cloud, r created) (string, resource.PropertyMap) {
			name := r.str("nodeGroupName")
			if name == "" {
				name = r.str("nodeGroupNamePrefix") + suffix(r.urn, 26)
			}
			id := r.str("clusterName") + ":" + name
			return id, nodeGroupState(c, r, id)
		},
		read: nodeGroupState,
	},
	"aws:eks/addon:Addon": {
		computed: func(c Cloud, r created) (string, resource.PropertyMap) {
			id := r.str("clusterName") + ":" + r.str("addonName")
			return id, addonState(c, r, id)
		},
		read: addonState,
	},
	// eks:index:Cluster is pulumi-eks's remote component: the engine sees it
	// alone (its children are created by the pulumi-eks plugin). Its outputs
	// include a reference to the aws:eks/cluster:Cluster child; a reference
	// must name a URN the mock engine has seen, so it names the component's
	// own URN, whose state then carries the cluster's attributes.
	"eks:index:Cluster": {
		known: func(_ Cloud, r created) resource.PropertyMap {
			return props("eksCluster", resource.ResourceReference{
				URN: resource.URN(r.urn), Type: "aws:eks/cluster:Cluster", Name: r.name + "-eksCluster",
				ID: resource.NewProperty(r.str("name")),
			})
		},
		computed: func(c Cloud, r created) (string, resource.PropertyMap) {
			name := r.str("name")
			issuer := fmt.Sprintf("https://oidc.eks.%s.%s/id/%s", r.region, c.dnsSuffix(), suffix(r.urn, 32))
			endpoint := fmt.Sprintf("https://%s.gr7.%s.eks.%s", suffix(r.urn, 32), r.region, c.dnsSuffix())
			return "", props(
				"arn", c.arn("eks", r.region, "cluster/"+name),
				"endpoint", endpoint,
				"certificateAuthority", map[string]any{"data": "T0ZGTElORS1DQQ=="},
				"identities", []any{map[string]any{"oidcs": []any{map[string]any{"issuer": issuer}}}},
				"vpcConfig", map[string]any{"clusterSecurityGroupId": "sg-" + suffix(r.urn, 17)},
				"kubeconfigJson", fmt.Sprintf(`{"apiVersion":"v1","kind":"Config","clusters":[{"name":%q,"cluster":{"server":%q}}]}`, name, endpoint),
			)
		},
	},
}

// keyState is a KMS key's id and ARN.
func keyState(c Cloud, r created, id string) resource.PropertyMap {
	return props("keyId", id, "arn", c.arn("kms", r.region, "key/"+id))
}

// nodeGroupState is an EKS node group's cluster, name, status and ARN, from
// its id, <cluster>:<node group>; nil for an id of another form.
func nodeGroupState(c Cloud, r created, id string) resource.PropertyMap {
	cluster, name, ok := strings.Cut(id, ":")
	if !ok {
		return nil
	}
	return props("clusterName", cluster, "nodeGroupName", name, "status", "ACTIVE",
		"arn", c.arn("eks", r.region, "nodegroup/"+cluster+"/"+name+"/"+suffix(r.urn, 8)))
}

// addonState is an EKS add-on's cluster, name and ARN, from its id,
// <cluster>:<add-on>; nil for an id of another form.
func addonState(c Cloud, r created, id string) resource.PropertyMap {
	cluster, name, ok := strings.Cut(id, ":")
	if !ok {
		return nil
	}
	return props("clusterName", cluster, "addonName", name,
		"arn", c.arn("eks", r.region, "addon/"+cluster+"/"+name+"/"+suffix(r.urn, 8)))
}

// roleState is an IAM role's name, unique id and ARN.
func roleState(c Cloud, r created, name string) resource.PropertyMap {
	return props("name", name, "uniqueId", "AROA"+suffix(r.urn, 17),
		"arn", fmt.Sprintf("arn:%s:iam::%s:role%s%s", c.Partition, c.AccountID, rolePath(r), name))
}

// rolePath is an IAM role's path: the input's, else /.
func rolePath(r created) string {
	if path := r.str("path"); path != "" {
		return path
	}
	return "/"
}

// props builds a property map from alternating keys and values.
func props(kv ...any) resource.PropertyMap {
	pm := resource.PropertyMap{}
	for i := 0; i+1 < len(kv); i += 2 {
		k := resource.PropertyKey(kv[i].(string))
		if ref, ok := kv[i+1].(resource.ResourceReference); ok {
			pm[k] = resource.NewProperty(ref)
			continue
		}
		pm[k] = resource.NewPropertyValue(kv[i+1])
	}
	return pm
}
