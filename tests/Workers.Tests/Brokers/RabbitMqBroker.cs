using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orchestration.Workers.Tests.Brokers;

/// <summary>
/// A real RabbitMQ node on loopback, Debian's rabbitmq-server (which .ci/run installs) run as a local process
/// with its own node name, ports, data and Erlang cookie. It can be stopped and started again over the same
/// data, as a broker that goes down and comes back. Fails (never skips) when RabbitMQ is not installed.
/// </summary>
public sealed class RabbitMqBroker : IAsyncDisposable
{
    private const string Bin = "/usr/lib/rabbitmq/bin";
    private readonly string home = Directory.CreateTempSubdirectory("rmq-").FullName;

    private RabbitMqBroker(int port, int distributionPort)
    {
        Port = port;
        DistributionPort = distributionPort;
        NodeName = $"test{port}@localhost";
    }

    /// <summary>The AMQP port on 127.0.0.1.</summary>
    public int Port { get; }

    private int DistributionPort { get; }

    private string NodeName { get; }

    /// <summary>Configuration that points a process at this broker.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Transport:Kind"] = "RabbitMQ",
        ["Transport:RabbitMQ:Host"] = "127.0.0.1",
        ["Transport:RabbitMQ:Port"] = Port.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Starts a fresh node on free ports.</summary>
    public static async Task<RabbitMqBroker> Start()
    {
        if (!File.Exists(Path.Combine(Bin, "rabbitmq-server")))
        {
            throw new InvalidOperationException($"The RabbitMQ tests need Debian's rabbitmq-server ({Bin}); .ci/run installs it (apt-get install rabbitmq-server).");
        }

        var broker = new RabbitMqBroker(LoopbackPort.Free(), LoopbackPort.Free());
        Directory.CreateDirectory(Path.Combine(broker.home, "mnesia"));
        Directory.CreateDirectory(Path.Combine(broker.home, "log"));
        await File.WriteAllTextAsync(Path.Combine(broker.home, "rabbitmq.conf"),
            $"listeners.tcp.default = 127.0.0.1:{broker.Port}\nloopback_users = none\n");
        await File.WriteAllTextAsync(Path.Combine(broker.home, "enabled_plugins"), "[].");
        await broker.Start(firstTime: true);
        return broker;
    }

    /// <summary>Starts the node again over its data (after <see cref="Stop"/>).</summary>
    public Task Restart() => Start(firstTime: false);

    private async Task Start(bool firstTime)
    {
        await Run("rabbitmq-server", "-detached");
        var (code, output) = await Run("rabbitmqctl", "wait", "--timeout", "120", Path.Combine(home, "node.pid"));
        if (code != 0)
        {
            throw new InvalidOperationException($"RabbitMQ did not start ({code}): {output}");
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await Listening())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"RabbitMQ did not listen on {Port} within 30 seconds{(firstTime ? string.Empty : " after a restart")}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Stops the node (the broker is down); its durable queues and messages stay on disk.</summary>
    public async Task Stop()
    {
        await Run("rabbitmqctl", "shutdown", "--timeout", "60");
    }

    /// <summary>
    /// A fresh virtual host on this node, so that one test's processes share nothing with another's on the same node;
    /// returns the configuration that points a process at it.
    /// </summary>
    public async Task<Dictionary<string, string?>> VirtualHost()
    {
        var name = "test-" + Guid.NewGuid().ToString("N")[..12];
        foreach (var command in new[] { new[] { "add_vhost", name }, ["set_permissions", "-p", name, "guest", ".*", ".*", ".*"] })
        {
            var (code, output) = await Run("rabbitmqctl", command);
            if (code != 0)
            {
                throw new InvalidOperationException($"rabbitmqctl {command[0]} failed ({code}): {output}");
            }
        }

        var settings = Settings;
        settings["Transport:RabbitMQ:VirtualHost"] = name;
        return settings;
    }

    /// <summary>How many messages wait in a queue (of the default virtual host unless named), or -1 when it does not exist.</summary>
    public async Task<int> Depth(string queue, string virtualHost = "/")
    {
        var (code, output) = await Run("rabbitmqctl", "list_queues", "--quiet", "--no-table-headers", "-p", virtualHost, "name", "messages");
        if (code != 0)
        {
            throw new InvalidOperationException("rabbitmqctl list_queues failed: " + output);
        }

        var line = output.Split('\n').Select(l => l.Split('\t')).FirstOrDefault(parts => parts.Length == 2 && parts[0] == queue);
        return line is null ? -1 : int.Parse(line[1].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Every queue of a virtual host with its depth, one per line (for a failure message).</summary>
    public async Task<string> Queues(string virtualHost = "/")
    {
        var (_, output) = await Run("rabbitmqctl", "list_queues", "--quiet", "--no-table-headers", "-p", virtualHost, "name", "messages");
        return output.Trim();
    }

    /// <summary>
    /// The fault headers (exception type and message, or the reason a message was skipped) and the start of the envelope of up to <paramref name="count"/> messages in a queue, read without
    /// taking them (they are returned to the queue), for a failure message.
    /// </summary>
    public async Task<IReadOnlyList<string>> Faults(string queue, string virtualHost = "/", int count = 3)
    {
        var factory = new RabbitMQ.Client.ConnectionFactory { HostName = "127.0.0.1", Port = Port, VirtualHost = virtualHost, UserName = "guest", Password = "guest" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var faults = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var message = await channel.BasicGetAsync(queue, autoAck: false);
            if (message is null)
            {
                break;
            }

            string Header(string name) => message.BasicProperties.Headers?.TryGetValue(name, out var value) == true && value is byte[] bytes
                ? System.Text.Encoding.UTF8.GetString(bytes) : "";
            var body = System.Text.Encoding.UTF8.GetString(message.Body.Span);
            faults.Add($"{Header("MT-Fault-ExceptionType")}: {Header("MT-Fault-Message")} [{Header("MT-Reason")}] {body[..Math.Min(body.Length, 700)]}");
        }

        return faults;
    }

    /// <summary>The type (classic, quorum) of each queue of a virtual host, by name.</summary>
    public async Task<Dictionary<string, string>> QueueTypes(string virtualHost = "/")
    {
        var (code, output) = await Run("rabbitmqctl", "list_queues", "--quiet", "--no-table-headers", "-p", virtualHost, "name", "type");
        if (code != 0)
        {
            throw new InvalidOperationException("rabbitmqctl list_queues failed: " + output);
        }

        return output.Split('\n').Select(l => l.Split('\t')).Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim(), StringComparer.Ordinal);
    }

    private async Task<bool> Listening()
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task<(int Code, string Output)> Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(Bin, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = home;
        start.Environment["RABBITMQ_NODENAME"] = NodeName;
        start.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        start.Environment["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(home, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(home, "log");
        start.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(home, "rabbitmq");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(home, "enabled_plugins");
        start.Environment["RABBITMQ_PID_FILE"] = Path.Combine(home, "node.pid");
        start.Environment["PATH"] = Bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Stop();
        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (IOException)
        {
            // A log file still closing; the temporary folder is left behind.
        }
    }
}
