package rules

import (
	"cmp"
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/cost"
	"github.com/ekskit/ekskit/stackconfig"
)

// corednsReplicas are the coredns pods EKS runs (its default, managed or
// self-managed).
const corednsReplicas = 2

// All are the rules, by id.
var All = []Rule{
	{ID: "EKS001", Title: "Public endpoint open to the world", Severity: Warning,
		Refs: []string{"CKV_AWS_38", "CIS EKS 5.4.1"}, // trivy's AVD-AWS-0041 is stricter: any public CIDR
		Fix:  "list your own networks in " + clusterKey("publicAccessCidrs") + ", or set " + clusterKey("endpointAccess") + ": private",
		check: func(in Input) []hit {
			c := in.Stack.Cluster
			if c.EndpointAccess == spec.EndpointPrivate {
				return nil
			}
			blocks := ipv4Blocks(c.PublicAccessCIDRs)
			switch wide := widest(blocks); {
			case coversAll(blocks):
				return []hit{{cluster("publicAccessCidrs"), "the Kubernetes API is reachable from any address (" + strings.Join(c.PublicAccessCIDRs, ", ") + ")"}}
			case wide.IsValid() && wide.Bits() < 8:
				return []hit{{cluster("publicAccessCidrs"), fmt.Sprintf("the Kubernetes API is reachable from a /%d (%s): %s of all addresses",
					wide.Bits(), wide, fraction(wide.Bits()))}}
			}
			return nil
		}},
	{ID: "EKS002", Title: "Public endpoint enabled", Severity: Info,
		Refs: []string{"CKV_AWS_39", "AVD-AWS-0040", "CIS EKS 5.4.2"},
		Fix:  "set " + clusterKey("endpointAccess") + ": private and reach the API from inside the VPC",
		check: func(in Input) []hit {
			if in.Stack.Cluster.EndpointAccess == spec.EndpointPrivate {
				return nil
			}
			return []hit{{cluster("endpointAccess"), fmt.Sprintf("the API server has a public endpoint (%s)", in.Stack.Cluster.EndpointAccess)}}
		}},
	{ID: "EKS003", Title: "Control-plane logging incomplete", Severity: Warning,
		Refs: []string{"CKV_AWS_37", "AVD-AWS-0038", "CIS EKS 2.1.1"},
		Fix:  "set " + clusterKey("logging") + " to all five types: api, audit, authenticator, controllerManager, scheduler",
		check: func(in Input) []hit {
			var missing []string
			for _, t := range []string{"api", "audit", "authenticator", "controllerManager", "scheduler"} {
				if !slices.Contains(in.Stack.Cluster.Logging, t) {
					missing = append(missing, t)
				}
			}
			if len(missing) == 0 {
				return nil
			}
			return []hit{{cluster("logging"), "control-plane logs not sent: " + strings.Join(missing, ", ")}}
		}},
	{ID: "EKS004", Title: "Secrets not encrypted with a customer key", Severity: Warning,
		Refs: []string{"CKV_AWS_58", "AVD-AWS-0039", "CIS EKS 5.3.1"},
		Fix: "set " + clusterKey("encryption") + ": {create: true} (or your own key in " + clusterKey("encryption", "keyArn") +
			"); it cannot be removed later",
		check: func(in Input) []hit {
			if in.Stack.Cluster.Encryption != nil {
				return nil
			}
			return []hit{{cluster("encryption"), "Kubernetes secrets are encrypted with an AWS-owned key only"}}
		}},
	{ID: "EKS005", Title: "SSH access to nodes", Severity: Warning,
		Refs: []string{}, // CKV_AWS_100 is its worst case, SSH open to 0.0.0.0/0: a config problem
		Fix:  "remove " + groupKey("remoteAccess") + " and reach nodes with SSM Session Manager",
		check: func(in Input) []hit {
			return eachGroup(in, func(ng spec.NodeGroup) string {
				if ng.RemoteAccess == nil {
					return ""
				}
				return fmt.Sprintf("port 22 is open to %s with key pair %s", strings.Join(ng.RemoteAccess.SourceSecurityGroupIDs, ", "), ng.RemoteAccess.SSHKey)
			})
		}},
	{ID: "EKS006", Title: "VPC CNI runs on the node role", Severity: Info,
		Refs: []string{"CIS EKS 5.2.1"},
		Fix: "set " + clusterKey("addons", "vpc-cni", "irsa") + ": true, or " + clusterKey("addons", "vpc-cni", "podIdentity") +
			": true with the " + spec.PodIdentityAgent + " add-on: the CNI policy moves to a role only aws-node can take",
		check: func(in Input) []hit {
			if in.Stack.Cluster.VPCCNIOwnRole() {
				return nil
			}
			return []hit{{stackconfig.KeyRoles, "the node role carries AmazonEKS_CNI_Policy: whatever runs with the nodes' credentials can change the VPC's network interfaces"}}
		}},
	{ID: "EKS007", Title: "Instance metadata reachable from pods", Severity: Info,
		Refs: []string{"CKV_AWS_79", "CKV_AWS_341", "AVD-AWS-0130"},
		// EC2 API reference, LaunchTemplateInstanceMetadataOptionsRequest
		Fix: "require IMDSv2 with a hop limit of 1: in the launch template (" + groupKey("launchTemplate") + "), its metadata options " +
			"HttpTokens required and HttpPutResponseHopLimit 1; on Amazon Linux 2 without one, an AL2023 " + groupKey("amiType") + ", whose AMIs require IMDSv2",
		check: func(in Input) []hit {
			return eachGroup(in, func(ng spec.NodeGroup) string {
				switch {
				case ng.LaunchTemplate != nil:
					return "the launch template's metadata options decide whether pods can reach the node role; ekskit cannot see them"
				case strings.HasPrefix(ng.AMIType, "AL2_"):
					// the AL2023 AMIs require IMDSv2 (and EKS's template sets hop limit 1 for them); AL2's do not
					return "Amazon Linux 2 AMIs do not require IMDSv2 as AL2023's do: pods may read the node role's credentials through IMDSv1"
				}
				return ""
			})
		}},
	{ID: "EKS008", Title: "Kubernetes version near the end of its support, or in paid extended support", Severity: Warning,
		Refs: []string{"CKV_AWS_339"},
		Fix:  "upgrade " + clusterKey("version") + " one minor version at a time, to one ekskit knows (one past its table needs a newer ekskit)",
		check: func(in Input) []hit {
			c := in.Stack.Cluster
			end, kind, ok := supportEnd(c)
			if !ok {
				return nil
			}
			ends, day := spec.Support[c.Version], in.Today.Format(time.DateOnly)
			next, known := nextVersion(c.Version)
			advice := "upgrade to " + next + " before"
			if !known {
				advice = fmt.Sprintf("%s is newer than ekskit's version table (checked %s): update ekskit, then upgrade", next, spec.LimitsDate)
			}
			extended := kind == "extended"
			switch {
			case day >= end:
				return nil // EKS017
			case daysUntil(in.Today, end) <= supportNotice:
				then := "EKS then upgrades the cluster on its own (and EKS017, an error, reports it)"
				if kind == "standard" {
					then = "with supportType STANDARD, " + then
					if !known {
						advice += ", or set supportType EXTENDED for a year more at the extended-support price"
					}
				}
				return []hit{{cluster("version"), fmt.Sprintf("%s leaves %s support on %s, in %d day(s): %s; %s",
					c.Version, kind, end, daysUntil(in.Today, end), then, advice)}}
			case extended && day < ends[0] && daysUntil(in.Today, ends[0]) <= supportNotice:
				// EKS does not upgrade the cluster then, but its price goes up
				return []hit{{cluster("version"), fmt.Sprintf("%s leaves standard support on %s, in %d day(s): with supportType EXTENDED, "+
					"the cluster then stays at %s in extended support until %s, which costs %s; %s",
					c.Version, ends[0], daysUntil(in.Today, ends[0]), c.Version, ends[1], extendedPrice(in.Region), advice)}}
			case extended && day >= ends[0]:
				return []hit{{cluster("version"), fmt.Sprintf("%s left standard support on %s: extended support until %s costs %s",
					c.Version, ends[0], ends[1], extendedPrice(in.Region))}}
			}
			return nil
		}},
	{ID: "EKS009", Title: "Node group in one zone, or fewer nodes than zones", Severity: Warning,
		Refs: []string{},
		Fix: "give the group subnets in three zones (" + groupKey("subnetIds") + ", else " + clusterKey("subnetIds") + ") and " +
			groupKey("minSize") + " of at least the zone count",
		check: func(in Input) []hit {
			if !in.Stack.Cluster.Protect {
				return nil
			}
			return eachGroup(in, func(ng spec.NodeGroup) string {
				zones, what := groupZones(in, ng)
				switch {
				case zones == 1:
					return "all nodes are in one subnet, so one zone, of a protected stack"
				case *ng.MinSize >= 1 && zones > 0 && *ng.MinSize < zones:
					return fmt.Sprintf("minSize %d is below the %d %s of a protected stack: a zone can be left without nodes", *ng.MinSize, zones, what)
				case *ng.MinSize == 1 && zones == 0: // the default VPC's zones, not known: two or more
					return "minSize 1 is below the zones of the default VPC's default subnets the cluster runs in (two or more: " +
						"EKS takes a cluster in two zones or more) of a protected stack: a zone can be left without nodes"
				}
				return ""
			})
		},
		// not for a group with minSize 2 or more whose zones groupZones
		// does not know (the default VPC's, in a program run)
		knows: func(in Input) bool {
			if !in.Stack.Cluster.Protect {
				return true
			}
			for _, ng := range in.Stack.NodeGroups {
				if zones, _ := groupZones(in, ng); zones == 0 && *ng.MinSize > 1 {
					return false
				}
			}
			return true
		},
	},
	{ID: "EKS010", Title: "Spot node group with one instance type", Severity: Warning,
		Refs: []string{},
		Fix: "list several instance types of the same size in " + groupKey("instanceTypes") + " (not in a launch template), " +
			"so that spot capacity is found in more pools",
		check: func(in Input) []hit {
			return eachGroup(in, func(ng spec.NodeGroup) string {
				switch {
				case ng.CapacityType != "SPOT":
				case len(ng.InstanceTypes) == 1:
					return "a spot group with one instance type loses all its nodes when that pool runs dry"
				case len(ng.InstanceTypes) == 0 && ng.LaunchTemplate != nil:
					// EKS user guide, managed node groups, Spot: pass several
					// instance types through the API, not one in the template
					return "a spot group whose instance type is its launch template's (or EKS's t3.medium) has one instance type, " +
						"and loses all its nodes when that pool runs dry"
				}
				return ""
			})
		}},
	{ID: "EKS011", Title: "Production cluster not protected", Severity: Error,
		Refs: []string{},
		Fix:  "set " + clusterKey("protect") + ": true",
		check: func(in Input) []hit {
			if !in.Policy.Production || in.Stack.Cluster.Protect {
				return nil
			}
			return []hit{{cluster("protect"), "the stack is marked production (ekskit:policy.production) but pulumi destroy would delete the cluster"}}
		}},
	{ID: "EKS012", Title: "Add-on version not pinned", Severity: Info,
		Refs: []string{},
		// Fix is one per rule: the finding names the add-on's key
		Fix: "pin the key the finding names to a version (v1.2.3-eksbuild.N: aws eks describe-addon-versions --addon-name NAME " +
			"--kubernetes-version VERSION lists them, the default marked; aws eks describe-addon names the deployed one) " +
			"and upgrade it on purpose",
		check: func(in Input) []hit {
			var out []hit
			for _, n := range slices.Sorted(maps.Keys(in.Stack.Cluster.Addons)) {
				key := clusterKey("addons", n, "version")
				switch v := in.Stack.Cluster.Addons[n].Version; v {
				case "":
					out = append(out, hit{cluster("addons", n), key + " is not set: EKS's default version for the cluster version when the add-on is created, decided at deploy time; EKS does not update it when the cluster is upgraded"})
				case "latest":
					out = append(out, hit{cluster("addons", n), key + " is latest, the newest version, looked up on every run: the add-on changes when AWS ships one"})
				}
			}
			return out
		}},
	{ID: "EKS013", Title: "coredns with no node to run on", Severity: Warning,
		Refs: []string{},
		Fix: "keep at least one Linux node group with " + groupKey("desiredSize") + " above 0 whose " + groupKey("taints") +
			" coredns tolerates (NO_SCHEDULE and NO_EXECUTE ones: CriticalAddonsOnly, unless the tolerations of " +
			clusterKey("addons", "coredns", "configurationValues") + " replace it) and whose " + groupKey("labels") +
			" match its nodeSelector and required node affinity there, if any; or give coredns tolerations there, or loosen its " +
			"nodeSelector or affinity",
		check: func(in Input) []hit {
			if _, ok := in.Stack.Cluster.Addons["coredns"]; !ok || len(in.Stack.NodeGroups) == 0 {
				return nil
			}
			p := in.Stack.Cluster.CoreDNSPlacement()
			var empty []string // groups coredns could run on, with no nodes
			for _, name := range slices.Sorted(maps.Keys(in.Stack.NodeGroups)) {
				switch ng := in.Stack.NodeGroups[name]; {
				case ng.HostsCoreDNS(p):
					return nil
				case ng.AdmitsCoreDNS(p):
					empty = append(empty, name)
				}
			}
			const degraded = "coredns stays DEGRADED (a new one times out after 20 minutes)"
			where := "Linux, without a taint it does not tolerate"
			if len(p.NodeSelector) > 0 {
				where += ", with the labels of its nodeSelector"
			}
			if p.NodeAffinity != nil {
				where += ", matching its required node affinity"
			}
			switch len(empty) {
			case 0:
				return []hit{{cluster("addons", "coredns"), "no node group runs nodes coredns can run on (" + where + "): " + degraded}}
			case 1:
				return []hit{{cluster("addons", "coredns"), fmt.Sprintf("node group %s, the only one coredns can run on (%s), "+
					"has 0 nodes (desiredSize 0): %s", empty[0], where, degraded)}}
			}
			return []hit{{cluster("addons", "coredns"), fmt.Sprintf("node groups %s, the only ones coredns can run on (%s), "+
				"have 0 nodes (desiredSize 0): %s", strings.Join(empty, ", "), where, degraded)}}
		}},
	{ID: "EKS015", Title: "KMS key rotation not ensured", Severity: Info,
		Refs: []string{"CKV_AWS_7", "AVD-AWS-0065"},
		Fix:  "turn on automatic rotation of the given key, or let ekskit create one (" + clusterKey("encryption") + ": {create: true}), rotation on",
		check: func(in Input) []hit {
			if e := in.Stack.Cluster.Encryption; e == nil || e.KeyARN == "" {
				return nil // none, or created by ekskit with rotation on
			}
			return []hit{{cluster("encryption", "keyArn"), "the given key's rotation cannot be read offline"}}
		}},
	{ID: "EKS014", Title: "No room for workloads", Severity: Warning,
		Refs: []string{},
		Fix: "pick a larger type in " + groupKey("instanceTypes") + " (the finding names the smallest of the group's family that leaves room) " +
			"or more nodes (" + groupKey("desiredSize") + ")",
		check: roomForWorkloads,
	},
	// no check: Check finds these from the other rules' findings
	{ID: staleException, Title: "Policy exception with nothing to except", Severity: Warning,
		Refs: []string{},
		Fix:  "remove the exception; add it back, with its reason, when there is a finding to review",
	},
	{ID: "EKS017", Title: "Kubernetes version EKS upgrades on its own", Severity: Error,
		Refs: []string{"CKV_AWS_339"},
		Fix: "set " + clusterKey("version") + " to the next minor version, the one EKS moves the cluster to (run pulumi refresh first if EKS already has); " +
			"while the version is in extended support, " + clusterKey("supportType") + ": EXTENDED keeps a cluster EKS has not upgraded yet, at the extended-support price",
		check: func(in Input) []hit {
			c := in.Stack.Cluster
			end, _, ok := supportEnd(c)
			ends, day := spec.Support[c.Version], in.Today.Format(time.DateOnly)
			if !ok || day < end {
				return nil
			}
			why := fmt.Sprintf("%s left standard support on %s and supportType is STANDARD", c.Version, ends[0])
			if day >= ends[1] {
				why = fmt.Sprintf("%s left extended support on %s", c.Version, ends[1])
			}
			next, known := nextVersion(c.Version)
			msg := fmt.Sprintf("%s: EKS upgrades the cluster to %s on its own (if it has not yet), and a pulumi up still at %s "+
				"is then a downgrade EKS refuses", why, next, c.Version)
			if !known {
				msg += fmt.Sprintf("; %s is newer than ekskit's version table (checked %s): update ekskit first", next, spec.LimitsDate)
			}
			return []hit{{cluster("version"), msg}}
		}},
	{ID: "EKS018", Title: "Nodes may be shut out of a public-only endpoint", Severity: Warning,
		Refs: []string{}, // EKS API reference, VpcConfigRequest.endpointPrivateAccess
		Fix: "set " + clusterKey("endpointAccess") + ": public-and-private (nodes then reach the API inside the VPC), " +
			"or make sure " + clusterKey("publicAccessCidrs") + " lists the nodes' NAT gateway or public addresses",
		check: func(in Input) []hit {
			c := in.Stack.Cluster
			if c.EndpointAccess != spec.EndpointPublic || coversAll(ipv4Blocks(c.PublicAccessCIDRs)) {
				return nil
			}
			return []hit{{cluster("publicAccessCidrs"), fmt.Sprintf("with a public-only endpoint the nodes reach the API server "+
				"from outside the VPC, from their NAT gateways' or public addresses: nodes (and Fargate pods) whose addresses "+
				"are not in publicAccessCidrs (%s) cannot join the cluster", strings.Join(c.PublicAccessCIDRs, ", "))}}
		}},
	{ID: "EKS019", Title: "Autoscaled or spot node group with instance types of different sizes", Severity: Warning,
		// Cluster Autoscaler on AWS (kubernetes/autoscaler, cluster-autoscaler/cloudprovider/aws/README.md:
		// Auto-Discovery Setup; Using Mixed Instances Policies and Spot Instances); EKS user guide,
		// managed node groups, Managed node group capacity types, Spot
		Refs: []string{},
		Fix: "list in " + groupKey("instanceTypes") + " types of one size, the same vCPUs and memory (the finding gives each type's), " +
			"and give each other size a node group of its own",
		check: func(in Input) []hit { return eachGroup(in, mixedSizes) },
	},
	{ID: "EKS020", Title: "Region not in the stack's config", Severity: Warning,
		Refs: []string{},
		Fix:  "set the stack's region in its config file: pulumi config set aws:region <region>",
		// pulumi-aws's config.GetRegion: aws:region, else AWS_REGION, else
		// AWS_DEFAULT_REGION; the aws provider then falls back on the AWS
		// profile's region
		check: func(in Input) []hit {
			if in.Region != "" {
				return nil
			}
			return []hit{{stackconfig.KeyRegion, "aws:region is not set: pulumi up deploys to the region in AWS_REGION or " +
				"AWS_DEFAULT_REGION, else the AWS profile's, whatever the machine that runs it has; a plan, its cost and " +
				"these rules cannot know which"}}
		}},
	{ID: "EKS021", Title: "kube-proxy pinned to an older Kubernetes version than the cluster's", Severity: Warning,
		Refs:  []string{}, // EKS user guide: "Update existing cluster to new Kubernetes version", step 4; "Manage kube-proxy"
		Fix:   "set " + clusterKey("addons", "kube-proxy", "version") + " to a version for the cluster's Kubernetes version (v1.N.x-eksbuild.M for 1.N)",
		check: olderKubeProxy,
	},
	{ID: "EKS022", Title: "Stack config from a Pulumi ESC environment the plan cannot read", Severity: Warning,
		Refs: []string{},
		Fix: "set in the stack file the values the environments give the aws: and ekskit: keys ekskit reads (the file's win), " +
			"or except the rule with the reason (the environments give only credentials, say)",
		// pkg/v3 workspace, mergeConfig: the environments' pulumiConfig is
		// merged into the stack file's config before the program runs
		check: func(in Input) []hit {
			if len(in.Environments) == 0 {
				return nil
			}
			return []hit{{"environment", "the stack file imports " + strings.Join(in.Environments, ", ") + ": pulumi preview and up " +
				"merge the config values it sets into the file's, and ekskit plan cannot read them offline: whatever it sets is " +
				"missing from this plan, its guardrails and its cost"}}
		},
		// nil Environments: not read (a program run, whose config has them)
		knows: func(in Input) bool { return in.Environments != nil },
	},
	{ID: "EKS023", Title: "Node group held at an older Kubernetes version than the cluster's", Severity: Info,
		// EKS API model, CreateNodegroupRequest.version; UpdateClusterVersion's
		// refusal: hashicorp/terraform-provider-aws#19478 (heldBack)
		Refs: []string{},
		Fix: "remove " + groupKey("version") + " once the control plane is upgraded: the group then follows the cluster's version " +
			"(EKS updates its nodes after the control plane)",
		check: func(in Input) []hit {
			return eachGroup(in, func(ng spec.NodeGroup) string { return heldBack(in.Stack.Cluster, ng) })
		},
	},
	{ID: "EKS024", Title: "Add-on without the AWS permissions it needs", Severity: Warning,
		// EKS user guide, each add-on's page, "Required IAM permissions"
		Refs: []string{},
		Fix: "set " + clusterKey("addons", "<name>", "irsa") + ": true or " + clusterKey("addons", "<name>", "podIdentity") +
			": true (with the " + spec.PodIdentityAgent + " add-on), which give the add-on's service account an IAM role " +
			"with the AWS managed policies it needs and those in " + clusterKey("addons", "<name>", "policyArns") +
			" (aws-mountpoint-s3-csi-driver, whose permissions name your buckets, needs one there, and takes Pod Identity from " +
			"its version v2.0.0; aws-fsx-csi-driver takes its role through Pod Identity only); or give its service account a role in " +
			clusterKey("podIdentities") + "; or take the add-on out of " + clusterKey("addons"),
		check: addonsWithoutPermissions,
	},
	{ID: "EKS025", Title: "Kubernetes Secrets readable cluster-wide through an access entry", Severity: Warning,
		// kube-bench, cfg/eks-1.5.0/policies.yaml: 4.1.2 "Minimize access
		// to secrets"
		Refs: []string{"CIS EKS 4.1.2"},
		Fix: "give the policy in the namespaces the principal works in (" + clusterKey("access") + "[<i>].policies.<policy>.namespaces" +
			"), or AmazonEKSViewPolicy, which reads no Secrets; a cluster-admin belongs in " + clusterKey("admins"),
		check: secretsClusterWide,
	},
	{ID: "EKS026", Title: "AWS AdministratorAccess on a role ekskit makes", Severity: Warning,
		Refs: []string{"CKV_AWS_274"},
		Fix: "write an IAM policy with the actions and resources the role needs, and give its ARN in place of AdministratorAccess " +
			"(in " + fixKey(stackconfig.KeyRoles, "nodePolicyArns") + ", " + clusterKey("addons", "<name>", "policyArns") + " or " +
			clusterKey("podIdentities", "<name>", "policyArns") + ")",
		check: administratorAccess,
	},
}

