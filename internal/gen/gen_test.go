package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGenerated: the committed knowledge tables are what the generator
// writes from their sources (run go run ./internal/gen after updating
// the AWS SDK or instance-info.jsonl).
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

// TestEC2InstancesExcerpt: the excerpt keeps the Linux on-demand prices of
// the families spec knows, in the regions the tables cover, sorted; a
// type not sold in a region ("N/A", or no price) and other families are
// left out.
func TestEC2InstancesExcerpt(t *testing.T) {
	data := `[
	 {"instance_type":"t3.small","pricing":{"eu-west-1":{"linux":{"ondemand":"0.0228"}},"us-east-1":{"linux":{"ondemand":"0.0208"},"mswin":{"ondemand":"0.0392"}},"sa-east-1":{"linux":{"ondemand":"0.0336"}}}},
	 {"instance_type":"t3.micro","pricing":{"us-east-1":{"linux":{"ondemand":"0.0104"}},"ap-southeast-1":{"linux":{"ondemand":"N/A"}}}},
	 {"instance_type":"x2gd.large","pricing":{"us-east-1":{"linux":{"ondemand":"0.167"}}}},
	 {"instance_type":"m5.large","pricing":{"us-west-2":{"linux":{}}}}
	]`
	got, err := ec2instancesExcerpt(strings.NewReader(data), "The source, named at length so that its line has to be broken in two: "+
		"github.com/cristim/ec2-instances-info v0.0.0-20250528091325-32acf84f42eb.", "2025-05-28")
	if err != nil {
		t.Fatal(err)
	}
	want := "# The source, named at length so that its line has to be broken in two:\n" +
		"# github.com/cristim/ec2-instances-info v0.0.0-20250528091325-32acf84f42eb.\n" +
		"# As of: 2025-05-28 from ec2instances.info\n" +
		"# Format: region instance-type price (written by go run ./internal/gen -ec2instances VERSION)\n" +
		"us-east-1 t3.micro 0.0104\nus-east-1 t3.small 0.0208\neu-west-1 t3.small 0.0228\n"
	if string(got) != want {
		t.Errorf("excerpt:\n%s\nwant:\n%s", got, want)
	}
	if _, err := ec2instancesExcerpt(strings.NewReader(`[{"instance_type":"x2gd.large"}]`), "s", "d"); err == nil {
		t.Error("an excerpt with no price: no error")
	}
}

// TestPriceCrossCheck: outside us-east-1, only the types whose us-east-1
// price in ec2instances.info is the Price List's are taken; each region's
// prices are dated by their excerpt.
func TestPriceCrossCheck(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "internal", "gen")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ondemand-us-east-1.txt", "# Price List.\n# As of: 2026-07-20 from the AWS Price List API\n# Format: instance-type price\n"+
		"t3.micro 0.010400\nc6g.metal 2.306600\nm5.large 0.096\n")
	var ec2 strings.Builder
	ec2.WriteString("# ec2instances.info.\n# As of: 2025-05-28 from ec2instances.info\n")
	ec2.WriteString("us-east-1 t3.micro 0.0104\nus-east-1 c6g.metal 2.176\n") // m5.large missing there
	for _, r := range priceRegions[1:] {
		ec2.WriteString(r + " t3.micro 0.0114\n" + r + " c6g.metal 2.4\n" + r + " m5.large 0.107\n")
	}
	write("ondemand-ec2instances.txt", ec2.String())
	got, err := onDemandPrices(root)
	if err != nil {
		t.Fatal(err)
	}
	if p := got.byRegion["us-east-1"]; len(p) != 3 || p["c6g.metal"] != 2.3066 || got.asOf["us-east-1"] != "2026-07-20 from the AWS Price List API" {
		t.Errorf("us-east-1: %v, as of %q", p, got.asOf["us-east-1"])
	}
	for _, r := range priceRegions[1:] {
		if p := got.byRegion[r]; len(p) != 1 || p["t3.micro"] != 0.0114 || got.asOf[r] != "2025-05-28 from ec2instances.info" {
			t.Errorf("%s: %v, as of %q", r, p, got.asOf[r])
		}
		if s := got.source[r]; !strings.Contains(s, "1 of 3 (not c6g.metal, m5.large)") {
			t.Errorf("%s: source %q", r, s)
		}
	}

	// no agreement at all is an error, not empty tables
	write("ondemand-ec2instances.txt", "# As of: 2025-05-28 from ec2instances.info\nus-east-1 t3.micro 0.02\n")
	if _, err := onDemandPrices(root); err == nil || !strings.Contains(err.Error(), "no us-east-1 price agrees") {
		t.Errorf("no agreement: %v", err)
	}
}

