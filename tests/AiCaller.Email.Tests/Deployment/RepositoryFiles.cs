namespace AiCaller.Email.Tests.Deployment;

/// <summary>
/// The repository's files by their path from its root, with some of them replaced in memory, so that a test can show
/// that a rule notices a change without touching the real files.
/// </summary>
internal sealed class RepositoryFiles(string root, IReadOnlyDictionary<string, string> replaced)
{
    public static RepositoryFiles Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AiCaller.Email.sln")))
            {
                return new RepositoryFiles(directory.FullName, new Dictionary<string, string>());
            }
        }

        throw new InvalidOperationException($"No AiCaller.Email.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>The file's text, or null when there is no such file.</summary>
    public string? Read(string path)
    {
        var normalised = Normalise(path);
        if (replaced.TryGetValue(normalised, out var text))
        {
            return text;
        }

        var full = Path.Combine(root, normalised);
        return File.Exists(full) ? File.ReadAllText(full) : null;
    }

    public bool Exists(string path)
    {
        var normalised = Normalise(path);
        var full = Path.Combine(root, normalised);
        return replaced.ContainsKey(normalised) || File.Exists(full) || Directory.Exists(full);
    }

    /// <summary>These files as they would be with <paramref name="find"/> in <paramref name="path"/> replaced.</summary>
    public RepositoryFiles With(string path, string find, string replacement)
    {
        var text = Read(path) ?? throw new InvalidOperationException($"{path} does not exist.");
        if (!text.Contains(find, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path} does not contain '{find}': the test's change no longer applies.");
        }

        var files = new Dictionary<string, string>(replaced) { [Normalise(path)] = text.Replace(find, replacement, StringComparison.Ordinal) };
        return new RepositoryFiles(root, files);
    }

    /// <summary>"./src/x/../y/Dockerfile" → "src/y/Dockerfile".</summary>
    public static string Normalise(string path) =>
        Path.GetRelativePath("/", Path.GetFullPath(Path.Combine("/", path.Replace('\\', '/')))).Replace('\\', '/');
}
