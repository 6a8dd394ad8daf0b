package knowledge

import (
	"context"
	"fmt"
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
	path := devFile
	if p := os.Getenv("SDBOT_EVAL"); p != "" {
		path = p
	}
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no dev set at %s: %v", path, err)
	}
	s := evaluate(t, shippedIndex(t), path)
	t.Logf("%s: %s", filepath.Base(path), s)
}

// TestHeldOut guards against ranking regressions on the held-out questions
// in testdata/eval, which the search was not tuned on. The floors sit a
// little under the figures measured with the fitted answer decision and
// 225 cards and their everyday phrasings (top-1 0.970, top-3 1.000,
// off-topic refused 1.000, wrongly refused 0.018; since the askers'
// classifier top-1 0.945, one question fewer than with the cards' priors
// alone; with it in the decision, off-topic refused 0.967 and wrongly
// refused 0.030, one question more of each, against 30 fewer errors in
// cross-validation on real questions).
func TestHeldOut(t *testing.T) {
	all := evaluateFiles(t, "heldout-a.yaml", "heldout-b.yaml")
	if all.on < 150 || all.off < 25 {
		t.Fatalf("only %d on-topic and %d off-topic questions", all.on, all.off)
	}
	floors(t, all, 0.94, 0.98, 0.80, 0.04)
}

// evaluateFiles evaluates the shipped cards on the files under
// testdata/eval, logs each file's figures and returns them added up.
func evaluateFiles(t *testing.T, files ...string) evalStats {
	t.Helper()
	x := shippedIndex(t)
	var all evalStats
	for _, f := range files {
		s := evaluate(t, x, filepath.Join("testdata", "eval", f))
		t.Logf("%s: %s", f, s)
		all.add(s)
	}
	if len(files) > 1 {
		t.Logf("pooled: %s", all)
	}
	return all
}

// TestRealDev guards the figures on the real-question development set,
// which the answer decision is fitted on (so they are not a measure of
// unseen questions): top-1 0.889, top-3 0.972, off-topic refused 0.897 and
// answerable refused 0.078 when it was fitted.
func TestRealDev(t *testing.T) {
	s := evaluate(t, shippedIndex(t), filepath.Join("testdata", "eval", "real-dev.yaml"))
	t.Logf("real-dev.yaml: %s", s)
	if s.on < 150 || s.off < 25 {
		t.Fatalf("only %d on-topic and %d off-topic questions", s.on, s.off)
	}
	floors(t, s, 0.84, 0.94, 0.80, 0.08)
}

