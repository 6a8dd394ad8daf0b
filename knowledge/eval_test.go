package knowledge

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

// sharedDir is where the workplace's shared files sit beside a checkout.
var sharedDir = filepath.Join("..", "..", "shared")

// TestDevSet reports retrieval quality on the shared dev questions, or on
// another file in the same format named by SDBOT_EVAL (a held-out set of
// your own, say). It prints the figures rather than asserting targets that
// the growing card set reaches step by step; it fails only if the search
// itself errors.
func TestDevSet(t *testing.T) {
	path := filepath.Join(sharedDir, "eval", "dev.yaml")
	if p := os.Getenv("SDBOT_EVAL"); p != "" {
		path = p
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("no dev set at %s: %v", path, err)
	}
	var dev struct {
		Questions []struct {
			Q      string   `yaml:"q"`
			Expect []string `yaml:"expect"`
		} `yaml:"questions"`
	}
	if err := yaml.Unmarshal(data, &dev); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	x := shippedIndex(t)
	var on, top1, top3, wronglyRefused, off, refused int
	for _, item := range dev.Questions {
		a, err := x.Answer(context.Background(), item.Q)
		if err != nil {
			t.Fatalf("Answer(%q): %v", item.Q, err)
		}
		var ids []string
		for _, r := range a.Results {
			ids = append(ids, r.Card.ID)
		}
		if os.Getenv("SDBOT_EVAL_DEBUG") != "" && len(a.Results) > 0 {
			ok := len(item.Expect) == 0 || slices.Contains(item.Expect, ids[0])
			t.Logf("ROW %v %.3f %.3f %v", len(item.Expect) > 0, a.Results[0].relevance, a.Results[0].Confidence, ok)
		}
		if len(item.Expect) == 0 {
			off++
			if !a.Answered {
				refused++
			} else {
				t.Logf("off-topic answered: %q -> %v (conf %.2f rel %.2f)", item.Q, ids[:min(3, len(ids))], a.Results[0].Confidence, a.Results[0].relevance)
			}
			continue
		}
		on++
		hit := func(k int) bool {
			for _, id := range ids[:min(k, len(ids))] {
				if slices.Contains(item.Expect, id) {
					return true
				}
			}
			return false
		}
		if hit(1) {
			top1++
		}
		if hit(3) {
			top3++
		}
		if !a.Answered {
			wronglyRefused++
		}
		if !hit(1) || !a.Answered {
			conf, rel := 0.0, 0.0
			if len(a.Results) > 0 {
				conf, rel = a.Results[0].Confidence, a.Results[0].relevance
			}
			t.Logf("miss: %q want %v got %v answered=%v (conf %.2f rel %.2f)", item.Q, item.Expect, ids[:min(3, len(ids))], a.Answered, conf, rel)
		}
	}
	t.Logf("%s: %d cards; top-1 %.3f, top-3 %.3f (%d on-topic); off-topic refused %.3f (%d); on-topic wrongly refused %.3f",
		filepath.Base(path), x.Set().Len(), ratio(top1, on), ratio(top3, on), on, ratio(refused, off), off, ratio(wronglyRefused, on))
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func shippedIndex(t testing.TB) *Index {
	t.Helper()
	set, errs := Load()
	if len(errs) > 0 {
		t.Logf("load: %d problems, first: %v", len(errs), errs[0])
	}
	x, err := NewIndex(set)
	if err != nil {
		t.Fatalf("NewIndex: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}