// reAdministratorAccess is the ARN of the AWS managed policy
// AdministratorAccess, in any partition (checkov's CKV_AWS_274 looks for
// arn:aws:iam::aws:policy/AdministratorAccess).
var reAdministratorAccess = regexp.MustCompile(`^arn:[^:]+:iam::aws:policy/AdministratorAccess$`)

// administratorAccess is EKS026's check: AdministratorAccess among the
// policies of a role ekskit makes, which gives whoever takes the role
// every action on every resource of the account: the node role's (every
// node, and the pods that reach its instance metadata: EKS007), an
// add-on's own role's (the add-on's pods) or a pod identity's (the pods
// of its service account).
func administratorAccess(in Input) []hit {
	var out []hit
	each := func(at spec.Path, arns []string, who string) {
		for i, arn := range arns {
			if reAdministratorAccess.MatchString(arn) {
				out = append(out, hit{string(at.Index(i)), who + " get administrator access to the account (AdministratorAccess: " +
					"every action on every resource): a pod that is broken into, or a container image that is not what it says, " +
					"can then do anything in the account"})
			}
		}
	}
	each(spec.Path(stackconfig.KeyRoles).Key("nodePolicyArns"), in.Stack.Roles.NodePolicyARNs,
		"the nodes, and the pods that reach their instance metadata (host-network pods; any pod on Amazon Linux 2, or with a "+
			"launch template whose metadata options allow it: EKS007)")
	c := in.Stack.Cluster
	for _, name := range slices.Sorted(maps.Keys(c.Addons)) {
		a := c.Addons[name]
		need, _ := spec.AddonRoleOf(name)
		// the accounts that take the role: IRSA's trust names ServiceAccount
		// (a pattern for the EFS driver's two), the Pod Identity
		// association PodIdentityAccount; policyArns needs one of the two
		var accounts []string
		if a.IRSA {
			accounts = append(accounts, need.Namespace+"/"+need.ServiceAccount)
		}
		if pi := need.Namespace + "/" + need.PodIdentityAccount; a.PodIdentity && !slices.Contains(accounts, pi) {
			accounts = append(accounts, pi)
		}
		noun := "service account"
		if len(accounts) > 1 || strings.Contains(need.ServiceAccount, "*") && a.IRSA {
			noun = "service accounts"
		}
		each(spec.Path(cluster("addons", name, "policyArns")), a.PolicyARNs,
			fmt.Sprintf("%s's pods (%s %s)", name, noun, strings.Join(accounts, " and ")))
	}
	for _, name := range slices.Sorted(maps.Keys(c.PodIdentities)) {
		pi := c.PodIdentities[name]
		each(spec.Path(cluster("podIdentities", name, "policyArns")), pi.PolicyARNs,
			fmt.Sprintf("the pods of service account %s/%s", pi.Namespace, pi.ServiceAccount))
	}
	return out
}

