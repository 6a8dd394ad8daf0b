package knowledge

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"sync"
	"testing"
)

// classesFrom fits the askers' classifier (classifier.go) on the
// answerable samples: each is labelled with the first of its cards in the
// set. The fit minimises the cross-entropy summed over the questions plus
// classLambda/2 times the squared weights (Adam, full batch), then keeps
// each card's classKeep weights of the largest size.
func classesFrom(x *Index, data []sample) *classModel {
	cards := x.set.Cards()
	cardAt := map[string]int{}
	for i, c := range cards {
		cardAt[c.ID] = i
	}
	type doc struct {
		f     []int
		v     []float64
		label int
	}
	stemAt := map[string]int{}
	var stems []string
	var docs []doc
	df := map[int]float64{}
	for _, s := range data {
		if !s.answerable {
			continue
		}
		label := -1
		for _, id := range s.expect {
			if i, ok := cardAt[id]; ok {
				label = i
				break
			}
		}
		if label < 0 {
			continue
		}
		d := doc{label: label}
		for _, stem := range s.p.learned {
			i, ok := stemAt[stem]
			if !ok {
				i = len(stems)
				stemAt[stem] = i
				stems = append(stems, stem)
			}
			if !slices.Contains(d.f, i) {
				d.f = append(d.f, i)
				df[i]++
			}
		}
		docs = append(docs, d)
	}
	m := &classModel{idf: map[string]float64{}, w: map[string][]cardWeight{}}
	if len(docs) == 0 {
		return m
	}
	n := float64(len(docs))
	idf := make([]float64, len(stems))
	for i, s := range stems {
		idf[i] = smoothIDF(n, df[i])
		m.idf[s] = idf[i]
	}
	for j := range docs {
		d := &docs[j]
		var norm float64
		for _, f := range d.f {
			norm += idf[f] * idf[f]
		}
		norm = math.Sqrt(norm)
		d.v = make([]float64, len(d.f))
		for k, f := range d.f {
			d.v[k] = idf[f] / norm
		}
	}
	nc, nf := len(cards), len(stems)
	w := make([]float64, nf*nc)
	b := make([]float64, nc)
	gw := make([]float64, nf*nc)
	gb := make([]float64, nc)
	mw, vw := make([]float64, nf*nc), make([]float64, nf*nc)
	mb, vb := make([]float64, nc), make([]float64, nc)
	// the questions' gradient is summed in two halves at once, each with
	// its own buffers
	const workers = 2
	part := make([][]float64, workers)
	partB := make([][]float64, workers)
	for i := range part {
		part[i], partB[i] = make([]float64, nf*nc), make([]float64, nc)
	}
	const (
		rate, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
		steps                   = 200
	)
	for step := 1; step <= steps; step++ {
		var wg sync.WaitGroup
		for k := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				g, gbk := part[k], partB[k]
				clear(g)
				clear(gbk)
				p := make([]float64, nc)
				for j := k; j < len(docs); j += workers {
					d := docs[j]
					copy(p, b)
					for i, f := range d.f {
						row := w[f*nc : (f+1)*nc]
						for c := range p {
							p[c] += d.v[i] * row[c]
						}
					}
					top := slices.Max(p)
					var z float64
					for c := range p {
						p[c] = math.Exp(p[c] - top)
						z += p[c]
					}
					for c := range p {
						p[c] /= z
					}
					p[d.label]--
					for c := range p {
						gbk[c] += p[c]
					}
					for i, f := range d.f {
						row := g[f*nc : (f+1)*nc]
						for c := range p {
							row[c] += d.v[i] * p[c]
						}
					}
				}
			}()
		}
		wg.Wait()
		for i := range gw {
			gw[i] = classLambda * w[i]
		}
		clear(gb)
		for k := range workers {
			for i, v := range part[k] {
				gw[i] += v
			}
			for c, v := range partB[k] {
				gb[c] += v
			}
		}
		c1, c2 := 1-math.Pow(beta1, float64(step)), 1-math.Pow(beta2, float64(step))
		adam := func(x, g, m1, m2 []float64) {
			for i := range x {
				m1[i] = beta1*m1[i] + (1-beta1)*g[i]
				m2[i] = beta2*m2[i] + (1-beta2)*g[i]*g[i]
				x[i] -= rate * (m1[i] / c1) / (math.Sqrt(m2[i]/c2) + eps)
			}
		}
		adam(w, gw, mw, vw)
		adam(b, gb, mb, vb)
	}
	for c, card := range cards {
		at := make([]int, nf)
		for f := range at {
			at[f] = f
		}
		slices.SortFunc(at, func(i, j int) int {
			a, b := math.Abs(w[i*nc+c]), math.Abs(w[j*nc+c])
			switch {
			case a > b:
				return -1
			case a < b:
				return 1
			}
			return i - j
		})
		for _, f := range at[:min(classKeep, len(at))] {
			if w[f*nc+c] == 0 {
				continue
			}
			m.w[stems[f]] = append(m.w[stems[f]], cardWeight{card.ID, w[f*nc+c]})
		}
	}
	return m
}

