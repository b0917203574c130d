package plan

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzChangeText: any two values print without a panic, in valid UTF-8,
// and two texts cut apart print differently whenever they differ, within
// valueWidth runes and the "..." marks.
func FuzzChangeText(f *testing.F) {
	f.Add(`["subnet-0a1b2c3d4e5f60711","subnet-0a1b2c3d4e5f60712","subnet-0a1b2c3d4e5f60713"]`,
		`["subnet-0a1b2c3d4e5f60711","subnet-0a1b2c3d4e5f60712","subnet-0a1b2c3d4e5f60714"]`)
	f.Add(`"`+string(make([]byte, 100))+`"`, `"é"`)
	f.Add(`{"a":[1,2,3]}`, `null`)
	f.Fuzz(func(t *testing.T, a, b string) {
		var va, vb any
		if json.Unmarshal([]byte(a), &va) != nil {
			va = a
		}
		if json.Unmarshal([]byte(b), &vb) != nil {
			vb = b
		}
		if s := changeText(va, vb); !utf8.ValidString(s) {
			t.Errorf("changeText(%q, %q) = %q: not UTF-8", a, b, s)
		}
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return // texts are JSON, which json.Marshal writes in UTF-8
		}
		ca, cb := cutApart(a, b)
		if a != b && ca == cb {
			t.Errorf("cutApart(%q, %q): both %q", a, b, ca)
		}
		for _, c := range []string{ca, cb} {
			if n := utf8.RuneCountInString(c); n > valueWidth+6 {
				t.Errorf("cutApart(%q, %q): %q is %d runes", a, b, c, n)
			}
		}
	})
}
