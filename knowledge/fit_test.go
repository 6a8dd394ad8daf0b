package knowledge

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/format"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The files the answer decision is fitted on, and the ones it is checked on
// (never fitted on). The newest batch of real questions is the check;
// when a new batch arrives it is measured unseen, becomes the check, and
// the one before joins the fit (real-fitNb.yaml were checks until the
// fifteenth batch, and from the fifteenth every real-fitN.yaml was the
// check, alone or pooled, until a newer one came, but for those named
// below: fitting on twice the questions was worth more than the larger
// check, see the comment of TestRealCheck). The first refit with
// real-fit37.yaml refused "k8s control plane components" (likelihood
// 0.486), which TestAnswerRanking guards: the labelled questions that
// write "k8s" are mostly off-topic (11 of 16), and the classifier and the
// neighbours read it apart from kubernetes; they now read a one-word
// synonym written another way as one word (prepared.learned).
// A batch too small to be the check (real-fit22.yaml came with a larger
// one, real-fit24.yaml had 50 on-topic questions) or not a sample of what
// people ask (real-fit27.yaml was aimed at the cards with fewest labelled
// questions) joins the fit once it is measured, or is a second check
// (real-fit25.yaml was one).
//
// The fit is dev.yaml, real-dev.yaml and every file in testdata/fit; the
// check is every real-check-N.yaml in testdata/eval. Moving a batch's file
// from one directory to the other is all a rotation takes. The numbered
// files are taken in the order of their numbers (real-fit2.yaml,
// real-fit2b.yaml, real-fit3.yaml, ..., real-fit10.yaml): the fit's folds
// are cut in that order.
//
// The lists are read when a test asks for them, not when the package
// starts: only what a test reads while it runs is known to go test's
// cache, so a list read at start left a new batch's file unseen and the
// evaluation tests reported their cached result.

// devFile is the shared catalog-style development set.
var devFile = filepath.Join(sharedDir, "eval", "dev.yaml")

// fitFiles are the files the models are fitted on.
func fitFiles() []string {
	return slices.Concat(
		[]string{devFile},
		evalPaths("real-dev.yaml"),
		testdataPaths("fit", "offtopic.yaml", textbookFile),
		testdataPaths("fit", numbered("fit", "real-fit")...))
}

// textbookFile holds questions written for the fit, chapter by chapter
// through textbooks' tables of contents: those on the concepts a card
// explains and those on the concepts next to them that no card explains.
const textbookFile = "textbook.yaml"

// checkFiles are the files the models are checked on, never fitted on.
func checkFiles() []string {
	return slices.Concat(evalPaths("heldout-a.yaml", "heldout-b.yaml"), evalPaths(realChecks()...))
}

// realChecks are the real questions kept out of the fit.
func realChecks() []string { return numbered("eval", realCheckPrefix) }

// realCheckPrefix begins the name of each batch of the check.
const realCheckPrefix = "real-check-"

// numbered is the names of the files in testdata/dir called prefix, a
// number, perhaps a letter, and ".yaml", in the order of their numbers
// (a file with a letter after the one without).
func numbered(dir, prefix string) []string {
	paths, err := filepath.Glob(filepath.Join("testdata", dir, prefix+"*.yaml"))
	if err != nil {
		panic(err) // only a malformed pattern fails
	}
	type name struct {
		n      int
		suffix string
		base   string
	}
	names := make([]name, 0, len(paths))
	for _, p := range paths {
		base := filepath.Base(p)
		n, suffix, ok := batchNumber(base, prefix)
		if !ok {
			continue // not a numbered batch
		}
		names = append(names, name{n, suffix, base})
	}
	slices.SortFunc(names, func(a, b name) int {
		if a.n != b.n {
			return a.n - b.n
		}
		return strings.Compare(a.suffix, b.suffix)
	})
	out := make([]string, len(names))
	for i, nm := range names {
		out[i] = nm.base
	}
	return out
}

// batchNumber reads a batch file's name, prefix, a number, perhaps a
// letter, and ".yaml": its number and letter, and whether it has that form.
func batchNumber(base, prefix string) (n int, suffix string, ok bool) {
	s := strings.TrimSuffix(strings.TrimPrefix(base, prefix), ".yaml")
	digits := strings.TrimRight(s, "abcdefghijklmnopqrstuvwxyz")
	n, err := strconv.Atoi(digits)
	return n, s[len(digits):], err == nil
}

// evalPaths is where the named question files are, under testdata/eval.
func evalPaths(names ...string) []string { return testdataPaths("eval", names...) }

// testdataPaths is where the named files are, under testdata/dir.
func testdataPaths(dir string, names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Join("testdata", dir, n)
	}
	return out
}

