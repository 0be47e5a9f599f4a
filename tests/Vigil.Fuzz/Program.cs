using SharpFuzz;
using Vigil.Fuzz;

// Vigil.Fuzz TARGET            runs TARGET under afl-fuzz (fuzz.sh starts it); outside afl-fuzz it reads one input
//                              from standard input.
// Vigil.Fuzz TARGET FILE...    replays files in this process and prints the exception of each that fails: how a
//                              crash that afl-fuzz saved is turned into a stack trace and a regression test.
if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: Vigil.Fuzz {string.Join('|', Targets.All.Keys)} [FILE...]");
    return 2;
}

if (args.Length == 1)
{
    // Out of process: a stack overflow (deeply nested input) kills only the child, and afl-fuzz records a crash
    // instead of losing its fork server.
    Fuzzer.OutOfProcess.Run(stream => target(Targets.ReadAll(stream)));
    return 0;
}

return Targets.Replay(target, args[1..]);
