// Command ekskit is the Pulumi program that provisions an EKS cluster per
// stack from the components in ./components, configured by stacks/Pulumi.<stack>.yaml.
//
// Under `pulumi up` / `pulumi preview` it runs with no arguments.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(program)
}
