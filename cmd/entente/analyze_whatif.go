package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/entente/entente"
	"github.com/entente/entente/whatif"
	"github.com/entente/entente/wire"
)

// variantFlags are analyze's what-if flags: --set KEY=VALUE (repeatable)
// and --allow-outside.
type variantFlags struct {
	sets         []string
	allowOutside bool
}

func (vf *variantFlags) register(fs *flag.FlagSet) {
	fs.Func("set", "analyse a what-if variant: set the number KEY (its path in the scenario file; `entente show --numbers` lists them) to VALUE, as KEY=VALUE (repeatable)", func(s string) error {
		vf.sets = append(vf.sets, s)
		return nil
	})
	fs.BoolVar(&vf.allowOutside, "allow-outside", false, "let --set values leave the ranges their numbers are stated with")
}

// apply returns s with the variant of the --set flags applied (package
// whatif: weights and shares rescaled as robustness draws rescale them)
// and prints what changed to w; s itself when no --set is given.
func (vf *variantFlags) apply(out *output, w io.Writer, s *entente.Scenario) (*entente.Scenario, error) {
	if len(vf.sets) == 0 {
		if vf.allowOutside {
			return nil, usagef("--allow-outside applies to --set; give some")
		}
		return s, nil
	}
	v := whatif.Variant{Name: "--set", AllowOutside: vf.allowOutside}
	for _, kv := range vf.sets {
		// A key may hold "=" (an option's name): the value follows the
		// last one.
		k := strings.LastIndex(kv, "=")
		if k < 0 {
			k = len(kv)
		}
		key, val := kv[:k], strings.TrimPrefix(kv[k:], "=")
		x, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			return nil, usagef("--set %q: expected KEY=VALUE with a number as VALUE, such as guarantors[0].credibility=0.5", kv)
		}
		v.Set = append(v.Set, whatif.Override{Key: strings.TrimSpace(key), Value: x})
	}
	c, changes, err := whatif.Apply(s, v)
	var e *entente.Error
	if errors.As(err, &e) {
		switch {
		case errors.Is(err, whatif.ErrOutside):
			e.Message += " (--allow-outside)"
		case errors.Is(err, whatif.ErrNoKey):
			e.Message += "; entente show --numbers lists them"
		}
	}
	if err != nil {
		return nil, err
	}
	for _, ch := range changes {
		fmt.Fprintf(w, "what-if: %s = %s (%s), written %s", ch.Label, short(ch.Value), ch.Key, short(ch.Nominal))
		switch {
		case ch.Set && ch.Value != ch.Asked:
			fmt.Fprintf(w, "; set to %s, rescaled with the other weights or shares", short(ch.Asked))
		case !ch.Set:
			fmt.Fprint(w, "; rescaled")
		}
		switch ch.Assumption {
		case whatif.Outside:
			fmt.Fprintf(w, "; OUTSIDE its stated range [%s, %s]", entente.FormatNumber(ch.Range.Low), entente.FormatNumber(ch.Range.High))
		case whatif.Unranged:
			fmt.Fprint(w, "; stated without a range")
		}
		fmt.Fprintln(w)
	}
	if len(changes) == 0 {
		fmt.Fprintln(w, "what-if: every number set keeps its written value")
	}
	if w == out.stdout {
		fmt.Fprintln(w)
	}
	return c, nil
}

// showNumbers lists the annotated numbers of s (show --numbers): as a
// table of their keys (for --set), labels, values, ranges and confidence,
// or as their JSON document (wire.ControlsDoc).
func showNumbers(out *output, s *entente.Scenario, asJSON bool) error {
	if asJSON {
		return wire.Encode(out.stdout, wire.Controls(s, whatif.Controls(s)))
	}
	tw := tabwriter.NewWriter(out.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "key\tvalue\trange\tconfidence\tstructural\tnumber")
	for _, c := range whatif.Controls(s) {
		rg := ""
		if c.Range != nil {
			rg = fmt.Sprintf("[%s, %s]", entente.FormatNumber(c.Range.Low), entente.FormatNumber(c.Range.High))
		}
		st := ""
		if c.Structural {
			st = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Key, entente.FormatNumber(c.Value), rg, c.Confidence, st, c.Label)
	}
	return tw.Flush()
}

// short writes a number to 6 significant digits.
func short(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