// secretsClusterWide is EKS025's check: an entry of cluster.access given,
// at cluster scope, an access policy that reads Secrets
// ([spec.ReadsSecrets]). Secrets hold service account tokens and the
// workloads' credentials: a principal that reads them all can act as any
// workload (CIS EKS 4.1.2). cluster.admins are cluster-admins by design,
// and are not found; an entry's Kubernetes groups are bound by RBAC
// objects ekskit does not see.
func secretsClusterWide(in Input) []hit {
	var out []hit
	for i, a := range in.Stack.Cluster.Access {
		var wide []string
		for _, name := range slices.Sorted(maps.Keys(a.Policies)) {
			if len(a.Policies[name].Namespaces) == 0 && spec.ReadsSecrets(name) {
				wide = append(wide, name)
			}
		}
		if len(wide) == 0 {
			continue
		}
		msg := fmt.Sprintf("%s can read every Secret in every namespace (service account tokens, workloads' credentials) "+
			"through %s at cluster scope", a.PrincipalARN, strings.Join(wide, " and "))
		if slices.Contains(wide, spec.AdminPolicy) {
			msg += "; " + spec.AdminPolicy + " makes it a cluster-admin, which " + clusterKey("admins") +
				" gives where a review looks for one (CIS EKS 4.1.1)"
		}
		out = append(out, hit{string(spec.Path(cluster("access")).Index(i)), msg})
	}
	return out
}

