// Package plain reads the values of Pulumi inputs that are given plainly,
// so that a component can check them before it registers anything.
package plain

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Strings returns the elements of a list given as a pulumi.StringArray
// of pulumi.String values, and whether it is one: false for an output, or
// a list with an element that is not plain.
func Strings(in pulumi.StringArrayInput) ([]string, bool) {
	list, ok := in.(pulumi.StringArray)
	if !ok {
		return nil, false
	}
	out := make([]string, len(list))
	for i, e := range list {
		s, ok := e.(pulumi.String)
		if !ok {
			return nil, false
		}
		out[i] = string(s)
	}
	return out, true
}
