using System.Collections;
using System.Diagnostics;

namespace AiCaller.Email.Tests.Telemetry;

/// <summary>
/// Where OpenTelemetry's in-memory exporter puts the spans it exports, safe to read while the host still exports, with
/// each span rendered as everything an exporter could send of it.
/// </summary>
public sealed class SpanRecorder : ICollection<Activity>
{
    private readonly Lock _gate = new();
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_gate)
        {
            return _spans.ToList();
        }
    }

    public void Add(Activity item)
    {
        lock (_gate)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_gate)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_gate)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_gate)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Names, status, attributes, events, links and baggage of a span, one per line.</summary>
    public static string Render(Activity span) => string.Join('\n',
        new[] { span.Source.Name, span.OperationName, span.DisplayName, span.StatusDescription ?? string.Empty, span.TraceStateString ?? string.Empty }
            .Concat(span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(tag => $"{e.Name} {tag.Key}={tag.Value}").Prepend(e.Name)))
            .Concat(span.Links.SelectMany(link => link.Tags?.Select(tag => $"link {tag.Key}={tag.Value}") ?? []))
            .Concat(span.Baggage.Select(item => $"baggage {item.Key}={item.Value}")));
}