// TestRealCheck guards the figures on the real questions the answer
// decision is not fitted on: every real-check-N.yaml in testdata/eval, the
// newest batches, each too small to be the check alone, pooled. Each file's
// header gives its figures measured unseen on arrival, and the test logs
// the pooled ones.
//
// What more questions to fit on are worth: the fifteenth batch, a check
// before, had 29 of its answerable questions and 53 of its off-topic ones
// decided wrongly with the fit on 1,780 questions, 31 and 57 with half of
// them, and 24 and 49 with 3,415 (the earlier checks added). Each rotation
// since has moved the newest check by a question or six either way; the
// one from 12,060 questions to 12,483 put three more of the eightieth and
// eighty-first batches' 105 answerable questions first and two more in the
// top three, refused six more of their 434 off-topic ones and two more
// answerable ones. The last, onto 13,481 questions (batches 80 to 83
// joined the fit), came with the ranking weights and the askers'
// discount, and on batches 84 to 87 (122 answerable, 512 off-topic) put
// one fewer first and one more in the top three, refused nine more
// off-topic questions and six more answerable ones. The next, onto 14,115
// (batches 84 to 87 joined the fit), came with the ranking's askers'
// score undiscounted, and on batches 88 to 91 (190 answerable, 562
// off-topic) put as many first and in the top three as the models before
// it, refused eight fewer off-topic questions and one fewer answerable
// one. Those batches come from other sources (GitHub issues, interview
// write-ups, Q&A pages, Hacker News titles) than the Reddit posts before
// them: few of their answerable questions are refused, and many of their
// off-topic ones (one product's behaviour, coding exercises) are
// answered. Batch 92 mixes four kinds of source in one file, as the
// batches after it should, so that no one kind sets the operating point.
// The rotation onto 14,867 questions (batches 88 to 91 joined the fit), on
// batches 92 to 96 (219 answerable, 855 off-topic), put one fewer first
// and three more in the top three, refused seven more off-topic questions
// and one more answerable one; the refit onto 14,947 (80 off-topic Quora
// questions joined the fit) refused four more of those off-topic ones.
// Batch 98 (39 answerable, 206 off-topic) arrived with a fifth of its
// answerable questions refused and lowered the pooled top-1 to 0.778;
// batch 99 (55 answerable, 352 off-topic) brought it back to 0.791, and
// its off-topic questions (many from GitHub issues on one product's
// behaviour) lowered the share refused to 0.757; batch 100, mostly such
// GitHub issues, lowered it to 0.738, and batch 101, all GitHub issues,
// to 0.729. The rotation onto 16,070 questions (batches 92 to 97 joined
// the fit, and the stacking keeps each source's questions in one fold),
// on batches 98 to 101 (161 answerable, 885 off-topic), put one fewer
// first and two fewer in the top three, refused seven more off-topic
// questions and four more answerable ones than the models before it.
// Splitting camel-case words, refitted on the same questions, refused
// three fewer of those answerable questions and three fewer off-topic
// ones. Batch 102 (27 answerable, 135 off-topic) lowered top-1 to 0.766,
// and batch 103 (12 answerable, 129 off-topic) left the check at 0.765 /
// 0.885 / 0.694 / 0.120; with batch 104 (12 / 39) it is 0.764 / 0.892 /
// 0.700 / 0.113. Batch 105 (46 answerable, 241 off-topic, three in four
// of those GitHub issues on one product's behaviour) raised top-1 to 0.791
// and top-3 to 0.903, and lowered the off-topic share refused to 0.691:
// 0.791 / 0.903 / 0.691 / 0.124. Batch 106 (44 answerable, 67 off-topic,
// interview write-ups) left it at 0.778 / 0.891 / 0.697 / 0.116. The
// rotation onto 17,470 questions (batches 98 to 104 joined the fit), on
// batches 105 and 106 (90 answerable, 308 off-topic), refused seven more
// off-topic questions than the models before it and changed nothing
// else: 0.811 / 0.889 / 0.708 / 0.122. Batch 107 (41 answerable, 146
// off-topic) left it at 0.809 / 0.901 / 0.716 / 0.122. Batch 108 (56
// answerable, 333 off-topic; interview write-ups, GitHub issues of
// frameworks and samples, Hacker News and Stack Exchange titles) arrived
// with a sixth of its answerable questions refused and many put second
// behind a neighbouring card, and left the check at 0.770 / 0.904 / 0.750
// / 0.134. Batch 109 (37 answerable, 253 off-topic; blog write-ups,
// candidates' reports in public datasets, engineers' records of their
// interviews) arrived with a quarter of its answerable questions refused
// and nearly all its off-topic ones (coding, behavioural and HR
// questions) refused, and left it at 0.750 / 0.902 / 0.792 / 0.152.
// The rotation onto 18,055 questions (batches 105 to 107 joined the
// fit), on batches 108 and 109 (93 answerable, 586 off-topic), put one
// more first and one more in the top three and refused three more
// off-topic questions: 0.677 / 0.914 / 0.857 / 0.194. Batch 110 (99
// answerable, 178 off-topic; GitHub issues of databases and brokers, none
// of them answerable, study questions from reading groups and course
// notes, a candidate's interview records) left the check at 0.708 /
// 0.880 / 0.827 / 0.193 (with the models before the rotation 0.703 /
// 0.875 / 0.818 / 0.188). Batch 111 (136 answerable, 426 off-topic;
// course and exam questions, interview write-ups, GitHub issues of job
// queues, frameworks and gateways, chat archives, podcast transcripts,
// learners' issues in tutorial repositories) arrived with a fifth of its
// answerable questions refused and many put second behind a neighbouring
// card, and left the check at 0.680 / 0.869 / 0.807 / 0.195. It alone
// has the 90 answerable questions a rotation asks for; the rotation onto
// 19,011 questions (batches 108 to 110 joined the fit), on batch 111, put
// one more first, refused three fewer answerable questions and six fewer
// off-topic ones. Batch 112 (99 answerable, 222 off-topic; learners' study
// notes, engineers' interview records, podcast and talk transcripts)
// arrived at 0.717 / 0.899 / 0.721 / 0.172 with the models before the
// rotation. On batches 111 and 112 (235 answerable, 648 off-topic) the new
// models give 0.689 / 0.868 / 0.747 / 0.170 (the old 0.672 / 0.872 / 0.753
// / 0.187). Batch 113 (57 answerable, 122 off-topic; learners' study notes,
// engineers' interview logs) left the check at 0.705 / 0.887 / 0.745 /
// 0.168. Batch 114 (117 answerable, 327 off-topic) alone has the 90
// answerable questions a rotation asks for; the rotation onto 20,073
// questions (batches 111 to 113 joined the fit) came after it, and batches
// 115 to 117 after that. On batches 114 to 117 (384 answerable, 984
// off-topic; course and exam questions, interview records, podcast and AMA
// transcripts, Q&A and forum pages, GitHub issues) the new models put as
// many first as the models before them and one fewer in the top three, and
// refused nine more off-topic questions and as many answerable ones: 0.826
// / 0.930 / 0.729 / 0.138. Batch 118 (97 answerable, 329 off-topic)
// alone has the 90 answerable questions a rotation asks for; the rotation
// onto 21,441 questions (batches 114 to 117 joined the fit) came after it,
// and batches 119 to 122 after that. On batches 118 to 122 (538
// answerable, 1,264 off-topic; course and exam questions, paper reviews,
// interview logs, reading groups' and learners' own questions, GitHub
// issues) the new models put one fewer first and one more in the top three
// than the models before them, and refused as many answerable questions
// and seven fewer off-topic ones: 0.758 / 0.879 / 0.733 / 0.149. Then
// glued compounds were split (compound.go) and batches 123 and 124 joined;
// the check, batches 118 to 124 (793 answerable, 1,767 off-topic), stood
// at 0.767 / 0.889 / 0.713 / 0.136. Batch 123 alone
// has the 90 answerable questions a rotation asks for, but the rotation
// onto 23,243 questions gained nothing on batches 123 and 124 and let two
// more held-out off-topic questions through (under the catalog target), so
// it was not made. Batches 125 to 128 (454 answerable, 538 off-topic;
// their headers give their sources and their figures on arrival) joined
// next, and the cards gained some names people search by; the check,
// batches 118 to 128 (1,247 answerable, 2,305 off-topic), stands at 0.788
// / 0.909 / 0.710 / 0.119, and the floors follow. Batches 125 and 126
// again called for a rotation; onto 23,911 questions it ranked them a
// little better but refused four more of their answerable questions and
// let the held-out off-topic figure fall under the catalog target, so it
// was not made.
// The targets are higher (see the notes of issue 13); these floors
// only catch a step back.
func TestRealCheck(t *testing.T) {
	all := evaluateFiles(t, realChecks()...)
	if all.on < 90 || all.off < 90 {
		t.Fatalf("only %d on-topic and %d off-topic questions", all.on, all.off)
	}
	floors(t, all, 0.78, 0.90, 0.70, 0.13)
}

