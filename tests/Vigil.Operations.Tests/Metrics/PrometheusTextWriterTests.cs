using Vigil.Operations.Metrics;

namespace Vigil.Operations.Tests.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void A_gauge_family_has_help_type_and_labelled_samples()
    {
        using var text = new MetricsPage();
        var writer = new PrometheusTextWriter(text);

        writer.Family("keepalived_vrrp_state", MetricType.Gauge, "State of vrrp");
        writer.Sample(2, ("iname", "VI_1"), ("intf", "eth0"), ("vrid", "51"), ("ip_address", "198.51.100.1/24"));

        Assert.Equal(
            "# HELP keepalived_vrrp_state State of vrrp\n" +
            "# TYPE keepalived_vrrp_state gauge\n" +
            "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"198.51.100.1/24\"} 2\n",
            text.ToString());
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline()
    {
        using var text = new MetricsPage();
        var writer = new PrometheusTextWriter(text);

        writer.Family("keepalived_script_status", MetricType.Gauge, "h");
        writer.Sample(1, ("name", "a\\b\"c\nd"));

        Assert.EndsWith(
            "keepalived_script_status{name=\"a\\\\b\\\"c\\nd\"} 1\n",
            text.ToString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Help_escapes_backslash_and_newline_but_not_quotes()
    {
        using var text = new MetricsPage();
        var writer = new PrometheusTextWriter(text);

        writer.Family("x_total", MetricType.Counter, "a \"b\" c\\d\ne");

        Assert.StartsWith(
            "# HELP x_total a \"b\" c\\\\d\\ne\n# TYPE x_total counter\n",
            text.ToString(),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(12.0, "12")]
    [InlineData(0.25, "0.25")]
    [InlineData(1e-5, "1E-05")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(1764037154.5, "1764037154.5")]
    public void Values_use_prometheus_float_syntax(double value, string expected) =>
        Assert.Equal(expected, PrometheusTextWriter.FormatValue(value));

    [Fact]
    public void A_histogram_has_cumulative_buckets_ending_in_inf_then_sum_and_count()
    {
        // Binary fractions keep the sum exact.
        var histogram = new Histogram([0.125, 0.5, 1]);
        histogram.Observe(0.0625);
        histogram.Observe(0.125);   // on a bound: counted in that bucket (le means less or equal)
        histogram.Observe(0.75);
        histogram.Observe(3);
        using var text = new MetricsPage();
        var writer = new PrometheusTextWriter(text);

        writer.Family("vigil_script_duration_seconds", MetricType.Histogram, "Script run time");
        writer.HistogramSample(histogram.Snapshot(), ("name", "chk"));

        Assert.Equal(
            "# HELP vigil_script_duration_seconds Script run time\n" +
            "# TYPE vigil_script_duration_seconds histogram\n" +
            "vigil_script_duration_seconds_bucket{name=\"chk\",le=\"0.125\"} 2\n" +
            "vigil_script_duration_seconds_bucket{name=\"chk\",le=\"0.5\"} 2\n" +
            "vigil_script_duration_seconds_bucket{name=\"chk\",le=\"1\"} 3\n" +
            "vigil_script_duration_seconds_bucket{name=\"chk\",le=\"+Inf\"} 4\n" +
            "vigil_script_duration_seconds_sum{name=\"chk\"} 3.9375\n" +
            "vigil_script_duration_seconds_count{name=\"chk\"} 4\n",
            text.ToString());
    }

    [Fact]
    public void A_family_cannot_be_written_twice()
    {
        var writer = new PrometheusTextWriter(new MetricsPage());
        writer.Family("a", MetricType.Gauge, "h");

        Assert.Throws<InvalidOperationException>(() => writer.Family("a", MetricType.Gauge, "h"));
    }

    [Theory]
    [InlineData("9lives")]
    [InlineData("with-dash")]
    [InlineData("")]
    public void Invalid_metric_names_are_refused(string name) =>
        Assert.Throws<ArgumentException>(
            () => new PrometheusTextWriter(new MetricsPage()).Family(name, MetricType.Gauge, "h"));

    [Theory]
    [InlineData("__reserved")]
    [InlineData("a:b")]
    [InlineData("1a")]
    public void Invalid_label_names_are_refused(string label)
    {
        var writer = new PrometheusTextWriter(new MetricsPage());
        writer.Family("a", MetricType.Gauge, "h");

        Assert.Throws<ArgumentException>(() => writer.Sample(1, (label, "v")));
    }

    [Fact]
    public void Histogram_bounds_must_ascend() =>
        Assert.Throws<ArgumentException>(() => new Histogram([1, 0.5]));
}
