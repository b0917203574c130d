// Package deps builds the dependency lists the components pass to their
// children, and checks the args and options a component is given.
package deps

import (
	"errors"
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
			if !absent(r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// absent reports whether r is nil or a typed nil pointer.
func absent(r pulumi.Resource) bool {
	if r == nil {
		return true
	}
	v := reflect.ValueOf(r)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// Prepare begins a component's New: nil args are the zero value; every
// problem of the args (validate) and a nil resource in a pulumi.DependsOn
// option ([CheckOptions]) are one error, before anything is registered.
func Prepare[A any](args *A, validate func(A) error, opts []pulumi.ResourceOption) (*A, error) {
	if args == nil {
		args = new(A)
	}
	if err := errors.Join(validate(*args), CheckOptions(opts)); err != nil {
		return nil, err
	}
	return args, nil
}

// ErrNilDependsOn is CheckOptions' error.
var ErrNilDependsOn = errors.New("pulumi.DependsOn holds a nil resource, which the Pulumi SDK would crash the program on: " +
	"leave it out (it may be an optional resource that was not created, such as a control plane's LogGroup with logging off), " +
	"or list it in the component's Args.DependsOn, which leaves nil entries out")

// CheckOptions returns [ErrNilDependsOn] when a pulumi.DependsOn among opts
// holds a nil resource or a typed nil pointer: the Pulumi SDK dereferences
// every entry, in a goroutine of its own, and would crash the program
// rather than return an error. (The SDK's own snapshot of the options sorts
// them by name, which already dereferences them: hence the recover.)
// pulumi.DependsOnInputs is not checked: the SDK resolves its resources
// later, and a nil one crashes the program there.
func CheckOptions(opts []pulumi.ResourceOption) (err error) {
	defer func() {
		if recover() != nil {
			err = ErrNilDependsOn
		}
	}()
	ro, err := pulumi.NewResourceOptions(opts...)
	if err != nil {
		return err
	}
	for _, r := range ro.DependsOn {
		if absent(r) {
			return ErrNilDependsOn
		}
	}
	return nil
}
