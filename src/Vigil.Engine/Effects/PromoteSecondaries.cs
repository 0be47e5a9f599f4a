namespace Vigil.Engine.Effects;

/// <summary>keepalived's <c>promote_secondaries</c>: set <c>net.ipv4.conf.&lt;Interface&gt;.promote_secondaries=1</c>,
/// so that removing the first (primary) address of a subnet promotes the next one instead of deleting every
/// secondary address of that subnet with it (another instance's VIP among them). Emitted at every load, before any
/// address of the configuration is added or removed.</summary>
public sealed record PromoteSecondaries(string Interface) : EngineEffect;
