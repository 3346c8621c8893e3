package geniusweb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/entente/entente"
)

// Encode writes a scenario as GeniusWeb JSON: the domain file and one
// LinearAdditiveUtilitySpace profile per party, in party order (each embeds
// the domain). Issues keep their order; numbers are written in their
// shortest form.
//
// GeniusWeb can express scenarios with discrete issues only, and additive
// profiles whose weights sum to 1 and whose value utilities lie in [0,1].
// Profiles under Normalization Genius are written with each table divided
// by its largest entry, as GENIUS evaluates them, and a MaxUtility is folded
// into the weights; the utilities are unchanged. Weights are written so that
// their decimal sum is exactly 1, as GeniusWeb demands: when the shortest
// decimal forms do not add up, the largest weight absorbs the difference (a
// change in the 17th significant digit). A reservation must be a
// ReservationOutcome (written as reservationBid) or a reservation value of
// 0 (no reservationBid).
//
// A scenario that fails Validate is refused with its problems (EInvalid);
// one GeniusWeb cannot express is refused with an EUnsupported error per
// problem, naming the party or issue and the reason.
func Encode(s *entente.Scenario) (domain []byte, profiles [][]byte, err error) {
	if errs := s.Validate(); len(errs) > 0 {
		return nil, nil, errs
	}
	var errs entente.ErrorList
	unsupported := func(field, format string, args ...any) {
		errs.Add(entente.Errorf(entente.EUnsupported, "", 0, 0, field, format, args...))
	}
	if field, what := s.NativeOnly(); field != "" {
		unsupported(field, "GeniusWeb cannot express %s; write the scenario in the native format, or remove it to export", what)
	}
	for i := range s.Issues {
		is := &s.Issues[i]
		f := fmt.Sprintf("issues[%d]", i)
		if is.Kind != entente.Discrete {
			unsupported(f, "issue %q is %s; GeniusWeb domains written by entente hold discrete issues only", is.Name, is.Kind)
			continue
		}
		if !utf8.ValidString(is.Name) {
			unsupported(f+".name", "issue name %q is not valid UTF-8, which JSON cannot carry", is.Name)
		}
		for k, o := range is.Options {
			if !utf8.ValidString(o) {
				unsupported(fmt.Sprintf("%s.options[%d]", f, k), "option %q of issue %q is not valid UTF-8, which JSON cannot carry", o, is.Name)
			}
		}
	}
	for r, ru := range s.Rules {
		if ru.Kind == entente.Unanimity && coversAll(ru.Parties, len(s.Parties)) {
			continue // the default: every party must accept
		}
		unsupported(fmt.Sprintf("rules[%d]", r), "GeniusWeb scenarios have no agreement rules; this %s rule cannot be written", ru.Kind)
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	dom := domainValue(s)
	var out [][]byte
	for p := range s.Parties {
		prof, perrs := profileValue(s, p, dom)
		if len(perrs) > 0 {
			errs = append(errs, perrs...)
			continue
		}
		out = append(out, render(prof))
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return render(dom), out, nil
}

// coversAll reports whether parties lists every one of n parties (an
// empty list means all).
func coversAll(parties []int, n int) bool {
	if len(parties) == 0 {
		return true
	}
	seen := make([]bool, n)
	for _, p := range parties {
		if p >= 0 && p < n {
			seen[p] = true
		}
	}
	for _, ok := range seen {
		if !ok {
			return false
		}
	}
	return true
}

// domainValue builds the domain object.
func domainValue(s *entente.Scenario) object {
	iv := make(object, len(s.Issues))
	for i := range s.Issues {
		iv[i] = field{s.Issues[i].Name, object{{"values", s.Issues[i].Options}}}
	}
	return object{{"name", s.Name}, {"issuesValues", iv}}
}

// profileValue builds party p's profile, or reports why it cannot.
func profileValue(s *entente.Scenario, p int, dom object) (object, entente.ErrorList) {
	pa := &s.Parties[p]
	pr := &pa.Preferences
	var errs entente.ErrorList
	pf := fmt.Sprintf("parties[%d]", p)
	unsupported := func(field, format string, args ...any) {
		errs.Add(entente.Errorf(entente.EUnsupported, "", 0, 0, field, "party %q: "+format, append([]any{pa.Name}, args...)...))
	}
	if len(pr.Interactions) > 0 {
		unsupported(pf+".interactions", "has %d interaction terms; a GeniusWeb linear additive profile cannot express them", len(pr.Interactions))
	}
	if pr.Weights == nil {
		unsupported(pf+".weights", "has no additive part (weights and values); GeniusWeb needs one")
	}
	if d := pr.DiscountFactor(); d != 1 {
		unsupported(pf+".discount", "has discount factor %v; GeniusWeb profiles have no discounting", d)
	}
	if pr.ReservationOutcome == nil && pr.Reservation != 0 {
		unsupported(pf+".reservation", "has reservation value %v; GeniusWeb expresses a reservation only as a bid (reservationBid), so only a reservation outcome or the value 0 can be written", pr.Reservation)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	scale := 1.0
	if pr.MaxUtility > 0 {
		scale = 1 / pr.MaxUtility
	}
	weights := make([]float64, len(s.Issues))
	utils := make(object, len(s.Issues))
	sum := 0.0
	for i := range s.Issues {
		is := &s.Issues[i]
		weights[i] = pr.Weights[i] * scale
		sum += weights[i]
		if weights[i] > 1 {
			unsupported(pf+".weights."+is.Name, "issue %q has weight %v; GeniusWeb weights lie in [0,1]", is.Name, weights[i])
		}
		table := issueTable(is, pr.Values[i], pr.Normalization)
		vu := make(object, len(table))
		for k, v := range table {
			if !(v >= 0 && v <= 1) {
				unsupported(pf+".values."+is.Name, "issue %q: value %v for %q lies outside [0,1]; GeniusWeb value utilities lie in [0,1]", is.Name, v, is.Options[k])
			}
			vu[k] = field{is.Options[k], number(formatNumber(v))}
		}
		utils[i] = field{is.Name, object{{"discreteutils", object{{"valueUtilities", vu}}}}}
	}
	if math.Abs(sum-1) > weightTolerance {
		unsupported(pf+".weights", "the weights sum to %s; GeniusWeb needs weights that sum to 1", strconv.FormatFloat(sum, 'g', 15, 64))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	texts := weightTexts(weights)
	iw := make(object, len(s.Issues))
	for i := range s.Issues {
		iw[i] = field{s.Issues[i].Name, number(texts[i])}
	}
	body := object{
		{"name", pa.Name},
		{"domain", dom},
		{"issueUtilities", utils},
		{"issueWeights", iw},
	}
	if o := pr.ReservationOutcome; o != nil {
		bid := make(object, len(s.Issues))
		for i := range s.Issues {
			bid[i] = field{s.Issues[i].Name, s.Issues[i].Options[int(o[i])]}
		}
		body = append(body, field{"reservationBid", object{{"issuevalues", bid}}})
	}
	return object{{LinearAdditive, body}}, nil
}

// issueTable returns the value utility of each option as the utility
// package evaluates it: under the GENIUS convention a table is divided by
// its largest entry (all 0 when that is below entente.GeniusZeroMax). A
// nil value function (allowed with weight 0) gives zeros.
func issueTable(is *entente.Issue, vf entente.ValueFunc, norm entente.Normalization) []float64 {
	out := make([]float64, len(is.Options))
	if vf == nil {
		return out
	}
	div := 1.0
	if t, ok := vf.(entente.Table); ok && norm == entente.Genius {
		div = t.Max()
		if div < entente.GeniusZeroMax {
			return out
		}
	}
	for k := range out {
		v := vf.Value(float64(k))
		if div != 1 {
			v /= div
		}
		out[k] = v
	}
	return out
}

// weightTexts writes the weights as decimals whose exact sum is 1. The
// weights must sum to 1 within weightTolerance.
func weightTexts(w []float64) []string {
	texts := make([]string, len(w))
	sum := new(big.Rat)
	largest := 0
	for i, v := range w {
		texts[i] = formatNumber(v)
		r, _ := new(big.Rat).SetString(texts[i])
		sum.Add(sum, r)
		if v > w[largest] {
			largest = i
		}
	}
	one := big.NewRat(1, 1)
	if sum.Cmp(one) == 0 {
		return texts
	}
	// The largest weight takes whatever makes the sum exactly 1. The
	// difference is tiny, so it stays non-negative.
	r, _ := new(big.Rat).SetString(texts[largest])
	r.Sub(r, sum).Add(r, one)
	texts[largest] = decimalText(r)
	return texts
}

// decimalText writes a rational whose denominator has no prime factors
// but 2 and 5 (any sum of decimals) as an exact decimal.
func decimalText(r *big.Rat) string {
	d := new(big.Int).Set(r.Denom())
	digits, rem := 0, new(big.Int)
	for _, p := range []int64{2, 5} {
		n := 0
		bp := big.NewInt(p)
		for {
			q, m := new(big.Int).QuoRem(d, bp, rem)
			if m.Sign() != 0 {
				break
			}
			d = q
			n++
		}
		digits = max(digits, n)
	}
	t := r.FloatString(digits)
	if strings.Contains(t, ".") {
		t = strings.TrimRight(strings.TrimRight(t, "0"), ".")
	}
	return t
}

// formatNumber writes v in its shortest form, with no negative zero.
func formatNumber(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// object is a JSON object that keeps its key order; its values are
// strings, []string, number and object.
type object []field

type field struct {
	key string
	val any
}

// number is a JSON number as written.
type number string

// render writes a JSON document indented with tabs, as GeniusWeb's own
// files are.
func render(o object) []byte {
	var b bytes.Buffer
	write(&b, o, 0)
	b.WriteByte('\n')
	return b.Bytes()
}

func write(b *bytes.Buffer, v any, depth int) {
	indent := func(d int) {
		b.WriteByte('\n')
		for range d {
			b.WriteByte('\t')
		}
	}
	switch v := v.(type) {
	case string:
		b.WriteString(quote(v))
	case number:
		b.WriteString(string(v))
	case []string:
		b.WriteByte('[')
		for i, s := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			indent(depth + 1)
			b.WriteString(quote(s))
		}
		if len(v) > 0 {
			indent(depth)
		}
		b.WriteByte(']')
	case object:
		b.WriteByte('{')
		for i, f := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			indent(depth + 1)
			b.WriteString(quote(f.key))
			b.WriteString(": ")
			write(b, f.val, depth+1)
		}
		if len(v) > 0 {
			indent(depth)
		}
		b.WriteByte('}')
	}
}

// quote writes s as a JSON string, leaving <, > and & alone.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // encoding a string cannot fail
	return strings.TrimSuffix(b.String(), "\n")
}
