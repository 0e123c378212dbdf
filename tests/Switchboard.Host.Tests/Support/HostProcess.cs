using System.Diagnostics;
using System.Text;

namespace Switchboard.Host.Tests.Support;

/// <summary>
/// The real host as its own process (<c>dotnet Switchboard.Host.dll</c>, copied next to the tests with its
/// settings), started from an empty working directory with the given environment variables.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _workingDirectory;

    private HostProcess(IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        _workingDirectory = Directory.CreateTempSubdirectory("switchboard-host-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Switchboard.Host.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // Only what the test says: the runner's own ASP.NET settings must not leak into the host.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_output) _output.AppendLine(e.Data);
            if (e.Data.Contains("Now listening on:", StringComparison.Ordinal)) _listening.TrySetResult(e.Data);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_errors) _errors.AppendLine(e.Data);
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public string Errors { get { lock (_errors) return _errors.ToString(); } }

    /// <summary>Starts the host in <paramref name="environmentName"/> with the settings as environment variables (<c>Section__Key</c>).</summary>
    public static HostProcess Start(string environmentName, IReadOnlyDictionary<string, string>? settings = null, params string[] arguments)
    {
        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["ASPNETCORE_ENVIRONMENT"] = environmentName,
        };
        return new HostProcess(environment, arguments);
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits for the "Now listening on" line, or for the process to end without it.</summary>
    public async Task<string> WaitUntilListeningAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var exited = _process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(_listening.Task, exited);
        if (first != _listening.Task)
            throw new InvalidOperationException($"The host ended (exit code {_process.ExitCode}) without listening.\n{Errors}\n{Output}");
        return await _listening.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_workingDirectory, recursive: true);
    }
}
