package whatif

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/utility"
)

// Export writes the variant as a scenario file in the native format
// (format/native): its numbers are the variant's (after rescaling), so
// that analysing the file gives what Evaluate gives, and every number
// keeps its range, distribution, confidence and source. Each changed
// number's note says what changed ("what-if "US out": set to 0.5, written
// 0.35"); a changed number without an annotation gets one holding that
// note. A value outside its stated range (Variant.AllowOutside), or
// rescaled out of it, widens the range to hold it and the note says so.
// The scenario is renamed "name (variant)" and its description starts with
// the list of changes. A variant whose utilities leave [0, 1] is refused
// (Result.Warnings): the file would not load.
//
// The file is the scenario as entente holds it: the comments of the
// original file and the sections other packages read from it (a
// forecast section) are not written.
func (ws *Workspace) Export(v Variant, f native.Format) ([]byte, error) {
	c, changes, err := ws.Apply(v)
	if err != nil {
		return nil, err
	}
	if errs, _ := utility.Check(c); len(errs) > 0 {
		return nil, fmt.Errorf("variant %q cannot be written as a file, which would not load: %w", v.Name, errs)
	}
	name := v.Name
	if name == "" {
		name = "variant"
	}
	var lines []string
	for _, ch := range changes {
		r := ch.Ref
		note := fmt.Sprintf("what-if %q: ", name)
		switch {
		case ch.Set && ch.Value != ch.Asked:
			note += fmt.Sprintf("set to %s and rescaled to %s", num(ch.Asked), num(ch.Value))
		case ch.Set:
			note += "set to " + num(ch.Value)
		default:
			note += fmt.Sprintf("rescaled to %s as another number of its profile was set", num(ch.Value))
		}
		note += ", written " + num(ch.Nominal)
		switch r.Kind {
		case entente.RefCentre, entente.RefSpread:
			// The centre is the value of the group's walk-away mapping and
			// the spread its sd; their ranges are Params of their own.
			pp := c.Param(entente.Ref{Kind: entente.RefReservation, Profile: r.Profile})
			if r.Kind == entente.RefCentre {
				// The spread is truncated where the range says, around the
				// centre (ratify.Compile): it moves with it.
				shift := ch.Value - pp.Value
				pp.Value, pp.Low, pp.High = ch.Value, pp.Low+shift, pp.High+shift
			}
			pp.Note = addNote(pp.Note, strings.Replace(note, "what-if", r.Kind.String()+", what-if", 1))
			if q := c.Param(r); q != nil {
				q.Value = ch.Value
				q.Note = addNote(q.Note, note+widen(q))
			}
		default:
			q := c.Param(r)
			if q == nil {
				c.Params = append(c.Params, entente.Param{Ref: r, Field: ch.Key, Value: ch.Value})
				q = &c.Params[len(c.Params)-1]
			}
			q.Value = ch.Value
			q.Note = addNote(q.Note, note+widen(q))
		}
		lines = append(lines, fmt.Sprintf("%s (%s): %s", ch.Label, ch.Key, strings.TrimPrefix(note, fmt.Sprintf("what-if %q: ", name))))
	}
	head := fmt.Sprintf("What-if variant %q of scenario %q", name, ws.s.Name)
	if len(lines) == 0 {
		head += ": no number changed."
	} else {
		head += fmt.Sprintf(", %d number%s changed: %s.", len(lines), plural(len(lines)), strings.Join(lines, "; "))
	}
	var outside []string
	for _, ch := range changes {
		if ch.Assumption == Outside {
			outside = append(outside, ch.Label)
		}
	}
	if len(outside) > 0 {
		head += fmt.Sprintf(" Outside the stated assumptions: %s.", strings.Join(outside, "; "))
	}
	c.Description = strings.TrimSpace(head + "\n\n" + c.Description)
	c.Name = fmt.Sprintf("%s (%s)", ws.s.Name, name)
	return native.Encode(c, f)
}

// widen widens the range of q to hold its value, and says so.
func widen(q *entente.Param) string {
	if !q.Ranged || q.Value >= q.Low && q.Value <= q.High {
		return ""
	}
	was := fmt.Sprintf("[%s, %s]", num(q.Low), num(q.High))
	q.Low, q.High = math.Min(q.Low, q.Value), math.Max(q.High, q.Value)
	return fmt.Sprintf(", outside the stated range %s, widened to hold it", was)
}

func addNote(note, add string) string {
	if note == "" {
		return add
	}
	return add + ". " + note
}

// num writes a number for a note: exactly when that is short, else to 4
// significant digits (the file's value holds it exactly).
func num(x float64) string {
	if t := entente.FormatNumber(x); len(t) <= 8 {
		return t
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
