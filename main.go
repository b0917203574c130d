// Command ekskit is the Pulumi program that provisions an EKS cluster per
// stack from the components in ./components, configured by stacks/Pulumi.<stack>.yaml.
//
// Under `pulumi up` / `pulumi preview` it runs with no arguments. With the
// argument plan it prints, offline, the resources a stack would create, or
// with --diff what changes against a saved plan (see the README); version
// prints what it was built from; help, the usage:
//
//	go run . plan (--stack NAME | --config-file PATH) [--set PATH=VALUE]... [--diff PLAN.json] [--json]
//	go run . version
package main

import (
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	code, runProgram := command(os.Args[1:], os.Getenv(pulumi.EnvMonitor) != "", os.Stdout, os.Stderr)
	if !runProgram {
		os.Exit(code)
	}
	pulumi.Run(program)
}
