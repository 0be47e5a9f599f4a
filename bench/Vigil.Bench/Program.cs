using BenchmarkDotNet.Running;

namespace Vigil.Bench;

/// <summary>`dotnet run -c Release --project bench/Vigil.Bench -- --filter '*'` runs every benchmark;
/// see bench/README.md for the recorded figures.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
