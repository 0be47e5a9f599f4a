// These tests exercise Unix sockets, file modes and /proc: Linux only, like the daemon.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
