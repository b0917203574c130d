package plain_test

import (
	"slices"
	"testing"

	"github.com/ekskit/ekskit/components/internal/plain"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func TestStrings(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   pulumi.StringArrayInput
		want []string
		ok   bool
	}{
		{"plain", pulumi.StringArray{pulumi.String("a"), pulumi.String("b")}, []string{"a", "b"}, true},
		{"empty", pulumi.StringArray{}, []string{}, true},
		{"an output inside", pulumi.StringArray{pulumi.String("a"), pulumi.String("b").ToStringOutput()}, nil, false},
		{"an output", pulumi.StringArrayOutput{}, nil, false},
		{"nil", nil, nil, false},
	} {
		got, ok := plain.Strings(tc.in)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q %v, want %q %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}
