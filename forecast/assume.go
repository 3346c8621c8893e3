package forecast

import "fmt"

// Assumptions lists, one sentence each, what the reader of m assumed
// because the file did not say it: the scale of an issue whose file gave
// no min or max (taken from the range of the positions), or KTAB's fixed
// scale for a KTAB file, which states none. A caller that sets the scales
// itself can ignore them. Nil for a model built in code, or read from a
// file that said everything.
func (m *Model) Assumptions() []string {
	if m == nil || m.src == nil {
		return nil
	}
	if m.KTAB != nil {
		return []string{fmt.Sprintf("%s is KTAB data, which states no scale: read every position on KTAB's fixed scale, %v to %v, and saliences in percent of an actor's attention", m.src.file, KTABScale[0], KTABScale[1])}
	}
	var out []string
	for k, is := range m.Issues {
		_, hasMin := m.src.at[fmt.Sprintf("issues[%d].min", k)]
		_, hasMax := m.src.at[fmt.Sprintf("issues[%d].max", k)]
		switch {
		case !hasMin && !hasMax:
			out = append(out, fmt.Sprintf("issue %q: the file gives no scale; assumed the range of the positions, %v to %v", is.Name, is.Min, is.Max))
		case !hasMin:
			out = append(out, fmt.Sprintf("issue %q: the file gives no min; assumed %v, from the positions", is.Name, is.Min))
		case !hasMax:
			out = append(out, fmt.Sprintf("issue %q: the file gives no max; assumed %v, from the positions", is.Name, is.Max))
		}
	}
	return out
}
