package examples

import "embed"

// FS holds the example files: *.yaml at its root, and the larger examples
// in folders of their own (NAME/NAME.yaml and the files beside it).
//
//go:embed *.yaml */*.yaml
var FS embed.FS
