namespace Vigil.Lab;

/// <summary>A lab cluster the table, the keys and the scenarios drive: real daemons in namespaces
/// (<see cref="NamespaceCluster"/>) or, where that is not possible, some other implementation.</summary>
public interface ILabCluster : IAsyncDisposable
{
    /// <summary>How the cluster runs, for the banner ("network namespaces", ...).</summary>
    string Description { get; }

    int Nodes { get; }

    Task<IReadOnlyList<LabRow>> RowsAsync();

    void Kill(int node);

    void Restart(int node);

    void FailCheck(int node, bool failing);

    void CutLink(int node, bool cut);

    /// <summary>Brings every node back: running, check passing, link up.</summary>
    void RestoreAll();

    /// <summary>Where each node's files and log are, for the user who wants to look.</summary>
    string WorkDirectory { get; }
}
