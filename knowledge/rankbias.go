package knowledge

// The cards' ranking biases. Some cards come first for questions that are
// not theirs more often than others do: a case study named after a tool
// ("a chat app with Redis") draws the tool's everyday questions, and a
// broad card draws the questions of its narrower neighbours. The askers'
// prior (askers.go) counts how often people ask about each card, which is
// not the same thing. A card's bias is a number added to the log of its
// ranking score, fitted by the fit (TestFitDecision, fitBias) on the
// labelled questions so that the right card among the ten ranked is
// likeliest: a conditional logit over each question's ranked cards, with
// the rest of the score fixed and an L2 penalty that keeps each bias small
// (most lie within ±0.5). A team pack's card has none. In
// cross-validation (6,491 labelled questions, 3,232 answerable, each
// fold's biases fitted on the others) top-1 went from 0.816 to 0.824 and
// top-3 from 0.905 to 0.907.
//
// cardBias (decide_bias.go) is the shipped set of biases.