// addonsWithoutPermissions is EKS024's check: an add-on that calls AWS
// APIs ([spec.AddonRoleOf]) and has no IAM role of its own (irsa or
// podIdentity), nor a pod identity (cluster.podIdentities) whose
// association names its service account at a version that takes one. Its
// pods get none otherwise: the node role's credentials do not reach pods
// on the AL2023 AMIs, whose metadata hop limit is 1 (EKS007). vpc-cni
// without irsa runs on the node role's CNI policy (EKS006).
func addonsWithoutPermissions(in Input) []hit {
	var out []hit
	c := in.Stack.Cluster.WithDefaults()
	addons := c.Addons
	for _, name := range slices.Sorted(maps.Keys(addons)) {
		need, calls := spec.AddonRoleOf(name)
		if !calls || name == "vpc-cni" || addons[name].OwnRole() {
			continue
		}
		pod := podIdentityOf(c, need)
		if pod != "" && need.PodIdentityAt(addons[name].Version) {
			continue
		}
		var ways []string
		if need.TakesIRSA() {
			ways = append(ways, "set "+clusterKey("addons", name, "irsa")+": true")
		}
		if need.TakesPodIdentity() {
			var with []string
			if _, ok := addons[spec.PodIdentityAgent]; !ok {
				with = append(with, "the "+spec.PodIdentityAgent+" add-on")
			}
			if need.PodIdentitySince != "" {
				with = append(with, clusterKey("addons", name, "version")+" latest or "+need.PodIdentitySince+"-eksbuild.1 or later")
			}
			podIdentity := "set " + clusterKey("addons", name, "podIdentity") + ": true"
			if len(with) > 0 {
				podIdentity += " with " + strings.Join(with, " and ")
			}
			ways = append(ways, podIdentity)
		}
		fix := strings.Join(ways, ", or ")
		needs := "a policy for the buckets it mounts"
		if names := need.PolicyNames(); len(names) > 0 {
			needs = "the AWS managed policy " + names[0]
			if len(names) > 1 {
				needs = "the AWS managed policies " + strings.Join(names, " and ")
			}
		} else if len(ways) > 1 {
			fix += "; either way with the ARN of one in " + clusterKey("addons", name, "policyArns")
		} else {
			fix += " with the ARN of one in " + clusterKey("addons", name, "policyArns")
		}
		given := "ekskit gives its pods no IAM role"
		if pod != "" {
			given = fmt.Sprintf("%s associates a role with its service account %s/%s, but the add-on takes Pod Identity "+
				"credentials only from %s on, and %s is %s", clusterKey("podIdentities", pod), need.Namespace, need.PodIdentityAccount,
				need.PodIdentitySince, clusterKey("addons", name, "version"), cmp.Or(addons[name].Version, "unset (EKS's default, which may be older)"))
			fix = "set " + clusterKey("addons", name, "version") + " to latest or " + need.PodIdentitySince + "-eksbuild.1 or later " +
				"(a major version: read its upgrade notes first), or " + fix
		}
		out = append(out, hit{cluster("addons", name), fmt.Sprintf("%s calls AWS APIs and needs %s, and %s: EKS installs it, "+
			"and %s; %s", name, needs, given, need.Fails, fix)})
	}
	return out
}

