package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/entente/entente/internal/shared"
)

// TestForecastKTABFiles runs "entente forecast FILE", with no flags, on
// every data set as KTAB ships it (../shared: the CSV layout, and the XML
// scenario where there is one) and compares the smp forecast of every
// issue with KTAB's own run (expected.csv: the expected outcome after the
// last turn, from KTAB's printed probabilities and positions, so within
// 0.1). It also checks that the command says which scale it assumed.
func TestForecastKTABFiles(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(shared.Dir(t), "reference", "spatial-data", "ktab-*"))
	if len(dirs) == 0 {
		t.Fatal("no ktab-* data sets")
	}
	section := regexp.MustCompile(`(?m)^== (.+) \(scale 0 to 100\)$`)
	smpLine := regexp.MustCompile(`(?m)^smp +([0-9.]+) `)
	for _, dir := range dirs {
		want := map[string]float64{}
		for _, r := range shared.ReadCSV(t, filepath.Join(dir, "expected.csv")) {
			if r[1] == "ktab_smp_expected_outcome" {
				v, err := strconv.ParseFloat(r[2], 64)
				if err != nil {
					t.Fatal(err)
				}
				want[r[0]] = v
			}
		}
		for _, file := range []string{"ktab-native.csv", "ktab-native.xml"} {
			path := filepath.Join(dir, file)
			if _, err := os.Stat(path); err != nil {
				continue
			}
			t.Run(filepath.Base(dir)+"/"+file, func(t *testing.T) {
				var out, errb bytes.Buffer
				if code := run([]string{"forecast", path}, &out, &errb); code != 0 {
					t.Fatalf("exit %d: %s", code, errb.String())
				}
				if !strings.Contains(errb.String(), "warning: "+path+" is KTAB data, which states no scale: read every position on KTAB's fixed scale, 0 to 100") {
					t.Errorf("no warning about the scale assumed; stderr:\n%s", errb.String())
				}
				text := out.String()
				heads := section.FindAllStringSubmatchIndex(text, -1)
				if len(heads) != len(want) {
					t.Fatalf("%d issues on 0..100 in the output, KTAB %d:\n%s", len(heads), len(want), text)
				}
				for i, h := range heads {
					issue := text[h[2]:h[3]]
					end := len(text)
					if i+1 < len(heads) {
						end = heads[i+1][0]
					}
					m := smpLine.FindStringSubmatch(text[h[1]:end])
					if m == nil {
						t.Fatalf("%s: no smp forecast:\n%s", issue, text[h[1]:end])
					}
					got, _ := strconv.ParseFloat(m[1], 64)
					w, ok := want[issue]
					if !ok {
						t.Fatalf("issue %q is not in expected.csv", issue)
					}
					if math.Abs(got-w) > 0.1 {
						t.Errorf("%s: smp %.4f, KTAB %.4f", issue, got, w)
					}
				}
			})
		}
	}
}

// TestForecastKTABExport writes an entente CSV input in KTAB's layout and
// forecasts from the file written: the positions are on 0..100, so the
// forecasts are the same up to the scale's mapping, checked by hand for
// the compromise (weighted mean).
func TestForecastKTABExport(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	// tax from 10 to 30: a at 10 (weight 2*0.5=1), b at 30 (weight 1*0.25):
	// mean 14 on 10..30, which is 20 on 0..100.
	if err := os.WriteFile(in, []byte("actor,issue,position,salience,capability\na,tax,10,0.5,2\nb,tax,30,0.25,1\nc,tax,20,0,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.csv")
	var o, e bytes.Buffer
	if code := run([]string{"forecast", "--export-ktab", out, in}, &o, &e); code != 0 {
		t.Fatalf("export: exit %d: %s", code, e.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "in,,3,1\nActor,Description,Influence,tax,tax Salience\na,,2,0,50\nb,,1,100,25\nc,,1,50,0\n"; string(data) != want {
		t.Errorf("wrote\n%s\nwant\n%s", data, want)
	}
	o.Reset()
	if code := run([]string{"forecast", "--model", "compromise", out}, &o, &e); code != 0 {
		t.Fatalf("forecast: exit %d: %s", code, e.String())
	}
	if !regexp.MustCompile(`(?m)^compromise +20\.0000`).MatchString(o.String()) {
		t.Errorf("forecast from the KTAB file:\n%s", o.String())
	}
}
