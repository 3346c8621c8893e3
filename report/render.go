package report

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
)

// HTML writes the document as one self-contained HTML page: styles inline,
// charts as SVG data addresses, no scripts and no external requests. It
// reads well offline and prints (one section per page break opportunity).
func (d *Document) HTML(w io.Writer) error {
	return page.Execute(w, d)
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"kind": func(b Block) string {
		switch b.(type) {
		case Paragraph:
			return "p"
		case Bullets:
			return "ul"
		case Callout:
			return "callout"
		case *Table:
			return "table"
		case *Figure:
			return "figure"
		}
		return ""
	},
	"text":    func(b Block) string { return fmt.Sprint(b) },
	"items":   func(b Block) []string { return b.(Bullets) },
	"tbl":     func(b Block) *Table { return b.(*Table) },
	"fig":     func(b Block) *Figure { return b.(*Figure) },
	"src":     func(f *Figure) template.URL { return template.URL(f.dataURI()) },
	"numeric": func(t *Table, i int) bool { return i < len(t.Numeric) && t.Numeric[i] },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root { --ink: #222; --muted: #666; --line: #ddd; --accent: #0072b2; --soft: #f3f7fb; }
* { box-sizing: border-box; }
body { font: 16px/1.55 "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink); margin: 0; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
header h1 { font-size: 2rem; margin: 0 0 .25rem; }
header p.sub { color: var(--muted); margin: 0 0 1.5rem; }
nav { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: 1.5rem 0; background: #fafafa; }
nav ol { margin: .25rem 0 0 1.25rem; padding: 0; }
section { margin-top: 2.5rem; border-top: 2px solid var(--line); padding-top: 1rem; }
h2 { font-size: 1.45rem; margin: .25rem 0 .5rem; }
p.question { font-style: italic; color: var(--muted); margin-top: 0; }
.callout { background: var(--soft); border-left: 4px solid var(--accent); padding: .6rem .9rem; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .92rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
table.cols { table-layout: fixed; }
table.cols td.num { white-space: normal; }
th { background: #f6f6f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1.25rem 0; text-align: center; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .35rem; }
.summary p { font-size: 1.05rem; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  section { break-before: auto; }
  figure, table { break-inside: avoid; }
}
</style>
</head>
<body>
<main>
<header>
<h1>{{.Title}}</h1>
{{if .Subtitle}}<p class="sub">{{.Subtitle}}</p>{{end}}
</header>
<section id="summary" class="summary">
<h2>Summary</h2>
{{range .Summary}}<p>{{.}}</p>
{{end}}</section>
<nav aria-label="contents"><strong>Contents</strong>
<ol>{{range .Sections}}<li><a href="#{{.ID}}">{{.Title}}</a></li>{{end}}</ol>
</nav>
{{range .Sections}}<section id="{{.ID}}">
<h2>{{.Title}}</h2>
{{if .Question}}<p class="question">{{.Question}}</p>{{end}}
{{range .Blocks}}{{$k := kind .}}{{if eq $k "p"}}<p>{{text .}}</p>
{{else if eq $k "callout"}}<p class="callout">{{text .}}</p>
{{else if eq $k "ul"}}<ul>{{range items .}}<li>{{.}}</li>{{end}}</ul>
{{else if eq $k "table"}}{{$t := tbl .}}<table{{if $t.Widths}} class="cols"{{end}}>{{if $t.Caption}}<caption>{{$t.Caption}}</caption>{{end}}{{if $t.Widths}}<colgroup>{{range $t.Widths}}<col style="width: {{.}}%">{{end}}</colgroup>{{end}}
<thead><tr>{{range $t.Head}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range $t.Rows}}<tr>{{range $i, $c := .}}<td{{if numeric $t $i}} class="num"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</tbody></table>
{{else if eq $k "figure"}}{{$f := fig .}}<figure><img src="{{src $f}}" alt="{{$f.Alt}}"><figcaption>{{$f.Caption}}</figcaption></figure>
{{end}}{{end}}</section>
{{end}}
</main>
</body>
</html>
`))

// Markdown writes the document as Markdown. With figures nil, charts are
// embedded as SVG data addresses (the file stands alone, like the HTML);
// otherwise figures saves each chart (numbered from 1) and returns the
// address the Markdown links to, such as a file beside it.
func (d *Document) Markdown(w io.Writer, figures func(n int, svg []byte) (string, error)) error {
	bw := bufio.NewWriter(w)
	// All text goes through mdText: it is plain text, often from the
	// scenario (names, descriptions), never Markdown or HTML.
	fmt.Fprintf(bw, "# %s\n\n", mdText(d.Title))
	if d.Subtitle != "" {
		fmt.Fprintf(bw, "_%s_\n\n", mdText(d.Subtitle))
	}
	fmt.Fprintf(bw, "## Summary\n\n")
	for _, p := range d.Summary {
		fmt.Fprintf(bw, "%s\n\n", mdText(p))
	}
	fig := 0
	for _, s := range d.Sections {
		fmt.Fprintf(bw, "## %s\n\n", mdText(s.Title))
		if s.Question != "" {
			fmt.Fprintf(bw, "_%s_\n\n", mdText(s.Question))
		}
		for _, b := range s.Blocks {
			switch b := b.(type) {
			case Paragraph:
				fmt.Fprintf(bw, "%s\n\n", mdText(string(b)))
			case Callout:
				fmt.Fprintf(bw, "> %s\n\n", mdText(string(b)))
			case Bullets:
				for _, it := range b {
					fmt.Fprintf(bw, "- %s\n", mdText(it))
				}
				fmt.Fprintln(bw)
			case *Table:
				if b.Caption != "" {
					fmt.Fprintf(bw, "**%s**\n\n", mdText(b.Caption))
				}
				cell := mdText
				fmt.Fprint(bw, "|")
				for _, h := range b.Head {
					fmt.Fprintf(bw, " %s |", cell(h))
				}
				fmt.Fprint(bw, "\n|")
				for i := range b.Head {
					if i < len(b.Numeric) && b.Numeric[i] {
						fmt.Fprint(bw, "---:|")
					} else {
						fmt.Fprint(bw, "---|")
					}
				}
				fmt.Fprintln(bw)
				for _, r := range b.Rows {
					fmt.Fprint(bw, "|")
					for _, c := range r {
						fmt.Fprintf(bw, " %s |", cell(c))
					}
					fmt.Fprintln(bw)
				}
				fmt.Fprintln(bw)
			case *Figure:
				fig++
				src := b.dataURI()
				if figures != nil {
					var err error
					if src, err = figures(fig, b.SVG); err != nil {
						return err
					}
				}
				fmt.Fprintf(bw, "![%s](%s)\n\n_%s_\n\n", mdText(b.Alt), mdLink(src), mdText(b.Caption))
			}
		}
	}
	return bw.Flush()
}
