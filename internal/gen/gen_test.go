package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGenerated: the committed knowledge tables are what the generator
// writes from their sources (run go run ./internal/gen after updating
// pulumi-aws or instance-info.jsonl).
func TestGenerated(t *testing.T) {
	files, err := generate("../..")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("generated %d files", len(files))
	}
	for path, want := range files {
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: go run ./internal/gen", path)
		}
	}
}
