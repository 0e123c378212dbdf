using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Switchboard.Redis;

namespace Switchboard.Testing;

/// <summary>
/// A local Redis Cluster of three masters (no replicas) on free loopback ports, created with
/// <c>redis-cli --cluster create</c> once per test collection that shares it (an <c>ICollectionFixture</c>) and
/// killed afterwards. The contract suites run against it to prove every multi-key script stays in one slot.
/// </summary>
public sealed class RedisClusterFixture : IRedisTestServer, IAsyncLifetime
{
    private const int Masters = 3;
    // A node also listens on its port + 10000 (the cluster bus), so ports are picked where both are free.
    private const int BusOffset = 10000;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("switchboard-redis-cluster-").FullName;
    private readonly List<Process> _nodes = [];
    private readonly StringBuilder _output = new();
    private RedisConnection? _connection;

    public IReadOnlyList<int> Ports { get; private set; } = [];

    /// <summary>A StackExchange.Redis configuration string naming every master.</summary>
    public string ConnectionString => string.Join(',', Ports.Select(port => $"127.0.0.1:{port}"));

    public RedisConnection Connection => _connection ?? throw new InvalidOperationException("The cluster has not started.");

    public RedisOptions Options(string keyPrefix) => new() { Configuration = ConnectionString, KeyPrefix = keyPrefix };

    public async Task InitializeAsync()
    {
        var server = Executable("redis-server");
        var cli = Executable("redis-cli");
        Ports = FreePorts(Masters);
        foreach (var port in Ports) _nodes.Add(StartNode(server, port));
        foreach (var port in Ports) await WaitForPingAsync(port);

        var create = new List<string> { "--cluster", "create" };
        create.AddRange(Ports.Select(port => $"127.0.0.1:{port}"));
        create.AddRange(["--cluster-replicas", "0", "--cluster-yes"]);
        var (exitCode, output) = await RunAsync(cli, create, TimeSpan.FromSeconds(60));
        if (exitCode != 0) throw new InvalidOperationException($"redis-cli --cluster create failed ({exitCode}):\n{output}\n{Output()}");

        foreach (var port in Ports) await WaitForClusterOkAsync(cli, port);
        _connection = new RedisConnection(Options(RedisTestPrefix.New("cluster")));
        await _connection.ConnectAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        foreach (var node in _nodes)
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
            node.Dispose();
        }
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private Process StartNode(string executable, int port)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var directory = Directory.CreateDirectory(Path.Combine(_dataDirectory, portText)).FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[]
        {
            "--port", portText, "--bind", "127.0.0.1", "--cluster-enabled", "yes",
            "--cluster-config-file", $"nodes-{portText}.conf", "--cluster-node-timeout", "5000",
            "--dir", directory, "--save", "", "--appendonly", "no",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var node = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable} on port {port}.");
        node.OutputDataReceived += (_, e) => Capture(e.Data);
        node.ErrorDataReceived += (_, e) => Capture(e.Data);
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        return node;
    }

    private async Task WaitForPingAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                using var reader = new StreamReader(stream, Encoding.ASCII);
                if (await reader.ReadLineAsync() == "+PONG") return;
            }
            catch (SocketException)
            {
            }
            catch (IOException)
            {
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"Cluster node on port {port} did not answer PING within 15 s:\n{Output()}");
    }

    private async Task WaitForClusterOkAsync(string cli, int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            (_, last) = await RunAsync(cli, ["-p", port.ToString(CultureInfo.InvariantCulture), "cluster", "info"], TimeSpan.FromSeconds(10));
            if (last.Contains("cluster_state:ok", StringComparison.Ordinal)) return;
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"The cluster node on port {port} did not reach cluster_state:ok within 30 s:\n{last}\n{Output()}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{executable} {string.Join(' ', start.ArgumentList)} did not finish within {limit.TotalSeconds} s.");
        }
        return (process.ExitCode, await stdout + await stderr);
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

    private static string Executable(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .Append($"/usr/bin/{name}")
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{name} was not found on PATH or in /usr/bin. The cluster tests need it: run ./test.sh or `apt-get install redis-server redis-tools`.");
    }

    private static List<int> FreePorts(int count)
    {
        var ports = new List<int>();
        for (var attempt = 0; ports.Count < count && attempt < 200; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port + BusOffset > IPEndPoint.MaxPort || ports.Contains(port) || !IsFree(port + BusOffset)) continue;
            ports.Add(port);
        }
        return ports.Count == count ? ports : throw new InvalidOperationException("Could not find free ports for the cluster nodes and their buses.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
