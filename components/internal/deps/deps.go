// Package deps builds the dependency lists the components pass to their
// children.
package deps

import (
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Present concatenates lists of resources, leaving out the ones that do not
// exist: nil entries and typed nil pointers, such as a component's optional
// child it did not create (controlplane's LogGroup with logging off). The
// Pulumi SDK dereferences every entry of DependsOn, so a nil one would
// crash the program instead of meaning "nothing to wait for".
func Present(lists ...[]pulumi.Resource) []pulumi.Resource {
	var out []pulumi.Resource
	for _, list := range lists {
		for _, r := range list {
			if r == nil {
				continue
			}
			if v := reflect.ValueOf(r); v.Kind() == reflect.Pointer && v.IsNil() {
				continue
			}
			out = append(out, r)
		}
	}
	return out
}
