using Vigil.Operations.Control;

namespace Vigil.Operations.Tests.Control;

public sealed class ControlRequestTests
{
    [Theory]
    [InlineData("status", ControlCommand.Status, null)]
    [InlineData("status\r\n", ControlCommand.Status, null)]
    [InlineData("reload\n", ControlCommand.Reload, null)]
    [InlineData("stop", ControlCommand.Stop, null)]
    [InlineData("explain VI_1", ControlCommand.Explain, "VI_1")]
    [InlineData("  explain   VI 2 \n", ControlCommand.Explain, "VI 2")]
    public void Valid_lines(string line, ControlCommand command, string? argument)
    {
        Assert.True(ControlRequest.TryParse(line, out var request, out var error), error);
        Assert.Equal(new ControlRequest(command, argument), request);
    }

    [Theory]
    [InlineData("", "unknown request")]
    [InlineData("STATUS", "unknown request")]
    [InlineData("explain", "needs an instance name")]
    [InlineData("stop now", "takes no argument")]
    [InlineData("rm -rf /", "unknown request 'rm'")]
    public void Invalid_lines_say_why(string line, string expected)
    {
        Assert.False(ControlRequest.TryParse(line, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ControlCommand.Status, null, "status\n")]
    [InlineData(ControlCommand.Explain, "VI_1", "explain VI_1\n")]
    [InlineData(ControlCommand.Reload, null, "reload\n")]
    [InlineData(ControlCommand.Stop, null, "stop\n")]
    public void Lines_round_trip(ControlCommand command, string? argument, string line)
    {
        var request = new ControlRequest(command, argument);
        Assert.Equal(line, request.ToLine());
        Assert.True(ControlRequest.TryParse(line, out var back, out _));
        Assert.Equal(request, back);
    }
}