// classesSource is decide_classes.go for the askers' classifier: per card,
// its stems and weights as "stem:weight" pairs, sorted, and the stems'
// idf likewise.
func classesSource(m *classModel, n int) []byte {
	perCard := map[string]map[string]float64{}
	for stem, ws := range m.w {
		for _, cw := range ws {
			if perCard[cw.id] == nil {
				perCard[cw.id] = map[string]float64{}
			}
			perCard[cw.id][stem] = cw.w
		}
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "// The askers' classifier (classifier.go), fitted on %d labelled questions:\n// each card's weights.\n", n)
	buf.WriteString(pairsDecl("classWeights", perCard))
	buf.WriteString("\n// The stems' inverse document frequencies among the questions.\n")
	fmt.Fprintf(&buf, "var classIDF = %q\n", pairsLine(m.idf))
	return generatedSource(buf.String())
}

// TestClassDepth measures what rescoring the classifier's best cards with
// bleve's hits (classDepth in search.go) does to the ranking, on the fit's
// answerable questions in five folds: each fold ranked with the askers'
// words and the classifier of the other four, as a new question would be
// (the cards' ranking biases as shipped, the same for every depth).
// It takes over a minute, so it runs with the fit:
//
//	SDBOT_FIT=1 go test ./knowledge -run TestClassDepth -v
func TestClassDepth(t *testing.T) {
	if os.Getenv("SDBOT_FIT") == "" {
		t.Skip("set SDBOT_FIT=1 to measure the classifier's depth out of fold")
	}
	x := shippedIndex(t)
	data := samples(t, x, fitFiles())
	const k = 5
	depths := []int{0, 1, 2, classDepth, 5}
	ranked := make([][]sample, len(depths))
	folds := foldOf(data, k)
	for fold := range k {
		part, _, rest := foldSplit(data, folds, fold)
		x.setAskers(tally(askersFrom(x, rest)))
		x.classes = classesFrom(x, rest)
		for j, d := range depths {
			x.classDepth = d
			for _, s := range part {
				if !s.answerable {
					continue
				}
				res, err := x.search(context.Background(), s.p, 3)
				if err != nil {
					t.Fatal(err)
				}
				s.cands = x.rankCands(res, s.expect)
				ranked[j] = append(ranked[j], s)
			}
		}
	}
	top1, top3 := make([]int, len(depths)), make([]int, len(depths))
	for j, d := range depths {
		var n int
		n, top1[j], top3[j] = rankCounts(ranked[j])
		t.Logf("the classifier's first %d: right card first %d, in the first three %d, of %d", d, top1[j], top3[j], n)
	}
	at := slices.Index(depths, classDepth)
	if top3[at] < top3[0] || top1[at] < top1[0] {
		t.Errorf("with the classifier's first %d the ranking is worse out of fold than without: first %d against %d, first three %d against %d", classDepth, top1[at], top1[0], top3[at], top3[0])
	}
}
