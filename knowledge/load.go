package knowledge

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

//go:embed cards
var embedded embed.FS

// ErrNotFound is returned when no card has the id asked for.
var ErrNotFound = errors.New("no such card")

// maxPackFiles bounds how many files one pack may hold, so a mistaken
// directory (a home folder, say) is refused rather than slowly indexed.
const maxPackFiles = 5000

// embeddedCards returns the cards compiled into the binary.
func embeddedCards() fs.FS {
	sub, err := fs.Sub(embedded, "cards")
	if err != nil {
		panic(err) // the directory is part of the build
	}
	return sub
}

// readCards parses and validates every *.md file under fsys. Cards that
// fail are left out and reported, each error naming the file; the rest are
// returned. label prefixes paths in errors (the pack directory, or
// "embedded").
func readCards(fsys fs.FS, label string) ([]*Card, []error) {
	var cards []*Card
	var errs []error
	count := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, &CardError{Path: path.Join(label, p), Reason: err.Error()})
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(p, ".md") || strings.EqualFold(path.Base(p), "README.md") {
			return nil
		}
		if count++; count > maxPackFiles {
			return fmt.Errorf("more than %d card files", maxPackFiles)
		}
		name := path.Join(label, p)
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, &CardError{Path: name, Reason: err.Error()})
			return nil
		}
		c, err := parseCard(name, data)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if dir := path.Base(path.Dir(p)); dir != "." && dir != c.Category && IsCategory(dir) {
			errs = append(errs, &CardError{Path: name, Reason: fmt.Sprintf("card is in directory %s but its category is %q", dir, c.Category)})
			return nil
		}
		if problems := c.Validate(); len(problems) > 0 {
			errs = append(errs, problems...)
			return nil
		}
		if label != "embedded" {
			c.Pack = label
		}
		cards = append(cards, c)
		return nil
	})
	if err != nil {
		errs = append(errs, &CardError{Path: label, Reason: err.Error()})
	}
	return cards, errs
}

// Set is the cards the bot answers from, checked as a whole: unique ids and
// related ids that exist.
type Set struct {
	cards []*Card
	byID  map[string]*Card
}

// assemble builds a Set from layers of cards: a later layer's card replaces
// an earlier one with the same id (a team pack overriding a shipped card).
// Duplicate ids within one layer and related ids that do not exist are
// reported; the offending related entries are dropped so the rest still
// works.
func assemble(layers ...[]*Card) (*Set, []error) {
	var errs []error
	byID := map[string]*Card{}
	for _, layer := range layers {
		seen := map[string]string{}
		for _, c := range layer {
			if prev, ok := seen[c.ID]; ok {
				errs = append(errs, &CardError{Path: c.Path, Reason: fmt.Sprintf("id %q is also used by %s", c.ID, prev)})
				continue
			}
			seen[c.ID] = c.Path
			byID[c.ID] = c
		}
	}
	s := &Set{byID: byID}
	for _, c := range byID {
		s.cards = append(s.cards, c)
	}
	sort.Slice(s.cards, func(i, j int) bool { return s.cards[i].ID < s.cards[j].ID })
	for _, c := range s.cards {
		var keep []string
		for _, r := range c.Related {
			if _, ok := byID[r]; !ok {
				errs = append(errs, &CardError{Path: c.Path, Reason: fmt.Sprintf("related id %q does not exist", r)})
				continue
			}
			keep = append(keep, r)
		}
		if len(keep) != len(c.Related) {
			cp := *c
			cp.Related = keep
			s.byID[c.ID] = &cp
		}
	}
	for i, c := range s.cards {
		s.cards[i] = s.byID[c.ID]
	}
	return s, errs
}

// Load reads the embedded cards and then each pack directory in order.
// Broken files are reported in the returned errors and left out; they never
// stop the others from loading.
func Load(packs ...string) (*Set, []error) {
	base, errs := readCards(embeddedCards(), "embedded")
	layers := [][]*Card{base}
	for _, dir := range packs {
		info, err := os.Stat(dir)
		if err != nil {
			reason := err.Error()
			var pe *fs.PathError
			if errors.As(err, &pe) {
				reason = pe.Err.Error()
			}
			errs = append(errs, &CardError{Path: dir, Reason: "cannot read pack directory: " + reason})
			continue
		}
		if !info.IsDir() {
			errs = append(errs, &CardError{Path: dir, Reason: "pack is not a directory"})
			continue
		}
		cards, perrs := readCards(os.DirFS(dir), dir)
		errs = append(errs, perrs...)
		layers = append(layers, cards)
	}
	set, aerrs := assemble(layers...)
	return set, append(errs, aerrs...)
}

// Cards returns every card, sorted by id.
func (s *Set) Cards() []*Card { return s.cards }

// Len returns the number of cards.
func (s *Set) Len() int { return len(s.cards) }

// Card returns the card with the given id, or ErrNotFound.
func (s *Set) Card(id string) (*Card, error) {
	if c, ok := s.byID[strings.ToLower(strings.TrimSpace(id))]; ok {
		return c, nil
	}
	return nil, ErrNotFound
}

// InCategory returns the cards of one category, sorted by id.
func (s *Set) InCategory(category string) []*Card {
	var out []*Card
	for _, c := range s.cards {
		if c.Category == category {
			out = append(out, c)
		}
	}
	return out
}