// sample is one labelled question's features: answerable is true when a
// card answers it.
type sample struct {
	q          string
	f          [nFeatures]float64
	answerable bool
	model      int    // which weights decide it: short or long question
	file       string // where it came from
	group      string // its source (the thread it came from), if known
	forms      []string
	expect     []string   // the cards that answer it
	p          prepared   // the question prepared for search, once
	cands      []rankCand // the cards its search ranked (featurized)
}

// samples reads the labelled questions of the files, each prepared for
// search once, without their features (featurized works them out). Questions whose expected cards are
// not written yet are left out.
func samples(t *testing.T, x *Index, files []string) []sample {
	t.Helper()
	var out []sample
	for _, path := range files {
		items, ok := readEval(t, path)
		if !ok {
			continue
		}
		for _, it := range items {
			if len(it.Expect) > 0 && !anyCard(x, it.Expect) {
				continue
			}
			q, _, err := clean(it.Q)
			if err != nil {
				t.Fatalf("%s: %q: %v", path, it.Q, err)
			}
			sm := newSample(x, q, it.Expect, path)
			sm.group = it.Source
			out = append(out, sm)
		}
	}
	return out
}

// newSample is the sample of a cleaned question answered by the expected
// cards (none: off-topic), read from file.
func newSample(x *Index, q string, expect []string, file string) sample {
	return sample{q: q, answerable: len(expect) > 0, file: file, forms: wordForms(q), expect: expect, p: x.prepare(q)}
}

// featurized returns copies of the samples with their decision features
// worked out with the index as it is (its topical weights included).
func featurized(t *testing.T, x *Index, data []sample) []sample {
	t.Helper()
	out := slices.Clone(data)
	for i := range out {
		p := out[i].p
		res, err := x.search(context.Background(), p, rerankDepth)
		if err != nil {
			t.Fatal(err)
		}
		out[i].f, out[i].model = x.features(p, res), model(len(p.terms))
		out[i].cands = x.rankCands(res, out[i].expect)
	}
	return out
}

// foldOf gives each sample one of k folds: a question's whole thread (the
// questions of one source, such as a post's title and the questions of
// its body) goes to one fold, the threads in turn as they first come. A
// thread's questions share words and labels, and a new batch never reuses
// a thread, so they must not sit on both sides: out of fold, the askers,
// classifier, neighbours and wording models would find a question's
// sibling and look more telling than they are for a new question, and the
// decision would learn to trust them too much (with every k-th question
// instead, refitted on the same 14,947, the check of batches 92 to 98 had
// one fewer in the top three, two fewer off-topic questions refused and
// one more answerable one). A question of no known source is a thread of
// its own.
func foldOf(data []sample, k int) []int {
	return foldsBy(data, k, func(i int, s sample) string {
		if s.group == "" {
			return "#" + strconv.Itoa(i)
		}
		return s.group
	})
}

// foldsBy gives each sample one of k folds by its key: the samples of one
// key share a fold, and the keys take the folds in turn as they first come.
func foldsBy(data []sample, k int, key func(i int, s sample) string) []int {
	keys := map[string]int{}
	folds := make([]int, len(data))
	for i, s := range data {
		id := key(i, s)
		n, ok := keys[id]
		if !ok {
			n = len(keys)
			keys[id] = n
		}
		folds[i] = n % k
	}
	return folds
}

// foldSplit is one fold of the samples, given each one's fold (foldOf):
// those in the fold (part), their places in data (at), and the other
// samples (rest), each in data's order.
func foldSplit(data []sample, folds []int, fold int) (part []sample, at []int, rest []sample) {
	for i, f := range folds {
		if f == fold {
			part, at = append(part, data[i]), append(at, i)
		} else {
			rest = append(rest, data[i])
		}
	}
	return part, at, rest
}

// TestFoldOfKeepsThreadsTogether: the questions of one source share a
// fold, threads take the folds in turn, and a question without a source
// is a thread of its own.
func TestFoldOfKeepsThreadsTogether(t *testing.T) {
	var data []sample
	for _, g := range []string{"a", "a", "b", "", "", "c", "a", "d"} {
		data = append(data, sample{group: g})
	}
	got := foldOf(data, 5)
	want := []int{0, 0, 1, 2, 3, 4, 0, 0}
	if !slices.Equal(got, want) {
		t.Fatalf("folds %v, want %v", got, want)
	}
	part, at, rest := foldSplit(data, got, 0)
	if !slices.Equal(at, []int{0, 1, 6, 7}) || len(part) != 4 || len(rest) != 4 {
		t.Fatalf("fold 0 holds %v (%d) with %d left, want [0 1 6 7] with 4 left", at, len(part), len(rest))
	}
}

