package knowledge

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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
	all, _ := evaluateEach(t, files...)
	return all
}

// evaluateEach is evaluateFiles, with each file's figures in the order of
// files as well.
func evaluateEach(t *testing.T, files ...string) (evalStats, []evalStats) {
	t.Helper()
	x := shippedIndex(t)
	var all evalStats
	each := make([]evalStats, len(files))
	for i, f := range files {
		each[i] = evaluate(t, x, filepath.Join("testdata", "eval", f))
		t.Logf("%s: %s", f, each[i])
		all.add(each[i])
	}
	if len(files) > 1 {
		t.Logf("pooled: %s", all)
	}
	return all, each
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
// newest batches, pooled. Each file's header gives its figures measured
// unseen on arrival, and the test logs the pooled ones.
//
// Once the newest batch has the 90 answerable questions a rotation asks
// for, the batches before it may join the fit (fitFiles) with every model
// refitted; a rotation is made only if the new models answer that batch,
// unseen by both, better than the models before them. Early on, more
// questions to fit on were worth more than a larger check, and most
// rotations moved the newest check by a question or six either way. The
// four tried on batches 123 to 128 ranked them a little better at best, and
// refused more answerable questions or let held-out off-topic ones through,
// so they were not made, and the check grew to batches 118 to 128. Batch
// 129 (216 answerable, 199 off-topic) arrived at 0.792 / 0.926 / 0.749 /
// 0.153; the rotation onto 24,993 questions (batches 118 to 128 joined the
// fit) gives it 0.843 / 0.940 / 0.779 / 0.139, better on all four, so it
// was made. The four batches gathered after it (130 to 133, 556 answerable,
// 512 off-topic; each file's header has both figures) bear it out: 0.811 /
// 0.923 / 0.637 / 0.138 with the models before it, 0.818 / 0.935 / 0.662 /
// 0.115 with these. Moving batches 129 and 130 into the fit as well (25,719
// questions) moved batch 131 by a question or two and cost a held-out and a
// real-dev question, so that smaller rotation was not made. Batch 134 (340
// answerable, 343 off-topic, mostly course questions) arrived at 0.826 /
// 0.929 / 0.633 / 0.121; the check, batches 129 to 134, stands at 0.826 /
// 0.934 / 0.675 / 0.121, and the off-topic floor follows. The rotation of
// batches 129 to 133 into the fit (26,476 questions) gave batch 134 0.847 /
// 0.935 / 0.618 / 0.106: nine more right answers, five more off-topic ones
// answered, and one held-out and two real-dev questions lost, so it was not
// made. Batch 135 (199 answerable, 214 off-topic) arrived at 0.814 / 0.940
// / 0.706 / 0.141; the check, batches 129 to 135, stood at 0.824 / 0.935 /
// 0.680 / 0.124. The rotation of batches 129 to 134 into the fit (27,159
// questions) gave batch 135 0.814 / 0.940 / 0.715 / 0.126, five more right
// outcomes of 413, and cost two held-out questions at top-1 (0.958 to
// 0.945), one at top-3, and three real-dev ones, so it was not made. The
// 500 textbook questions that then joined the fit (fit_test.go,
// textbookFile) took the check to 0.829 / 0.934 / 0.696 / 0.127 and batch
// 135 to 0.819 / 0.930 / 0.720 / 0.141; a second round of 1,000 more took
// the check to 0.833 / 0.935 / 0.714 / 0.137, refusing 13 more answerable
// questions for 23 more off-topic ones, cost two held-out questions at
// top-1 and refused "what is otp", so it was not kept. Batch 136 (194
// answerable, 245 off-topic) arrived at 0.881 / 0.933 / 0.665 / 0.103;
// the check, batches 129 to 136, stands at 0.836 / 0.934 / 0.691 / 0.124.
// The rotation of batches 129 to 135 into the fit (28,072 questions) gave
// batch 136 0.876 / 0.943 / 0.661 / 0.093: one right card first and one
// off-topic refusal fewer, two more in the top three and two fewer
// answerable questions refused, for one held-out question at top-1
// (0.958 to 0.952), one at top-3 and two real-dev ones, so it was not
// made. Another 400 textbook questions, half of them answerable, gave
// batch 136 0.881 / 0.938 / 0.661 / 0.098 and the check 0.835 / 0.936 /
// 0.694 / 0.126, and refused "what is otp" again, so they were not kept.
// Batch 137 (166 answerable, 234 off-topic) arrived at 0.813 / 0.898 /
// 0.645 / 0.114; the check, batches 129 to 137, stood at 0.834 / 0.930 /
// 0.685 / 0.123. The rotation of batches 129 to 136 into the fit (28,511
// questions) gives batch 137, unseen by both, 0.831 / 0.928 / 0.654 /
// 0.084, better on all four (three more right cards first, five more in
// the top three, two more off-topic questions refused, five fewer
// answerable ones), for two held-out questions at top-1 (0.958 to 0.945),
// one at top-3 and two real-dev ones, as the three before it cost. Those
// three had each gained a few outcomes on the newest batch too; four in a
// row, the last on all four figures, say that more real questions to fit
// on pay again, so this one was made. The check was batch 137 alone.
// Batch 138 (160 answerable, 257 off-topic, mostly course questions)
// arrived at 0.912 / 0.963 / 0.646 / 0.050; the check, batches 137 and
// 138, stands at 0.871 / 0.945 / 0.650 / 0.067. The rotation of batch
// 137 into the fit (28,911 questions) gave batch 138 0.919 / 0.963 /
// 0.642 / 0.056: one more right card first, one more off-topic question
// answered and one more answerable one refused, with held-out and
// real-dev unchanged, which is not better, so it was not made.
// Batch 139 (146 answerable, 319 off-topic) arrived at 0.890 / 0.959 /
// 0.690 / 0.089, the same with the models before and after the compounds
// of stop words were glued; the check, batches 137 to 139, stands at
// 0.881 / 0.951 / 0.667 / 0.074. Batch 140 (170 answerable, 281
// off-topic) arrived at 0.835 / 0.971 / 0.683 / 0.100; the check, batches
// 137 to 140, stands at 0.869 / 0.956 / 0.671 / 0.081. The rotation of
// batches 137 and 138 into the fit (29,328 questions) gave batch 139
// 0.897 / 0.959 / 0.699 / 0.096 and batch 140 0.835 / 0.971 / 0.673 /
// 0.100: across the two, one more right card first, no more off-topic
// questions refused and one more answerable one refused, held-out and
// real-dev unchanged, which is not better, so it was not made.
// Batch 141 (133 answerable, 255 off-topic) arrived at 0.932 / 0.985 /
// 0.635 / 0.038; the check, batches 137 to 141, stands at 0.880 / 0.961
// / 0.664 / 0.074.
// The misses of batches 137 to 139 have been read (137's once 138 had
// arrived, 138's and 139's shown by an evaluation run that printed them).
// So have part of batch 140's and 141's: a run for the pooled figures,
// filtered with a grep that matched "ok" in "lookup", "cookie" and
// "token", showed the misses whose lines held those words (mostly DNS,
// cookie and token questions). Misses are now logged only when
// SDBOT_EVAL_MISSES is set; the batches after 141 are the ones that can
// judge a change unseen. Batch 142 (118 answerable, 253 off-topic)
// arrived at 0.873 / 0.949 / 0.680 / 0.110; the check, batches 137 to
// 142, stood at 0.879 / 0.960 / 0.667 / 0.078. The rotation of batches
// 137 to 141 into the fit (30,632 questions) gives batch 142, unseen by
// both, 0.873 / 0.949 / 0.692 / 0.110: three more off-topic questions
// refused and the rest the same, for one held-out question at top-1
// (0.952 to 0.945), real-dev unchanged. It was made, as the rotations
// that gained on the newest batch before it were; the check was batch
// 142 alone. Batch 143 (81 answerable, 268 off-topic; the search tools'
// budget ran out for its helpers early) arrived at 0.840 / 0.938 / 0.657
// / 0.049; the check, batches 142 and 143, stands at 0.859 / 0.945 /
// 0.674 / 0.085. Batches 144 (122 answerable, 189 off-topic) and 145
// (101 and 202) arrived at 0.902 / 0.959 / 0.635 / 0.090 and 0.881 /
// 0.960 / 0.703 / 0.099, their misses unread. The rotation of batches 142
// and 143 into the fit (31,352 questions) gives them, unseen by both
// models, 0.902 / 0.959 / 0.651 / 0.098 and 0.881 / 0.960 / 0.708 / 0.099:
// four more off-topic questions refused and one more answerable one, of
// 614; held-out and real-dev unchanged. It was made, and the check is
// batches 144 and 145: 0.892 / 0.960 / 0.680 / 0.099 (0.683 with the
// fit's labels corrected). Batch 146 (51 answerable, 116 off-topic; the
// search tools' budget ran low) arrived at 0.824 / 0.922 / 0.664 / 0.039;
// the check, batches 144 to 146, stood at 0.880 / 0.953 / 0.679 / 0.088,
// and at 0.880 / 0.953 / 0.682 / 0.088 after the second round of label
// corrections (TestAuditLabels). Batch 147 (200 answerable, 318
// off-topic, from kinds of source new to the batches: study guides and
// company question banks, reading groups, mailing lists of Erlang and REST,
// datasets of Stack Exchange questions) arrived far lower, at 0.745 /
// 0.920 / 0.686 / 0.180. The rotation of batches 144 to 146 into the fit
// (32,133 questions) gave it, unseen by both models, 0.745 / 0.925 /
// 0.670 / 0.190: five more off-topic questions answered and two more
// answerable ones refused, so it was not made. The batch was then cut in
// two by helper: the first half (93 answerable, 187 off-topic; 0.699 /
// 0.914 / 0.674 / 0.129) is real-check-147.yaml, unseen; the second (107
// and 131; 0.785 / 0.925 / 0.702 / 0.224) is testdata/fit/real-fit147.yaml,
// whose misses were read as a development set for the new kinds. The
// helpers had named one or two cards where several answer, so the whole
// batch was labelled again blind for every card that answers, and 62
// labels changed after reading each against the cards (most added a
// card): the first half then stands at 0.774 / 0.946 / 0.674 / 0.129, and
// the rotation above still loses on the batch (three more off-topic
// questions answered and two more answerable ones refused on the first
// half, two more off-topic ones answered on the second). The check,
// batches 144 to 147, stood at 0.853 / 0.951 / 0.680 / 0.098. The models
// refitted with the second half in the fit (31,590 questions) answered
// two more of the check's off-topic questions and changed nothing else,
// so they were not kept; the file stays in the fit for the next refit.
// Batch 148 (68 answerable, 184 off-topic; course forums, documentation
// issues, people's own question lists, the Twisted mailing lists, issues
// of self-hosted applications), labelled for every card and then again
// blind, arrived at 0.824 / 0.882 / 0.739 / 0.235; batch 149 (31
// answerable, 104 off-topic; framework issues, textbook exercises,
// audience questions), labelled the same way, at 0.806 / 0.968 / 0.702 /
// 0.226. Together they have the 90 answerable questions a rotation asks
// for. The check, batches 144 to 149, stands at 0.845 / 0.942 / 0.693 /
// 0.127, and the floors below follow it: the new kinds of source refuse
// far more answerable questions than the batches before them did. The
// rotation of batches 144 to 147 into the fit (32,651 questions) gave
// batches 148 and 149, unseen by both models, 0.824 / 0.882 / 0.728 /
// 0.235 and 0.742 / 0.968 / 0.712 / 0.226: two fewer right cards first
// and one fewer off-topic question refused of 387, held-out and real-dev
// unchanged, so it was not made. Two rotations and one refit with new
// questions in the fit have now lost on the newest batches; more labelled
// questions of the fit's kinds no longer carry over to new kinds of source.
// Batch 150 (34 answerable, 150 off-topic; mailing lists of
// infrastructure projects, smaller Stack Exchange sites, GitHub
// Discussions, AMA repositories, interview notes), labelled the same way,
// arrived at 0.853 / 0.912 / 0.813 / 0.324: its sources ask mostly about
// one product, which is refused more often, and the few conceptual
// questions among them are refused more often too. The wording model
// given weights for each word with the best card (a card's off-topic
// askers use other words than its answerable ones: nginx settings for the
// sticky-sessions card), refitted with batch 147's second half in the fit
// (31,590 questions), was judged against the same refit without them:
// on batches 144 to 149 it refused six fewer off-topic questions and as
// many answerable ones, and on batch 150, unseen by both, two more
// answerable ones, so it was not kept. The check, batches 144 to 150,
// stood at 0.846 / 0.940 / 0.709 / 0.140. Batch 151 (31 answerable, 79
// off-topic; forums of hosting and workflow platforms, Lobsters "ask"
// titles, TeamBlind interview reports), labelled the same way, arrived at
// 0.774 / 0.806 / 0.646 / 0.355. The rotation of batches 144 to 149 into
// the fit (33,038 questions) gave batches 150 and 151, unseen by both
// models, the same cards first and as many answerable questions refused,
// and three fewer off-topic questions refused of 229 (held-out a one more
// right card first), so it was not made. The check, batches 144 to 151,
// stood at 0.842 / 0.932 / 0.705 / 0.153. Batch 152 (53 answerable, 107
// off-topic; a study group's and a student's own questions on a
// distributed-systems course, readers' quizzes on a data-systems book,
// forums and question issues of database products, a data community's
// questions to book authors and its students' FAQ), labelled the same
// way, arrived at 0.717 / 0.774 / 0.664 / 0.340, the lowest yet: for one
// answerable question in four the right card is not among the first
// three. Two refits with batch 147's second half in the fit (31,590
// questions) were judged on batches 144 to 152: one with a seventh
// ranking weight, for the share of the question's neighbouring word
// pairs a card writes side by side too (for "write skew", which the
// isolation-levels card writes and the hot-partitions card, rich in
// "skew", does not), weighed +1.34 by the fit; and the same refit
// without it. They gave batch 152 the same figures (one more right card
// among the first three and one more off-topic question refused than
// the models in use), and on batches 144 to 151 the pair weight put one
// more right card among the first three and refused one more answerable
// question, the first card unchanged in total; it was not kept, nor was
// the refit without it (two fewer right cards first on batches 144 to
// 151). The check, batches 144 to 152, stood at 0.830 / 0.918 / 0.702 /
// 0.170, and the floors below follow it; with a card's names put first
// (namedFirst) its top-1 is 0.832. Batch 153 (62 answerable, 292
// off-topic; forums of a dashboard product and a computing framework,
// interview questions candidates wrote down, students' own questions in
// course and paper notes, question issues of messaging and proxy projects,
// the Erlang and REST mailing lists, rows of community question datasets),
// labelled the same way, arrived at 0.823 / 0.935 / 0.747 / 0.177. The
// check, batches 144 to 153, stood at 0.831 / 0.920 / 0.710 / 0.170 (110
// of 646 answerable questions refused). The rotation of batches 144 to 148
// into the fit (32,903 questions) gave batches 149 to 153, unseen by both
// models, one more right card first and one more answerable question
// refused than the refit without it (211 answerable, 732 off-topic), so it
// was not made; that refit itself (batch 147's second half in the fit,
// 31,590 questions) put three fewer right cards first on batches 144 to
// 153 than the models in use and was not kept either. Batch 154 (40
// answerable, 46 off-topic; a stream processor's IRC channel, a database's
// mailing lists, students' own flashcards and exam notes on replication,
// networking and NoSQL, a web course's questions on cookies), labelled the
// same way, arrived at 0.850 / 0.975 / 0.804 / 0.075. The check, batches
// 144 to 154, stood at 0.832 / 0.923 / 0.713 / 0.165 (0.834 top-1 once
// "fanout" and "ecommerce" were synonyms of their hyphenated forms).
// Batch 155 (39 answerable, 127 off-topic; question issues of mid-sized
// backend projects, students' and engineers' own study and interview
// notes, candidates' lists of interview questions), labelled the same
// way, arrived at 0.769 / 0.897 / 0.677 / 0.333, the same with the code
// of the session before (13 of its 39 answerable questions refused). The
// check, batches 144 to 155, stood at 0.830 / 0.921 / 0.710 / 0.174.
// Batch 156 (79 answerable, 176 off-topic; questions students and
// engineers wrote for themselves while studying databases, networking,
// operating systems, DevOps and distributed systems, and candidates'
// notes of DevOps and backend interviews), labelled the same way,
// arrived at 0.709 / 0.886 / 0.670 / 0.190, the same with the code of the
// session before. Batches 155 and 156 together have the 90 answerable
// questions a rotation asks for. The rotation of batches 144 to 154 into
// the fit (33,932 questions) gave them, unseen by both models, two more
// right cards first and one more answerable question refused than the
// refit without it (31,590 questions; it answered them as the models in
// use do), off-topic refusals the same, and held-out a one more right
// card first. That is one outcome better of 421, and it would have
// shrunk the check from 2,677 questions to those 421, so it was not made.
// The check, batches 144 to 156, stood at 0.818 / 0.918 / 0.706 / 0.175
// (0.817 top-1 with the code of the session before), and the floors below
// follow it. Batch 157 (18 answerable, 73 off-topic; a student's questions
// on a course's papers, audience and listeners' questions kept as text,
// readers' question issues of books' companion repositories), labelled
// the same way, arrived at 0.833 / 0.944 / 0.753 / 0.111, the same with
// the code of the session before; the sources that still yield new
// questions through the search tools now give few answerable ones. The
// check, batches 144 to 157, stood at 0.819 / 0.918 / 0.708 / 0.174
// (0.818 top-1 with the code of the session before). Batch 158 (42
// answerable, 88 off-topic; an engineer's and a student's own study
// questions, candidates' notes of DevOps and data-engineering
// interviews, learners' issues of course and tutorial repositories),
// labelled the same way, arrived at 0.881 / 0.952 / 0.807 / 0.214, one
// right card first fewer than with the code of the session before (the
// cards' additions of 781b942 moved it). The check, batches 144 to 158,
// stood at 0.821 / 0.920 / 0.716 / 0.176. Batch 159 (60 answerable, 42
// off-topic; questions on general developer forums, students' own study
// questions on replication, consistency and NoSQL, an operating-systems
// paper, candidates' and an interviewer's backend and Linux lists),
// labelled the same way, arrived at 0.850 / 0.933 / 0.548 / 0.150, the
// same with the code of the session before. The check, batches 144 to
// 159, stood at 0.823 / 0.921 / 0.713 / 0.174. Batch 160 (63 answerable,
// 126 off-topic; course review questions, exam papers and tutorial
// sheets, old database newsgroup and mailing-list posts, an HPC forum,
// DevOps, database and backend interview lists, issues of smaller
// open-source projects), labelled the same way, arrived at 0.857 / 0.937
// / 0.714 / 0.175, with the code of the session before. The check,
// batches 144 to 160, stood at 0.825 / 0.922 / 0.713 / 0.174. Batch 161
// (56 answerable, 55 off-topic; exam questions and exercise sheets of
// networking, cloud and data-systems courses, engineers' own questions in
// their notes on talks, papers and a book, issues of smaller
// repositories), labelled the same way, arrived at 0.750 / 0.857 / 0.655
// / 0.196 with the same code. The check, batches 144 to 161, stood at
// 0.821 / 0.919 / 0.711 / 0.175. Batch 162 (86 answerable, 67 off-topic;
// course study guides, review slides and discussion prompts, people's
// own flash cards and notes, a seminar's reading responses, questions to
// book authors and a talk's audience), labelled the same way, arrived at
// 0.826 / 0.942 / 0.791 / 0.116 with the same code. The check, batches
// 144 to 162, stood at 0.821 / 0.920 / 0.714 / 0.171. Batch 163 (44
// answerable, 55 off-topic; assessment items and a trainer's quiz,
// networking and virtualization course questions, people's own notes and
// flash cards, a student's open questions on systems papers), labelled the
// same way, arrived at 0.818 / 0.932 / 0.764 / 0.205 with the same code.
// The check, batches 144 to 163, stood at 0.821 / 0.921 / 0.715 / 0.172.
// Batch 164 (59 answerable, 92 off-topic; books' review questions, course
// and oral-exam questions, people's own flash cards and notes, study and
// reading groups' questions), labelled the same way, arrived at 0.847 /
// 0.949 / 0.641 / 0.153 with the same code. The check, batches 144 to 164,
// stood at 0.822 / 0.922 / 0.712 / 0.171. Then batches 144 to 151 (1,742
// questions) joined the fit and every model was refitted on 33,332
// questions, the first refit since the cards' additions of 781b942. On
// batches 152 to 164 (701 answerable, 1,346 off-topic), unseen by both,
// the models before it gave 0.807 / 0.914 / 0.715 / 0.185, a refit
// without the rotation 0.809 / 0.917 / 0.716 / 0.180, and the refit with
// it 0.810 / 0.916 / 0.720 / 0.178 (two more right cards first, one more
// in the top three, seven more off-topic questions refused and five fewer
// answerable ones than the models before it), with held-out top-1 0.945
// to 0.952 and real-dev unchanged, so it was made. The check, batches 152
// to 164, stood at 0.810 / 0.916 / 0.720 / 0.178, and the floors follow
// it. Batch 165 (33 answerable, 35 off-topic; a distributed-systems topic
// list, training review sheets on big data and Kafka, database and
// transaction exercises, people's own notes on Cassandra), labelled the
// same way, arrived at 0.727 / 0.879 / 0.714 / 0.121 with the models of
// 78cee8f (0.727 / 0.848 / 0.686 / 0.121 with the models before 78cee8f).
// The check, batches 152 to 165, stood at 0.807 / 0.914 / 0.720 / 0.176.
// Batch 166 (39 answerable, 57 off-topic; cloud, networking and database
// exam and exercise questions, an engineer's own design-interview study
// questions, interview-preparation notes and a course's MongoDB and Node.js
// questions), labelled the same way, arrived at 0.795 / 0.923 / 0.789 /
// 0.333 with the models of 78cee8f (0.744 / 0.949 / 0.772 / 0.308 with the
// models before 78cee8f). The check, batches 152 to 166, stood at 0.806 /
// 0.915 / 0.723 / 0.184. Batch 167 (117 answerable, 184 off-topic;
// distributed-systems exercise sheets, a cloud course's final review,
// data-engineering quizzes, course pages' sample midterms and study guides,
// people's own study questions, flash cards and interview notes, students'
// questions on papers), labelled the same way, arrived at 0.838 / 0.897 /
// 0.712 / 0.179 with the models of 78cee8f. The check, batches 152 to 167,
// stood at 0.810 / 0.912 / 0.721 / 0.183. Batch 168 (79 answerable, 103
// off-topic; exam and study questions of distributed-systems, cloud and
// network courses, bootcamp study guides, data-engineering and backend
// interview questions, interview-preparation and research notes, security
// and database review sheets, students' own questions on cookies and
// sessions), labelled the same way, arrived at 0.886 / 0.962 / 0.728 /
// 0.165 with the models of 78cee8f. The check, batches 152 to 168, stood at
// 0.816 / 0.916 / 0.722 / 0.182. Batch 169 (44 answerable, 114 off-topic;
// past exam and tutorial questions of distributed-systems, network and
// database courses, the questions candidates kept from their interviews,
// students' questions on papers and lectures compiled by course staff),
// labelled the same way, arrived at 0.864 / 0.932 / 0.781 / 0.091 with the
// models of 78cee8f. The check, batches 152 to 169, stood at 0.818 / 0.917
// / 0.725 / 0.178. Batch 170 (96 answerable, 115 off-topic; exam papers and
// exam-preparation cards, the questions people kept from backend, data and
// DevOps interviews, course pages' practice tests, a big-data recap and
// review questions, people's own flash cards and self-review quizzes),
// labelled the same way, arrived at 0.823 / 0.906 / 0.765 / 0.146 with the
// models of 78cee8f. The check, batches 152 to 170, stood at 0.819 / 0.916
// / 0.728 / 0.175.
// Then batches 152 to 159 (1,344 questions) joined the fit and every model
// was refitted on 34,676 questions. On batches 160 to 170 (716 answerable,
// 1,003 off-topic), unseen by both, the models before it gave 0.831 / 0.920
// / 0.732 / 0.161 and the refit 0.832 / 0.925 / 0.737 / 0.161 (one more
// right card first, four more in the top three, five more off-topic
// questions refused, the same answerable ones refused), with the held-out
// files, real-dev, dev.yaml and the names as they were, so it was made (see
// decide.go for why it waited for the close-call line of 73f1d0a). The
// check, batches 160 to 170, stood at 0.832 / 0.925 / 0.737 / 0.161, and
// the floors follow it. Batch 171 (73 answerable, 128 off-topic; course
// review questions and discussion prompts, students' questions noted in
// class, a candidate's raw notes of two interviews, a data engineer's Spark
// questions, design prompts with their agreed scope, people's own flash
// cards), labelled the same way, arrived at 0.904 / 0.932 / 0.766 / 0.164
// with the models of 9e842d0 (0.890 / 0.932 / 0.742 / 0.178 with the models
// before them). The check, batches 160 to 171, stood at 0.839 / 0.925 /
// 0.740 / 0.161. Batch 172 (73 answerable, 117 off-topic; networking and
// distributed-systems exam and review questions, the questions candidates
// kept from microservices, Kafka, Docker and JWT interviews, course
// handouts' key questions and review questions, students' questions to
// three courses), labelled the same way, arrived at 0.822 / 0.904 / 0.761 /
// 0.151 with the models of 9e842d0 (0.822 / 0.904 / 0.752 / 0.137 with the
// models before them). The check, batches 160 to 172, stood at 0.838 /
// 0.923 / 0.742 / 0.160. Batch 173 (94 answerable, 101 off-topic;
// distributed-systems exam papers and course question lists, a networks
// course's review slides, the questions DevOps candidates kept, company by
// company, course study guides, people's own flash cards), labelled the
// same way, arrived at 0.894 / 0.989 / 0.733 / 0.117 with the models of
// 9e842d0. The check, batches 160 to 173, stood at 0.843 / 0.930 / 0.741 /
// 0.156. Batch 174 (63 answerable, 121 off-topic; a university's
// distributed-systems exam papers, NoSQL exam questions, the questions one
// engineer was asked in three companies' interviews, bootcamp and course
// study questions, students' questions to an operating-systems course),
// labelled the same way, arrived at 0.889 / 0.952 / 0.711 / 0.175 with the
// models of 9e842d0. The check, batches 160 to 174, stood at 0.846 / 0.931
// / 0.739 / 0.157. Batch 175 (76 answerable, 133 off-topic; students' own
// flash cards, textbook and course review questions, the questions
// candidates kept from backend and data-engineering interviews, a person's
// revision questions on replication, bootcamp question lists), labelled the
// same way, arrived at 0.868 / 0.934 / 0.714 / 0.079 with the models of
// 9e842d0. The check, batches 160 to 175, stood at 0.847 / 0.932 / 0.737 /
// 0.152. Batch 176 (106 answerable, 110 off-topic; students' own flash
// cards on caching, content distribution, load balancing, proxies and
// quorums, course exam, review and exercise questions, the questions
// candidates kept from data, backend and DevOps interviews, students'
// revision questions on two data-systems books), labelled the same way,
// arrived at 0.830 / 0.953 / 0.673 / 0.132 with the models of 9e842d0. The
// check, batches 160 to 176, stood at 0.846 / 0.933 / 0.733 / 0.150. Then
// batches 160 to 166 (867 questions) joined the fit and every model was
// refitted on 35,543 questions. On batches 167 to 176 (821 answerable,
// 1,226 off-topic), unseen by both, the models of 9e842d0 gave 0.859 /
// 0.938 / 0.732 / 0.140 and the refit 0.861 / 0.944 / 0.726 / 0.132 (two
// more right cards first, five more in the top three, seven fewer
// answerable questions refused and eight fewer off-topic ones); on batches
// 175 and 176, gathered after the first try of it was set aside (see
// decide.go), 0.846 / 0.945 / 0.695 / 0.110 and 0.857 / 0.962 / 0.700 /
// 0.104, better on all four. The held-out files put one more right card
// first and real-dev one fewer, dev.yaml and the names are as they were,
// and one more design prompt without a card is refused, so it was made. The
// check, batches 167 to 176, stood at 0.861 / 0.944 / 0.726 / 0.132, and
// the floors follow it. Batch 177 (104 answerable, 112 off-topic; a
// networking textbook's and a software-architecture book's review
// questions, operating-systems study questions and exercises, a
// student-built system-design course's quiz questions, the questions
// engineers kept from DevOps, SRE and full-stack interviews, students'
// revision questions on two data-systems books), gathered and labelled the
// same way after the rotation was made, arrived at 0.788 / 0.875 / 0.777 /
// 0.202 with these models and the same with the models of 9e842d0. The
// check, batches 167 to 177, stood at 0.853 / 0.936 / 0.730 / 0.139.
// Batch 178 (93 answerable, 114 off-topic; a cloud course's sample exam,
// students' own flash cards on consistency, Lamport clocks and HTTP
// caching, the questions DevOps candidates kept, review sheets and past
// exam questions, students' revision questions on replication and
// transactions), gathered and labelled the same way after the rotation,
// arrived at 0.914 / 0.968 / 0.728 / 0.108 with these models (0.903 /
// 0.968 / 0.728 / 0.118 with the models of 9e842d0). The check, batches
// 167 to 178, stood at 0.859 / 0.939 / 0.730 / 0.137. Batch 179 (101
// answerable, 141 off-topic; past exam papers on networks, cloud computing,
// databases and distributed systems, an engineer's own questions in their
// notes on Redis, Kafka and Cassandra, networking students' self-quizzes, a
// flash-card deck on Cassandra, the questions candidates kept from
// interviews, course study guides and final-exam lists, students' revision
// questions on a data-systems book), labelled the same way, arrived at
// 0.842 / 0.921 / 0.752 / 0.139 with the models of fc95815. The check,
// batches 167 to 179, stood at 0.857 / 0.937 / 0.732 / 0.137. Batch 180 (71
// answerable, 135 off-topic; past exam papers on distributed systems, the
// questions people wrote in their reading notes on data-systems books and
// papers, course finals, reviews and quizzes, assignment questions students
// reposted, people's own flash cards on Cassandra, transactions and Raft),
// labelled the same way, arrived at 0.873 / 0.915 / 0.689 / 0.113 with
// the models of then. The check, batches 167 to 180, stood at 0.858 /
// 0.936 / 0.729 / 0.135. Then batches 167 to 172 (1,243 questions) joined
// the fit and every model was refitted on 36,786 questions. On batches 173
// to 180 (708 answerable, 967 off-topic), unseen by both, the models of
// fc95815 gave 0.862 / 0.942 / 0.721 / 0.130 and the refit 0.871 / 0.944 /
// 0.721 / 0.126 (seven more right cards first, one more in the top three,
// three fewer answerable questions refused, the same off-topic ones
// refused); on batches 179 and 180, gathered while it was being fitted,
// 0.855 / 0.919 / 0.721 / 0.128 and 0.860 / 0.919 / 0.717 / 0.140 (one
// more right card first, one more off-topic question answered and two
// more answerable ones refused). The check, batches 173 to 180, stood at
// 0.871 / 0.944 / 0.721 / 0.126. Batch 181 (64 answerable, 135 off-topic; a
// student's revision of a distributed-systems course's past exams, a
// networks course's homework, people's own questions in notes on a
// networking course, a system-design course and talks, course reviews and
// study guides, one person's quiz banks, an Anki deck on operating
// systems), gathered and labelled the same way while the rotation was
// fitted, arrived at 0.781 / 0.906 / 0.644 / 0.188 with these models
// (0.781 / 0.906 / 0.659 / 0.188 with the models of fc95815). The check,
// batches 173 to 181, stood at 0.864 / 0.940 / 0.711 / 0.131, and the
// floors are set a step under it. Batch 182 (87 answerable, 127
// off-topic; a student's list of a cloud course's exam questions, past
// exam papers on distributed systems, cloud, databases and networks, an
// engineer's own flash cards on DNS and reverse proxies and her readers'
// questions, questions in people's notes on a system-design course, an
// instructor's old exams, a database course's question lists, people's
// own flash cards on system design and operating systems, a quiz bank on
// testing), gathered and labelled the same way after the rotation was
// made, arrived at 0.828 / 0.920 / 0.756 / 0.126 with these models
// (0.805 / 0.920 / 0.764 / 0.138 with the models of fc95815). The check,
// batches 173 to 182, stood at 0.860 / 0.938 / 0.716 / 0.130. Batch 183
// (83 answerable, 122 off-topic; a databases course's homework, a
// distributed-systems course's sample questions, tutorials and final
// exam, past papers on databases and data communication, an engineer's
// own questions on a system-design book and the Raft paper, questions in
// notes on a search engine, a metrics store and a home-made SQL database,
// sample and model exams, a person's list of back-end topics to review,
// self-quizzes and flash cards), labelled the same way, arrived at 0.831
// / 0.928 / 0.631 / 0.108 with these models. The check, batches 173 to
// 183, stood at 0.858 / 0.937 / 0.708 / 0.128. Batch 184 (111
// answerable, 121 off-topic; exam, study-guide, supervision and
// assignment questions on software design, routing, databases and
// distributed algorithms, the questions in engineers' learning logs and
// study notes, class worksheets, a course's reading prompts on cloud
// services and access control, people's own flash cards on TLS,
// deployment and containers), labelled the same way, arrived at 0.847 /
// 0.946 / 0.727 / 0.117 with these models (0.838 / 0.946 / 0.727 / 0.135
// with those of fc95815). The check, batches 173 to 184, stood at 0.857
// / 0.938 / 0.710 / 0.127. Batch 185 (68 answerable, 115 off-topic; a
// university course's end-of-chapter questions on networking, the web,
// caching, mail and containers, a data-intensive systems course's
// exercises, people's own questions in notes on operating systems, a
// data-systems book and papers, course practice, review and discussion
// questions, people's own flash cards on proxies, replication, OAuth,
// site reliability and containers), labelled the same way, arrived at
// 0.750 / 0.853 / 0.652 / 0.191 with these models (0.735 / 0.868 / 0.617 /
// 0.206 with those of fc95815). The check, batches 173 to 185, stood at
// 0.850 / 0.933 / 0.706 / 0.131, and the floors are set a step under it
// again: the check sat on the top-1 floor with this hard batch in it.
// Batch 186 (63 answerable, 122 off-topic; course homework, review
// questions, recap questions, a quiz and review slides on networking,
// the web and big data, students' own flash cards on NoSQL,
// microservices and distributed systems, the questions in one person's
// notes on database papers, and people's own decks on networking,
// security, a wide-column store and tracing), labelled the same way,
// arrived at 0.937 / 0.984 / 0.721 / 0.048 with these models. The check,
// batches 173 to 186, stood at 0.855 / 0.936 / 0.707 / 0.127. Batch 187
// (66 answerable, 105 off-topic; a networking course's activity on
// reliable transfer, an advanced databases course's tutorial sheets,
// past exam questions of a distributed-systems course, the study
// questions big-data students wrote on each chapter of a data-systems
// book, study guides and final preparation for networking and security
// courses, people's own decks on databases, networking, Kubernetes and
// Linux, and self-quizzes on containers and SQL), labelled the same way,
// arrived at 0.848 / 0.955 / 0.600 / 0.182 with these models. The check,
// batches 173 to 187, stood at 0.854 / 0.937 / 0.701 / 0.130. Batch 188
// (27 answerable, 126 off-topic; a distributed and cloud computing
// course's sample exam, a student's own databases mock exam, tutorial
// sheets on distributed systems, flow control, IP and threads, people's
// own lists of open questions and questions in notes on papers and a
// message broker, opening posts on the forums of a game server, a
// document database, a game platform and infrastructure products, and
// the questions students submitted to an operating-systems course),
// labelled the same way, arrived at 0.667 / 0.889 / 0.627 / 0.296 with
// these models: with so few answerable questions, each is four points
// of its answerable figures. The check, batches 173 to 188, stood at
// 0.850 / 0.936 / 0.696 / 0.133. Batch 189 (41 answerable, 79
// off-topic; candidates' own lists of the questions they were asked in
// backend, full-stack and DevOps interviews, questions in the issues of
// small open-source projects, opening posts on small forums, and
// readers' and audiences' questions to authors and speakers), labelled
// the same way, arrived at 0.732 / 0.902 / 0.823 / 0.195 with these
// models. The check, batches 173 to 189, stood at 0.847 / 0.935 / 0.701
// / 0.135 (0.702 after aaa73f0 labelled two of its questions on the HTTP
// methods as the other questions that ask it are labelled). Batch 190 (29
// answerable, 80 off-topic; a study group's members' own questions in
// their notes on a system-design book and a data-systems book, a
// student's questions in paper reviews, an engineer's DevOps interview
// questions, an interviewer's questions on observability, and questions
// in the issues of small open-source projects), labelled the same way,
// arrived at 0.793 / 0.862 / 0.637 / 0.310 with these models. The check,
// batches 173 to 190, stood at 0.846 / 0.933 / 0.699 / 0.139, and with
// it at the floors of then (0.84 / 0.92 / 0.69 / 0.14) they are set a
// step under it again, as after batch 185. Batch 191 (62 answerable, 140
// off-topic) is of the kinds the check had least of, as the issue's own
// questions were: of batches 173 to 190, 45 questions came from Q&A
// sites and forums and 81 from GitHub issues. It holds questions asked
// in the issues of open-source projects, on Stack Exchange, Stack
// Overflow, Hacker News and forums, in candidates' interview notes and
// reports, and in people's study notes, meeting notes and RFCs' open
// questions, labelled the same way, and arrived at 0.758 / 0.903 / 0.621
// / 0.129 with these models. The check, batches 173 to 191, stood at
// 0.842 / 0.932 / 0.694 / 0.138. Batch 192 (54 answerable, 37 off-topic;
// questions on Stack Overflow, Software Engineering Stack Exchange,
// Reddit, Hacker News, a forum and two mailing lists, and the questions
// people wrote in their own study notes), labelled the same way, arrived
// at 0.759 / 0.889 / 0.541 / 0.111. Batches 191 and 192 together (116
// answerable, 177 off-topic) stand at 0.759 / 0.897 / 0.605 / 0.121: on
// these kinds the right card is first less often than on the rest of
// the check. The check, batches 173 to 192, stood at 0.839 / 0.930 /
// 0.692 / 0.137. Batch 193 (43 answerable, 52 off-topic; questions on
// Stack Exchange sites, Reddit, Hacker News and forums, in the issues of
// job-queue and database projects, and in people's own notes), labelled
// the same way, arrived at 0.674 / 0.860 / 0.442 / 0.093. Batches 191 to
// 193 (159 answerable, 229 off-topic) stood at 0.736 / 0.887 / 0.568 /
// 0.113, and the check, batches 173 to 193, at 0.834 / 0.928 / 0.686 /
// 0.136. Batch 194 (20 answerable, 25 off-topic; questions on Stack
// Overflow, Server Fault and Software Engineering Stack Exchange, Hacker
// News, Reddit, two mailing lists, two forums and a blog about scaling),
// labelled the same way, arrived at 0.550 / 0.800 / 0.640 / 0.100.
// Batches 191 to 194 (179 answerable, 254 off-topic) stood at 0.715 /
// 0.877 / 0.575 / 0.112, and the check, batches 173 to 194, at 0.830 /
// 0.927 / 0.686 / 0.135; with it at the top-1 floor, that floor is set a
// step under it (0.82). Batch 195 (9 answerable, 19 off-topic; questions
// on Server Fault, Database Administrators and Stack Overflow, Hacker
// News and the MySQL forum), labelled the same way, arrived at 0.778 /
// 1.000 / 0.526 / 0.111. Batches 191 to 195 (188 answerable, 273
// off-topic) stood at 0.718 / 0.883 / 0.571 / 0.112, and the check,
// batches 173 to 195, at 0.830 / 0.927 / 0.684 / 0.135 (0.685 off-topic
// refused once a bare "design a system" was no longer read as a prompt,
// f94a399). Batch 196 (40 answerable, 66 off-topic; questions in the
// issues of open-source projects, on Stack Overflow, two other Stack
// Exchange sites, a mailing list and a forum, and in people's own notes
// and an RFC), labelled the same way, arrived at 0.650 / 0.900 / 0.682 /
// 0.250. Batches 191 to 196 (228 answerable, 339 off-topic) stood at
// 0.706 / 0.886 / 0.596 / 0.136, and the check, batches 173 to 196, at
// 0.825 / 0.926 / 0.685 / 0.138. Batch 197 (25 answerable, 76
// off-topic; questions in the issues of open-source projects and those
// candidates reported from their own interviews), labelled the same
// way, arrived at 0.720 / 0.920 / 0.539 / 0.120. Batches 191 to 197 (253
// answerable, 415 off-topic) stood at 0.708 / 0.889 / 0.586 / 0.134, and
// the check, batches 173 to 197, at 0.823 / 0.926 / 0.680 / 0.138. Batch
// 198 (11 answerable, 60 off-topic; questions in documentation-feedback
// issues and on Information Security, User Experience, Software
// Engineering and Webmasters Stack Exchange), labelled the same way,
// arrived at 0.636 / 0.909 / 0.517 / 0.364. Batches 191 to 198 (264
// answerable, 475 off-topic) stood at 0.705 / 0.890 / 0.577 / 0.144, and
// the check, batches 173 to 198, at 0.822 / 0.926 / 0.677 / 0.139; with
// it under the floor for off-topic questions refused, that floor is set
// a step under it (0.67). Batch 199 (18 answerable, 90 off-topic;
// questions in GitHub Discussions and in people's own notes), labelled
// the same way, arrived at 0.778 / 0.889 / 0.767 / 0.222. Batches 191 to
// 199 (282 answerable, 565 off-topic) stood at 0.709 / 0.890 / 0.607 /
// 0.149, and the check, batches 173 to 199, at 0.822 / 0.926 / 0.680 /
// 0.140. Batch 200 (24 answerable, 102 off-topic; questions in the
// issues of smaller open-source projects, candidates' reports of their
// own interviews and people's own notes), labelled the same way, arrived
// at 0.875 / 1.000 / 0.696 / 0.083. Batches 191 to 200 (306 answerable,
// 667 off-topic) stood at 0.722 / 0.899 / 0.621 / 0.144, and the check,
// batches 173 to 200, at 0.822 / 0.927 / 0.680 / 0.140. Batch 201 (24
// answerable, 97 off-topic; questions in the issues of smaller
// open-source projects, on Stack Overflow and two other Stack Exchange
// sites, and in people's own notes and a project's design proposals),
// labelled the same way, arrived at 0.667 / 0.792 / 0.742 / 0.250.
// Batches 191 to 201 (330 answerable, 764 off-topic) stood at 0.718 /
// 0.891 / 0.636 / 0.152, and the check, batches 173 to 201, at 0.820 /
// 0.925 / 0.682 / 0.141; with it at the top-1 floor, that floor is set a
// step under it (0.81). Writing "N+1" as one word (e83a965) refused one
// more of the check's answerable questions (0.142). Batch 202 (51
// answerable, 140 off-topic; questions in the issues of smaller
// open-source projects, on four Stack Exchange sites other than Stack
// Overflow, in reports of SRE and DevOps interviews and in people's own
// notes), labelled the same way, arrived at 0.804 / 0.902 / 0.636 /
// 0.098. Batches 191 to 202 (381 answerable, 904 off-topic) stood at
// 0.730 / 0.892 / 0.636 / 0.144, and the check, batches 173 to 202, at
// 0.820 / 0.924 / 0.680 / 0.140. Batch 203 (26 answerable, 88
// off-topic; questions in the issues of smaller open-source projects and
// in people's own notes and documents), labelled the same way, arrived
// at 0.846 / 0.962 / 0.500 / 0.346. Batches 191 to 203 (407 answerable,
// 992 off-topic) stood at 0.737 / 0.897 / 0.624 / 0.157, and the check,
// batches 173 to 203, at 0.820 / 0.925 / 0.675 / 0.143. Batch 204 (13
// answerable, 94 off-topic; questions in the issues of smaller
// open-source projects and in people's own documents), labelled the same
// way, arrived at 0.462 / 0.846 / 0.649 / 0.308. Batches 191 to 204 (420
// answerable, 1,086 off-topic) stood at 0.729 / 0.895 / 0.626 / 0.162,
// and the check, batches 173 to 204, at 0.817 / 0.924 / 0.674 / 0.145.
// Then batches 191 to 197 joined the fit and every model was refitted
// (the rotation of 2026-12-05; see decide.go). With those models the
// check, batches 173 to 190 and 198 to 204 (1,516 answerable, 2,768
// off-topic), stood at 0.832 / 0.933 / 0.694 / 0.146, and its batches of
// the issue's kinds, 198 to 204 (167 answerable, 671 off-topic), at 0.754
// / 0.904 / 0.659 / 0.198 (0.760 / 0.904 / 0.651 / 0.204 with the models
// before). Batch 205 (2 answerable, 70 off-topic; questions kept in
// datasets of Stack Overflow posts and a chat room's dialogs, taken by a
// rule fixed before reading, mostly about one tool), labelled the same
// way, arrived at 0.000 / 1.000 / 0.914 / 1.000 (both answerable ones
// refused, their card among the first three). Batches 198 to 205 (169
// answerable, 741 off-topic) stood at 0.746 / 0.905 / 0.683 / 0.207,
// and the check at 0.831 / 0.933 / 0.699 / 0.147. Batch 206 (17
// answerable, 39 off-topic; questions in people's own notes), labelled
// the same way, arrived at 0.647 / 0.824 / 0.821 / 0.176. Batches 198 to
// 206 (186 answerable, 780 off-topic) stood at 0.737 / 0.898 / 0.690 /
// 0.204, and the check, batches 173 to 190 and 198 to 206, at 0.829 /
// 0.932 / 0.701 / 0.147. Batch 207 (23 answerable, 131 off-topic;
// questions in the issues of smaller projects, on project forums and
// mailing lists, and in people's notes, most about one product),
// labelled the same way, arrived at 0.826 / 0.913 / 0.634 / 0.304.
// Batches 198 to 207 (209 answerable, 911 off-topic) stood at 0.746 /
// 0.900 / 0.682 / 0.215, and the check, batches 173 to 190 and 198 to
// 207, at 0.829 / 0.932 / 0.698 / 0.150. Batch 208 (17 answerable, 78
// off-topic; questions on project forums and in the user lists of
// Apache projects, and in people's notes), labelled the same way,
// arrived at 0.647 / 0.647 / 0.603 / 0.118. Batches 198 to 208 (226
// answerable, 989 off-topic) stood at 0.739 / 0.881 / 0.675 / 0.208, and
// the check, batches 173 to 190 and 198 to 208, at 0.827 / 0.929 / 0.696
// / 0.149. Batch 209 (9 answerable, 42 off-topic; threads on project
// forums and mailing lists, most about one product), labelled the same
// way, arrived at 0.556 / 0.889 / 0.571 / 0.000. Batches 198 to 209 (235
// answerable, 1,031 off-topic) stood at 0.732 / 0.881 / 0.671 / 0.200,
// and the check, batches 173 to 190 and 198 to 209, at 0.826 / 0.929 /
// 0.694 / 0.148. Batch 210 (25 answerable, 49 off-topic; threads on
// vendor and project forums and a list, and question headings in
// people's notes), labelled the same way, arrived at 0.720 / 0.920 /
// 0.735 / 0.280. Batches 198 to 210 (260 answerable, 1,080 off-topic)
// stood at 0.731 / 0.885 / 0.674 / 0.208, and the check, batches 173 to
// 190 and 198 to 210, at 0.824 / 0.929 / 0.695 / 0.150 (242 of 1,609
// answerable questions refused, just over the floor of 0.15 it had, so
// that floor is now 0.16). Batch 211 (17 answerable, 39 off-topic;
// threads on project forums and lists, and people's study notes),
// labelled the same way, arrived at 0.765 / 0.882 / 0.487 / 0.059.
// Batches 198 to 211 (277 answerable, 1,119 off-topic) stood at 0.733 /
// 0.884 / 0.668 / 0.199, and the check, batches 173 to 190 and 198 to
// 211, at 0.823 / 0.928 / 0.692 / 0.149. Batch 212 (9 answerable, 69
// off-topic; threads on project communities and a list, and people's
// notes), labelled the same way, arrived at 0.556 / 0.778 / 0.725 /
// 0.111. Batches 198 to 212 (286 answerable, 1,188 off-topic) stood at
// 0.727 / 0.881 / 0.671 / 0.196, and the check, batches 173 to 190 and
// 198 to 212, at 0.822 / 0.927 / 0.693 / 0.149. Batch 213 (11 answerable,
// 93 off-topic; threads on product communities not taken from before,
// and teams' RFCs and people's notes), labelled the same way, arrived at
// 0.545 / 0.818 / 0.656 / 0.182. Batches 198 to 213 (297 answerable,
// 1,281 off-topic) stand at 0.721 / 0.879 / 0.670 / 0.195, and the check,
// batches 173 to 190 and 198 to 213, at 0.820 / 0.926 / 0.692 / 0.149.
// The misses of batches 173 to 175 were read on 2026-12-05 with these
// models, to count the remaining errors by cause for the notes of issue
// 13; nothing was changed for them, and the rotation that took them into
// the fit was tried and not made (see decide.go).
// The issue's targets are higher (see the notes of issue 13); these
// floors only catch a step back.
func TestRealCheck(t *testing.T) {
	files := realChecks()
	all, each := evaluateEach(t, files...)
	if all.on < 90 || all.off < 90 {
		t.Fatalf("only %d on-topic and %d off-topic questions", all.on, all.off)
	}
	var kinds evalStats
	first := 0 // the first of them still in the check (files are in order)
	for i, f := range files {
		if n, _, _ := batchNumber(f, realCheckPrefix); n >= firstIssueKinds {
			kinds.add(each[i])
			if first == 0 {
				first = n
			}
		}
	}
	t.Logf("batches %d on, the issue's kinds: %s", first, kinds)
	floors(t, all, 0.81, 0.92, 0.67, 0.16)
}

// TestSecondReader sets the bot beside a second reader on the check's
// batches that were labelled twice (198 on; see testdata/README.md): by
// the helper session that gathered them (the first reader) and again,
// blind, by another working from the cards alone (the second), before the
// differences were settled. Scored against the first reader's labels, the
// second reader shows what a careful reading of the cards reaches on
// these questions, and the bot is scored against the same labels beside
// it. second-reader.json keeps both labels of each question in its
// batch's order, with the question's first 30 characters to hold them in
// line. A reader who refuses gives no cards, so for a reader top-1 is
// also "answered right"; the bot is given its results even when it
// refuses, as everywhere in the evaluation.
//
// On batches 198 to 213 (2026-12-06; 294 answerable and 1,284 off-topic
// questions by the first reader's labels), the second reader stood at
// 0.939 / 0.966 / 0.909 / 0.034 and the bot at 0.721 / 0.878 / 0.668 /
// 0.197, with answered right 0.939 against 0.626. Of the 590 long
// off-topic posts, the reader refused 515 and the bot 318. The issue's
// targets (0.85 / 0.95 / 0.90 / 0.08) are about where a second reader
// stands, so they are not beyond what the labels allow: the distance is
// the bot's. A reading model is what would close it, and the test also
// shows how far one as good as the second reader would go if it were
// asked only about the bot's close calls, deciding whether to answer and
// which of the bot's first three cards comes first. For likelihoods from
// 0.3 to 0.7 (485 of the 1,578 questions) the bot would stand at 0.779 /
// 0.878 / 0.793 / 0.112; from 0.2 to 0.8 (748), 0.796 / 0.878 / 0.834 /
// 0.068; from 0.1 to 0.9 (1,092), 0.827 / 0.878 / 0.880 / 0.041. Such a
// reader must be asked about most questions to reach the targets, and the
// top-3 target needs the search to find the right card more often too.
func TestSecondReader(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "eval", "second-reader.json"))
	if err != nil {
		t.Fatal(err)
	}
	type labels struct {
		At     string   `json:"at"`
		First  []string `json:"first"`
		Second []string `json:"second"`
	}
	var batches map[string][]labels
	if err := json.Unmarshal(raw, &batches); err != nil {
		t.Fatalf("second-reader.json: %v", err)
	}
	x := shippedIndex(t)
	var reader, bot evalStats
	agree, n := 0, 0
	type question struct {
		q                  string
		first, second, ids []string
		answered           bool
		likelihood         float64
		fixed              bool // a card's name or a comparison: answered whatever the likelihood
	}
	var scored []question
	for _, f := range realChecks() {
		num, _, _ := batchNumber(f, realCheckPrefix)
		rows, ok := batches[strconv.Itoa(num)]
		if !ok {
			continue
		}
		items, _ := readEval(t, filepath.Join("testdata", "eval", f))
		if len(items) != len(rows) {
			t.Fatalf("%s has %d questions, second-reader.json %d", f, len(items), len(rows))
		}
		for i, it := range items {
			row := rows[i]
			if !strings.HasPrefix(strings.Join(strings.Fields(it.Q), " "), row.At) {
				t.Fatalf("%s question %d: %q does not begin %q", f, i+1, it.Q, row.At)
			}
			for _, id := range append(slices.Clone(row.First), row.Second...) {
				if _, err := x.Set().Card(id); err != nil {
					t.Errorf("%s question %d: no card %q", f, i+1, id)
				}
			}
			n++
			if (len(row.First) > 0) == (len(row.Second) > 0) {
				agree++
			}
			reader.tally(it.Q, row.First, row.Second, len(row.Second) > 0)
			a, err := x.Answer(context.Background(), it.Q)
			if err != nil {
				t.Fatalf("Answer(%q): %v", it.Q, err)
			}
			cards := ids(a.Results)
			bot.tally(it.Q, row.First, cards, a.Answered)
			fixed := namesBest(a.Results) || len(a.Compare) > 0
			scored = append(scored, question{it.Q, row.First, row.Second, cards, a.Answered, a.likelihood, fixed})
		}
		delete(batches, strconv.Itoa(num))
	}
	for num := range batches {
		t.Errorf("second-reader.json has batch %s, which is not in the check", num)
	}
	if n < 1000 {
		t.Fatalf("only %d questions labelled twice", n)
	}
	reader.cards, bot.cards = x.Set().Len(), x.Set().Len()
	t.Logf("second reader, against the first reader's labels: %s", reader)
	t.Logf("the bot, against the same labels: %s", bot)
	// What a reader would add on the bot's close calls: within each band
	// of the answer decision's likelihood, the second reader says whether
	// to answer, and the first of their cards that is among the bot's
	// first three comes first. The top-3 cannot move: the reader only
	// chooses among the cards the bot found.
	for _, band := range [][2]float64{{0.3, 0.7}, {0.2, 0.8}, {0.1, 0.9}} {
		var s evalStats
		inBand := 0
		for _, q := range scored {
			answered, ids := q.answered, q.ids
			if !q.fixed && q.likelihood >= band[0] && q.likelihood < band[1] {
				inBand++
				answered = len(q.second) > 0
				for _, id := range q.second {
					if i := slices.Index(ids[:min(3, len(ids))], id); i >= 0 {
						ids = append([]string{id}, slices.Delete(slices.Clone(ids), i, i+1)...)
						break
					}
				}
			}
			s.tally(q.q, q.first, ids, answered)
		}
		s.cards = x.Set().Len()
		t.Logf("the bot, with the second reader deciding its close calls from %.1f to %.1f (%d of %d questions): %s", band[0], band[1], inBand, len(scored), s)
	}
	// The procedure takes a batch only when the two readers agree on
	// whether a question is answerable for most of it (testdata/README.md).
	if ratio(agree, n) < 0.85 {
		t.Errorf("the readers agree on answerable or not for %d of %d", agree, n)
	}
}

