using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Switchboard.Redis;

namespace Switchboard.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, started once per test collection that shares it and
/// killed afterwards. A test project declares a collection with <c>ICollectionFixture&lt;RedisServerFixture&gt;</c>
/// (xunit looks for collection definitions in the test assembly itself) and points the host at
/// <see cref="ConnectionString"/> with a <see cref="RedisTestPrefix"/> key prefix.
/// </summary>
public class RedisServerFixture : IRedisTestServer, IAsyncLifetime
{
    private const string MissingServer =
        "redis-server was not found on PATH or at /usr/bin/redis-server. The Redis tests need a real server: run ./test.sh or `apt-get install redis-server`.";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("switchboard-redis-").FullName;
    private readonly RedisPersistence _persistence;
    private readonly StringBuilder _serverOutput = new();
    private Process? _server;
    private RedisConnection? _connection;

    public RedisServerFixture() : this(RedisPersistence.SnapshotOnShutdown)
    {
    }

    protected RedisServerFixture(RedisPersistence persistence) => _persistence = persistence;

    public int Port { get; private set; }

    /// <summary>A StackExchange.Redis configuration string for the server (what <c>Redis:Configuration</c> takes).</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>One connection shared by the tests, as the app shares one per process.</summary>
    public RedisConnection Connection => _connection ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Options for this server under a key prefix of the caller's choosing (use <see cref="RedisTestPrefix.New"/>).</summary>
    public RedisOptions Options(string keyPrefix) => new() { Configuration = ConnectionString, KeyPrefix = keyPrefix };

    public async Task InitializeAsync()
    {
        var executable = FindServer() ?? throw new InvalidOperationException(MissingServer);
        // Another process may take the free port between our probe and redis binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = LoopbackPort.Free();
            try
            {
                await StartAsync(executable, CancellationToken.None);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
        _connection = new RedisConnection(Options(RedisTestPrefix.New()));
        await _connection.ConnectAsync(CancellationToken.None);
    }

    /// <summary>
    /// Stops the server the way an orchestrator would (<c>SHUTDOWN SAVE</c>) and starts it again on the same
    /// port with the same data, so tests can check that state survives a Redis restart and that clients reconnect.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        var server = _server ?? throw new InvalidOperationException("The fixture has not started.");
        await SendAsync("SHUTDOWN SAVE", expectReply: false, cancellationToken);
        await server.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        server.Dispose();
        await StartAsync(FindServer() ?? throw new InvalidOperationException(MissingServer), cancellationToken);
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        if (_server is not null)
        {
            if (!_server.HasExited) _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
            _server.Dispose();
        }
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task StartAsync(string executable, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dataDirectory,
        };
        string[] persistence = _persistence == RedisPersistence.AppendEveryWrite
            ? ["--appendonly", "yes", "--appendfsync", "always"]
            : ["--appendonly", "no"];
        foreach (var argument in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--dir", _dataDirectory, "--dbfilename", "dump.rdb",
        }.Concat(persistence))
        {
            start.ArgumentList.Add(argument);
        }

        lock (_serverOutput) _serverOutput.Clear();
        var server = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        server.OutputDataReceived += (_, e) => Capture(e.Data);
        server.ErrorDataReceived += (_, e) => Capture(e.Data);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        _server = server;

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited)
            {
                await server.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException($"redis-server exited with {server.ExitCode} on port {Port}:\n{Output()}");
            }
            try
            {
                if (await SendAsync("PING", expectReply: true, cancellationToken) == "+PONG") return;
            }
            catch (SocketException)
            {
            }
            catch (IOException)
            {
            }
            await Task.Delay(50, cancellationToken);
        }
        server.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within 15 s:\n{Output()}");
    }

    /// <summary>One inline command over a raw socket: the fixture must not depend on the client under test.</summary>
    private async Task<string?> SendAsync(string command, bool expectReply, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken);
        if (!expectReply) return null;
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(cancellationToken);
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_serverOutput) _serverOutput.AppendLine(line);
    }

    private string Output()
    {
        lock (_serverOutput) return _serverOutput.ToString();
    }

    private static string? FindServer()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "redis-server"))
            .Append("/usr/bin/redis-server")
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>How the server keeps its data.</summary>
public enum RedisPersistence
{
    /// <summary>In memory, written to disk only by <c>SHUTDOWN SAVE</c> (what <see cref="RedisServerFixture.RestartAsync"/> uses).</summary>
    SnapshotOnShutdown,

    /// <summary>Every write appended and fsynced before it is answered (<c>appendfsync always</c>), as production should run.</summary>
    AppendEveryWrite,
}

/// <summary>
/// A <see cref="RedisServerFixture"/> with the durability production should use (AOF, <c>appendfsync always</c>), for
/// tests that kill hosts and count on nothing acknowledged being lost.
/// </summary>
public sealed class DurableRedisServerFixture() : RedisServerFixture(RedisPersistence.AppendEveryWrite);

/// <summary>A Redis to run contract suites against: a standalone server or a cluster.</summary>
public interface IRedisTestServer
{
    /// <summary>One connection shared by the tests, as the app shares one per process.</summary>
    RedisConnection Connection { get; }

    /// <summary>Options for this server under a key prefix of the caller's choosing (use <see cref="RedisTestPrefix.New"/>).</summary>
    RedisOptions Options(string keyPrefix);
}

/// <summary>A key prefix no other test uses, so tests share one server without seeing each other's keys.</summary>
public static class RedisTestPrefix
{
    private static long _counter;

    public static string New(string label = "test") =>
        $"sbtest:{label}:{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..8]}";
}
