package plain_test

// The -update flag, which `go test ./... -update` passes to every package.
import _ "github.com/ekskit/ekskit/internal/golden"
