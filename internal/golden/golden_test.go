package golden

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestDiff(t *testing.T) {
	var want, got any
	_ = json.Unmarshal([]byte(`{"a":{"b":1,"c":[1,2]},"d":"x","f":null}`), &want)
	_ = json.Unmarshal([]byte(`{"d":"x","a":{"c":[1,3],"b":1.0,"e":true},"g":null}`), &got)
	w := "  .a.c[1]: want 2, got 3\n  .a.e: want absent, got true\n  .f: want null, got absent\n  .g: want absent, got null\n"
	if d := Diff(want, got); d != w {
		t.Errorf("Diff = %q, want %q", d, w)
	}
	if d := Diff(want, want); d != "" {
		t.Errorf("Diff of a value with itself = %q", d)
	}
}

// comparing makes the test compare even under -update, which go test
// ./... -update passes to this package too.
func comparing(t *testing.T) {
	old := *Update
	*Update = false
	t.Cleanup(func() { *Update = old })
}

func TestJSONComparesByMeaning(t *testing.T) {
	comparing(t)
	path := filepath.Join(t.TempDir(), "g.json")
	if err := os.WriteFile(path, []byte("{\n  \"b\": 1.0,\n  \"a\": [\"x\"]\n}"), 0o644); err != nil {
		t.Fatal(err)
	}
	JSON(t, path, []byte(`{"a":["x"],"b":1}`)) // same meaning: must pass

	ft := &fakeT{TB: t}
	JSON(ft, path, []byte(`{"a":["y"],"b":1}`))
	if !ft.failed {
		t.Error("a different value passed")
	}
}

// fakeT records failures instead of failing the test.
type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Errorf(string, ...any) { f.failed = true }
func (f *fakeT) Fatalf(string, ...any) { f.failed = true }
func (f *fakeT) Helper()               {}

func TestFileComparesBytes(t *testing.T) {
	comparing(t)
	path := filepath.Join(t.TempDir(), "g.yaml")
	if err := os.WriteFile(path, []byte("a: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	File(t, path, []byte("a: 1\n"))
	for _, got := range []string{"a: 1", "a:  1\n"} { // same meaning is not enough here
		ft := &fakeT{TB: t}
		File(ft, path, []byte(got))
		if !ft.failed {
			t.Errorf("%q passed", got)
		}
	}
	ft := &fakeT{TB: t}
	File(ft, filepath.Join(t.TempDir(), "missing"), nil)
	if !ft.failed {
		t.Error("a missing file passed")
	}
}
