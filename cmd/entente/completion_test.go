package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The completion scripts and manual pages are generated from the command
// definitions; these tests walk the live flag sets and check that every
// command and every flag is there, and, where the shell is installed, that
// the shell itself completes them.

func script(t *testing.T, shell string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run([]string{"completion", shell}, &out, &errb); code != 0 {
		t.Fatalf("completion %s: exit %d: %s", shell, code, errb.String())
	}
	return out.String()
}

func TestSpecsSeeEveryCommandAndFlag(t *testing.T) {
	cs := specs()
	if len(cs) != len(commands) {
		t.Fatalf("%d specs for %d commands", len(cs), len(commands))
	}
	for _, c := range cs {
		if c.name == "analyze" && !slices.ContainsFunc(c.flags, func(f flagSpec) bool { return f.name == "json" && f.value == "" }) {
			t.Errorf("analyze: no boolean --json among %v", c.flags)
		}
		if c.name == "tournament" && !slices.Equal(c.subs, []string{"run", "list", "report", "export", "merge"}) {
			t.Errorf("tournament's sub-commands: %v", c.subs)
		}
		if c.name == "completion" && !slices.Equal(c.subs, []string{"bash", "zsh", "fish"}) {
			t.Errorf("completion's shells: %v", c.subs)
		}
	}
}

// section returns the part of a generated script between the line that
// starts a command's branch and the next branch.
func section(t *testing.T, s, start, next string) string {
	t.Helper()
	i := strings.Index(s, start)
	if i < 0 {
		t.Fatalf("no %q in the script", start)
	}
	rest := s[i+len(start):]
	if j := strings.Index(rest, next); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

func TestCompletionScriptsHaveEveryFlag(t *testing.T) {
	scripts := map[string]string{"bash": script(t, "bash"), "zsh": script(t, "zsh"), "fish": script(t, "fish")}
	for _, c := range specs() {
		parts := map[string]string{
			"bash": section(t, scripts["bash"], "\n    "+c.name+")\n", ";;"),
			"zsh":  section(t, scripts["zsh"], "\n    ("+c.name+")\n", " ;;\n"),
			"fish": section(t, scripts["fish"], "\n# "+c.name+"\n", "\n\n"),
		}
		for shell, part := range parts {
			if !strings.Contains(scripts[shell], c.name) {
				t.Errorf("%s: no command %s", shell, c.name)
			}
			for _, f := range c.flags {
				want := f.dash()
				if shell == "fish" {
					want = "-l " + f.name + " "
					if len(f.name) == 1 {
						want = "-s " + f.name + " "
					}
				}
				if !strings.Contains(part, want) {
					t.Errorf("%s: %s has no %s", shell, c.name, f.dash())
				}
			}
		}
	}
}

// TestBashCompletes sources the bash script and asks it to complete every
// flag of every command from its first letters, the commands, tournament's
// sub-commands and the built-in examples.
func TestBashCompletes(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not installed")
	}
	type query struct {
		words []string
		want  string
	}
	var qs []query
	for _, c := range specs() {
		qs = append(qs, query{[]string{c.name[:2]}, c.name})
		for _, f := range c.flags {
			qs = append(qs, query{[]string{c.name, f.dash()[:min(len(f.dash()), 4)]}, f.dash()})
		}
		for _, s := range c.subs {
			qs = append(qs, query{[]string{c.name, s[:1]}, s})
		}
		if c.scenario {
			qs = append(qs, query{[]string{c.name, "--json", "lapt"}, "laptop"})
		}
	}
	qs = append(qs, query{[]string{"help", "fore"}, "forecast"}, query{[]string{"vers"}, "version"})
	var prog strings.Builder
	prog.WriteString(script(t, "bash"))
	for i, q := range qs {
		words := append([]string{"entente"}, q.words...)
		for j := range words {
			words[j] = fmt.Sprintf("%q", words[j])
		}
		fmt.Fprintf(&prog, "COMP_WORDS=(%s); COMP_CWORD=%d; COMPREPLY=(); _entente; echo \"%d ${COMPREPLY[*]}\"\n", strings.Join(words, " "), len(words)-1, i)
	}
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", prog.String())
	cmd.Dir = t.TempDir()
	got, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, got)
	}
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	if len(lines) != len(qs) {
		t.Fatalf("%d answers to %d queries:\n%s", len(lines), len(qs), got)
	}
	for i, q := range qs {
		fields := strings.Fields(lines[i])
		if !slices.Contains(fields[1:], q.want) {
			t.Errorf("entente %s<TAB>: got %v, want %s among them", strings.Join(q.words, " "), fields[1:], q.want)
		}
	}
}

