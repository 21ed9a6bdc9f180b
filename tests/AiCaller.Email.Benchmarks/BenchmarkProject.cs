namespace AiCaller.Email.Benchmarks;

/// <summary>Where this project's sources are: its output directory sits under them (bin/Release/net10.0/).</summary>
public static class BenchmarkProject
{
    private const string ProjectFile = "AiCaller.Email.Benchmarks.csproj";

    public static string Directory { get; } = Find();

    /// <summary><c>tests/AiCaller.Email.Benchmarks/results</c> of the source tree this build came from, where reports go.</summary>
    public static string ResultsDirectory => Path.Combine(Directory, "results");

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, ProjectFile)))
            {
                return folder.FullName;
            }
        }

        // Run from a copied output directory: results go beside it.
        return AppContext.BaseDirectory;
    }
}
