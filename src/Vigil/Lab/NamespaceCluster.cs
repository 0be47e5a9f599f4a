using Vigil.Operations.Status;

namespace Vigil.Lab;

/// <summary>The real lab: <see cref="LabNetwork"/> plus one `vigil run` per node.</summary>
public sealed class NamespaceCluster : ILabCluster
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(1);

    private readonly LabNetwork _network;
    private readonly List<LabNode> _nodes = [];
    private readonly bool[] _cut;

    /// <param name="start">False to leave the daemons unstarted (to set options on <see cref="Members"/>
    /// first).</param>
    public NamespaceCluster(int nodes, IReadOnlyList<string> vigilCommand, bool start = true)
    {
        ArgumentNullException.ThrowIfNull(vigilCommand);
        _network = new LabNetwork(nodes);
        _cut = new bool[nodes + 1];
        WorkDirectory = Directory.CreateTempSubdirectory($"vigil-lab-{_network.Id}-").FullName;
        try
        {
            for (var i = 1; i <= nodes; i++)
                _nodes.Add(new LabNode(i, _network.Namespace(i), WorkDirectory, vigilCommand));
            if (start)
            {
                foreach (var node in _nodes)
                    node.Start();
            }
        }
        catch
        {
            DisposeCore();
            throw;
        }
    }

    /// <summary>The command that starts this very program: the native binary itself, or `dotnet vigil.dll`.</summary>
    public static string[] DefaultVigilCommand()
    {
        var exe = Environment.ProcessPath ?? "vigil";
        return Path.GetFileNameWithoutExtension(exe) == "dotnet"
            ? [exe, Path.Combine(AppContext.BaseDirectory, "vigil.dll")]
            : [exe];
    }

    public string Description =>
        $"{Nodes} nodes in network namespaces {LabNetwork.NamePrefix}{_network.Id}-*, one `vigil run` each";

    public int Nodes => _nodes.Count;

    public string WorkDirectory { get; }

    public IReadOnlyList<LabNode> Members => _nodes;

    public LabNetwork Network => _network;

    public async Task<IReadOnlyList<LabRow>> RowsAsync()
    {
        var statuses = await Task.WhenAll(_nodes.Select(n => n.StatusAsync(StatusTimeout))).ConfigureAwait(false);
        var rows = new List<LabRow>();
        for (var i = 0; i < _nodes.Count; i++)
        {
            var node = _nodes[i];
            var status = statuses[i];
            var holds = _network.Addresses(node.Index).Any(
                a => a.StartsWith(LabConfig.VirtualAddress + "/", StringComparison.Ordinal));
            if (status is null || status.Instances.Count == 0)
            {
                rows.Add(
                    new LabRow(
                        node.Name,
                        node.Running ? "STARTING" : "DOWN",
                        null,
                        null,
                        holds,
                        node.CheckFailing,
                        _cut[node.Index],
                        null));
                continue;
            }
            var instance = status.Instances[0];
            rows.Add(new LabRow(
                node.Name,
                instance.State,
                instance.EffectivePriority,
                instance.BasePriority,
                holds,
                node.CheckFailing,
                _cut[node.Index],
                Ago.Parse(instance.LastTransitionAt)));
        }
        return rows;
    }

    private LabNode Node(int node) => _nodes[node - 1];

    public void Kill(int node) => Node(node).Kill();

    public void Restart(int node) => Node(node).Start();

    public void FailCheck(int node, bool failing) => Node(node).SetCheckFailing(failing);

    public void CutLink(int node, bool cut)
    {
        _network.SetLink(node, up: !cut);
        _cut[node] = cut;
    }

    public void RestoreAll()
    {
        foreach (var node in _nodes)
        {
            if (_cut[node.Index])
                CutLink(node.Index, false);
            node.SetCheckFailing(false);
            node.Start();
        }
    }

    public ValueTask DisposeAsync()
    {
        DisposeCore();
        return ValueTask.CompletedTask;
    }

    private void DisposeCore()
    {
        foreach (var node in _nodes)
            node.Dispose();
        _network.Dispose();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
