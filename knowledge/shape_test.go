package knowledge

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestShapeOf(t *testing.T) {
	tests := []struct {
		q      string
		design bool
		kept   string // the tokens left for the topic
	}{
		{"design youtube", true, "youtube"},
		{"how would you design a url shortener", true, "url shortener"},
		{"system design interview: build a photo sharing app", true, "photo sharing"},
		{"interview question: implement a rate limiter", true, "rate limiter"},
		{"system design question: typeahead for a travel site", true, "typeahead for travel"},
		{"build an app like uber", true, "uber"},
		{"design type ahead like amazon", true, "type ahead"},
		{"build something like dropbox", true, "dropbox"},
		{"design patterns for microservices", false, "design patterns for microservices"},
		{"what should i cover in a system design interview", false, "what should i cover in a system design interview"},
		{"make the cache consistent with the database", false, "make the cache consistent with the database"},
		{"how do i design a system", false, "how do i design a system"},
		// a bare "system" after the verb is design itself, wherever a
		// stray word stands
		{"what are the factors when you design a system", false, "what are the factors when you design a system"},
		{"how do i design an arbitrary system in an interview", false, "how do i design an arbitrary system in an interview"},
		{"design a system from high level and low level", false, "design a system from high level and low level"},
		{"design a system like youtube", true, "youtube"},
		{"design a system that counts clicks", true, "that counts clicks"},
	}
	x := shippedIndex(t)
	stop := func(w string) bool { return x.stemWord(w) == "" }
	for _, tt := range tests {
		toks := words(tt.q)
		s := shapeOf(toks, stop)
		var kept []string
		for i, w := range toks {
			if !s.skip[i] {
				kept = append(kept, w)
			}
		}
		if s.design != tt.design || strings.Join(kept, " ") != tt.kept {
			t.Errorf("shapeOf(%q) = design %v, kept %q; want %v, %q", tt.q, s.design, strings.Join(kept, " "), tt.design, tt.kept)
		}
	}
}

