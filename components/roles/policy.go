package roles

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	"github.com/ekskit/ekskit/components/spec"
)

// PolicyDocument is an IAM policy document.
type PolicyDocument struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement of a [PolicyDocument].
type Statement struct {
	Effect    string                       `json:"Effect"`
	Principal map[string]string            `json:"Principal,omitempty"`
	Action    Actions                      `json:"Action"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

// Actions are a [Statement]'s actions, written as IAM writes them: one
// as a string, more as a list.
type Actions []string

// MarshalJSON writes one action as a string, more as a list.
func (a Actions) MarshalJSON() ([]byte, error) {
	if len(a) == 1 {
		return json.Marshal(a[0])
	}
	return json.Marshal([]string(a))
}

// UnmarshalJSON reads a string or a list of strings.
func (a *Actions) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = Actions{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("an IAM policy's Action is a string or a list of strings: %w", err)
	}
	*a = many
	return nil
}

// DNSSuffix returns the partition's DNS suffix (amazonaws.com.cn in
// aws-cn), from [spec.PartitionByID]; amazonaws.com for a partition it
// does not know.
func DNSSuffix(partition string) string {
	if p, ok := spec.PartitionByID(partition); ok {
		return p.DNSSuffix
	}
	return "amazonaws.com"
}

// ManagedPolicyARN returns the ARN of an AWS managed policy in a partition.
func ManagedPolicyARN(partition, policy string) string {
	return fmt.Sprintf("arn:%s:iam::aws:policy/%s", partition, policy)
}

// ServicePrincipal returns the principal of an AWS service ("eks", "ec2")
// in a partition. EC2 uses the partition's DNS suffix; EKS is
// eks.amazonaws.com everywhere.
func ServicePrincipal(partition, service string) string {
	if service == "ec2" {
		return "ec2." + DNSSuffix(partition)
	}
	return service + ".amazonaws.com"
}

// ServiceTrustPolicy returns the trust policy that lets an AWS service
// principal assume a role.
func ServiceTrustPolicy(principal string) string {
	return TrustPolicy(Statement{Effect: "Allow", Action: Actions{"sts:AssumeRole"},
		Principal: map[string]string{"Service": principal}})
}

// ServiceAccountTrustPolicy returns the IRSA trust policy that lets one
// Kubernetes service account assume a role through the cluster's OIDC
// provider ([ServiceAccountStatement]).
func ServiceAccountTrustPolicy(providerARN, issuer, namespace, serviceAccount string) string {
	return TrustPolicy(ServiceAccountStatement(providerARN, issuer, namespace, serviceAccount))
}

// ServiceAccountStatement is the statement of an IRSA trust policy: it
// lets one Kubernetes service account assume a role through the
// cluster's OIDC provider; a serviceAccount with a * (efs-csi-*) is a
// pattern, matched with StringLike, that lets each account it matches in
// the namespace. issuer is the OIDC issuer URL, with or without https://.
func ServiceAccountStatement(providerARN, issuer, namespace, serviceAccount string) Statement {
	host := strings.TrimPrefix(issuer, "https://")
	sub := map[string]string{host + ":sub": "system:serviceaccount:" + namespace + ":" + serviceAccount}
	condition := map[string]map[string]string{"StringEquals": {host + ":aud": "sts.amazonaws.com"}}
	if strings.Contains(serviceAccount, "*") {
		condition["StringLike"] = sub
	} else {
		maps.Copy(condition["StringEquals"], sub)
	}
	return Statement{Effect: "Allow", Action: Actions{"sts:AssumeRoleWithWebIdentity"},
		Principal: map[string]string{"Federated": providerARN}, Condition: condition}
}

// PodIdentityPrincipal is the service principal EKS Pod Identity assumes
// roles as, in every partition (EKS user guide, "Create an IAM role for
// EKS Pod Identity"; its China edition names the same).
const PodIdentityPrincipal = "pods.eks.amazonaws.com"

// PodIdentityStatement is the statement of an EKS Pod Identity trust
// policy: EKS Pod Identity may assume the role and tag the session
// (sts:TagSession: it tags it with the cluster, namespace and service
// account). Which pods get the role is the pod identity association's to
// say, not the trust policy's.
func PodIdentityStatement() Statement {
	return Statement{Effect: "Allow", Action: Actions{"sts:AssumeRole", "sts:TagSession"},
		Principal: map[string]string{"Service": PodIdentityPrincipal}}
}

// TrustPolicy returns the trust policy of these statements.
func TrustPolicy(statements ...Statement) string {
	return mustJSON(PolicyDocument{Version: "2012-10-17", Statement: statements})
}

// OIDCProviderARN returns the ARN of the IAM OIDC provider of an EKS
// cluster in a partition: the account from the cluster's ARN, the path from
// its OIDC issuer URL.
func OIDCProviderARN(partition, clusterARN, issuer string) (string, error) {
	parts := strings.SplitN(clusterARN, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[4] == "" {
		return "", fmt.Errorf("not a cluster ARN: %q", clusterARN)
	}
	return fmt.Sprintf("arn:%s:iam::%s:oidc-provider/%s", partition, parts[4], strings.TrimPrefix(issuer, "https://")), nil
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v) // cannot fail: documents hold only strings and maps of strings
	return string(b)
}
