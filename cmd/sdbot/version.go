package main

import (
	"runtime/debug"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=..."; the
// Dockerfile passes its VERSION build argument.
var version = "dev"

// buildVersion names this binary's build for `sdbot version`.
func buildVersion() string {
	info, _ := debug.ReadBuildInfo()
	return versionString(version, info)
}

// versionString prefers the version stamped with -ldflags, then the module
// version the go command records (`go install ...@v1.2.3`, or a pseudo-version
// from the checkout's commit), then the commit alone, so a build from a
// checkout names the commit it came from instead of saying only "dev".
func versionString(stamped string, info *debug.BuildInfo) string {
	if info == nil {
		return stamped
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(12, len(s.Value))]
		case "vcs.modified":
			modified = s.Value
		}
	}
	var extra []string
	v := stamped
	switch {
	case stamped != "" && stamped != "dev":
		if rev != "" && !strings.Contains(stamped, rev) {
			extra = append(extra, rev)
		}
	case info.Main.Version != "" && info.Main.Version != "(devel)":
		v = info.Main.Version // a pseudo-version already holds the commit
	case rev != "":
		v = "devel " + rev
		if modified == "true" {
			v += " with uncommitted changes"
		}
	default:
		extra = append(extra, "no version stamped")
	}
	if info.GoVersion != "" {
		extra = append(extra, info.GoVersion)
	}
	if len(extra) > 0 {
		v += " (" + strings.Join(extra, ", ") + ")"
	}
	return v
}
