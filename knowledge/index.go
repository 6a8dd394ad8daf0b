package knowledge

import (
	_ "embed"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	_ "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"gopkg.in/yaml.v3"
)

// Analyzer and synonym names used in the index mapping.
const (
	stemmed       = en.AnalyzerName // unicode words, lower case, stop words, snowball stemmer
	raw           = "sd_raw"        // unicode words, lower case: for fuzzy and prefix
	synonymSource = "sd_synonyms"
	synonymColl   = "sd"
)

// field names and boosts: where a word appears says how much it tells
// about the card. A title or alias hit beats a passing mention in the body.
var fieldBoosts = []struct {
	name  string
	boost float64
}{
	{"names", 3.0}, // title and aliases
	{"questions", 2.0},
	{"gist", 1.5}, // summary and tags
	{"body", 1.0},
}

// rawFields are the unstemmed siblings: exact word forms, and fuzzy
// matches for words the spelling vocabulary cannot place.
var rawFields = []struct {
	name  string
	boost float64
}{
	{"names_raw", 1.2},
}

//go:embed synonyms.yaml
var synonymsYAML []byte

// Index is the searchable form of a Set: a bleve index plus the term
// statistics the confidence rule and the spelling correction need.
type Index struct {
	set     *Set
	bleve   bleve.Index
	stemmer analysis.Analyzer
	rawer   analysis.Analyzer // the unstemmed fields' analyzer
	// rawNames are the terms of names_raw by length in runes, for fuzzy
	// matching without building a Levenshtein automaton per query
	rawNames map[int][][]rune
	// stemmed caches the stem of every word of the cards; it is written
	// only while the index is built, so searches may read it freely.
	stemmed map[string]string

	// per card: the stemmed terms of its strong fields and of the body,
	// and the body's paragraphs for picking the passage that matched
	strong map[string]map[string]bool
	weak   map[string]map[string]bool
	paras  map[string][]paragraph
	names  map[string][]string // for Complete
	cache  *answerCache
	// stems of each card's id, title and aliases: a question made only of
	// these asks about the topic as a whole
	nameStems  map[string]map[string]bool
	df         map[string]int // stemmed term -> number of cards that have it
	words      *vocabulary    // raw words, for spelling correction
	phrase     []phraseGroup  // multi-word synonym groups, expanded by hand
	alts       map[string][][]string
	canon      map[string]string // a one-word synonym's stem -> its group's word, for prepared.learned
	qm         *questionMatcher
	offscope   map[string]bool        // stems of off-scope vocabulary few cards use (offscope.go)
	phrasings  map[string][]string    // card id -> everyday phrasings (phrases.go)
	topical    map[string]float64     // stem -> how much it counts in a question (topical.go)
	askers     *askerModel            // the words of each card's askers (askers.go)
	classes    *classModel            // the askers' classifier (classifier.go)
	classDepth int                    // how many of its best cards are rescored (classDepth)
	neighbours *neighbourModel        // the labelled questions (neighbours.go)
	bias       map[string]float64     // card id -> its ranking bias (cardBias)
	rankW      [nRankFeatures]float64 // the ranking's weights (rankWeights)
	// the stems of each card's title and aliases (those that have any)
	namePhrases map[string][][]string
	post        *postings // the fields' postings, for the term queries (postings.go)
	pairs       cardPairs // the word pairs the cards write, for compounds (compound.go)
	guide       *Card     // how to approach any design (designGuide), or nil
	// named maps the stems of a card's title or alias (namePhrases),
	// joined by spaces, to the cards named so (namedFirst)
	named map[string][]string
	// promptNamed maps the topic of a case study's name read as a design
	// prompt (promptNames) to the cards named so
	promptNamed map[string][]string
	// hyphenated maps the one stem left of a card's name of hyphenated
	// words with a stop word among them (hyphenNames) to those names
	hyphenated map[string][]hyphenName
	// compounds of stop words that name a card, glued ("exactlyonce"),
	// for glueStopRuns
	stopNames map[string]bool
	// the names several designs share (designnames.go)
	shared sharedNames
}