// floors fails for each figure below its floor (above, for refusals of
// answerable questions).
func floors(t *testing.T, s evalStats, top1, top3, offRefused, wronglyRefused float64) {
	t.Helper()
	if r := ratio(s.top1, s.on); r < top1 {
		t.Errorf("top-1 %.3f; want at least %.2f", r, top1)
	}
	if r := ratio(s.top3, s.on); r < top3 {
		t.Errorf("top-3 %.3f; want at least %.2f", r, top3)
	}
	if r := ratio(s.refused, s.off); r < offRefused {
		t.Errorf("off-topic refused %.3f; want at least %.2f", r, offRefused)
	}
	if r := ratio(s.wronglyRefused, s.on); r > wronglyRefused {
		t.Errorf("on-topic wrongly refused %.3f; want at most %.2f", r, wronglyRefused)
	}
}

type evalStats struct {
	cards                                        int
	on, top1, top3, wronglyRefused, off, refused int
	right, pending                               int
}

func (s *evalStats) add(o evalStats) {
	s.cards = o.cards
	s.on += o.on
	s.top1 += o.top1
	s.top3 += o.top3
	s.wronglyRefused += o.wronglyRefused
	s.off += o.off
	s.refused += o.refused
	s.right += o.right
	s.pending += o.pending
}

func (s evalStats) String() string {
	out := fmt.Sprintf("%d cards; top-1 %.3f, top-3 %.3f (%d on-topic); off-topic refused %.3f (%d); on-topic wrongly refused %.3f; answered right %.3f",
		s.cards, ratio(s.top1, s.on), ratio(s.top3, s.on), s.on, ratio(s.refused, s.off), s.off, ratio(s.wronglyRefused, s.on), ratio(s.right, s.on))
	if s.pending > 0 {
		out += fmt.Sprintf("; %d questions wait for cards not written yet", s.pending)
	}
	return out
}

// evalItem is one labelled question: the cards that answer it, or none
// for an off-topic question.
type evalItem struct {
	Q      string   `yaml:"q"`
	Expect []string `yaml:"expect"`
	Source string   `yaml:"source"`
	Shape  string   `yaml:"shape"`
}

