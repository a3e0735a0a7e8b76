module dsnet.invalid/bench/go

go 1.19
