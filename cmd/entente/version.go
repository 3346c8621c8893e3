package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version, commit and date can be set at build time with
// -ldflags "-X main.version=v1.2.3 -X main.commit=... -X main.date=...".
// They are fallbacks: the build information the Go toolchain records
// (module version, vcs.revision, vcs.time, vcs.modified) wins where it is
// present, so a plain "go build" in a clone or "go install ...@v1.2.3"
// report themselves without any flags. scripts/release sets them for
// builds where the toolchain records no VCS information (a git worktree).
var (
	version = ""
	commit  = ""
	date    = ""
)

// buildInfo is what "entente version" prints.
type buildInfo struct {
	Version string // module version, or "devel"
	Commit  string // full revision, "+dirty" appended when modified; "" unknown
	Date    string // the commit's time (RFC 3339); "" unknown
	Go      string // toolchain and target
}

// readBuildInfo combines the toolchain's build information (bi, nil when
// unavailable) with the link-time fallbacks.
func readBuildInfo(bi *debug.BuildInfo, ldVersion, ldCommit, ldDate string) buildInfo {
	info := buildInfo{Version: ldVersion, Commit: ldCommit, Date: ldDate, Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	if bi == nil {
		if info.Version == "" {
			info.Version = "devel"
		}
		return info
	}
	if v := bi.Main.Version; info.Version == "" && v != "" && v != "(devel)" {
		info.Version = v
	}
	if info.Version == "" {
		info.Version = "devel"
	}
	var rev, tm string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			tm = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev != "" {
		info.Commit = rev
		if dirty {
			info.Commit += "+dirty"
		}
	}
	if tm != "" {
		info.Date = tm
	}
	if bi.GoVersion != "" {
		info.Go = bi.GoVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
	}
	return info
}

// printVersion writes the version, the commit and its date: what a paper
// needs to cite the exact build.
func printVersion(w io.Writer) {
	bi, _ := debug.ReadBuildInfo()
	info := readBuildInfo(bi, version, commit, date)
	fmt.Fprintf(w, "entente %s\n", info.Version)
	c, d := info.Commit, info.Date
	if c == "" {
		c = "unknown (built without version control information)"
	}
	if d == "" {
		d = "unknown"
	}
	fmt.Fprintf(w, "commit  %s\ndate    %s\ngo      %s\n", c, d, info.Go)
}
