using BenchmarkDotNet.Running;

// One exe for every area: `dotnet run -c Release --project benchmarks/Forensics.Net.Benchmarks -- --filter '*Pcap*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new Forensics.Net.Benchmarks.BenchmarkConfig());
