using Vigil.Core.Protocol;

namespace Vigil.Engine;

internal sealed partial class InstanceRuntime
{
    private LogMarkSet? _logMarks;

    /// <summary>What the last refusal lines were about, so that one cause from one sender makes one line. Made with
    /// the first such line: most instances never write one, and the marks would be 56 bytes in each.</summary>
    private LogMarkSet LogMarks => _logMarks ??= new();

    private sealed class LogMarkSet
    {
        /// <summary>The advert interval last reported as a v3 mismatch.</summary>
        public TimeSpan Mismatch;
        public AhFailure AhFailure;
        public IpAddressValue AhSource;
        public DropReason HmacDrop;
        public IpAddressValue HmacSource;
    }
}
