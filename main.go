// Command ekskit is the Pulumi program that provisions an EKS cluster per
// stack from the components in ./components, configured by stacks/Pulumi.<stack>.yaml.
//
// Under `pulumi up` / `pulumi preview` it runs with no arguments. With the
// argument plan it prints, offline, the resources a stack would create, or
// with --diff what changes against a saved plan (see the README):
//
//	go run . plan (--stack NAME | --config-file PATH) [--set PATH=VALUE]... [--diff PLAN.json] [--json]
package main

import (
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "plan" {
		os.Exit(runPlan(os.Args[2:], os.Stdout, os.Stderr))
	}
	pulumi.Run(program)
}
