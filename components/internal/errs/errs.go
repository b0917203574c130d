// Package errs names a component's errors once: a New function defers
// [Wrap], and every error it returns says which component it is about.
package errs

import "fmt"

// Wrap prefixes *errp, unless it is nil, with the formatted context and
// ": ", keeping the error for errors.Is and errors.As. Call it deferred,
// on a named error result:
//
//	func New(ctx *pulumi.Context, name string, ...) (_ *T, err error) {
//		defer errs.Wrap(&err, "node group %s", name)
func Wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}
