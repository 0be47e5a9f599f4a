// Network namespaces, raw sockets and posix_spawn: these tests exist only on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