// featurizedStacked is featurized with the askers' counts (askers.go),
// classifier (classifier.go) and labelled neighbours (neighbours.go) of
// the other k-1 folds for each fold: counted with its own words, a
// labelled question would find its cards' askers far likelier than a new
// question does (and itself among its neighbours), and the decision would
// learn to trust them too much. The cards' ranking biases and the
// ranking's weights (rankbias.go) are fitted on these out-of-fold
// rankings first, and the features come from the ranking with them; they
// are left in the index (x.bias, x.rankW), with no labelled counts, no
// classifier and no neighbours.
func featurizedStacked(t *testing.T, x *Index, data []sample, k int) []sample {
	t.Helper()
	type foldModels struct {
		askers     *askerTally
		classes    *classModel
		neighbours *neighbourModel
		part       []sample
		at         []int
	}
	folds := make([]foldModels, k)
	of := foldOf(data, k)
	for fold := range folds {
		f := &folds[fold]
		var rest []sample
		f.part, f.at, rest = foldSplit(data, of, fold)
		f.askers, f.classes, f.neighbours = tally(askersFrom(x, rest)), classesFrom(x, rest), neighboursFrom(rest)
	}
	out := slices.Clone(data)
	x.bias, x.rankW = nil, [nRankFeatures]float64{}
	for pass := range 2 {
		for _, f := range folds {
			x.setAskers(f.askers)
			x.classes = f.classes
			x.neighbours = f.neighbours
			for j, s := range featurized(t, x, f.part) {
				out[f.at[j]] = s
			}
		}
		if pass == 0 {
			r := fitRank(out, biasLambda, true)
			x.bias, x.rankW = r.bias, r.w
		}
	}
	x.setAskers(nil)
	x.classes = nil
	x.neighbours = nil
	return out
}

// topicalFrom works out the topical weights (topical.go) from the
// answerable samples: for each word, the share of the questions using it
// whose answering card has it, smoothed by topicalPrior pseudo-questions
// in which the card does.
func topicalFrom(x *Index, data []sample) map[string]float64 {
	used, had := map[string]float64{}, map[string]float64{}
	for _, s := range data {
		if !s.answerable {
			continue
		}
		p := s.p
		for _, tm := range p.terms {
			used[tm.stem]++
			for _, id := range s.expect {
				if _, err := x.set.Card(id); err == nil && x.termMatch(id, tm, p) > 0 {
					had[tm.stem]++
					break
				}
			}
		}
	}
	w := map[string]float64{}
	for stem, n := range used {
		if n < topicalMinQuestions || had[stem] == n {
			continue
		}
		w[stem] = (had[stem] + topicalPrior) / (n + topicalPrior)
	}
	return w
}

// askersFrom counts the words of the answerable samples for the cards
// that answer them (askers.go); a question answered by several cards counts
// a share for each. It counts the questions each card of the set answers
// too, each in full.
func askersFrom(x *Index, data []sample) (map[string]map[string]float64, map[string]float64) {
	out, questions := map[string]map[string]float64{}, map[string]float64{}
	for _, c := range x.set.Cards() {
		questions[c.ID] = 0
	}
	for _, s := range data {
		var ids []string
		for _, id := range s.expect {
			if _, err := x.set.Card(id); err == nil {
				ids = append(ids, id)
			}
		}
		if !s.answerable || len(ids) == 0 {
			continue
		}
		p := s.p
		for _, id := range ids {
			questions[id]++
			if out[id] == nil {
				out[id] = map[string]float64{}
			}
			for _, tm := range p.terms {
				out[id][tm.stem] += 1 / float64(len(ids))
			}
		}
	}
	return out, questions
}

// generatedSource is a generated Go file of this package: the header,
// then body, formatted.
func generatedSource(body string) []byte {
	src, err := format.Source([]byte("// Code generated by SDBOT_FIT=write go test ./knowledge -run TestFitDecision; DO NOT EDIT.\n\npackage knowledge\n\n" + body))
	if err != nil {
		panic(err) // the text is fixed Go
	}
	return src
}

// askersSource is decide_askers.go for the askers' counts: per card, its
// stems and counts as "stem:count" pairs, sorted, and the questions it
// answers.
func askersSource(counts map[string]map[string]float64, questions map[string]float64, n int) []byte {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "// The askers' word counts (askers.go), from %d labelled questions.\n", n)
	buf.WriteString(pairsDecl("askerCounts", counts))
	buf.WriteString("\n")
	buf.WriteString(mapDecl("How many of them each card answers (its prior, askers.go).", "askerQuestions", questions, "%g"))
	return generatedSource(buf.String())
}

