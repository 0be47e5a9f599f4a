using System.Net;
using Vigil.Operations.Metrics;

namespace Vigil.Operations.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:9650", "127.0.0.1", 9650)]
    [InlineData("192.0.2.10:80", "192.0.2.10", 80)]
    [InlineData("[::1]:9650", "::1", 9650)]
    [InlineData("[2001:db8::1]:9650", "2001:db8::1", 9650)]
    [InlineData(":9650", "::", 9650)]
    [InlineData("*:9650", "::", 9650)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    public void Accepted_forms(string text, string address, int port)
    {
        Assert.True(MetricsEndpoint.TryParse(text, out var endPoint, out var error), error);
        Assert.Equal(IPAddress.Parse(address), endPoint.Address);
        Assert.Equal(port, endPoint.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("9650")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:x")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("::1:9650")]
    [InlineData("localhost:9650")]
    [InlineData("[127.0.0.1]:9650")]
    public void Refused_forms_say_why(string text)
    {
        Assert.False(MetricsEndpoint.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }
}