// firstIssueKinds is the first batch of the check gathered only from the
// kinds of source issue 13's own questions came from (issues and
// discussions, Q&A sites, forums, mailing lists, interview reports,
// people's own notes), where most earlier batches were course material,
// exam papers and flash cards. The issue is judged on such questions, and
// the bot does worse on them, so TestRealCheck logs their figures apart.
const firstIssueKinds = 191

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
	// suggested counts the refused answerable questions whose right card
	// is among the first three, which a refusal offers as its closest
	// topics: what the asker is left with when the bot says no
	suggested int
	// longOff and longRefused count the off-topic questions of longWords
	// or more (the shape "long" of an answerable one) and those of
	// them refused: long posts about one product are most of the
	// off-topic questions answered
	longOff, longRefused int
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
	s.suggested += o.suggested
	s.longOff += o.longOff
	s.longRefused += o.longRefused
}

func (s evalStats) String() string {
	out := fmt.Sprintf("%d cards; top-1 %.3f, top-3 %.3f (%d on-topic); off-topic refused %.3f (%d); on-topic wrongly refused %.3f; answered right %.3f",
		s.cards, ratio(s.top1, s.on), ratio(s.top3, s.on), s.on, ratio(s.refused, s.off), s.off, ratio(s.wronglyRefused, s.on), ratio(s.right, s.on))
	if s.wronglyRefused > 0 {
		out += fmt.Sprintf("; right card offered when refused %d of %d", s.suggested, s.wronglyRefused)
	}
	if s.longOff > 0 {
		out += fmt.Sprintf("; long off-topic refused %d of %d", s.longRefused, s.longOff)
	}
	if s.pending > 0 {
		out += fmt.Sprintf("; %d questions wait for cards not written yet", s.pending)
	}
	return out
}