// paragraph is one block of a card body with its stemmed terms.
type paragraph struct {
	block
	stems map[string]bool
}

type phraseGroup struct {
	members [][]string // each member as raw tokens
	// filled by NewIndex, so a question is matched without joining and
	// stemming the members again: each member's text, the text between
	// spaces as it is looked for in a question, and its stems
	text   []string
	padded []string
	stems  [][]string
	// found says whether some card writes the member out, word for word.
	// Only such a member is added to a question that names another one:
	// the words of an expansion no card writes out ("json web key set")
	// can only match apart, each in some other sense.
	found []bool
}

// NewIndex builds the index for set in one batch. The synonym list is
// validated first; a bad entry is an error naming it.
func NewIndex(set *Set) (*Index, error) {
	return newIndex(set, phrasesYAML)
}

// newIndex builds the index with the given everyday phrasings (phrases.go).
func newIndex(set *Set, phrasesData []byte) (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	singles, phrases, err := loadSynonyms(m, synonymsYAML)
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	x := &Index{
		set: set, bleve: idx,
		stemmer:     m.AnalyzerNamed(stemmed),
		rawer:       m.AnalyzerNamed(raw),
		rawNames:    map[int][][]rune{},
		stemmed:     map[string]string{},
		strong:      map[string]map[string]bool{},
		weak:        map[string]map[string]bool{},
		paras:       map[string][]paragraph{},
		nameStems:   map[string]map[string]bool{},
		cache:       newAnswerCache(answerCacheSize),
		df:          map[string]int{},
		phrase:      phrases,
		alts:        map[string][][]string{},
		canon:       map[string]string{},
		namePhrases: map[string][][]string{},
		stopNames:   map[string]bool{},
		named:       map[string][]string{},
	}
	x.guide = designGuide(set)
	offscope, everyday, err := loadOffscope(x.stemWord, offscopeYAML)
	if err != nil {
		idx.Close()
		return nil, err
	}
	x.offscope = offscope
	phrasings, err := loadPhrases(phrasesData)
	if err != nil {
		idx.Close()
		return nil, err
	}
	x.topical = topicalWeights
	x.phrasings = map[string][]string{}
	for _, c := range set.Cards() {
		if c.Pack == "" {
			x.phrasings[c.ID] = phrasings[c.ID]
		}
	}
	batch := idx.NewBatch()
	for _, c := range set.Cards() {
		names := glueAll(append([]string{c.Title}, c.Aliases...))
		doc := map[string]any{
			"names":     names,
			"questions": glueAll(x.asked(c)),
			"gist":      glueAll(append([]string{c.Summary}, c.Tags...)),
			"body":      glueWritten(plainText(c.Body)),
			"names_raw": names, // the same names, through the unstemmed analyzer
		}
		if err := batch.Index(c.ID, doc); err != nil {
			idx.Close()
			return nil, fmt.Errorf("index card %s: %w", c.ID, err)
		}
	}
	for i, group := range singles {
		if err := batch.IndexSynonym(fmt.Sprintf("syn-%d", i), synonymColl, &bleve.SynonymDefinition{Synonyms: group}); err != nil {
			idx.Close()
			return nil, fmt.Errorf("index synonyms %v: %w", group, err)
		}
	}
	// bleve analyses and writes the cards while the loop below works out
	// the cards' term sets: the two share nothing but the analyzers, which
	// bleve itself runs from several goroutines at once.
	built := make(chan error, 1)
	go func() { built <- idx.Batch(batch) }()
	for gi := range phrases {
		g := &phrases[gi]
		for _, m := range g.members {
			text := strings.Join(m, " ")
			g.text = append(g.text, text)
			g.padded = append(g.padded, " "+text+" ")
			g.stems = append(g.stems, x.stems(text))
		}
		g.found = make([]bool, len(g.members))
	}
	finder := newPhraseFinder(phrases)
	counts := map[string]int{}
	for _, c := range set.Cards() {
		strongText := strings.Join(append(append(append([]string{c.Title, c.Summary, strings.ReplaceAll(c.ID, "-", " ")}, c.Aliases...), x.asked(c)...), c.Tags...), "\n")
		strong, strongSeq := x.learn(words(strongText), counts)
		x.strong[c.ID] = strong
		finder.find(strongSeq)
		names := append([]string{c.Title}, c.Aliases...)
		for _, name := range names {
			// a title's part after a colon is a gloss, not its name
			head := strings.SplitN(name, ":", 2)[0]
			if st := x.stems(head); len(st) > 0 {
				x.namePhrases[c.ID] = append(x.namePhrases[c.ID], st)
				// a name of several words that leaves one stem ("OR-Set":
				// set) is no name of the card for namedFirst
				if key := strings.Join(st, " "); (len(st) > 1 || len(words(head)) == 1) && !slices.Contains(x.named[key], c.ID) {
					x.named[key] = append(x.named[key], c.ID)
				}
			}
		}
		for _, w := range stopNames(names) {
			x.stopNames[w] = true
		}
		x.nameStems[c.ID] = setOf(x.stems(c.Title + " " + strings.Join(c.Aliases, " ") + " " + strings.ReplaceAll(c.ID, "-", " ")))
		weak := map[string]bool{}
		for _, b := range paragraphs(c.Body) {
			ps, bodySeq := x.learn(words(b.plain), counts)
			finder.find(bodySeq)
			x.paras[c.ID] = append(x.paras[c.ID], paragraph{block: b, stems: ps})
			for t := range ps {
				weak[t] = true
			}
		}
		x.weak[c.ID] = weak
		seen := map[string]bool{}
		for t := range x.strong[c.ID] {
			seen[t] = true
		}
		for t := range weak {
			seen[t] = true
		}
		for t := range seen {
			x.df[t]++
		}
	}
	for s := range x.offscope {
		if x.df[s] >= offscopeMaxDF {
			delete(x.offscope, s)
		}
	}
	for _, group := range singles {
		// The models learned from labelled questions read the members
		// that are one word written another way ("k8s", "kubernetes") as
		// the one the cards use most. "log in" is one stem, log, but no
		// way to write login: a member of two words is left out.
		var words []string
		canon := ""
		for _, a := range group {
			sa := x.stems(a)
			for _, b := range group {
				if a != b {
					x.alts[sa[0]] = append(x.alts[sa[0]], x.stems(b))
				}
			}
			if !strings.Contains(a, " ") {
				words = append(words, sa[0])
				if canon == "" || x.df[sa[0]] > x.df[canon] {
					canon = sa[0]
				}
			}
		}
		for _, s := range words {
			if s != canon && sameWord(s, canon) {
				x.canon[s] = canon
			}
		}
	}
	for gi := range phrases {
		g := &phrases[gi]
		// a one-word member has the others the cards write out as
		// alternatives
		for i, sa := range g.stems {
			if len(sa) != 1 {
				continue
			}
			for j, sb := range g.stems {
				if i != j && g.found[j] {
					x.alts[sa[0]] = append(x.alts[sa[0]], sb)
				}
			}
		}
	}
	seenRaw := map[string]bool{}
	for _, c := range set.Cards() {
		for _, name := range append([]string{c.Title}, c.Aliases...) {
			for _, t := range x.rawer.Analyze([]byte(name)) {
				if w := string(t.Term); !seenRaw[w] {
					seenRaw[w] = true
					r := []rune(w)
					x.rawNames[len(r)] = append(x.rawNames[len(r)], r)
				}
			}
		}
	}
	x.words = newVocabulary(counts, everyday)
	x.names = cardNames(set)
	x.buildQuestionMatcher()
	x.setAskers(shippedAskers)
	x.classes, x.classDepth = shippedClasses(), classDepth
	x.neighbours = shippedNeighbours()
	x.bias, x.rankW = cardBias, rankWeights
	if err := <-built; err != nil {
		idx.Close()
		return nil, fmt.Errorf("build index: %w", err)
	}
	if x.post, err = readPostings(idx, m, searchedFields()); err != nil {
		idx.Close()
		return nil, err
	}
	x.promptNamed = x.promptNames()
	x.hyphenated = x.hyphenNames()
	return x, nil
}

