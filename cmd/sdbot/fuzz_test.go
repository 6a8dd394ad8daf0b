package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoadConfig feeds arbitrary YAML to the config loader: no panic, and
// a rejected file always says why.
func FuzzLoadConfig(f *testing.F) {
	example, _ := os.ReadFile(filepath.Join("..", "..", "config.example.yaml"))
	f.Add(string(example))
	f.Add("slack: {mode: socket}\n")
	f.Add("schedule: {grace: -1h}\nhttp: {addr: ':0'}\n")
	f.Add("knowledge: {packs: [\"\"]}\n")
	f.Add("colour: red\n")
	f.Add("http: [\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, text string) {
		path := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		_, errs := loadConfig(path, func(string) string { return "" })
		for _, err := range errs {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("empty error")
			}
		}
	})
}
