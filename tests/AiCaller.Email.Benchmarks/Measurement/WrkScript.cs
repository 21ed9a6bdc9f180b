using System.Globalization;
using System.Text;

namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>
/// The Lua script wrk runs for one cell: the requests, formatted once per thread; each new request takes the next
/// in turn (every thread starts at another place, so that two threads do not walk the same mailboxes in step); and
/// <c>done()</c> prints wrk's exact totals and percentiles as one line of JSON after <see cref="ResultMarker"/>.
/// </summary>
public static class WrkScript
{
    public const string ResultMarker = "WRK_RESULT ";

    public static string For(string title, IReadOnlyList<HttpCall> calls)
    {
        if (calls.Count == 0)
        {
            throw new ArgumentException("a wrk script needs at least one request", nameof(calls));
        }

        var lua = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"-- {title.ReplaceLineEndings(" ")}; written by AiCaller.Email.Benchmarks")
            .AppendLine("local calls = {");
        foreach (var call in calls)
        {
            var headers = string.Join(", ", call.Headers.Select(h => $"[{Literal(h.Key)}] = {Literal(h.Value)}"));
            var body = call.Body is null ? "nil" : Literal(call.Body);
            lua.AppendLine(CultureInfo.InvariantCulture, $"  {{ {Literal(call.Method)}, {Literal(call.PathAndQuery)}, {{ {headers} }}, {body} }},");
        }

        lua.Append($$$"""
            }
            local prepared = {}
            local position = 0
            local threads = 0

            function setup(thread)
              thread:set("first", threads)
              threads = threads + 1
            end

            function init(args)
              for i, call in ipairs(calls) do
                prepared[i] = wrk.format(call[1], call[2], call[3], call[4])
              end
              position = ((first or 0) * math.floor(#prepared / 2 + 0.5)) % #prepared
            end

            function request()
              position = position % #prepared + 1
              return prepared[position]
            end

            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format('{{{ResultMarker}}}{"requests":%d,"duration_us":%d,"bytes":%d,' ..
                '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
                '"latency_us":{"min":%d,"mean":%.1f,"stdev":%.1f,"max":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d}}\n',
                summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
                latency.min, latency.mean, latency.stdev, latency.max,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
            end

            """);
        return lua.ToString();
    }

    private static string Literal(string text) => Literal(Encoding.UTF8.GetBytes(text));

    /// <summary>A Lua string literal of any bytes: printable ASCII as it is, everything else as a decimal escape.</summary>
    private static string Literal(byte[] bytes)
    {
        var literal = new StringBuilder(bytes.Length + 2).Append('"');
        foreach (var b in bytes)
        {
            if (b is (byte)'"' or (byte)'\\' || b < 0x20 || b > 0x7E)
            {
                literal.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
            }
            else
            {
                literal.Append((char)b);
            }
        }

        return literal.Append('"').ToString();
    }
}