// phraseFinder marks the synonym members that a card's text writes out.
type phraseFinder struct {
	groups  []phraseGroup
	byFirst map[string][][2]int // first stem -> group and member
}

func newPhraseFinder(groups []phraseGroup) *phraseFinder {
	f := &phraseFinder{groups: groups, byFirst: map[string][][2]int{}}
	for gi, g := range groups {
		for mi, st := range g.stems {
			f.byFirst[st[0]] = append(f.byFirst[st[0]], [2]int{gi, mi})
		}
	}
	return f
}

// find marks the members whose stems stand in a row in st, a text's
// stems in their order.
func (f *phraseFinder) find(st []string) {
	for i, s := range st {
		for _, c := range f.byFirst[s] {
			g := &f.groups[c[0]]
			if m := g.stems[c[1]]; !g.found[c[1]] && i+len(m) <= len(st) && slices.Equal(st[i:i+len(m)], m) {
				g.found[c[1]] = true
			}
		}
	}
}

// asked is how people ask for the card: its questions and, for a shipped
// card, its everyday phrasings.
func (x *Index) asked(c *Card) []string {
	return append(append([]string(nil), c.Questions...), x.phrasings[c.ID]...)
}

// Close releases the index.
func (x *Index) Close() error { return x.bleve.Close() }

