using System.Globalization;

namespace Vigil.Operations.Metrics;

/// <summary>Writes the Prometheus text exposition format 0.0.4: per family one HELP and one TYPE line, then its
/// samples, contiguous. Names are checked (a bad name is a programming error and throws); label values and
/// help texts are escaped as the format requires, so any instance or script name is safe to expose.</summary>
public sealed class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MetricsPage _out;
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private string? _current;
    private MetricType _currentType;

    public PrometheusTextWriter(MetricsPage output)
    {
        _out = output ?? throw new ArgumentNullException(nameof(output));
    }

    /// <summary>Starts a family. Each family may be started once: the format forbids a family split in two.</summary>
    public void Family(string name, MetricType type, string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        CheckMetricName(name);
        if (!_families.Add(name))
            throw new InvalidOperationException($"metric family {name} was already written");
        _current = name;
        _currentType = type;
        _out.Append("# HELP ").Append(name).Append(' ');
        AppendEscaped(help, "\\\n");
        _out.Append('\n');
        _out.Append("# TYPE ").Append(name).Append(' ').Append(type switch
        {
            MetricType.Counter => "counter",
            MetricType.Histogram => "histogram",
            _ => "gauge",
        }).Append('\n');
    }

    /// <summary>One sample of the current gauge or counter family.</summary>
    public void Sample(double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        var name = RequireFamily();
        if (_currentType == MetricType.Histogram)
            throw new InvalidOperationException($"{name} is a histogram; use {nameof(HistogramSample)}");
        WriteLine(name, "", labels, null, value);
    }

    /// <summary>One labelled histogram of the current family: cumulative buckets ending with +Inf, _sum,
    /// _count.</summary>
    public void HistogramSample(HistogramData data, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        var name = RequireFamily();
        if (_currentType != MetricType.Histogram)
            throw new InvalidOperationException($"{name} is not a histogram");
        long cumulative = 0;
        for (var i = 0; i < data.UpperBounds.Count; i++)
        {
            cumulative += data.BucketCounts[i];
            WriteLine(name, "_bucket", labels, data.UpperBounds[i], cumulative);
        }
        cumulative += data.BucketCounts[^1];
        WriteLine(name, "_bucket", labels, double.PositiveInfinity, cumulative);
        WriteLine(name, "_sum", labels, null, data.Sum);
        WriteLine(name, "_count", labels, null, cumulative);
    }

    private string RequireFamily() =>
        _current ?? throw new InvalidOperationException("a sample needs a family first");

    // A scrape at 1,000 instances writes tens of thousands of lines: the name's suffix, the histogram's "le" bound
    // and the value are appended in place rather than built as strings first.
    private void WriteLine(string name, string suffix, ReadOnlySpan<(string Name, string Value)> labels, double? le,
        double value)
    {
        _out.Append(name).Append(suffix);
        if (labels.Length > 0 || le is not null)
        {
            _out.Append('{');
            var first = true;
            foreach (var (labelName, labelValue) in labels)
            {
                AppendLabel(labelName, labelValue, ref first);
            }
            if (le is { } bound)
            {
                if (!first)
                    _out.Append(',');
                _out.Append("le=\"");
                AppendValue(bound);
                _out.Append('"');
            }
            _out.Append('}');
        }
        _out.Append(' ');
        AppendValue(value);
        _out.Append('\n');
    }

    private void AppendValue(double value)
    {
        if (double.IsFinite(value))
            _out.Append(value);
        else
            _out.Append(FormatValue(value));
    }

    // Runs of plain text are appended whole (a character outside the BMP is two UTF-16 units, encoded together);
    // only backslash, newline and, in label values, the double quote are escaped.
    private void AppendEscaped(string text, string special)
    {
        var rest = text.AsSpan();
        int at;
        while ((at = rest.IndexOfAny(special)) >= 0)
        {
            _out.Append(rest[..at]);
            _out.Append(rest[at] switch
            {
                '\\' => @"\\",
                '"' => "\\\"",
                _ => @"\n",
            });
            rest = rest[(at + 1)..];
        }
        _out.Append(rest);
    }

    private void AppendLabel(string name, string value, ref bool first)
    {
        CheckLabelName(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!first)
            _out.Append(',');
        first = false;
        _out.Append(name).Append("=\"");
        AppendEscaped(value, "\\\"\n");
        _out.Append('"');
    }

    /// <summary>Go's float syntax as Prometheus parses it: shortest round-trip digits, +Inf, -Inf, NaN.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static void CheckMetricName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = char.IsAsciiLetter(c) || c is '_' or ':' || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
                throw new ArgumentException($"invalid metric name '{name}'", nameof(name));
        }
    }

    private static void CheckLabelName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var ok = !name.StartsWith("__", StringComparison.Ordinal);
        for (var i = 0; ok && i < name.Length; i++)
        {
            var c = name[i];
            ok = char.IsAsciiLetter(c) || c == '_' || (i > 0 && char.IsAsciiDigit(c));
        }
        if (!ok)
            throw new ArgumentException($"invalid label name '{name}'", nameof(name));
    }
}
