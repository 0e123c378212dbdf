using System.Globalization;
using System.Runtime.InteropServices;

namespace Switchboard.Bench.Turns;

/// <summary>CPU time and memory of one process, read from <c>/proc/&lt;pid&gt;</c> (Linux).</summary>
public readonly record struct ProcessSample(double CpuSeconds, long RssKb, long PeakRssKb)
{
    public double RssMb => RssKb / 1024.0;

    public double PeakRssMb => PeakRssKb / 1024.0;
}

public static class ProcessStats
{
    private const int ScClockTicks = 2; // _SC_CLK_TCK on Linux
    private static readonly double TicksPerSecond = ClockTicks();

    /// <summary>
    /// User + system CPU seconds of all the process's threads (<c>/proc/pid/stat</c> utime + stime), its
    /// resident set (<c>VmRSS</c>) and the peak resident set since it started (<c>VmHWM</c>); null when the
    /// process is gone or this is not Linux.
    /// </summary>
    public static ProcessSample? Read(int? pid)
    {
        if (pid is not { } id) return null;
        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line);
            }
            return new ProcessSample(ticks / TicksPerSecond, rss, peak);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The resident set only (cheaper than <see cref="Read"/>; sampled several times a second).</summary>
    public static long? RssKb(int? pid)
    {
        if (pid is not { } id) return null;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{id}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) return Kilobytes(line);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static double ClockTicks()
    {
        try
        {
            var ticks = OperatingSystem.IsLinux() ? SysConf(ScClockTicks) : 100;
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}
