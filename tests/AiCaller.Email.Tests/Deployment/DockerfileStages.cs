namespace AiCaller.Email.Tests.Deployment;

/// <summary>
/// A Dockerfile as a list of stages, each with its instructions (keyword, arguments). Enough to see what an image is
/// built from and what its final stage runs; comments and line continuations are handled, parser directives ignored.
/// </summary>
internal sealed record DockerfileStages(IReadOnlyList<DockerfileStage> Stages)
{
    public DockerfileStage? Final => Stages.Count > 0 ? Stages[^1] : null;

    public static DockerfileStages Parse(string text)
    {
        var stages = new List<(string Image, List<(string, string)> Instructions)>();
        foreach (var line in LogicalLines(text))
        {
            var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            var keyword = parts[0].ToUpperInvariant();
            var arguments = parts.Length > 1 ? parts[1].Trim() : string.Empty;
            if (keyword == "FROM")
            {
                stages.Add((arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], []));
            }
            else if (stages.Count > 0)
            {
                stages[^1].Instructions.Add((keyword, arguments));
            }
        }

        return new DockerfileStages(stages.Select(stage => new DockerfileStage(stage.Image, stage.Instructions)).ToList());
    }

    private static IEnumerable<string> LogicalLines(string text)
    {
        var pending = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var whole = (pending + line).Trim();
            pending = string.Empty;
            if (whole.Length > 0)
            {
                yield return whole;
            }
        }
    }
}

/// <param name="Image">The image the stage starts from.</param>
internal sealed record DockerfileStage(string Image, IReadOnlyList<(string Keyword, string Arguments)> Instructions)
{
    public IEnumerable<string> All(string keyword) =>
        Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    public string? Last(string keyword) => All(keyword).LastOrDefault();
}