func TestGlue(t *testing.T) {
	freq := map[string]int{"base": 40, "62": 1, "base62": 8, "http": 60, "2": 90, "http2": 1, "e": 2, "mail": 5, "email": 20, "p99": 5, "99": 30, "p": 1, "btree": 4, "tree": 9, "plus": 2,
		"hyperloglog": 6, "none": 13, "one": 600, "n": 5, "serverless": 5, "server": 60, "less": 20, "realtime": 2, "real": 20, "time": 50, "log": 40, "k8s": 7, "8": 20, "k": 3, "app": 30, "aren": 2, "apparent": 1, "0": 30, "9": 20, "6": 25, "096": 30, "kafka": 50, "s3": 1, "s": 30, "3": 80,
		"load": 40, "balancer": 20, "balancers": 6, "matter": 5, "most": 30, "news": 4, "feed": 12, "webhook": 9, "hook": 3, "web": 50}
	count := func(w string) int { return freq[w] }
	pairs := map[string]bool{"load balancer": true, "load balancers": true, "news feed": true, "web hook": true}
	pair := func(a, b string) bool { return pairs[a+" "+b] }
	written := map[string]bool{"real time": true, "load balancer": true, "news feed": true}
	apart := func(a, b string) bool { return len(a) >= 3 && len(b) >= 3 && !written[a+" "+b] }
	tests := []struct{ in, want string }{
		{"base 62 encoding", "base62 encoding"},
		{"e mail", "email"},
		{"p 99 latency", "p99 latency"},
		{"http2 push", "http 2 push"},
		{"http 2 push", "http 2 push"},
		{"kafka s consumer", "kafka consumer"},
		// a "+" spelled out after one letter is the one words() drops
		{"b plus tree index", "btree index"},
		{"b tree index", "btree index"},
		{"p plus latency", "p plus latency"},
		{"n plus one queries", "n plus one queries"},
		// a word the cards use, written in two pieces they never write
		// side by side, even when each piece is commoner
		{"is server less cheaper", "is serverless cheaper"},
		{"real time chat", "real time chat"},
		// three pieces of a word the cards use, but not a contraction's
		// ending nor digits
		{"what is hyper log log", "what is hyperloglog"},
		{"what is k 8 s", "what is k8s"},
		{"the app aren t", "the app aren"},
		{"version 0 9 6", "version 0 9 6"},
		{"s3", "s3"},
		// compounds the cards write as two words are split
		{"what is a loadbalancer", "what is a load balancer"},
		{"two loadbalancers", "two load balancers"},
		{"design a newsfeed", "design a news feed"},
		// but not a word the cards use, nor halves they never write
		// side by side, nor words with digits
		{"a webhook", "a webhook"},
		{"mattermost bot", "mattermost bot"},
		{"newsfeed2", "newsfeed2"},
	}
	for _, tt := range tests {
		if got := strings.Join(glue(strings.Fields(tt.in), count, pair, apart), " "); got != tt.want {
			t.Errorf("glue(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnCamel(t *testing.T) {
	freq := map[string]int{"load": 40, "balancer": 20, "refresh": 10, "token": 30, "pool": 12, "max": 25, "size": 40,
		"postgresql": 30, "sql": 60, "my": 9, "open": 8, "ssl": 6, "book": 3, "show": 5, "http": 60, "client": 50, "order": 20, "id": 30}
	count := func(w string) int { return freq[w] }
	tests := []struct{ in, want string }{
		{"how does a loadBalancer pick?", "how does a load Balancer pick?"},
		{"refreshToken and poolMaxSize", "refresh Token and pool Max Size"},
		{"postgreSQL", "postgreSQL"}, // the cards write postgresql
		{"mySQL", "mySQL"},           // "my" is too short to be a part
		{"orderId", "orderId"},
		{"OpenSSL, BookMyShow and HttpClient", "OpenSSL, BookMyShow and HttpClient"}, // names
		{"loadFoo", "loadFoo"},                                                       // "foo" is no card's word
		{"gRPC or mTLS", "gRPC or mTLS"},
		{"plain words, café", "plain words, café"},
	}
	for _, tt := range tests {
		if got := unCamel(tt.in, count); got != tt.want {
			t.Errorf("unCamel(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestCamelCaseQuestions: identifiers pasted from code find the card of
// the words they are made of.
func TestCamelCaseQuestions(t *testing.T) {
	x := shippedIndex(t)
	for q, want := range map[string]string{
		"what is a tokenBucket":        "rate-limiting",
		"how does a loadBalancer work": "load-balancing",
	} {
		a, err := x.Answer(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Results) == 0 || a.Results[0].Card.ID != want {
			var got []string
			for _, r := range a.Results {
				got = append(got, r.Card.ID)
			}
			t.Errorf("%q: got %v first; want %s", q, got, want)
		}
	}
}

// TestPiecesQuestions: a name written in pieces, or with its sign spelled
// out, is answered as the cards write it, where each was refused or went
// to another card before.
func TestPiecesQuestions(t *testing.T) {
	wantBothAnswered(t, []twoForms{
		{"is serverless cheaper than containers", "is server less cheaper than containers", "serverless-aws-lambda"},
		{"what is hyperloglog", "what is hyper log log", "count-min-sketch-hyperloglog"},
		{"what is a b+ tree", "what is a b plus tree", "database-indexing"},
		{"what is 2fa", "what is two factor auth", "two-factor-authentication"},
		{"what is k8s", "what is k 8 s", "kubernetes-basics"},
	})
}

// TestCompoundQuestions: a compound glued into one word is answered as
// the two words the cards write ("loadbalancer" as load balancer), where
// before it matched nothing and the question was refused.
func TestCompoundQuestions(t *testing.T) {
	wantBothAnswered(t, []twoForms{
		{"what is a loadbalancer", "what is a load balancer", "load-balancing"},
		{"when does a circuitbreaker open", "when does a circuit breaker open", "circuit-breaker"},
		{"design a newsfeed", "design a news feed", "design-news-feed"},
		{"what goes in a deadletter queue", "what goes in a dead letter queue", "dead-letter-queues"},
	})
}

// TestAbbreviationQuestions: an abbreviation people write for a card's
// subject, which the card itself never writes ("DFS", "CICD"), is
// answered as the words it stands for (synonyms.yaml), where before the
// question was refused.
func TestAbbreviationQuestions(t *testing.T) {
	wantBothAnswered(t, []twoForms{
		{"what is a dfs used for", "what is a distributed file system used for", "distributed-file-systems"},
		{"what is cicd", "what is ci/cd", "ci-cd-pipeline"},
	})
}

// twoForms is one question written two ways, and the card that must
// answer both.
type twoForms struct{ one, other, want string }

// wantBothAnswered asks each case's two forms of the shipped index and
// wants both answered with its card.
func wantBothAnswered(t *testing.T, cases []twoForms) {
	t.Helper()
	x := shippedIndex(t)
	for _, c := range cases {
		for _, q := range []string{c.one, c.other} {
			a, err := x.Answer(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Answered || a.Card == nil || a.Card.ID != c.want {
				got := "nothing"
				if len(a.Results) > 0 {
					got = a.Results[0].Card.ID
				}
				t.Errorf("%q: answered %v with %s first; want %s answered", q, a.Answered, got, c.want)
			}
		}
	}
}

// TestDesignPrompts checks the shape of a design prompt on the shipped
// cards: framing words do not pull the general interview cards, and a
// prompt with no case study is not answered with a random one.
func TestDesignPrompts(t *testing.T) {
	x := shippedIndex(t)
	general := []string{"system-design-blueprint", "interview-prep-resources", "algorithms-for-system-design"}
	tests := []struct {
		q    string
		want string // the card to answer with, or "" for none
	}{
		{"system design interview: design a url shortener", "design-url-shortener"},
		{"how would you build uber", "design-ride-sharing"},
		{"design twitter", "design-twitter"},
		{"design a knitting pattern marketplace", ""},
	}
	for _, tt := range tests {
		a, err := x.Answer(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Design {
			t.Errorf("Answer(%q).Design = false; want a design prompt", tt.q)
		}
		if len(a.Results) > 0 && slices.Contains(general, a.Results[0].Card.ID) {
			t.Errorf("Answer(%q) ranks the general card %s first", tt.q, a.Results[0].Card.ID)
		}
		// whether a prompt with no case study is refused is measured
		// over the labelled ones (TestDesignPromptsWithoutCard)
		if tt.want != "" && (!a.Answered || a.Card.ID != tt.want) {
			t.Errorf("Answer(%q) = answered %v, results %v; want %s", tt.q, a.Answered, ids(a.Results), tt.want)
		}
	}
}

// TestDesignPromptsWithoutCard measures the design prompts of the labelled
// real questions that no card answers (a system no case study covers, or a
// coding exercise): most must be refused rather than answered with some
// case study. The changes to the decision moved it: with the decision
// fitted on 1,780 questions 44 of the 67 then labelled were refused, on
// 3,415 47 of 67, with word pairs in the wording model 49 of 72 (46
// without), on 5,693 with the cards' priors in the ranking 73 of 104, with
// the prior in the decision 76 of 106 (74 without), with the askers'
// classifier in the ranking 82 and in the decision 81 of 113 (83 without),
// with the labelled neighbours in the decision 94 of 117 (84 without), and
// with one-word synonyms read as one word by the learned models 108 of 147
// (109 without). Since then each batch read and each refit has moved it by
// up to five prompts, down from 0.73 (108 of 147, on 8,001 questions).
// The eighty-eighth to ninetieth batches, the first from interview
// write-ups, brought 55 more (an ATM, an elevator, a tagging system, a
// loan manager ...), of which the shipped models refused 15: 265 of 436
// in all, against 250 of 381 before them. The test logs today's count,
// and the floor catches a step back.
func TestDesignPromptsWithoutCard(t *testing.T) {
	x := shippedIndex(t)
	var prompts, refused int
	for _, s := range samples(t, x, slices.Concat(fitFiles(), checkFiles())) {
		if s.answerable || !s.p.design {
			continue
		}
		a, err := x.Answer(context.Background(), s.q)
		if err != nil {
			t.Fatal(err)
		}
		prompts++
		if !a.Answered {
			refused++
		} else if showMisses() {
			t.Logf("answered %q with %s", s.q, a.Card.ID)
		}
	}
	if prompts < 50 {
		t.Fatalf("only %d design prompts without a card", prompts)
	}
	t.Logf("%d of %d design prompts without a card refused", refused, prompts)
	const floor = 0.58
	if r := float64(refused) / float64(prompts); r < floor {
		t.Errorf("%d of %d design prompts without a card refused (%.2f); want at least %.2f", refused, prompts, r, floor)
	}
}

// Only a question that opens with a prompt is replied to as a design: a
// design verb further in frames the words but is no request to design a
// whole system.
func TestShapePrompt(t *testing.T) {
	x := shippedIndex(t)
	stop := func(w string) bool { return x.stemWord(w) == "" }
	for q, want := range map[string]bool{
		"design youtube":                                                              true,
		"how would you design a url shortener":                                        true,
		"system design interview: build a photo sharing app":                          true,
		"interview question: implement a rate limiter":                                true,
		"is there some good way of implementing custom locking with redis":            false,
		"for years we have kept hearing that designing highly available apps is hard": false,
		"design patterns for microservices":                                           false,
	} {
		if got := shapeOf(words(q), stop).prompt; got != want {
			t.Errorf("shapeOf(%q).prompt = %v, want %v", q, got, want)
		}
	}
	for q, want := range map[string]bool{
		"design a vending machine": true,
		"is there some good way of implementing custom locking with redis and a vending machine": false,
	} {
		a, err := x.Answer(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Design != want {
			t.Errorf("Answer(%q).Design = %v, want %v", q, a.Design, want)
		}
	}
}

// Words before a prompt's verb are a label, not its topic: the product
// after "like" is kept.
func TestShapeLabelBeforePrompt(t *testing.T) {
	x := shippedIndex(t)
	stop := func(w string) bool { return x.stemWord(w) == "" }
	toks := words("[case study] how to design a system like youtube")
	s := shapeOf(toks, stop)
	var kept []string
	for i, w := range toks {
		if !s.skip[i] {
			kept = append(kept, w)
		}
	}
	if !s.design || !slices.Contains(kept, "youtube") {
		t.Errorf("design %v, kept %q: want a design prompt about youtube", s.design, kept)
	}
}

// TestCardPairs: the pairs noted while the build reads the words are
// found, in their order only, and pairs with a half too short to split
// off are not kept.
func TestCardPairs(t *testing.T) {
	var p cardPairs
	ws := []string{"a", "load", "balancer", "spreads", "the", "load"}
	for i := 1; i < len(ws); i++ {
		p.add(ws[i-1], ws[i])
	}
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"load", "balancer", true},
		{"balancer", "spreads", true},
		{"the", "load", true},
		{"balancer", "load", false}, // not in that order
		{"load", "spreads", false},  // not side by side
		{"a", "load", false},        // "a" is too short to be a half
	} {
		if got := p.has(tt.a, tt.b); got != tt.want {
			t.Errorf("has(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if len(p.keys) != 4 {
		t.Errorf("%d pairs kept; want 4", len(p.keys))
	}
}

// TestPlusNumberNames: "N+1" is one word, in the cards and in questions;
// split at the plus sign it was a lone letter and a number, and "how to
// avoid N+1" kept only "avoid" and was refused. A formula's terms are left
// as they were.
func TestPlusNumberNames(t *testing.T) {
	for in, want := range map[string]string{
		"how to avoid N+1":       "how to avoid Nplus1",
		"N+1 queries, n+1.":      "Nplus1 queries, nplus1.",
		"a quorum of (N+1)/2":    "a quorum of (N+1)/2",
		"1/(n+1) of the lookups": "1/(n+1) of the lookups",
		"2f+1 replicas":          "2f+1 replicas",
		"1+1 and C++":            "1+1 and C++",
		"k+1 and x+y":            "kplus1 and x+y",
	} {
		if got := gluePlusNumbers(in); got != want {
			t.Errorf("gluePlusNumbers(%q) = %q; want %q", in, got, want)
		}
	}
	answeredWith(t, shippedIndex(t), "sql-query-tuning", "how do I avoid N+1", "is N+1 a problem with ORMs?", "n+1 selects")
}

// answeredWith fails for each of qs that x does not answer with card id.
func answeredWith(t *testing.T, x *Index, id string, qs ...string) {
	t.Helper()
	for _, q := range qs {
		a, err := x.Answer(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Answered || a.Card.ID != id {
			t.Errorf("%q: answered %v, closest %v; want %s", q, a.Answered, ids(a.Results), id)
		}
	}
}

// TestStopWordCompounds: a compound made only of stop and chat words is
// one word, in the cards and in questions, so a question that names it
// has something to search for; before, "what is exactly-once" had no
// telling word and was refused. Written without hyphens, such a run is
// glued in a question with no other telling word, and in any question
// when it names a card ("exactly once delivery").
func TestStopWordCompounds(t *testing.T) {
	for in, want := range map[string]string{
		"what is at-most-once":         "what is atmostonce",
		"Exactly-Once semantics":       "ExactlyOnce semantics",
		"at-least-once":                "at-least-once", // "least" tells
		"e-mail, one-to-one - x- -y":   "e-mail, onetoone - x- -y",
		"retry: at-most-once.":         "retry: atmostonce.",
		"at-most-once or exactly-once": "atmostonce or exactlyonce",
	} {
		if got := glueStopCompounds(in); got != want {
			t.Errorf("glueStopCompounds(%q) = %q; want %q", in, got, want)
		}
	}
	answeredWith(t, shippedIndex(t), "message-delivery-semantics", "what is at-most-once", "what is exactly-once",
		"at-most-once vs at-least-once", "what is exactly once", "at most once", "exactly once delivery")
}

// TestGlueStopRuns: in a question of stop and chat words only, a run the
// cards write as one word is glued; elsewhere only a run that names a
// card is: "one way" stays two words.
func TestGlueStopRuns(t *testing.T) {
	x := shippedIndex(t)
	if got := glueStopRuns([]string{"what", "is", "at", "most", "once"}, func(w string) bool { return x.words.count(w) > 0 }); !slices.Equal(got, []string{"what", "is", "atmostonce"}) {
		t.Errorf("glueStopRuns = %q", got)
	}
	if p := x.prepare("one way to shard it"); !strings.Contains(p.text, "one way") {
		t.Errorf("prepare glued a run that names no card: %q", p.text)
	}
	if p := x.prepare("exactly once delivery with at most once retries"); p.text != "exactlyonce delivery with atmostonce retries" {
		t.Errorf("prepare left a card's name apart: %q", p.text)
	}
	if got := stopNames([]string{"At-most-once, exactly-once delivery", "at-least-once", "read-your-writes"}); !slices.Equal(got, []string{"atmostonce", "exactlyonce"}) {
		t.Errorf("stopNames = %q", got)
	}
}

// A design prompt no card answers is offered the card on how to approach
// any design; an answered prompt and a refused question that is no
// prompt are not.
func TestDesignGuide(t *testing.T) {
	x := shippedIndex(t)
	for q, want := range map[string]bool{
		"design a vending machine":          true,
		"design twitter":                    false,
		"what's a good banana bread recipe": false,
	} {
		a, err := x.Answer(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Guide != nil; got != want {
			t.Errorf("Answer(%q).Guide = %v (answered %v), want a guide: %v", q, a.Guide, a.Answered, want)
		}
		if a.Guide != nil && !slices.Contains(a.Guide.Tags, guideTag) {
			t.Errorf("Answer(%q).Guide = %s, which is not tagged %s", q, a.Guide.ID, guideTag)
		}
	}
	if g := designGuide(x.Set()); g == nil || g.Category != "interviews" {
		t.Errorf("designGuide = %v; want the interview checklist", g)
	}
}