// podIdentityOf is the pod identity whose association names the
// add-on's Pod Identity service account, if any.
func podIdentityOf(c spec.Cluster, need spec.AddonRole) string {
	for _, name := range slices.Sorted(maps.Keys(c.PodIdentities)) {
		if pi := c.PodIdentities[name]; need.TakesPodIdentity() && pi.Namespace == need.Namespace && pi.ServiceAccount == need.PodIdentityAccount {
			return name
		}
	}
	return ""
}

// heldBack is EKS023's check: a node group whose version is set and older
// than its cluster's. That is a deliberate hold while the control plane is
// upgraded alone (README, "Upgrading Kubernetes", step 2), and only then
// right: EKS's CreateNodegroup creates a group at the cluster's version
// only (the EKS API model, CreateNodegroupRequest.version: "By default,
// the Kubernetes version of the cluster is used, and this is the only
// accepted specified value"), so a new group, or a new stack, fails; and
// UpdateClusterVersion refuses the next upgrade while a managed group is
// at another version ("Nodegroups ... must be updated to match cluster
// version ... before updating cluster version",
// hashicorp/terraform-provider-aws#19478). An info, so that the hold does
// not stop a stack whose policy fails on warnings.
func heldBack(c spec.Cluster, ng spec.NodeGroup) string {
	cv, nv := spec.Minor(c.Version), spec.Minor(ng.Version)
	if ng.Version == "" || cv < 0 || nv < 0 || nv >= cv {
		return ""
	}
	next, _ := nextVersion(c.Version)
	return fmt.Sprintf("version %s is held %s behind the cluster's %s: EKS creates a node group only at its cluster's version, "+
		"so the group fails to be created if it is new (a new stack, or a replacement), and EKS refuses to upgrade the cluster "+
		"to %s until the group is at %s", ng.Version, minorVersions(cv-nv), c.Version, next, c.Version)
}

