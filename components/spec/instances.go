package spec

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// family is what spec knows of an instance family beyond its name: its
// memory per vCPU and whether it is burstable (T family sizes). Sources:
// the Amazon EC2 instance type pages (General purpose, Compute optimized,
// Memory optimized: "Instance specifications"), checked 2026-11.
type family struct {
	// gibPerVCPU is the memory per vCPU of the family's sizes from large up.
	gibPerVCPU float64
	burstable  bool
}

// families are the instance families EKS users pick most, which spec knows
// vCPUs, memory and max pods of (the families of the cost estimate too).
var families = map[string]family{
	"t3": {4, true}, "t3a": {4, true}, "t4g": {4, true},
	"m5": {4, false}, "m5a": {4, false}, "m6i": {4, false}, "m6a": {4, false}, "m7i": {4, false},
	"m7a": {4, false}, "m6g": {4, false}, "m7g": {4, false},
	"c5": {2, false}, "c5a": {2, false}, "c6i": {2, false}, "c6a": {2, false}, "c7i": {2, false},
	"c6g": {2, false}, "c7g": {2, false},
	"r5": {8, false}, "r5a": {8, false}, "r6i": {8, false}, "r6a": {8, false}, "r7i": {8, false},
	"r6g": {8, false}, "r7g": {8, false},
}

// burstableSizes are the T family's sizes: vCPUs and GiB of memory.
var burstableSizes = map[string][2]float64{
	"nano": {2, 0.5}, "micro": {2, 1}, "small": {2, 2}, "medium": {2, 4}, "large": {2, 8}, "xlarge": {4, 16}, "2xlarge": {8, 32},
}

// KnownFamily reports whether spec knows the vCPUs, memory and max pods of
// an instance family's types.
func KnownFamily(name string) bool { _, ok := families[name]; return ok }

// InstanceInfo is what spec knows of an instance type.
type InstanceInfo struct {
	// Arch is x86_64 or arm64.
	Arch string
	// VCPUs and MemoryGiB; 0 when not known (metal sizes, other families).
	VCPUs     int
	MemoryGiB float64
	// MaxPods is the pods a node of this type runs with the VPC CNI:
	// ENIs x (IPv4 addresses per ENI - 1) + 2, the EKS AMI's default; 0 when
	// not known.
	MaxPods int
}

var (
	ec2Once  sync.Once
	ec2Types []string
)

// EC2InstanceTypes are the instance types of the AWS SDK for Go v2's EC2
// model (types.InstanceType), sorted.
func EC2InstanceTypes() []string {
	ec2Once.Do(func() {
		ec2Types = enumStrings(ec2types.InstanceType("").Values())
		sort.Strings(ec2Types)
	})
	return ec2Types
}

// IsEC2InstanceType reports whether t is an instance type of the EC2 model.
func IsEC2InstanceType(t string) bool {
	_, found := slices.BinarySearch(EC2InstanceTypes(), t)
	return found
}

// Instance returns what spec knows of an instance type: its architecture
// for any name of the usual shape, vCPUs, memory and max pods for the
// families spec knows.
func Instance(t string) InstanceInfo {
	info := InstanceInfo{Arch: Arch(t)}
	name, size, _ := strings.Cut(t, ".")
	f, ok := families[name]
	if !ok {
		return info
	}
	if e, ok := enis[t]; ok {
		info.MaxPods = e[0]*(e[1]-1) + 2
	}
	if f.burstable {
		if s, ok := burstableSizes[size]; ok {
			info.VCPUs, info.MemoryGiB = int(s[0]), s[1]
		}
		return info
	}
	switch {
	case size == "medium":
		info.VCPUs = 1
	case size == "large":
		info.VCPUs = 2
	case size == "xlarge":
		info.VCPUs = 4
	case strings.HasSuffix(size, "xlarge"):
		if n, err := strconv.Atoi(strings.TrimSuffix(size, "xlarge")); err == nil {
			info.VCPUs = 4 * n
		}
	}
	info.MemoryGiB = float64(info.VCPUs) * f.gibPerVCPU
	return info
}