// questionShapes are the marks a labelled question's shape may have: how
// it is written (a design prompt, a comparison, up to four words, twenty
// or more, or else plain), or off-topic when no card answers it.
var questionShapes = []string{"interview", "compare", "short", "long", "plain", "offtopic"}

// longWords is how many words make a question "long".
const longWords = 20

// TestShapeMarks checks the shape marks of the labelled questions: a
// known mark, and "offtopic" exactly for a question no card answers. The
// mark is what the notes count questions by; a label changed without its
// mark (as five were) miscounts them.
func TestShapeMarks(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range paths {
		items, _ := readEval(t, path)
		for _, it := range items {
			if it.Shape == "" {
				continue
			}
			n++
			if !slices.Contains(questionShapes, it.Shape) {
				t.Errorf("%s: %q: unknown shape %q", path, it.Q, it.Shape)
			} else if (it.Shape == "offtopic") != (len(it.Expect) == 0) {
				t.Errorf("%s: %q: shape %q with cards %v", path, it.Q, it.Shape, it.Expect)
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d questions have a shape mark", n)
	}
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
		cards := ids(a.Results)
		if os.Getenv("SDBOT_EVAL_DEBUG") != "" && len(a.Results) > 0 {
			ok := len(item.Expect) == 0 || slices.Contains(item.Expect, cards[0])
			t.Logf("ROW %v %.3f %.3f %v", len(item.Expect) > 0, a.Results[0].relevance, a.Results[0].Confidence, ok)
		}
		s.tally(item.Q, item.Expect, cards, a.Answered)
		if !showMisses() {
			continue
		}
		if len(item.Expect) == 0 {
			if a.Answered {
				t.Logf("off-topic answered: %q -> %v (conf %.2f rel %.2f)", item.Q, cards[:min(3, len(cards))], a.Results[0].Confidence, a.Results[0].relevance)
			}
			continue
		}
		if len(cards) == 0 || !slices.Contains(item.Expect, cards[0]) || !a.Answered {
			conf, rel := 0.0, 0.0
			if len(a.Results) > 0 {
				conf, rel = a.Results[0].Confidence, a.Results[0].relevance
			}
			t.Logf("miss: %q want %v got %v answered=%v (conf %.2f rel %.2f)", item.Q, item.Expect, cards[:min(3, len(cards))], a.Answered, conf, rel)
		}
	}
	return s
}

// tally counts one labelled question: expect is its cards (none when
// off-topic), ids the cards given for it, best first, and answered
// whether it was answered. For the bot, ids are its results, offered
// even when it refuses; for a reader, the cards they labelled it with.
func (s *evalStats) tally(q string, expect, ids []string, answered bool) {
	if len(expect) == 0 {
		s.off++
		long := len(strings.Fields(q)) >= longWords
		if long {
			s.longOff++
		}
		if !answered {
			s.refused++
			if long {
				s.longRefused++
			}
		}
		return
	}
	s.on++
	hit := func(k int) bool {
		for _, id := range ids[:min(k, len(ids))] {
			if slices.Contains(expect, id) {
				return true
			}
		}
		return false
	}
	if hit(1) {
		s.top1++
		if answered {
			s.right++
		}
	}
	if hit(3) {
		s.top3++
	}
	if !answered {
		s.wronglyRefused++
		if hit(3) {
			s.suggested++
		}
	}
}

// showMisses reports whether evaluate logs each miss, which it does only
// when SDBOT_EVAL_MISSES is set: a batch of the check judges a change
// unseen only while no one has read its misses, and a run for the figures
// must not show them by the way (two such runs did, through a grep that
// matched words in the miss lines).
func showMisses() bool { return os.Getenv("SDBOT_EVAL_MISSES") != "" }

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

// TestTentativeLine measures tentativeLikelihood on the real questions.
// On the check, which the fit leaves out and so stands for the questions
// the bot meets, the answers marked tentative must be right less often
// than not, and the others more often, or the mark would tell the asker
// nothing. Batch 147's development half and real-dev.yaml are the files
// whose answers one may read, but the fit uses them, so the models are
// surer of them than of a new question: there the marked answers need
// only be right less often than the others. The check's figures are
// logged as counts only.
func TestTentativeLine(t *testing.T) {
	x := shippedIndex(t)
	for _, set := range []struct {
		name   string
		files  []string
		unseen bool
	}{
		{"development", slices.Concat(testdataPaths("fit", "real-fit147.yaml"), evalPaths("real-dev.yaml")), false},
		{"check", evalPaths(realChecks()...), true},
	} {
		var tentative, tentativeRight, sure, sureRight int
		for _, s := range samples(t, x, set.files) {
			a, err := x.Answer(context.Background(), s.q)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Answered || len(a.Compare) > 0 {
				continue
			}
			right := slices.Contains(s.expect, a.Card.ID)
			if a.Tentative() {
				tentative++
				if right {
					tentativeRight++
				}
			} else {
				sure++
				if right {
					sureRight++
				}
			}
		}
		t.Logf("%s: tentative answers right %d of %d, the others %d of %d", set.name, tentativeRight, tentative, sureRight, sure)
		if tentative == 0 || sure == 0 {
			t.Fatalf("%s: %d tentative answers and %d others; want some of each", set.name, tentative, sure)
		}
		marked, others := float64(tentativeRight)/float64(tentative), float64(sureRight)/float64(sure)
		if marked >= others {
			t.Errorf("%s: tentative answers right %.2f of the time, the others %.2f; want the tentative ones right less often", set.name, marked, others)
		}
		if set.unseen && marked >= 0.5 {
			t.Errorf("%s: %d of %d tentative answers right; want fewer than half", set.name, tentativeRight, tentative)
		}
		if set.unseen && others < 0.55 {
			t.Errorf("%s: %d of %d other answers right; want at least 0.55", set.name, sureRight, sure)
		}
	}
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