// groupZones is how many zones a node group's nodes may be in, as EKS009
// counts them, and what they are, in words: its subnets, else the
// cluster's, one zone each (ids do not say their zone); in the default VPC
// (vpcId unset), the zones of the default subnets the cluster runs in when
// in says them (Input.DefaultVPCZones), else 0.
func groupZones(in Input, ng spec.NodeGroup) (int, string) {
	switch c := in.Stack.Cluster; {
	case len(ng.SubnetIDs) > 0:
		return len(ng.SubnetIDs), "subnets (zones)"
	case len(c.SubnetIDs) > 0:
		return len(c.SubnetIDs), "subnets (zones)"
	case in.DefaultVPCZones != nil:
		return len(in.DefaultVPCZones), fmt.Sprintf("zones of the default VPC's default subnets the cluster runs in (%s, as the plan's "+
			"offline account has them: a real account may have fewer)", strings.Join(in.DefaultVPCZones, ", "))
	}
	return 0, ""
}

// olderKubeProxy is EKS021's check: kube-proxy pinned to a version for an
// older Kubernetes minor version than the cluster's. Kubernetes's version
// skew policy allows it (up to three minor versions older: spec refuses
// more), and a control-plane upgrade leaves it so; the EKS user guide's
// upgrade steps ("Update existing cluster to new Kubernetes version",
// step 4) then update kube-proxy, CoreDNS and the VPC CNI, kube-proxy to
// the version for the cluster's Kubernetes version ("Manage kube-proxy":
// one per Kubernetes version). At three minor versions older, the next
// upgrade would take kube-proxy out of the skew: spec refuses that config,
// and EKS's upgrade insight "kube-proxy version skew" flags it. coredns
// and vpc-cni versions are their own, not Kubernetes's: not checked.
func olderKubeProxy(in Input) []hit {
	c := in.Stack.Cluster
	a, ok := c.Addons["kube-proxy"]
	kv := spec.KubeProxyVersion(a.Version)
	cv, pv := spec.Minor(c.Version), spec.Minor(kv)
	if !ok || cv < 0 || pv < 0 || pv >= cv {
		return nil // not managed, not pinned, or for the cluster's version (newer: a config problem)
	}
	key := clusterKey("addons", "kube-proxy", "version")
	msg := fmt.Sprintf("%s is %s, for Kubernetes %s, %s older than the cluster's %s", key, a.Version, kv, minorVersions(cv-pv), c.Version)
	switch next, _ := nextVersion(c.Version); {
	case !spec.WithinSkew(c.Version, kv): // settings no stack file or cluster.Build accepts
		msg += ", more than the version skew allows (three)"
	case !spec.WithinSkew(next, kv):
		msg += fmt.Sprintf(", the most the version skew allows: ekskit refuses an upgrade to %s that leaves it so", next)
	}
	msg += fmt.Sprintf(": EKS's upgrade steps update kube-proxy to the cluster's version once the control plane is upgraded; "+
		"set a v%s.x version (aws eks describe-addon-versions --addon-name kube-proxy --kubernetes-version %s lists them)", c.Version, c.Version)
	return []hit{{cluster("addons", "kube-proxy", "version"), msg}}
}

