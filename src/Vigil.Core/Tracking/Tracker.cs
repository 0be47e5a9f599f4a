using Vigil.Core.Primitives;

namespace Vigil.Core.Tracking;

/// <summary>
/// One tracking relation of one instance: what it watches, with this instance's weight and reverse flag.
/// The watched thing (script counter, link, file) is shared with every other instance that tracks it.
/// </summary>
public sealed class Tracker
{
    private readonly ScriptCounter? _script;
    private readonly LinkSource? _link;
    private readonly FileSource? _file;
    private readonly ProcessCounter? _process;
    private bool _conditionActive;

    private Tracker(TrackerKind kind, string name, int weight, bool reverse, bool isPrimaryInterface,
        ScriptCounter? script, LinkSource? link, FileSource? file, ProcessCounter? process = null)
    {
        Kind = kind;
        Name = name;
        Weight = weight;
        Reverse = reverse;
        IsPrimaryInterface = isPrimaryInterface;
        _script = script;
        _link = link;
        _file = file;
        _process = process;
    }

    public TrackerKind Kind { get; }

    public string Name { get; }

    public int Weight { get; }

    public bool Reverse { get; }

    /// <summary>True for the instance's own <c>interface</c>, tracked with weight 0 unless
    /// <c>dont_track_primary</c>.</summary>
    public bool IsPrimaryInterface { get; }

    /// <summary>The shared counter, for a script tracker.</summary>
    public ScriptCounter? Script => _script;

    /// <summary>What this tracker does to the instance now.</summary>
    public TrackerEffect Effect => Kind switch
    {
        TrackerKind.Script => Contribution.ForScript(_script!.State, _script.Phase, Weight, Reverse),
        TrackerKind.Interface => Contribution.ForUpDown(_link!.Up, Weight, Reverse),
        TrackerKind.File => Contribution.ForFile(_file!.Value, Weight, Reverse),
        TrackerKind.Process => Contribution.ForUpDown(_process!.Up, Weight, Reverse),
        _ => _conditionActive ? TrackerEffect.Faulted() : TrackerEffect.None,
    };

    public TrackerReading Reading
    {
        get
        {
            var effect = Effect;
            return new TrackerReading(Kind, Name, StateText, Weight, Reverse, effect.Contribution, effect.Fault,
                effect.Silent);
        }
    }

    private string StateText => Kind switch
    {
        TrackerKind.Script => _script!.State switch
        {
            ScriptState.Ok => "OK",
            ScriptState.Ko => "KO",
            _ => "INIT",
        },
        TrackerKind.Interface => _link!.Up ? "UP" : "DOWN",
        TrackerKind.File => _file!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        TrackerKind.Process => _process!.Up ? "UP" : "DOWN",
        _ => _conditionActive ? "ACTIVE" : "CLEAR",
    };

    internal static Tracker ForScript(string name, ScriptCounter script, int weight, bool reverse) =>
        new(TrackerKind.Script, name, weight, reverse, false, script, null, null);

    internal static Tracker ForInterface(LinkSource link, int weight, bool reverse, bool primary) =>
        new(TrackerKind.Interface, link.Name, weight, reverse, primary, null, link, null);

    internal static Tracker ForFile(FileSource file, int weight, bool reverse) =>
        new(TrackerKind.File, file.Name, weight, reverse, false, null, null, file);

    internal static Tracker ForProcess(string name, ProcessCounter process, int weight, bool reverse) =>
        new(TrackerKind.Process, name, weight, reverse, false, null, null, null, process);

    internal static Tracker ForCondition(string name) =>
        new(TrackerKind.Condition, name, 0, false, false, null, null, null);

    internal bool Watches(ScriptCounter script) => ReferenceEquals(_script, script);

    internal bool Watches(LinkSource link) => ReferenceEquals(_link, link);

    internal bool Watches(FileSource file) => ReferenceEquals(_file, file);

    internal bool Watches(ProcessCounter process) => ReferenceEquals(_process, process);

    internal bool SetCondition(bool active)
    {
        bool changed = _conditionActive != active;
        _conditionActive = active;
        return changed;
    }
}
