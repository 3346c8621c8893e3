package web

import (
	"embed"
	"io/fs"
)

//go:embed assets
var assets embed.FS

// FS returns the pages, rooted at the folder served as /.
func FS() fs.FS {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the folder is embedded: cannot happen
	}
	return sub
}