// minorVersions is n minor versions in words.
func minorVersions(n int) string {
	if words := []string{"one minor version", "two minor versions", "three minor versions"}; n >= 1 && n <= len(words) {
		return words[n-1]
	}
	return fmt.Sprintf("%d minor versions", n)
}

// mixedSizes is EKS019's check of a group whose size moves: one a cluster
// autoscaler sizes (AutoscalerOwnsDesiredSize), or a spot group, whose
// nodes EC2 launches in whichever of its instance types' pools it picks.
// The Cluster Autoscaler on AWS plans a scale-up with the vCPUs and memory
// of one instance type of the Auto Scaling group (the first of its mixed
// instances policy's) and expects the group's types to have the same; the
// EKS user guide recommends types of the same vCPUs and memory in each spot
// group. Only the instance types spec knows the vCPUs and memory of are
// compared ([spec.Instance]); the others are named in the message, not
// guessed at. A group of one type, or of none (a launch template's type),
// has nothing to compare; a launch-template group that lists its types in
// instanceTypes is checked as any other.
func mixedSizes(ng spec.NodeGroup) string {
	if !ng.AutoscalerOwnsDesiredSize && ng.CapacityType != "SPOT" {
		return ""
	}
	type size struct {
		vcpus int
		gib   float64
	}
	var order []size
	types := map[size][]string{}
	var unknown []string
	for _, t := range ng.InstanceTypes {
		i := spec.Instance(t)
		if i.VCPUs == 0 || i.MemoryGiB == 0 {
			unknown = append(unknown, t)
			continue
		}
		s := size{i.VCPUs, i.MemoryGiB}
		if _, seen := types[s]; !seen {
			order = append(order, s)
		}
		types[s] = append(types[s], t)
	}
	if len(order) < 2 {
		return ""
	}
	parts := make([]string, len(order))
	for i, s := range order {
		parts[i] = fmt.Sprintf("%s (%d vCPU, %g GiB)", strings.Join(types[s], ", "), s.vcpus, s.gib)
	}
	msg := fmt.Sprintf("instance types of %d sizes: %s", len(order), strings.Join(parts, "; "))
	if len(unknown) > 0 {
		msg += fmt.Sprintf("; %s: size not known to ekskit, not compared", strings.Join(unknown, ", "))
	}
	if ng.AutoscalerOwnsDesiredSize {
		return msg + ": the Cluster Autoscaler plans a scale-up with the vCPUs and memory of one of them (the first of the " +
			"Auto Scaling group's) and expects every type of the group to have the same; a node of another size can be " +
			"too small for the pods it was added for, or larger than they need"
	}
	return msg + ": spot nodes are launched in whichever of these types' pools EC2 Auto Scaling picks, so the group's " +
		"vCPUs and memory change as nodes are interrupted and replaced; the EKS user guide recommends types of the same " +
		"vCPUs and memory for a spot group"
}

// supportEnd is the day from which EKS upgrades the cluster on its own,
// and the support that ends then: standard support's end with supportType
// STANDARD, extended support's with EXTENDED (standard support's end then
// raises the price: EKS008 gives notice of it as well). ok is false for a
// version without dates.
func supportEnd(c spec.Cluster) (end, kind string, ok bool) {
	ends, ok := spec.Support[c.Version]
	if c.SupportType == "EXTENDED" {
		return ends[1], "extended", ok
	}
	return ends[0], "standard", ok
}

// extendedPrice is what extended support costs more than standard support
// per cluster in the region, in words: the figures when the price table
// has the region, else none rather than another region's. With no region,
// the commercial regions' figures, one price in all of them, saying where
// they hold.
func extendedPrice(region string) string {
	std, ext, ok := cost.EKSHourly(region)
	where := ""
	if region == "" {
		std, ext = cost.EKSHourlyCommercial()
		ok, where = true, " in every commercial region (partition aws; ekskit has no price for the China or AWS GovCloud (US) regions)"
	}
	if !ok {
		return "the extended-support price"
	}
	return fmt.Sprintf("$%.2f more a month ($%.2f instead of $%.2f per cluster-hour)%s", (ext-std)*cost.HoursPerMonth, ext, std, where)
}

// nextVersion is the minor version after version, and whether ekskit's
// version table has it.
func nextVersion(version string) (next string, known bool) {
	next = fmt.Sprintf("1.%d", spec.Minor(version)+1)
	return next, slices.Contains(spec.SupportedVersions, next)
}

// staleException is the id of the rule on exceptions whose rule finds
// nothing on the stack: they would accept, unreviewed, the finding a later
// change brings.
const staleException = "EKS016"

// roomForWorkloads: pods a node fits with the VPC CNI, minus the system
// pods on every node (aws-node, kube-proxy, eks-pod-identity-agent when
// managed), minus the coredns replicas once per cluster.
func roomForWorkloads(in Input) []hit {
	perNodeSystem := []string{"aws-node", "kube-proxy"}
	if _, ok := in.Stack.Cluster.Addons[spec.PodIdentityAgent]; ok {
		perNodeSystem = append(perNodeSystem, spec.PodIdentityAgent)
	}
	total, known := 0, true
	type group struct {
		name, typ       string
		pods, free, num int
		// coredns: the group's nodes can run coredns
		coredns bool
	}
	var groups []group
	coredns := in.Stack.Cluster.CoreDNSPlacement()
	for _, name := range slices.Sorted(maps.Keys(in.Stack.NodeGroups)) {
		ng := in.Stack.NodeGroups[name]
		if ng.Windows() { // no aws-node, kube-proxy or coredns pods; other pod limits
			continue
		}
		smallest := 0
		var typ string
		for _, t := range ng.InstanceTypes {
			if p := spec.Instance(t).MaxPods; p > 0 && (smallest == 0 || p < smallest) {
				smallest, typ = p, t
			}
		}
		if smallest == 0 {
			known = false
			continue
		}
		g := group{name, typ, smallest, smallest - len(perNodeSystem), *ng.DesiredSize, ng.HostsCoreDNS(coredns)}
		groups = append(groups, g)
		if g.coredns { // coredns runs only there
			total += g.free * g.num
		}
	}
	var out []hit
	for _, g := range groups {
		// roomy: a node of pods pods in g's place leaves room for workloads
		roomy := func(pods int) bool {
			free := pods - len(perNodeSystem)
			return free > 0 && (!known || !g.coredns || total-g.free*g.num+free*g.num-corednsReplicas > 0)
		}
		if roomy(g.pods) {
			continue
		}
		msg := fmt.Sprintf("%s fits %d pods with the VPC CNI: %s fill it", g.typ, g.pods, strings.Join(perNodeSystem, ", "))
		if g.free > 0 { // the coredns replicas fill what is left
			msg = fmt.Sprintf("%s fits %d pods with the VPC CNI: %s and the %d coredns replicas fill the %d node(s)",
				g.typ, g.pods, strings.Join(perNodeSystem, ", "), corednsReplicas, g.num)
		}
		if t, pods := roomier(g.typ, roomy); t != "" {
			msg += fmt.Sprintf("; %s fits %d pods", t, pods)
		}
		out = append(out, hit{nodeGroup(g.name), msg})
	}
	return out
}

