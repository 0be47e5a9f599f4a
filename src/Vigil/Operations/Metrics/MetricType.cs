namespace Vigil.Operations.Metrics;

/// <summary>The Prometheus metric types Vigil exposes (the text format's TYPE line).</summary>
public enum MetricType
{
    Gauge,
    Counter,
    Histogram,
}