// Set returns the cards the index was built from.
func (x *Index) Set() *Set { return x.set }

func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	m.DefaultAnalyzer = stemmed
	if err := m.AddCustomAnalyzer(raw, map[string]any{
		"type":          "custom",
		"tokenizer":     "unicode",
		"token_filters": []any{"to_lower"},
	}); err != nil {
		return nil, fmt.Errorf("raw analyzer: %w", err)
	}
	if err := m.AddSynonymSource(synonymSource, map[string]any{
		"collection": synonymColl,
		"analyzer":   stemmed,
	}); err != nil {
		return nil, fmt.Errorf("synonym source: %w", err)
	}
	doc := bleve.NewDocumentStaticMapping()
	for _, f := range fieldBoosts {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = stemmed
		// Synonym lookups cost time on every query term, so only the
		// short fields that name a topic expand them; the body matches
		// the words it actually uses.
		if f.name == "names" || f.name == "questions" {
			fm.SynonymSource = synonymSource
		}
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		fm.DocValues = false
		doc.AddFieldMappingsAt(f.name, fm)
	}
	for _, f := range rawFields {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = raw
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		fm.DocValues = false
		doc.AddFieldMappingsAt(f.name, fm)
	}
	m.DefaultMapping = doc
	return m, nil
}

// loadSynonyms validates the synonym groups. A group whose terms are each a
// single token after analysis goes to bleve; a group with a phrase is
// returned for expansion by hand (bleve's synonym sources take single
// tokens only, and one bad entry would break every query on the field).
func loadSynonyms(m *mapping.IndexMappingImpl, data []byte) ([][]string, []phraseGroup, error) {
	var file struct {
		Groups [][]string `yaml:"groups"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&file); err != nil {
		return nil, nil, fmt.Errorf("synonyms: %w", err)
	}
	var singles [][]string
	var phrases []phraseGroup
	for gi, group := range file.Groups {
		if len(group) < 2 {
			return nil, nil, fmt.Errorf("synonyms: group %d %v needs at least two terms", gi+1, group)
		}
		single := true
		var pg phraseGroup
		for _, term := range group {
			term = strings.ToLower(strings.TrimSpace(term))
			toks, err := m.AnalyzeText(stemmed, []byte(term))
			if err != nil {
				return nil, nil, fmt.Errorf("synonyms: analyze %q: %w", term, err)
			}
			if len(toks) == 0 {
				return nil, nil, fmt.Errorf("synonyms: term %q in group %d is empty or only stop words", term, gi+1)
			}
			if len(toks) > 1 {
				single = false
			}
			pg.members = append(pg.members, words(term))
		}
		if single {
			singles = append(singles, lowerAll(group))
		} else {
			phrases = append(phrases, pg)
		}
	}
	return singles, phrases, nil
}

func lowerAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.ToLower(strings.TrimSpace(s))
	}
	return out
}

// learn stems words, remembering each word's stem for later, counts the
// words for the spelling vocabulary, notes their pairs (compound.go), and
// returns the set of stems and the stems in their order (stop words left
// out).
func (x *Index) learn(words []string, counts map[string]int) (map[string]bool, []string) {
	set := map[string]bool{}
	seq := make([]string, 0, len(words))
	for i, w := range words {
		counts[w]++
		if i > 0 {
			x.pairs.add(words[i-1], w)
		}
		s, ok := x.stemmed[w]
		if !ok {
			s = x.stemWord(w)
			x.stemmed[w] = s
		}
		if s != "" {
			set[s] = true
			seq = append(seq, s)
		}
	}
	return set, seq
}

// stemWord runs one lower-case word through the ranking analyzer: its stem,
// or "" for a stop word.
func (x *Index) stemWord(w string) string {
	if s, ok := x.stemmed[w]; ok {
		return s
	}
	toks := x.stemmer.Analyze([]byte(w))
	if len(toks) == 0 {
		return ""
	}
	return string(toks[0].Term)
}

// sameWord reports whether two synonyms are one word written two ways,
// the shorter an abbreviation or variant of the longer ("k8s" and
// "kubernetes", "db" and "database", "oauth" and "oauth2"): the same first
// letter, and the shorter's letters in order in the longer. Synonyms that
// are different words ("sharding" and "partitioning", "latency" and
// "delay") are not: a word such as partition has other senses.
func sameWord(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if a == "" || a[0] != b[0] {
		return false
	}
	j := 0
	for i := 0; i < len(a); i++ {
		c := a[i]
		if c >= '0' && c <= '9' {
			continue
		}
		for j < len(b) && b[j] != c {
			j++
		}
		if j == len(b) {
			return false
		}
		j++
	}
	return true
}

// stems analyzes text the way the ranking fields are analyzed.
func (x *Index) stems(text string) []string {
	var out []string
	for _, w := range words(text) {
		if s := x.stemWord(w); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// words splits text into lower-case words without stemming: runs of
// letters and digits. It is simpler than bleve's Unicode word segmentation
// and several times faster; query and cards go through the same function,
// so the confidence rule compares like with like.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(glueWritten(text)), func(r rune) bool { return !isWordRune(r) })
}

// idf is the BM25 inverse document frequency of a stemmed term, times its
// topical weight (topical.go); a term no card has gets the highest
// frequency factor, since it is the most telling.
func (x *Index) idf(term string) float64 {
	n := float64(x.set.Len())
	d := float64(x.df[term])
	return x.topicalWeight(term) * math.Log(1+(n-d+0.5)/(d+0.5))
}

var (
	markdownLink = regexp.MustCompile(`\[([^\]]+)\]\([^)]+\)`)
	markdownMark = strings.NewReplacer("**", "", "__", "", "`", "", "|", " ")
)

// plainText strips the Markdown that would only add noise to the index.
func plainText(md string) string {
	md, _ = splitFences(md)
	md = headingPattern.ReplaceAllString(md, "")
	md = markdownLink.ReplaceAllString(md, "$1")
	return markdownMark.Replace(md)
}

func setOf(list []string) map[string]bool {
	set := make(map[string]bool, len(list))
	for _, s := range list {
		set[s] = true
	}
	return set
}