// TestReadExcerptRefuses: a line that is not "region type price" in a
// regional excerpt, a type priced twice, and a missing or undated "As of"
// line are errors, not silently read.
func TestReadExcerptRefuses(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"# As of: 2025-05-28 from x\nt3.micro 0.0104\n", `bad line "t3.micro 0.0104"`},
		{"# As of: 2025-05-28 from x\neu-west-1 t3.micro 0.0114\neu-west-1 t3.micro 0.0115\n", "eu-west-1 t3.micro priced twice"},
		{"eu-west-1 t3.micro 0.0114\n", `no "# As of: DATE from SOURCE" line`},
		{"# As of: May 2025 from x\neu-west-1 t3.micro 0.0114\n", "As of: parsing time"},
		{"# As of: 2025-05-28 from x\neu-west-1 t3.micro N/A\n", "bad price"},
	} {
		path := filepath.Join(t.TempDir(), "excerpt.txt")
		if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := readExcerpt(path, true); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.text, err, tc.want)
		}
	}
}

// TestExcerptIsTheModules: where the module the excerpt names is in the
// module cache (as after go run ./internal/gen -ec2instances), the
// excerpt's prices are what ec2instancesExcerpt reads from its
// data/instances.json today. Skipped elsewhere: the test does not download.
func TestExcerptIsTheModules(t *testing.T) {
	data, err := os.ReadFile("ondemand-ec2instances.txt")
	if err != nil {
		t.Fatal(err)
	}
	version := regexp.MustCompile(`v0\.0\.0-\d{14}-[0-9a-f]{12}`).FindString(string(data))
	cache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if version == "" || err != nil {
		t.Fatalf("version %q, GOMODCACHE: %v", version, err)
	}
	f, err := os.Open(filepath.Join(strings.TrimSpace(string(cache)), ec2instancesModule+"@"+version, "data", "instances.json"))
	if err != nil {
		t.Skipf("%s@%s is not in the module cache: %v", ec2instancesModule, version, err)
	}
	defer f.Close()
	got, err := ec2instancesExcerpt(f, "h", "2025-05-28")
	if err != nil {
		t.Fatal(err)
	}
	prices := func(b []byte) string {
		var lines []string
		for _, l := range strings.Split(string(b), "\n") {
			if !strings.HasPrefix(l, "#") {
				lines = append(lines, l)
			}
		}
		return strings.Join(lines, "\n")
	}
	if prices(got) != prices(data) {
		t.Error("ondemand-ec2instances.txt is not the module's data: go run ./internal/gen -ec2instances " + version)
	}
}

// TestGoCmd: the go commands run read-only after the caller's own GOFLAGS,
// and a failure says why, from stderr or from go mod download -json's
// Error (it writes nothing to stderr).
func TestGoCmd(t *testing.T) {
	t.Setenv("GOFLAGS", "-modcacherw")
	o, err := goCmd("../..", "env", "GOFLAGS")
	if err != nil || strings.TrimSpace(string(o)) != "-modcacherw -mod=readonly" {
		t.Errorf("GOFLAGS: %q, %v; want the caller's, then -mod=readonly", o, err)
	}
	t.Setenv("GOPROXY", "off")
	_, err = goCmd("../..", "mod", "download", "-json", "example.com/nonexistent@v1.0.0")
	if err == nil || !strings.Contains(err.Error(), "GOPROXY=off") {
		t.Errorf("go mod download of a module the proxy cannot give: %v, want the reason", err)
	}
	if _, err = goCmd("../..", "list", "-m", "example.com/nonexistent"); err == nil || !strings.Contains(err.Error(), "example.com/nonexistent") {
		t.Errorf("go list -m of a module not in the graph: %v, want the reason", err)
	}
}
