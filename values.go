package entente

// Values writes an outcome as issue name -> value, the form JSON outputs
// use: a discrete issue's option label (a string), and an integer or real
// issue's number (a float64, the grid value it stands for: GridValue), so
// that every output writes integer options as numbers. Issues beyond the
// end of o are left out.
func (s *Scenario) Values(o Outcome) map[string]any {
	m := make(map[string]any, len(s.Issues))
	for i := range min(len(s.Issues), len(o)) {
		is := &s.Issues[i]
		if is.Kind == Discrete {
			m[is.Name] = is.Format(o[i])
		} else {
			m[is.Name] = GridValue(o[i])
		}
	}
	return m
}

// FormatValue writes one value of Values as text, as Issue.Format does:
// labels as they are, numbers in their shortest form.
func FormatValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return FormatNumber(x)
	case int:
		return FormatNumber(float64(x))
	}
	return ""
}
