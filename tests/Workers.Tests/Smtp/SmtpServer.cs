using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Orchestration.Workers.Tests.Smtp;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd (package python3-aiosmtpd, which .ci/run installs)
/// run as its own process, with the tests' handler keeping what it accepts in a maildir. It can be stopped
/// and started again on the same port, as a gateway that goes down and comes back.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    /// <summary>The Python that has aiosmtpd: Debian's own, not whatever else is first on PATH.</summary>
    public const string Python = "/usr/bin/python3";

    private readonly string maildir = Directory.CreateTempSubdirectory("smtp-maildir-").FullName;
    private readonly string? certificate;
    private Process? process;

    private SmtpServer(int port, string? certificate)
    {
        Port = port;
        this.certificate = certificate;
    }

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts a server on a free port; fails (never skips) when aiosmtpd is not installed.</summary>
    public static async Task<SmtpServer> Start(string? certificate = null)
    {
        var server = new SmtpServer(LoopbackPort.Free(), certificate);
        await server.Start().ConfigureAwait(false);
        return server;
    }

    /// <summary>Starts (again) on the same port.</summary>
    public async Task Start()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"The SMTP tests need {Python} with aiosmtpd (apt-get install python3-aiosmtpd); .ci/run installs it.");
        }

        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "cspr_test_smtp.Recording" })
        {
            start.ArgumentList.Add(argument);
        }

        if (certificate is not null)
        {
            start.ArgumentList.Add("--tlscert");
            start.ArgumentList.Add(certificate + ".crt");
            start.ArgumentList.Add("--tlskey");
            start.ArgumentList.Add(certificate + ".key");
        }

        start.ArgumentList.Add(Path.Combine(maildir, "inbox"));
        start.Environment["PYTHONPATH"] = Path.Combine(AppContext.BaseDirectory, "Smtp");
        process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                var error = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"aiosmtpd exited at start ({process.ExitCode}): {error}. It needs python3-aiosmtpd (apt-get install python3-aiosmtpd).");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        throw new TimeoutException("aiosmtpd did not listen within 20 seconds");
    }

    /// <summary>Stops the server (the gateway is down); what it accepted stays in its maildir.</summary>
    public async Task Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>Every message it has accepted, as received.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var folders = new[] { "new", "cur" }.Select(f => Path.Combine(maildir, "inbox", f)).Where(Directory.Exists);
        return [.. folders.SelectMany(Directory.GetFiles).Order(StringComparer.Ordinal).Select(file => MimeMessage.Load(file))];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Stop().ConfigureAwait(false);
        Directory.Delete(maildir, recursive: true);
    }
}
