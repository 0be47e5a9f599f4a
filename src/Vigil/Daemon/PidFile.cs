namespace Vigil.Daemon;

/// <summary>The pid file: written at start, removed at a clean exit. A file naming a live process that is
/// another daemon refuses the start, as keepalived does.</summary>
public static class PidFile
{
    public static bool TryWrite(string path, out string? error)
    {
        error = null;
        try
        {
            if (File.Exists(path)
                && int.TryParse(File.ReadAllText(path).Trim(), out int pid)
                && pid != Environment.ProcessId
                && Directory.Exists($"/proc/{pid}") && IsVigil(pid))
            {
                error = $"another daemon (pid {pid}) holds {path}";
                return false;
            }
            var dir = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(dir))
                Directory.CreateDirectory(dir);
            File.WriteAllText(path, $"{Environment.ProcessId}\n");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot write pid file {path}: {e.Message}";
            return false;
        }
    }

    private static bool IsVigil(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("vigil", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
