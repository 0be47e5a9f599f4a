using Vigil.Core.Primitives;

namespace Vigil.Engine.Status;

public sealed record SyncGroupStatus(string Name, VrrpState State, IReadOnlyList<string> Members);
