package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionString(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "73761f696c6bb996bc1192f0a9a5908fc788ce9f"
	tests := []struct {
		name    string
		stamped string
		info    *debug.BuildInfo
		want    string
	}{
		{"no build info", "dev", nil, "dev"},
		{"docker build arg", "v1.4.0", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, "v1.4.0 (go1.26.8)"},
		{"stamped and vcs", "v1.4.0", &debug.BuildInfo{GoVersion: "go1.26.8", Settings: vcs(rev, "false")}, "v1.4.0 (73761f696c6b, go1.26.8)"},
		{"go install at a tag", "dev", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0 (go1.26.8)"},
		{"go build in a checkout", "dev", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261130021349-73761f696c6b+dirty"}, Settings: vcs(rev, "true")}, "v0.0.0-20261130021349-73761f696c6b+dirty (go1.26.8)"},
		{"commit without module version", "dev", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "true")}, "devel 73761f696c6b with uncommitted changes (go1.26.8)"},
		{"go run", "dev", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, "dev (no version stamped, go1.26.8)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionString(tt.stamped, tt.info); got != tt.want {
				t.Errorf("versionString(%q, ...) = %q; want %q", tt.stamped, got, tt.want)
			}
		})
	}
}
