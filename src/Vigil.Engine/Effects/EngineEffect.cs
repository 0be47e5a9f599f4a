namespace Vigil.Engine.Effects;

/// <summary>Something the engine wants done in the world. The driver drains them in order after every call.</summary>
public abstract record EngineEffect;
