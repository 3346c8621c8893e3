package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestReadBuildInfo(t *testing.T) {
	vcs := func(rev, tm, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: tm}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "feeac8403ed954de47f7c112dc3932ba0108904a"
	tests := []struct {
		name                   string
		bi                     *debug.BuildInfo
		ldVer, ldCommit, ldDay string
		want                   buildInfo
	}{
		{"go run: nothing known", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "", "", "",
			buildInfo{Version: "devel"}},
		{"no build info at all", nil, "", "", "",
			buildInfo{Version: "devel"}},
		{"go build in a clean clone", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261129111750-feeac8403ed9"}, Settings: vcs(rev, "2026-11-29T11:17:50Z", "false")}, "", "", "",
			buildInfo{Version: "v0.0.0-20261129111750-feeac8403ed9", Commit: rev, Date: "2026-11-29T11:17:50Z"}},
		{"modified tree", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261129111750-feeac8403ed9+dirty"}, Settings: vcs(rev, "2026-11-29T11:17:50Z", "true")}, "", "", "",
			buildInfo{Version: "v0.0.0-20261129111750-feeac8403ed9+dirty", Commit: rev + "+dirty", Date: "2026-11-29T11:17:50Z"}},
		{"go install from the proxy", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "", "", "",
			buildInfo{Version: "v1.2.3"}},
		{"release script: its version label wins, the toolchain's commit wins", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-x"}, Settings: vcs(rev, "2026-11-29T11:17:50Z", "false")}, "v1.0.0", "0000", "1999-01-01",
			buildInfo{Version: "v1.0.0", Commit: rev, Date: "2026-11-29T11:17:50Z"}},
		{"release script in a worktree: link-time fallbacks", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "v1.0.0", rev + "+dirty", "2026-11-29T11:17:50Z",
			buildInfo{Version: "v1.0.0", Commit: rev + "+dirty", Date: "2026-11-29T11:17:50Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readBuildInfo(tt.bi, tt.ldVer, tt.ldCommit, tt.ldDay)
			got.Go = ""
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestVersionCommand(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		var out, errb strings.Builder
		if code := run([]string{arg}, &out, &errb); code != 0 {
			t.Fatalf("%s: exit %d, %s", arg, code, errb.String())
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		if len(lines) != 4 || !strings.HasPrefix(lines[0], "entente ") || !strings.HasPrefix(lines[1], "commit ") ||
			!strings.HasPrefix(lines[2], "date ") || !strings.HasPrefix(lines[3], "go ") {
			t.Errorf("%s printed %q; expected the version, commit, date and go lines", arg, out.String())
		}
	}
}
