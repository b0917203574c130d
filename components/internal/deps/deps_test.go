package deps

import (
	"errors"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func TestPresent(t *testing.T) {
	var typedNil *pulumi.CustomResourceState
	a, b := &pulumi.CustomResourceState{}, &pulumi.ResourceState{}
	got := Present([]pulumi.Resource{nil, a}, nil, []pulumi.Resource{typedNil, b})
	if len(got) != 2 || got[0] != a || got[1] != b {
		t.Errorf("Present = %v, want the two resources that exist, in order", got)
	}
	if got := Present(); got != nil {
		t.Errorf("Present() = %v, want nil", got)
	}
}

// TestCheckOptions: a nil or typed nil entry in pulumi.DependsOn, alone or
// among others, in any of several options, is an error; resources, other
// options and no options are not.
func TestCheckOptions(t *testing.T) {
	var typedNil *pulumi.CustomResourceState
	a, b := &pulumi.CustomResourceState{}, &pulumi.ResourceState{}
	for _, tc := range []struct {
		name string
		opts []pulumi.ResourceOption
		err  error
	}{
		{"none", nil, nil},
		{"resources", []pulumi.ResourceOption{pulumi.DependsOn([]pulumi.Resource{a, b}), pulumi.Protect(true)}, nil},
		{"nil alone", []pulumi.ResourceOption{pulumi.DependsOn([]pulumi.Resource{nil})}, ErrNilDependsOn},
		{"typed nil alone", []pulumi.ResourceOption{pulumi.DependsOn([]pulumi.Resource{typedNil})}, ErrNilDependsOn},
		{"nil among resources", []pulumi.ResourceOption{pulumi.DependsOn([]pulumi.Resource{a, nil, b})}, ErrNilDependsOn},
		{"typed nil in a second option", []pulumi.ResourceOption{pulumi.DependsOn([]pulumi.Resource{a}),
			pulumi.DependsOn([]pulumi.Resource{typedNil})}, ErrNilDependsOn},
	} {
		if err := CheckOptions(tc.opts); err != tc.err {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.err)
		}
	}
}

// TestPrepare: nil args are the zero value; the args' problems and the
// options' are reported together.
func TestPrepare(t *testing.T) {
	type args struct{ N int }
	bad := errors.New("bad")
	var seen args
	got, err := Prepare(nil, func(a args) error { seen = a; return nil }, nil)
	if err != nil || got == nil || *got != (args{}) || seen != (args{}) {
		t.Errorf("nil args: %v, %v", got, err)
	}
	in := &args{N: 3}
	if got, err := Prepare(in, func(args) error { return nil }, nil); got != in || err != nil {
		t.Errorf("args: %v, %v", got, err)
	}
	nilDep := []pulumi.ResourceOption{pulumi.DependsOn([]pulumi.Resource{nil})}
	if _, err := Prepare(in, func(args) error { return bad }, nilDep); !errors.Is(err, bad) || !errors.Is(err, ErrNilDependsOn) {
		t.Errorf("bad args and options: %v, want both errors", err)
	}
	if _, err := Prepare(in, func(args) error { return nil }, nilDep); !errors.Is(err, ErrNilDependsOn) {
		t.Errorf("bad options: %v", err)
	}
}
