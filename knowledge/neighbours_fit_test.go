package knowledge

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// neighboursFrom is the labelled neighbours (neighbours.go) of the
// samples: each one's stems and whether it is answerable.
func neighboursFrom(data []sample) *neighbourModel {
	docs, on := neighbourDocs(data)
	return newNeighbours(docs, on)
}

// neighbourDocs is the samples' stems (prepared.learned, which has each
// once), sorted, and whether each is answerable; a sample with no stems is
// left out.
func neighbourDocs(data []sample) ([][]string, []bool) {
	var docs [][]string
	var on []bool
	for _, s := range data {
		stems := slices.Clone(s.p.learned)
		if len(stems) == 0 {
			continue // no one's neighbour
		}
		slices.Sort(stems)
		docs = append(docs, stems)
		on = append(on, s.answerable)
	}
	return docs, on
}

// neighboursSource is decide_neighbours.go for the samples: a line per
// question, "+" or "-" and its sorted stems; the lines sorted too, so that
// the file keeps neither the questions' words in order nor the order of
// the files.
func neighboursSource(data []sample) []byte {
	docs, on := neighbourDocs(data)
	var lines []string
	for i, d := range docs {
		mark := "-"
		if on[i] {
			mark = "+"
		}
		lines = append(lines, mark+" "+strings.Join(d, " "))
	}
	slices.Sort(lines)
	var b strings.Builder
	fmt.Fprintf(&b, "// The labelled neighbours (neighbours.go): the stems of %d labelled\n// questions, \"+\" for an answerable one, \"-\" for an off-topic one.\nvar neighbourQuestions = []string{\n", len(lines))
	for _, l := range lines {
		b.WriteString("\t" + strconv.Quote(l) + ",\n")
	}
	b.WriteString("}\n")
	return generatedSource(b.String())
}
