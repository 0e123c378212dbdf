using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Switchboard.Slack.Tests.Fakes;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port with the durability production should use (AOF,
/// <c>appendfsync always</c>), started once for the tests that join <see cref="SlackRedisCollection"/>.
/// </summary>
/// <remarks>
/// The minimum of Switchboard.Redis.Tests' fixture this project needs (test projects don't reference each other);
/// it belongs in the shared tests/Switchboard.Testing project once that exists.
/// </remarks>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("switchboard-slack-redis-").FullName;
    private readonly StringBuilder _output = new();
    private Process? _server;

    public int Port { get; private set; }

    /// <summary>What <c>Redis:Configuration</c> takes.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewPrefix(string label) => $"sbtest:{label}:{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    public async Task InitializeAsync()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server was not found (apt-get install redis-server); the Slack crash tests need a real one.");
        // Another process may take the free port between the probe and redis binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                await StartAsync(executable);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            if (!_server.HasExited) _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
            _server.Dispose();
        }
        Directory.Delete(_dataDirectory, recursive: true);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task StartAsync(string executable)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _dataDirectory,
            "--save", "", "--appendonly", "yes", "--appendfsync", "always",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var server = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        server.OutputDataReceived += (_, e) => Capture(e.Data);
        server.ErrorDataReceived += (_, e) => Capture(e.Data);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        _server = server;

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) throw new InvalidOperationException($"redis-server exited with {server.ExitCode} on port {Port}:\n{Output()}");
            try
            {
                if (await PingAsync() == "+PONG") return;
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
            }
            await Task.Delay(50);
        }
        server.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within 15 s:\n{Output()}");
    }

    private async Task<string?> PingAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync();
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private string Output()
    {
        lock (_output) return _output.ToString();
    }
}

/// <summary>Slack tests that need Redis share one server.</summary>
[CollectionDefinition(Name)]
public sealed class SlackRedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "slack-redis";
}