// TestFishCompletes asks fish itself (complete -C) for every flag.
func TestFishCompletes(t *testing.T) {
	fish, err := exec.LookPath("fish")
	if err != nil {
		t.Skip("fish not installed")
	}
	file := filepath.Join(t.TempDir(), "entente.fish")
	if err := os.WriteFile(file, []byte(script(t, "fish")), 0o644); err != nil {
		t.Fatal(err)
	}
	var prog strings.Builder
	fmt.Fprintf(&prog, "source %s\n", file)
	type query struct{ line, want string }
	var qs []query
	for _, c := range specs() {
		qs = append(qs, query{"entente " + c.name[:2], c.name})
		for _, f := range c.flags {
			typed := f.dash()
			if len(f.name) == 1 {
				typed = "-" // fish offers nothing more for a complete short option
			}
			qs = append(qs, query{"entente " + c.name + " " + typed, f.dash()})
		}
		for _, s := range c.subs {
			qs = append(qs, query{"entente " + c.name + " " + s, s})
		}
	}
	for i, q := range qs {
		fmt.Fprintf(&prog, "for c in (complete -C '%s'); echo %d (string split \\t -- $c)[1]; end\n", q.line, i)
	}
	out, err := exec.Command(fish, "--no-config", "-c", prog.String()).CombinedOutput()
	if err != nil {
		t.Fatalf("fish: %v\n%s", err, out)
	}
	got := map[int][]string{}
	for _, l := range strings.Split(string(out), "\n") {
		var i int
		var w string
		if n, _ := fmt.Sscanf(l, "%d %s", &i, &w); n == 2 {
			got[i] = append(got[i], w)
		}
	}
	for i, q := range qs {
		if !slices.Contains(got[i], q.want) {
			t.Errorf("fish: %q<TAB>: got %v, want %s", q.line, got[i], q.want)
		}
	}
}

// TestShellSyntax has zsh and fish parse their scripts where installed.
func TestShellSyntax(t *testing.T) {
	for _, sh := range []struct{ shell, check string }{{"bash", "-n"}, {"zsh", "-n"}, {"fish", "--no-execute"}} {
		path, err := exec.LookPath(sh.shell)
		if err != nil {
			t.Logf("%s not installed: its script's syntax is not checked", sh.shell)
			continue
		}
		cmd := exec.Command(path, sh.check)
		cmd.Stdin = strings.NewReader(script(t, sh.shell))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s %s: %v\n%s", sh.shell, sh.check, err, out)
		}
	}
}

func TestManPages(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"man", dir}, &out, &errb); code != 0 {
		t.Fatalf("man: exit %d: %s", code, errb.String())
	}
	main, err := os.ReadFile(filepath.Join(dir, "entente.1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range specs() {
		page, err := os.ReadFile(filepath.Join(dir, "entente-"+c.name+".1"))
		if err != nil {
			t.Fatalf("no page for %s: %v", c.name, err)
		}
		p := string(page)
		if !strings.HasPrefix(p, ".TH ENTENTE-"+strings.ToUpper(c.name)+" 1 ") {
			t.Errorf("%s: page starts %q", c.name, firstLine(p))
		}
		if !strings.Contains(string(main), ".B "+roff(c.name)+"\n") {
			t.Errorf("entente.1 does not list %s", c.name)
		}
		for _, f := range c.flags {
			if !strings.Contains(p, "\n.B "+roff(f.dash())) {
				t.Errorf("entente-%s.1 has no option %s", c.name, f.dash())
			}
		}
	}
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Skip("groff not installed: the pages' markup is not checked")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	cmd := exec.Command(groff, append([]string{"-man", "-Tutf8", "-ww", "-z"}, files...)...)
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("groff: %v\n%s", err, out)
	}
}

func TestCompletionUsage(t *testing.T) {
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"man"}} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errb.String())
		}
	}
}