// TestFitDecision fits the answer decision (a logistic regression over the
// features in decide.go) on the labelled questions in fitFiles, reports
// how it does on them, in 5-fold cross-validation and on the held-out
// files, and with SDBOT_FIT=write rewrites decide_weights.go, the wording
// model's decide_words.go, the topical weights' decide_terms.go, the
// askers' counts in decide_askers.go, the askers' classifier in
// decide_classes.go, the labelled neighbours in decide_neighbours.go and
// the cards' ranking biases in decide_bias.go. Refit after the cards or the
// labelled questions change much:
//
//	SDBOT_FIT=1 go test ./knowledge -run TestFitDecision -v
//	SDBOT_FIT=write go test ./knowledge -run TestFitDecision -v
//	SDBOT_FIT=1 SDBOT_FIT_FOLDS=file go test ./knowledge -run TestFitDecision -v
func TestFitDecision(t *testing.T) {
	mode := os.Getenv("SDBOT_FIT")
	if mode == "" {
		t.Skip("set SDBOT_FIT=1 to fit the answer decision, SDBOT_FIT=write to keep the weights")
	}
	x := shippedIndex(t)
	checks := checkFiles()
	train := samples(t, x, fitFiles())
	checked := samples(t, x, checks)
	inUse := featurized(t, x, checked) // with the topical weights shipped
	// The topical weights come first: they change the ranking and the
	// features the decision is fitted on.
	topical := topicalFrom(x, train)
	x.setTopical(topical)
	train = featurizedStacked(t, x, train, 5)
	ranking := rankFit{x.bias, x.rankW}
	for k, v := range ranking.w {
		t.Logf("ranking weight %-13s %+.4f", rankFeatureNames[k], v)
	}
	askers, questions := askersFrom(x, train)
	x.setAskers(tally(askers, questions))
	classifier := classesFrom(x, train)
	x.classes = classifier
	x.neighbours = neighboursFrom(train)
	check := featurized(t, x, checked)
	// The wording model is fitted first; the decision is fitted on its
	// out-of-fold scores, so that it weighs the wording of questions the
	// wording model has not seen, as a new question's will be.
	wordsW, wordsB := fitWords(train, wordsLambda)
	stackWording(train, 5)
	setWording(check, wordsW, wordsB)
	w, b := fitModels(train)
	t.Logf("fitted on %d questions: %s", len(train), decisionReport(train, w, b))
	for _, f := range checks {
		var c, u []sample
		for i, s := range check {
			if s.file == f {
				c, u = append(c, s), append(u, inUse[i])
			}
		}
		if len(c) > 0 {
			t.Logf("%s (%d, not fitted on): %s; with the weights in use: %s", filepath.Base(f), len(c), decisionReport(c, w, b), decisionReport(u, decisionWeights, decisionBias))
			t.Logf("  %s; with the models in use: %s", rankRates(c), rankRates(u))
		}
	}
	t.Logf("all of those with the weights in use: %s", decisionReport(inUse, decisionWeights, decisionBias))
	// With SDBOT_FIT_CV=skip the cross-validation is left out: the fit
	// alone takes about a fifth of the time (12 minutes of 56 on 12,483
	// questions).
	dump := map[string][]sample{"train": train, "check": check}
	if os.Getenv("SDBOT_FIT_CV") != "skip" {
		dump["cv"] = crossValidate(t, x, train)
	}
	if path := os.Getenv("SDBOT_FIT_DUMP"); path != "" {
		dumpSamples(t, path, dump)
	}
	for m, name := range []string{"short", "long"} {
		t.Logf("%s questions:", name)
		for i, f := range featureNames {
			t.Logf("  %-16s %+.3f", f, w[m][i])
		}
		t.Logf("  %-16s %+.3f", "bias", b[m])
	}
	if mode == "write" {
		if err := os.WriteFile("decide_weights.go", weightsSource(w, b, len(train)), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("decide_words.go", wordsSource(wordsW, wordsB, len(train)), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("decide_terms.go", topicalSource(topical, len(train)), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("decide_askers.go", askersSource(askers, questions, len(train)), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("decide_classes.go", classesSource(classifier, len(train)), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("decide_neighbours.go", neighboursSource(train), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("decide_bias.go", biasSource(ranking, len(train)), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("wrote decide_weights.go")
	}
}

// crossValidate reports the k-fold cross-validation of the fit on train
// (its stacked samples): each fold is predicted by models fitted on the
// others, the wording model included. It changes x's fitted models, and
// returns the folds' samples, featurized out of fold.
func crossValidate(t *testing.T, x *Index, train []sample) []sample {
	t.Helper()
	// The folds keep each thread on one side (foldOf). With
	// SDBOT_FIT_FOLDS=file each fold is whole files of questions, as a new
	// batch would be: then not even one repository's questions sit on both
	// sides, which flatters a model of per-card words (askers.go) when they
	// do.
	const k = 5
	folds := foldOf(train, k)
	if os.Getenv("SDBOT_FIT_FOLDS") == "file" {
		folds = foldsBy(train, k, func(_ int, s sample) string { return s.file })
	}
	var cv, cvPlain []sample // cvPlain: ranked without the cards' biases and the ranking's weights
	var cvPred []bool
	for fold := range k {
		te, _, tr := foldSplit(train, folds, fold)
		// the fold's own topical weights, from the questions it is fitted on
		x.setTopical(topicalFrom(x, tr))
		tr = featurizedStacked(t, x, tr, k)
		x.setAskers(tally(askersFrom(x, tr)))
		x.classes = classesFrom(x, tr)
		x.neighbours = neighboursFrom(tr)
		te = featurized(t, x, te)
		x.bias, x.rankW = nil, [nRankFeatures]float64{}
		cvPlain = append(cvPlain, featurized(t, x, te)...)
		fww, fwb := fitWords(tr, wordsLambda)
		stackWording(tr, k)
		setWording(te, fww, fwb)
		fw, fb := fitModels(tr)
		for _, s := range te {
			cv = append(cv, s)
			cvPred = append(cvPred, predict(s, fw, fb))
		}
	}
	t.Logf("5-fold cross-validation: %s", rates(cv, cvPred))
	t.Logf("  %s; without the cards' biases and the ranking's weights: %s", rankRates(cv), rankRates(cvPlain))
	if os.Getenv("SDBOT_FIT_DEBUG") != "" {
		for i, s := range cv {
			if cvPred[i] != s.answerable {
				t.Logf("wrong: answerable=%v %.2f %q", s.answerable, s.f, s.q)
			}
		}
	}
	return cv
}

// dumpSamples writes sets of samples (the cross-validation's out-of-fold
// ones, the fit's stacked ones, the check's), one JSON object a line, for
// trying other decision and ranking models outside Go: each with its set,
// file, question (cleaned, as the search saw it, for reading the errors),
// label, model, number of telling words, features and ranked cards
// (id, log score without the cards' biases and the ranking's weights,
// whether it answers the question, and what its score was made of).
func dumpSamples(t *testing.T, path string, sets map[string][]sample) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	type cand struct {
		ID    string     `json:"id"`
		Score float64    `json:"score"`
		OK    bool       `json:"ok"`
		Parts [6]float64 `json:"parts"` // rankParts.values
	}
	for _, set := range slices.Sorted(maps.Keys(sets)) {
		for _, s := range sets[set] {
			cands := make([]cand, len(s.cands))
			for i, c := range s.cands {
				cands[i] = cand{c.id, c.logScore, c.ok, c.parts.values()}
			}
			if err := enc.Encode(map[string]any{
				"set": set, "file": filepath.Base(s.file), "q": s.q, "answerable": s.answerable,
				"model": s.model, "terms": len(s.p.terms), "f": s.f[:], "cands": cands,
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDumpSamples checks what SDBOT_FIT_DUMP writes: a line a sample,
// the sets in order, and each ranked card's score without its bias and
// the parts of its score (rankCands).
func TestDumpSamples(t *testing.T) {
	x := &Index{askers: &askerModel{prior: map[string]float64{"a": -0.5}}, bias: map[string]float64{"a": 0.25}}
	res := []Result{
		{Card: &Card{ID: "a"}, Score: 2, Confidence: 0.5, relevance: 1.5, similarity: 0.4, askers: 0.3, class: -1},
		{Card: &Card{ID: "b"}, Score: 1, Confidence: 0.2, relevance: 0.7},
	}
	on := sample{q: "how do x and y differ", answerable: true, file: "testdata/fit/x.yaml", f: [nFeatures]float64{0.5}, cands: x.rankCands(res, []string{"b"})}
	off := sample{file: "testdata/eval/y.yaml", cands: x.rankCands(res[:1], nil)}
	path := filepath.Join(t.TempDir(), "samples.jsonl")
	dumpSamples(t, path, map[string][]sample{"train": {on}, "check": {off}})
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type line struct {
		Set, File  string
		Q          string
		Answerable bool
		F          []float64
		Cands      []struct {
			ID    string
			Score float64
			OK    bool
			Parts [6]float64
		}
	}
	var got []line
	for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var v line
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		got = append(got, v)
	}
	if len(got) != 2 || got[0].Set != "check" || got[1].Set != "train" {
		t.Fatalf("sets %+v; want check, then train", got)
	}
	tr := got[1]
	if tr.File != "x.yaml" || tr.Q != "how do x and y differ" || !tr.Answerable || len(tr.F) != nFeatures || tr.F[0] != 0.5 || len(tr.Cands) != 2 {
		t.Fatalf("train sample %+v", tr)
	}
	a, b := tr.Cands[0], tr.Cands[1]
	if a.ID != "a" || a.OK || math.Abs(a.Score-(math.Log(2)-0.25)) > 1e-12 {
		t.Errorf("first card %+v; want a, not answering, log 2 less its bias", a)
	}
	if a.Parts != [6]float64{1.5, 0.5, 0.4, 0.3, -1, -0.5} {
		t.Errorf("first card's parts %v", a.Parts)
	}
	if b.ID != "b" || !b.OK || b.Score != 0 || b.Parts != [6]float64{0.7, 0.2, 0, 0, 0, 0} {
		t.Errorf("second card %+v", b)
	}
}

// fitModels fits the weights for short and for long questions, each on
// the questions of its kind.
func fitModels(data []sample) (w [2][nFeatures]float64, b [2]float64) {
	for m := range w {
		var part []sample
		for _, s := range data {
			if s.model == m {
				part = append(part, s)
			}
		}
		w[m], b[m] = fitLogistic(part, fitLambda)
	}
	return w, b
}

// fitLambda is the L2 penalty of the fit: enough to keep weights of
// correlated features small, not so much that it flattens the model.
const fitLambda = 0.5

// answerWeight is how much more an answerable question weighs in the fit
// than an off-topic one, once both classes count equally: a refused real
// question costs its asker more than an off-topic one answered with a card
// that says what it is about. With 1.5 the check files of the time kept their
// off-topic refusals and refused fewer real questions than with 1
// (real-check 0.13 against 0.18); 2 and 3 let more off-topic posts through.
const answerWeight = 1.5

// fitLogistic fits weights by Newton's method on the log loss with an L2
// penalty (the bias is not penalized), with the two classes weighted
// equally whatever their sizes.
func fitLogistic(data []sample, lambda float64) ([nFeatures]float64, float64) {
	const n = nFeatures + 1
	pos, neg := classes(data)
	if pos == 0 || neg == 0 {
		return [nFeatures]float64{}, 0
	}
	beta := make([]float64, n)
	for range 50 {
		grad := make([]float64, n)
		hess := make([][]float64, n)
		for i := range hess {
			hess[i] = make([]float64, n)
		}
		for _, s := range data {
			xv := append(s.f[:], 1)
			z := 0.0
			for i := range n {
				z += beta[i] * xv[i]
			}
			p := 1 / (1 + math.Exp(-z))
			y, cw := target(s, pos, neg)
			for i := range n {
				grad[i] += cw * (p - y) * xv[i]
				for j := range n {
					hess[i][j] += cw * p * (1 - p) * xv[i] * xv[j]
				}
			}
		}
		for i := range nFeatures {
			grad[i] += lambda * beta[i]
			hess[i][i] += lambda
		}
		step := solve(hess, grad)
		delta := 0.0
		for i := range n {
			beta[i] -= step[i]
			delta = max(delta, math.Abs(step[i]))
		}
		if delta < 1e-9 {
			break
		}
	}
	var w [nFeatures]float64
	copy(w[:], beta[:nFeatures])
	return w, beta[nFeatures]
}

// target is a sample's label (1 answerable, 0 not) and its weight: the
// two classes weigh the same in all, answerable ones answerWeight times
// that.
func target(s sample, pos, neg float64) (y, weight float64) {
	if s.answerable {
		return 1, answerWeight * (pos + neg) / (2 * pos)
	}
	return 0, (pos + neg) / (2 * neg)
}

// classes counts the answerable questions and the others.
func classes(data []sample) (pos, neg float64) {
	for _, s := range data {
		if s.answerable {
			pos++
		} else {
			neg++
		}
	}
	return pos, neg
}

// solve solves a x = b by Gaussian elimination with partial pivoting.
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	m := make([][]float64, n)
	for i := range a {
		m[i] = append(slices.Clone(a[i]), b[i])
	}
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		if m[c][c] == 0 {
			continue
		}
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	out := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		if m[r][r] == 0 {
			continue
		}
		s := m[r][n]
		for k := r + 1; k < n; k++ {
			s -= m[r][k] * out[k]
		}
		out[r] = s / m[r][r]
	}
	return out
}

func predict(s sample, w [2][nFeatures]float64, b [2]float64) bool {
	z := b[s.model]
	for i, v := range s.f {
		z += w[s.model][i] * v
	}
	return z >= 0
}

func decisionReport(data []sample, w [2][nFeatures]float64, b [2]float64) string {
	pred := make([]bool, len(data))
	for i, s := range data {
		pred[i] = predict(s, w, b)
	}
	return rates(data, pred)
}

// rates reports the share of answerable questions refused and of the
// others answered.
func rates(data []sample, answered []bool) string {
	var on, off, refused, wrong int
	for i, s := range data {
		if s.answerable {
			on++
			if !answered[i] {
				refused++
			}
		} else {
			off++
			if answered[i] {
				wrong++
			}
		}
	}
	return fmt.Sprintf("answerable refused %.3f (%d of %d), off-topic refused %.3f (%d of %d)",
		ratio(refused, on), refused, on, 1-ratio(wrong, off), off-wrong, off)
}

func weightsSource(w [2][nFeatures]float64, b [2]float64, n int) []byte {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "// The answer decision's weights for short and long questions, fitted on\n// %d labelled questions.\n", n)
	fmt.Fprintf(&buf, "var decisionWeights = [2][nFeatures]float64{\n")
	for m := range w {
		fmt.Fprintf(&buf, "\t{\n")
		for i, name := range featureNames {
			fmt.Fprintf(&buf, "\t\t%.4f, // %s\n", w[m][i], name)
		}
		fmt.Fprintf(&buf, "\t},\n")
	}
	fmt.Fprintf(&buf, "}\n\nvar decisionBias = [2]float64{%.4f, %.4f}\n", b[0], b[1])
	return generatedSource(buf.String())
}

// wordsLambda is the wording model's L2 penalty: with 0.003 and 0.03 the
// cross-validation was no better, and 0.03 let more off-topic posts of the
// check files of the time through.
const wordsLambda = 0.01

// wordsMinQuestions is how many training questions a word must be in to
// get a weight.
const wordsMinQuestions = 2

// fitWords fits the wording model, a logistic regression over the
// questions' word forms, by gradient descent with an L2 penalty, the
// classes weighted as in fitLogistic. It learns how real people word
// their questions, so the textbook questions we wrote (textbookFile) are
// left out of it: their wording says nothing about that, and their many
// off-topic "What is X?" questions taught it to doubt a plain "what is
// otp".
func fitWords(data []sample, lambda float64) (map[string]float64, float64) {
	data = slices.DeleteFunc(slices.Clone(data), func(s sample) bool { return filepath.Base(s.file) == textbookFile })
	pos, neg := classes(data)
	w := map[string]float64{}
	var b float64
	if pos == 0 || neg == 0 {
		return w, b
	}
	// Only words of two questions or more: a word seen once would only
	// learn that question's label.
	df := map[string]int{}
	for _, s := range data {
		for _, f := range s.forms {
			df[f]++
		}
	}
	n := float64(len(data))
	const rate = 0.5
	for range 300 {
		g := map[string]float64{}
		var gb float64
		for _, s := range data {
			y, cw := target(s, pos, neg)
			e := cw * (1/(1+math.Exp(-wordScore(s.forms, w, b))) - y)
			gb += e
			for _, f := range s.forms {
				if df[f] >= wordsMinQuestions {
					g[f] += e
				}
			}
		}
		for f, v := range g {
			w[f] -= rate * (v/n + lambda*w[f])
		}
		for f, v := range w {
			if _, ok := g[f]; !ok {
				w[f] = v - rate*lambda*v
			}
		}
		b -= rate * gb / n
	}
	return w, b
}

// stackWording sets each sample's wording signal from a wording model
// fitted on the other k-1 folds.
func stackWording(data []sample, k int) {
	scores := make([]float64, len(data))
	folds := foldOf(data, k)
	for fold := range k {
		part, at, rest := foldSplit(data, folds, fold)
		w, b := fitWords(rest, wordsLambda)
		for j, s := range part {
			scores[at[j]] = wordScore(s.forms, w, b)
		}
	}
	for i := range data {
		data[i].f[wordingFeature] = scores[i]
	}
}

// setWording sets the samples' wording signal from a fitted model.
func setWording(data []sample, w map[string]float64, b float64) {
	for i := range data {
		data[i].f[wordingFeature] = wordScore(data[i].forms, w, b)
	}
}

// wordsSource is decide_words.go for a fitted wording model; words whose
// weight rounds to zero are left out.
func wordsSource(w map[string]float64, b float64, n int) []byte {
	kept := map[string]float64{}
	for f, v := range w {
		if math.Abs(v) >= 0.0005 {
			kept[f] = v
		}
	}
	return mapSource(fmt.Sprintf("The wording model's weights (wording.go), fitted on %d labelled\n// questions.", n),
		"wordWeights", kept, fmt.Sprintf("\nvar wordBias = %.4f\n", b))
}

// topicalSource is decide_terms.go for the topical weights.
func topicalSource(w map[string]float64, n int) []byte {
	return mapSource(fmt.Sprintf("The topical weights (topical.go), from %d labelled questions.", n), "topicalWeights", w, "")
}

// mapSource is a generated Go file declaring name as the map m (mapDecl)
// with tail after it.
func mapSource(comment, name string, m map[string]float64, tail string) []byte {
	return generatedSource(mapDecl(comment, name, m, "%.3f") + tail)
}

// pairsDecl declares name as a map from each id of m to its values as
// space-separated key:value pairs (three digits), both sorted by key: the
// form eachPair reads.
func pairsDecl(name string, m map[string]map[string]float64) string {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "var %s = map[string]string{\n", name)
	for _, id := range slices.Sorted(maps.Keys(m)) {
		fmt.Fprintf(&buf, "\t%q: %q,\n", id, pairsLine(m[id]))
	}
	buf.WriteString("}\n")
	return buf.String()
}

// pairsLine is m's key:value pairs, sorted by key, space-separated.
func pairsLine(m map[string]float64) string {
	pairs := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		pairs = append(pairs, k+":"+strconv.FormatFloat(m[k], 'g', 3, 64))
	}
	return strings.Join(pairs, " ")
}

// mapDecl declares name as the map m, its keys sorted and its values
// written with verb, under comment.
func mapDecl(comment, name string, m map[string]float64, verb string) string {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "// %s\n", comment)
	fmt.Fprintf(&buf, "var %s = map[string]float64{\n", name)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&buf, "\t%q: "+verb+",\n", k, m[k])
	}
	fmt.Fprintf(&buf, "}\n")
	return buf.String()
}

// TestFitWordsLeavesOutTextbook: the wording model is fitted on real
// questions only. Textbook questions that would pull a word the other way
// ("what" off-topic) leave its weight where the real questions put it.
func TestFitWordsLeavesOutTextbook(t *testing.T) {
	gathered := []sample{
		{forms: []string{"what", "cache"}, answerable: true, file: "testdata/fit/real-fit1.yaml"},
		{forms: []string{"what", "shard"}, answerable: true, file: "testdata/fit/real-fit1.yaml"},
		{forms: []string{"stock", "tip"}, file: "testdata/fit/real-fit2.yaml"},
		{forms: []string{"stock", "price"}, file: "testdata/fit/real-fit2.yaml"},
	}
	var written []sample
	for range 20 {
		written = append(written, sample{forms: []string{"what", "bakery"}, file: filepath.Join("testdata", "fit", textbookFile)})
	}
	w, b := fitWords(gathered, wordsLambda)
	wAll, bAll := fitWords(slices.Concat(gathered, written), wordsLambda)
	if w["what"] <= 0 {
		t.Fatalf("weight of %q on the real questions %.3f, want it positive", "what", w["what"])
	}
	if wAll["what"] != w["what"] || bAll != b || len(wAll) != len(w) {
		t.Errorf("with textbook questions: what %.3f bias %.3f (%d words), want %.3f %.3f (%d)", wAll["what"], bAll, len(wAll), w["what"], b, len(w))
	}
	// the same questions from any other file do count
	other := slices.Clone(written)
	for i := range other {
		other[i].file = "testdata/fit/offtopic.yaml"
	}
	if wo, _ := fitWords(slices.Concat(gathered, other), wordsLambda); wo["what"] >= w["what"] {
		t.Errorf("off-topic questions from offtopic.yaml left %q at %.3f, want below %.3f", "what", wo["what"], w["what"])
	}
}

// Label audits. The fit's labels are checked the way they are written,
// by reading the cards, but the questions worth a second reading are the
// ones the shipped models disagree with most: labelled off-topic yet
// answered with a high likelihood, or answerable yet far under the line.
// On 2026-12-04 two rounds of blind relabelling of such questions (636
// and 560 of them, the first with 100 drawn at random beside them)
// changed 265 labels; among the random ones, 6 in 100 were wrong.
//
//	SDBOT_AUDIT=/tmp/audit.jsonl go test ./knowledge -run TestAuditLabels -v
const (
	auditOffAbove = 0.8 // an off-topic label is disputed from this likelihood
	auditOnBelow  = 0.4 // an answerable one under this one
)

// disputed says whether the shipped decision disagrees with a label
// enough for the question to be read again.
func disputed(answerable bool, likelihood float64) bool {
	if answerable {
		return likelihood < auditOnBelow
	}
	return likelihood >= auditOffAbove
}

// TestAuditLabels writes the fit's disputed questions, one JSON object a
// line: file, question, labels, the likelihood and the best card.
func TestAuditLabels(t *testing.T) {
	path := os.Getenv("SDBOT_AUDIT")
	if path == "" {
		t.Skip("set SDBOT_AUDIT to a file to write the fit's disputed labels to")
	}
	x := shippedIndex(t)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	n := 0
	for _, s := range samples(t, x, fitFiles()) {
		a, err := x.Answer(context.Background(), s.q)
		if err != nil {
			t.Fatal(err)
		}
		if !disputed(s.answerable, a.likelihood) {
			continue
		}
		best := ""
		if len(a.Results) > 0 {
			best = a.Results[0].Card.ID
		}
		n++
		if err := enc.Encode(map[string]any{"file": s.file, "q": s.q, "expect": s.expect, "likelihood": a.likelihood, "best": best}); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d disputed labels written to %s", n, path)
}

func TestDisputed(t *testing.T) {
	for _, c := range []struct {
		answerable bool
		likelihood float64
		want       bool
	}{
		{false, 0.95, true}, {false, auditOffAbove, true}, {false, 0.6, false},
		{true, 0.1, true}, {true, auditOnBelow, false}, {true, 0.9, false},
	} {
		if got := disputed(c.answerable, c.likelihood); got != c.want {
			t.Errorf("disputed(%v, %.2f) = %v, want %v", c.answerable, c.likelihood, got, c.want)
		}
	}
}
