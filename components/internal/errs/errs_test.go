package errs

import (
	"errors"
	"io/fs"
	"testing"
)

func TestWrap(t *testing.T) {
	f := func(fail bool) (err error) {
		defer Wrap(&err, "node group %s", "workers")
		if fail {
			return fs.ErrNotExist
		}
		return nil
	}
	if err := f(false); err != nil {
		t.Errorf("no error: got %v", err)
	}
	err := f(true)
	if err == nil || err.Error() != "node group workers: file does not exist" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v, want the prefix and the error kept for errors.Is", err)
	}
}
