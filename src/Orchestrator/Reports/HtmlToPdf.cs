using System.Diagnostics;

namespace Orchestration.Orchestrator.Reports;

/// <summary>
/// Prints a self-contained HTML page to PDF with headless Chromium (Debian's <c>chromium</c>, or the program
/// <c>CHROMIUM_PATH</c> names), offline: the page has no scripts and loads nothing.
/// </summary>
public static class HtmlToPdf
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    /// <summary>The browser to print with, or null when none is installed.</summary>
    public static string? Browser =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured && File.Exists(configured)
            ? configured
            : Candidates.FirstOrDefault(File.Exists);

    /// <summary>The PDF, or null when no browser is installed or printing failed or took over a minute.</summary>
    public static async Task<byte[]?> Print(string html, CancellationToken cancellationToken)
    {
        if (Browser is not { } browser)
        {
            return null;
        }

        var folder = Directory.CreateTempSubdirectory("cspr-report-");
        try
        {
            var page = Path.Combine(folder.FullName, "report.html");
            var output = Path.Combine(folder.FullName, "report.pdf");
            await File.WriteAllTextAsync(page, html, cancellationToken).ConfigureAwait(false);
            var start = new ProcessStartInfo(browser)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions", "--no-pdf-header-footer",
                         $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", $"--print-to-pdf={output}", new Uri(page).AbsoluteUri,
                     })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(1));
            var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                await drain.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            return File.Exists(output) ? await File.ReadAllBytesAsync(output, cancellationToken).ConfigureAwait(false) : null;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
