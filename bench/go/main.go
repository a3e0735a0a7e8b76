// Go's net/netip on the inputs of dsnet's benchmark (bench/bench.c --dump),
// next to dsnet's own figures from the same scripts/bench run.
//
//	netip_bench -inputs DIR -dsnet dsnet.json [-runs R]
//
// Each operation is timed over all inputs, best of R runs, in ns per item,
// with a sink after every item so that nothing is optimised away. Standard
// library only: it builds with no module download.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

var sink uint64

func readLines(dir, name string) []string {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		fmt.Fprintln(os.Stderr, "netip_bench:", err)
		os.Exit(1)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// best returns the best of runs timings of fn, in ns per item.
func best(runs, n int, fn func()) float64 {
	b := time.Duration(1 << 62)
	for r := 0; r < runs; r++ {
		t0 := time.Now()
		fn()
		if d := time.Since(t0); d < b {
			b = d
		}
	}
	return float64(b.Nanoseconds()) / float64(n)
}

// parseAndFormat times parse on every text, then String on every parsed
// value: ns per item, best of runs. weight is a cheap use of a parsed
// value (so that the parse is not optimised away).
func parseAndFormat[T fmt.Stringer](runs int, texts []string, parse func(string) (T, error),
	weight func(T) int) (float64, float64) {
	vals := make([]T, len(texts))
	for i, s := range texts {
		v, err := parse(s)
		if err != nil {
			fmt.Fprintln(os.Stderr, "netip_bench: the inputs must be valid:", err)
			os.Exit(1)
		}
		vals[i] = v
	}
	p := best(runs, len(texts), func() {
		for _, s := range texts {
			v, _ := parse(s)
			sink += uint64(weight(v))
		}
	})
	f := best(runs, len(vals), func() {
		for _, v := range vals {
			sink += uint64(len(v.String()))
		}
	})
	return p, f
}

type dsnetResult struct {
	Op          string  `json:"op"`
	DsnetNs     float64 `json:"dsnet_ns"`
	Peer        string  `json:"peer"`
	PeerNs      float64 `json:"peer_ns"`
	TargetRatio float64 `json:"target_ratio"`
}

func main() {
	inputs := flag.String("inputs", "", "directory with v4.txt, v6.txt, p4.txt, p6.txt")
	dsnetJSON := flag.String("dsnet", "", "dsnet_bench --json output of the same run")
	runs := flag.Int("runs", 5, "runs per operation (the best counts)")
	asJSON := flag.Bool("json", false, "print JSON")
	flag.Parse()
	if *inputs == "" || *dsnetJSON == "" {
		flag.Usage()
		os.Exit(2)
	}
	texts := map[string][]string{}
	for _, k := range []string{"v4", "v6", "p4", "p6"} {
		texts[k] = readLines(*inputs, k+".txt")
	}
	peer := map[string]float64{}
	for _, k := range []string{"v4", "v6"} {
		peer["parse "+k], peer["format "+k] = parseAndFormat(*runs, texts[k], netip.ParseAddr, netip.Addr.BitLen)
	}
	for _, k := range []string{"p4", "p6"} {
		peer["parse "+k], peer["format "+k] = parseAndFormat(*runs, texts[k], netip.ParsePrefix, netip.Prefix.Bits)
	}
	// dsnet's operation names (bench/bench.c) and the netip figure each one
	// is set against
	ops := []struct{ dsnetOp, netipOp, netipName string }{
		{"parse IPv4 address", "parse v4", "ParseAddr"},
		{"parse IPv6 address", "parse v6", "ParseAddr"},
		{"format IPv4 address", "format v4", "Addr.String"},
		{"format IPv6 address", "format v6", "Addr.String"},
		{"parse IPv4 prefix", "parse p4", "ParsePrefix"},
		{"parse IPv6 prefix", "parse p6", "ParsePrefix"},
		{"format IPv4 prefix", "format p4", "Prefix.String"},
		{"format IPv6 prefix", "format p6", "Prefix.String"},
	}
	raw, err := os.ReadFile(*dsnetJSON)
	if err != nil {
		fmt.Fprintln(os.Stderr, "netip_bench:", err)
		os.Exit(1)
	}
	var d struct {
		N       int           `json:"n"`
		Results []dsnetResult `json:"results"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		fmt.Fprintln(os.Stderr, "netip_bench: reading", *dsnetJSON+":", err)
		os.Exit(1)
	}
	byOp := map[string]dsnetResult{}
	for _, r := range d.Results {
		byOp[r.Op] = r
	}
	type row struct {
		Op          string  `json:"op"`
		DsnetNs     float64 `json:"dsnet_ns"`
		GlibcNs     float64 `json:"glibc_ns"`
		NetipNs     float64 `json:"netip_ns"`
		NetipFunc   string  `json:"netip"`
		RatioGlibc  float64 `json:"ratio_glibc"`
		RatioNetip  float64 `json:"ratio_netip"`
		TargetRatio float64 `json:"target_ratio"`
	}
	var rows []row
	for _, o := range ops {
		r, ok := byOp[o.dsnetOp]
		if !ok {
			fmt.Fprintln(os.Stderr, "netip_bench: no dsnet figure for", o.dsnetOp)
			os.Exit(1)
		}
		n := peer[o.netipOp]
		rows = append(rows, row{o.dsnetOp, r.DsnetNs, r.PeerNs, n, o.netipName, r.PeerNs / r.DsnetNs,
			n / r.DsnetNs, r.TargetRatio})
	}
	if *asJSON {
		out, _ := json.Marshal(map[string]interface{}{"go": runtime.Version(), "n": d.N, "results": rows})
		fmt.Println(string(out))
		return
	}
	fmt.Printf("dsnet against glibc and Go's net/netip (%s), %d inputs, best of %d runs, ns per item\n\n",
		runtime.Version(), d.N, *runs)
	fmt.Printf("%-22s %7s %8s %8s %-14s %7s %7s  %s\n", "operation", "dsnet", "glibc", "netip", "(netip call)",
		"/glibc", "/netip", "target")
	for _, r := range rows {
		status := "ok"
		if r.RatioGlibc < r.TargetRatio || r.RatioNetip < r.TargetRatio {
			status = "MISSED"
		}
		fmt.Printf("%-22s %7.2f %8.2f %8.2f %-14s %6.1fx %6.1fx  >= %.0fx both %s\n", r.Op, r.DsnetNs, r.GlibcNs,
			r.NetipNs, r.NetipFunc, r.RatioGlibc, r.RatioNetip, r.TargetRatio, status)
	}
	_ = sink
}
