using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Orchestration.Orchestrator.Tests.Telemetry;

/// <summary>
/// What a host exported, caught in memory: its spans and metrics through OpenTelemetry's in-memory exporter (added
/// to the host's own providers, beside whatever it configures), and every log record through a logger provider of
/// its own, with the record's state, scopes (where the trace id is) and exception.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly Locked<Activity> spans = new();
    private readonly Locked<MetricSnapshot> metrics = new();

    /// <summary>The log records written.</summary>
    public RecordingLoggerProvider Logs { get; } = new();

    /// <summary>Adds the exporters and the logger provider to a host's services.</summary>
    public void AddTo(IServiceCollection services)
    {
        // The service samples nothing when it exports nowhere; here every span is wanted.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new ParentBasedSampler(new AlwaysOnSampler())).AddInMemoryExporter(spans));
        services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
        services.AddSingleton<ILoggerProvider>(Logs);
    }

    /// <summary>The spans ended so far.</summary>
    public IReadOnlyList<Activity> Spans => spans.Snapshot();

    /// <summary>Collects the metrics now and returns everything exported so far.</summary>
    public IReadOnlyList<MetricSnapshot> CollectMetrics(IServiceProvider services)
    {
        Assert.True(services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "the metrics could not be collected");
        return metrics.Snapshot();
    }

    /// <summary>Waits (up to ten seconds) until a span satisfying <paramref name="condition"/> has ended.</summary>
    public async Task<Activity> Span(Func<Activity, bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (Spans.FirstOrDefault(condition) is { } span)
            {
                return span;
            }

            Assert.True(DateTime.UtcNow < until, $"no span {what}; seen: {string.Join(", ", Spans.Select(s => s.DisplayName).Distinct())}");
            await Task.Delay(20);
        }
    }

    /// <summary>The latest value of a metric point with exactly these tags (among others), summed over the points that match.</summary>
    public static double Value(IReadOnlyList<MetricSnapshot> exported, string metric, params (string Key, string Value)[] tags)
    {
        var latest = exported.LastOrDefault(m => m.Name == metric);
        Assert.True(latest is not null, $"metric {metric} was not exported");
        double total = 0;
        var found = false;
        foreach (var point in latest.MetricPoints)
        {
            var pointTags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                pointTags[tag.Key] = tag.Value;
            }

            if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && Equals(v?.ToString(), t.Value)))
            {
                found = true;
                total += latest.MetricType switch
                {
                    MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                    MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
                    MetricType.LongGauge => point.GetGaugeLastValueLong(),
                    MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
                    MetricType.Histogram => point.GetHistogramCount(),
                    _ => throw new InvalidOperationException($"{metric} is a {latest.MetricType}"),
                };
            }
        }

        Assert.True(found, $"metric {metric} has no point tagged {string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}"))}");
        return total;
    }

    /// <summary>Every tag value of every metric point exported.</summary>
    public static IEnumerable<string> MetricTagValues(IReadOnlyList<MetricSnapshot> exported)
    {
        foreach (var metric in exported)
        {
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    yield return $"{metric.Name} {tag.Key}={tag.Value}";
                }
            }
        }
    }

    /// <summary>Everything a span exports as text: its name, status, attributes, events and theirs, baggage and links' attributes.</summary>
    public static IEnumerable<string> TextOf(Activity span)
    {
        ArgumentNullException.ThrowIfNull(span);
        yield return span.DisplayName;
        yield return span.OperationName;
        if (span.StatusDescription is { } status)
        {
            yield return status;
        }

        foreach (var tag in span.TagObjects)
        {
            yield return $"{tag.Key}={tag.Value}";
        }

        foreach (var e in span.Events)
        {
            yield return e.Name;
            foreach (var tag in e.Tags)
            {
                yield return $"{tag.Key}={tag.Value}";
            }
        }

        foreach (var item in span.Baggage)
        {
            yield return $"{item.Key}={item.Value}";
        }

        foreach (var link in span.Links)
        {
            foreach (var tag in link.Tags ?? [])
            {
                yield return $"{tag.Key}={tag.Value}";
            }
        }
    }

    // The exporters add from whichever thread ends a span or collects; the tests read snapshots.
    private sealed class Locked<T> : ICollection<T>
    {
        private readonly List<T> items = [];

        public int Count
        {
            get
            {
                lock (items)
                {
                    return items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public List<T> Snapshot()
        {
            lock (items)
            {
                return [.. items];
            }
        }

        public void Add(T item)
        {
            lock (items)
            {
                items.Add(item);
            }
        }

        public void Clear()
        {
            lock (items)
            {
                items.Clear();
            }
        }

        public bool Contains(T item) => Snapshot().Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(T item)
        {
            lock (items)
            {
                return items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>One log record as written: everything a log exporter could carry.</summary>
public sealed record RecordedLog(string Category, LogLevel Level, string Text, IReadOnlyDictionary<string, object?> Scope);

/// <summary>Records every log record with its state, exception and scopes (the activity tracking scope gives the trace id).</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly List<RecordedLog> records = [];
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    /// <summary>The records so far.</summary>
    public IReadOnlyList<RecordedLog> Records
    {
        get
        {
            lock (records)
            {
                return [.. records];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new List<string> { formatter(state, exception) };
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                text.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
            }

            if (exception is not null)
            {
                text.Add(exception.ToString());
            }

            var scope = new Dictionary<string, object?>();
            owner.scopes.ForEachScope(
                (item, into) =>
                {
                    if (item is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var pair in pairs)
                        {
                            into[pair.Key] = pair.Value;
                        }
                    }
                    else if (item is not null)
                    {
                        into[$"scope{into.Count}"] = item.ToString();
                    }
                },
                scope);
            lock (owner.records)
            {
                owner.records.Add(new RecordedLog(category, logLevel, string.Join("\n", text), scope));
            }
        }
    }
}
