using System.Text;

namespace AiCaller.Email.Benchmarks.Reporting;

/// <summary>A titled table printed as Markdown, so that a run's output can be pasted into the README as it is.</summary>
public sealed class ResultTable(string title, params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public string Title => title;

    public IReadOnlyList<IReadOnlyList<string>> Rows => _rows;

    public ResultTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"'{title}' has {headers.Length} columns, not {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder().AppendLine($"### {title}").AppendLine();
        AppendRow(text, headers, widths);
        text.AppendLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in _rows)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths) =>
        text.AppendLine("| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |");
}