// readEval reads a question file in the dev set's format; ok is false when
// the file is absent.
func readEval(t *testing.T, path string) ([]evalItem, bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, false
	}
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Questions []evalItem `yaml:"questions"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return file.Questions, true
}

// anyCard reports whether any of the ids is a card.
func anyCard(x *Index, ids []string) bool {
	for _, id := range ids {
		if _, err := x.Set().Card(id); err == nil {
			return true
		}
	}
	return false
}

// evaluate answers every question of a file in the dev set's format and
// counts how the answers compare with the expected card ids. A question
// whose expected cards are none of them written yet is counted apart.
func evaluate(t *testing.T, x *Index, path string) evalStats {
	t.Helper()
	items, ok := readEval(t, path)
	if !ok {
		t.Fatalf("no question file %s", path)
	}
	s := evalStats{cards: x.Set().Len()}
	for _, item := range items {
		if len(item.Expect) > 0 && !anyCard(x, item.Expect) {
			s.pending++
			continue
		}
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
			s.off++
			if !a.Answered {
				s.refused++
			} else {
				t.Logf("off-topic answered: %q -> %v (conf %.2f rel %.2f)", item.Q, ids[:min(3, len(ids))], a.Results[0].Confidence, a.Results[0].relevance)
			}
			continue
		}
		s.on++
		hit := func(k int) bool {
			for _, id := range ids[:min(k, len(ids))] {
				if slices.Contains(item.Expect, id) {
					return true
				}
			}
			return false
		}
		if hit(1) {
			s.top1++
			if a.Answered {
				s.right++
			}
		}
		if hit(3) {
			s.top3++
		}
		if !a.Answered {
			s.wronglyRefused++
		}
		if !hit(1) || !a.Answered {
			conf, rel := 0.0, 0.0
			if len(a.Results) > 0 {
				conf, rel = a.Results[0].Confidence, a.Results[0].relevance
			}
			t.Logf("miss: %q want %v got %v answered=%v (conf %.2f rel %.2f)", item.Q, item.Expect, ids[:min(3, len(ids))], a.Answered, conf, rel)
		}
	}
	return s
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// withoutLearnedRanking takes out of x's ranking what the fit learned
// from the labelled questions: the askers' words and the cards' priors
// (askers.go), the askers' classifier (classifier.go) and the cards'
// ranking biases (rankbias.go). A test that shows what one other signal
// does calls it, because the labelled questions reach many cards by
// themselves; a new learned ranking signal belongs here too.
func withoutLearnedRanking(x *Index) {
	x.setAskers(nil)
	x.classes, x.bias = nil, nil
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

// TestUnrelatedLine measures where unrelatedLikelihood sits on the
// labelled question files under testdata/eval and dev.yaml (the held-out
// files and the check, which the fit leaves out, and real-dev and
// dev.yaml, which it uses): how many refused off-topic questions fall
// under it, and how many answerable ones refused with the right card
// first. A refusal under the line tells the asker no card is near, so it
// must hold few of the second kind, and it is worth having only while it
// holds a good share of the first. With the eighty-fourth and eighty-fifth
// batches in the check the share went from 0.30 (193 of 635) to 0.29 (254
// of 877); with batches 80 to 83 in the fit and 84 to 87 the check, it is
// 0.34 (161 of 469).
func TestUnrelatedLine(t *testing.T) {
	x := shippedIndex(t)
	files := slices.Concat([]string{devFile}, evalPaths("real-dev.yaml"), checkFiles())
	var off, offUnder, near, nearUnder int
	for _, s := range samples(t, x, files) {
		a, err := x.Answer(context.Background(), s.q)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case a.Answered:
		case !s.answerable:
			off++
			if a.Unrelated() {
				offUnder++
			}
		case len(a.Results) > 0 && slices.Contains(s.expect, a.Results[0].Card.ID):
			near++
			if a.Unrelated() {
				nearUnder++
			}
		}
	}
	t.Logf("under the line: %d of %d refused off-topic questions, %d of %d answerable ones refused with the right card first", offUnder, off, nearUnder, near)
	if off == 0 || float64(offUnder) < 0.25*float64(off) {
		t.Errorf("%d of %d refused off-topic questions under the line; want at least 0.25", offUnder, off)
	}
	if float64(nearUnder) > 0.2*float64(near) {
		t.Errorf("%d of %d answerable questions refused with the right card first under the line; want at most 0.2", nearUnder, near)
	}
}
