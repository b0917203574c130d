// Package golden compares test output with files checked into testdata,
// and rewrites them when tests run with -update:
//
//	go test ./... -update
//
// Every test package of the module imports it (blank where it has no golden
// files) so that the flag is defined wherever `go test ./...` passes it.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"
)

// Update is the -update flag: write golden files instead of comparing.
var Update = flag.Bool("update", false, "rewrite golden files under testdata with the current output")

// JSON compares got with the JSON file at path by meaning (key order,
// spacing and number spelling do not matter), or writes it with -update.
func JSON(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		var buf bytes.Buffer
		if err := json.Indent(&buf, got, "", "  "); err != nil {
			t.Fatalf("golden %s: output is not JSON: %v", path, err)
		}
		write(t, path, bytes.TrimSpace(buf.Bytes()))
		return
	}
	want := read(t, path)
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("golden %s: %v", path, err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if d := Diff(w, g); d != "" {
		t.Errorf("output differs from %s (review the change, then go test ./... -update):\n%s", path, d)
	}
}

// File compares got with the file at path byte for byte, or writes it with
// -update.
func File(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		write(t, path, got)
		return
	}
	if want := read(t, path); !bytes.Equal(want, got) {
		t.Errorf("output differs from %s (review the change, then go test ./... -update)", path)
	}
}

func write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run go test ./... -update to create it)", path, err)
	}
	return data
}

// Diff lists where two JSON values (as encoding/json decodes them into an
// any) differ, one dotted path per line; a key on one side only is "absent"
// on the other, which is not the same as null. It returns "" exactly when
// the two are equal.
func Diff(want, got any) string {
	var buf bytes.Buffer
	diff(&buf, "", want, got)
	return buf.String()
}

func diff(buf *bytes.Buffer, path string, want, got any) {
	wm, wok := want.(map[string]any)
	gm, gok := got.(map[string]any)
	if wok && gok {
		keys := slices.Concat(slices.Collect(maps.Keys(wm)), slices.Collect(maps.Keys(gm)))
		slices.Sort(keys)
		for _, k := range slices.Compact(keys) {
			w, inW := wm[k]
			g, inG := gm[k]
			if inW && inG {
				diff(buf, path+"."+k, w, g)
				continue
			}
			buf.WriteString("  " + path + "." + k + ": want " + shown(w, inW) + ", got " + shown(g, inG) + "\n")
		}
		return
	}
	wl, wok := want.([]any)
	gl, gok := got.([]any)
	if wok && gok && len(wl) == len(gl) {
		for i := range wl {
			diff(buf, path+"["+strconv.Itoa(i)+"]", wl[i], gl[i])
		}
		return
	}
	if !reflect.DeepEqual(want, got) {
		buf.WriteString("  " + path + ": want " + shown(want, true) + ", got " + shown(got, true) + "\n")
	}
}

// shown is a value as JSON, or "absent" where its key is missing.
func shown(v any, present bool) string {
	if !present {
		return "absent"
	}
	b, _ := json.Marshal(v)
	return string(b)
}