// roomier is the smallest instance type of typ's family (so of its
// architecture, which the group's AMI type runs on) whose max pods roomy
// accepts, and those pods; "" when spec knows none.
func roomier(typ string, roomy func(pods int) bool) (string, int) {
	family, _, _ := strings.Cut(typ, ".")
	best, bestInfo := "", spec.InstanceInfo{}
	for _, t := range spec.EC2InstanceTypes() {
		if !strings.HasPrefix(t, family+".") {
			continue // another family, left before spec.Instance reads it: most of the ~900 types
		}
		i := spec.Instance(t)
		if i.VCPUs == 0 || !roomy(i.MaxPods) {
			continue // a size spec does not know (metal), or too small
		}
		if best == "" || i.MaxPods < bestInfo.MaxPods || i.MaxPods == bestInfo.MaxPods && i.VCPUs < bestInfo.VCPUs {
			best, bestInfo = t, i
		}
	}
	return best, bestInfo.MaxPods
}

// cluster is the key path of a cluster setting, a finding's resource
// (ekskit:cluster.addons.coredns).
func cluster(keys ...string) string { return string(under(spec.Path(stackconfig.KeyCluster), keys)) }

// nodeGroup is the key path of a node group, a finding's resource
// (ekskit:nodeGroups.system).
func nodeGroup(name string) string { return string(spec.Path(stackconfig.KeyNodeGroups).Key(name)) }

// clusterKey is the full config key of a cluster setting as a fix names
// it, without the namespace, as the README and the stack files write it
// (cluster.addons.vpc-cni.irsa).
func clusterKey(keys ...string) string { return fixKey(stackconfig.KeyCluster, keys...) }

// groupKey is the full config key of a node group's setting as a fix names
// it, <name> standing for the group's name (nodeGroups.<name>.minSize).
func groupKey(keys ...string) string {
	return fixKey(stackconfig.KeyNodeGroups, append([]string{"<name>"}, keys...)...)
}

// fixKey is the path of keys under the top-level config key top, without
// the namespace.
func fixKey(top string, keys ...string) string {
	return string(under(spec.Path(strings.TrimPrefix(top, stackconfig.Namespace+":")), keys))
}

// under is the path of keys below p.
func under(p spec.Path, keys []string) spec.Path {
	for _, k := range keys {
		p = p.Key(k)
	}
	return p
}

// supportNotice is how many days before a version's support ends EKS008
// warns.
const supportNotice = 60

// daysUntil is the whole days from today to the date (YYYY-MM-DD).
func daysUntil(today time.Time, date string) int {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return supportNotice + 1 // the table's dates parse: see TestSupportDates
	}
	y, m, dd := today.Date()
	return int(d.Sub(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// ipv4Blocks are the CIDRs as networks (validated configs hold only IPv4
// network CIDRs).
func ipv4Blocks(cidrs []string) []netip.Prefix {
	var out []netip.Prefix
	for _, c := range cidrs {
		if p, err := netip.ParsePrefix(c); err == nil && p.Addr().Is4() {
			out = append(out, p.Masked())
		}
	}
	return out
}

// widest is the largest of the blocks (the zero Prefix for none).
func widest(blocks []netip.Prefix) netip.Prefix {
	var w netip.Prefix
	for _, p := range blocks {
		if !w.IsValid() || p.Bits() < w.Bits() {
			w = p
		}
	}
	return w
}

// coversAll reports whether the blocks together cover every IPv4 address
// (0.0.0.0/0, or 0.0.0.0/1 and 128.0.0.0/1, ...).
func coversAll(blocks []netip.Prefix) bool {
	var total uint64
	for i, p := range blocks {
		inside := slices.ContainsFunc(blocks[:i], func(q netip.Prefix) bool { return q.Bits() <= p.Bits() && q.Contains(p.Addr()) }) ||
			slices.ContainsFunc(blocks[i+1:], func(q netip.Prefix) bool { return q.Bits() < p.Bits() && q.Contains(p.Addr()) })
		if !inside { // blocks nest or are apart: count each outermost once
			total += 1 << (32 - p.Bits())
		}
	}
	return total == 1<<32
}

// fraction is the share of all IPv4 addresses a /bits block holds, in words.
func fraction(bits int) string {
	if bits == 1 {
		return "half"
	}
	return fmt.Sprintf("1/%d", 1<<bits)
}

// eachGroup runs f on each node group by name; a non-empty result is a
// finding on the group.
func eachGroup(in Input, f func(spec.NodeGroup) string) []hit {
	var out []hit
	for _, name := range slices.Sorted(maps.Keys(in.Stack.NodeGroups)) {
		if msg := f(in.Stack.NodeGroups[name]); msg != "" {
			out = append(out, hit{nodeGroup(name), msg})
		}
	}
	return out
}
